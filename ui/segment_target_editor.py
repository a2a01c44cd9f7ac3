"""Tag-safe editing of a segment's target, and tag chips in the source and target cells.

The reviewer edits plain text in which each protected tag is a placeholder
(``<1>``, ``</1>``, ``{2}``, see `ui.segment_tag_text`). The editor treats a
placeholder as one atomic token: the cursor steps over it, and typing or
deleting into it is refused with a message. Whatever slips through (a
paste over a selection, an edit from the editor's own undo) is caught on
commit: the text is accepted only if the tag sequence is exactly the one
that was read. A refused edit keeps the typed text as a draft, so opening
the target again brings it back to fix.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QWidget,
)

from app.segments.review import Segment
from ui.segment_grid_model import Column, SegmentRole, TaggedTextRole
from ui.segment_tag_text import TagEditError, TaggedText, find_placeholders, parse_tagged_text

_Index = QModelIndex | QPersistentModelIndex

CHIP_BACKGROUND = QColor("#e6e0f8")
CHIP_TEXT = QColor("#3a2785")

PROTECTED_MESSAGE = ("Tags are protected: edit the text around them. "
                     "A tag can only be removed or moved in the source tool.")


class TagSafeEditor(QPlainTextEdit):
    """A target editor where tag placeholders cannot be typed into or deleted.

    Signals: refused(str) with a plain-words reason when a keystroke would
    break a tag (the keystroke is ignored).
    """

    refused = Signal(str)

    def __init__(self, original: TaggedText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = original
        self._last_position = 0
        self.setAccessibleName("Target text")
        self.setAccessibleDescription(
            "Edit the translation. Tags such as <1>, </1> and {2} are protected and must stay. "
            "Enter saves; Ctrl+Enter saves and accepts the segment; Shift+Enter starts a new "
            "line; Escape cancels.")
        self.setTabChangesFocus(True)
        self.setAcceptDrops(False)  # a drop could move a tag
        self.textChanged.connect(self._on_text_changed)
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)

    @property
    def original(self) -> TaggedText:
        return self._original

    def placeholders(self) -> list[tuple[int, int, str]]:
        """Where the tag placeholders are in the current text."""
        return find_placeholders(self.toPlainText(), self._original.labels)

    def content(self) -> tuple[object, ...]:
        """The edited content; raises `TagEditError` if a tag was broken."""
        return parse_tagged_text(self.toPlainText(), self._original)

    # --- keeping tags whole ------------------------------------------------------------

    def _touched_range(self, event: QKeyEvent) -> tuple[int, int] | None:
        """The text a keystroke would replace or delete (empty range for an insertion)."""
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        deleting = event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        editing = (deleting or event.matches(QKeySequence.StandardKey.Cut)
                   or event.matches(QKeySequence.StandardKey.Paste)
                   or (bool(event.text()) and event.text().isprintable()))
        if not editing:
            return None
        if start != end:
            return start, end
        if event.key() == Qt.Key.Key_Backspace:
            probe = QTextCursor(cursor)
            word = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            probe.movePosition(QTextCursor.MoveOperation.PreviousWord if word
                               else QTextCursor.MoveOperation.PreviousCharacter)
            return probe.position(), start
        if event.key() == Qt.Key.Key_Delete:
            probe = QTextCursor(cursor)
            word = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            probe.movePosition(QTextCursor.MoveOperation.NextWord if word
                               else QTextCursor.MoveOperation.NextCharacter)
            return start, probe.position()
        return start, start

    def _breaks_tag(self, touched: tuple[int, int]) -> bool:
        first, last = touched
        for start, end, _ in self.placeholders():
            if first == last and start < first < end:
                return True  # typing inside a placeholder
            if first < end and start < last:
                return True  # deleting or replacing part of one
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        touched = self._touched_range(event)
        if touched is not None and self._breaks_tag(touched):
            event.accept()
            QApplication.beep()
            self.refused.emit(PROTECTED_MESSAGE)
            return
        super().keyPressEvent(event)

    def _on_cursor_position_changed(self) -> None:
        cursor = self.textCursor()
        position = cursor.position()
        if not cursor.hasSelection():
            for start, end, _ in self.placeholders():
                if start < position < end:
                    # Step over the tag in the direction the cursor was moving.
                    target = start if position < self._last_position else end
                    cursor.setPosition(target)
                    self._last_position = target
                    self.setTextCursor(cursor)
                    return
        self._last_position = position

    def _on_text_changed(self) -> None:
        selections = []
        for start, end, _ in self.placeholders():
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.document())
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.format.setBackground(CHIP_BACKGROUND)
            selection.format.setForeground(CHIP_TEXT)
            selections.append(selection)
        self.setExtraSelections(selections)


def _chip_html(tagged: TaggedText) -> str:
    pieces: list[str] = []
    position = 0
    chip = (f"background-color:{CHIP_BACKGROUND.name()};color:{CHIP_TEXT.name()};"
            "font-weight:600")
    for placeholder in tagged.placeholders:
        pieces.append(html.escape(tagged.text[position:placeholder.start]))
        # Word joiners keep a placeholder such as </1> from breaking across lines.
        label = "\u2060".join(placeholder.label)
        pieces.append(f'<span style="{chip}">{html.escape(label)}</span>')
        position = placeholder.end
    pieces.append(html.escape(tagged.text[position:]))
    return "".join(pieces).replace("\n", "<br>")


def palette_color(option: QStyleOptionViewItem, role: QPalette.ColorRole) -> QColor:
    palette: QPalette = option.palette
    return palette.color(role)


class SegmentTextDelegate(QStyledItemDelegate):
    """Paints source and target with tag chips; edits the target with a `TagSafeEditor`.

    Signals: refused(str) with a plain-words reason when an edit was not
    saved; accept_requested() when Ctrl+Enter saved the editor's text and
    the segment should be accepted.
    """

    refused = Signal(str)
    accept_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drafts: dict[str, str] = {}
        self._open: TagSafeEditor | None = None

    # --- painting --------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        tagged = index.data(TaggedTextRole)
        if not isinstance(tagged, TaggedText):
            super().paint(painter, option, index)
            return
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = view_option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        rect: QRect = view_option.rect
        document = QTextDocument()
        document.setDefaultFont(view_option.font)
        # Margins chosen so this text lines up with the plain cells beside it.
        document.setDocumentMargin(2)
        if tagged.text:
            body = _chip_html(tagged)
        else:
            # Say it in words: an empty target must not look like a rendering glitch.
            empty = "not translated" if index.column() == Column.TARGET else "empty"
            placeholder = palette_color(view_option, QPalette.ColorRole.PlaceholderText)
            body = f'<i style="color:{placeholder.name()}">— {empty} —</i>'
        document.setHtml(f'<div style="white-space:pre-wrap">{body}</div>')
        document.setTextWidth(rect.width())
        selected = bool(view_option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = view_option.palette
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(role))
        painter.save()
        painter.translate(rect.left() + 1, rect.top() - 1)
        painter.setClipRect(0, 0, rect.width(), rect.height())
        document.documentLayout().draw(painter, context)
        if document.size().height() > rect.height() + 1:
            # The cell is clipped: say so (the tooltip and editor show everything).
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                         else QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(0, 0, rect.width() - 4, rect.height() - 1),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom), "…")
        painter.restore()

    # --- editing ---------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _Index) -> QWidget:
        tagged = index.data(TaggedTextRole)
        if index.column() != Column.TARGET or not isinstance(tagged, TaggedText):
            return super().createEditor(parent, option, index)
        editor = TagSafeEditor(tagged, parent)
        self._open = editor
        editor.refused.connect(self.refused)
        editor.installEventFilter(self)
        segment = index.data(SegmentRole)
        if isinstance(segment, Segment):
            editor.setProperty("segment_id", segment.id)
        return editor

    def destroyEditor(self, editor: QWidget, index: _Index) -> None:
        if editor is self._open:
            self._open = None
        super().destroyEditor(editor, index)

    def open_editor(self) -> TagSafeEditor | None:
        """The target editor now open, if any."""
        return self._open

    def commit_open_editor(self) -> bool:
        """Save and close an open target editor; False (editor kept open) if a tag is broken."""
        editor = self._open
        if editor is None:
            return True
        try:
            editor.content()
        except TagEditError as error:
            self.refused.emit(f"Not saved. {error}")
            return False
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        return True

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if not isinstance(editor, TagSafeEditor):
            super().setEditorData(editor, index)
            return
        draft = self._drafts.pop(str(editor.property("segment_id")), None)
        editor.setPlainText(draft if draft is not None else editor.original.text)
        editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if not isinstance(editor, TagSafeEditor):
            super().setModelData(editor, model, index)
            return
        try:
            content = editor.content()
        except TagEditError as error:
            self._drafts[str(editor.property("segment_id"))] = editor.toPlainText()
            self.refused.emit(f"Not saved. {error} Your text is kept: press F2 to go on editing.")
            return
        model.setData(index, content, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: _Index) -> None:
        rect = option.rect
        editor.setGeometry(rect.x(), rect.y(), rect.width(), max(rect.height() * 2, 72))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, TagSafeEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            modifiers = event.modifiers()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                    modifiers & Qt.KeyboardModifier.ShiftModifier):
                try:
                    watched.content()
                except TagEditError as error:
                    # Keep the editor open with the text: nothing typed is lost.
                    self.refused.emit(f"Not saved. {error}")
                    return True
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
                if modifiers & Qt.KeyboardModifier.ControlModifier:
                    self.accept_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._drafts.pop(str(watched.property("segment_id")), None)
        return super().eventFilter(watched, event)
