"""The outbox worker against the emulator: order, faults, duplicates, refusals, recovery."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from app.storage import (
    CommentStore,
    Database,
    Outbox,
    OutboxState,
    PausePointStore,
    ReviewNoteStore,
    TrackState,
    TrackStore,
)
from sync.events import ConnectionChanged, ItemDeferred, ItemFailed, SyncEvent
from tests.platform.fixtures import ServerFactory
from tests.platform.server import PlatformServer
from tests.sync.support import (
    JOB,
    requests,
    save_local,
    server_latest,
    signed_in_and_pulled,
)

WELCOME = "Bienvenue dans la démo"


def _comments_on_server(server: PlatformServer, comment_id: str) -> int:
    return int(server.store.scalar("SELECT COUNT(*) FROM qc_comments WHERE id = ?", (comment_id,)))


def test_offline_edits_arrive_in_order_once_after_reconnecting(
    platform_server_factory: ServerFactory, database: Database
) -> None:
    server = platform_server_factory()
    data_dir, port = server.emulator.config.data_dir, server.port
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(server, database, events=events)
        server.stop()  # the train enters the tunnel
        mine = save_local(database, "fr", WELCOME, "Bienvenue hors ligne")
        comment = CommentStore(database).add_comment(JOB, "fr", "Written offline", author="me")
        Outbox(database).enqueue_action(JOB, "fr", "submit")

        offline = await session.worker.drain()
        assert offline.sent == 0 and offline.deferred == 1  # the lane waits at its head
        assert any(isinstance(e, ConnectionChanged) and not e.online for e in events)
        assert len(Outbox(database).pending_items()) == 3

        again = PlatformServer(data_dir, port=port).start()  # out of the tunnel
        try:
            await asyncio.sleep(0.06)  # the deferred head's back-off
            online = await session.worker.drain()
            assert online.sent == 3 and online.remaining == 0
            assert server_latest(again, "fr")["content"] == mine
            assert _comments_on_server(again, comment.id) == 1
            state = again.store.scalar(
                "SELECT state FROM language_qc WHERE job_id = ? AND lang = 'fr'", (JOB,)
            )
            assert state == "submitted"
            # Lane order: the upload, then the comment, then the submit.
            writes = [r["path"] for r in again.faults.requests() if r["method"] != "GET"]
            assert writes[0].endswith("/vtt") and writes[-1].endswith("/submit")
        finally:
            await session.stop()
            again.stop()

    asyncio.run(scenario())


def test_a_5xx_storm_is_ridden_out_with_one_version_saved(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        mine = save_local(database, "fr", WELCOME, "Bienvenue malgré la tempête")
        platform_server.faults.set(fail_next=3, methods=["PATCH"])
        report = await session.worker.drain()
        assert report.sent == 1
        assert server_latest(platform_server, "fr") == {"version": 3, "content": mine}
        faulted = [r for r in requests(platform_server, "PATCH", "/vtt") if r["fault"]]
        assert len(faulted) == 3

        # A storm longer than one call's retries: the item waits, durably, then goes.
        mine = save_local(database, "fr", "Bienvenue malgré", "Bienvenue après")
        platform_server.faults.set(fail_next=20, methods=["PATCH"])
        deferred = await session.worker.drain()
        assert deferred.deferred == 1 and deferred.sent == 0
        item = Outbox(database).pending_items()[0]
        assert item.not_before is not None and "Injected fault" in (item.last_error or "")
        platform_server.faults.set(fail_next=0)
        # A 503 among the faults asks for Retry-After: 1; the item keeps that wait.
        await asyncio.sleep((item.not_before - datetime.now(UTC)).total_seconds() + 0.01)
        assert (await session.worker.drain()).sent == 1
        assert server_latest(platform_server, "fr") == {"version": 4, "content": mine}
        await session.stop()

    asyncio.run(scenario())


def test_429_with_retry_after_is_honoured(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        comment = CommentStore(database).add_comment(JOB, "fr", "Throttled", author="me")
        platform_server.faults.set(throttle_next=1, retry_after_s=1, methods=["POST"])
        started = time.monotonic()
        assert (await session.worker.drain()).sent == 1
        assert time.monotonic() - started >= 0.9  # waited as the server asked
        assert _comments_on_server(platform_server, comment.id) == 1
        posts = requests(platform_server, "POST", "/comments")
        assert [r["fault"] for r in posts] == ["throttle", None]
        await session.stop()

    asyncio.run(scenario())


def test_a_dropped_answer_after_the_server_saved_makes_no_duplicate(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        mine = save_local(database, "fr", WELCOME, "Bienvenue, réponse perdue")
        comment = CommentStore(database).add_comment(JOB, "fr", "Answer lost", author="me")
        platform_server.faults.set(drop_after_next=2, methods=["PATCH", "POST"])
        report = await session.worker.drain()
        assert report.sent == 2 and report.remaining == 0

        # The save landed once; the worker saw it in the version list and did
        # not send it again.
        assert server_latest(platform_server, "fr") == {"version": 3, "content": mine}
        assert len(requests(platform_server, "PATCH", "/vtt")) == 1
        assert requests(platform_server, "GET", "/vtt/versions")
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.base_version == 3 and track.state == TrackState.SYNCED
        assert _comments_on_server(platform_server, comment.id) == 1
        assert len(requests(platform_server, "POST", "/comments")) == 1
        await session.stop()

    asyncio.run(scenario())


def test_a_final_refusal_stops_its_lane_only(
    platform_server: PlatformServer, database: Database
) -> None:
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database, events=events)
        # Spanish is not this linguist's language: the server answers 403.
        save_local(database, "es", "00:00:02.400", "00:00:02.500")
        behind = CommentStore(database).add_comment(JOB, "es", "Behind the refusal", author="me")
        mine = save_local(database, "fr", WELCOME, "Bienvenue, autre voie")
        report = await session.worker.drain()
        assert report.failed == 1 and report.sent == 1
        assert server_latest(platform_server, "fr")["content"] == mine

        failed = Outbox(database).failed_items()
        assert [(f.language, f.kind) for f in failed] == [("es", "track_upload")]
        assert failed[0].last_error == "Language 'es' is not assigned to you"
        assert any(isinstance(e, ItemFailed) for e in events)
        es_track = TrackStore(database).get_track(JOB, "es", "captions")
        assert es_track is not None and es_track.state == TrackState.ERROR
        assert "00:00:02.500" in es_track.working_content  # local work is kept
        assert [p.payload["id"] for p in Outbox(database).pending_items()] == [behind.id]
        await session.stop()

    asyncio.run(scenario())


def test_pause_points_notes_and_a_422_refusal(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        points = PausePointStore(database)
        points.move_pause_point(JOB, "fr", 0, 150)
        points.move_pause_point(JOB, "fr", 0, 180)  # coalesces with the move before
        notes = ReviewNoteStore(database)
        note = notes.add_note(JOB, 1000, "Check this frame", author="me", language="de")
        notes.resolve_note(note.id)
        gone = notes.add_note(JOB, 2000, "Never mind", author="me", language="de")
        notes.delete_note(gone.id)
        points.move_pause_point(JOB, "de", 0, 10_000_000)  # outside the media: 422
        report = await session.worker.drain()
        assert report.sent == 5 and report.failed == 1

        stored = platform_server.store.one(
            "SELECT timestamp_ms FROM pause_points WHERE job_id = ? AND lang = 'fr' "
            "AND cue_index = 0",
            (JOB,),
        )
        assert stored == {"timestamp_ms": 180}
        server_notes = platform_server.store.all(
            "SELECT id, resolved FROM review_notes WHERE job_id = ? AND author_id = 'u-linguist'",
            (JOB,),
        )
        assert server_notes == [{"id": note.id, "resolved": 1}]
        refused = Outbox(database).failed_items()
        assert [r.kind for r in refused] == ["pause_point"]
        assert "timestamp_ms" in (refused[0].last_error or "")
        await session.stop()

    asyncio.run(scenario())


def test_items_left_in_flight_by_a_crash_go_again_without_duplicates(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        comment = CommentStore(database).add_comment(
            JOB, "fr", "Sent before the crash", author="me"
        )
        item = Outbox(database).pending_items()[0]
        Outbox(database).mark_in_flight(item.id)
        # The crash came after the request reached the server.
        await session.api.add_comment(JOB, "fr", item.payload, item.idempotency_key)

        report = await session.worker.drain()  # the worker's start recovers in-flight rows
        assert report.sent == 1 and report.remaining == 0
        assert Outbox(database).get(item.id).state == OutboxState.DONE  # type: ignore[union-attr]
        assert _comments_on_server(platform_server, comment.id) == 1
        await session.stop()

    asyncio.run(scenario())


def test_deferred_items_keep_their_reason_and_time(
    platform_server: PlatformServer, database: Database
) -> None:
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database, events=events)
        CommentStore(database).add_comment(JOB, "fr", "Later", author="me")
        platform_server.faults.set(fail_next=50, methods=["POST"])
        await session.worker.drain()
        deferred = [e for e in events if isinstance(e, ItemDeferred)]
        assert deferred and deferred[0].retry_at is not None
        assert "Injected fault" in deferred[0].reason
        await session.stop()

    asyncio.run(scenario())
