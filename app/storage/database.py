"""Opening one profile's SQLite file, and the one place that writes to it.

Every connection runs in WAL mode with `synchronous=FULL`, so a commit is on
disk before it returns: an edit the interface has acknowledged survives a
crash or a pulled plug. Writes are serialised by `Database.write()`, which
holds a lock and opens its transaction with `BEGIN IMMEDIATE`, taking
SQLite's write lock up front instead of failing half-way through with
"database is locked". Reads use their own connections and see a consistent
snapshot that writers never block.

Python's sqlite3 module (3.11) would otherwise issue its own deferred BEGIN
only before DML and commit DDL implicitly; it is told to keep out
(`isolation_level = None`) and SQLAlchemy's "begin" event emits ours.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 5000


class NestedWriteError(RuntimeError):
    """A write was started inside another write on the same thread.

    The writer has one connection, so this would wait for itself forever.
    """


def create_sqlite_engine(
    path: Path,
    *,
    begin: str,
    foreign_keys: bool = True,
    query_only: bool = False,
    pool_size: int = 1,
) -> Engine:
    """An engine on `path` with the workstation's pragmas on every connection.

    `begin` is the statement that opens each transaction ("BEGIN IMMEDIATE"
    for writers, "BEGIN" for readers). Foreign keys are only switched off
    for migrations, which rebuild tables and check the keys themselves.
    """
    engine = create_engine(
        f"sqlite:///{path}",
        # Connections are handed between the GUI thread and workers; the
        # write lock and the pool keep each one in use by one thread at a time.
        connect_args={"check_same_thread": False},
        pool_size=pool_size,
        max_overflow=0,
    )

    @event.listens_for(engine, "connect")
    def _on_engine_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        assert isinstance(dbapi_connection, sqlite3.Connection)
        dbapi_connection.isolation_level = None
        _apply_pragmas(dbapi_connection, foreign_keys=foreign_keys, query_only=query_only)

    @event.listens_for(engine, "begin")
    def _on_engine_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)

    return engine


def _apply_pragmas(connection: sqlite3.Connection, *, foreign_keys: bool, query_only: bool) -> None:
    # Order matters: journal_mode must be set before query_only forbids writes.
    mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch the database to WAL (got {mode!r})")
    connection.execute("PRAGMA synchronous=FULL")
    # On macOS plain fsync() leaves data in the drive's cache; F_FULLFSYNC
    # does not. Other platforms ignore these two pragmas.
    connection.execute("PRAGMA fullfsync=ON")
    connection.execute("PRAGMA checkpoint_fullfsync=ON")
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    connection.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    if query_only:
        connection.execute("PRAGMA query_only=ON")


class Database:
    """One open profile database: a single serialised writer and any number of readers.

    Build it with `app.storage.open_database()`, which first brings the file's
    schema up to date; the constructor alone does not migrate.
    """

    def __init__(self, path: Path, *, readers: int = 4) -> None:
        self.path = path
        self._writer = create_sqlite_engine(path, begin="BEGIN IMMEDIATE", pool_size=1)
        self._reader = create_sqlite_engine(path, begin="BEGIN", query_only=True, pool_size=readers)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self._writing_here = threading.local()
        # Connect the writer now so WAL is switched on before any reader
        # connects (a reader is not allowed to change the journal mode).
        with self._writer.connect():
            pass

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a `BEGIN IMMEDIATE` transaction, committed when the block ends.

        When the block returns, the commit is on disk. An exception rolls
        everything back. Only one write runs at a time in this process.
        """
        if getattr(self._writing_here, "active", False):
            raise NestedWriteError("Database.write() called inside another write")
        with self._write_lock:
            self._writing_here.active = True
            try:
                with self._write_sessions() as session, session.begin():
                    # Take SQLite's write lock now rather than at the first
                    # statement, so a busy file fails here, before any work.
                    session.connection()
                    yield session
            finally:
                self._writing_here.active = False

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; everything read in the block comes from one snapshot."""
        with self._read_sessions() as session:
            yield session

    def close(self) -> None:
        """Close every connection; the last one to close folds the WAL back into the file."""
        with self._write_lock:
            self._writer.dispose()
            self._reader.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()
