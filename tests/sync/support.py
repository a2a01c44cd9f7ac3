"""Helpers shared by the sync tests: fast retry settings, sessions, server-side looks."""

from __future__ import annotations

from typing import Any

from app.storage import Database, TrackStore
from sync.backoff import Backoff
from sync.events import SyncEvent
from sync.secret_store import MemorySecretStore, SecretStore
from sync.session import SyncSession
from sync.transport import RetryPolicy
from tests.platform.server import PlatformServer

JOB = "demo-0001"
LINGUIST = "linguist@demo.test"
PASSWORD = "demo-password"

# Real back-off shapes, tiny numbers: the tests exercise the paths, not the clock.
FAST_RETRY = RetryPolicy(
    attempts=4, total_s=10.0, backoff=Backoff(base_s=0.01, cap_s=0.05), longest_wait_s=5.0
)
FAST_WORKER_BACKOFF = Backoff(base_s=0.01, cap_s=0.05)


def new_session(
    server: PlatformServer,
    database: Database,
    *,
    secrets: SecretStore | None = None,
    events: list[SyncEvent] | None = None,
    retry: RetryPolicy = FAST_RETRY,
) -> SyncSession:
    sink = events.append if events is not None else (lambda _event: None)
    return SyncSession(
        server.base_url,
        database,
        secrets=secrets or MemorySecretStore(),
        retry=retry,
        worker_backoff=FAST_WORKER_BACKOFF,
        on_event=sink,
    )


async def signed_in_and_pulled(
    server: PlatformServer,
    database: Database,
    email: str = LINGUIST,
    **options: Any,
) -> SyncSession:
    session = new_session(server, database, **options)
    await session.sign_in(email, PASSWORD)
    await session.puller.pull_all()
    return session


def edit_cue_text(content: str, old: str, new: str) -> str:
    assert old in content, f"{old!r} not in the track"
    return content.replace(old, new, 1)


def server_latest(server: PlatformServer, lang: str, kind: str = "captions") -> dict[str, Any]:
    row = server.store.one(
        "SELECT version, content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? "
        "ORDER BY version DESC LIMIT 1",
        (JOB, lang, kind),
    )
    assert row is not None
    return row


def save_local(database: Database, lang: str, old: str, new: str, kind: str = "captions") -> str:
    tracks = TrackStore(database)
    track = tracks.get_track(JOB, lang, kind)
    assert track is not None
    content = edit_cue_text(track.working_content, old, new)
    tracks.save_working_copy(JOB, lang, kind, content)
    return content


def requests(server: PlatformServer, method: str, path_end: str) -> list[dict[str, Any]]:
    return [r for r in server.faults.requests(method) if r["path"].endswith(path_end)]
