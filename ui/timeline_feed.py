"""Keeps the waveform timeline in step with the open track, the player and the review notes.

The timeline itself only draws and reports drags; this says what it shows:
the open track's cues, the source language's cues as a read-only lane, the
review notes as flags, the job's known shot changes (or those detected in the
video), and the playhead. Drags become edits through the cue editor, so they
share its undo history and autosave.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject

from app.captions.model import Track
from app.captions.webvtt_file import parse
from app.paths import cache_dir
from app.storage import Database, JobStore, TrackStore
from ui.background import Background
from ui.caption_editor import CaptionEditor
from ui.player.player_widget import PlayerWidget
from ui.timeline_canvas import TimelineMarker
from ui.waveform_timeline import WaveformTimeline

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


class TimelineFeed(QObject):
    """Signals: none."""

    def __init__(self, timeline: WaveformTimeline, editor: CaptionEditor, player: PlayerWidget,
                 database: Database | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self._editor = editor
        self._database = database
        self._media: Path | None = None
        self._background = Background(self)
        self._reference_wanted: tuple[str, str] | None = None
        timeline.seek_requested.connect(player.player.seek)
        timeline.edit_requested.connect(editor.request)
        timeline.cue_selected.connect(editor.select_row)
        timeline.message.connect(editor.message)
        timeline.shot_changes_found.connect(self._on_timeline_shot_changes_found)
        editor.document_changed.connect(timeline.refresh)
        editor.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: timeline.set_selected(
                current.row() if current.isValid() else None))
        player.player.position_changed.connect(timeline.set_playhead)

    def show_track(self, job_id: str | None, language: str | None, media: Path | None,
                   frame_rate: float) -> None:
        """A track was opened (a job's, or a local file with None for the job)."""
        document = self._editor.document
        self.timeline.set_track(document.track if document else None)
        self.timeline.set_frame_rate(frame_rate)
        known = self.known_shot_changes(job_id)
        self._show_reference(job_id, language)
        if media is not None and media != self._media:
            self._media = media
            # Media shipped inside the application is read-only in an installed
            # copy: its analysis goes to the cache folder instead.
            inside = RESOURCES in media.resolve().parents
            self.timeline.load_media(
                media, cache_folder=cache_dir() / "media-analysis" if inside else None,
                detect_shot_changes=known is None)
        if known is not None:
            self.timeline.set_shot_changes(known)
            self._editor.set_shot_changes(known, frame_rate)

    def show_notes(self, notes: Sequence[tuple[int, str]]) -> None:
        self.timeline.set_markers([TimelineMarker(ms, text) for ms, text in notes])

    def _on_timeline_shot_changes_found(self, cuts: list[int]) -> None:
        self._editor.set_shot_changes(cuts, self._editor.frame_rate)

    def known_shot_changes(self, job_id: str | None) -> list[int] | None:
        """The job's shot changes as the platform gave them (ms), or None when unknown."""
        if job_id is None or self._database is None:
            return None
        job = JobStore(self._database).get_job(job_id)
        raw = job.raw_json if job is not None else None
        cuts = raw.get("shot_changes_ms") if raw else None
        if isinstance(cuts, list) and all(isinstance(c, int) for c in cuts):
            return sorted(cuts)
        return None

    def _show_reference(self, job_id: str | None, language: str | None) -> None:
        self.timeline.set_reference_track(None)
        if job_id is None or language is None or self._database is None:
            return
        job = JobStore(self._database).get_job(job_id)
        source = job.source_language if job is not None else ""
        if not source or source == language:
            return
        database = self._database
        self._reference_wanted = wanted = (job_id, language)

        def read() -> Track | None:
            # A long source track takes a while to parse: not on the GUI thread.
            stored = TrackStore(database).get_track(job_id, source, "captions")
            return None if stored is None else parse(stored.working_content)

        def show(track: object) -> None:
            if isinstance(track, Track) and self._reference_wanted == wanted:
                self.timeline.set_reference_track(track, f"{source} captions (read only)")

        # An unreadable source track simply leaves the lane empty.
        self._background.run(read, show, lambda _error: None)

    def close(self) -> None:
        self.timeline.cancel_analysis()
        self._background.wait(3000)
