"""The emulator's SQLite file: schema and a small thread-safe access layer.

uvicorn runs the sync route functions on a thread pool, so every statement
goes through one connection guarded by one lock. That serialises writes, which
is what a test double wants anyway: no interleaving surprises inside the
emulator, only the ones the fault switches inject on purpose.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_FILENAME = "platform.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    role TEXT NOT NULL, password_hash TEXT NOT NULL, client_id TEXT
);
CREATE TABLE IF NOT EXISTS memberships (
    org_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT NOT NULL,
    source_language TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '',
    requested_outputs TEXT NOT NULL, duration_ms INTEGER NOT NULL,
    frame_rate REAL NOT NULL, org_id TEXT, client_id TEXT, project_id TEXT,
    media_path TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vtt_versions (
    job_id TEXT NOT NULL, lang TEXT NOT NULL, kind TEXT NOT NULL,
    version INTEGER NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL,
    created_by TEXT NOT NULL, comment TEXT,
    PRIMARY KEY (job_id, lang, kind, version)
);
CREATE TABLE IF NOT EXISTS language_qc (
    job_id TEXT NOT NULL, lang TEXT NOT NULL, state TEXT NOT NULL,
    linguist_id TEXT, reviewer_id TEXT, reviewed_cues TEXT NOT NULL DEFAULT '[]',
    reject_reason TEXT, due_at TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (job_id, lang)
);
CREATE TABLE IF NOT EXISTS qc_comments (
    id TEXT PRIMARY KEY, job_id TEXT NOT NULL, lang TEXT NOT NULL,
    author_id TEXT NOT NULL, body TEXT NOT NULL, cue_index INTEGER,
    timestamp_ms INTEGER, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review_notes (
    id TEXT PRIMARY KEY, job_id TEXT NOT NULL, timestamp_ms INTEGER NOT NULL,
    body TEXT NOT NULL, language TEXT, kind TEXT, resolved INTEGER NOT NULL DEFAULT 0,
    author_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pause_points (
    job_id TEXT NOT NULL, lang TEXT NOT NULL, cue_index INTEGER NOT NULL,
    timestamp_ms INTEGER NOT NULL, original_timestamp_ms INTEGER NOT NULL,
    PRIMARY KEY (job_id, lang, cue_index)
);
CREATE TABLE IF NOT EXISTS edit_states (
    job_id TEXT NOT NULL, lang TEXT NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (job_id, lang)
);
CREATE TABLE IF NOT EXISTS glossaries (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, client_id TEXT,
    source_language TEXT NOT NULL, languages TEXT NOT NULL, active_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS glossary_terms (
    glossary_id TEXT NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, language TEXT NOT NULL, note TEXT,
    PRIMARY KEY (glossary_id, position)
);
CREATE TABLE IF NOT EXISTS artifacts (
    id TEXT PRIMARY KEY, job_id TEXT NOT NULL, language TEXT NOT NULL, kind TEXT NOT NULL,
    filename TEXT NOT NULL, content BLOB NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, family_id TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, replaced_by TEXT, expires_at REAL NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT PRIMARY KEY, body_hash TEXT NOT NULL, status INTEGER NOT NULL,
    headers TEXT NOT NULL, body BLOB NOT NULL, created_at TEXT NOT NULL
);
"""


def utc_now() -> str:
    """ISO 8601 UTC with milliseconds, the platform's timestamp format."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """One SQLite file behind one lock; rows come back as plain dicts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        # isolation_level=None: we issue BEGIN ourselves so a transaction spans
        # exactly one `with store.tx()` block, never more.
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(SCHEMA)

    @contextmanager
    def tx(self) -> Iterator[Store]:
        """Run a block as one transaction; the lock is held throughout."""
        with self._lock:
            if self._conn.in_transaction:
                # Nested use (a helper inside a route's transaction) joins it.
                yield self
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a write; returns the number of rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(row) for row in self._conn.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return value if value is not None else default

    def set_setting(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def dumps(value: Any) -> str:
    """JSON for a TEXT column, compact and stable."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)
