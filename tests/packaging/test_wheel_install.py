"""The wheel installs into a fresh virtual environment and its command runs.

Marked slow: it builds the wheel and pip-installs it with every dependency
(PySide6 included) from the package index. About 20 s with a warm pip cache;
minutes on a cold one. Run it with `pytest -m slow tests/packaging`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from app import __version__

REPO = Path(__file__).resolve().parents[2]

pytest.importorskip("build")


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_environment_and_starts(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"),
                    str(REPO)], check=True, capture_output=True, timeout=300)
    wheels = list((tmp_path / "dist").glob("review_workstation-*.whl"))
    assert len(wheels) == 1

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    binaries = fresh / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(binaries / "python"), "-m", "pip", "install", "--quiet",
                    str(wheels[0])], check=True, capture_output=True, timeout=900)

    # Outside the repository, so nothing is imported from the work tree.
    environment = {"PATH": os.environ.get("PATH", ""), "QT_QPA_PLATFORM": "offscreen",
                   "REVIEW_WORKSTATION_HOME": str(tmp_path / "home")}
    version = subprocess.run([str(binaries / "review-workstation"), "--version"],
                             capture_output=True, text=True, timeout=60, cwd=tmp_path,
                             env=environment)
    assert version.returncode == 0, version.stderr
    assert __version__ in version.stdout

    checked = subprocess.run(
        [str(binaries / "review-workstation"), "check",
         str(REPO / "resources" / "demo" / "en.captions.vtt")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=environment)
    assert "8 cues" in checked.stdout, checked.stderr

    # The window starts and keeps running (stopped after 8 s; it would exit at once on error).
    window = subprocess.Popen([str(binaries / "review-workstation")], cwd=tmp_path,
                              env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        code = window.wait(8)
    except subprocess.TimeoutExpired:
        code = None  # still running: it started
    finally:
        window.kill()
        _out, errors = window.communicate(timeout=30)
    assert code is None, f"the window exited with {code}:\n{errors[-3000:]}"
    assert "Traceback" not in errors, errors[-3000:]
    assert (tmp_path / "home" / "data" / "profiles" / "default" / "workstation.sqlite3").is_file()
