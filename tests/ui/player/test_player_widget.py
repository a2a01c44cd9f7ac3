"""The player widget: controls, captions over the demo video, back-end choice and fallback."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, QSize, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.captions.model import Cue
from ui.player import choose
from ui.player.interface import PlayerBackend, State
from ui.player.player_widget import PlayerWidget, format_playhead


class FakeBackend(PlayerBackend):
    """A back end without media: loads succeed or fail on request."""

    def __init__(self, name: str, fail_with: str = "", kind: str = "unsupported",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend_name = name
        self._fail_with, self._kind = fail_with, kind
        self._view = QWidget()
        self._state: State = "stopped"
        self._position = self._duration = 0
        self._rate, self._muted, self._volume = 1.0, False, 100
        self.loaded: list[Path] = []
        self.closed = False

    def video_widget(self) -> QWidget:
        return self._view

    def video_size(self) -> QSize:
        return QSize(640, 360)

    def load(self, path: Path | str) -> None:
        self.loaded.append(Path(path))
        if self._fail_with:
            self.failure_kind = self._kind
            self.media_failed.emit(self._fail_with)
            return
        self._duration = 48_000
        self.duration_changed.emit(self._duration)
        self._state = "paused"
        self.state_changed.emit("paused")
        self.media_loaded.emit()

    def close(self) -> None:
        self.closed = True
        self._view.deleteLater()

    def play(self) -> None:
        self._state = "playing"
        self.state_changed.emit("playing")

    def pause(self) -> None:
        self._state = "paused"
        self.state_changed.emit("paused")

    def seek(self, ms: int) -> None:
        self._position = ms
        self.position_changed.emit(ms)

    def step_frame(self, delta: int) -> None:
        self.seek(self._position + 40 * delta)

    def set_rate(self, rate: float) -> None:
        self._rate = rate

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def set_volume(self, volume: int) -> None:
        self._volume = volume



def fake_factory(qt_fails_with: str = "", kind: str = "unsupported") -> tuple[
        list[FakeBackend], object]:
    made: list[FakeBackend] = []

    def factory(which: str, parent: QObject | None, frame_rate: float) -> PlayerBackend:
        if which == choose.VLC:
            backend = FakeBackend("VLC 3.0.24", parent=parent)
        else:
            backend = FakeBackend("QtMultimedia (FFmpeg)", qt_fails_with, kind, parent)
        made.append(backend)
        return backend

    return made, factory


def test_every_control_is_named_and_its_tooltip_names_its_keys(qtbot: QtBot) -> None:
    _made, factory = fake_factory()
    widget = PlayerWidget(factory=factory)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    controls = [w for w in widget.findChildren(QWidget)
                if isinstance(w, QToolButton | QSlider | QComboBox | QLabel)]
    assert len(controls) == 8
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control.accessibleName()
    tips = {c.accessibleName(): c.toolTip() for c in controls}
    assert tips["Play or pause"] == "Play (Ctrl+Space)"
    assert tips["Previous frame"] == "Step back one frame (Ctrl+Left)"
    assert tips["Next frame"] == "Step forward one frame (Ctrl+Right)"
    assert "Ctrl+Shift+Down / Ctrl+Shift+Up" in tips["Playback speed"]
    assert tips["Mute"] == "Mute (Ctrl+Shift+M)"
    assert "Ctrl+Shift+PgDown" in tips["Volume"]
    assert "Ctrl+Left / Ctrl+Right" in tips["Playhead time and frame"]
    assert "arrows" in tips["Playhead position"]
    assert widget.video_area.accessibleName() == "Video"
    assert widget.overlay.accessibleName() == "Captions on video"
    # The window binds play/pause and frame steps itself; the player only names them.
    assert widget.play_pause_action.shortcut().isEmpty()
    widget.slower_action.setShortcut("Alt+S")
    assert "Alt+S" in widget.rate_box.toolTip()  # tooltips follow key changes


def test_keyboard_drives_the_transport(qtbot: QtBot) -> None:
    made, factory = fake_factory()
    widget = PlayerWidget(factory=factory, transport_shortcuts=True)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):  # shortcuts only reach the active window
        widget.show()
        widget.activateWindow()
    widget.load("demo.mp4")
    backend = made[0]
    widget.seek_slider.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert backend.state == "playing"
    assert widget.play_button.toolTip() == "Pause (Ctrl+Space)"
    qtbot.keyClick(widget, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert backend.position_ms == 40
    assert widget.time_label.text() == "00:00:00.040 / 00:00:48.000 · frame 1"
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(widget, Qt.Key.Key_Up, shift_ctrl)
    assert backend.rate == 1.25 and widget.rate_box.currentText() == "1.25x"
    qtbot.keyClick(widget, Qt.Key.Key_M, shift_ctrl)
    assert backend.muted and widget.mute_button.isChecked()
    qtbot.keyClick(widget, Qt.Key.Key_PageDown, shift_ctrl)
    assert backend.volume == 90


def test_player_proxy_forwards_and_survives_the_fallback_to_vlc(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(choose, "vlc_unavailable_reason", lambda: "")
    made, factory = fake_factory(qt_fails_with="The built-in player cannot open it.")
    widget = PlayerWidget(backend="auto", factory=factory)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    assert widget.backend_name == "QtMultimedia (FFmpeg)"
    positions: list[int] = []
    failures: list[str] = []
    widget.player.position_changed.connect(positions.append)  # as the window does
    widget.player.media_failed.connect(failures.append)
    with qtbot.waitSignal(widget.backend_changed) as changed:
        widget.load("odd-codec.mkv")
    assert changed.args == ["VLC 3.0.24"]
    assert widget.backend_name == "VLC 3.0.24"
    assert "QtMultimedia could not play odd-codec.mkv" in widget.backend_notice
    assert made[0].closed and made[1].loaded == [Path("odd-codec.mkv")]
    widget.player.seek(1234)
    assert positions == [1234] and widget.player.position_ms == 1234
    widget.player.set_rate(1.5)
    assert made[1].rate == 1.5 and widget.rate_box.currentText() == "1.5x"
    assert failures == []
    # The next file gets QtMultimedia first again (this fake one fails again).
    widget.load("next.mp4")
    assert [b.backend_name for b in made[2:]] == ["QtMultimedia (FFmpeg)", "VLC 3.0.24"]
    assert made[2].loaded == [Path("next.mp4")]


def test_no_fallback_for_a_missing_file_or_when_chosen_so(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(choose, "vlc_unavailable_reason", lambda: "")
    for backend, kind in (("auto", "missing"), ("qtmultimedia", "unsupported")):
        made, factory = fake_factory(qt_fails_with="No such video.", kind=kind)
        widget = PlayerWidget(backend=backend, factory=factory)  # type: ignore[arg-type]
        qtbot.addWidget(widget)
        with qtbot.waitSignal(widget.player.media_failed) as failed:
            widget.load("gone.mp4")
        assert failed.args == ["No such video."]
        assert widget.player.failure_kind == kind
        assert len(made) == 1


def test_backend_setting_and_vlc_availability(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert choose.preferred_backend(settings) == choose.AUTO
    choose.set_preferred_backend(choose.VLC, settings)
    assert choose.preferred_backend(settings) == choose.VLC
    with pytest.raises(ValueError, match="unknown player back end"):
        choose.set_preferred_backend("gstreamer", settings)
    # Tests run on the offscreen platform, where libvlc has no window to draw into.
    reason = choose.vlc_unavailable_reason()
    assert "X11" in reason or "not installed" in reason
    assert choose.initial_backend(choose.VLC) == choose.QTMULTIMEDIA


def test_time_label_format() -> None:
    assert format_playhead(10_000, 48_000, 25) == "00:00:10.000 / 00:00:48.000 · frame 250"
    assert format_playhead(3_723_456, 7_200_000, 24) == \
        "01:02:03.456 / 02:00:00.000 · frame 89362"


def test_captions_show_over_the_demo_video(qtbot: QtBot, demo_video: Path,
                                           demo_cues: Sequence[Cue], artefacts: Path) -> None:
    widget = PlayerWidget(backend="qtmultimedia")
    qtbot.addWidget(widget)
    widget.resize(800, 520)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.backend_name == "QtMultimedia (FFmpeg)"
    widget.set_cues(demo_cues)
    with qtbot.waitSignal(widget.player.media_loaded, timeout=10_000):
        widget.load(demo_video)
    shown: list[int] = []
    widget.player.frame_shown.connect(shown.append)
    active: list[tuple[int, ...]] = []
    widget.active_cues_changed.connect(active.append)

    widget.player.seek(3000)
    qtbot.waitUntil(lambda: 3000 in shown, timeout=3000)
    assert active[-1] == (0,)
    assert widget.overlay.active_texts() == ["Welcome to the review\nworkstation demo."]
    assert widget.time_label.text() == "00:00:03.000 / 00:00:48.000 · frame 75"
    assert widget.seek_slider.value() == 3000
    box = widget.overlay.caption_boxes()[0]
    picture = widget.video_area.rect()
    assert box.bottom() > picture.height() * 0.8  # default: at the bottom
    widget.grab().save(str(artefacts / "player-qt-caption-bottom.png"))

    # "shot-changes" cue: line:10% align:start → near the top, at the left
    widget.player.seek(27_000)
    qtbot.waitUntil(lambda: 27_000 in shown, timeout=3000)
    assert active[-1] == (5,)
    box = widget.overlay.caption_boxes()[0]
    assert box.top() < picture.height() * 0.2
    assert box.left() < picture.width() * 0.25
    widget.grab().save(str(artefacts / "player-qt-caption-top-left.png"))

    # Playing moves the active cue along: cue 1 (05.440–09.080) after cue 0.
    widget.player.seek(4700)
    widget.player.play()
    qtbot.waitUntil(lambda: widget.overlay.active_cues == (1,), timeout=4000)
    widget.player.pause()
    assert () in active[active.index((0,), 1):]  # the gap between the cues showed nothing
