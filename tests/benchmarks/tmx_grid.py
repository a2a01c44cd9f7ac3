"""Benchmark: open a 100,000-unit TMX into the segment review grid, filter it, and weigh it.

Run: .venv/bin/python -m tests.benchmarks.tmx_grid [--units N] [--runs N] [--json P] [--profile]
(offscreen Qt; set QT_QPA_PLATFORM=xcb with a DISPLAY to measure on a real X server).

Prints medians (with min and max) of several runs, measured in the same process:
- lxml's bare parse of the same bytes (the floor nothing built on lxml can beat);
- read_tmx (decode, safety checks, parse, the immutable unit model, unit spans);
- open_tmx_review: the units as review segments (the domain's TMX binding);
- the grid showing those segments up to the first paint;
- a plain text filter (first run builds the text caches), a regex filter;
and the peak memory (max RSS) of one open in a fresh process, from start to
painted grid. Targets: open (read + build + paint) under 2 s, a text filter
under 200 ms, memory under 500 MB. --profile prints where read_tmx spends
its time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from lxml import etree
from PySide6.QtWidgets import QApplication

from app.segments.review import SegmentList
from app.segments.tmx_file import TmxDocument, read_tmx
from app.segments.tmx_segments import open_tmx_review
from tests.benchmarks.figures import Figure, figure, print_figures, ratio, write_json

SOURCE_LANG, TARGET_LANG = "en-US", "fr-FR"
TEXT_FILTER = "text filter 'FENÊTRE', both sides"

_SENTENCES = [
    "Press the red button to start the recording.",
    "The audio description follows the speaker on the left.",
    "Captions must not exceed 42 characters per line.",
    "Open the settings and choose a language for the subtitles.",
    "Save your work before closing the window, or it is lost.",
    "The narrator pauses while the music plays in the background.",
]
_TRANSLATIONS = [
    "Appuyez sur le bouton rouge pour lancer l'enregistrement.",
    "L'audiodescription suit la personne qui parle à gauche.",
    "Les sous-titres ne doivent pas dépasser 42 caractères par ligne.",
    "Ouvrez les paramètres et choisissez une langue pour les sous-titres.",
    "Enregistrez votre travail avant de fermer la fenêtre, sinon il est perdu.",
    "Le narrateur fait une pause pendant la musique de fond.",
]


def _seg(text: str, number: int, tagged: bool) -> str:
    if not tagged:
        return f"<seg>{escape(text)} ({number})</seg>"
    head, _, tail = text.partition(" ")
    return (f'<seg><bpt i="1">&lt;b&gt;</bpt>{escape(head)}<ept i="1">&lt;/b&gt;</ept> '
            f'{escape(tail)}<ph x="2">&lt;br/&gt;</ph>({number})</seg>')


def make_tmx(units: int) -> bytes:
    """A CAT-tool-like TMX: header props, a note now and then, inline tags on every 4th unit."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'<header creationtool="benchmark" creationtoolversion="1" datatype="plaintext" '
        f'segtype="sentence" adminlang="en-US" srclang="{SOURCE_LANG}" o-tmf="bench">',
        '  <prop type="x-project">Benchmark</prop>',
        "</header>",
        "<body>",
    ]
    for number in range(1, units + 1):
        which = number % len(_SENTENCES)
        tagged = number % 4 == 0
        source = _seg(_SENTENCES[which], number, tagged)
        target = _seg(_TRANSLATIONS[which], number, tagged)
        note = f"\n    <note>Context {number}</note>" if number % 10 == 0 else ""
        out.append(
            f'  <tu tuid="{number}" creationdate="20250101T120000Z">\n'
            f'    <prop type="x-segment-id">u{number:06d}</prop>{note}\n'
            f'    <tuv xml:lang="{SOURCE_LANG}">{source}</tuv>\n'
            f'    <tuv xml:lang="{TARGET_LANG}">{target}</tuv>\n'
            "  </tu>")
    out += ["</body>", "</tmx>", ""]
    return "\n".join(out).encode("utf-8")


