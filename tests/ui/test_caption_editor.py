"""The caption editor driven through its model and the keyboard (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.captions.webvtt_file import parse
from app.storage import TrackStore
from ui.application import build_window, create_application
from ui.cue_table_model import Column
from ui.main_window import MainWindow

DEMO_JOB = "demo-0001"


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    create_application()
    shown = build_window([])
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.editor.model.rowCount() > 0, timeout=5000)
    yield shown
    shown.close()


def stored_track(window: MainWindow, language: str = "en") -> str:
    stored = TrackStore(window.property("database")).get_track(DEMO_JOB, language, "captions")
    assert stored is not None
    return stored.working_content


def texts(window: MainWindow) -> list[str]:
    model = window.editor.model
    return [model.index(row, Column.TEXT).data(Qt.ItemDataRole.EditRole)
            for row in range(model.rowCount())]


def test_editing_a_cell_autosaves_and_undo_redo_chain(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    model = editor.model
    original = texts(window)
    assert model.setData(model.index(0, Column.TEXT), "Welcome, linguists.")
    assert model.setData(model.index(1, Column.END), "00:00:09.500")
    assert texts(window)[0] == "Welcome, linguists."
    assert "Welcome, linguists." in stored_track(window)
    assert "00:00:05.440 --> 00:00:09.500" in stored_track(window)
    assert "local changes" in window.windowTitle()

    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "00:00:05.440 --> 00:00:09.080" in stored_track(window)
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(window) == original
    assert stored_track(window).count("Welcome to the review") == 1
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, redo)
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, redo)
    assert texts(window)[0] == "Welcome, linguists."
    assert "00:00:05.440 --> 00:00:09.500" in stored_track(window)


def test_a_refused_time_is_explained_and_changes_nothing(window: MainWindow) -> None:
    model = window.editor.model
    before = stored_track(window)
    assert not model.setData(model.index(0, Column.START), "soon")
    assert not model.setData(model.index(0, Column.END), "00:00:01.000")  # before its start
    assert "not a time" in window.statusBar().currentMessage() or \
        "start" in window.statusBar().currentMessage().lower()
    assert stored_track(window) == before


def test_split_and_merge_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    editor.table.setFocus()
    editor.select_row(0)
    editor.playhead_ms = lambda: 3000
    qtbot.keyClick(editor.table, Qt.Key.Key_F6)
    assert editor.model.rowCount() == 9
    first, second = parse(stored_track(window)).cues[:2]
    assert (first.start_ms, first.end_ms, second.start_ms, second.end_ms) == (
        2400, 3000, 3000, 4840)
    editor.select_row(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_F7)
    assert editor.model.rowCount() == 8
    merged = parse(stored_track(window)).cues[0]
    assert (merged.start_ms, merged.end_ms) == (2400, 4840)
    assert editor.undo_stack.count() == 2


def test_insert_and_delete_with_table_shortcuts(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    editor.table.setFocus()
    editor.select_row(1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 9
    assert editor.current_row() == 2
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == 8
    assert len(parse(stored_track(window)).cues) == 8


def test_find_and_replace_all_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    qtbot.keyClick(editor.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert editor.find_bar.isVisible()
    qtbot.keyClicks(editor.find_bar.pattern, "picture")
    editor.find_bar.replacement.setText("image")
    editor.find_bar.find_again(False)
    assert editor.current_row() == 1
    editor.find_bar.replace_requested.emit(editor.find_bar.query(), "image", True)
    assert sum("image" in t for t in texts(window)) == 3
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert sum("picture" in t for t in texts(window)) == 3


def test_qc_findings_follow_edits(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    # The demo track has one finding by design: a cue edge near a shot change.
    before = [window.findings_model.finding(r).rule
              for r in range(window.findings_model.rowCount())]
    assert before == ["shot-change"]
    model = editor.model
    model.setData(model.index(0, Column.TEXT),
                  "This line is far too long to read in the time this cue is on screen.")
    qtbot.waitUntil(lambda: window.findings_model.rowCount() > 1, timeout=5000)
    rules = {window.findings_model.finding(r).rule for r in range(window.findings_model.rowCount())}
    assert {"line-length", "reading-speed"} <= rules
    assert "warning" in model.index(0, Column.QC).data()
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: window.findings_model.rowCount() == 1, timeout=5000)


def test_detail_pane_edits_text_as_one_step(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    editor.select_row(2)
    editor.detail.text.setFocus()
    editor.detail.text.selectAll()
    qtbot.keyClicks(editor.detail.text, "New words")
    qtbot.keyClick(editor.detail.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert texts(window)[2] == "New words"
    assert editor.undo_stack.count() == 1
    assert "CPS" in editor.detail.meter.text()


def test_local_file_edits_are_a_draft_until_saved(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "episode.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nFirst.\n", encoding="utf-8")
    window.open_file(path)
    qtbot.waitUntil(lambda: window.editor.model.rowCount() == 1, timeout=5000)
    model = window.editor.model
    model.setData(model.index(0, Column.TEXT), "Edited.")
    assert path.read_text(encoding="utf-8").endswith("First.\n")
    assert "unsaved" in window.windowTitle()
    qtbot.keyClick(window.editor.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.read_text(encoding="utf-8").endswith("Edited.\n")
    assert "unsaved" not in window.windowTitle()


def test_an_edit_on_a_copy_a_sync_replaced_is_merged_and_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    tracks = TrackStore(window.property("database"))
    newer = stored_track(window).replace("Great. Then let's send it", "Good. Then send it")
    tracks.save_server_track(DEMO_JOB, "en", "captions", 2, newer)  # as a pull would
    model = window.editor.model
    assert model.setData(model.index(0, Column.TEXT), "Welcome, reviewers.")
    assert texts(window)[0] == "Welcome, reviewers."
    assert texts(window)[-1].startswith("Good. Then send it")
    assert "Good. Then send it" in stored_track(window)
    assert "Welcome, reviewers." in stored_track(window)
    assert "merged" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.editor.undo_stack.count() == 0, timeout=2000)
