"""Schema migrations: new files, older files (with a backup first), and files we must refuse."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from app.storage import DatabaseUpgradeError, Outbox, TrackKind, TrackStore, open_database
from app.storage.database import create_sqlite_engine
from app.storage.schema import Base
from app.storage.upgrade import head_revision, upgrade_database


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.bak-*"))


def _old_file_with_work(path: Path) -> None:
    """A file at revision 0001 holding a job, a track and its queued upload."""
    upgrade_database(path, "0001")
    now = "2026-01-02T03:04:05.000000Z"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO jobs (id, title, status, source_language, notes, updated_at,"
            " available_offline) VALUES ('job-1', 'Old job', 'in_qc', 'en', '', ?, 0)",
            (now,),
        )
        connection.execute(
            "INSERT INTO tracks (job_id, language, kind, working_content, local_revision,"
            " synced_revision, state, updated_at)"
            " VALUES ('job-1', 'fr', 'captions', 'WEBVTT\n\nold work', 3, 1, 'local_changes', ?)",
            (now,),
        )
        connection.execute(
            "INSERT INTO outbox (job_id, language, kind, target, payload, idempotency_key,"
            " state, attempts, created_at, updated_at) VALUES ('job-1', 'fr', 'track_upload',"
            " 'captions', '{\"local_revision\":3}', 'key-1', 'in_flight', 1, ?, ?)",
            (now, now),
        )


def test_a_new_file_is_created_at_head_without_a_backup(database_path: Path) -> None:
    open_database(database_path).close()
    assert _revision(database_path) == head_revision()
    assert _backups(database_path) == []


def test_reopening_a_current_file_changes_nothing(database_path: Path) -> None:
    open_database(database_path).close()
    result = upgrade_database(database_path)
    assert result.backup is None and result.from_revision == result.to_revision
    assert _backups(database_path) == []


def test_an_older_file_is_backed_up_then_migrated_keeping_its_work(database_path: Path) -> None:
    database_path.parent.mkdir(parents=True)
    _old_file_with_work(database_path)

    database = open_database(database_path)
    try:
        assert _revision(database_path) == head_revision() != "0001"
        track = TrackStore(database).get_track("job-1", "fr", TrackKind.CAPTIONS)
        assert track is not None and track.working_content == "WEBVTT\n\nold work"
        # 0002's column is there, and the interrupted upload was recovered.
        [item] = Outbox(database).pending_items()
        assert item.not_before is None and item.idempotency_key == "key-1"
        assert item.state == "pending"
    finally:
        database.close()

    [backup] = _backups(database_path)
    assert backup.name.startswith("workstation.sqlite3.bak-0001-")
    assert _revision(backup) == "0001"
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT working_content FROM tracks").fetchone() == (
            "WEBVTT\n\nold work",
        )
        assert connection.execute("SELECT state FROM outbox").fetchone() == ("in_flight",)


def test_migrations_build_exactly_the_declared_schema(database_path: Path) -> None:
    open_database(database_path).close()
    engine = create_sqlite_engine(database_path, begin="BEGIN")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_a_file_from_another_program_is_refused_untouched(database_path: Path) -> None:
    database_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(DatabaseUpgradeError, match="not made by this program"):
        open_database(database_path)
    with closing(sqlite3.connect(database_path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"notes"}


def test_a_file_from_a_newer_version_is_refused(database_path: Path) -> None:
    open_database(database_path).close()
    with closing(sqlite3.connect(database_path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseUpgradeError, match="newer version"):
        open_database(database_path)
    assert _backups(database_path) == []


def test_a_failing_migration_leaves_the_file_as_it_was(
    database_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_path.parent.mkdir(parents=True)
    _old_file_with_work(database_path)
    real_upgrade = command.upgrade

    def upgrade_then_fail(config: Config, revision: str) -> None:
        real_upgrade(config, revision)
        raise RuntimeError("power cut")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError, match="power cut"):
        open_database(database_path)

    assert _revision(database_path) == "0001"
    with closing(sqlite3.connect(database_path)) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(outbox)")}
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(outbox)")}
    assert "not_before" not in columns and "ix_outbox_state" not in indexes
    assert len(_backups(database_path)) == 1
