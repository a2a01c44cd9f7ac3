"""Benchmark: how far the VLC back end's playhead is from the picture while playing.

Run: .venv/bin/python -m tests.benchmarks.player_clock [--runs 3] [--seconds 10]
     [--rate 1.0] [--json PATH]

Starts Xvfb itself when DISPLAY is unset (libvlc needs a real X window). Each
run plays the demo video with the VLC back end from a paused seek and, every
~10 ms, samples the interpolated playhead (`player.position_ms`), libvlc's own
coarse ``get_time()``, and the frame on screen, read from the burned-in
timecode (see tests/ui/player/timecode_reader.py).

The true media position is the wall clock since playback started, anchored
to the picture: ``true(t) = rate × (t − t0) + b``, with `b` the median over
the run of (start of the frame on screen + half a frame − rate × (t − t0)).
Errors are reported against it for the interpolated and the raw position
(median / 95th percentile / max of |error|, and the mean signed error), over
steady playback (from 0.5 s after pressing play; the start-up is reported
apart). The target: under one frame at 25 fps (40 ms) while playing.
Prints per-run figures and, across runs, median (min–max).
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEMO_VIDEO = REPO / "resources" / "demo" / "demo.mp4"
FRAME_MS = 40.0  # the demo video is 25 fps
STARTUP_S = 0.5


def ensure_display() -> str:
    """Use $DISPLAY, or start a private Xvfb and return its display name."""
    if os.environ.get("DISPLAY"):
        return os.environ["DISPLAY"]
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("DISPLAY is unset and Xvfb is not installed: libvlc needs an X display.")
    for number in range(90, 130):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and \
                not Path(f"/tmp/.X{number}-lock").exists():
            break
    else:
        sys.exit("no free X display number between :90 and :129")
    # -terminate: the server exits when its last client goes, even if this
    # process dies without running atexit (a crash).
    server = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp", "-terminate"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop_server() -> None:
        server.terminate()
        server.wait(timeout=5)

    atexit.register(stop_server)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            sys.exit("Xvfb did not start")
        time.sleep(0.05)
    os.environ["DISPLAY"] = f":{number}"
    return os.environ["DISPLAY"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(errors: list[float]) -> dict[str, float]:
    magnitudes = [abs(error) for error in errors]
    return {"median": statistics.median(magnitudes), "p95": percentile(magnitudes, 0.95),
            "max": max(magnitudes), "mean_signed": statistics.fmean(errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    display = ensure_display()
    os.environ["QT_QPA_PLATFORM"] = "xcb"

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from tests.ui.player.timecode_reader import CROP_H, CROP_W, CROP_X, CROP_Y, TimecodeReader
    from ui.player.player_widget import PlayerWidget
    from ui.player.vlc_backend import VlcBackend

    app = QApplication(sys.argv[:1])
    reader = TimecodeReader(DEMO_VIDEO)
    widget = PlayerWidget(backend="vlc")
    widget.video_area.setFixedSize(640, 360)  # 1:1 picture, for reading the timecode
    widget.move(0, 0)
    widget.show()
    backend = widget.backend
    if not isinstance(backend, VlcBackend):
        sys.exit(f"VLC back end unavailable: {widget.backend_notice}")

    def spin(ms: float) -> None:
        # An event loop, not processEvents(): PySide6 6.12's processEvents()
        # drops a reference to None per call, fatal after a few thousand on 3.11.
        loop = QEventLoop()
        QTimer.singleShot(int(ms), loop.quit)
        loop.exec()

    loaded: list[bool] = []
    widget.player.media_loaded.connect(lambda: loaded.append(True))
    widget.load(DEMO_VIDEO)
    deadline = time.monotonic() + 10
    while not loaded and time.monotonic() < deadline:
        spin(50)
    if not loaded:
        sys.exit("the demo video did not open in VLC")
    widget.player.set_rate(args.rate)

    def grab_crop() -> bytes:
        corner = widget.video_area.mapToGlobal(widget.video_area.rect().topLeft())
        image = app.primaryScreen().grabWindow(0, corner.x() + CROP_X, corner.y() + CROP_Y,
                                               CROP_W, CROP_H).toImage()
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        bits, stride = bytes(image.constBits()), image.bytesPerLine()
        return b"".join(bits[row * stride:row * stride + CROP_W] for row in range(CROP_H))

    runs: list[dict[str, Any]] = []
    samples: list[tuple[float, int, int, bytes]] = []  # time, interpolated, coarse, crop

    def sample() -> None:
        now = time.monotonic()
        samples.append((now, widget.player.position_ms, backend.coarse_time_ms(), grab_crop()))

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(sample)
    span_ms = args.seconds * 1000 * args.rate
    for run in range(args.runs):
        start_ms = int(2000 + run * (span_ms + 2000)) % max(1, int(48_000 - span_ms - 1000))
        widget.player.seek(start_ms)
        spin(600)
        samples.clear()
        pressed = time.monotonic()
        widget.player.play()
        timer.start()
        spin(args.seconds * 1000)
        timer.stop()
        widget.player.pause()
        spin(300)

        frames: dict[bytes, int] = {}
        rows = []
        for at, interpolated, coarse, crop in samples:
            if crop not in frames:
                frames[crop] = reader.frame_of(crop)[0]
            rows.append((at - pressed, interpolated, coarse, frames[crop]))
        steady = [row for row in rows if row[0] >= STARTUP_S]
        offset = statistics.median(k * FRAME_MS + FRAME_MS / 2 - args.rate * 1000 * t
                                   for t, _i, _c, k in steady)
        truth = [args.rate * 1000 * t + offset for t, _i, _c, _k in steady]
        figures = {
            "start_ms": start_ms,
            "samples": len(steady),
            "interpolated": summarise([row[1] - true for row, true in zip(steady, truth,
                                                                          strict=True)]),
            "raw_get_time": summarise([row[2] - true for row, true in zip(steady, truth,
                                                                          strict=True)]),
            "picture_vs_line": summarise([row[3] * FRAME_MS + FRAME_MS / 2 - true
                                          for row, true in zip(steady, truth, strict=True)]),
            "interpolated_within_shown_frame": sum(
                1 for _t, i, _c, k in steady if k * FRAME_MS <= i < (k + 1) * FRAME_MS)
            / max(1, len(steady)),
            "startup_max_interpolated_error": max(
                (abs(i - (k * FRAME_MS + FRAME_MS / 2)) for t, i, _c, k in rows
                 if t < STARTUP_S), default=0.0),
        }
        runs.append(figures)
        print(f"run {run + 1}: from {start_ms} ms, {figures['samples']} samples at "
              f"{args.rate:g}x | interpolated |err| median {figures['interpolated']['median']:.1f}"
              f" p95 {figures['interpolated']['p95']:.1f} max {figures['interpolated']['max']:.1f}"
              f" ms (bias {figures['interpolated']['mean_signed']:+.1f}) | raw get_time() "
              f"median {figures['raw_get_time']['median']:.1f} p95 "
              f"{figures['raw_get_time']['p95']:.1f} max {figures['raw_get_time']['max']:.1f} ms"
              f" | within shown frame {figures['interpolated_within_shown_frame']:.0%}"
              f" | start-up max {figures['startup_max_interpolated_error']:.0f} ms", flush=True)

    widget.player.close()
    spin(300)

    def across(path: tuple[str, ...]) -> str:
        values = []
        for figures in runs:
            value: Any = figures
            for key in path:
                value = value[key]
            values.append(float(value))
        return f"{statistics.median(values):7.1f} ({min(values):.1f}–{max(values):.1f})"

    print(f"\nVLC {backend.backend_name.split()[-1]} on {display}, demo video 25 fps, "
          f"{args.runs} runs × {args.seconds:g} s at {args.rate:g}x; error against the "
          "picture-anchored wall clock, ms; median (min–max) across runs")
    print(f"{'':28s}{'median |err|':>22s}{'p95 |err|':>22s}{'max |err|':>22s}")
    for label, key in (("interpolated position_ms", "interpolated"),
                       ("raw libvlc get_time()", "raw_get_time"),
                       ("picture midpoint vs line", "picture_vs_line")):
        print(f"{label:28s}" + "".join(f"{across((key, stat)):>22s}"
                                       for stat in ("median", "p95", "max")))
    print(f"interpolated within the frame on screen: "
          f"{across(('interpolated_within_shown_frame',))} (share of samples)")
    if args.json:
        args.json.write_text(json.dumps({"rate": args.rate, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
