"""Benchmark: flush 1,000 local edits over 50 tracks to the emulator, with the GUI thread watched.

Run: .venv/bin/python -m tests.benchmarks.sync_flush [--runs 3] [--edits 1000]
     [--tracks 50] [--json PATH]

Each run starts the platform emulator in this process (on loopback, faults
off) with enough tracks for one user: the seed has 28 tracks over four jobs,
so the run adds more languages to those jobs (a copy of the job's source
track as version 1). The project manager may edit every track, so one
sign-in can write all of them. A fresh profile database caches the tracks
(not measured), then takes the edits: each `save_working_copy` changes one
cue's text, spread evenly and in random order over the tracks. Then the
outbox worker drains on a qasync loop inside a QApplication (offscreen),
the way the window runs it, while a 1 ms QTimer records the longest gap
between its ticks on the GUI thread.

Reported per run and as median (min–max) over the runs: HTTP requests sent
during the flush (all, and `PATCH /vtt`), requests per edit (coalescing
should make it about tracks / edits), the flush's wall time, and the GUI
thread's longest stall. Afterwards every track on the server must equal its
local working copy, or the run fails.

The emulator shares this process (and its GIL) with the GUI thread, so the
stall is an upper bound of what the window would see against a remote server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtWidgets import QApplication

from app.storage import Database, JobStore, Outbox, TrackStore, open_database
from sync import shapes
from sync.secret_store import MemorySecretStore
from sync.session import SyncSession
from tests.benchmarks.editor_open_scroll import StallMeter
from tests.benchmarks.figures import figure, write_json
from tests.platform.seed import DEMO_PASSWORD, seed_database
from tests.platform.server import PlatformServer
from tests.platform.store import DB_FILENAME, Store, utc_now

USER = "pm@demo.test"
USER_ID = "u-pm"
# Languages added to the seeded jobs until there are enough tracks.
EXTRA_LANGUAGES = ("nl", "sv", "da", "nb", "fi", "pl", "cs", "hu", "ro", "el", "tr", "ja", "ko")
KINDS = ("captions", "descriptions")
SEED = 5150

Track = tuple[str, str, str]  # job, language, kind


@dataclass
class RunResult:
    edits: int
    tracks: int
    requests: int
    patch_vtt: int
    requests_per_edit: float
    flush_s: float
    longest_stall_ms: float


def seeded_template(folder: Path) -> Path:
    """The emulator's seeded data folder, made once and copied for each run."""
    folder.mkdir(parents=True)
    store = Store(folder / DB_FILENAME)
    seed_database(store, folder)
    store.close()
    return folder


def add_tracks(store: Store, wanted: int) -> list[Track]:
    """Make sure the emulator has `wanted` tracks; returns `wanted` of them, spread over jobs."""
    rows = store.all("SELECT DISTINCT job_id, lang, kind FROM vtt_versions ORDER BY 1, 2, 3")
    tracks: list[Track] = [(r["job_id"], r["lang"], r["kind"]) for r in rows]
    jobs = sorted({job for job, _, _ in tracks})
    extra = ((job, lang) for lang in EXTRA_LANGUAGES for job in jobs)
    with store.tx():
        while len(tracks) < wanted:
            job, lang = next(extra)
            source = store.one("SELECT source_language FROM jobs WHERE id = ?", (job,))
            assert source is not None
            for kind in KINDS:
                text = store.scalar(
                    "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? "
                    "ORDER BY version DESC LIMIT 1",
                    (job, source["source_language"], kind),
                )
                store.execute(
                    "INSERT INTO vtt_versions VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                    (job, lang, kind, text, utc_now(), USER_ID, "Benchmark track"),
                )
                tracks.append((job, lang, kind))
    return tracks[:wanted]


def with_cue_text(content: str, cue: int, text: str) -> str:
    """`content` with the first text line of cue `cue` (modulo the cue count) replaced."""
    lines = content.split("\n")
    timings = [i for i, line in enumerate(lines) if "-->" in line]
    lines[timings[cue % len(timings)] + 1] = text
    return "\n".join(lines)


async def cache_tracks(session: SyncSession, database: Database, tracks: list[Track]) -> None:
    """What a pull would leave: the jobs and each track's server version as the base."""
    jobs, stored = JobStore(database), TrackStore(database)
    for job in sorted({job for job, _, _ in tracks}):
        info = shapes.job_info(await session.api.get_job(job))
        await asyncio.to_thread(jobs.upsert_job, info, None)
    for job, lang, kind in tracks:
        server = await session.api.get_track(job, lang, kind)
        await asyncio.to_thread(
            stored.save_server_track, job, lang, kind, server.version, server.content
        )


def make_edits(database: Database, tracks: list[Track], edits: int, rng: random.Random) -> None:
    order = [tracks[i % len(tracks)] for i in range(edits)]
    rng.shuffle(order)
    store = TrackStore(database)
    for number, (job, lang, kind) in enumerate(order):
        track = store.get_track(job, lang, kind)
        assert track is not None
        text = with_cue_text(track.working_content, rng.randrange(8), f"benchmark edit {number}")
        store.save_working_copy(job, lang, kind, text)


