"""The end-to-end day (tests/e2e/person_day.py) on the X display, with the libvlc player."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.player.test_vlc_backend import libvlc_loads

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (Xvfb)"),
    pytest.mark.skipif(not libvlc_loads(), reason="libvlc is not installed"),
]


def test_a_linguist_and_a_reviewer_work_offline_and_everything_arrives(
    tmp_path: Path, artefacts: Path
) -> None:
    shots = artefacts / "e2e"
    for old in shots.glob("*.png"):
        old.unlink()
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.person_day", "--shots", str(shots),
         "--data", str(tmp_path)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report; stderr:\n{done.stderr[-3000:]}"
    report = json.loads(lines[-1])
    assert "error" not in report, report["error"] + "\n" + "\n".join(report["steps"])
    assert report["ok"] and "VLC" in report["player"]
    assert len(report["steps"]) == 8
    for name in report["shots"]:
        assert (shots / name).stat().st_size > 10_000, f"{name} is empty"
