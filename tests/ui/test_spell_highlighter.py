"""Spell checking in a cue text box (offscreen): underlines, menu suggestions, dictionary, F7."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from app.paths import profile
from app.spelling.checker import Spelling
from app.spelling.dictionaries import SYSTEM_FOLDERS
from app.spelling.personal_words import PersonalWords
from ui.cue_detail import CueDetail
from ui.cue_text_delegate import CueTextDelegate
from ui.spell_highlighter import SpellCheck

pytestmark = pytest.mark.skipif(
    not Path("/usr/share/hunspell/en_US.dic").is_file(),
    reason="Debian's hunspell-en-us is not installed (see the README set-up)")


@pytest.fixture
def box(qtbot: QtBot) -> tuple[QPlainTextEdit, SpellCheck]:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.resize(400, 120)
    spell = SpellCheck(editor)
    spelling = Spelling(PersonalWords.in_profile(profile().folder), folders=SYSTEM_FOLDERS)
    spell.set_checker(spelling.checker("en"), spelling)
    editor.setPlainText("Welcome to the reveiw.\n<i>Plese</i> look.")
    editor.show()
    return editor, spell


def underlined(editor: QPlainTextEdit) -> list[str]:
    words = []
    block = editor.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                words.append(block.text()[span.start:span.start + span.length])
        block = block.next()
    return words


def point_of(editor: QPlainTextEdit, position: int) -> QPoint:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    return editor.cursorRect(cursor).center()


def test_misspelled_words_get_a_wavy_underline(box: tuple[QPlainTextEdit, SpellCheck]) -> None:
    editor, _spell = box
    assert underlined(editor) == ["reveiw", "Plese"]


def test_context_menu_suggests_and_replaces(box: tuple[QPlainTextEdit, SpellCheck],
                                            qtbot: QtBot) -> None:
    editor, spell = box
    menu = spell.build_menu(point_of(editor, editor.toPlainText().index("reveiw") + 2))
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "“reveiw” may be misspelled"
    assert "Add “reveiw” to dictionary" in texts
    qtbot.waitUntil(lambda: "review" in [a.text() for a in menu.actions()], timeout=30_000)
    assert "Looking for suggestions…" not in [a.text() for a in menu.actions()]
    next(a for a in menu.actions() if a.text() == "review").trigger()
    assert editor.toPlainText().startswith("Welcome to the review.")
    assert underlined(editor) == ["Plese"]
    editor.undo()  # the replacement is one step of the box's own undo
    assert "reveiw" in editor.toPlainText()


def test_add_to_dictionary_removes_the_underline_and_is_saved(
        box: tuple[QPlainTextEdit, SpellCheck], qtbot: QtBot) -> None:
    editor, spell = box
    menu = spell.build_menu(point_of(editor, editor.toPlainText().index("Plese") + 1))
    with qtbot.waitSignal(spell.message) as told:
        next(a for a in menu.actions() if a.text() == "Add “Plese” to dictionary").trigger()
    assert told.args == ["“Plese” added to your dictionary."]
    assert underlined(editor) == ["reveiw"]
    assert "Plese" in (profile().folder / "personal-words.txt").read_text(encoding="utf-8")


def test_f7_selects_the_next_misspelling_and_wraps(box: tuple[QPlainTextEdit, SpellCheck],
                                                   qtbot: QtBot) -> None:
    editor, _spell = box
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_F7)
    assert editor.textCursor().selectedText() == "reveiw"
    qtbot.keyClick(editor, Qt.Key.Key_F7)
    assert editor.textCursor().selectedText() == "Plese"
    qtbot.keyClick(editor, Qt.Key.Key_F7)
    assert editor.textCursor().selectedText() == "reveiw"


def test_cue_detail_checks_once_a_language_is_chosen(qtbot: QtBot) -> None:
    detail = CueDetail()
    qtbot.addWidget(detail)
    spell = detail.spell_check
    assert spell.editor is detail.text
    assert spell.checker is None  # off until a language is chosen
    told: list[str] = []
    spelling = Spelling(PersonalWords.in_profile(profile().folder),
                        on_missing=lambda _language, text: told.append(text),
                        folders=SYSTEM_FOLDERS)
    spell.use_language(spelling, "en")
    qtbot.waitUntil(lambda: spell.checker is not None, timeout=30_000)
    detail.text.setPlainText("Thsi cue")
    assert underlined(detail.text) == ["Thsi"]
    spell.use_language(spelling, "zz")
    qtbot.waitUntil(lambda: spell.checker is None, timeout=30_000)
    assert underlined(detail.text) == []
    assert len(told) == 1 and "“zz”" in told[0]


def test_table_text_editor_checks_spelling_when_given_a_checker(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    delegate = CueTextDelegate(parent)
    spelling = Spelling(PersonalWords.in_profile(profile().folder), folders=SYSTEM_FOLDERS)
    delegate.spell_checker, delegate.spelling = spelling.checker("en"), spelling
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), QModelIndex())
    assert isinstance(editor, QPlainTextEdit)
    editor.setPlainText("A smal cue")
    assert underlined(editor) == ["smal"]
