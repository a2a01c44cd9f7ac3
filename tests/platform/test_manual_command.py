"""The documented manual command serves the demo data on loopback."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.platform.seed import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[2]


def test_serve_prints_its_url_and_answers(tmp_path: Path) -> None:
    data = tmp_path / "data"  # missing on purpose: serve creates it
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.platform", "serve", "--port", "0", "--data", str(data)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            printed.append(line)
            if "Ctrl-C" in line or not line:
                break
        output = "".join(printed)
        match = re.search(r"http://127\.0\.0\.1:(\d+)", output)
        assert match, output
        assert "linguist@demo.test" in output and "project_manager" in output
        assert DEMO_PASSWORD in output
        base = match.group(0)
        login = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "linguist@demo.test", "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        jobs = httpx.get(f"{base}/api/v1/jobs", headers=headers).json()
        job_id = jobs["items"][0]["id"]
        track = httpx.get(
            f"{base}/api/v1/jobs/{job_id}/vtt",
            params={"lang": "en", "kind": "captions"},
            headers=headers,
        )
        assert track.status_code == 200 and track.json()["content"].startswith("WEBVTT")
        assert (data / "platform.sqlite3").is_file()
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
