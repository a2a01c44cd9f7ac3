"""The pause-point editor on the demo job: drag, keys, undo, refusals, outbox, screenshot."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.audio_description.described_media import read_described_media
from app.audio_description.timing import DOES_NOT_FIT
from app.captions.webvtt_file import read_file
from app.demo_workspace import import_demo
from app.storage import (
    Database,
    Outbox,
    OutboxKind,
    PausePoint,
    PausePointStore,
    open_database,
)
from tests.conftest import REPO
from ui.pause_point_editor import Column, PausePointEditor

DEMO = REPO / "resources" / "demo"
JOB = "demo-0001"
MANIFEST = json.loads((DEMO / "job.json").read_text(encoding="utf-8"))
DESCRIPTIONS = read_file(DEMO / "en.descriptions.vtt").cues
SPOKEN = {d["cue_index"]: d["spoken_ms"] for d in MANIFEST["descriptions"]}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "profile" / "workstation.sqlite3")
    import_demo(opened)
    try:
        yield opened
    finally:
        opened.close()


def server_point(cue_index: int, timestamp_ms: int, original_ms: int | None = None) -> PausePoint:
    cue = DESCRIPTIONS[cue_index]
    return PausePoint(cue_index, timestamp_ms, timestamp_ms if original_ms is None else original_ms,
                      cue.start_ms, cue.end_ms, SPOKEN[cue_index], cue.text)


def open_editor(qtbot: QtBot, database: Database, *points: PausePoint) -> PausePointEditor:
    store = PausePointStore(database)
    store.save_server_pause_points(JOB, "en", points)
    editor = PausePointEditor()
    qtbot.addWidget(editor)
    editor.resize(1180, 430)
    editor.open_pause_points(store, read_described_media(database, JOB, "en"))
    editor.show()
    qtbot.waitExposed(editor)
    return editor


@pytest.fixture
def editor(qtbot: QtBot, database: Database) -> PausePointEditor:
    # Description 3 pauses where Nadia's caption ends; description 4 at the cut at 30 s.
    return open_editor(qtbot, database, server_point(2, 20_360), server_point(3, 30_000))


def positions(editor: PausePointEditor) -> dict[int, int]:
    return {p.cue_index: p.timestamp_ms for p in editor.points}


def stored(database: Database) -> dict[int, int]:
    return {p.cue_index: p.timestamp_ms
            for p in PausePointStore(database).list_pause_points(JOB, "en")}


def queued_moves(database: Database) -> dict[str, int]:
    items = [item for item in Outbox(database).lane(JOB, "en")
             if item.kind == OutboxKind.PAUSE_POINT]
    targets = [item.target for item in items]
    assert len(targets) == len(set(targets)), f"more than one PATCH for a point: {items}"
    return {item.target: int(item.payload["timestamp_ms"]) for item in items}


def current_cell(editor: PausePointEditor, cue_index: int) -> str:
    row = editor.model.row_of(cue_index)
    assert row is not None
    return str(editor.model.index(row, Column.CURRENT).data())


def test_keys_nudge_by_a_frame_or_100_ms_reset_and_each_press_is_undoable(
        qtbot: QtBot, editor: PausePointEditor, database: Database) -> None:
    band = editor.band
    band.setFocus()
    assert band.current == 2
    shift = Qt.KeyboardModifier.ShiftModifier
    for key, modifier, expected in ((Qt.Key.Key_Right, None, 20_400),
                                    (Qt.Key.Key_Right, None, 20_440),
                                    (Qt.Key.Key_Right, shift, 20_540),
                                    (Qt.Key.Key_Left, None, 20_520)):
        if modifier is None:
            qtbot.keyClick(band, key)
        else:
            qtbot.keyClick(band, key, modifier)
        assert positions(editor)[2] == expected
    assert current_cell(editor, 2) == "00:20.520 (moved)"
    assert stored(database)[2] == 20_520
    assert "moved from 00:20.360" in band.accessibleName()

    qtbot.keyClick(band, Qt.Key.Key_Home)
    assert positions(editor)[2] == 20_360 and current_cell(editor, 2) == "00:20.360"
    assert editor.undo_stack.count() == 5

    editor.undo_stack.undo()
    assert positions(editor)[2] == 20_520 and stored(database)[2] == 20_520
    for _ in range(4):
        editor.undo_stack.undo()
    assert positions(editor)[2] == 20_360 and stored(database)[2] == 20_360
    editor.undo_stack.redo()
    assert positions(editor)[2] == 20_400


def test_a_drag_is_one_undoable_move_landing_on_a_frame(
        qtbot: QtBot, editor: PausePointEditor, database: Database) -> None:
    band = editor.band
    start = band.handle_centre(2).toPoint()
    target_x = round(band.x_for(21_500))
    qtbot.mousePress(band, Qt.MouseButton.LeftButton, pos=start)
    for x in range(start.x(), target_x + 1, 4):
        qtbot.mouseMove(band, QPoint(x, start.y()))
    qtbot.mouseMove(band, QPoint(target_x, start.y()))
    assert positions(editor)[2] == 20_360  # nothing changes until the drop
    qtbot.mouseRelease(band, Qt.MouseButton.LeftButton, pos=QPoint(target_x, start.y()))

    moved = positions(editor)[2]
    ms_per_px = MANIFEST["duration_ms"] / (band.width() - 118)
    assert abs(moved - 21_500) <= ms_per_px + 40 and moved % 40 == 0
    assert editor.undo_stack.count() == 1
    assert editor.undo_stack.undoText().startswith("Drag pause point 3 to")
    assert editor.undo_action.isEnabled() and "Drag pause point 3" in editor.undo_action.toolTip()
    assert stored(database)[2] == moved and queued_moves(database) == {"2": moved}
    editor.undo_action.trigger()
    assert positions(editor)[2] == 20_360 and stored(database)[2] == 20_360
    assert not editor.undo_action.isEnabled() and editor.redo_action.isEnabled()


def test_a_drag_near_a_shot_change_sticks_to_it(
        qtbot: QtBot, editor: PausePointEditor) -> None:
    band = editor.band
    start = band.handle_centre(2).toPoint()
    near_cut = QPoint(round(band.x_for(23_000)) + 3, start.y())
    qtbot.mousePress(band, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(band, near_cut)
    qtbot.mouseRelease(band, Qt.MouseButton.LeftButton, pos=near_cut)
    assert positions(editor)[2] == 23_000


def test_a_drop_inside_dialogue_is_refused_and_the_handle_goes_back(
        qtbot: QtBot, editor: PausePointEditor, database: Database, artefacts: Path) -> None:
    band = editor.band
    start = band.handle_centre(2).toPoint()
    inside = QPoint(round(band.x_for(25_000)), start.y())  # Sam speaks 23.560–26.520
    qtbot.mousePress(band, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(band, inside)
    assert band.problem_at(2, band.ms_at(inside.x())) is not None
    assert band.grab().save(str(artefacts / "pause-point-band-refused-drag.png"))
    qtbot.mouseRelease(band, Qt.MouseButton.LeftButton, pos=inside)
    assert positions(editor)[2] == 20_360 and not band.dragging
    assert "inside dialogue" in editor.status.text()
    assert editor.undo_stack.count() == 0 and queued_moves(database) == {}


def test_a_pause_inside_dialogue_or_out_of_order_is_refused_and_nothing_is_queued(
        qtbot: QtBot, editor: PausePointEditor, database: Database) -> None:
    with qtbot.waitSignal(editor.message) as said:
        assert not editor.request_move(2, 24_000)  # Sam speaks 23.560–26.520
    assert "inside dialogue (00:23.560–00:26.520)" in said.args[0]
    assert not editor.request_move(2, 31_000)
    assert "before the one for description 4" in editor.status.text()
    assert not editor.request_move(3, 50_000)
    assert "within the media" in editor.status.text()
    assert positions(editor) == {2: 20_360, 3: 30_000}
    assert editor.undo_stack.count() == 0 and queued_moves(database) == {}


def test_many_moves_of_a_point_queue_one_patch_each_with_the_latest_position(
        qtbot: QtBot, editor: PausePointEditor, database: Database) -> None:
    band = editor.band
    band.setFocus()
    for _ in range(3):
        qtbot.keyClick(band, Qt.Key.Key_Right)
    qtbot.keyClick(band, Qt.Key.Key_S)  # back to the nearest line end: 20.360
    qtbot.keyClick(band, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(band, Qt.Key.Key_Tab)  # on to pause point 4
    assert band.current == 3 and editor.table.currentIndex().row() == 1
    qtbot.keyClick(band, Qt.Key.Key_Left)  # refused: the caption before runs to 30.000
    assert "inside dialogue" in editor.status.text()
    qtbot.keyClick(band, Qt.Key.Key_Right)
    qtbot.keyClick(band, Qt.Key.Key_Right)

    assert positions(editor) == {2: 20_460, 3: 30_080}
    assert queued_moves(database) == {"2": 20_460, "3": 30_080}
    editor.undo_stack.undo()
    assert queued_moves(database) == {"2": 20_460, "3": 30_040}


def test_a_refresh_that_moved_a_point_on_the_server_starts_undo_afresh(
        qtbot: QtBot, editor: PausePointEditor, database: Database) -> None:
    assert editor.request_move(2, 20_400)
    # The server moved pause point 4 meanwhile; our unsent move of 3 is kept.
    PausePointStore(database).save_server_pause_points(
        JOB, "en", [server_point(2, 20_360), server_point(3, 30_200, 30_000)])
    editor.reload()
    assert positions(editor) == {2: 20_400, 3: 30_200}
    assert editor.undo_stack.count() == 0
    stops = editor.preview_stops()
    assert [(s.cue_index, s.timestamp_ms, s.hold_ms) for s in stops] == [
        (2, 20_400, 6664), (3, 30_200, 2870)]
    assert stops[1].text == "Bands of red, green and blue brighten from left to right."


def test_tab_walks_the_handles_then_leaves_the_band(
        qtbot: QtBot, editor: PausePointEditor) -> None:
    editor.band.setFocus()
    qtbot.keyClick(editor.band, Qt.Key.Key_Tab)
    assert editor.band.current == 3 and editor.band.hasFocus()
    qtbot.keyClick(editor.band, Qt.Key.Key_Tab)
    assert not editor.band.hasFocus()
    qtbot.keyClick(editor.band, Qt.Key.Key_Up)
    assert editor.band.current == 2


def test_the_table_chooses_the_handle_and_enter_seeks(
        qtbot: QtBot, editor: PausePointEditor) -> None:
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(1, Column.TEXT))
    assert editor.band.current == 3
    with qtbot.waitSignal(editor.seek_requested) as seek:
        qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert seek.args == [30_000]


def test_demo_job_shows_its_findings_and_exports_a_script(
        qtbot: QtBot, database: Database, tmp_path: Path, artefacts: Path) -> None:
    demo_points = [server_point(p["cue_index"], p["timestamp_ms"], p["original_timestamp_ms"])
                   for p in MANIFEST["pause_points"]]
    editor = open_editor(qtbot, database, *demo_points)
    editor.band.setFocus()
    # The platform's suggestion sits where Sam stops speaking, but his caption is still up.
    hints = [editor.findings.finding(row).hint for row in range(editor.findings.rowCount())]
    assert any("Pause point 3: 00:20.130 is inside dialogue" in hint for hint in hints)
    row = editor.model.row_of(2)
    assert row is not None
    assert editor.model.index(row, Column.CHECK).data() == "Misplaced"
    assert editor.model.index(row, Column.DELIVERY).data() == "Extended, 3.5 s over its gap"
    assert editor.model.index(row, Column.PAUSE).data() == "6.7 s"
    assert "Problem: 00:20.130 is inside dialogue" in editor.band.accessibleName()
    assert DOES_NOT_FIT not in {editor.findings.finding(r).rule
                                for r in range(editor.findings.rowCount())}

    script = tmp_path / "script.docx"
    editor.export_script(script)
    assert script.stat().st_size > 0

    qtbot.wait(50)
    picture = editor.grab()
    assert picture.save(str(artefacts / "pause-point-editor.png"))
    shutil.copy(artefacts / "pause-point-editor.png", "/tmp/pause-point-editor.png")

    qtbot.keyClick(editor.band, Qt.Key.Key_S)  # the fix the finding asks for
    assert positions(editor) == {2: 20_360}
    assert editor.findings.rowCount() == 0
    qtbot.wait(50)
    assert editor.grab().save(str(artefacts / "pause-point-editor-snapped.png"))
