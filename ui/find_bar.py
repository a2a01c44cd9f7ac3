"""Find and replace bar under the cue table (Ctrl+F / Ctrl+H, F3 / Shift+F3, Escape closes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.captions.search import Query


class FindBar(QWidget):
    """Signals: find_requested(Query, bool backwards); replace_requested(Query, str, bool all)."""

    find_requested = Signal(object, bool)
    replace_requested = Signal(object, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText("Find in cue text")
        self.pattern.setAccessibleName("Find")
        self.pattern.returnPressed.connect(lambda: self._find(False))
        self.replacement = QLineEdit(self)
        self.replacement.setPlaceholderText("Replace with")
        self.replacement.setAccessibleName("Replace with")
        self.regex = QCheckBox("Re&gex", self)
        self.regex.setAccessibleName("Regular expression")
        self.case = QCheckBox("Match &case", self)
        self.case.setAccessibleName("Match case")
        self.words = QCheckBox("&Whole words", self)
        self.words.setAccessibleName("Whole words")
        buttons = []
        for label, name, slot in (
            ("Previous", "Find previous (Shift+F3)", lambda: self._find(True)),
            ("Next", "Find next (F3)", lambda: self._find(False)),
            ("Replace", "Replace this match", lambda: self._replace(False)),
            ("Replace all", "Replace every match in one undo step", lambda: self._replace(True)),
            ("Close", "Close the find bar (Escape)", self.hide),
        ):
            button = QPushButton(label, self)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(slot)
            buttons.append(button)
        self.status = QLabel(self)
        self.status.setAccessibleName("Find result")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.pattern, *buttons[:2], self.replacement, *buttons[2:4], self.regex,
                       self.case, self.words, self.status, buttons[4]):
            layout.addWidget(widget)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.hide)

    def open(self, replace: bool) -> None:
        self.show()
        self.replacement.setVisible(True)
        self.pattern.setFocus()
        self.pattern.selectAll()
        if replace and self.pattern.text():
            self.replacement.setFocus()

    def query(self) -> Query:
        return Query(self.pattern.text(), self.regex.isChecked(), self.case.isChecked(),
                     self.words.isChecked())

    def find_again(self, backwards: bool) -> None:
        self._find(backwards)

    def _find(self, backwards: bool) -> None:
        self.find_requested.emit(self.query(), backwards)

    def _replace(self, every: bool) -> None:
        self.replace_requested.emit(self.query(), self.replacement.text(), every)
