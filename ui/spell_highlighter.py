"""Spell checking in a cue text box: red wavy underlines, suggestions, "add to dictionary".

`SpellCheck` attaches everything to one QPlainTextEdit: the highlighter, a
context menu (right click, the Menu key or Shift+F10) that starts with the
suggestions for the word under the cursor, and F7 to select the next
misspelled word. Looking up suggestions can take seconds with a large
dictionary, so it runs off the GUI thread and the open menu fills in when
they arrive. The underline is wavy as well as red, so it is not told by
colour alone.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from app.spelling.checker import LanguageChecker, Spelling
from app.spelling.cue_words import WordPlace
from ui.background import Background

MISSPELLING_COLOUR = QColor("#d0281c")


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the misspelled words of each line of a document."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.checker: LanguageChecker | None = None
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(MISSPELLING_COLOUR)

    def set_checker(self, checker: LanguageChecker | None) -> None:
        self.checker = checker
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self.checker is None:
            return
        for place in self.checker.misspellings(text):
            self.setFormat(place.start, place.end - place.start, self._format)


class SpellCheck(QObject):
    """Spell checking for one text box. Signals: message(str) for the status bar."""

    message = Signal(str)

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.spelling: Spelling | None = None
        self.highlighter = SpellHighlighter(editor.document())
        self._background = Background(self)
        self._menu: QMenu | None = None
        self._language = ""
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._show_menu)
        self.next_action = QAction("Next misspelling", editor)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_F7))
        self.next_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.next_action.triggered.connect(self.select_next_misspelling)
        editor.addAction(self.next_action)

    @property
    def checker(self) -> LanguageChecker | None:
        return self.highlighter.checker

    def set_checker(self, checker: LanguageChecker | None, spelling: Spelling | None) -> None:
        """Check with `checker` (None stops checking); `spelling` keeps the personal words."""
        self.spelling = spelling
        self.highlighter.set_checker(checker)

    def use_language(self, spelling: Spelling, language: str) -> None:
        """Check in `language`: its dictionary loads on a worker thread (a second or two the
        first time), and checking starts when it is ready. Without a dictionary, checking
        stops (`Spelling` tells the person once)."""
        self._language = language

        def ready(checker: object) -> None:
            if self._language == language:  # not overtaken by another language meanwhile
                self.set_checker(checker if isinstance(checker, LanguageChecker) else None,
                                 spelling)

        def failed(error: BaseException) -> None:
            self.set_checker(None, spelling)
            self.message.emit(f"Could not load the {language} spelling dictionary: {error}")

        self._background.run(lambda: spelling.checker(language), ready, failed)

    def misspelling_at(self, position: int) -> tuple[WordPlace, int] | None:
        """The misspelled word around a document position, and where its line starts."""
        if self.checker is None:
            return None
        block = self.editor.document().findBlock(position)
        offset = position - block.position()
        for place in self.checker.misspellings(block.text()):
            if place.start <= offset <= place.end:
                return place, block.position()
        return None

    def select_next_misspelling(self) -> bool:
        """Select the next misspelled word after the cursor, wrapping to the top once."""
        if self.checker is None:
            self.message.emit("Spelling is not checked for this language.")
            return False
        document = self.editor.document()
        after = self.editor.textCursor().selectionEnd()
        found: tuple[int, int] | None = None
        first: tuple[int, int] | None = None
        block = document.begin()
        while block.isValid():
            for place in self.checker.misspellings(block.text()):
                span = (block.position() + place.start, block.position() + place.end)
                first = first or span
                if span[0] >= after and found is None:
                    found = span
            block = block.next()
        target = found or first
        if target is None:
            self.message.emit("No misspelled words in this cue.")
            return False
        cursor = self.editor.textCursor()
        cursor.setPosition(target[0])
        cursor.setPosition(target[1], QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        return True

    def replace_word(self, start: int, end: int, replacement: str) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)  # one step of the text box's own undo
        self.editor.setTextCursor(cursor)

    def add_to_dictionary(self, word: str) -> None:
        if self.spelling is None:
            return
        try:
            self.spelling.add_word(word)
        except (OSError, ValueError) as error:
            self.message.emit(f"Could not add “{word}” to your dictionary: {error}")
            return
        self.highlighter.rehighlight()
        self.message.emit(f"“{word}” added to your dictionary.")

    def build_menu(self, position: QPoint) -> QMenu:
        """The context menu for a point of the text box (suggestions first when misspelled)."""
        menu = self.editor.createStandardContextMenu(position)
        menu.setAccessibleName("Text and spelling")
        found = self.misspelling_at(self.editor.cursorForPosition(position).position())
        checker = self.checker
        if found is None or checker is None:
            return menu
        place, line_start = found
        start, end = line_start + place.start, line_start + place.end
        first = menu.actions()[0] if menu.actions() else None
        header = QAction(f"“{place.word}” may be misspelled", menu)
        header.setEnabled(False)
        menu.insertAction(first, header)  # type: ignore[arg-type]
        pending = QAction("Looking for suggestions…", menu)
        pending.setEnabled(False)
        menu.insertAction(first, pending)  # type: ignore[arg-type]
        add = QAction(f"Add “{place.word}” to dictionary", menu)
        add.setEnabled(self.spelling is not None)
        add.triggered.connect(lambda: self.add_to_dictionary(place.word))
        menu.insertAction(first, add)  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]

        def show(suggestions: object) -> None:
            # The menu (and the placeholder with it) may be gone by now.
            if not isinstance(suggestions, list) or not shiboken6.isValid(pending):
                return
            if not suggestions:
                pending.setText("No suggestions")
                return
            for suggestion in suggestions:
                action = QAction(suggestion, menu)
                action.triggered.connect(
                    lambda _=False, text=suggestion: self.replace_word(start, end, text))
                menu.insertAction(pending, action)
            menu.removeAction(pending)

        cached = checker.cached_suggestions(place.word)
        if cached is not None:
            show(cached)
        else:
            self._background.run(lambda: checker.suggestions(place.word), show,
                                 lambda _error: pending.setText("No suggestions"))
        return menu

    def _show_menu(self, position: QPoint) -> None:
        menu = self.build_menu(position)
        self._menu = menu
        menu.exec(self.editor.viewport().mapToGlobal(position))
        self._menu = None
        menu.deleteLater()
