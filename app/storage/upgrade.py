"""Bringing a profile database's schema up to the version this build expects.

Migrations are Alembic scripts shipped in `migrations/`; the Alembic config
is built here in code. Before an existing file that is behind is touched,
it is copied to `<file>.bak-<revision>-<UTC time>` next to it, so a failed or
buggy migration can never cost a person their unsent work. A brand-new
file has nothing to lose and gets no backup.

All pending migrations run in one transaction: an error leaves the file as
it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from app.storage.backup import backup_database
from app.storage.column_types import utc_now
from app.storage.database import create_sqlite_engine

MIGRATIONS_FOLDER = Path(__file__).with_name("migrations")
_VERSION_TABLE = "alembic_version"


class DatabaseUpgradeError(RuntimeError):
    """The file cannot be brought up to date; it has been left untouched."""


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    """What happened to the file: the revisions before and after, and any backup made."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the shipped migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this build knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the shipped migrations have no head"
    return head


def upgrade_database(path: Path, target: str = "head") -> UpgradeResult:
    """Migrate the SQLite file at `path` (created if missing) to `target`, backing it up first.

    `target` other than "head" is for tests that need an old file.
    Raises DatabaseUpgradeError for a file this build cannot handle: one
    not made by the workstation, or one written by a newer version.
    """
    script = ScriptDirectory.from_config(alembic_config())
    wanted = head_revision() if target == "head" else target

    engine = create_sqlite_engine(path, begin="BEGIN IMMEDIATE", foreign_keys=False)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            tables = set(inspect(connection).get_table_names()) - {_VERSION_TABLE}
            connection.rollback()
        if current == wanted:
            return UpgradeResult(current, wanted, None)
        if current is None and tables:
            raise DatabaseUpgradeError(
                f"{path} holds tables but no schema revision; it was not made by this program"
            )
        if current is not None and _is_unknown(script, current):
            raise DatabaseUpgradeError(
                f"{path} is at schema revision {current!r}, written by a newer version "
                "of the workstation; update the workstation to open it"
            )

        # A file without a revision is brand new (checked above): nothing to lose.
        backup = None if current is None else _backup_before_upgrade(path, current)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), wanted)
            # Batch migrations rebuild tables with foreign keys off; check
            # them before the commit makes a broken rebuild permanent.
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseUpgradeError(f"migration broke foreign keys: {problems[:5]}")
        return UpgradeResult(current, wanted, backup)
    finally:
        engine.dispose()


def _is_unknown(script: ScriptDirectory, revision: str) -> bool:
    return revision not in {known.revision for known in script.walk_revisions()}


def _backup_before_upgrade(path: Path, revision: str) -> Path:
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
    return backup_database(path, path.with_name(f"{path.name}.bak-{revision}-{stamp}"))
