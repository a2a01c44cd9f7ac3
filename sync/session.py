"""One profile's connection to one server: sign-in, pull, push, live status, downloads.

This is what the window and the command line hold. It builds the layers
(transport, sign-in, endpoints, pull, outbox worker) and runs the
background tasks: the worker and the live-status feed, whose messages pull
the job that changed.

    session = SyncSession(server_url, database, secrets=KeyringSecretStore())
    await session.resume()          # or sign_in(email, password)
    session.start()                 # background: worker + live status
    ...
    await session.stop()            # on quit: cancels and awaits its tasks
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.paths import cache_dir
from app.storage import Database, JobStore
from sync.api import PlatformApi
from sync.auth import Authenticator
from sync.backoff import Backoff
from sync.conflicts import ConflictStore
from sync.downloads import FreshUrl, MediaDownloader, ProgressSink
from sync.errors import SignInRequired, SyncError
from sync.events import ConnectionChanged, EventSink, JobRefreshed, SignInNeeded, ignore
from sync.iris import IrisSender
from sync.profile_settings import api_url, normalise_server_url
from sync.pull import Puller, PullReport
from sync.push import OutboxSender
from sync.secret_store import SecretStore
from sync.shapes import MediaAsset, SignedInUser
from sync.status_feed import StatusFeed
from sync.transport import RetryPolicy, Transport
from sync.worker import DrainReport, OutboxWorker

_log = logging.getLogger(__name__)

# Which downloadable file "make available offline" fetches, best first.
MEDIA_KINDS = ("proxy_video", "source_video", "accessible_video_mp4")


@dataclass
class SyncReport:
    """One pull-and-push cycle."""

    pull: PullReport | None = None
    push: DrainReport = field(default_factory=DrainReport)
    offline_reason: str | None = None


class SyncSession:
    """Everything that talks to one server for one profile database."""

    def __init__(
        self,
        server_url: str,
        database: Database,
        *,
        secrets: SecretStore,
        profile_name: str = "default",
        on_event: EventSink = ignore,
        retry: RetryPolicy | None = None,
        worker_backoff: Backoff | None = None,
        max_lanes: int = 4,
    ) -> None:
        self.server_url = normalise_server_url(server_url)
        self.database = database
        self._emit = on_event
        self.transport = Transport(api_url(self.server_url), retry=retry)
        self.auth = Authenticator(
            self.transport, secrets, account=f"refresh-token:{profile_name}@{self.server_url}"
        )
        self.api = PlatformApi(self.auth)
        self.puller = Puller(self.api, database)
        self.worker = OutboxWorker(
            database,
            OutboxSender(self.api, database, IrisSender(secrets)),
            max_lanes=max_lanes,
            backoff=worker_backoff,
            on_event=on_event,
        )
        self.downloader = MediaDownloader(self.transport)
        self.conflicts = ConflictStore(database)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pulls: dict[str, asyncio.Task[Any]] = {}

    # --- signing in ------------------------------------------------------------------

    @property
    def user(self) -> SignedInUser | None:
        return self.auth.user

    async def sign_in(self, email: str, password: str) -> SignedInUser:
        user = await self.auth.sign_in(email, password)
        self.worker.resume()
        return user

    async def resume(self) -> SignedInUser:
        """Resume the session kept in the secret store; `SignInRequired` when there is none."""
        user = await self.auth.resume()
        self.worker.resume()
        return user

    async def sign_out(self) -> None:
        await self.auth.sign_out()

    # --- one cycle -------------------------------------------------------------------

    async def sync_once(self, extra_jobs: Iterable[str] = ()) -> SyncReport:
        """Pull, then push everything that can go now (the command line's `sync`)."""
        report = SyncReport()
        try:
            report.pull = await self.puller.pull_all(extra_jobs)
        except SignInRequired:
            raise
        except SyncError as error:
            report.offline_reason = error.detail
            self._emit(ConnectionChanged(False, error.detail))
        report.push = await self.worker.drain()
        if self.worker.paused_reason is not None:
            raise SignInRequired(self.worker.paused_reason)
        return report

    # --- background ------------------------------------------------------------------

    def start(self) -> None:
        """Start the outbox worker and the live-status feed on the running loop."""
        feed = StatusFeed(
            self.transport.base_url, self._feed_token, self._on_status, on_state=self._on_feed
        )
        for work in (self.worker.run(), feed.run()):
            task = asyncio.ensure_future(work)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        """Stop the background tasks, await them, and close the connection."""
        self.worker.stop()
        tasks = [*self._tasks, *self._pulls.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.transport.aclose()

    async def _feed_token(self, refused: str | None) -> str:
        if refused is None:
            return await self.auth.access_token()
        return await self.auth.renew(stale=refused)

    def _on_feed(self, connected: bool, reason: str) -> None:
        if connected:
            self.worker.wake()  # the server is back: try what waited
        elif not self.auth.signed_in and reason:
            self._emit(SignInNeeded(reason))

    async def _on_status(self, message: dict[str, Any]) -> None:
        job_id = message.get("job_id")
        if message.get("type") in ("job_status", "language_qc") and isinstance(job_id, str):
            running = self._pulls.get(job_id)
            if running is None or running.done():
                self._pulls[job_id] = asyncio.ensure_future(self._pull_quietly(job_id))

    async def _pull_quietly(self, job_id: str) -> None:
        try:
            await self.puller.pull_job(job_id)
        except SyncError as error:
            _log.info("Could not refresh job %s after a status message: %s", job_id, error)
            return
        self._emit(JobRefreshed(job_id))

    # --- media -----------------------------------------------------------------------

    async def make_available_offline(
        self,
        job_id: str,
        *,
        progress: ProgressSink | None = None,
        cancel: asyncio.Event | None = None,
        folder: Path | None = None,
    ) -> Path:
        """Pull the job and download its media for working offline; returns the file."""
        await self.puller.pull_job(job_id)
        asset = _pick_media(await self.api.downloads(job_id))
        target = (folder or cache_dir() / "media" / job_id) / asset.filename

        async def fresh_url() -> str:
            return _pick_media(await self.api.downloads(job_id)).url

        renew: FreshUrl = fresh_url
        path = await self.downloader.download(
            asset, target, progress=progress, cancel=cancel, fresh_url=renew
        )
        jobs = JobStore(self.database)
        await asyncio.to_thread(jobs.set_media_path, job_id, path)
        await asyncio.to_thread(jobs.set_available_offline, job_id, True)
        return path


def _pick_media(assets: list[MediaAsset]) -> MediaAsset:
    for kind in MEDIA_KINDS:
        for asset in assets:
            if asset.kind == kind:
                return asset
    raise SyncError("The server lists no video for this job")
