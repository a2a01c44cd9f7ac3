"""Documents about the open job's track: its version history and the DOCX files PMs send on.

The review report and bilingual table are built from the local database on a
worker thread, so they work offline; the version history lives on the server
and needs a session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app.reports.bilingual_table import bilingual_table_input, write_bilingual_table
from app.reports.review_report import review_report_input, write_review_report
from app.storage import Database
from ui.background import Background
from ui.sync_bridge import SyncBridge
from ui.version_history import PlatformVersionSource, VersionHistoryDialog

# (job id, language, kind) of the open track, or None for a local file.
OpenTrack = Callable[[], tuple[str, str, str] | None]


class JobDocuments(QObject):
    """Menu actions for the open track's versions and DOCX exports. Signals: none."""

    def __init__(self, window: QMainWindow, database: Database, bridge: SyncBridge,
                 open_track: OpenTrack) -> None:
        super().__init__(window)
        self._window = window
        self._database = database
        self._bridge = bridge
        self._open_track = open_track
        self._background = Background(self)
        self._dialogs: list[VersionHistoryDialog] = []

    def _track(self) -> tuple[str, str, str] | None:
        track = self._open_track()
        if track is None:
            self._say("Open a job's track first (the Jobs panel or My queue).")
        return track

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 10000)

    def show_versions(self) -> None:
        track = self._track()
        if track is None:
            return
        session = self._bridge.session
        if session is None or not self._bridge.signed_in_now:
            self._say("Sign in to see the version history: versions are kept on the server.")
            return
        job, language, kind = track
        dialog = VersionHistoryDialog(PlatformVersionSource(session.api, job, language, kind),
                                      f"{job} · {language} · {kind}", parent=self._window)
        dialog.restored.connect(lambda _number: self._bridge.sync_now())
        dialog.finished.connect(lambda _code: self._forget(dialog))
        self._dialogs.append(dialog)
        dialog.load()
        dialog.open()

    def _forget(self, dialog: VersionHistoryDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)

    def export_review_report(self) -> None:
        track = self._track()
        if track is None:
            return
        job, language, kind = track
        path = self._ask(f"{job}-{language}-review-report.docx", "Save the review report")
        if path is not None:
            database = self._database
            self._write(path, lambda: write_review_report(
                path, review_report_input(database, job, language, kind=kind)))

    def export_bilingual_table(self) -> None:
        track = self._track()
        if track is None:
            return
        job, language, kind = track
        path = self._ask(f"{job}-{language}-bilingual.docx", "Save the bilingual table")
        if path is not None:
            database = self._database
            self._write(path, lambda: write_bilingual_table(
                path, bilingual_table_input(database, job, language, kind=kind)))

    def _ask(self, suggested: str, title: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self._window, title, suggested,
                                              "Word documents (*.docx)")
        if not name:
            return None
        return Path(name if name.lower().endswith(".docx") else name + ".docx")

    def _write(self, path: Path, work: Callable[[], None]) -> None:
        self._say(f"Writing {path.name}…")
        def failed(error: BaseException) -> None:
            QMessageBox.warning(self._window, "Cannot export",
                                f"{path.name} could not be written:\n\n{error}")

        self._background.run(work, lambda _result: self._say(f"Saved {path}"), failed)
