"""The review-workstation command's batch mode, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "vtt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.command_line", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_check_json_reports_one_object_per_file(tmp_path: Path) -> None:
    good = tmp_path / "good.vtt"
    good.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello there.\n", encoding="utf-8")
    result = run("check", "--json", str(good), str(CORPUS / "netflix_chicas_del_cable.vtt"))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["file"]).name for line in lines] == ["good.vtt",
                                                          "netflix_chicas_del_cable.vtt"]
    assert lines[0] == {"file": str(good), "format": "webvtt", "cues": 1, "findings": []}
    netflix = lines[1]
    assert netflix["cues"] == 865
    blocks = [f for f in netflix["findings"] if f["cue"] is None]
    assert [f["line"] for f in blocks] == [16, 18]
    assert all(f["severity"] == "error" and f["rule"] == "ignored-block" for f in blocks)
    assert set(netflix["findings"][0]) >= {"cue", "rule", "severity", "value", "limit", "hint"}
    assert result.returncode == 1  # error-level findings
    assert "Traceback" not in result.stderr


def test_check_exit_status_is_zero_when_clean_and_two_when_unreadable(tmp_path: Path) -> None:
    clean = tmp_path / "clean.vtt"
    clean.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello.\n", encoding="utf-8")
    assert run("check", str(clean)).returncode == 0

    binary = tmp_path / "video.vtt"
    binary.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)))
    missing = tmp_path / "missing.vtt"
    result = run("check", "--json", str(clean), str(binary), str(missing), str(tmp_path))
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 2
    assert "error" not in answers[0]
    assert answers[1]["error"]["line"] == 1
    assert "binary" in answers[1]["error"]["message"]
    assert answers[2]["error"] == {"line": None, "message": f"{missing} does not exist"}
    assert "folder" in answers[3]["error"]["message"]
    assert "Traceback" not in result.stderr


def test_check_names_a_bad_profile_without_a_traceback(tmp_path: Path) -> None:
    result = run("check", "--profile", "cinema", str(CORPUS / "sample.vtt"))
    assert result.returncode == 2
    assert "netflix-en" in result.stderr and "Traceback" not in result.stderr


def test_children_profile_is_stricter_on_reading_speed(tmp_path: Path) -> None:
    # 36 visible characters over 2 s = 18 CPS: fine for adults, too fast for children.
    file = tmp_path / "speed.vtt"
    file.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nThis line has thirty-six characters.\n",
        encoding="utf-8",
    )
    adult = json.loads(run("check", "--json", str(file)).stdout)
    child = json.loads(run("check", "--json", "--profile", "children", str(file)).stdout)
    assert [f["rule"] for f in adult["findings"]] == []
    assert [f["rule"] for f in child["findings"]] == ["reading-speed"]


@pytest.mark.parametrize("name", ["netflix_chicas_del_cable.vtt", "youtube_dl.vtt",
                                  "captions_with_bom.vtt", "invalid_timeframe.vtt"])
def test_resave_writes_an_unedited_file_back_unchanged(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = run("resave", str(CORPUS / name), str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == (CORPUS / name).read_bytes()


def test_resave_refuses_what_it_cannot_read_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.vtt"
    result = run("resave", str(CORPUS / "invalid.vtt"), str(target))
    assert result.returncode == 2
    assert "Line 1:" in result.stderr and "WEBVTT" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_sync_export_and_import_from_the_command(tmp_path: Path, platform_server: object) -> None:
    import os

    from tests.platform.server import PlatformServer

    assert isinstance(platform_server, PlatformServer)
    env = dict(os.environ, REVIEW_WORKSTATION_EMAIL="linguist@demo.test",
               REVIEW_WORKSTATION_PASSWORD="demo-password")

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ui.command_line", *args], env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    synced = command("sync", "--server", platform_server.base_url, "--json")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    exported = command("export", "demo-0001", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out" / "fr.captions.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    bad = tmp_path / "bad.vtt"
    bad.write_text("not captions", encoding="utf-8")
    refused = command("import", "demo-0001", "fr", "captions", str(bad))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert command("export", "demo-0001", str(tmp_path / "after")).returncode == 0
    assert (tmp_path / "after" / "fr.captions.vtt").read_bytes() == \
        (tmp_path / "out" / "fr.captions.vtt").read_bytes()


def test_a_second_program_on_the_same_profile_is_refused(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "from app.paths import profile\n"
         "from app.profile_lock import ProfileLock\n"
         "lock = ProfileLock(profile(), 'Review Workstation window')\nlock.acquire()\n"
         "print('locked', flush=True)\nimport time\ntime.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        file = tmp_path / "fr.vtt"
        file.write_text("WEBVTT\n", encoding="utf-8")
        result = run("import", "demo-0001", "fr", "captions", str(file))
        assert result.returncode == 2
        assert "already in use by the Review Workstation window" in result.stderr
    finally:
        holder.kill()
        holder.wait(timeout=10)
