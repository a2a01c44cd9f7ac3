"""The one shape every benchmark reports in: named figures with median, min and max.

Each benchmark prints its own table and, with `--json PATH`, writes
`{"benchmark": name, "figures": [...], ...}` so `tests.benchmarks.suite` can
gather every figure into one table and one JSON file.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    median: float
    min: float
    max: float
    runs: int

    def row(self) -> str:
        return (f"{self.name:58} {self.median:11.2f} {self.min:10.2f} {self.max:10.2f}"
                f"  {self.unit}")


def measure(action: Callable[[], object], runs: int) -> list[float]:
    """Seconds each of `runs` calls of `action` took."""
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return timings


def figure(name: str, unit: str, samples: Sequence[float], scale: float = 1.0) -> Figure:
    """Median, min and max of `samples` (multiplied by `scale`, e.g. 1000 for s → ms)."""
    values = [value * scale for value in samples]
    return Figure(name, unit, statistics.median(values), min(values), max(values), len(values))


def ratio(name: str, ours: Figure, baseline: Figure) -> Figure:
    """Ours over the baseline measured in the same run, of the medians (min/max of the spread)."""
    return Figure(name, "x", ours.median / baseline.median, ours.min / baseline.max,
                  ours.max / baseline.min, min(ours.runs, baseline.runs))


HEADER = f"{'figure':58} {'median':>11} {'min':>10} {'max':>10}  unit"


def print_figures(title: str, figures: Iterable[Figure]) -> None:
    print(f"\n{title}\n{HEADER}")
    for item in figures:
        print(item.row())


def write_json(path: Path, benchmark: str, figures: Iterable[Figure],
               **extra: Any) -> None:
    payload = {"benchmark": benchmark, "figures": [asdict(item) for item in figures], **extra}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def read_json(path: Path) -> list[Figure]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Figure(**item) for item in data.get("figures", [])]
