"""Run every benchmark, each in its own process, and print one table (and one JSON file).

Run: .venv/bin/python -m tests.benchmarks.suite [--quick] [--json results.json] [--only NAME...]

Each benchmark prints medians with min and max of several runs, and ratios
against a baseline measured in the same run (webvtt-py, pysubs2, lxml). This
runner adds, per benchmark, the peak memory (maximum resident set) of its
process, read from the operating system when the process ends. `--quick`
uses fewer runs, for a smoke check; the README's figures come from a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from tests.benchmarks.figures import HEADER, Figure, read_json

HERE = Path(__file__).resolve().parent

# name -> (arguments for a full run, arguments for a quick run)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "cold_start": (["--runs", "5"], ["--runs", "2"]),
    "webvtt_load_save": (["--runs", "7"], ["--runs", "3"]),
    "editor_open_scroll": (["--runs", "5"], ["--runs", "2"]),
    "tmx_grid": ([], ["--runs", "2"]),
    "timeline": ([], ["--quick"]),
    "sync_flush": (["--runs", "3"], ["--runs", "1", "--edits", "200", "--tracks", "10"]),
}


def run_one(name: str, arguments: list[str], folder: Path) -> tuple[list[Figure], float, float]:
    """Figures, peak memory (MB) and wall time (s) of one benchmark process."""
    output = folder / f"{name}.json"
    command = [sys.executable, "-m", f"tests.benchmarks.{name}", *arguments, "--json",
               str(output)]
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - began
    if child.returncode != 0:
        print(f"benchmark {name} failed (exit code {child.returncode}); going on", flush=True)
        return [], usage.ru_maxrss / 1024, wall
    # ru_maxrss is in kilobytes on Linux.
    return read_json(output), usage.ru_maxrss / 1024, wall


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory_gib": f"{memory:.0f}",
            "python": platform.python_version(), "system": platform.platform()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller work")
    parser.add_argument("--json", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), default=None)
    args = parser.parse_args()
    chosen = args.only or [name for name in BENCHMARKS
                            if (HERE / f"{name}.py").exists()]
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="rw-bench-suite-") as folder:
        for name in chosen:
            full, quick = BENCHMARKS[name]
            print(f"\n=== {name} ===", flush=True)
            figures, peak_mb, wall = run_one(name, quick if args.quick else full, Path(folder))
            results[name] = {"figures": [asdict(f) for f in figures],
                             "peak_memory_mb": peak_mb, "wall_s": wall}
    print("\n\nAll benchmarks" + (" (quick)" if args.quick else ""))
    print(HEADER)
    for name, result in results.items():
        for item in result["figures"]:  # type: ignore[attr-defined]
            print(Figure(**item).row())
        print(f"{name + ': peak memory (largest process)':58} {result['peak_memory_mb']:11.0f}"
              f" {'':10} {'':10}  MB")
    about = machine()
    print(f"\nmachine: {about['cpu']}, {about['cores']} cores, {about['memory_gib']} GiB, "
          f"Python {about['python']}")
    args.json.write_text(json.dumps({"machine": about, "quick": args.quick,
                                     "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
