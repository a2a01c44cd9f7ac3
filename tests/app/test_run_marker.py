"""The clean-exit marker, and what the profile says it kept after an unclean end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.recovery import kept_work, recovery_message
from app.run_marker import MARKER_FILE_NAME, end_run, start_run
from app.storage import DraftStore, JobInfo, JobStore, Outbox, TrackStore, open_database
from app.storage.states import TrackKind


def test_a_clean_end_is_not_reported_at_the_next_start(tmp_path: Path) -> None:
    assert not start_run(tmp_path, "0.1.0").ended_unexpectedly
    end_run(tmp_path)
    assert not start_run(tmp_path, "0.1.0").ended_unexpectedly


def test_a_run_that_never_ended_is_reported_with_its_version(tmp_path: Path) -> None:
    start_run(tmp_path, "0.0.9")
    previous = start_run(tmp_path, "0.1.0")
    assert previous.ended_unexpectedly
    assert previous.version == "0.0.9"
    assert previous.started_at is not None


def test_a_killed_process_leaves_the_marker(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; from app.run_marker import start_run;"
            f"start_run(Path({str(tmp_path)!r}), 'killed'); print('ready', flush=True);"
            "time.sleep(60)")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    previous = start_run(tmp_path, "0.1.0")
    assert previous.ended_unexpectedly and previous.version == "killed"


def test_a_marker_cut_short_still_counts(tmp_path: Path) -> None:
    (tmp_path / MARKER_FILE_NAME).write_text('{"started_at": "2026-', encoding="utf-8")
    previous = start_run(tmp_path, "0.1.0")
    assert previous.ended_unexpectedly and previous.started_at is None


def test_the_message_lists_what_was_kept(tmp_path: Path) -> None:
    database = open_database(tmp_path / "workstation.sqlite3")
    try:
        assert recovery_message(kept_work(database)).endswith("there was no unsent work.")
        JobStore(database).upsert_job(JobInfo(id="j1", title="Harbour", status="in_qc"))
        TrackStore(database).save_working_copy("j1", "fr", TrackKind.CAPTIONS, "WEBVTT\n")
        Outbox(database).enqueue_action("j1", "fr", "submit")
        DraftStore(database).save_draft(tmp_path / "episode.vtt", "WEBVTT\n")
        kept = kept_work(database)
    finally:
        database.close()
    assert kept.changed_tracks == ("Harbour: fr captions",)
    assert kept.unsaved_files == (tmp_path / "episode.vtt",)
    assert kept.outbox_waiting >= 1
    message = recovery_message(kept)
    assert message.startswith("Review Workstation did not close normally last time. "
                              "Nothing was lost.")
    assert "1 track with local changes" in message
    assert "waiting in the outbox" in message
    assert "1 unsaved file recovered as a draft (episode.vtt)" in message
