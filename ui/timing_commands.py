"""Whole-track timing: shift, two-point sync, frame-rate conversion, closing gaps, snapping to cuts.

Each works on the selected cues, or on every cue when one or none is
selected, and is one undo step through the cue editor. The numbers are asked
for in small dialogs that say what they expect; a refusal (an anchor pair
that would reverse time, say) comes back in plain words on the status bar.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.captions.operations import plan_convert_frame_rate, plan_shift
from app.captions.reading_speed_fix import plan_extend_for_reading_speed
from app.captions.shot_snapping import plan_snap_to_shot_changes
from app.captions.timecode import format_timestamp, parse_time_input
from app.captions.timing_sync import plan_close_gaps, plan_two_point_sync
from app.storage import Database, TrackStore
from sync.api import PlatformApi
from sync.errors import SyncError
from ui.caption_editor import CaptionEditor
from ui.sync_bridge import SyncBridge

FRAME_RATES = ("23.976", "24", "25", "29.97", "30")


def _signed_ms(text: str) -> int:
    """`+1.5`, `-00:00:02.000` or `250ms`-free forms: what people type for an offset."""
    stripped = text.strip()
    sign = -1 if stripped.startswith("-") else 1
    return sign * parse_time_input(stripped.lstrip("+-").strip())


class TimingCommands:
    """The Edit → Timing menu's commands for one cue editor."""

    def __init__(self, editor: CaptionEditor, parent: QWidget) -> None:
        self.editor = editor
        self._parent = parent

    def _chosen(self) -> Iterable[int] | None:
        rows = self.editor.selected_rows()
        return rows if len(rows) > 1 else None

    def _scope(self) -> str:
        rows = self.editor.selected_rows()
        return f"the {len(rows)} selected cues" if len(rows) > 1 else "every cue"

    def shift(self) -> None:
        text, ok = QInputDialog.getText(
            self._parent, "Shift cues", f"Shift {self._scope()} by (e.g. +1.5, -00:00:02.000):")
        if not ok or not text.strip():
            return
        try:
            offset = _signed_ms(text)
        except ValueError as error:
            self.editor.message.emit(str(error))
            return
        chosen = self._chosen()
        self.editor.attempt(lambda track: plan_shift(track, offset, chosen))

    def two_point_sync(self) -> None:
        track = self.editor.track
        if track is None or len(track.cues) < 2:
            self.editor.message.emit("Two-point sync needs a track with at least two cues.")
            return
        dialog = TwoPointDialog(len(track.cues), [c.start_ms for c in track.cues], self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            first, first_ms, second, second_ms = dialog.anchors()
        except ValueError as error:
            self.editor.message.emit(str(error))
            return
        chosen = self._chosen()
        self.editor.attempt(lambda t: plan_two_point_sync(t, first, first_ms, second, second_ms,
                                                          chosen))

    def convert_frame_rate(self) -> None:
        source, ok = QInputDialog.getItem(self._parent, "Convert frame rate",
                                          "The cues were timed for (frames per second):",
                                          FRAME_RATES, 0, False)
        if not ok:
            return
        target, ok = QInputDialog.getItem(self._parent, "Convert frame rate",
                                          "The video plays at (frames per second):",
                                          FRAME_RATES, 2, False)
        if ok:
            self.editor.attempt(
                lambda track: plan_convert_frame_rate(track, float(source), float(target)))

    def close_gaps(self) -> None:
        frames, ok = QInputDialog.getInt(
            self._parent, "Close small gaps",
            f"Close gaps shorter than this many frames between {self._scope()} "
            "(2 frames are left, as the QC rules want):", 12, 3, 250)
        if ok:
            fps, chosen = self.editor.frame_rate, self._chosen()
            self.editor.attempt(
                lambda track: plan_close_gaps(track, fps, under_frames=frames, indexes=chosen))

    def fix_reading_speed(self) -> None:
        """Extend the current cue into the gap after it until it reads in time."""
        row = self.editor.current_row()
        if row is None:
            self.editor.message.emit("Select the cue that reads too fast.")
            return
        profile = self.editor.profile
        if self.editor.attempt(lambda track: plan_extend_for_reading_speed(track, row, profile)):
            self.editor.message.emit(f"Cue {row + 1} now reads at {profile.max_cps:g} CPS.")

    def snap_to_shot_changes(self) -> None:
        cuts = self.editor.shot_changes
        if not cuts:
            self.editor.message.emit(
                "No shot changes are known yet: open the video and wait for the timeline "
                "to find them.")
            return
        fps, chosen = self.editor.frame_rate, self._chosen()
        self.editor.attempt(
            lambda track: plan_snap_to_shot_changes(track, cuts, fps, indexes=chosen))


class TwoPointDialog(QDialog):
    """Two anchor cues and the times their starts should have."""

    def __init__(self, cue_count: int, starts: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Two-point sync")
        self.setAccessibleName("Two-point sync")
        self._starts = starts
        self.first = self._cue_box(cue_count, 1, "First anchor cue")
        self.first_time = self._time_box(starts[0], "First anchor's correct start")
        self.second = self._cue_box(cue_count, cue_count, "Second anchor cue")
        self.second_time = self._time_box(starts[-1], "Second anchor's correct start")
        self.first.valueChanged.connect(
            lambda n: self.first_time.setText(format_timestamp(self._starts[n - 1])))
        self.second.valueChanged.connect(
            lambda n: self.second_time.setText(format_timestamp(self._starts[n - 1])))
        form = QFormLayout(self)
        form.addRow("&First cue", self.first)
        form.addRow("should start &at", self.first_time)
        form.addRow("&Second cue", self.second)
        form.addRow("should start a&t", self.second_time)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _cue_box(self, count: int, value: int, name: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(1, count)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    def _time_box(self, ms: int, name: str) -> QLineEdit:
        box = QLineEdit(format_timestamp(ms), self)
        box.setAccessibleName(name)
        return box

    def anchors(self) -> tuple[int, int, int, int]:
        """(first index, its time, second index, its time); ValueError in plain words."""
        return (self.first.value() - 1, parse_time_input(self.first_time.text()),
                self.second.value() - 1, parse_time_input(self.second_time.text()))




class ServerTiming:
    """Shift a track on the server (`/vtt/adjust-timing`), for those who prefer the platform's.

    Only for a track with no local changes waiting: the server's new version
    then simply replaces the working copy at the next pull. With local work,
    the person is asked to let it upload first (or use the local shift).
    """

    def __init__(self, bridge: SyncBridge, database: Database,
                 open_track: Callable[[], tuple[str, str, str] | None],
                 say: Callable[[str], None], parent: QWidget) -> None:
        self._bridge = bridge
        self._database = database
        self._open_track = open_track
        self._say = say
        self._parent = parent
        self._task: asyncio.Task[None] | None = None

    def shift_on_server(self) -> None:
        track = self._open_track()
        session = self._bridge.session
        if track is None or session is None or not self._bridge.signed_in_now:
            self._say("Sign in and open a job's track to shift it on the server.")
            return
        job, language, kind = track
        stored = TrackStore(self._database).get_track(job, language, kind)
        if stored is None or stored.has_local_changes:
            self._say("This track has changes not yet on the server: sync first, or use "
                      "Edit → Timing → Shift cues by… (it works offline).")
            return
        text, ok = QInputDialog.getText(
            self._parent, "Shift on the server",
            "Shift every cue on the server by (e.g. +1.5, -00:00:02.000):")
        if not ok or not text.strip():
            return
        try:
            offset = _signed_ms(text)
        except ValueError as error:
            self._say(str(error))
            return
        self._task = asyncio.ensure_future(self._shift(session.api, job, language, kind, offset))

    async def _shift(self, api: PlatformApi, job: str, language: str, kind: str,
                     offset: int) -> None:
        try:
            version = await api.adjust_timing(job, language, kind, offset, str(uuid.uuid4()))
        except SyncError as error:
            self._say(f"The server did not shift the track: {error.detail}")
            return
        self._say(f"The server shifted the track by {offset} ms (version {version}); "
                  "fetching it…")
        self._bridge.sync_now()
