"""Benchmark: load and write a 20,000-cue WebVTT track, against webvtt-py alone.

Run: .venv/bin/python -m tests.benchmarks.webvtt_load_save [--cues N] [--runs N]
Prints medians (with min and max) of several runs and the ratios ours/webvtt-py,
measured in the same process. The load path must stay within 1.5x of webvtt-py.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import webvtt

from app.captions.timecode import format_timestamp
from app.captions.webvtt_file import decode, parse, write


def make_track_text(cues: int) -> str:
    """A realistic caption file: ids, settings on some cues, two-line cues, markup, NOTEs."""
    out = ["WEBVTT - benchmark", "Kind: captions", ""]
    time_ms = 0
    for index in range(cues):
        if index % 500 == 0:
            out += [f"NOTE chapter {index // 500 + 1}", ""]
        start, end = time_ms, time_ms + 1800 + (index % 7) * 150
        settings = " line:84.67% align:center" if index % 3 == 0 else ""
        text = (
            f"<i>Line {index} of the benchmark,</i>\nand its second line &amp; more"
            if index % 2
            else f"<v Speaker {index % 5}>Caption number {index}</v>"
        )
        out += [str(index + 1), f"{format_timestamp(start)} --> {format_timestamp(end)}{settings}",
                text, ""]
        time_ms = end + 120
    return "\n".join(out)


def measure(action: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cues", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    text = make_track_text(args.cues)
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.vtt"
        path.write_bytes(data)
        ours_track = parse(decode(data))
        theirs = webvtt.read(str(path))
        assert len(ours_track.cues) == len(theirs.captions) == args.cues

        def theirs_save() -> None:
            buffer = io.StringIO()
            theirs.write(buffer)

        results = {
            "load, ours (read bytes + parse)": measure(
                lambda: parse(decode(path.read_bytes())), args.runs),
            "load, webvtt-py (webvtt.read)": measure(lambda: webvtt.read(str(path)), args.runs),
            "write, ours (unedited, lossless)": measure(lambda: write(ours_track), args.runs),
            "write, webvtt-py (WebVTT.write)": measure(theirs_save, args.runs),
        }
    print(f"{args.cues} cues, {len(data) / 1e6:.1f} MB, {args.runs} runs each")
    print(f"{'what':40} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    figures: dict[str, object] = {}
    for name, timings in results.items():
        median = statistics.median(timings)
        figures[name] = {"median_s": median, "min_s": min(timings), "max_s": max(timings)}
        print(f"{name:40} {median * 1000:10.1f} {min(timings) * 1000:8.1f} "
              f"{max(timings) * 1000:8.1f}")
    names = list(results)
    load_ratio = statistics.median(results[names[0]]) / statistics.median(results[names[1]])
    write_ratio = statistics.median(results[names[2]]) / statistics.median(results[names[3]])
    print(f"load ratio ours/webvtt-py:  {load_ratio:.2f}x (target: at most 1.5x)")
    print(f"write ratio ours/webvtt-py: {write_ratio:.2f}x")
    figures["load_ratio"] = load_ratio
    figures["write_ratio"] = write_ratio
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
