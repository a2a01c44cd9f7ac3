"""The timeline under the video: waveform, cue blocks, shot changes, playhead, notes.

`WaveformTimeline` is the whole panel: a small tool row (zoom, snapping,
analysis progress), the painted `TimelineCanvas`, and a scroll bar. It holds
no business rules: a drag ends in one `TrackEdit` planned by
`app.captions.operations` and handed out through `edit_requested`, which the
caption editor pushes on its undo stack like any other edit; snapping asks
`app.captions.shot_snapping`. Peaks and shot changes are read on a worker
thread (`app.media`), with progress shown in the tool row.

Mouse: click an empty place or the ruler to seek; click a cue to select it,
drag its middle to move it, drag an edge to retime it (Escape cancels a
drag); wheel zooms around the pointer, Shift+wheel scrolls. Keyboard, with
the timeline focused: + and - zoom, 0 shows everything, Left/Right step the
playhead a frame (Shift: a second), Page Up/Down scroll a screen.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.captions.model import Track
from app.captions.shot_snapping import DEFAULT_SNAP_FRAMES
from app.media.ffmpeg_process import AnalysisCancelled
from app.media.peaks import Peaks, load_peaks
from app.media.shot_changes import DEFAULT_THRESHOLD, load_shot_changes
from ui.background import Background
from ui.timeline_canvas import ZOOM_STEP, TimelineCanvas, TimelineMarker

__all__ = ["TimelineCanvas", "TimelineMarker", "WaveformTimeline"]


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    changed = Signal(str, float)


class WaveformTimeline(QWidget):
    """The timeline panel. Signals: seek_requested(int ms), cue_selected(int index),
    edit_requested(TrackEdit) — push it on the caption editor's undo stack —, message(str).

    Call `refresh()` after every edit or undo of the track shown, and
    `set_playhead` as the player moves.
    """

    seek_requested = Signal(int)
    cue_selected = Signal(int)
    edit_requested = Signal(object)
    message = Signal(str)
    shot_changes_found = Signal(list)  # detected in the video (ms), for the QC rule

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline panel")
        self.canvas = TimelineCanvas(self)
        self.canvas.seek_requested.connect(self.seek_requested)
        self.canvas.cue_selected.connect(self.cue_selected)
        self.canvas.edit_requested.connect(self.edit_requested)
        self.canvas.message.connect(self.message)
        self.canvas.view_changed.connect(self._sync_scroll_bar)
        self.scroll_bar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scroll_bar.setAccessibleName("Timeline position")
        self.scroll_bar.valueChanged.connect(self._on_scrolled)

        self.zoom_out_button = self._button("−", "Zoom out (-)",
                                            lambda: self.canvas.zoom(ZOOM_STEP))
        self.zoom_in_button = self._button("+", "Zoom in (+)",
                                           lambda: self.canvas.zoom(1 / ZOOM_STEP))
        self.show_all_button = self._button("Fit", "Show the whole programme (0)",
                                            self.canvas.show_all)
        self.snap_box = QCheckBox("Snap to shot changes", self)
        self.snap_box.setAccessibleName("Snap to shot changes")
        self.snap_box.setAccessibleDescription(
            f"Dragged cue edges within {DEFAULT_SNAP_FRAMES} frames of a shot change land on it")
        self.snap_box.setChecked(True)
        self.snap_box.toggled.connect(self._on_snap_toggled)
        self.follow_box = QCheckBox("Follow playback", self)
        self.follow_box.setAccessibleName("Follow playback")
        self.follow_box.setChecked(True)
        self.follow_box.toggled.connect(self._on_follow_toggled)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Timeline status")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Media analysis progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()

        tools = QHBoxLayout()
        tools.setContentsMargins(4, 2, 4, 2)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.show_all_button):
            tools.addWidget(widget)
        tools.addSpacing(12)
        tools.addWidget(self.snap_box)
        tools.addWidget(self.follow_box)
        tools.addStretch(1)
        tools.addWidget(self.status)
        tools.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(tools)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.scroll_bar)

        self._background = Background(self)
        self._relay = _Progress(self)
        self._relay.changed.connect(self._on_progress)
        self._cancel = threading.Event()
        self._media: Path | None = None

    def _button(self, text: str, name: str, action: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(action)
        return button

    # --- content (the lead's wiring calls these) -------------------------------------

    def set_track(self, track: Track | None) -> None:
        self.canvas.set_track(track)
        self._sync_scroll_bar()

    def refresh(self) -> None:
        self.canvas.refresh()
        self._sync_scroll_bar()

    def set_reference_track(self, track: Track | None, label: str = "") -> None:
        """A second track shown read-only under the waveform (e.g. the source language)."""
        self.canvas.set_reference(track, label)

    def set_markers(self, markers: Sequence[TimelineMarker]) -> None:
        self.canvas.markers = sorted(markers, key=lambda marker: marker.ms)
        self.canvas.update()

    def set_shot_changes(self, shot_changes: Sequence[int]) -> None:
        self.canvas.shot_changes = sorted(set(shot_changes))
        self.canvas.update()

    def set_peaks(self, peaks: Peaks | None) -> None:
        self.canvas.set_peaks(peaks)
        self._sync_scroll_bar()

    def set_frame_rate(self, frame_rate: float) -> None:
        self.canvas.frame_rate = frame_rate

    def set_snap_frames(self, frames: float) -> None:
        self.canvas.snap_frames = frames

    def set_selected(self, index: int | None) -> None:
        """Show cue `index` as selected (the table's current row), scrolling to it if hidden."""
        self.canvas.selected = index
        track = self.canvas.track
        if index is not None and track is not None and 0 <= index < len(track.cues):
            cue = track.cues[index]
            canvas = self.canvas
            if cue.end_ms < canvas.start_ms or cue.start_ms > canvas.start_ms + canvas.visible_ms:
                canvas.scroll_to(cue.start_ms - canvas.visible_ms * 0.1)
        self.canvas.update()

    def set_playhead(self, ms: int) -> None:
        self.canvas.set_playhead(ms)

    def set_media_duration(self, ms: int) -> None:
        self.canvas.media_duration_ms = ms
        self._sync_scroll_bar()

    # --- analysis in the background -----------------------------------------------

    def load_media(self, media: Path, *, cache_folder: Path | None = None,
                   detect_shot_changes: bool = True,
                   shot_threshold: float = DEFAULT_THRESHOLD) -> None:
        """Read peaks (then shot changes, unless given by the job) on a worker thread."""
        self.cancel_analysis()
        cancel = threading.Event()
        self._cancel = cancel
        self._media = media
        relay = self._relay
        self.set_peaks(None)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Reading the sound…")

        def peaks_work() -> Peaks:
            return load_peaks(media, cache_folder=cache_folder, cancelled=cancel.is_set,
                              progress=lambda done: relay.changed.emit("Reading the sound", done))

        def shots_work() -> list[int]:
            return load_shot_changes(
                media, threshold=shot_threshold, cache_folder=cache_folder,
                cancelled=cancel.is_set,
                progress=lambda done: relay.changed.emit("Finding shot changes", done))

        def shots_done(result: object) -> None:
            if cancel.is_set() or not isinstance(result, list):
                return
            self.set_shot_changes(result)
            self.shot_changes_found.emit(result)
            self._analysis_over(f"{len(result)} shot changes")

        def peaks_done(result: object) -> None:
            if cancel.is_set() or not isinstance(result, Peaks):
                return
            self.set_peaks(result)
            if detect_shot_changes:
                self.status.setText("Finding shot changes…")
                self.progress.setValue(0)
                self._background.run(shots_work, shots_done, failed)
            else:
                self._analysis_over("")

        def failed(error: BaseException) -> None:
            if cancel.is_set() or isinstance(error, AnalysisCancelled):
                return
            self._analysis_over("No waveform")
            self.message.emit(str(error))

        self._background.run(peaks_work, peaks_done, failed)

    def cancel_analysis(self) -> None:
        self._cancel.set()
        self.progress.hide()

    def wait_for_analysis(self, msecs: int = 60_000) -> bool:
        """Wait for background analysis (tests, quitting)."""
        return self._background.wait(msecs)

    def _analysis_over(self, text: str) -> None:
        self.progress.hide()
        self.status.setText(text)

    def _on_progress(self, what: str, done: float) -> None:
        if self._cancel.is_set():
            return
        self.progress.setValue(round(done * 100))
        self.status.setText(f"{what}…")

    # --- scrolling ----------------------------------------------------------------

    def _sync_scroll_bar(self) -> None:
        canvas = self.canvas
        page = max(1, int(canvas.visible_ms))
        self.scroll_bar.blockSignals(True)
        self.scroll_bar.setRange(0, max(0, canvas.duration_ms - int(page * 0.9)))
        self.scroll_bar.setPageStep(page)
        self.scroll_bar.setSingleStep(max(1, page // 10))
        self.scroll_bar.setValue(int(canvas.start_ms))
        self.scroll_bar.blockSignals(False)

    def _on_scrolled(self, value: int) -> None:
        self.canvas.scroll_to(float(value))

    def _on_snap_toggled(self, on: bool) -> None:
        self.canvas.snap_enabled = on

    def _on_follow_toggled(self, on: bool) -> None:
        self.canvas.follow_playback = on
