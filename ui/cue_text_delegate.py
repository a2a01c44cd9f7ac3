"""Editing cue text in the table: several lines, Enter to commit, Shift+Enter for a new line."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.spelling.checker import LanguageChecker, Spelling
from ui.spell_highlighter import SpellCheck

_Index = QModelIndex | QPersistentModelIndex


class CueTextDelegate(QStyledItemDelegate):
    """A multi-line editor for the Text column; the model gets the text with real line breaks.

    Set `spell_checker` (and `spelling`, for "add to dictionary") to check
    spelling in the editor, or `spell_source` to follow another box's checker
    (the detail pane's, which loads the track language's dictionary).
    """

    spell_checker: LanguageChecker | None = None
    spelling: Spelling | None = None
    spell_source: SpellCheck | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setAccessibleName("Cue text")
        editor.setAccessibleDescription("Enter saves the text; Shift+Enter starts a new line; "
                                        "Escape cancels.")
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        source = self.spell_source
        if self.spell_checker is not None:
            SpellCheck(editor).set_checker(self.spell_checker, self.spelling)
        elif source is not None and source.checker is not None:
            SpellCheck(editor).set_checker(source.checker, source.spelling)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: _Index) -> None:
        assert isinstance(editor, QPlainTextEdit)
        model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        rect = option.rect
        editor.setGeometry(rect.x(), rect.y(), rect.width(), max(rect.height() * 3, 72))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
                return True
        return super().eventFilter(watched, event)
