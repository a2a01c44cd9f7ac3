"""Spoilt server answers: malformed JSON, wrong types, nulls, 50 MB bodies.

A proxy of our own (`tests/hostile/mangling_proxy.py`) sits between the
sync engine and the platform emulator and replaces chosen answers. Each
case runs one `sync_once` (pull, then push) with local work queued: a track
save, a comment, the language submitted, a pause point moved. Whatever the
answer, the cycle must end without an exception escaping and without a
traceback in the log; a failed pull is reported in plain words
(`offline_reason`); and when the server answers properly again, everything
queued arrives exactly once: nothing lost from the outbox, nothing doubled.

Push cases use `forward=True`: the emulator acts on the request and only
its answer is spoilt, the case where a careless client sends twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.storage import (
    CommentStore,
    Database,
    JobStore,
    Outbox,
    PausePointStore,
    TrackStore,
)
from sync.secret_store import MemorySecretStore
from sync.session import SyncSession
from tests.hostile.mangling_proxy import ManglingProxy, Spoil
from tests.platform.server import PlatformServer
from tests.sync.support import FAST_RETRY, FAST_WORKER_BACKOFF, JOB, LINGUIST, PASSWORD

HUGE = 50 * 1024 * 1024
API = "/api/v1"
JOB_PATH = f"{API}/jobs/{JOB}"
QC_PATH = f"{API}/language-qc/jobs/{JOB}"


def huge_garbage() -> bytes:
    return b"x" * HUGE


def huge_string() -> bytes:
    return b'"' + b"y" * HUGE + b'"'  # valid JSON, but a string where an object belongs


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    body: bytes | None  # None: made when the test runs (the huge ones)
    status: int = 200
    forward: bool = False
    times: int | None = None
    make: str = ""

    def spoil(self) -> Spoil:
        body = self.body if self.body is not None else globals()[self.make]()
        return Spoil(self.method, self.path, body, self.status, self.forward, self.times)


CASES = [
    # --- pull -------------------------------------------------------------------
    Case("queue-malformed-json", "GET", r"/language-qc-queue$", b'{"items": [{"job_id": '),
    # (Wrong types in every reader are fuzzed in test_fuzz_answers.py; these go end to end.)
    Case("job-list-items-wrong-types", "GET", rf"{API}/jobs$",
         b'{"items": [null, 1, "demo-0001"], "total": "many", "page": null}'),
    Case("job-detail-is-a-list", "GET", rf"{JOB_PATH}$", b"[]"),
    Case("job-detail-fields-wrong-types", "GET", rf"{JOB_PATH}$",
         b'{"id": "demo-0001", "title": 5, "languages": 5, "outputs": [], '
         b'"requested_outputs": {"languages": 7}, "frame_rate": "fast", "duration_ms": "long"}'),
    Case("track-strings-for-ints", "GET", rf"{JOB_PATH}/vtt$",
         b'{"version": "seven", "content": null}'),
    Case("qc-map-wrong-types", "GET", rf"{QC_PATH}/language-qc$",
         b'{"languages": {"fr": {"state": 5, "reviewed_cues": 7, "linguist": "x"}, "de": null}}'),
    Case("edit-state-wrong-types", "GET", r"/edit-state$",
         b'{"version": "v", "pause_points": 3}'),
    Case("job-list-50-mb-garbage", "GET", rf"{API}/jobs$", None, make="huge_garbage"),
    Case("job-detail-50-mb-string", "GET", rf"{JOB_PATH}$", None, make="huge_string"),
    Case("queue-503-with-50-mb-body", "GET", r"/language-qc-queue$", None, status=503,
         times=1, make="huge_garbage"),
    # --- push: the server acted, only its answer is spoilt -----------------------------
    Case("save-answer-malformed", "PATCH", rf"{JOB_PATH}/vtt$", b"{not json", forward=True),
    Case("save-version-not-a-number", "PATCH", rf"{JOB_PATH}/vtt$", b'{"version": "new"}',
         forward=True),
    Case("save-answer-50-mb", "PATCH", rf"{JOB_PATH}/vtt$", None, forward=True,
         make="huge_garbage"),
    Case("comment-answer-is-a-list", "POST", r"/comments$", b"[]", forward=True),
    Case("step-answer-wrong-types", "POST", r"/fr/submit$",
         b'{"state": null, "reviewed_cues": 7, "linguist": 3}', forward=True),
    Case("pause-point-answer-null", "PATCH", r"/pause-points/\d+$", b"null", forward=True),
    # --- push: error answers in odd shapes (the server did not act) ----------------------
    Case("save-409-wrong-types", "PATCH", rf"{JOB_PATH}/vtt$",
         b'{"detail": 5, "current_version": "abc"}', status=409, times=1),
    Case("comment-500-detail-list", "POST", r"/comments$", b'{"detail": ["a", 1, null]}',
         status=500, times=2),
]


@dataclass
class Queued:
    """The local work queued before the spoilt cycle, to find on the server afterwards."""

    track_text: str
    comment_id: str
    pause_language: str
    pause_cue: int
    pause_ms: int


@pytest.fixture
def proxy(platform_server: PlatformServer) -> Iterator[ManglingProxy]:
    with ManglingProxy(platform_server.base_url) as running:
        yield running


def queue_local_work(database: Database) -> Queued:
    tracks = TrackStore(database)
    track = tracks.get_track(JOB, "fr", "captions")
    assert track is not None
    text = track.working_content.replace("Bienvenue", "Bienvenue (hostile)", 1)
    assert text != track.working_content
    tracks.save_working_copy(JOB, "fr", "captions", text)
    comment = CommentStore(database).add_comment(JOB, "fr", "Spoilt answers", author="Lina")
    Outbox(database).enqueue_action(JOB, "fr", "submit")
    points = PausePointStore(database)
    job = JobStore(database).get_job(JOB)
    assert job is not None
    for language in [lang.code for lang in job.languages] + ["en", "fr", "de"]:
        stored = points.list_pause_points(JOB, language)
        if stored:
            moved = stored[0].timestamp_ms + 321
            points.move_pause_point(JOB, language, stored[0].cue_index, moved)
            return Queued(text, comment.id, language, stored[0].cue_index, moved)
    raise AssertionError("the seeded job has no pause points")


def open_items(database: Database) -> list[str]:
    outbox = Outbox(database)
    return [f"{i.kind} {i.target} {i.state.value}: {i.last_error}"
            for i in outbox.pending_items() + outbox.failed_items()]


async def drain_until_empty(session: SyncSession, database: Database, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while open_items(database) and time.monotonic() < deadline:
        await session.worker.drain()
        await asyncio.sleep(0.05)  # deferred heads wait a test-sized back-off


def assert_arrived_once(server: PlatformServer, queued: Queued, versions_before: int) -> None:
    latest = server.store.one(
        "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = 'fr' AND kind = 'captions' "
        "ORDER BY version DESC LIMIT 1", (JOB,))
    assert latest is not None and latest["content"] == queued.track_text
    mine = server.store.scalar(
        "SELECT COUNT(*) FROM vtt_versions WHERE job_id = ? AND created_by = 'u-linguist'", (JOB,))
    assert mine == versions_before + 1, "the track save arrived more than once"
    comments = server.store.scalar("SELECT COUNT(*) FROM qc_comments WHERE body = ?",
                                   ("Spoilt answers",))
    assert comments == 1
    state = server.store.one("SELECT state FROM language_qc WHERE job_id = ? AND lang = 'fr'",
                             (JOB,))
    assert state is not None and state["state"] == "submitted"
    point = server.store.one(
        "SELECT timestamp_ms FROM pause_points WHERE job_id = ? AND lang = ? AND cue_index = ?",
        (JOB, queued.pause_language, queued.pause_cue))
    assert point is not None and point["timestamp_ms"] == queued.pause_ms


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_spoilt_answer_is_survived_and_nothing_is_lost(
    case: Case, platform_server: PlatformServer, proxy: ManglingProxy, database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    versions_before = platform_server.store.scalar(
        "SELECT COUNT(*) FROM vtt_versions WHERE job_id = ? AND created_by = 'u-linguist'", (JOB,))

    async def scenario() -> None:
        session = SyncSession(proxy.base_url, database, secrets=MemorySecretStore(),
                              retry=FAST_RETRY, worker_backoff=FAST_WORKER_BACKOFF)
        await session.sign_in(LINGUIST, PASSWORD)
        try:
            await session.puller.pull_all()  # nothing spoilt yet: the job is cached
            queued = queue_local_work(database)
            queued_count = len(open_items(database))
            proxy.spoil(case.spoil())

            report = await session.sync_once()  # nothing may escape

            if report.offline_reason is not None:
                reason = report.offline_reason
                assert reason and "\n" not in reason and len(reason) < 300, reason
                assert "Traceback" not in reason
            # Nothing vanished: each queued item was sent, or is still queued.
            assert report.push.sent + len(open_items(database)) >= queued_count
            proxy.spoil()
            await drain_until_empty(session, database, 8.0)
            assert open_items(database) == [], open_items(database)
            assert_arrived_once(platform_server, queued, versions_before)
        finally:
            await session.stop()

    asyncio.run(scenario())
    crashes = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert crashes == [], [r.getMessage() for r in crashes]
