"""The waveform timeline (offscreen): dragging cues with undo, snapping, seeking, analysis."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.captions.document import Saved, TrackDocument
from app.captions.model import Track
from app.captions.webvtt_file import parse
from app.media.peaks import load_peaks
from ui.undo_bridge import push_edit
from ui.waveform_timeline import TimelineCanvas, TimelineMarker, WaveformTimeline

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"
SHOT_CHANGES = json.loads((DEMO / "job.json").read_text())["shot_changes_ms"]


class MemoryTarget:
    def __init__(self) -> None:
        self.saved: list[str] = []

    def save(self, content: str) -> Saved | None:
        self.saved.append(content)
        return None

    def describe(self) -> str:
        return "en captions"


class Rig:
    """A timeline wired like the window wires it: edits go through one undo stack."""

    def __init__(self, qtbot: QtBot) -> None:
        self.document = TrackDocument(parse((DEMO / "en.captions.vtt").read_text()),
                                      MemoryTarget())
        self.stack = QUndoStack()
        self.timeline = WaveformTimeline()
        qtbot.addWidget(self.timeline)
        self.timeline.resize(1200, 220)
        self.timeline.set_track(self.document.track)
        self.timeline.set_frame_rate(25)
        self.timeline.set_shot_changes(SHOT_CHANGES)
        self.timeline.edit_requested.connect(
            lambda edit: push_edit(self.stack, self.document, edit))
        self.document.add_listener(lambda _edit: self.timeline.refresh())
        self.timeline.show()
        qtbot.waitExposed(self.timeline)
        self.canvas: TimelineCanvas = self.timeline.canvas
        self.canvas.ms_per_px = 40.0  # 48 s in 1200 px
        self.canvas.scroll_to(0)

    @property
    def track(self) -> Track:
        return self.document.track

    def y(self) -> float:
        return self.canvas.height() / 2

    def drag(self, from_ms: int, to_x_offset: float) -> None:
        x = self.canvas.x_of(from_ms)
        self.send(QMouseEvent.Type.MouseButtonPress, x)
        for step in range(1, 6):
            self.send(QMouseEvent.Type.MouseMove, x + to_x_offset * step / 5)
        self.send(QMouseEvent.Type.MouseButtonRelease, x + to_x_offset)

    def send(self, kind: QMouseEvent.Type, x: float) -> None:
        held = (Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease
                else Qt.MouseButton.LeftButton)
        point = QPointF(x, self.y())
        event = QMouseEvent(kind, point, self.canvas.mapToGlobal(point), Qt.MouseButton.LeftButton
                            if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton,
                            held, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.canvas, event)


@pytest.fixture
def rig(qtbot: QtBot) -> Rig:
    return Rig(qtbot)


def test_dragging_an_edge_retimes_the_cue_in_one_undo_step(rig: Rig) -> None:
    before = [(cue.start_ms, cue.end_ms) for cue in rig.track.cues]
    rig.drag(4840, 10)  # cue 1 ends at 4.840 s; 10 px at 40 ms a pixel
    assert (rig.track.cues[0].start_ms, rig.track.cues[0].end_ms) == (2400, 5240)
    assert rig.stack.count() == 1
    assert rig.stack.undoText() == "Retime end of cue 1"
    assert rig.timeline.canvas.selected == 0
    rig.stack.undo()
    assert [(cue.start_ms, cue.end_ms) for cue in rig.track.cues] == before


def test_moving_a_cue_keeps_its_length_and_stops_at_its_neighbour(rig: Rig) -> None:
    rig.drag(11_000, 25)  # between cues 2 and 3: dragging empty space changes nothing
    assert rig.stack.count() == 0
    rig.drag(3600, 50)  # the middle of cue 1, 2 s later: it would run into cue 2
    cue = rig.track.cues[0]
    assert cue.end_ms - cue.start_ms == 2440
    assert cue.end_ms == rig.track.cues[1].start_ms == 5440
    assert rig.stack.undoText() == "Move cue 1"


def test_dragged_start_snaps_onto_the_shot_change(rig: Rig) -> None:
    # Cue 5 starts at 23.560 s, 14 frames after the cut at 23.000 s: out of reach.
    # Dragged 400 ms earlier it is 4 frames after the cut, and lands on it.
    rig.drag(23_560, -10)
    assert rig.track.cues[4].start_ms == 23_000
    rig.stack.undo()
    rig.timeline.snap_box.setChecked(False)
    rig.drag(23_560, -10)
    assert rig.track.cues[4].start_ms == 23_160


def test_clicking_an_empty_place_seeks_and_keys_step_frames(rig: Rig, qtbot: QtBot) -> None:
    with qtbot.waitSignal(rig.timeline.seek_requested) as sought:
        rig.send(QMouseEvent.Type.MouseButtonPress, rig.canvas.x_of(11_000))
    assert sought.args == [11_000]
    rig.timeline.set_playhead(11_000)
    with qtbot.waitSignal(rig.timeline.seek_requested) as sought:
        qtbot.keyClick(rig.canvas, Qt.Key.Key_Right)
    assert sought.args == [11_040]
    with qtbot.waitSignal(rig.timeline.seek_requested) as sought:
        qtbot.keyClick(rig.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert sought.args == [10_000]


def test_wheel_zooms_around_the_pointer_and_playback_is_followed(rig: Rig,
                                                                 qtbot: QtBot) -> None:
    canvas = rig.canvas
    anchor = canvas.ms_at(600)
    event = QWheelEvent(QPointF(600, rig.y()), canvas.mapToGlobal(QPointF(600, rig.y())),
                        QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, event)
    assert canvas.ms_per_px == pytest.approx(40 / 1.25 ** 2)
    assert abs(canvas.ms_at(600) - anchor) <= 1
    rig.timeline.set_playhead(45_000)
    assert canvas.start_ms <= 45_000 <= canvas.start_ms + canvas.visible_ms


def test_peaks_load_in_the_background_with_progress(rig: Rig, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    media = tmp_path / "demo.mp4"
    shutil.copy2(DEMO / "demo.mp4", media)
    rig.timeline.load_media(media, detect_shot_changes=True)
    assert rig.timeline.progress.isVisible()
    qtbot.waitUntil(lambda: rig.canvas.peaks is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not rig.timeline.progress.isVisible(), timeout=30_000)
    assert rig.canvas.shot_changes == SHOT_CHANGES
    assert rig.timeline.status.text() == "5 shot changes"
    assert len(rig.canvas.peaks or []) == 4800


def test_screenshot(rig: Rig, qtbot: QtBot, artefacts: Path, tmp_path: Path) -> None:
    rig.timeline.set_peaks(load_peaks(DEMO / "demo.mp4", cache_folder=tmp_path))
    rig.timeline.set_reference_track(parse((DEMO / "fr.captions.vtt").read_text()),
                                     "fr captions (read only)")
    rig.timeline.set_markers([TimelineMarker(9_500, "Review note: check the gap"),
                              TimelineMarker(27_000, "Review note: position")])
    rig.timeline.resize(1400, 240)
    rig.canvas.ms_per_px = 30_000 / 1400
    rig.canvas.scroll_to(1_000)
    rig.timeline.set_selected(2)
    rig.timeline.set_playhead(15_600)
    qtbot.wait(50)
    picture = rig.timeline.grab()
    assert not picture.isNull()
    picture.save(str(artefacts / "waveform-timeline.png"))
    picture.save("/tmp/waveform-timeline.png")


def test_unreadable_media_says_why_in_plain_words(rig: Rig, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    broken = tmp_path / "programme.mp4"
    broken.write_text("not a video")
    with qtbot.waitSignal(rig.timeline.message, timeout=30_000) as told:
        rig.timeline.load_media(broken)
    assert str(told.args[0]).startswith("Could not read the sound from programme.mp4")
    assert rig.timeline.status.text() == "No waveform"
    assert not rig.timeline.progress.isVisible()
    assert len(rig.track.cues) == 8  # the cues are still there to edit
