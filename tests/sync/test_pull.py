"""Pull: the person's work is in the local database, ready to open with no network."""

from __future__ import annotations

import asyncio

from app.storage import (
    CommentStore,
    Database,
    JobStore,
    PausePointStore,
    ReviewNoteStore,
    TrackStore,
)
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, signed_in_and_pulled


def test_a_pull_caches_queue_jobs_tracks_pause_points_comments_and_notes(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        report = await session.puller.pull_all()
        assert {(q.job_id, q.language) for q in report.queue} == {
            (JOB, "fr"),
            (JOB, "de"),
            ("demo-0002", "it"),
        }
        job = JobStore(database).get_job(JOB)
        assert job is not None and job.status == "in_qc" and job.duration_ms
        fr = job.language("fr")
        assert fr is not None and fr.qc_state == "in_progress"
        assert fr.linguist is not None and fr.linguist["id"] == "u-linguist"
        track = TrackStore(database).get_track(JOB, "fr", "captions")
        assert track is not None and track.base_version == 2
        assert track.working_content.startswith("WEBVTT")
        assert PausePointStore(database).list_pause_points(JOB, "fr")
        spanish = CommentStore(database).list_comments(JOB, "es")
        assert [c.id for c in spanish] == ["comment-0002"]
        notes = ReviewNoteStore(database).list_notes(JOB)
        assert {n.id for n in notes} == {"note-0001", "note-0002"}
        await session.stop()

    asyncio.run(scenario())


def test_our_own_comments_and_notes_come_back_once_and_server_deletes_arrive(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        comment = CommentStore(database).add_comment(JOB, "fr", "Mine", author="me")
        note = ReviewNoteStore(database).add_note(JOB, 500, "Mine too", author="me")
        await session.worker.drain()
        with platform_server.client("pm@demo.test") as pm:
            pm.delete(f"/jobs/{JOB}/review-notes/note-0001").raise_for_status()
        await session.puller.pull_all()

        mine = [c for c in CommentStore(database).list_comments(JOB, "fr") if c.body == "Mine"]
        assert [(c.id, c.server_id) for c in mine] == [(comment.id, comment.id)]
        notes = {n.id for n in ReviewNoteStore(database).list_notes(JOB)}
        assert notes == {note.id, "note-0002"}
        await session.stop()

    asyncio.run(scenario())
