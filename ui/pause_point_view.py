"""The Pause points view follows the open job language; it also exports the AD script.

A language without a descriptions track has no pause points: the view is
then disabled and its tooltip says why, rather than showing an empty band.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.audio_description.described_media import NoDescriptions, read_described_media
from app.storage import Database, PausePointStore
from ui.pause_point_editor import PausePointEditor


class PausePointView(QObject):
    """Signals: none (the editor's `message` reaches the status bar)."""

    def __init__(self, editor: PausePointEditor, database: Database,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._database = database
        self._job: tuple[str, str] | None = None

    def show_language(self, job_id: str | None, language: str | None) -> None:
        editor = self.editor
        self._job = None
        if job_id is None or language is None:
            self._disable("Open a job language with audio description to edit its pause points.")
            return
        try:
            media = read_described_media(self._database, job_id, language)
        except NoDescriptions as error:
            self._disable(str(error))
            return
        self._job = (job_id, language)
        editor.setEnabled(True)
        editor.setToolTip("")
        editor.open_pause_points(PausePointStore(self._database), media)

    @property
    def language(self) -> str | None:
        """The descriptions' language shown, or None."""
        return None if self._job is None else self._job[1]

    def _disable(self, why: str) -> None:
        self.editor.setEnabled(False)
        self.editor.setToolTip(why)

    def reload(self) -> None:
        """After a sync: show the server's positions where nothing waits locally."""
        if self._job is not None:
            self.editor.reload()

    def export_script(self) -> None:
        if self._job is None:
            self.editor.message.emit(
                "Open a job language with audio description to export its script.")
            return
        job_id, language = self._job
        name, _ = QFileDialog.getSaveFileName(
            self.editor.window(), "Save AD script", f"{job_id}-{language}-ad-script.docx",
            "Word documents (*.docx)")
        if not name:
            return
        try:
            self.editor.export_script(Path(name))
        except OSError as error:
            QMessageBox.warning(self.editor.window(), "Cannot export",
                                f"{name} could not be written: {error.strerror or error}")
            return
        self.editor.message.emit(f"Saved {name}")
