"""A concurrent editor on the server: clean merges go up, true conflicts wait for a person."""

from __future__ import annotations

import asyncio

from app.storage import CommentStore, Database, Outbox, TrackState, TrackStore
from sync.conflicts import ConflictStore, resolve_conflict
from sync.events import SyncEvent, TrackConflicted, TrackMerged
from tests.platform.server import PlatformServer
from tests.sync.support import (
    JOB,
    edit_cue_text,
    save_local,
    server_latest,
    signed_in_and_pulled,
)

FIRST_CUE = "Bienvenue dans la démo"


def test_changes_to_different_cues_merge_and_go_up(
    platform_server: PlatformServer, database: Database
) -> None:
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database, events=events)
        save_local(database, "fr", FIRST_CUE, "Bienvenue, version locale")
        # Their default edit appends to the last cue.
        platform_server.faults.arm_concurrent_edit(JOB, "fr", "captions")
        report = await session.worker.drain()
        assert report.merged == 1 and report.sent == 1 and report.remaining == 0

        latest = server_latest(platform_server, "fr")
        assert latest["version"] == 4  # theirs was 3, the merge is 4
        assert "Bienvenue, version locale" in latest["content"]
        assert "(edited elsewhere)" in latest["content"]
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None
        assert track.working_content == latest["content"] and track.state == TrackState.SYNCED
        assert any(isinstance(e, TrackMerged) and e.theirs_version == 3 for e in events)
        await session.stop()

    asyncio.run(scenario())


def test_the_same_cue_changed_on_both_sides_is_kept_as_a_conflict(
    platform_server: PlatformServer, database: Database
) -> None:
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database, events=events)
        base = server_latest(platform_server, "fr")["content"]
        mine = save_local(database, "fr", FIRST_CUE, "Bienvenue, ma version")
        theirs = edit_cue_text(base, FIRST_CUE, "Bienvenue, leur version")
        platform_server.faults.arm_concurrent_edit(JOB, "fr", "captions", content=theirs)
        other_lane = CommentStore(database).add_comment(JOB, "de", "Other lane", author="me")

        report = await session.worker.drain()
        assert report.conflicts == 1 and report.sent == 1  # the other lane went on
        assert (
            platform_server.store.scalar(
                "SELECT COUNT(*) FROM qc_comments WHERE id = ?", (other_lane.id,)
            )
            == 1
        )
        assert server_latest(platform_server, "fr") == {"version": 3, "content": theirs}

        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.state == TrackState.CONFLICT
        assert track.working_content == mine and track.base_content == base  # both kept
        conflict = ConflictStore(database).get(JOB, "fr", "captions")
        assert conflict is not None
        assert (conflict.theirs_version, conflict.theirs_content) == (3, theirs)
        assert conflict.mine_content == mine and conflict.base_content == base
        assert [f.kind for f in Outbox(database).failed_items()] == ["track_upload"]
        assert any(isinstance(e, TrackConflicted) for e in events)

        # The person settles it; the upload goes from their version.
        settled = edit_cue_text(theirs, "Bienvenue, leur version", "Bienvenue, notre version")
        resolve_conflict(database, JOB, "fr", "captions", settled)
        assert ConflictStore(database).get(JOB, "fr", "captions") is None
        assert (await session.worker.drain()).sent == 1
        assert server_latest(platform_server, "fr") == {"version": 4, "content": settled}
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.state == TrackState.SYNCED
        await session.stop()

    asyncio.run(scenario())


def test_a_new_version_with_the_same_text_needs_no_merge(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        mine = save_local(database, "fr", FIRST_CUE, "Bienvenue après restauration")
        with platform_server.client("reviewer@demo.test") as reviewer:  # v3 = v2's text
            reviewer.post(
                f"/jobs/{JOB}/vtt/versions/restore",
                json={"lang": "fr", "kind": "captions", "version": 2},
            ).raise_for_status()
        report = await session.worker.drain()
        assert report.merged == 1 and report.sent == 1 and report.failed == 0
        assert server_latest(platform_server, "fr") == {"version": 4, "content": mine}
        # The second save carried a new base, so a key of its own.
        keys = [r["idempotency_key"] for r in platform_server.faults.requests("PATCH")]
        assert len(keys) == 2 and len(set(keys)) == 2
        await session.stop()

    asyncio.run(scenario())


def test_a_pull_never_moves_the_base_under_local_work(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        save_local(database, "fr", FIRST_CUE, "Bienvenue, pas encore envoyé")
        # Someone else saves a version meanwhile (here, by restoring an old one).
        other = platform_server.client("reviewer@demo.test")
        other.post(
            f"/jobs/{JOB}/vtt/versions/restore",
            json={"lang": "fr", "kind": "captions", "version": 1},
        ).raise_for_status()
        report = await session.puller.pull_all()
        assert report.tracks_with_local_work == 1
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.base_version == 2
        other.close()
        await session.stop()

    asyncio.run(scenario())
