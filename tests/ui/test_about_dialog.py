"""The About box and `--version` list the same versions, libvlc and the schema included."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app import __version__
from app.storage.upgrade import head_revision
from ui import versions
from ui.about_dialog import AboutDialog

REPO = Path(__file__).resolve().parents[2]


def test_versions_name_each_component() -> None:
    found = versions.installed_versions()
    assert found["Review Workstation"] == __version__
    assert found["Qt"] == qVersion()
    assert found["Qt for Python (PySide6)"] == pyside_version
    assert found["SQLite"] == sqlite3.sqlite_version
    assert found["Database schema"] == f"revision {head_revision()}"
    assert found["libvlc"]  # a version, or says it is not installed


def test_without_libvlc_the_list_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vlc", None)  # import vlc now raises ImportError
    assert versions.libvlc_version() == ""
    assert versions.installed_versions()["libvlc"].startswith("not installed")


def test_the_about_box_shows_every_version_and_copies_them(
    qtbot: QtBot, artefacts: Path
) -> None:
    dialog = AboutDialog({"Video player": "QtMultimedia"})
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    shown = {}
    for row in range(table.rowCount()):
        name, value = table.item(row, 0), table.item(row, 1)
        assert name is not None and value is not None
        shown[name.text()] = value.text()
    assert shown == {**versions.installed_versions(), "Video player": "QtMultimedia"}
    dialog.grab().save(str(artefacts / "about-dialog.png"))
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"Qt: {qVersion()}" in copied and "Video player: QtMultimedia" in copied


def test_version_text_runs_without_a_display() -> None:
    """What `review-workstation --version` will print once wired (see ui.versions)."""
    result = subprocess.run(
        [sys.executable, "-c", "from ui.versions import version_text; print(version_text())"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 0, result.stderr
    assert f"Review Workstation: {__version__}" in result.stdout
    assert f"Database schema: revision {head_revision()}" in result.stdout
