"""Benchmark: load and write a 20,000-cue WebVTT track, against webvtt-py and pysubs2.

Run: .venv/bin/python -m tests.benchmarks.webvtt_load_save [--cues N] [--runs N] [--json P]
Prints medians (with min and max) of several runs and the ratios ours/webvtt-py
and ours/pysubs2, measured in the same process. The load path must stay within
1.5x of webvtt-py. Ours keeps every byte (an unedited write is identical);
the others do not, so they do less work.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

import pysubs2
import webvtt

from app.captions.timecode import format_timestamp
from app.captions.webvtt_file import decode, parse, write
from tests.benchmarks.figures import figure, measure, print_figures, ratio, write_json


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
        subs = pysubs2.load(str(path), encoding="utf-8")
        assert len(ours_track.cues) == len(theirs.captions) == args.cues

        def webvtt_py_save() -> None:
            theirs.write(io.StringIO())

        timings = {
            "load ours": measure(lambda: parse(decode(path.read_bytes())), args.runs),
            "load webvtt-py": measure(lambda: webvtt.read(str(path)), args.runs),
            "load pysubs2": measure(lambda: pysubs2.load(str(path), encoding="utf-8"),
                                    args.runs),
            "write ours": measure(lambda: write(ours_track), args.runs),
            "write webvtt-py": measure(webvtt_py_save, args.runs),
            "write pysubs2": measure(lambda: subs.to_string("vtt"), args.runs),
        }
    size = f"{args.cues:,} cues"
    found = {key: figure(f"WebVTT {key}, {size}", "ms", values, 1000)
             for key, values in timings.items()}
    figures = [
        *found.values(),
        ratio("WebVTT load ours / webvtt-py (target <= 1.5)", found["load ours"],
              found["load webvtt-py"]),
        ratio("WebVTT load ours / pysubs2", found["load ours"], found["load pysubs2"]),
        ratio("WebVTT write ours / webvtt-py", found["write ours"], found["write webvtt-py"]),
        ratio("WebVTT write ours / pysubs2", found["write ours"], found["write pysubs2"]),
    ]
    print_figures(f"{size}, {len(data) / 1e6:.1f} MB, {args.runs} runs each", figures)
    if args.json:
        write_json(args.json, "webvtt_load_save", figures)


if __name__ == "__main__":
    main()