def segments_from(document: TmxDocument) -> SegmentList:
    """The segments as the application opens them (the domain's TMX binding)."""
    return open_tmx_review(document, SOURCE_LANG, TARGET_LANG, "benchmark").segments


def bare_parse(data: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    etree.fromstring(data, parser)


# CPU seconds of the steps measured, by name: on a shared machine the wall clock
# also counts other people's processes, the CPU time only ours.
CPU: dict[str, list[float]] = {}


def measure(action: Callable[[], object], runs: int, name: str = "") -> list[float]:
    timings = []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        timings.append(time.perf_counter() - began)
        if name:
            CPU.setdefault(name, []).append(time.process_time() - began_cpu)
    return timings


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mb() -> float:
    """This process's own peak (VmHWM). ru_maxrss is not: on Linux a child keeps its
    parent's peak through exec, so it reported the benchmark's peak, not the open's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_open(path: Path) -> None:
    """Open once, paint, and print the peak RSS in MB (run in a fresh process)."""
    from ui.segment_filter import SegmentFilter
    from ui.segment_grid import SegmentGrid

    app = QApplication.instance() or QApplication([])
    grid = SegmentGrid()
    grid.resize(1400, 900)
    grid.show()
    app.processEvents()
    steps = [("Qt and the empty grid", _rss_mb())]
    document = read_tmx(path)
    steps.append(("after read_tmx", _rss_mb()))
    segments = segments_from(document)
    steps.append(("after open_tmx_review", _rss_mb()))
    grid.set_segments(segments)
    grid.table.viewport().repaint()
    app.processEvents()
    steps.append(("after the first paint", _rss_mb()))
    grid.proxy.set_filter(SegmentFilter(text="fenêtre"))
    steps.append(("after a text filter (text caches)", _rss_mb()))
    for name, rss in steps:
        print(f"RSS {name}: {rss:.0f} MB", file=sys.stderr)
    print(_peak_rss_mb())


def profile_read(path: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    read_tmx(path)
    profiler.disable()
    print("\nWhere read_tmx spends its time (cumulative, top 15):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    print("By own time (top 12):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--one-open", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_open:
        one_open(args.one_open)
        return

    from ui.segment_filter import SegmentFilter, TextSide
    from ui.segment_grid import SegmentGrid
    from ui.segment_review import preview_segments

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="rw-bench-tmx-") as folder:
        path = Path(folder) / "hundred-thousand.tmx"
        data = make_tmx(args.units)
        path.write_bytes(data)
        document = read_tmx(path)
        assert len(document.units) == args.units

        results: dict[str, list[float]] = {
            "lxml bare parse (floor)": measure(lambda: bare_parse(path.read_bytes()), args.runs),
            "read_tmx": measure(lambda: read_tmx(path), args.runs, "read_tmx"),
            "open_tmx_review": measure(lambda: segments_from(document), args.runs,
                                       "open_tmx_review"),
        }

        grid = SegmentGrid()
        grid.resize(1400, 900)
        grid.show()
        app.processEvents()
        painted = []
        for _ in range(args.runs):
            segments = segments_from(document)
            grid.set_segments(SegmentList([]))
            app.processEvents()
            began, began_cpu = time.perf_counter(), time.process_time()
            grid.set_segments(segments)
            grid.table.viewport().repaint()
            painted.append(time.perf_counter() - began)
            CPU.setdefault("first paint", []).append(time.process_time() - began_cpu)
            app.processEvents()
        results["grid: set segments → first paint"] = painted
        assert grid.proxy.rowCount() == args.units

        # What the workstation does for a big file: the first screen from a
        # preview read, while the whole file is read in the background.
        first_rows = []
        for _ in range(args.runs):
            grid.set_segments(SegmentList([]))
            app.processEvents()
            began = time.perf_counter()
            first, total = preview_segments(path.read_bytes())
            grid.show_preview(first, total)
            grid.table.viewport().repaint()
            first_rows.append(time.perf_counter() - began)
            app.processEvents()
        results["open → first rows visible (preview read)"] = first_rows

        def text_filter(text: str, **options: object) -> Callable[[], object]:
            wanted = SegmentFilter(text=text, **options)  # type: ignore[arg-type]
            return lambda: (grid.apply_filter(SegmentFilter()), grid.apply_filter(wanted))

        # Without warm-up, the first text filter builds the plain-text caches itself.
        grid.set_segments(segments_from(document))
        grid._warm_up.stop()
        results["text filter, first, caches not warmed"] = measure(
            lambda: grid.proxy.set_filter(SegmentFilter(text="fenêtre")), 1)
        # As the grid does it: the caches are built in steps after the first paint.
        grid.set_segments(segments_from(document))
        steps: list[float] = []
        while not grid.filters_ready:
            began = time.perf_counter()
            app.processEvents()
            steps.append(time.perf_counter() - began)
        results["longest GUI step while text caches warm up"] = [max(steps)]
        results["text filter, first, after warm-up"] = measure(
            lambda: grid.proxy.set_filter(SegmentFilter(text="fenêtre")), 1)
        results[TEXT_FILTER] = measure(
            lambda: grid.proxy.set_filter(SegmentFilter(text="FENÊTRE")), args.runs)
        shown = grid.proxy.rowCount()
        results["text filter, target only, match case"] = measure(
            lambda: grid.proxy.set_filter(SegmentFilter(text="fenêtre", side=TextSide.TARGET,
                                                        case_sensitive=True)), args.runs)
        results["regex filter r'\\(9\\d{3}\\)$'"] = measure(
            lambda: grid.proxy.set_filter(SegmentFilter(text=r"\(9\d{3}\)$", regex=True)),
            args.runs)
        results["clear + text filter through the grid (+ select)"] = measure(
            text_filter("bouton rouge"), args.runs)
        grid.close()

        peaks = []
        for _ in range(min(args.runs, 3)):
            child = subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.tmx_grid", "--one-open", str(path)],
                capture_output=True, text=True, check=True,
                env={**os.environ, "QT_QPA_PLATFORM": os.environ["QT_QPA_PLATFORM"]})
            peaks.append(float(child.stdout.strip().splitlines()[-1]))
        memory_steps = child.stderr

        size = f"{args.units:,} units"
        found = {key: figure(f"TMX grid: {key}, {size}", "ms", values, 1000)
                 for key, values in results.items()}
        opens = [read + build + paint for read, build, paint in zip(
            results["read_tmx"], results["open_tmx_review"],
            results["grid: set segments → first paint"], strict=True)]
        opened = figure(f"TMX grid: open = read + segments + first paint, {size}", "ms",
                        opens, 1000)
        cpu_opens = [sum(parts) for parts in zip(
            CPU["read_tmx"], CPU["open_tmx_review"], CPU["first paint"], strict=True)]
        cpu_open = figure(f"TMX grid: open, CPU time of this process only, {size}", "ms",
                          cpu_opens, 1000)
        floor = found["lxml bare parse (floor)"]
        figures: list[Figure] = [
            *found.values(),
            opened,
            cpu_open,
            ratio("TMX grid: read_tmx / lxml bare parse", found["read_tmx"], floor),
            ratio("TMX grid: open / lxml bare parse", opened, floor),
            figure(f"TMX grid: peak RSS of one open (fresh process), {size}", "MB", peaks),
        ]
        print_figures(f"{size}, {len(data) / 1e6:.1f} MB, {args.runs} runs each "
                      f"(text filter matched {shown:,} segments)", figures)
        preview_ms = found["open → first rows visible (preview read)"].median
        print(f"first rows visible (preview): {preview_ms:,.0f} ms; the whole file editable "
              f"after {opened.median:,.0f} ms")
        print(f"targets: open under 2,000 ms ({opened.median:,.0f}); text filter under 200 ms "
              f"({found[TEXT_FILTER].median:.0f}); memory under 500 MB "
              f"({statistics.median(peaks):.0f})")
        print("memory of one open, step by step:")
        print("".join(f"  {line}\n" for line in memory_steps.splitlines()
                      if line.startswith("RSS")), end="")
        if args.json:
            write_json(args.json, "tmx_grid", figures)
        if args.profile:
            profile_read(path)


if __name__ == "__main__":
    main()
