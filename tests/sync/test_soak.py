"""The soak test: a worker process SIGKILLed again and again while edits stream in.

A child process (`tests/sync/soak_child.py`: the outbox worker alone) sends
the profile's outbox to the emulator on loopback. This process, on the same
profile database, keeps saving new working copies of three tracks and adding
comments, as a person typing in the window would, and kills the child with
SIGKILL at random moments: while it starts, signs in, sends, or records an
answer. For part of the run the emulator adds latency, 5xx answers, 429s,
connections dropped before and after the server acted, and short-lived
access tokens. In the end, with the faults off, one more child drains the
outbox, and the server must hold exactly the final local text of every
track and every comment exactly once: no edit lost, none applied twice, no
item stuck, no conflict with our own earlier upload.

The random seed is fixed (printed; `SOAK_SEED=n` picks another); the timing
of the kills still varies from run to run, which is the point of a soak.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.paths import profile
from app.storage import CommentStore, Database, Outbox, TrackState, TrackStore, open_profile
from sync.command_line import EMAIL_VARIABLE, PASSWORD_VARIABLE, sync_once
from sync.conflicts import ConflictStore
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, LINGUIST, PASSWORD

REPO = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("SOAK_SEED", "20260501"))
KILLS = 15
TRACKS = (("fr", "captions"), ("fr", "descriptions"), ("de", "captions"))
COMMENT_LANGUAGES = ("fr", "de")
COMMENT_SHARE = 0.15
# A person's typing pace, give or take; fast enough that edits land while
# uploads are in flight, slow enough that the lanes keep up.
EDIT_PAUSE_S = (0.01, 0.06)
KILL_AFTER_S = (0.05, 1.0)
FAULTY_KILLS = range(4, 11)  # kills 4..10 happen with the emulator misbehaving
FAULTS: dict[str, Any] = {
    "latency_ms": 20,
    "error_rate": 0.05,
    "throttle_rate": 0.02,
    "retry_after_s": 1,
    "drop_before_rate": 0.02,
    "drop_after_rate": 0.05,
    "access_token_ttl_s": 3.0,
}
NO_FAULTS: dict[str, Any] = {
    "latency_ms": 0,
    "error_rate": 0.0,
    "throttle_rate": 0.0,
    "drop_before_rate": 0.0,
    "drop_after_rate": 0.0,
    "access_token_ttl_s": None,
}
READY_WITHIN_S = 15.0
DRAIN_WITHIN_S = 25.0


class Editor:
    """The person at the keyboard: saves tracks and adds comments with unique text."""

    def __init__(self, database: Database, rng: random.Random) -> None:
        self._tracks = TrackStore(database)
        self._comments = CommentStore(database)
        self._rng = rng
        self.saves = 0
        self.comment_bodies: dict[str, list[str]] = {lang: [] for lang in COMMENT_LANGUAGES}

    def one_edit(self) -> None:
        number = self.saves + sum(map(len, self.comment_bodies.values()))
        if self._rng.random() < COMMENT_SHARE:
            language = self._rng.choice(COMMENT_LANGUAGES)
            body = f"Soak comment {number} (seed {SEED})"
            self._comments.add_comment(JOB, language, body, author="Lina Linguist")
            self.comment_bodies[language].append(body)
            return
        language, kind = self._rng.choice(TRACKS)
        track = self._tracks.get_track(JOB, language, kind)
        assert track is not None
        # Mostly the first cues, so the same cue is edited again and again
        # (as when someone types), including right after an upload of it.
        cue = min(int(self._rng.expovariate(0.7)), 3)
        text = with_cue_text(track.working_content, cue, f"soak edit {number} ({language} {kind})")
        self._tracks.save_working_copy(JOB, language, kind, text)
        self.saves += 1

    def edit_until(self, done: Callable[[], bool], limit_s: float) -> None:
        deadline = time.monotonic() + limit_s
        while not done() and time.monotonic() < deadline:
            self.one_edit()
            time.sleep(self._rng.uniform(*EDIT_PAUSE_S))


def with_cue_text(content: str, cue: int, text: str) -> str:
    """`content` with the first text line of cue number `cue` (from 0) replaced."""
    lines = content.split("\n")
    timings = [i for i, line in enumerate(lines) if "-->" in line]
    assert len(timings) > cue, "the track has too few cues for the soak test"
    lines[timings[cue] + 1] = text
    return "\n".join(lines)


class Child:
    """One worker process, started on the profile; its stderr goes to `log`."""

    def __init__(self, server: PlatformServer, home: Path, log: Path) -> None:
        environment = {
            **os.environ,
            "REVIEW_WORKSTATION_HOME": str(home),
            EMAIL_VARIABLE: LINGUIST,
            PASSWORD_VARIABLE: PASSWORD,
            # Never the developer's real keyring from a child process.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
        with open(log, "ab") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.sync.soak_child", "--server", server.base_url],
                cwd=REPO,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        self.ready = False

    def check_ready(self) -> bool:
        """Whether the child said `ready` (signed in); never blocks."""
        stdout = self.process.stdout
        assert stdout is not None
        if not self.ready and select.select([stdout], [], [], 0)[0]:
            line = stdout.readline()
            self.ready = line.strip() == b"ready"
            assert self.ready or self.process.poll() is None, "the worker process ended early"
        return self.ready

    def kill_if_running(self) -> None:
        """For a failed test: never leave a worker behind."""
        if self.process.poll() is None:
            self.kill()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=15)
        self._close()
        return code

    def _close(self) -> None:
        if self.process.stdout is not None:
            self.process.stdout.close()


def _wait_until(condition: Callable[[], bool], limit_s: float) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _open_items(database: Database) -> int:
    outbox = Outbox(database)
    return len(outbox.pending_items()) + len(outbox.failed_items())


def _server_comment_bodies(server: PlatformServer, language: str) -> list[str]:
    bodies: list[str] = []
    with server.client(LINGUIST) as client:
        page = 1
        while True:
            answer = client.get(
                f"/language-qc/jobs/{JOB}/languages/{language}/comments",
                params={"page": page, "size": 200},
            )
            answer.raise_for_status()
            items = answer.json()["items"]
            bodies += [item["body"] for item in items]
            if len(items) < 200:
                return bodies
            page += 1


def _server_track(server: PlatformServer, language: str, kind: str) -> str:
    with server.client(LINGUIST) as client:
        answer = client.get(f"/jobs/{JOB}/vtt", params={"lang": language, "kind": kind})
        answer.raise_for_status()
        return str(answer.json()["content"])


def _tail(log: Path, lines: int = 40) -> str:
    if not log.exists():
        return ""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@pytest.mark.slow
def test_killed_worker_loses_nothing_and_duplicates_nothing(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    workstation_home: Path,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    print(f"soak seed {SEED} (set SOAK_SEED to change it)")
    rng = random.Random(SEED)
    monkeypatch.setenv(EMAIL_VARIABLE, LINGUIST)
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    assert sync_once(platform_server.base_url, True) == 0  # the tracks are cached locally

    log = tmp_path / "children.log"
    database = open_profile(profile())
    children: list[Child] = []
    try:
        editor = Editor(database, rng)
        for kill in range(KILLS):
            if kill == FAULTY_KILLS.start:
                platform_server.faults.set(**FAULTS, random_seed=SEED)
            elif kill == FAULTY_KILLS.stop:
                platform_server.faults.set(**NO_FAULTS)
            child = Child(platform_server, workstation_home, log)
            children.append(child)
            # Edits go on while the child starts; the kill is aimed at the sending.
            editor.edit_until(child.check_ready, READY_WITHIN_S)
            assert child.ready, f"the worker did not start:\n{_tail(log)}"
            editor.edit_until(lambda: False, rng.uniform(*KILL_AFTER_S))
            child.kill()
            editor.one_edit()  # and one while no worker runs at all

        platform_server.faults.set(**NO_FAULTS)
        final = Child(platform_server, workstation_home, log)
        children.append(final)
        assert _wait_until(final.check_ready, READY_WITHIN_S), _tail(log)
        drained = _wait_until(lambda: _open_items(database) == 0, DRAIN_WITHIN_S)
        left = [
            (item.id, item.language, item.kind, item.target, item.state.value, item.last_error)
            for item in Outbox(database).pending_items() + Outbox(database).failed_items()
        ]
        assert drained, f"items stuck in the outbox: {left}\n{_tail(log)}"
        assert final.stop() == 0, _tail(log)

        assert ConflictStore(database).list() == []
        tracks = TrackStore(database)
        for language, kind in TRACKS:
            track = tracks.get_track(JOB, language, kind)
            assert track is not None
            assert not track.has_local_changes and track.state == TrackState.SYNCED
            assert _server_track(platform_server, language, kind) == track.working_content, (
                f"the server's {language} {kind} is not the final local text"
            )
        for language, mine in editor.comment_bodies.items():
            on_server = Counter(_server_comment_bodies(platform_server, language))
            assert {body: on_server[body] for body in mine} == dict.fromkeys(mine, 1)
            local = CommentStore(database).list_comments(JOB, language)
            assert all(comment.server_id for comment in local)
    finally:
        for child in children:
            child.kill_if_running()
        database.close()

    versions = platform_server.store.scalar(
        "SELECT COUNT(*) FROM vtt_versions WHERE job_id = ? AND created_by = 'u-linguist'", (JOB,)
    )
    comments = sum(map(len, editor.comment_bodies.values()))
    log_text = log.read_text(encoding="utf-8", errors="replace")
    interrupted = sum(
        int(match) for match in re.findall(r"(\d+) outbox items were interrupted", log_text)
    )
    # The log keeps the last 2,000 requests: a lower bound, for the curious.
    faults = Counter(e["fault"] for e in platform_server.faults.requests() if e["fault"])
    print(
        f"soak: {KILLS} kills, {editor.saves} track saves -> {versions} server versions, "
        f"{comments} comments, {interrupted} items found in flight after a kill, "
        f"faults {dict(faults)}, {time.monotonic() - started:.1f} s"
    )
