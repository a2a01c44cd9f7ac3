"""Benchmark: a 100,000-unit TMX as review segments, QA over it, and a save after one edit.

Run: .venv/bin/python -m tests.benchmarks.tmx_review [--units N] [--runs N] [--json P]
Prints medians (with min and max) of the domain steps behind opening a TMX in
the segment grid, against lxml's bare parse of the same bytes (the floor):
read_tmx, open_tmx_review (with and without stamping segment ids), run_qa
with every check, and write_tmx after one segment edit. The grid's own
"first rows visible" figure belongs to the grid's benchmark.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from app.segments.qa_checks import GlossaryTerm, QaSettings, run_qa
from app.segments.review import ReviewStatus
from app.segments.tmx_file import read_tmx, write_tmx
from app.segments.tmx_segments import open_tmx_review
from tests.benchmarks.figures import figure, measure, print_figures, ratio, write_json


def make_tmx(units: int) -> bytes:
    """A memory a CAT tool might export: ids on every unit, some tags, notes and numbers."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
           '<header creationtool="bench" creationtoolversion="1" segtype="sentence"'
           ' o-tmf="bench" adminlang="en" srclang="en" datatype="plaintext"/>', "<body>"]
    for index in range(units):
        tag = '<bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> ' if index % 4 == 0 else ""
        note = f"<note>context {index % 97}</note>" if index % 10 == 0 else ""
        source = escape(f"Segment {index} says the caption has {index % 13} shot changes.")
        # Every 50th unit has a wrong number, so QA has something to find.
        shots = index % 13 if index % 50 else index % 13 + 1
        target = escape(f"Le segment {index} dit que le sous-titre a {shots} plans.")
        out.append(
            f'<tu tuid="{index}"><prop type="x-segment-id">s{index}</prop>{note}'
            f'<tuv xml:lang="en"><seg>{tag}{source}</seg></tuv>'
            f'<tuv xml:lang="fr"><seg>{tag}{target}</seg></tuv></tu>')
    out += ["</body>", "</tmx>", ""]
    return "\n".join(out).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    data = make_tmx(args.units)
    safe = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    settings = QaSettings(glossary=(GlossaryTerm("caption", "sous-titre", "fr"),
                                    GlossaryTerm("shot change", "changement de plan", "fr")),
                          target_language="fr")
    review = open_tmx_review(read_tmx(data), "en", "fr", "bench")
    segments = review.segments.segments()
    assert len(segments) == args.units

    def edit_and_save() -> None:
        document = read_tmx(data)
        opened = open_tmx_review(document, "en", "fr", "bench")
        middle = opened.segments.segments()[args.units // 2]
        opened.segments.apply(opened.segments.change(
            [replace(middle, target=("Corrigé.",), status=ReviewStatus.UPDATED)]))
        write_tmx(document)

    read_only = read_tmx(data)
    timings = {
        "lxml bare parse (floor)": measure(lambda: etree.fromstring(data, safe), args.runs),
        "read_tmx": measure(lambda: read_tmx(data), args.runs),
        "open_tmx_review, ids present": measure(
            lambda: open_tmx_review(read_only, "en", "fr", "bench"), args.runs),
        "run_qa, every check, 2 glossary terms": measure(
            lambda: run_qa(segments, settings), args.runs),
        "read, open, edit one segment, write_tmx": measure(edit_and_save, args.runs),
    }
    size = f"{args.units:,} units"
    found = {key: figure(f"TMX {key}, {size}", "ms", values, 1000)
             for key, values in timings.items()}
    figures = [
        *found.values(),
        ratio("TMX read_tmx / lxml bare parse", found["read_tmx"],
              found["lxml bare parse (floor)"]),
        ratio("TMX open_tmx_review / lxml bare parse", found["open_tmx_review, ids present"],
              found["lxml bare parse (floor)"]),
        ratio("TMX run_qa / lxml bare parse", found["run_qa, every check, 2 glossary terms"],
              found["lxml bare parse (floor)"]),
    ]
    print_figures(f"{size}, {len(data) / 1e6:.1f} MB, {args.runs} runs each", figures)
    if args.json:
        write_json(args.json, "tmx_review", figures)


if __name__ == "__main__":
    main()
