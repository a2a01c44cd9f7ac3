"""Benchmark: start the app cold, to an interactive main window with the demo track open.

Run: .venv/bin/python -m tests.benchmarks.cold_start [--runs N] [--json PATH]
Each run is a fresh Python process (imports and all). "First start" uses an
empty profile (it imports the demo workspace); "later start" reuses one.
The figure is wall time from launching the process until the window shows
the cue table with the demo track's cues, measured by the parent; the child
also reports its longest GUI-thread stall while starting.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.figures import figure, print_figures, write_json

CHILD = r"""
import json, sys, time
from PySide6.QtCore import QElapsedTimer, QTimer
from sync.secret_store import MemorySecretStore
from ui.application import build_window, create_application

app = create_application()
window = build_window([], secrets=MemorySecretStore())
window.show()
longest = 0.0
clock = QElapsedTimer()
clock.start()
def beat() -> None:
    global longest
    longest = max(longest, clock.restart())
timer = QTimer()
timer.setInterval(1)
timer.timeout.connect(beat)
timer.start()
deadline = time.monotonic() + 60
while window.editor.model.rowCount() == 0 and time.monotonic() < deadline:
    app.processEvents()
window.editor.table.viewport().repaint()
print("READY", json.dumps({"stall_ms": longest, "rows": window.editor.model.rowCount()}),
      flush=True)
window.close()
"""


def one_start(home: Path) -> tuple[float, float]:
    env = dict(os.environ, REVIEW_WORKSTATION_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    ready = None
    for line in child.stdout:
        if line.startswith("READY "):
            ready = time.perf_counter() - began
            details = json.loads(line[6:])
            break
    child.wait(timeout=60)
    if ready is None or not details["rows"]:
        raise SystemExit("the window did not become ready")
    return ready, float(details["stall_ms"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="rw-cold-start-"))
    first, first_stalls = [], []
    for run in range(args.runs):
        seconds, stall = one_start(root / f"fresh-{run}")
        first.append(seconds)
        first_stalls.append(stall)
    later, later_stalls = [], []
    reused = root / "reused"
    one_start(reused)
    for _ in range(args.runs):
        seconds, stall = one_start(reused)
        later.append(seconds)
        later_stalls.append(stall)
    figures = [
        figure("cold start, first start (empty profile), to cues shown", "s", first),
        figure("cold start, later start, to cues shown", "s", later),
        figure("cold start, later start, longest GUI stall after show", "ms", later_stalls),
    ]
    print_figures(f"cold start, {args.runs} runs each", figures)
    if args.json:
        write_json(args.json, "cold_start", figures)


if __name__ == "__main__":
    main()
