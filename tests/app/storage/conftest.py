"""Fixtures: a fresh profile database in a temporary folder, and its stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import (
    Database,
    JobInfo,
    JobStore,
    LanguageInfo,
    Outbox,
    TrackStore,
    open_database,
)

JOB_ID = "job-1"


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "profile" / "workstation.sqlite3"


@pytest.fixture
def database(database_path: Path) -> Iterator[Database]:
    opened = open_database(database_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def jobs(database: Database) -> JobStore:
    return JobStore(database)


@pytest.fixture
def job(jobs: JobStore) -> str:
    """A stored job with French and German, ready for tracks and review work."""
    jobs.upsert_job(
        JobInfo(id=JOB_ID, title="Harbour documentary", status="in_qc", source_language="en"),
        [LanguageInfo(code="fr"), LanguageInfo(code="de")],
    )
    return JOB_ID


@pytest.fixture
def tracks(database: Database) -> TrackStore:
    return TrackStore(database)


@pytest.fixture
def outbox(database: Database) -> Outbox:
    return Outbox(database)
