"""The command-line functions: sync with env credentials, export, import (good and bad)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import profile
from app.storage import Outbox, TrackStore, open_profile
from sync.command_line import export_job, import_track, sync_once
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, LINGUIST, PASSWORD, server_latest


def _signed_in_by_env(monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD) -> None:
    monkeypatch.setenv("REVIEW_WORKSTATION_EMAIL", LINGUIST)
    monkeypatch.setenv("REVIEW_WORKSTATION_PASSWORD", password)


def _last_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    result: dict[str, object] = json.loads(lines[-1])
    return result


def test_sync_export_import_round_trip(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    _signed_in_by_env(monkeypatch)
    assert sync_once(platform_server.base_url, True) == 0
    summary = _last_json(capsys)
    assert summary["signed_in_as"] == LINGUIST and summary["remaining"] == []

    folder = tmp_path / "export"
    assert export_job(JOB, folder) == 0
    exported = folder / "fr.captions.vtt"
    assert exported.read_text(encoding="utf-8") == server_latest(platform_server, "fr")["content"]
    assert (folder / "en.descriptions.vtt").exists()

    edited = tmp_path / "fr.vtt"
    edited.write_bytes(exported.read_bytes().replace(b"Bienvenue", b"Bonjour", 1))
    assert import_track(JOB, "fr", "captions", edited) == 0

    # The keyring session from the first run is enough now.
    monkeypatch.delenv("REVIEW_WORKSTATION_EMAIL")
    monkeypatch.delenv("REVIEW_WORKSTATION_PASSWORD")
    assert sync_once(None, False) == 0  # the profile remembers the server
    assert "everything is synced" in capsys.readouterr().out
    assert server_latest(platform_server, "fr")["content"] == edited.read_text(encoding="utf-8")


def test_a_bad_file_is_refused_and_nothing_changes(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    _signed_in_by_env(monkeypatch)
    assert sync_once(platform_server.base_url, True) == 0
    bad = tmp_path / "bad.vtt"
    bad.write_text("1\n00:00:01.000 --> 00:00:02.000\nno signature\n", encoding="utf-8")
    binary = tmp_path / "binary.vtt"
    binary.write_bytes(b"WEBVTT\n\n\x00\x01\x02")
    database = open_profile(profile())
    before = TrackStore(database).get_track(JOB, "fr", "captions")
    database.close()

    assert import_track(JOB, "fr", "captions", bad) == 2
    assert import_track(JOB, "fr", "captions", binary) == 2
    assert import_track(JOB, "fr", "subtitles", bad) == 2
    assert "refused" in capsys.readouterr().err

    database = open_profile(profile())
    try:
        assert TrackStore(database).get_track(JOB, "fr", "captions") == before
        assert Outbox(database).pending_items() == []
    finally:
        database.close()


def test_exit_codes_for_refused_items_and_failed_sign_in(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    _signed_in_by_env(monkeypatch, password="wrong")
    assert sync_once(platform_server.base_url, True) == 2
    assert "Invalid email or password" in str(_last_json(capsys)["error"])

    _signed_in_by_env(monkeypatch)
    assert sync_once(platform_server.base_url, True) == 0
    capsys.readouterr()
    assert export_job(JOB, tmp_path) == 0
    spanish = tmp_path / "es.captions.vtt"
    spanish.write_text(spanish.read_text(encoding="utf-8") + "\nNOTE mine\n", encoding="utf-8")
    assert import_track(JOB, "es", "captions", spanish) == 0
    assert sync_once(platform_server.base_url, True) == 1  # es is not this linguist's
    remaining = _last_json(capsys)["remaining"]
    assert isinstance(remaining, list) and len(remaining) == 1
    assert remaining[0]["state"] == "failed"
    assert remaining[0]["reason"] == "Language 'es' is not assigned to you"


def test_the_worker_runs_in_a_child_process(
    platform_server: PlatformServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    workstation_home: Path,
) -> None:
    _signed_in_by_env(monkeypatch)
    assert sync_once(platform_server.base_url, True) == 0
    assert export_job(JOB, tmp_path) == 0
    french = tmp_path / "fr.captions.vtt"
    french.write_text(french.read_text(encoding="utf-8") + "\nNOTE child\n", encoding="utf-8")
    assert import_track(JOB, "fr", "captions", french) == 0

    environment = {
        **os.environ,
        "REVIEW_WORKSTATION_HOME": str(workstation_home),
        # Never the developer's real keyring from a child process.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    child = subprocess.run(
        [sys.executable, "-m", "sync", "push", "--server", platform_server.base_url],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert server_latest(platform_server, "fr")["content"].endswith("NOTE child\n")
