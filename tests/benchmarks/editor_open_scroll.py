"""Benchmark: open a 2,000-cue track into the editor, and scroll a 20,000-cue track.

Run: .venv/bin/python -m tests.benchmarks.editor_open_scroll [--runs N]
(offscreen Qt; set QT_QPA_PLATFORM=xcb with a DISPLAY to measure on a real X server).

Prints, as medians with min and max over the runs:
- open: from File → Open to the model holding every cue, and to the first paint;
- scroll: time per page step through the 20,000-cue table, painted each step;
- the longest stall of the GUI thread during each, measured by a 1 ms timer
  that records the largest gap between its ticks (target: under 50 ms).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from tests.benchmarks.figures import figure, print_figures, write_json
from tests.benchmarks.webvtt_load_save import make_track_text


class StallMeter:
    """The largest gap between ticks of a 1 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.longest_ms = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.longest_ms = 0.0
        self._clock.start()
        self._last = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._on_timer_timeout()
        return self.longest_ms

    def _on_timer_timeout(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        self.longest_ms = max(self.longest_ms, now - self._last)
        self._last = now


def spin_until(app: QApplication, done: object, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
    if not done():  # type: ignore[operator]
        raise TimeoutError("the editor did not finish in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="rw-bench-")
    os.environ["REVIEW_WORKSTATION_HOME"] = home
    from ui.application import build_window, create_application

    app = create_application()
    window = build_window([])
    window.resize(1400, 900)
    window.show()
    spin_until(app, lambda: window.editor.model.rowCount() > 0)
    meter = StallMeter()

    folder = Path(home)
    small = folder / "two-thousand.vtt"
    small.write_text(make_track_text(2000), encoding="utf-8")
    big = folder / "twenty-thousand.vtt"
    big.write_text(make_track_text(20_000), encoding="utf-8")

    ready, painted, open_stalls = [], [], []
    for _ in range(args.runs):
        window.editor.model.set_track(window.editor.model.track.__class__(), [])
        app.processEvents()
        meter.start()
        began = time.perf_counter()
        window.open_file(small)
        spin_until(app, lambda: window.editor.model.rowCount() == 2000)
        ready.append(time.perf_counter() - began)
        window.editor.table.viewport().repaint()
        painted.append(time.perf_counter() - began)
        app.processEvents()
        open_stalls.append(meter.stop())

    big_ready, big_stalls = [], []
    for _ in range(max(1, args.runs // 2)):
        window.editor.model.set_track(window.editor.model.track.__class__(), [])
        app.processEvents()
        meter.start()
        began = time.perf_counter()
        window.open_file(big)
        spin_until(app, lambda: window.editor.model.rowCount() == 20_000)
        window.editor.table.viewport().repaint()
        big_ready.append(time.perf_counter() - began)
        app.processEvents()
        big_stalls.append(meter.stop())
    spin_until(app, lambda: window.editor.model.rowCount() == 20_000)
    bar = window.editor.table.verticalScrollBar()
    steps, scroll_stalls = [], []
    for _ in range(args.runs):
        bar.setValue(0)
        app.processEvents()
        meter.start()
        while bar.value() < bar.maximum():
            began = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            window.editor.table.viewport().repaint()
            app.processEvents()
            steps.append(time.perf_counter() - began)
        scroll_stalls.append(meter.stop())

    figures = [
        figure("editor: open 2,000 cues, model ready", "ms", ready, 1000),
        figure("editor: open 2,000 cues, first paint", "ms", painted, 1000),
        figure("editor: open 2,000 cues, longest GUI stall", "ms", open_stalls),
        figure("editor: open 20,000 cues, first paint", "ms", big_ready, 1000),
        figure("editor: open 20,000 cues, longest GUI stall", "ms", big_stalls),
        figure(f"editor: scroll 20,000 cues, one page step ({len(steps)} steps)", "ms",
               steps, 1000),
        figure("editor: scroll 20,000 cues, longest GUI stall per pass", "ms", scroll_stalls),
    ]
    print_figures(f"caption editor, {args.runs} runs", figures)
    if args.json:
        write_json(args.json, "editor_open_scroll", figures)
    window.close()


if __name__ == "__main__":
    main()
