"""Alembic migrations of the profile database, shipped with the application.

`app.storage.upgrade` runs them from code; there is no alembic.ini at run time.
"""