async def one_run(template: Path, work: Path, edits: int, wanted: int, seed: int) -> RunResult:
    data = work / "platform"
    shutil.copytree(template, data)
    server = PlatformServer(data)
    tracks = add_tracks(server.store, wanted)
    server.start()
    database = open_database(work / "profile" / "workstation.sqlite3")
    session = SyncSession(server.base_url, database, secrets=MemorySecretStore())
    try:
        await session.sign_in(USER, DEMO_PASSWORD)
        await cache_tracks(session, database, tracks)
        await asyncio.to_thread(make_edits, database, tracks, edits, random.Random(seed))
        server.faults.reset()  # empties the request log: count the flush only

        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        report = await session.worker.drain()
        flush_s = time.perf_counter() - started
        stall_ms = meter.stop()

        sent = server.faults.requests()
        patches = [r for r in sent if r["method"] == "PATCH" and r["path"].endswith("/vtt")]
        check_flushed(server, database, tracks, report.remaining)
        return RunResult(
            edits=edits,
            tracks=len(tracks),
            requests=len(sent),
            patch_vtt=len(patches),
            requests_per_edit=len(sent) / edits,
            flush_s=flush_s,
            longest_stall_ms=stall_ms,
        )
    finally:
        await session.stop()
        database.close()
        server.stop()


def check_flushed(
    server: PlatformServer, database: Database, tracks: list[Track], remaining: int
) -> None:
    if remaining or Outbox(database).pending_items():
        raise SystemExit(f"the flush left {remaining} items in the outbox")
    stored = TrackStore(database)
    for job, lang, kind in tracks:
        local = stored.get_track(job, lang, kind)
        latest = server.store.scalar(
            "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? "
            "ORDER BY version DESC LIMIT 1",
            (job, lang, kind),
        )
        if local is None or local.working_content != latest or local.has_local_changes:
            raise SystemExit(f"{job} {lang} {kind}: the server does not hold the local text")


def summarise(runs: list[RunResult]) -> dict[str, dict[str, float]]:
    summary: dict[str, dict[str, float]] = {}
    for name in asdict(runs[0]):
        values = [float(getattr(run, name)) for run in runs]
        summary[name] = {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
        }
    return summary


ROWS = (
    ("edits", "edits", "{:.0f}"),
    ("tracks", "tracks", "{:.0f}"),
    ("requests", "HTTP requests (all)", "{:.0f}"),
    ("patch_vtt", "PATCH /vtt requests", "{:.0f}"),
    ("requests_per_edit", "requests per edit", "{:.3f}"),
    ("flush_s", "flush wall time (s)", "{:.2f}"),
    ("longest_stall_ms", "longest GUI stall (ms)", "{:.1f}"),
)


def print_table(runs: list[RunResult], summary: dict[str, dict[str, float]]) -> None:
    header = f"{'':26}" + "".join(f"{'run ' + str(i + 1):>10}" for i in range(len(runs)))
    print(header + f"{'median (min–max)':>26}")
    for key, label, form in ROWS:
        cells = "".join(f"{form.format(getattr(run, key)):>10}" for run in runs)
        s = summary[key]
        spread = f"{form.format(s['median'])} ({form.format(s['min'])}–{form.format(s['max'])})"
        print(f"{label:26}{cells}{spread:>26}")


async def benchmark(args: argparse.Namespace) -> list[RunResult]:
    root = Path(tempfile.mkdtemp(prefix="rw-sync-flush-"))
    try:
        template = seeded_template(root / "seed")
        runs = []
        for number in range(args.runs):
            result = await one_run(
                template, root / f"run-{number}", args.edits, args.tracks, SEED + number
            )
            print(
                f"run {number + 1}: {result.patch_vtt} PATCH /vtt, {result.requests} requests, "
                f"{result.flush_s:.2f} s, longest stall {result.longest_stall_ms:.1f} ms",
                flush=True,
            )
            runs.append(result)
        return runs
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--tracks", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)

    # A private home, so no profile or setting of the person running it is touched.
    os.environ["REVIEW_WORKSTATION_HOME"] = tempfile.mkdtemp(prefix="rw-sync-flush-home-")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        runs = loop.run_until_complete(benchmark(args))
    summary = summarise(runs)
    print()
    print_table(runs, summary)
    if args.json is not None:
        where = f"{args.edits:,} edits over {args.tracks} tracks"
        figures = [
            figure(f"sync flush: {where}, wall time", "s", [r.flush_s for r in runs]),
            figure(f"sync flush: {where}, requests per edit", "requests",
                   [r.requests_per_edit for r in runs]),
            figure(f"sync flush: {where}, longest GUI stall", "ms",
                   [r.longest_stall_ms for r in runs]),
        ]
        write_json(args.json, "sync_flush", figures,
                   config={"runs": args.runs, "edits": args.edits, "tracks": args.tracks},
                   runs=[asdict(run) for run in runs], summary=summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
