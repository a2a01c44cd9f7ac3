"""Benchmark: the waveform timeline with a two-hour programme.

Run: .venv/bin/python -m tests.benchmarks.timeline [--hours 2] [--paints 30] [--keep]

1. Generates a mono AAC file of pink noise with a slowly varying level
   (ffmpeg ``anoisesrc``), `--hours` long, in a temporary folder (kept in
   /tmp/timeline-benchmark/ with --keep, and then reused).
2. Reads its peaks in the background exactly as the window does
   (`WaveformTimeline.load_media`) while a 5 ms QTimer heartbeat on the GUI
   thread records the longest gap between beats: the longest GUI stall. The
   target is under 50 ms. Also prints how long the peaks took, and how long
   a second load (from the cache) takes.
3. Paints the timeline (1400×220, with a 2,000-cue track and shot changes
   every 4 s) at several zooms, from the whole programme to one second,
   `--paints` times each with the view scrolled a little between paints;
   prints the median and worst paint time per zoom. Target: under 16 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from app.captions.model import Cue, Track
from tests.benchmarks.figures import Figure, figure, print_figures, write_json
from ui.waveform_timeline import TimelineMarker, WaveformTimeline


def generate_audio(folder: Path, hours: float) -> Path:
    target = folder / f"programme-{hours:g}h.m4a"
    if target.is_file():
        return target
    seconds = round(hours * 3600)
    partial = folder / "partial.m4a"
    started = time.perf_counter()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"anoisesrc=d={seconds}:c=pink:r=48000:a=0.5",
         "-af", "volume='0.15+0.85*abs(sin(t/2.3))':eval=frame",
         "-ac", "1", "-c:a", "aac", "-b:a", "48k", str(partial)], check=True)
    partial.rename(target)
    print(f"generated {target.name} in {time.perf_counter() - started:.1f} s")
    return target


def cues(count: int, duration_ms: int) -> Track:
    step = duration_ms // count
    return Track([Cue(n * step + 200, n * step + step - 300,
                      f"Cue {n + 1} says something\non two lines") for n in range(count)])


def measure_background_load(app: QApplication, timeline: WaveformTimeline, media: Path,
                            cache: Path) -> tuple[float, float, float]:
    """(seconds to peaks, longest GUI gap ms, median GUI gap ms) for one load."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    started = time.perf_counter()
    timeline.load_media(media, cache_folder=cache, detect_shot_changes=False)
    while timeline.canvas.peaks is None:
        app.processEvents()
        time.sleep(0.001)
        if timeline.status.text() == "No waveform":
            raise SystemExit("peaks failed")
    elapsed = time.perf_counter() - started
    heartbeat.stop()
    return elapsed, max(gaps, default=0.0), statistics.median(gaps) if gaps else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--paints", type=int, default=30)
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated audio in /tmp/timeline-benchmark for next time")
    parser.add_argument("--quick", action="store_true", help="20 minutes of audio, 10 paints")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    if options.quick:
        options.hours, options.paints = min(options.hours, 1 / 3), min(options.paints, 10)
    figures: list[Figure] = []
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    folder = Path("/tmp/timeline-benchmark") if options.keep else Path(tempfile.mkdtemp())
    folder.mkdir(exist_ok=True)
    cache = Path(tempfile.mkdtemp())
    try:
        media = generate_audio(folder, options.hours)
        timeline = WaveformTimeline()
        timeline.resize(1400, 260)
        duration = round(options.hours * 3_600_000)
        timeline.set_track(cues(2000, duration))
        timeline.set_reference_track(cues(1900, duration), "source (read only)")
        timeline.set_shot_changes(range(0, duration, 4000))
        timeline.set_markers([TimelineMarker(ms, "note") for ms in range(0, duration, 60_000)])
        timeline.show()
        app.processEvents()

        seconds, worst, typical = measure_background_load(app, timeline, media, cache)
        hours = f"{options.hours:g} h of audio"
        figures.append(figure(f"timeline: peaks of {hours} in the background", "s", [seconds]))
        figures.append(figure(f"timeline: longest GUI stall while reading {hours}", "ms",
                              [worst]))
        print(f"peaks of {options.hours:g} h in the background: {seconds:.1f} s; "
              f"GUI heartbeat gap median {typical:.1f} ms, longest {worst:.1f} ms "
              f"(target < 50 ms)")
        timeline.set_peaks(None)
        seconds, worst, _ = measure_background_load(app, timeline, media, cache)
        print(f"reopen (cached peaks): {seconds * 1000:.0f} ms; longest GUI gap {worst:.1f} ms")

        canvas = timeline.canvas
        zooms = {"whole programme": duration / canvas.width(), "10 minutes": 600_000 / 1400,
                 "1 minute": 60_000 / 1400, "10 seconds": 10_000 / 1400,
                 "1 second": 1000 / 1400}
        for name, ms_per_px in zooms.items():
            canvas.ms_per_px = ms_per_px
            times: list[float] = []
            for paint in range(options.paints):
                canvas.scroll_to(duration / 3 + paint * canvas.visible_ms * 0.07)
                canvas.set_playhead(round(canvas.start_ms + canvas.visible_ms / 2))
                started = time.perf_counter()
                canvas.repaint()
                times.append((time.perf_counter() - started) * 1000)
            print(f"paint at {name:>16}: median {statistics.median(times):5.1f} ms, "
                  f"worst {max(times):5.1f} ms (target < 16 ms)")
            figures.append(figure(f"timeline: one frame at {name} zoom", "ms", times))
        print_figures("timeline", figures)
        if options.json:
            write_json(options.json, "timeline", figures)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
