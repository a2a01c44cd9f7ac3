"""Alembic's entry point for the profile database.

At run time `app.storage.upgrade` hands over an open connection (already
inside a BEGIN IMMEDIATE transaction, foreign keys off) in
`config.attributes["connection"]`. A developer running the `alembic` command
(for `revision --autogenerate`) instead gives a URL as `sqlalchemy.url`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import context
from sqlalchemy import Connection

from app.storage.database import create_sqlite_engine
from app.storage.schema import Base


def _run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):
        _run_migrations(given)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection given and no sqlalchemy.url configured")
    engine = create_sqlite_engine(
        Path(url.removeprefix("sqlite:///")), begin="BEGIN IMMEDIATE", foreign_keys=False
    )
    try:
        with engine.connect() as connection:
            _run_migrations(connection)
    finally:
        engine.dispose()


_run()
