"""Connects the window to the sync engine: the Sync menu, the indicator, the outbox panel,
offline downloads, and reloading what the server changed.

Kept out of the main window so that the window arranges panels and this
module alone knows how sync news reaches them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QProgressDialog

from app.captions.document import WorkspaceTrack
from app.captions.webvtt_file import write
from app.storage import Database, Outbox, TrackStore
from sync.conflicts import ConflictStore
from sync.downloads import DownloadProgress
from sync.events import (
    DrainFinished,
    ItemFailed,
    ItemSent,
    JobRefreshed,
    SignInNeeded,
    TrackConflicted,
    TrackMerged,
)
from ui.caption_editor import CaptionEditor
from ui.conflict_view import ConflictDialog
from ui.jobs_panel import JobsPanel
from ui.outbox_panel import OutboxPanel
from ui.sign_in_dialog import SignInDialog
from ui.sync_bridge import SyncBridge
from ui.sync_status import SyncStatus


class SyncController(QObject):
    """Routes sync events to the widgets that show them. Signals: none."""

    def __init__(self, window: QMainWindow, bridge: SyncBridge, database: Database,
                 editor: CaptionEditor, jobs: JobsPanel,
                 reload_track: Callable[[str, str, str, str], None],
                 reload_jobs: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self.bridge = bridge
        self._database = database
        self._editor = editor
        self._jobs = jobs
        self._reload_track = reload_track
        self._reload_jobs = reload_jobs
        self._progress: QProgressDialog | None = None
        self.status = SyncStatus(window)
        self.status.open_outbox.connect(self.show_outbox)
        window.statusBar().addPermanentWidget(self.status)
        self.outbox_panel = OutboxPanel(database, window)
        self.outbox_panel.retry_requested.connect(self._on_outbox_retry_requested)
        self.outbox_dock = QDockWidget("Outbox", window)
        self.outbox_dock.setObjectName("outbox-dock")
        self.outbox_dock.setWidget(self.outbox_panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.outbox_dock)
        self.outbox_dock.hide()
        bridge.engine_event.connect(self._on_bridge_engine_event)
        bridge.signed_in.connect(self._on_bridge_signed_in)
        bridge.signed_out.connect(self._on_bridge_signed_out)
        bridge.pulled.connect(self._on_bridge_pulled)
        bridge.download_progress.connect(self._on_bridge_download_progress)
        bridge.download_finished.connect(self._on_bridge_download_finished)
        bridge.download_failed.connect(self._on_bridge_download_failed)
        editor.document_changed.connect(self._on_editor_document_changed)
        self.refresh_counts()

    def build_menu(self, menu: QMenu) -> None:
        for label, keys, slot in (
            ("&Sign in…", "Ctrl+Shift+I", self.open_sign_in),
            ("Sign &out", None, self.bridge.sign_out),
            ("Sync &now", "F5", self.bridge.sync_now),
            ("Make this job available &offline", "Ctrl+Shift+D", self.download_current_job),
            ("&Resolve conflict…", "Ctrl+Shift+R", self.resolve_current_conflict),
            ("Show the out&box", "Ctrl+5", self.show_outbox),
        ):
            action = QAction(label, self._window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)

    # --- commands ---------------------------------------------------------------------

    def open_sign_in(self) -> None:
        dialog = SignInDialog(self.bridge, self._window)
        dialog.open()  # not exec(): the event loop (and sync) keep running

    def download_current_job(self) -> None:
        document = self._editor.document
        job_id = getattr(document.target, "job_id", None) if document else None
        if not isinstance(job_id, str):
            self._say("Open a track of a job first; its video is what gets downloaded.")
            return
        if not self.bridge.signed_in_now:
            self._say("Sign in to download the video.")
            return
        progress = QProgressDialog(f"Downloading the video of {job_id}…", "Cancel", 0, 1000,
                                   self._window)
        progress.setWindowTitle("Make available offline")
        progress.setAccessibleName("Download progress")
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.canceled.connect(self.bridge.cancel_download)
        progress.show()
        self._progress = progress
        self.bridge.make_available_offline(job_id)

    def close_dialogs(self) -> None:
        if self._progress is not None:
            self.bridge.cancel_download()
            self._progress.close()
            self._progress = None

    def resolve_current_conflict(self) -> None:
        document = self._editor.document
        target = document.target if document else None
        if not isinstance(target, WorkspaceTrack):
            self._say("Open the track that is in conflict first.")
            return
        if ConflictStore(self._database).get(target.job_id, target.language,
                                             target.kind) is None:
            self._say("This track has no conflict to resolve.")
            return
        dialog = ConflictDialog(self._database, target.job_id, target.language, target.kind,
                                self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The editor's document predates the resolution: show the resolved text.
        dialog.resolved.connect(lambda _revision: self._on_conflict_resolved(target))
        dialog.open()

    def _on_conflict_resolved(self, target: WorkspaceTrack) -> None:
        self._reload_track(target.job_id, target.language, target.kind,
                           "The conflict is resolved; the result will be sent to the server.")
        self.refresh_counts()
        self.bridge.wake()

    def show_outbox(self) -> None:
        self.outbox_dock.show()
        self.outbox_dock.raise_()
        self.outbox_panel.refresh()
        self.outbox_panel.setFocus()

    def refresh_counts(self) -> None:
        outbox = Outbox(self._database)
        self.status.set_counts(outbox.pending_count(), len(outbox.failed_items()))
        if self.outbox_dock.isVisible():
            self.outbox_panel.refresh()

    def _on_outbox_retry_requested(self, _item_id: int) -> None:
        self.refresh_counts()
        self.bridge.wake()

    # --- events -----------------------------------------------------------------------

    def _on_editor_document_changed(self) -> None:
        self.refresh_counts()
        self.bridge.wake()

    def _on_bridge_engine_event(self, event: object) -> None:
        self.status.note_event(event)
        if isinstance(event, ItemSent | ItemFailed | DrainFinished):
            self.refresh_counts()
        if isinstance(event, TrackMerged):
            # The working copy now holds their changes too: the editor must
            # show it, or its next save would write the old text back.
            self._reload_track(event.job_id, event.language, event.kind,
                               f"Changes from version {event.theirs_version} on the server "
                               "were merged into this track.")
        if isinstance(event, TrackConflicted):
            self._say(f"The {event.language} {event.kind} of {event.job_id} changed on the "
                      f"server in the same cues you edited: {event.reason}. Open it and use "
                      "Sync → Resolve conflict.")
        if isinstance(event, SignInNeeded):
            self._say(f"Signed out: {event.reason}. Your work stays queued; sign in again to "
                      "send it.")
        if isinstance(event, ItemSent | ItemFailed | TrackConflicted | DrainFinished
                      | JobRefreshed):
            self._reload_jobs()
        if isinstance(event, JobRefreshed):
            self._follow_server_copy()

    def _on_bridge_signed_in(self, who: str) -> None:
        self.status.set_signed_in(who)
        self._window.statusBar().showMessage(f"Signed in as {who}.", 8000)

    def _on_bridge_signed_out(self, reason: str) -> None:
        self.status.set_signed_in(None, reason)

    def _follow_server_copy(self) -> None:
        """Show a newer server copy of the open track when the person has no local work on it.

        A pull only replaces a working copy that holds no local work; the
        editor must then show it, or its next save would rest the old text on
        the new base and quietly undo the other person's change.
        """
        document = self._editor.document
        target = document.target if document else None
        if document is None or not isinstance(target, WorkspaceTrack):
            return
        stored = TrackStore(self._database).get_track(target.job_id, target.language,
                                                      target.kind)
        if stored is None or stored.has_local_changes:
            return
        if stored.working_content != write(document.track):
            self._reload_track(target.job_id, target.language, target.kind,
                               "This track was updated from the server.")

    def _on_bridge_pulled(self, summary: str) -> None:
        self._follow_server_copy()
        self._reload_jobs()
        self.refresh_counts()
        self._window.statusBar().showMessage(f"Sync: {summary}", 8000)

    def _on_bridge_download_progress(self, update: object) -> None:
        if self._progress is None or not isinstance(update, DownloadProgress):
            return
        if update.fraction is not None:
            self._progress.setValue(int(update.fraction * 1000))
        size = f" of {update.total_bytes / 1e6:.1f} MB" if update.total_bytes else ""
        self._progress.setLabelText(
            f"{update.done_bytes / 1e6:.1f} MB{size} at {update.bytes_per_second / 1e6:.1f} MB/s")

    def _on_bridge_download_finished(self, job_id: str, path: str) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self._window.statusBar().showMessage(f"{job_id} is available offline ({path}).", 10000)
        self._reload_jobs()

    def _on_bridge_download_failed(self, job_id: str, reason: str) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        self._say(f"The video of {job_id} was not downloaded: {reason}")

    def _say(self, text: str) -> None:
        # Not exec(): a modal loop would hold up the person, not the sync.
        box = QMessageBox(QMessageBox.Icon.Information, "Sync", text,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setAccessibleName("Sync message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
