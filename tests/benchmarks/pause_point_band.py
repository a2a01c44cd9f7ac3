"""Benchmark: the pause-point editor on a feature film's worth of audio description.

Run: .venv/bin/python -m tests.benchmarks.pause_point_band [--runs N] [--json PATH]
(offscreen Qt).

A made-up two-hour film: 1,800 caption cues, 600 descriptions, 150 pause
points and 900 shot changes. Prints medians with min and max over the runs:
- timing every description against the dialogue (app, no Qt);
- one paint of the band showing the whole film, and showing one minute;
- one keyboard nudge, from key press to the move saved, queued and repainted
  (target for the last three: well under a frame at 60 Hz, 16 ms).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.audio_description.described_media import DescribedMedia
from app.audio_description.timing import dialogue_spans, time_descriptions
from app.captions.model import Cue
from app.storage import JobInfo, JobStore, PausePoint, PausePointStore, open_database
from tests.benchmarks.figures import figure, print_figures, write_json
from ui.pause_point_editor import PausePointEditor

FILM_MS = 2 * 3_600_000
JOB = "film"


def film() -> tuple[list[Cue], list[Cue], list[int]]:
    """Captions every 4 s, a description in every third gap, a cut every 8 s."""
    captions = [Cue(i * 4000, i * 4000 + 2600, f"Line {i} of the film") for i in range(1800)]
    descriptions = [Cue(i * 12_000 + 2700, i * 12_000 + 3900,
                        "She crosses the room and opens the window onto the square.")
                    for i in range(600)]
    return captions, descriptions, list(range(8000, FILM_MS, 8000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    captions, descriptions, cuts = film()
    dialogue = dialogue_spans(captions)

    timing_s = []
    for _ in range(args.runs):
        began = time.perf_counter()
        time_descriptions(descriptions, dialogue, FILM_MS)
        timing_s.append(time.perf_counter() - began)

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.sqlite3")
        JobStore(database).upsert_job(JobInfo(id=JOB, title="Film", status="in_qc",
                                              source_language="en", duration_ms=FILM_MS,
                                              frame_rate=25.0, notes="", raw_json={}))
        store = PausePointStore(database)
        store.save_server_pause_points(JOB, "en", [
            PausePoint(i, cue.end_ms + 100, cue.end_ms + 100, cue.start_ms, cue.end_ms, 4000,
                       cue.text)
            for i, cue in enumerate(descriptions) if i % 4 == 0])
        editor = PausePointEditor()
        editor.resize(1600, 700)
        editor.open_pause_points(store, DescribedMedia(
            job_id=JOB, language="en", title="Film", media_ms=FILM_MS,
            descriptions=descriptions, captions=captions, shot_changes_ms=cuts))
        editor.show()
        app.processEvents()
        band = editor.band
        band.setFocus()

        def paint_s() -> float:
            began = time.perf_counter()
            band.repaint()
            return time.perf_counter() - began

        whole = [paint_s() for _ in range(args.runs)]
        band.set_view(3_600_000, 3_660_000)
        minute = [paint_s() for _ in range(args.runs)]
        nudges = []
        for run in range(args.runs):
            key = Qt.Key.Key_Right if run % 2 == 0 else Qt.Key.Key_Left
            began = time.perf_counter()
            QApplication.sendEvent(band, QKeyEvent(QKeyEvent.Type.KeyPress, key,
                                                   Qt.KeyboardModifier.NoModifier))
            band.repaint()
            nudges.append(time.perf_counter() - began)
        moved = editor.undo_stack.count()
        editor.close()
        database.close()

    figures = [
        figure("time 600 descriptions against 1,800 captions", "ms", timing_s, 1000),
        figure("paint the band, whole 2 h film", "ms", whole, 1000),
        figure("paint the band, one minute", "ms", minute, 1000),
        figure("nudge a pause point (save, queue, repaint)", "ms", nudges, 1000),
    ]
    print_figures(f"Pause-point editor, {args.runs} runs ({moved} nudges applied)", figures)
    if args.json:
        write_json(args.json, "pause_point_band", figures)


if __name__ == "__main__":
    main()
