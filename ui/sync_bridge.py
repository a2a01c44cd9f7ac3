"""The window's link to the sync engine: coroutines on the qasync loop, results as Qt signals.

The sync engine is plain asyncio (`sync/`); qasync runs its loop on the Qt
event loop, so its callbacks already arrive on the GUI thread. This bridge
starts the engine's coroutines as tasks (never awaiting one from a slot, never
opening a dialog inside one) and reports what happened through signals the
widgets connect to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.paths import Profile
from app.storage import Database
from sync.downloads import DownloadProgress
from sync.errors import OfflineError, SignInRequired, SyncError
from sync.events import ConnectionChanged, SyncEvent
from sync.profile_settings import SyncSettings, load_settings, save_settings
from sync.secret_store import KeyringSecretStore, SecretStore
from sync.session import SyncSession

_log = logging.getLogger(__name__)


class SyncBridge(QObject):
    """Signals:
    engine_event(object) — each `sync.events` value from the engine;
    signed_in(str) — who is signed in ("Name (role)");
    sign_in_failed(str) — why signing in did not work, in plain words;
    signed_out(str) — the session ended (the reason, or "" when the person signed out);
    pulled(str) — a pull finished (a summary), so views reload from the database;
    download_progress(object) — a `DownloadProgress` for "make available offline";
    download_finished(str, str) — job id and the media file's path;
    download_failed(str, str) — job id and the reason.
    """

    engine_event = Signal(object)
    signed_in = Signal(str)
    sign_in_failed = Signal(str)
    signed_out = Signal(str)
    pulled = Signal(str)
    download_progress = Signal(object)
    download_finished = Signal(str, str)
    download_failed = Signal(str, str)

    def __init__(self, database: Database, profile: Profile,
                 secrets: SecretStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._profile = profile
        self._secrets: SecretStore = secrets or KeyringSecretStore()
        self.session: SyncSession | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._download_cancel: asyncio.Event | None = None

    # --- state ------------------------------------------------------------------------

    @property
    def settings(self) -> SyncSettings:
        return load_settings(self._profile.folder)

    @property
    def secrets(self) -> SecretStore:
        """Where this profile keeps secrets (the keyring, or memory for this run)."""
        return self._secrets

    @property
    def signed_in_now(self) -> bool:
        return self.session is not None and self.session.user is not None

    @property
    def memory_only_reason(self) -> str | None:
        """Why the session cannot be kept in the keyring (headless Linux), or None."""
        return self._secrets.memory_only_reason

    # --- commands (slots call these; they return at once) -----------------------------

    def sign_in(self, server_url: str, email: str, password: str) -> None:
        self._start(self._sign_in(server_url, email, password))

    def resume(self) -> None:
        """Sign in again with the session kept in the keyring, if there is one."""
        server = self.settings.server_url
        if server:
            self._start(self._resume(server))

    def sign_out(self) -> None:
        self._start(self._sign_out())

    def sync_now(self) -> None:
        if self.session is not None and self.session.user is not None:
            self._start(self._sync_now(self.session))

    def wake(self) -> None:
        """A local save happened: let the worker look at the outbox now."""
        if self.session is not None:
            self.session.worker.wake()

    def make_available_offline(self, job_id: str) -> None:
        if self.session is None:
            self.download_failed.emit(job_id, "Sign in to download the video.")
            return
        self._download_cancel = asyncio.Event()
        self._start(self._download(self.session, job_id, self._download_cancel))

    def cancel_download(self) -> None:
        if self._download_cancel is not None:
            self._download_cancel.set()

    async def stop(self) -> None:
        """On quit: stop the engine and wait for its tasks (nothing left dangling)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.session is not None:
            await self.session.stop()
            self.session = None

    # --- coroutines -------------------------------------------------------------------

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _new_session(self, server_url: str) -> SyncSession:
        return SyncSession(server_url, self._database, secrets=self._secrets,
                           profile_name=self._profile.name, on_event=self._on_engine_event)

    async def _sign_in(self, server_url: str, email: str, password: str) -> None:
        if self.session is not None:
            await self.session.stop()
        try:
            session = self._new_session(server_url)
        except (SyncError, ValueError) as error:
            self.sign_in_failed.emit(str(error))
            return
        try:
            user = await session.sign_in(email, password)
        except SyncError as error:
            await session.stop()
            self.sign_in_failed.emit(error.detail)
            return
        self._adopt(session)
        save_settings(self._profile.folder, SyncSettings(
            server_url=session.server_url, user_id=user.id, user_email=user.email,
            user_name=user.name, user_role=user.role))
        self.signed_in.emit(f"{user.name or user.email} ({user.role})")
        await self._sync_now(session)

    async def _resume(self, server_url: str) -> None:
        session = self._new_session(server_url)
        try:
            user = await session.resume()
        except SignInRequired as error:
            await session.stop()
            self.signed_out.emit(str(error))
            return
        except SyncError as error:
            # Offline at start: keep working locally; the person can sign in later.
            await session.stop()
            self.signed_out.emit(f"Could not reach the server: {error}")
            return
        self._adopt(session)
        self.signed_in.emit(f"{user.name or user.email} ({user.role})")
        await self._sync_now(session)

    def _adopt(self, session: SyncSession) -> None:
        self.session = session
        session.start()

    async def _sign_out(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            try:
                await session.sign_out()
            except SyncError as error:
                _log.info("Signing out could not reach the server: %s", error)
            await session.stop()
        self.signed_out.emit("")

    async def _sync_now(self, session: SyncSession) -> None:
        # Pull, tell the views at once, then send: an open track replaced by
        # the pull must be shown before the person's next edit, not after a
        # long upload.
        try:
            pulled = await session.puller.pull_all()
        except SignInRequired as error:
            self.signed_out.emit(str(error))
            return
        except SyncError as error:
            if isinstance(error, OfflineError):
                # Say so at once, not only when queued work next fails to go.
                self.engine_event.emit(ConnectionChanged(False, error.detail))
            self.pulled.emit(f"offline: {error.detail}")
        else:
            self.pulled.emit(f"{pulled.jobs} jobs up to date")
        session.worker.wake()

    async def _download(self, session: SyncSession, job_id: str,
                        cancel: asyncio.Event) -> None:
        def progress(update: DownloadProgress) -> None:
            self.download_progress.emit(update)

        try:
            path: Path = await session.make_available_offline(
                job_id, progress=progress, cancel=cancel)
        except SyncError as error:
            self.download_failed.emit(job_id, str(error))
            return
        self.download_finished.emit(job_id, str(path))

    def _on_engine_event(self, event: SyncEvent) -> None:
        self.engine_event.emit(event)

