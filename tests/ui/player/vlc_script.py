"""Drive the VLC back end on a real X display and print what happened as JSON.

Run by ``test_vlc_backend.py`` in a subprocess, because libvlc needs a real
X11 window (QT_QPA_PLATFORM=xcb) while the rest of the test run uses the
offscreen platform, and one process can only have one Qt platform:

    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python -m tests.ui.player.vlc_script \
        [--screenshot PATH]

Plays the demo video in a `PlayerWidget` with the VLC back end and the demo
captions, and reports: load facts, the position and active cues while
playing, and (when ffmpeg is present) which frames paused seeks and frame
steps actually show, read from the burned-in timecode.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "resources" / "demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.captions.webvtt_file import read_file
    from tests.ui.player.timecode_reader import CROP_H, CROP_W, CROP_X, CROP_Y, TimecodeReader
    from ui.player.player_widget import PlayerWidget
    from ui.player.vlc_backend import VlcBackend

    app = QApplication(sys.argv[:1])
    result: dict[str, Any] = {"platform": app.platformName()}

    def wait(ms: int, until: Callable[[], bool] | None = None) -> None:
        """Run the event loop for up to `ms`, or until `until()` holds.

        A QEventLoop, not processEvents(): PySide6 6.12's processEvents() drops
        a reference to None per call, fatal after a few thousand on Python 3.11.
        """
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        check = QTimer()
        if until is not None:
            check.timeout.connect(lambda: loop.quit() if until() else None)
            check.start(10)
        loop.exec()
        check.stop()

    widget = PlayerWidget(backend="vlc")
    widget.video_area.setFixedSize(640, 360)  # 1:1 picture for reading the timecode
    widget.move(0, 0)
    widget.show()
    result["backend_name"] = widget.backend_name
    result["is_vlc"] = isinstance(widget.backend, VlcBackend)
    if not result["is_vlc"]:
        print(json.dumps(result))
        return
    failures: list[str] = []
    widget.player.media_failed.connect(failures.append)
    loaded: list[bool] = []
    widget.player.media_loaded.connect(lambda: loaded.append(True))
    began = time.monotonic()
    widget.load(DEMO / "demo.mp4")
    wait(10_000, lambda: bool(loaded or failures))
    result.update(loaded=bool(loaded), failures=failures,
                  load_ms=round((time.monotonic() - began) * 1000),
                  duration_ms=widget.player.duration_ms, frame_rate=widget.player.frame_rate,
                  state_after_load=widget.player.state)
    if not loaded:
        print(json.dumps(result))
        return

    try:
        reader: TimecodeReader | None = TimecodeReader(DEMO / "demo.mp4")
    except RuntimeError:
        reader = None

    def shown_frame() -> int | None:
        if reader is None:
            return None
        corner = widget.video_area.mapToGlobal(widget.video_area.rect().topLeft())
        image = app.primaryScreen().grabWindow(0, corner.x() + CROP_X, corner.y() + CROP_Y,
                                               CROP_W, CROP_H).toImage()
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        bits, stride = bytes(image.constBits()), image.bytesPerLine()
        grey = b"".join(bits[row * stride:row * stride + CROP_W] for row in range(CROP_H))
        frame, _distance = reader.frame_of(grey)
        return frame

    # Paused seeks and frame steps: what is asked, what libvlc shows.
    accuracy = []
    moves: list[tuple[str, int]] = [
        ("seek", 10_000), ("step", 1), ("step", 1), ("step", -1), ("step", -1), ("step", -1),
        ("seek", 20_000), ("seek", 33_360), ("step", -1), ("seek", 12_360), ("step", 1),
    ]
    for kind, value in moves:
        if kind == "seek":
            widget.player.seek(value)
        else:
            widget.player.step_frame(value)
        wait(400)
        frame = shown_frame()
        asked = widget.player.position_ms // 40
        accuracy.append({"move": f"{kind} {value:+d}" if kind == "step" else f"seek {value}",
                         "asked_frame": asked, "shown_frame": frame,
                         "error_frames": None if frame is None else frame - asked})
    result["paused_accuracy"] = accuracy

    # Captions only now: a caption box over the timecode would hide it from the reader.
    widget.set_cues(read_file(DEMO / "en.captions.vtt").cues)

    # Playing across the end of cue 0 (04.840) into cue 1 (05.440).
    positions: list[tuple[float, int]] = []
    actives: list[list[int]] = []
    widget.player.position_changed.connect(
        lambda ms: positions.append((time.monotonic(), ms)))
    widget.active_cues_changed.connect(lambda active: actives.append(list(active)))
    widget.player.seek(4400)
    wait(300)
    actives.clear()
    actives.append(list(widget.overlay.active_cues))
    positions.clear()
    widget.player.play()
    wait(1600)
    state_while_playing = widget.player.state
    widget.player.pause()
    wait(200)
    playing = [(t, ms) for t, ms in positions]
    steps = [b[1] - a[1] for a, b in itertools.pairwise(playing)]
    result.update(
        state_while_playing=state_while_playing,
        first_position=playing[0][1] if playing else None,
        last_position=playing[-1][1] if playing else None,
        position_updates=len(playing),
        largest_position_step_ms=max(steps, default=None),
        backwards_steps=sum(1 for step in steps if step < 0),
        active_cues_sequence=actives,
        state_after_pause=widget.player.state,
    )

    # A positioned caption over libvlc's picture, for people to look at.
    widget.player.seek(27_000)
    wait(600)
    result["caption_at_27s"] = widget.overlay.active_texts()
    if args.screenshot is not None:
        corner = widget.mapToGlobal(widget.rect().topLeft())
        app.primaryScreen().grabWindow(0, corner.x(), corner.y(), widget.width(),
                                       widget.height()).save(str(args.screenshot))
        result["screenshot"] = str(args.screenshot)
    widget.player.close()
    wait(300)
    QTimer.singleShot(0, app.quit)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
