"""Alembic revision scripts; a package only so that builds ship these files."""
