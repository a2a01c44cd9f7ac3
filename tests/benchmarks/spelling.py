"""Benchmark: spell checking a 2,000-cue English track with spylls and Debian's en_US.

Run: .venv/bin/python -m tests.benchmarks.spelling [--cues 2000] [--runs 3]

The cue texts are sentences of the project's own English prose (docstrings
and notes), so the vocabulary is realistic: a few thousand different words,
some misspelled on purpose. Prints the dictionary load time, the first check
of the whole track (every word looked up once), a second check (answers from
the per-word cache) and the lookup cost per different word — medians over
runs, each run with a fresh checker.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from app.spelling.checker import LanguageChecker
from app.spelling.dictionaries import SYSTEM_FOLDERS, find_dictionary
from app.spelling.personal_words import PersonalWords

REPO = Path(__file__).resolve().parents[2]


def cue_texts(count: int) -> list[str]:
    prose = " ".join(path.read_text(encoding="utf-8")
                     for path in sorted((REPO / "app").rglob("*.py")))
    words = re.findall(r"[A-Za-z][a-z]+", prose)
    texts: list[str] = []
    for number in range(count):
        chunk = words[(number * 9) % (len(words) - 10):][:9]
        if number % 7 == 0:
            chunk[0] = chunk[0][::-1]  # a misspelling now and then
        texts.append(" ".join(chunk[:5]) + "\n" + " ".join(chunk[5:]) + ".")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cues", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    path = find_dictionary("en", SYSTEM_FOLDERS)
    if path is None:
        raise SystemExit("install hunspell-en-us first")
    texts = cue_texts(options.cues)
    distinct = {place for text in texts for place in re.findall(r"[A-Za-z]+", text)}
    loads, firsts, seconds = [], [], []
    misspelled = 0
    for _ in range(options.runs):
        started = time.perf_counter()
        checker = LanguageChecker("en", path, PersonalWords(Path("/nonexistent/words.txt")))
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        misspelled = sum(len(checker.misspellings(text)) for text in texts)
        firsts.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            checker.misspellings(text)
        seconds.append(time.perf_counter() - started)
    print(f"{options.cues} cues, {len(distinct)} different words, {misspelled} misspelled")
    print(f"load en_US:              median {statistics.median(loads) * 1000:8.1f} ms")
    print(f"first check of track:    median {statistics.median(firsts) * 1000:8.1f} ms "
          f"({statistics.median(firsts) / len(distinct) * 1e6:.0f} µs per different word)")
    print(f"second check (cached):   median {statistics.median(seconds) * 1000:8.1f} ms "
          f"({statistics.median(seconds) / options.cues * 1e6:.1f} µs per cue)")


if __name__ == "__main__":
    main()
