"""A track upload whose answer was lost, then more edits of the same cue, then a restart.

Found by the soak test: the worker, replaying after the lost answer, saw the
server at a newer version (its own earlier upload) and merged that with the
newer local text as if someone else had written it. The same cue changed on
"both sides", so the person got a conflict with their own words and the
lane stopped. The upload must recognise its own earlier request, take it as
the new base, and send only what came after.
"""

from __future__ import annotations

import asyncio

import pytest

from app.storage import (
    Database,
    JobInfo,
    JobStore,
    LanguageInfo,
    Outbox,
    TrackState,
    TrackStore,
)
from app.storage.outbox import ATTEMPT_KEY
from sync.conflicts import ConflictStore
from sync.errors import OutcomeUnknown
from sync.push import OutboxSender
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, requests, save_local, server_latest, signed_in_and_pulled

WELCOME = "Bienvenue dans la démo"


def test_a_landed_upload_is_recognised_after_newer_edits_of_the_same_cue(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        first = save_local(database, "fr", WELCOME, "Bienvenue, première frappe")
        outbox = Outbox(database)
        (item,) = outbox.pending_items()
        in_flight = outbox.mark_in_flight(item.id)

        # The server saves version 3, the answer is lost, and the process dies
        # before it can look (nothing settles the item).
        platform_server.faults.set(drop_after_next=1, methods=["PATCH"])
        with pytest.raises(OutcomeUnknown):
            await OutboxSender(session.api, database).send(in_flight)
        assert server_latest(platform_server, "fr") == {"version": 3, "content": first}

        # The person goes on typing in the same cue before the worker is back.
        final = save_local(
            database, "fr", "Bienvenue, première frappe", "Bienvenue, deuxième frappe"
        )
        report = await session.worker.drain()  # its start recovers the in-flight row

        assert report.conflicts == 0 and report.remaining == 0
        assert ConflictStore(database).list() == []
        assert server_latest(platform_server, "fr") == {"version": 4, "content": final}
        assert len(requests(platform_server, "PATCH", "/vtt")) == 2  # no replay of the first
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.state == TrackState.SYNCED
        assert track.base_version == 4 and not track.has_local_changes
        await session.stop()

    asyncio.run(scenario())


def test_a_lost_answer_with_someone_elses_later_save_still_merges(
    platform_server: PlatformServer, database: Database
) -> None:
    """The record of the attempt never hides another person's version."""

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        first = save_local(database, "fr", WELCOME, "Bienvenue, première frappe")
        outbox = Outbox(database)
        (item,) = outbox.pending_items()
        in_flight = outbox.mark_in_flight(item.id)
        platform_server.faults.set(drop_after_next=1, methods=["PATCH"])
        with pytest.raises(OutcomeUnknown):
            await OutboxSender(session.api, database).send(in_flight)
        # Someone else saves on top of our landed version, in another cue.
        theirs = first.replace("Merci.", "Merci bien.", 1)
        assert theirs != first
        with platform_server.client("linguist@demo.test") as client:
            client.patch(
                f"/jobs/{JOB}/vtt",
                json={"lang": "fr", "kind": "captions", "content": theirs, "base_version": 3},
            ).raise_for_status()

        report = await session.worker.drain()
        # Their cue and ours differ, so the merge is clean; nothing of theirs is lost.
        assert report.remaining == 0
        latest = server_latest(platform_server, "fr")
        assert "Merci bien." in latest["content"]
        assert "Bienvenue, première frappe" in latest["content"]
        await session.stop()

    asyncio.run(scenario())


def test_the_note_of_an_attempt_survives_newer_edits_joining_its_row(database: Database) -> None:
    JobStore(database).upsert_job(
        JobInfo(id=JOB, title="Demo", status="in_qc", source_language="en"),
        [LanguageInfo(code="fr")],
    )
    tracks, outbox = TrackStore(database), Outbox(database)
    tracks.save_server_track(JOB, "fr", "captions", 2, "WEBVTT\n")
    tracks.save_working_copy(JOB, "fr", "captions", "WEBVTT\n\nNOTE one\n")
    (item,) = outbox.pending_items()
    outbox.mark_in_flight(item.id)
    note = {"local_revision": 1, "base_version": 2, "sha256": "abc"}
    outbox.note_attempt(item.id, note)
    outbox.retry(item.id, "the answer was lost")

    tracks.save_working_copy(JOB, "fr", "captions", "WEBVTT\n\nNOTE two\n")  # coalesces

    (joined,) = outbox.pending_items()
    assert joined.id == item.id
    assert joined.payload == {"local_revision": 2, ATTEMPT_KEY: note}
    # It stands for a different request now, as before the note existed.
    assert joined.idempotency_key != item.idempotency_key
