"""The segment review grid driven from the keyboard (offscreen): statuses, undo, filters,
counters, and tag-safe editing of targets."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.segments.review import (
    ReviewStatus,
    Segment,
    SegmentContext,
    SegmentList,
)
from app.segments.segment import InlineTag, MqmError, SegmentContent
from app.segments.tmx_file import read_tmx
from ui.segment_filter import (
    ANY_ANNOTATION,
    QaPresence,
    SegmentFilter,
    TextSide,
    matching_rows,
)
from ui.segment_grid import SegmentGrid
from ui.segment_grid_model import Column
from ui.segment_tag_text import TagEditError, parse_tagged_text, tagged_text
from ui.segment_target_editor import TagSafeEditor

LISA_KIT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tmx-lisa-kit"

BOLD_OPEN = InlineTag("bpt", '<bpt i="1">&lt;b&gt;</bpt>')
BOLD_CLOSE = InlineTag("ept", '<ept i="1">&lt;/b&gt;</ept>')
BREAK = InlineTag("ph", '<ph x="2">&lt;br/&gt;</ph>')

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

SOURCES = [
    "Press the red button to start the recording.",
    "The audio description follows the speaker.",
    "Captions must not exceed 42 characters per line.",
    "Open the settings and choose a language.",
    "Save your work before closing the window.",
]
TARGETS = [
    "Appuyez sur le bouton rouge pour lancer l'enregistrement.",
    "L'audiodescription suit l'orateur.",
    "Les sous-titres ne doivent pas dépasser 42 caractères par ligne.",
    "Ouvrez les paramètres et choisissez une langue.",
    "",
]


def make_segment(number: int) -> Segment:
    """A varied segment: every third one carries a bold pair and a line-break tag."""
    source_text = SOURCES[number % len(SOURCES)]
    target_text = TARGETS[number % len(TARGETS)]
    source: SegmentContent
    target: SegmentContent
    if number % 3 == 0:
        source = (f"{number}: ", BOLD_OPEN, source_text, BOLD_CLOSE, BREAK, "end")
        target = (f"{number}: ", BOLD_OPEN, target_text, BOLD_CLOSE, BREAK, "fin")
    else:
        source = (f"{number}: {source_text}",)
        target = (f"{number}: {target_text}",) if target_text else ()
    return Segment(id=f"seg-{number}", source=source, target=target,
                   context=SegmentContext(start_ms=number * 2000, end_ms=number * 2000 + 1800))


def make_segments(count: int) -> SegmentList:
    return SegmentList(make_segment(number) for number in range(1, count + 1))


@pytest.fixture
def grid(qtbot: QtBot) -> Iterator[SegmentGrid]:
    shown = SegmentGrid()
    qtbot.addWidget(shown)
    shown.resize(1300, 700)
    shown.set_segments(make_segments(100))
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    shown.table.setFocus()
    yield shown
    shown.close()


def status_of(grid: SegmentGrid, segment_id: str) -> ReviewStatus:
    return grid.segment_list.get(segment_id).status


def press(qtbot: QtBot, grid: SegmentGrid, key: Qt.Key,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or grid.table
    qtbot.keyClick(target, key, modifiers)


# --- tag placeholders ----------------------------------------------------------------------


def test_tags_read_as_numbered_placeholders_and_come_back_unchanged() -> None:
    content = ("Click ", BOLD_OPEN, "here", BOLD_CLOSE, BREAK, "now")
    shown = tagged_text(content)
    assert shown.text == "Click <1>here</1>{2}now"
    assert shown.labels == ("<1>", "</1>", "{2}")
    edited = parse_tagged_text("Cliquez <1>ici</1>{2}maintenant", shown)
    assert edited == ("Cliquez ", BOLD_OPEN, "ici", BOLD_CLOSE, BREAK, "maintenant")


@pytest.mark.parametrize("broken", [
    "Cliquez <1>ici{2}maintenant",        # a closing tag deleted
    "Cliquez </1>ici<1>{2}maintenant",    # pair reordered
    "Cliquez <1>ici</1>{2}{2}maintenant",  # a tag duplicated
    "Cliquez <1>ici</1>{2maintenant",     # a placeholder broken
])
def test_an_edit_that_breaks_a_tag_is_refused(broken: str) -> None:
    shown = tagged_text(("Click ", BOLD_OPEN, "here", BOLD_CLOSE, BREAK, "now"))
    with pytest.raises(TagEditError, match="protected tags must all stay"):
        parse_tagged_text(broken, shown)


def test_literal_braces_in_text_are_not_taken_for_tags() -> None:
    shown = tagged_text(("Use {name} and <3> as written",))
    assert parse_tagged_text("Utilisez {name} et <3> tels quels", shown) == (
        "Utilisez {name} et <3> tels quels",)


# --- keyboard flow -------------------------------------------------------------------------


def test_ctrl_enter_accepts_and_moves_to_the_next_row(grid: SegmentGrid, qtbot: QtBot) -> None:
    activated: list[str] = []
    grid.segmentActivated.connect(activated.append)
    assert grid.current_segment_id() == "seg-1"
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    assert status_of(grid, "seg-1") is ReviewStatus.OK
    assert grid.current_segment_id() == "seg-2"
    assert activated == ["seg-2"]
    press(qtbot, grid, Qt.Key.Key_Enter, CTRL)  # the keypad Enter works too
    assert status_of(grid, "seg-2") is ReviewStatus.OK
    assert grid.current_segment_id() == "seg-3"
    assert grid.progress_text() == "2 of 100 reviewed"


def test_accepting_an_edited_segment_marks_it_updated(grid: SegmentGrid, qtbot: QtBot) -> None:
    grid.select_segment("seg-2")
    grid.set_target("seg-2", ("2: L'audiodescription suit la personne qui parle.",))
    assert status_of(grid, "seg-2") is ReviewStatus.UPDATED
    grid.set_status(ReviewStatus.NOT_REVIEWED)
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    assert status_of(grid, "seg-2") is ReviewStatus.UPDATED
    assert grid.current_segment_id() == "seg-3"


def test_status_shortcuts_and_undo(grid: SegmentGrid, qtbot: QtBot) -> None:
    expected = [ReviewStatus.NOT_REVIEWED, ReviewStatus.OK, ReviewStatus.UPDATED,
                ReviewStatus.KO, ReviewStatus.PENDING, ReviewStatus.SKIPPED]
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]
    for key, status in zip(keys, expected, strict=True):
        press(qtbot, grid, key, CTRL)
        assert status_of(grid, "seg-1") is status
        assert grid.table.currentIndex().row() == 0  # a status key does not move on
    assert grid.undo_stack.count() == 5  # Ctrl+1 on a not-reviewed segment changed nothing
    press(qtbot, grid, Qt.Key.Key_Z, CTRL)
    assert status_of(grid, "seg-1") is ReviewStatus.PENDING
    press(qtbot, grid, Qt.Key.Key_Z, CTRL)
    assert status_of(grid, "seg-1") is ReviewStatus.KO
    press(qtbot, grid, Qt.Key.Key_Z, CTRL | SHIFT)
    assert status_of(grid, "seg-1") is ReviewStatus.PENDING


def test_a_status_key_applies_to_every_selected_row_in_one_undo_step(
        grid: SegmentGrid, qtbot: QtBot) -> None:
    press(qtbot, grid, Qt.Key.Key_Down, SHIFT)
    press(qtbot, grid, Qt.Key.Key_Down, SHIFT)
    press(qtbot, grid, Qt.Key.Key_4, CTRL)
    assert [status_of(grid, f"seg-{n}") for n in (1, 2, 3, 4)] == [ReviewStatus.KO] * 3 + [
        ReviewStatus.NOT_REVIEWED]
    assert grid.undo_stack.count() == 1
    grid.undo_stack.undo()
    assert all(status_of(grid, f"seg-{n}") is ReviewStatus.NOT_REVIEWED for n in (1, 2, 3))


def test_f8_jumps_to_the_next_segment_not_reviewed(grid: SegmentGrid, qtbot: QtBot) -> None:
    for number in (2, 3, 4):
        grid.select_segment(f"seg-{number}")
        grid.set_status(ReviewStatus.OK)
    grid.select_segment("seg-1")
    press(qtbot, grid, Qt.Key.Key_F8)
    assert grid.current_segment_id() == "seg-5"
    press(qtbot, grid, Qt.Key.Key_F8, SHIFT)
    assert grid.current_segment_id() == "seg-1"
    press(qtbot, grid, Qt.Key.Key_F8, SHIFT)  # wraps round to the end
    assert grid.current_segment_id() == "seg-100"


def test_f9_jumps_to_the_next_segment_with_qa_flags_or_errors(
        grid: SegmentGrid, qtbot: QtBot) -> None:
    grid.set_qa_flags({"seg-40": [("numbers", "42 is missing from the target")]})
    grid.add_annotation(MqmError("Fluency", "Minor", "awkward"), "seg-12")
    press(qtbot, grid, Qt.Key.Key_F9)
    assert grid.current_segment_id() == "seg-12"
    press(qtbot, grid, Qt.Key.Key_F9)
    assert grid.current_segment_id() == "seg-40"
    qa_cell = grid.proxy.index(39, Column.QA)
    assert qa_cell.data() == "⚠ 1: numbers"
    assert "42 is missing" in qa_cell.data(Qt.ItemDataRole.ToolTipRole)
    press(qtbot, grid, Qt.Key.Key_F9)
    assert grid.current_segment_id() == "seg-12"


def test_logging_an_error_through_the_dialog_and_undoing_it(
        grid: SegmentGrid, qtbot: QtBot) -> None:
    grid.select_segment("seg-7")
    press(qtbot, grid, Qt.Key.Key_M, CTRL)
    dialog = grid.annotation_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.category.setCurrentText("Terminology")
    dialog.severity.setCurrentText("Major")
    dialog.comment.setText("use the glossary term")
    dialog.accept()
    assert grid.segment_list.get("seg-7").annotations == (
        MqmError("Terminology", "Major", "use the glossary term"),)
    assert grid.proxy.index(6, Column.ANNOTATIONS).data() == "Major Terminology"
    grid.undo_stack.undo()
    assert grid.segment_list.get("seg-7").annotations == ()


# --- counters ------------------------------------------------------------------------------


def test_counters_follow_every_change_and_its_undo(grid: SegmentGrid, qtbot: QtBot) -> None:
    assert grid.progress_text() == "0 of 100 reviewed"
    assert "Not reviewed: 100" in grid.counts_label.text()
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    press(qtbot, grid, Qt.Key.Key_4, CTRL)
    press(qtbot, grid, Qt.Key.Key_Down)
    press(qtbot, grid, Qt.Key.Key_5, CTRL)  # pending is not reviewed yet
    counts = grid.model.status_counts()
    assert counts[ReviewStatus.OK] == 1
    assert counts[ReviewStatus.KO] == 1
    assert counts[ReviewStatus.PENDING] == 1
    assert counts[ReviewStatus.NOT_REVIEWED] == 97
    assert grid.progress_text() == "2 of 100 reviewed"
    assert grid.progress.format() == "2 of 100 reviewed"
    assert "KO (redo): 1" in grid.counts_label.text()
    grid.undo_stack.undo()
    grid.undo_stack.undo()
    assert grid.progress_text() == "1 of 100 reviewed"
    assert grid.model.status_counts()[ReviewStatus.NOT_REVIEWED] == 99


def test_progress_uses_thousands_separators(qtbot: QtBot) -> None:
    grid = SegmentGrid()
    qtbot.addWidget(grid)
    segments = [make_segment(number) for number in range(1, 1205)]
    segments[:312] = [Segment(s.id, s.source, s.target, ReviewStatus.OK) for s in segments[:312]]
    grid.set_segments(SegmentList(segments))
    assert grid.progress_text() == "312 of 1,204 reviewed"
    assert grid.shown_label.text() == "Showing all 1,204"


# --- filters -------------------------------------------------------------------------------


def shown_ids(grid: SegmentGrid) -> list[str]:
    return [grid.model.segment_at(row).id for row in grid.proxy.model_rows()]


def test_text_filter_plain_case_and_side(grid: SegmentGrid, qtbot: QtBot) -> None:
    grid.text_filter.setText("RED BUTTON")
    grid.apply_filters_now()
    assert shown_ids(grid) == [f"seg-{n}" for n in range(5, 101, 5)]
    assert grid.shown_label.text() == "Showing 20 of 100"
    grid.case_filter.setChecked(True)
    assert shown_ids(grid) == []
    grid.case_filter.setChecked(False)
    grid.side_filter.setCurrentIndex(grid.side_filter.findData(TextSide.TARGET))
    assert shown_ids(grid) == []  # the target is in French
    grid.text_filter.setText("bouton")
    grid.apply_filters_now()
    assert len(shown_ids(grid)) == 20
    grid.clear_filters()
    assert grid.proxy.rowCount() == 100


def test_typing_in_the_text_filter_applies_it_after_a_pause(
        grid: SegmentGrid, qtbot: QtBot) -> None:
    qtbot.keyClicks(grid.text_filter, "settings")
    qtbot.waitUntil(lambda: grid.proxy.rowCount() == 20, timeout=2000)


def test_regex_filter_and_a_bad_regex_is_explained(grid: SegmentGrid) -> None:
    assert grid.apply_filter(SegmentFilter(text=r"^9\d: ", regex=True, side=TextSide.SOURCE))
    assert shown_ids(grid) == [f"seg-{n}" for n in range(90, 100)]
    assert not grid.apply_filter(SegmentFilter(text="(unclosed", regex=True))
    assert "regular expression" in grid.message_label.text()
    assert shown_ids(grid) == [f"seg-{n}" for n in range(90, 100)]  # the last good filter stays


def test_tags_are_not_searched_as_text(grid: SegmentGrid) -> None:
    grid.apply_filter(SegmentFilter(text="ph x="))
    assert shown_ids(grid) == []
    grid.apply_filter(SegmentFilter(text="42 caractères"))
    assert len(shown_ids(grid)) == 20


def test_status_qa_and_error_filters(grid: SegmentGrid) -> None:
    for number in (3, 8):
        grid.select_segment(f"seg-{number}")
        grid.set_status(ReviewStatus.KO)
    grid.set_qa_flags({"seg-8": [("tags", "a tag is missing")], "seg-50": [("numbers", "x")]})
    grid.add_annotation(MqmError("Accuracy", "Critical"), "seg-50")
    grid.add_annotation(MqmError("Style", "Minor"), "seg-60")

    grid.status_filter.setCurrentIndex(grid.status_filter.findText("KO (redo)"))
    assert shown_ids(grid) == ["seg-3", "seg-8"]
    grid.qa_filter.setCurrentIndex(grid.qa_filter.findData(QaPresence.FLAGGED))
    assert shown_ids(grid) == ["seg-8"]
    grid.clear_filters()
    assert grid.apply_filter(SegmentFilter(qa=QaPresence.CLEAN))
    assert len(shown_ids(grid)) == 98
    grid.apply_filter(SegmentFilter(annotation=ANY_ANNOTATION))
    assert shown_ids(grid) == ["seg-50", "seg-60"]
    grid.apply_filter(SegmentFilter(annotation="Style"))
    assert shown_ids(grid) == ["seg-60"]
    grid.apply_filter(SegmentFilter(statuses=frozenset({ReviewStatus.NOT_REVIEWED,
                                                        ReviewStatus.PENDING})))
    assert len(shown_ids(grid)) == 98


def test_text_caches_built_in_steps_follow_edits_made_meanwhile(qtbot: QtBot) -> None:
    from ui.segment_grid_model import SegmentGridModel

    segments = make_segments(100)
    model = SegmentGridModel()
    model.set_segments(segments)
    assert not model.warm_up_texts(rows=30)  # sources of rows 0-29 only
    for number in (10, 50):
        old = segments.get(f"seg-{number}")
        segments.apply(segments.change([Segment(old.id, (f"Zebra {number}",),
                                                (f"Zèbre {number}",))]))
    while not model.warm_up_texts(rows=30):
        pass
    found = [model.segment_at(row).id for row in
             matching_rows(model, SegmentFilter(text="ZÈBRE", side=TextSide.TARGET))]
    assert found == ["seg-10", "seg-50"]
    found = [model.segment_at(row).id for row in
             matching_rows(model, SegmentFilter(text="Zebra", case_sensitive=True))]
    assert found == ["seg-10", "seg-50"]


def test_the_grid_warms_its_text_caches_after_opening(grid: SegmentGrid, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: grid.filters_ready, timeout=3000)
    assert grid.model.warm_up_texts()  # nothing left to build


def test_keys_work_on_the_filtered_rows(grid: SegmentGrid, qtbot: QtBot) -> None:
    grid.apply_filter(SegmentFilter(text="settings"))
    assert grid.current_segment_id() == "seg-3"
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    assert status_of(grid, "seg-3") is ReviewStatus.OK
    assert grid.current_segment_id() == "seg-8"  # the next row shown, not the next in the file
    # The accepted row stays until the filter is applied again.
    assert grid.proxy.rowCount() == 20
    assert grid.proxy.index(0, Column.STATUS).data() == "OK"


# --- tag-safe editing ----------------------------------------------------------------------


def open_target_editor(grid: SegmentGrid, qtbot: QtBot, segment_id: str) -> TagSafeEditor:
    grid.select_segment(segment_id)
    press(qtbot, grid, Qt.Key.Key_F2)
    editor = grid.delegate.open_editor()
    assert isinstance(editor, TagSafeEditor)
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    return editor


def test_editing_text_around_tags_keeps_them(grid: SegmentGrid, qtbot: QtBot) -> None:
    editor = open_target_editor(grid, qtbot, "seg-3")
    assert editor.toPlainText() == "3: <1>Ouvrez les paramètres et choisissez une langue.</1>{2}fin"
    for _ in range(3):
        press(qtbot, grid, Qt.Key.Key_Backspace)  # "fin" goes
    qtbot.keyClicks(editor, "FIN")
    press(qtbot, grid, Qt.Key.Key_Return)
    assert grid.delegate.open_editor() is None
    segment = grid.segment_list.get("seg-3")
    assert segment.target[-1] == "FIN"
    assert [part for part in segment.target if isinstance(part, InlineTag)] == [
        BOLD_OPEN, BOLD_CLOSE, BREAK]
    assert segment.status is ReviewStatus.UPDATED
    grid.undo_stack.undo()
    assert grid.segment_list.get("seg-3") == make_segment(3)


def test_backspace_into_a_tag_is_refused(grid: SegmentGrid, qtbot: QtBot) -> None:
    refusals: list[str] = []
    grid.delegate.refused.connect(refusals.append)
    editor = open_target_editor(grid, qtbot, "seg-3")
    before = editor.toPlainText()
    for _ in range(3):
        press(qtbot, grid, Qt.Key.Key_Backspace)
    after_text = editor.toPlainText()
    assert after_text == before[:-3]
    press(qtbot, grid, Qt.Key.Key_Backspace)  # the cursor now sits just after {2}
    assert editor.toPlainText() == after_text
    assert refusals and "Tags are protected" in refusals[-1]
    # Typing inside a placeholder is impossible: the cursor steps over it.
    press(qtbot, grid, Qt.Key.Key_Left)
    assert editor.textCursor().position() == len(after_text) - len("{2}")
    # Selecting across a tag and typing over it is refused too.
    press(qtbot, grid, Qt.Key.Key_Left, SHIFT)
    qtbot.keyClicks(editor, "x")
    assert editor.toPlainText() == after_text


def test_a_broken_tag_is_refused_on_save_and_nothing_typed_is_lost(
        grid: SegmentGrid, qtbot: QtBot) -> None:
    refusals: list[str] = []
    grid.delegate.refused.connect(refusals.append)
    editor = open_target_editor(grid, qtbot, "seg-6")
    broken = editor.toPlainText().replace("</1>", "")
    editor.setPlainText(broken)  # as a paste over the whole text would
    press(qtbot, grid, Qt.Key.Key_Return)
    assert grid.delegate.open_editor() is editor  # still open, with the text
    assert editor.toPlainText() == broken
    assert "Expected <1> </1> {2}, found <1> {2}" in refusals[-1]
    assert grid.segment_list.get("seg-6") == make_segment(6)
    assert "protected tags" in grid.message_label.text()
    # Ctrl+Enter (accept) refuses as well and does not move on.
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    assert grid.current_segment_id() == "seg-6"
    assert status_of(grid, "seg-6") is ReviewStatus.NOT_REVIEWED
    # Leaving the editor keeps the text as a draft that F2 brings back.
    grid.table.setFocus()
    grid.text_filter.setFocus()
    qtbot.waitUntil(lambda: grid.delegate.open_editor() is None, timeout=2000)
    assert grid.segment_list.get("seg-6") == make_segment(6)
    grid.table.setFocus()
    editor = open_target_editor(grid, qtbot, "seg-6")
    assert editor.toPlainText() == broken


def test_ctrl_enter_in_the_editor_saves_and_accepts(grid: SegmentGrid, qtbot: QtBot) -> None:
    editor = open_target_editor(grid, qtbot, "seg-4")
    assert editor.toPlainText() == ""  # not translated yet
    qtbot.keyClicks(editor, "4: Enregistrez votre travail.")
    press(qtbot, grid, Qt.Key.Key_Return, CTRL)
    segment = grid.segment_list.get("seg-4")
    assert segment.target == ("4: Enregistrez votre travail.",)
    assert segment.status is ReviewStatus.UPDATED
    assert grid.current_segment_id() == "seg-5"
    # The edit already made it Updated, so accepting adds no second undo step.
    assert grid.undo_stack.count() == 1


def test_escape_cancels_an_edit(grid: SegmentGrid, qtbot: QtBot) -> None:
    editor = open_target_editor(grid, qtbot, "seg-2")
    qtbot.keyClicks(editor, " changed")
    press(qtbot, grid, Qt.Key.Key_Escape)
    assert grid.segment_list.get("seg-2") == make_segment(2)
    assert grid.undo_stack.count() == 0


def test_a_preview_while_opening_can_be_read_but_not_changed(qtbot: QtBot) -> None:
    grid = SegmentGrid()
    qtbot.addWidget(grid)
    everything = make_segments(100)
    grid.show_preview(SegmentList(everything.segments()[:20]), total=100)
    assert grid.is_loading
    assert grid.proxy.rowCount() == 20
    assert grid.progress.format() == "Opening… 20 of 100 segments shown"
    assert not grid.text_filter.isEnabled()
    grid.select_segment("seg-7")
    grid.set_status(ReviewStatus.OK)
    grid.add_annotation(MqmError("Style", "Minor"))
    assert not grid.apply_filter(SegmentFilter(text="red"))
    assert grid.undo_stack.count() == 0
    assert "Still opening the file (20 of 100 segments read)" in grid.message_label.text()

    grid.set_segments(everything)
    assert not grid.is_loading
    assert grid.current_segment_id() == "seg-7"  # the reviewer's place is kept
    assert grid.progress.format() == "0 of 100 reviewed"
    grid.set_status(ReviewStatus.OK)
    assert everything.get("seg-7").status is ReviewStatus.OK


# --- real files, a shared undo stack, and a picture ------------------------------------------


def segments_from_tmx(path: Path, source_lang: str, target_lang: str) -> SegmentList:
    """A tiny stand-in for the TMX binding (written by the domain side)."""
    document = read_tmx(path)
    segments = []
    for unit in document.units:
        source, target = unit.tuv(source_lang), unit.tuv(target_lang)
        segments.append(Segment(id=unit.segment_id, source=source.content if source else (),
                                target=target.content if target else ()))
    return SegmentList(segments)


def test_a_lisa_kit_file_shows_its_inline_tags_as_placeholders(qtbot: QtBot) -> None:
    grid = SegmentGrid()
    qtbot.addWidget(grid)
    grid.set_segments(segments_from_tmx(LISA_KIT / "ExportTest2A.tmx", "en-us", "fr-ca"))
    assert grid.proxy.rowCount() == 6
    sources = [grid.proxy.index(row, Column.SOURCE).data() for row in range(6)]
    assert any("<1>" in text and "</1>" in text for text in sources)
    for row in range(6):
        segment = grid.model.segment_at(row)
        shown = tagged_text(segment.target)
        assert parse_tagged_text(shown.text, shown) == segment.target


def test_edits_go_on_a_stack_the_grid_is_given(qtbot: QtBot) -> None:
    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    grid = SegmentGrid(stack)
    qtbot.addWidget(grid)
    grid.set_segments(make_segments(10))
    grid.set_status(ReviewStatus.PENDING)
    assert stack.count() == 1
    assert stack.undoText() == "Set segment 1 to Pending"
    assert "undo" not in grid.actions_by_name  # the main window owns Ctrl+Z then


def test_screenshot_of_fifty_segments(qtbot: QtBot, artefacts: Path) -> None:
    grid = SegmentGrid()
    qtbot.addWidget(grid)
    grid.resize(1500, 860)
    grid.set_segments(make_segments(50))
    grid.show()
    qtbot.waitExposed(grid)
    statuses = [ReviewStatus.OK, ReviewStatus.OK, ReviewStatus.UPDATED, ReviewStatus.KO,
                ReviewStatus.PENDING, ReviewStatus.SKIPPED]
    for number, status in enumerate(statuses, start=1):
        grid.select_segment(f"seg-{number}")
        grid.set_status(status)
    grid.add_annotation(MqmError("Accuracy", "Major", "meaning changed"), "seg-4")
    grid.add_annotation(MqmError("Style", "Minor"), "seg-4")
    grid.set_qa_flags({"seg-5": [("untranslated", "the target is empty")],
                       "seg-3": [("numbers", "42 is in the source only"), ("tags", "x")]})
    grid.select_segment("seg-7")
    QApplication.processEvents()
    image = grid.grab()
    path = artefacts / "segment-grid.png"
    assert image.save(str(path))
    shutil.copyfile(path, "/tmp/segment-grid.png")
    assert image.width() == 1500

    grid.select_segment("seg-9")
    grid.table.setFocus()
    grid.edit_target()
    editor = grid.delegate.open_editor()
    assert isinstance(editor, TagSafeEditor)
    QApplication.processEvents()
    assert grid.grab().save(str(artefacts / "segment-grid-editing.png"))
