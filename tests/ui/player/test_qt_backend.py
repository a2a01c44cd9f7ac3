"""The QtMultimedia back end plays the demo video offscreen, frame-exactly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.player.conftest import BUNNY_24FPS
from ui.player.qt_backend import QtMultimediaBackend


def wait_for_frame(qtbot: QtBot, player: QtMultimediaBackend, expected: int,
                   action: object) -> None:
    """Run `action` and wait until the frame starting at `expected` ms is on screen."""
    shown: list[int] = []
    player.frame_shown.connect(shown.append)
    try:
        assert callable(action)
        action()
        qtbot.waitUntil(lambda: expected in shown, timeout=3000)
    finally:
        player.frame_shown.disconnect(shown.append)
    # Nothing after the expected frame: the seek did not overshoot.
    assert shown[-1] == expected, shown


def test_loads_paused_on_the_first_frame_with_media_facts(qt_player: QtMultimediaBackend) -> None:
    assert qt_player.backend_name == "QtMultimedia (FFmpeg)"
    assert qt_player.state == "paused"
    assert qt_player.duration_ms == 48_000
    assert qt_player.frame_rate == 25.0
    assert qt_player.video_size().width() == 640
    assert qt_player.position_ms == 0


def test_plays_offscreen_and_the_position_advances_frame_by_frame(
        qtbot: QtBot, qt_player: QtMultimediaBackend) -> None:
    frames: list[int] = []
    qt_player.frame_shown.connect(frames.append)
    with qtbot.waitSignal(qt_player.state_changed, timeout=3000) as playing:
        qt_player.play()
    assert playing.args == ["playing"]
    qtbot.waitUntil(lambda: qt_player.position_ms >= 800, timeout=4000)
    with qtbot.waitSignal(qt_player.state_changed, timeout=3000):
        qt_player.pause()
    assert qt_player.state == "paused"
    assert frames == sorted(frames)
    assert all(ms % 40 == 0 for ms in frames)  # exact frame starts at 25 fps
    assert qt_player.position_ms == frames[-1]  # paused where the picture is


def test_paused_seek_shows_exactly_the_frame_asked_for(
        qtbot: QtBot, qt_player: QtMultimediaBackend) -> None:
    wait_for_frame(qtbot, qt_player, 12_320, lambda: qt_player.seek(12_345))
    assert qt_player.position_ms == 12_345
    # A frame boundary is where QtMultimedia would show the previous frame.
    wait_for_frame(qtbot, qt_player, 10_000, lambda: qt_player.seek(10_000))
    assert qt_player.position_ms == 10_000


def test_frame_steps_land_on_exact_frame_starts_both_ways(
        qtbot: QtBot, qt_player: QtMultimediaBackend) -> None:
    wait_for_frame(qtbot, qt_player, 10_000, lambda: qt_player.seek(10_000))
    for delta, expected in ((+1, 10_040), (+1, 10_080), (-1, 10_040), (-1, 10_000),
                            (-1, 9_960)):
        wait_for_frame(qtbot, qt_player, expected, lambda d=delta: qt_player.step_frame(d))
        assert qt_player.position_ms == expected


def test_stepping_while_playing_pauses_first(qtbot: QtBot,
                                             qt_player: QtMultimediaBackend) -> None:
    qt_player.seek(2000)
    qt_player.play()
    qtbot.waitUntil(lambda: qt_player.position_ms >= 2200, timeout=3000)
    with qtbot.waitSignal(qt_player.state_changed, timeout=3000):
        qt_player.step_frame(+1)
    assert qt_player.state == "paused"
    assert qt_player.position_ms % 40 == 0


@pytest.mark.skipif(not BUNNY_24FPS.exists(), reason="shared 24 fps sample not present")
def test_steps_at_24_fps_use_the_media_frame_rate(qtbot: QtBot) -> None:
    player = QtMultimediaBackend(frame_rate=25.0)  # the media's own rate must win
    with qtbot.waitSignal(player.media_loaded, timeout=10_000):
        player.load(BUNNY_24FPS)
    try:
        assert player.frame_rate == pytest.approx(24.0)
        wait_for_frame(qtbot, player, 1000, lambda: player.seek(1000))
        wait_for_frame(qtbot, player, 1042, lambda: player.step_frame(+1))  # 25 / 24 s
        wait_for_frame(qtbot, player, 1000, lambda: player.step_frame(-1))
        wait_for_frame(qtbot, player, 958, lambda: player.step_frame(-1))
    finally:
        player.close()


def test_rate_changes_the_speed_and_is_clamped(qtbot: QtBot,
                                               qt_player: QtMultimediaBackend) -> None:
    qt_player.set_rate(5.0)
    assert qt_player.rate == 2.0
    qt_player.set_rate(0.1)
    assert qt_player.rate == 0.5
    qt_player.set_rate(2.0)
    qt_player.seek(5000)
    qt_player.play()
    qtbot.waitUntil(lambda: qt_player.position_ms > 5100, timeout=3000)
    start_ms, start = qt_player.position_ms, time.monotonic()
    qtbot.wait(1000)
    advanced = qt_player.position_ms - start_ms
    elapsed = (time.monotonic() - start) * 1000
    qt_player.pause()
    assert advanced == pytest.approx(2 * elapsed, rel=0.2)


def test_mute_and_volume_are_kept_without_an_audio_device(
        qt_player: QtMultimediaBackend) -> None:
    qt_player.set_muted(True)
    qt_player.set_volume(140)
    assert qt_player.muted is True
    assert qt_player.volume == 100


def test_a_missing_file_fails_with_a_plain_message(qtbot: QtBot, tmp_path: Path) -> None:
    player = QtMultimediaBackend()
    with qtbot.waitSignal(player.media_failed, timeout=3000) as failed:
        player.load(tmp_path / "gone.mp4")
    message = failed.args[0]
    assert "“gone.mp4” was not found" in message
    assert player.failure_kind == "missing"
    player.play()  # harmless after a failure
    assert player.state == "stopped"


# QtMultimedia itself logs why FFmpeg refused the file; that is this test's point.
@pytest.mark.qt_log_ignore(r"^Could not open media\. FFmpeg error description")
def test_a_file_that_is_not_video_fails_with_a_plain_message(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    notes = tmp_path / "notes.mp4"
    notes.write_text("These are my notes, not a video.\n")
    player = QtMultimediaBackend()
    with qtbot.waitSignal(player.media_failed, timeout=5000) as failed:
        player.load(notes)
    message = failed.args[0]
    assert "notes.mp4" in message and "not a video file" in message
    assert "Error" not in message  # no enum names or library jargon
    assert player.failure_kind == "unsupported"  # another engine may be tried
