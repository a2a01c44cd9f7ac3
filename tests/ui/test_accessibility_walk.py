"""Every interactive widget of each view has a name a screen reader can say.

The walker itself is checked first (it must find what it is meant to find),
then applied to the new views and to the main window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableView,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.recent_work import RecentWork
from app.settings import Preferences
from tests.ui.accessibility_walk import describe, unnamed_widgets
from ui.about_dialog import AboutDialog
from ui.crash_report import CrashDialog
from ui.settings_dialog import SettingsDialog
from ui.welcome_screen import WelcomeScreen


def test_the_walker_finds_unnamed_controls_and_accepts_what_qt_names(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QFormLayout(form)
    labelled = QLineEdit(form)
    layout.addRow("&Server", labelled)  # a buddy label: Qt derives the name
    lonely = QLineEdit(form)
    lonely.setObjectName("lonely")
    layout.addWidget(lonely)
    icon_only = QToolButton(form)
    icon_only.setToolTip("Play")
    layout.addWidget(icon_only)
    layout.addWidget(QPushButton("Save", form))  # its text is its name
    layout.addWidget(QCheckBox("Autosync", form))
    spin = QSpinBox(form)  # its inner line edit must not be listed on its own
    spin.setAccessibleName("Lines")
    layout.addWidget(spin)
    unnamed_combo = QComboBox(form)
    unnamed_combo.addItem("Dark")
    layout.addWidget(unnamed_combo)
    named_table = QTableView(form)
    named_table.setAccessibleName("Cues")
    layout.addWidget(named_table)
    hidden = QSlider(form)
    hidden.hide()
    layout.addWidget(hidden)

    found = unnamed_widgets(form)
    kinds = sorted(problem.kind for problem in found)
    assert kinds == ["QComboBox", "QLineEdit", "QSlider", "QToolButton"]
    assert any(p.object_name == "lonely" for p in found)
    assert "tool tip 'Play'" in describe(found)
    assert "showing 'Dark'" in describe(found)
    assert sorted(p.kind for p in unnamed_widgets(form, include_hidden=False)) == [
        "QComboBox", "QLineEdit", "QToolButton"]


def test_the_settings_dialog_names_every_control(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Preferences(), tmp_path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Measuring" not in dialog.cache_use_label.text())
    problems = unnamed_widgets(dialog)
    assert problems == [], describe(problems)


def test_the_welcome_screen_names_every_control(qtbot: QtBot, tmp_path: Path) -> None:
    screen = WelcomeScreen(RecentWork().with_file(tmp_path / "a.vtt").with_job("j", "Job"))
    qtbot.addWidget(screen)
    problems = unnamed_widgets(screen)
    assert problems == [], describe(problems)


def test_the_crash_and_about_dialogs_name_every_control(qtbot: QtBot) -> None:
    for dialog in (CrashDialog("report", None), AboutDialog()):
        qtbot.addWidget(dialog)
        problems = unnamed_widgets(dialog)
        assert problems == [], describe(problems)


@pytest.fixture
def main_window(qtbot: QtBot) -> Iterator[QWidget]:
    # Imported here so the other views are still checked while the window is being changed.
    from ui.application import build_window, create_application

    create_application()
    shown = build_window([])
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.editor.model.rowCount() > 0, timeout=5000)
    yield shown
    shown.close()


def test_the_main_window_names_every_control(main_window: QWidget) -> None:
    problems = unnamed_widgets(main_window)
    assert problems == [], describe(problems)
