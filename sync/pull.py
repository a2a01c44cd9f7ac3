"""Pull: bring the server's view of the person's work into the local database.

After a pull, the queue's jobs open with no network: job detail and language
output map, language-QC state, tracks (content and version), pause points,
comments and review notes.

A track holding local work (unsent saves, or a conflict) is never touched
here, not even its base version: the base is the common ancestor of the
three-way merge, and moving it under unsent work would make the next upload
silently overwrite the other person's changes. The outbox worker meets the
newer version when it uploads, and merges.

Database calls run on a worker thread, so a pull on the GUI's event loop
never stalls the window for a disk flush.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.storage import (
    CommentStore,
    Database,
    JobStore,
    LanguageInfo,
    PausePointStore,
    ReviewNoteStore,
    TrackState,
    TrackStore,
)
from sync import shapes
from sync.api import PlatformApi
from sync.errors import HttpError, NotFound
from sync.shapes import QueueEntry

_log = logging.getLogger(__name__)


@dataclass
class PullReport:
    """What one pull did; `problems` are per-job refusals that did not stop the pull."""

    queue: list[QueueEntry] = field(default_factory=list)
    jobs: int = 0
    tracks_updated: int = 0
    tracks_with_local_work: int = 0
    problems: list[str] = field(default_factory=list)


class Puller:
    """Fetches from the platform and stores into one profile database."""

    def __init__(self, api: PlatformApi, database: Database) -> None:
        self._api = api
        self._jobs = JobStore(database)
        self._tracks = TrackStore(database)
        self._pause_points = PausePointStore(database)
        self._comments = CommentStore(database)
        self._notes = ReviewNoteStore(database)

    async def pull_all(self, extra_jobs: Iterable[str] = ()) -> PullReport:
        """The queue, the job list, and in full every job the person works on or keeps offline.

        Network failures go up (the pull is simply incomplete); a job the
        server refuses is reported and the pull goes on.
        """
        report = PullReport(queue=await self._api.my_queue())
        for item in await self._api.list_jobs():
            # List items carry no languages; None keeps the stored ones.
            await asyncio.to_thread(self._jobs.upsert_job, shapes.job_info(item), None)
        wanted = [entry.job_id for entry in report.queue] + list(extra_jobs)
        for job in await asyncio.to_thread(self._jobs.list_jobs):
            cached = await asyncio.to_thread(self._tracks.list_tracks, job.id)
            if job.available_offline or cached:
                wanted.append(job.id)
        for job_id in dict.fromkeys(wanted):
            try:
                await self.pull_job(job_id, report)
            except HttpError as error:
                if not error.is_final:
                    raise
                report.problems.append(f"job {job_id}: {error.detail}")
        return report

    async def pull_job(self, job_id: str, report: PullReport | None = None) -> PullReport:
        """Everything the workstation keeps about one job."""
        report = report or PullReport()
        detail = await self._api.get_job(job_id)
        qc_languages = await self._qc_languages(job_id)
        info = shapes.job_info(detail)
        await asyncio.to_thread(self._jobs.upsert_job, info, qc_languages)
        report.jobs += 1
        languages = shapes.job_languages(detail)
        await self._pull_tracks(job_id, languages, shapes.track_versions(detail), report)
        for language in languages:
            await self._pull_pause_points(job_id, language)
        for language in [] if qc_languages is None else [q.code for q in qc_languages]:
            raw = await self._api.comments(job_id, language)
            comments = [shapes.comment(item, job_id, language) for item in raw]
            await asyncio.to_thread(self._comments.save_server_comments, comments)
        notes = [shapes.review_note(item, job_id) for item in await self._api.review_notes(job_id)]
        await asyncio.to_thread(self._notes.save_server_notes, job_id, notes)
        return report

    async def _qc_languages(self, job_id: str) -> list[LanguageInfo] | None:
        try:
            return shapes.language_infos(await self._api.language_qc(job_id))
        except NotFound:
            return None  # a job with no language QC: keep whatever is stored

    async def _pull_tracks(
        self,
        job_id: str,
        languages: list[str],
        versions: dict[tuple[str, str], int],
        report: PullReport,
    ) -> None:
        for language in languages:
            for kind in shapes.KINDS:
                server_version = versions.get((language, kind))
                if versions and server_version is None:
                    continue  # the output map says this track does not exist
                if await self._holds_local_work(job_id, language, kind):
                    report.tracks_with_local_work += 1
                    continue
                stored = await asyncio.to_thread(self._tracks.get_track, job_id, language, kind)
                if stored is not None and server_version == stored.base_version:
                    continue  # already have that version
                try:
                    track = await self._api.get_track(job_id, language, kind)
                except NotFound:
                    continue
                # Checked again: the person may have typed while the track downloaded.
                if await self._holds_local_work(job_id, language, kind):
                    report.tracks_with_local_work += 1
                    continue
                await asyncio.to_thread(
                    self._tracks.save_server_track,
                    job_id,
                    language,
                    kind,
                    track.version,
                    track.content,
                )
                report.tracks_updated += 1

    async def _holds_local_work(self, job_id: str, language: str, kind: str) -> bool:
        stored = await asyncio.to_thread(self._tracks.get_track, job_id, language, kind)
        return stored is not None and (
            stored.has_local_changes or stored.state == TrackState.CONFLICT
        )

    async def _pull_pause_points(self, job_id: str, language: str) -> None:
        try:
            state = await self._api.edit_state(job_id, language)
        except NotFound:
            return  # no descriptions track in this language, so no pause points
        await asyncio.to_thread(
            self._pause_points.save_server_pause_points, job_id, language, state.pause_points
        )
