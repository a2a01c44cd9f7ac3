"""The connection settings and the single-writer rules of `Database`."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.storage import Database, NestedWriteError, TrackKind, TrackStore
from app.storage.column_types import utc_now
from app.storage.schema import JobRow


def _pragma(database: Database, name: str, *, reader: bool) -> object:
    if reader:
        with database.read() as session:
            return session.execute(text(f"PRAGMA {name}")).scalar()
    with database.write() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.parametrize("reader", [False, True], ids=["writer", "reader"])
def test_every_connection_is_wal_full_sync_with_foreign_keys(
    database: Database, reader: bool
) -> None:
    assert _pragma(database, "journal_mode", reader=reader) == "wal"
    assert _pragma(database, "synchronous", reader=reader) == 2  # FULL
    assert _pragma(database, "foreign_keys", reader=reader) == 1
    assert _pragma(database, "busy_timeout", reader=reader) == 5000


def test_readers_cannot_write(database: Database) -> None:
    assert _pragma(database, "query_only", reader=True) == 1
    assert _pragma(database, "query_only", reader=False) == 0


def test_foreign_keys_are_enforced(tracks: TrackStore) -> None:
    with pytest.raises(IntegrityError):
        tracks.save_working_copy("no-such-job", "fr", TrackKind.CAPTIONS, "WEBVTT\n")


def test_a_write_holds_the_file_write_lock_from_its_start(
    database: Database, database_path: Path
) -> None:
    other = sqlite3.connect(database_path, timeout=0, isolation_level=None)
    try:
        with database.write():
            # Nothing written yet: only BEGIN IMMEDIATE can be holding the lock.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            # WAL readers are never blocked by the writer.
            assert other.execute("SELECT count(*) FROM jobs").fetchone() == (0,)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_failed_write_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"), database.write() as session:
        session.add(JobRow(id="j", title="t", status="s", updated_at=utc_now()))
        session.flush()
        raise RuntimeError("boom")
    with database.read() as session:
        assert session.get(JobRow, "j") is None


def test_a_write_inside_a_write_is_refused(database: Database) -> None:
    with database.write(), pytest.raises(NestedWriteError), database.write():
        pass
    with database.write():  # the writer is usable again afterwards
        pass


def test_writes_from_many_threads_are_serialised(tracks: TrackStore, job: str) -> None:
    revisions: list[int] = []
    lock = threading.Lock()

    def edit(thread_number: int) -> None:
        for edit_number in range(20):
            revision = tracks.save_working_copy(
                job, "fr", TrackKind.CAPTIONS, f"WEBVTT\n\nNOTE {thread_number}/{edit_number}\n"
            )
            with lock:
                revisions.append(revision)

    threads = [threading.Thread(target=edit, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(revisions) == list(range(1, 121))
    stored = tracks.get_track(job, "fr", TrackKind.CAPTIONS)
    assert stored is not None and stored.local_revision == 120


def test_a_read_sees_one_snapshot(database: Database, tracks: TrackStore, job: str) -> None:
    tracks.save_working_copy(job, "fr", TrackKind.CAPTIONS, "first")
    query = text("SELECT working_content FROM tracks WHERE language = 'fr'")
    with database.read() as session:
        assert session.execute(query).scalar() == "first"
        tracks.save_working_copy(job, "fr", TrackKind.CAPTIONS, "second")
        assert session.execute(query).scalar() == "first"
    with database.read() as session:
        assert session.execute(query).scalar() == "second"
