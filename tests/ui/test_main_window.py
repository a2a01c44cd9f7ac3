"""The main window on the demo workspace, driven like a person would (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.storage import TrackStore
from ui.application import build_window, create_application
from ui.cue_table_model import Column
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    create_application()
    shown = build_window([])
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.editor.model.rowCount() > 0, timeout=5000)
    yield shown
    shown.close()


def choose_track(window: MainWindow, qtbot: QtBot, language: str, label: str) -> None:
    tree = window.jobs_panel.tree
    model = tree.model()
    job = model.index(0, 0)
    for row in range(model.rowCount(job)):
        lang = model.index(row, 0, job)
        if lang.data() != language:
            continue
        for track_row in range(model.rowCount(lang)):
            track = model.index(track_row, 0, lang)
            if track.data() == label:
                tree.setCurrentIndex(track)
                qtbot.waitUntil(lambda: language in window.editor.title.text()
                                and "loading" not in window.editor.title.text(), timeout=5000)
                return
    raise AssertionError(f"no {language} {label} track in the jobs panel")


def test_opens_on_the_demo_job_with_its_languages_and_tracks(window: MainWindow) -> None:
    model = window.jobs_panel.tree.model()
    job = model.index(0, 0)
    assert job.data() == "Demo: Colour bars and voices"
    languages = [model.index(r, 0, job).data() for r in range(model.rowCount(job))]
    assert languages == ["en", "fr"]
    assert window.editor.model.rowCount() == 8
    assert "not signed in" in window.sync_controller.status.text()


def test_descriptions_show_qc_findings_with_words_icons_and_tooltips(
    window: MainWindow, qtbot: QtBot
) -> None:
    choose_track(window, qtbot, "en", "Audio description")
    model = window.editor.model
    assert model.rowCount() == 5
    flagged = [r for r in range(5) if model.findings_for(r)]
    assert flagged
    row = flagged[0]
    qc = model.index(row, Column.QC)
    assert "warning" in qc.data()
    assert qc.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "above" in qc.data(Qt.ItemDataRole.ToolTipRole)
    assert qc.data(Qt.ItemDataRole.AccessibleDescriptionRole) == qc.data(
        Qt.ItemDataRole.ToolTipRole)
    _errors, warnings = window.findings_model.counts()
    assert f"{warnings} warnings" in window.status_counts.text()


def test_activating_a_finding_jumps_to_its_cue(window: MainWindow, qtbot: QtBot) -> None:
    choose_track(window, qtbot, "en", "Audio description")
    findings = window.findings_table
    last = window.findings_model.rowCount() - 1
    target_cue = window.findings_model.finding(last).cue
    findings.setFocus()
    findings.setCurrentIndex(window.findings_model.index(last, 0))
    qtbot.keyClick(findings, Qt.Key.Key_Return)
    current = window.editor.table.currentIndex()
    assert current.siblingAtColumn(Column.NUMBER).data() == str(target_cue + 1)
    assert window.editor.table.hasFocus() or not window.isActiveWindow()


def test_the_track_shown_is_the_local_working_copy(window: MainWindow, qtbot: QtBot) -> None:
    database = window.property("database")
    tracks = TrackStore(database)
    stored = tracks.get_track("demo-0001", "fr", "captions")
    assert stored is not None
    tracks.save_working_copy("demo-0001", "fr", "captions", stored.working_content.replace(
        "WEBVTT", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour.", 1))
    choose_track(window, qtbot, "fr", "Captions")
    assert window.editor.model.index(0, Column.TEXT).data() == "Bonjour."


def test_a_broken_file_is_explained_and_the_window_stays(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning",
                        lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "broken.vtt"
    bad.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not WebVTT\n")
    window.open_file(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "Line 1:" in shown[0] and "WEBVTT" in shown[0]
    assert window.isVisible()


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    focusable = [w for w in window.findChildren(QWidget)
                 if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
                 and w.metaObject().className() in {"QTableView", "QTreeView", "QLineEdit",
                                                    "QPushButton", "QComboBox"}]
    assert focusable
    assert [w for w in focusable if not w.accessibleName()] == []


def test_screenshot_of_the_window(window: MainWindow, qtbot: QtBot, artefacts: Path) -> None:
    choose_track(window, qtbot, "en", "Audio description")
    QApplication.processEvents()
    path = artefacts / "main-window-demo.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_home_takes_the_width_and_work_gets_its_docks_back(window: MainWindow) -> None:
    from PySide6.QtWidgets import QDockWidget

    assert window.home is not None
    before = {dock.objectName() for dock in window.findChildren(QDockWidget) if dock.isVisible()}
    assert "jobs-dock" in before

    window.views.setCurrentWidget(window.home)
    assert not any(dock.isVisible() for dock in window.findChildren(QDockWidget))

    window.views.setCurrentWidget(window._work_page)
    after = {dock.objectName() for dock in window.findChildren(QDockWidget) if dock.isVisible()}
    assert after == before
