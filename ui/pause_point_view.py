"""The Pause points view follows the open job language; it exports the AD script and
plays the job as an accessible video (the picture held for each spoken description).

A language without a descriptions track has no pause points: the view is
then disabled and its tooltip says why, rather than showing an empty band.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.audio_description.clip_cache import ClipCache
from app.audio_description.described_media import NoDescriptions, read_described_media
from app.paths import cache_dir
from app.storage import Database, PausePointStore
from sync.api import PlatformApi
from ui.accessible_preview import AccessiblePreview
from ui.description_clips import DescriptionClips
from ui.pause_point_editor import PausePointEditor
from ui.player.interface import PlayerBackend


class PausePointView(QObject):
    """Signals: message(str, timeout ms) while the accessible-video preview plays."""

    message = Signal(str, int)

    def __init__(self, editor: PausePointEditor, database: Database,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._database = database
        self._job: tuple[str, str] | None = None
        self._preview: AccessiblePreview | None = None
        self._clips = DescriptionClips(ClipCache(cache_dir() / "description-clips"))
        self._fetching: asyncio.Future[tuple[dict[int, Path], list[str]]] | None = None
        self._player_position: Callable[[], int] = lambda: 0

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

    # --- "Play as accessible video" ------------------------------------------------------

    def play_accessible_video(self, player: PlayerBackend, api: PlatformApi | None) -> None:
        """Play with the picture held at each pause point for its spoken description.

        Clips not cached yet are fetched first when `api` is given (signed in);
        offline the preview uses what is cached and holds silently for the rest.
        """
        language = self.language
        if language is None or not self.editor.isEnabled():
            self.message.emit(
                "Open a job language with audio description and pause points first.", 8000)
            return
        self._player_position = lambda: player.position_ms
        if self._preview is None:
            self._preview = AccessiblePreview(player, self)
            self._preview.stop_started.connect(
                lambda _cue, _ms, text, how: self.message.emit(
                    f"Paused for the description ({how}): {text}", 0))
            self._preview.stop_finished.connect(lambda _cue: self.message.emit("", 1))
            self._preview.finished.connect(
                lambda: self.message.emit("Accessible-video preview finished.", 5000))
        stops = self.editor.preview_stops()
        clips = self._clips.cached(stops, language)
        missing = [stop for stop in stops if stop.text and stop.cue_index not in clips]
        if missing and api is not None:
            self.message.emit(f"Fetching {len(missing)} spoken description(s)…", 0)
            self._fetching = asyncio.ensure_future(self._clips.fetch(api, stops, language))
            self._fetching.add_done_callback(self._on_clips_fetched)
            return
        self._start(clips)

    def _on_clips_fetched(self, done: asyncio.Future[tuple[dict[int, Path], list[str]]]
                          ) -> None:
        clips: dict[int, Path] = {}
        if not done.cancelled() and done.exception() is None:
            clips, problems = done.result()
            if problems:
                self.message.emit("Some descriptions will be silent (text shown): "
                                  + "; ".join(problems), 10000)
        self._start(clips)

    def _start(self, clips: dict[int, Path]) -> None:
        if self._preview is None:
            return
        self._preview.set_stops(self.editor.preview_stops(clips))
        self._preview.start(self._player_position())

    def stop_accessible_video(self) -> None:
        if self._preview is not None:
            self._preview.stop()
