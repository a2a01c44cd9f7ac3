"""The fault soak: every emulator fault on at once, workers killed and restarted, for a set time.

The sync soak (`tests/sync/test_soak.py`) kills the outbox worker while
edits stream in, with the faults on for part of the run. This one runs for
a bounded time (`SOAK_SECONDS`, default 20; e.g. `SOAK_SECONDS=600` for a
ten-minute run) with all of the emulator's request faults on together
from start to end: latency, 5xx answers, 429 with Retry-After, connections
dropped before the server acts, answers lost after it acted, answers cut
off part-way (in bursts), and access tokens that expire every few seconds.

Meanwhile this process, on the same profile database, does what a person
does: saves new working copies of several tracks, writes comments, moves
pause points, and takes language steps (starts work on German midway,
submits French at the end). The worker process (`tests/sync/soak_child.py`)
is stopped now with SIGKILL and now with SIGTERM, and started again.

At the end, with the faults off, one more worker drains the outbox, and the
server is compared with what was done. A table of counts is printed
(`pytest -s` shows it): edits made, edits on the server, duplicates and
losses, which must both be 0.

    SOAK_SECONDS=600 SOAK_SEED=7 .venv/bin/python -m pytest tests/soak -s
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.paths import profile
from app.storage import (
    CommentStore,
    Database,
    Outbox,
    PausePointStore,
    TrackState,
    TrackStore,
    open_profile,
)
from sync.command_line import EMAIL_VARIABLE, PASSWORD_VARIABLE, sync_once
from sync.conflicts import ConflictStore
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, LINGUIST, PASSWORD
from tests.sync.test_soak import Child, with_cue_text

SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "20"))
SEED = int(os.environ.get("SOAK_SEED", "20261125"))
TRACKS = (("fr", "captions"), ("fr", "descriptions"), ("de", "captions"))
COMMENT_LANGUAGES = ("fr", "de")
# What one step of the person is, by share: the rest are track saves.
COMMENT_SHARE = 0.15
PAUSE_SHARE = 0.10
EDIT_PAUSE_S = (0.01, 0.06)
RUN_FOR_S = (0.1, 1.5)  # how long a worker lives before it is stopped
GRACEFUL_SHARE = 0.25  # stops by SIGTERM; the rest are SIGKILL
ALL_FAULTS: dict[str, Any] = {
    "latency_ms": 15,
    "error_rate": 0.05,
    "error_statuses": [500, 502, 503],
    "throttle_rate": 0.03,
    "retry_after_s": 1,
    "drop_before_rate": 0.03,
    "drop_after_rate": 0.05,
    "access_token_ttl_s": 3.0,
}
TRUNCATE_BURST = {"truncate_next": 2, "truncate_after_bytes": 24}
NO_FAULTS: dict[str, Any] = {
    "latency_ms": 0, "error_rate": 0.0, "throttle_rate": 0.0, "drop_before_rate": 0.0,
    "drop_after_rate": 0.0, "truncate_next": 0, "access_token_ttl_s": None,
}
READY_WITHIN_S = 20.0
DRAIN_WITHIN_S = 45.0


@dataclass
class Person:
    """The person at the keyboard; every edit carries a number, so each is recognisable."""

    database: Database
    rng: random.Random
    pause_language: str
    saves: Counter[tuple[str, str]] = field(default_factory=Counter)
    comments: dict[str, list[str]] = field(default_factory=dict)
    pause_moves: int = 0
    steps: list[tuple[str, str]] = field(default_factory=list)
    frozen: set[str] = field(default_factory=set)  # languages submitted: no more edits

    @property
    def count(self) -> int:
        return (sum(self.saves.values()) + sum(map(len, self.comments.values()))
                + self.pause_moves + len(self.steps))

    def one_edit(self) -> None:
        roll = self.rng.random()
        number = self.count
        if roll < COMMENT_SHARE:
            language = self.rng.choice(COMMENT_LANGUAGES)
            body = f"Fault soak comment {number} (seed {SEED})"
            CommentStore(self.database).add_comment(JOB, language, body, author="Lina Linguist")
            self.comments.setdefault(language, []).append(body)
            return
        if roll < COMMENT_SHARE + PAUSE_SHARE:
            points = PausePointStore(self.database).list_pause_points(JOB, self.pause_language)
            point = self.rng.choice(points)
            moved = point.timestamp_ms + self.rng.randint(1, 40)
            PausePointStore(self.database).move_pause_point(
                JOB, self.pause_language, point.cue_index, moved)
            self.pause_moves += 1
            return
        choices = [t for t in TRACKS if t[0] not in self.frozen]
        language, kind = self.rng.choice(choices)
        tracks = TrackStore(self.database)
        track = tracks.get_track(JOB, language, kind)
        assert track is not None
        cue = min(int(self.rng.expovariate(0.7)), 3)
        text = with_cue_text(track.working_content, cue, f"fault soak {number} ({language} {kind})")
        tracks.save_working_copy(JOB, language, kind, text)
        self.saves[(language, kind)] += 1

    def step(self, language: str, step: str) -> None:
        Outbox(self.database).enqueue_action(JOB, language, step)
        self.steps.append((language, step))

    def edit_for(self, seconds: float, until: Any = None) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until()):
            self.one_edit()
            time.sleep(self.rng.uniform(*EDIT_PAUSE_S))


def _open_items(database: Database) -> list[str]:
    outbox = Outbox(database)
    return [f"{i.language} {i.kind} {i.target} {i.state.value}: {i.last_error}"
            for i in outbox.pending_items() + outbox.failed_items()]


def _wait_until(condition: Any, limit_s: float) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def _tail(log: Path, lines: int = 40) -> str:
    if not log.exists():
        return ""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _stop(child: Child, rng: random.Random) -> str:
    if rng.random() < GRACEFUL_SHARE:
        child.process.send_signal(signal.SIGTERM)
        try:
            child.process.wait(timeout=20)
        except Exception:
            child.kill()
            return "SIGKILL"
        child._close()
        return "SIGTERM"
    child.kill()
    return "SIGKILL"


def _server_versions(server: PlatformServer, language: str, kind: str) -> list[str]:
    rows = server.store.all(
        "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? "
        "AND created_by = 'u-linguist' ORDER BY version", (JOB, language, kind))
    return [row["content"] for row in rows]


def _table(rows: list[tuple[str, int, int, int, int]]) -> str:
    head = f"{'what':<22}{'made':>8}{'on server':>11}{'duplicates':>12}{'losses':>8}"
    lines = [head, "-" * len(head)]
    lines += [f"{name:<22}{made:>8}{server:>11}{dups:>12}{lost:>8}"
              for name, made, server, dups, lost in rows]
    total = [sum(column) for column in zip(*(row[1:] for row in rows), strict=True)]
    lines += ["-" * len(head), f"{'total':<22}{total[0]:>8}{total[1]:>11}{total[2]:>12}"
              f"{total[3]:>8}"]
    return "\n".join(lines)


@pytest.mark.slow
def test_all_faults_at_once_lose_nothing_and_duplicate_nothing(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    workstation_home: Path,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    monkeypatch.setenv(EMAIL_VARIABLE, LINGUIST)
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert sync_once(platform_server.base_url, True) == 0  # tracks and pause points cached

    log = tmp_path / "workers.log"
    database = open_profile(profile())
    children: list[Child] = []
    stops: Counter[str] = Counter()
    try:
        points = PausePointStore(database)
        pause_language = next(lang for lang in ("fr", "de", "en")
                              if points.list_pause_points(JOB, lang))
        person = Person(database, rng, pause_language)
        platform_server.faults.set(**ALL_FAULTS, random_seed=SEED)
        german_started = False
        while time.monotonic() - started < SOAK_SECONDS:
            if len(children) % 3 == 0:  # a burst of answers cut off part-way
                platform_server.faults.set(**TRUNCATE_BURST)
            child = Child(platform_server, workstation_home, log)
            children.append(child)
            person.edit_for(READY_WITHIN_S, until=child.check_ready)
            assert child.ready, f"the worker did not start:\n{_tail(log)}"
            person.edit_for(rng.uniform(*RUN_FOR_S))
            if not german_started and time.monotonic() - started > SOAK_SECONDS / 2:
                person.step("de", "start-work")
                german_started = True
            stops[_stop(child, rng)] += 1
            person.one_edit()  # and one while no worker runs at all
        if not german_started:
            person.step("de", "start-work")
        # French is finished: submitted behind its last uploads, still under faults.
        person.frozen.add("fr")
        person.step("fr", "submit")
        child = Child(platform_server, workstation_home, log)
        children.append(child)
        person.edit_for(READY_WITHIN_S, until=child.check_ready)
        person.edit_for(1.0)
        stops[_stop(child, rng)] += 1

        platform_server.faults.set(**NO_FAULTS)
        final = Child(platform_server, workstation_home, log)
        children.append(final)
        assert _wait_until(final.check_ready, READY_WITHIN_S), _tail(log)
        drained = _wait_until(lambda: not _open_items(database), DRAIN_WITHIN_S)
        assert drained, f"items stuck in the outbox: {_open_items(database)}\n{_tail(log)}"
        assert final.stop() == 0, _tail(log)
        conflicts = ConflictStore(database).list()

        rows: list[tuple[str, int, int, int, int]] = []
        tracks = TrackStore(database)
        for language, kind in TRACKS:
            track = tracks.get_track(JOB, language, kind)
            assert track is not None
            versions = _server_versions(platform_server, language, kind)
            # A version equal to the one before it is one upload applied twice.
            doubled = sum(1 for a, b in itertools.pairwise(versions) if a == b)
            lost = int(not versions or versions[-1] != track.working_content
                       or track.has_local_changes or track.state != TrackState.SYNCED)
            rows.append((f"saves {language} {kind}", person.saves[(language, kind)],
                         len(versions), doubled, lost))
        for language in COMMENT_LANGUAGES:
            mine = person.comments.get(language, [])
            bodies = Counter(
                row["body"] for row in platform_server.store.all(
                    "SELECT body FROM qc_comments WHERE job_id = ? AND lang = ?", (JOB, language))
            )
            rows.append((f"comments {language}", len(mine), sum(bodies[b] for b in mine),
                         sum(max(bodies[b] - 1, 0) for b in mine),
                         sum(1 for b in mine if bodies[b] == 0)))
        local_points = {p.cue_index: p.timestamp_ms
                        for p in points.list_pause_points(JOB, pause_language)}
        server_points = {
            row["cue_index"]: row["timestamp_ms"] for row in platform_server.store.all(
                "SELECT cue_index, timestamp_ms FROM pause_points WHERE job_id = ? AND lang = ?",
                (JOB, pause_language))
        }
        moved_ok = sum(1 for cue, ms in local_points.items() if server_points.get(cue) == ms)
        rows.append((f"pause points {pause_language}", person.pause_moves, moved_ok, 0,
                     len(local_points) - moved_ok))
        states = {
            row["lang"]: row["state"] for row in platform_server.store.all(
                "SELECT lang, state FROM language_qc WHERE job_id = ?", (JOB,))
        }
        expected = {"de": "in_progress", "fr": "submitted"}
        rows.append(("language steps", len(person.steps),
                     sum(1 for lang, state in expected.items() if states.get(lang) == state), 0,
                     sum(1 for lang, state in expected.items() if states.get(lang) != state)))
    finally:
        for child in children:
            child.kill_if_running()
        database.close()

    faults = Counter(e["fault"] for e in platform_server.faults.requests() if e["fault"])
    print()
    print(f"fault soak: seed {SEED}, {time.monotonic() - started:.1f} s "
          f"(SOAK_SECONDS={SOAK_SECONDS:g}), {len(children)} workers, stops {dict(stops)}")
    print(f"faults in the last {len(platform_server.faults.requests())} requests: "
          f"{json.dumps(dict(faults))}")
    print(_table(rows))
    print("on server: versions saved by this person (uploads coalesce edits); comments found;\n"
          "pause points whose final position arrived (of those stored); steps in effect.")
    assert conflicts == []
    assert sum(row[3] for row in rows) == 0, "duplicates on the server"
    assert sum(row[4] for row in rows) == 0, "edits lost"
    assert sum(row[1] for row in rows) > 0 and faults, "the soak did nothing"
