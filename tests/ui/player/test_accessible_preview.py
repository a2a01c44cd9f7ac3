"""Play as accessible video with the QtMultimedia back end: holds measured on the player's clock."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from ui.accessible_preview import AccessiblePreview, PreviewStop
from ui.player.qt_backend import QtMultimediaBackend

# Two pause points early in the demo video, with holds of different lengths.
STOPS = (PreviewStop(2, 1000, 700, "A red door opens."),
         PreviewStop(5, 2000, 400, "She waves."))


def test_the_picture_holds_at_each_pause_point_for_the_clip_length(
        qtbot: QtBot, qt_player: QtMultimediaBackend) -> None:
    preview = AccessiblePreview(qt_player)
    preview.set_stops(STOPS)
    frames: list[int] = []
    qt_player.frame_shown.connect(frames.append)
    started: list[tuple[float, int, int, str, str]] = []
    finished: list[tuple[float, int, int, int]] = []
    preview.stop_started.connect(
        lambda cue, ms, text, how: started.append((time.monotonic(), cue, ms, text, how)))
    preview.stop_finished.connect(lambda cue: finished.append(
        (time.monotonic(), cue, qt_player.position_ms, frames[-1] if frames else -1)))

    preview.start(0)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=8000)
    qtbot.waitUntil(lambda: qt_player.position_ms >= 2300, timeout=3000)
    preview.stop()
    assert qt_player.state == "paused" and not preview.active

    assert [(cue, ms, text, how) for _, cue, ms, text, how in started] == [
        (2, 1000, "A red door opens.", "text"), (5, 2000, "She waves.", "text")]
    for (began, *_), (ended, cue, position, frame), stop in zip(started, finished, STOPS,
                                                                 strict=True):
        held_ms = (ended - began) * 1000
        assert stop.hold_ms - 20 <= held_ms <= stop.hold_ms + 250, (cue, held_ms)
        # Throughout the hold the player's clock and the picture stay on the pause point.
        assert position == stop.timestamp_ms
        assert frame == stop.timestamp_ms
    # Between the holds the media ran its one second at normal speed.
    between_ms = (started[1][0] - finished[0][0]) * 1000
    assert 800 <= between_ms <= 1400, between_ms
