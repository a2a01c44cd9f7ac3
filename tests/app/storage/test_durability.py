"""Acknowledged saves survive the process being killed mid-burst.

A child process saves a track in a tight loop and prints an acknowledgement
after each save returns; the parent kills it (SIGKILL on POSIX) at a random
point, reopens the file and checks that every acknowledged save is there and
the file is intact. Killing a process leaves the operating system's cache
alive, so this proves the transaction handling and the WAL recovery, not
the disk's honesty about fsync; synchronous=FULL is what covers that.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

from app.storage import JobInfo, JobStore, Outbox, OutboxKind, TrackKind, TrackStore, open_database
from tests.app.storage.burst_writer import JOB_ID, LANGUAGE, content_for, digest

REPOSITORY = Path(__file__).resolve().parents[3]
ROUNDS = 5


def _run_until_killed(
    database_path: Path, round_number: int, wanted_acks: int, stderr_path: Path
) -> list[tuple[int, int, str]]:
    """Start the writer, kill it after `wanted_acks` acknowledgements, return every ack it sent."""
    with stderr_path.open("w") as stderr:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.app.storage.burst_writer",
                str(database_path),
                str(round_number),
            ],
            cwd=REPOSITORY,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    # A watchdog, so a stuck child fails the test instead of hanging it.
    watchdog = threading.Timer(30, child.kill)
    watchdog.start()
    acks: list[tuple[int, int, str]] = []
    try:
        assert child.stdout is not None
        while len(acks) < wanted_acks:
            line = child.stdout.readline()
            if not line:
                break
            revision, edit, content_hash = line.split()
            acks.append((int(revision), int(edit), content_hash))
        child.kill()
        # Lines already in the pipe were acknowledged before the kill too.
        for line in child.stdout.read().splitlines():
            if line.count(" ") == 2:
                revision, edit, content_hash = line.split()
                acks.append((int(revision), int(edit), content_hash))
        child.wait(timeout=10)
    finally:
        watchdog.cancel()
        if child.stdout is not None:
            child.stdout.close()
    assert len(acks) >= wanted_acks, (
        f"the writer stopped after {len(acks)} saves:\n{stderr_path.read_text()}"
    )
    return acks


def test_acknowledged_saves_survive_kill_mid_burst(tmp_path: Path) -> None:
    database_path = tmp_path / "workstation.sqlite3"
    seed = random.randrange(1_000_000)
    chooser = random.Random(seed)
    database = open_database(database_path)
    JobStore(database).upsert_job(JobInfo(id=JOB_ID, title="Durability", status="in_qc"))
    database.close()

    revision_before = 0
    for round_number in range(ROUNDS):
        acks = _run_until_killed(
            database_path, round_number, chooser.randint(20, 200), tmp_path / "stderr.txt"
        )
        context = f"seed {seed}, round {round_number}"
        assert [revision for revision, _, _ in acks] == list(
            range(revision_before + 1, revision_before + 1 + len(acks))
        ), context
        for _, edit, content_hash in acks:
            assert content_hash == digest(content_for(round_number, edit)), context
        last_revision, last_edit, _ = acks[-1]

        database = open_database(database_path)
        try:
            track = TrackStore(database).get_track(JOB_ID, LANGUAGE, TrackKind.CAPTIONS)
            assert track is not None, context
            assert track.local_revision >= last_revision, context
            # Revisions count saves, so the stored revision names its edit;
            # one save may have committed after its ack could be printed.
            stored_edit = track.local_revision - revision_before - 1
            assert stored_edit >= last_edit, context
            assert track.working_content == content_for(round_number, stored_edit), context
            uploads = [
                item
                for item in Outbox(database).lane(JOB_ID, LANGUAGE)
                if item.kind == OutboxKind.TRACK_UPLOAD
            ]
            assert len(uploads) == 1, context
            assert uploads[0].payload == {"local_revision": track.local_revision}, context
            revision_before = track.local_revision
        finally:
            database.close()

        with closing(sqlite3.connect(database_path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
    assert list(tmp_path.glob("*.bak-*")) == []
