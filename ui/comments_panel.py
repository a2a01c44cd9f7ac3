"""Comments on the open language: the thread, and a box to add one tied to a cue or a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.captions.timecode import format_timestamp
from app.storage import Comment, CommentStore, Database
from ui.language_panel import LanguagePanel
from ui.row_table_model import Index, RowTableModel, row_table_view


class CommentsModel(RowTableModel):
    headers = ("Cue / time", "Comment", "Author", "Sent")

    def __init__(self) -> None:
        super().__init__()
        self._comments: list[Comment] = []

    def set_comments(self, comments: list[Comment]) -> None:
        self.beginResetModel()
        self._comments = comments
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._comments)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        comment = self._comments[index.row()]
        column = index.column()
        if column == 0:
            where = [] if comment.cue_index is None else [f"cue {comment.cue_index + 1}"]
            if comment.timestamp_ms is not None:
                where.append(format_timestamp(comment.timestamp_ms))
            return " · ".join(where) or "language"
        if column == 1:
            return comment.body
        if column == 2:
            return comment.author
        return "on the server" if comment.server_id else "waiting to send"


class CommentsPanel(QWidget):
    """The comment thread of the language `panel` shows; comments go through `panel`."""

    def __init__(self, database: Database, panel: LanguagePanel,
                 current_cue: Callable[[], int | None], playhead_ms: Callable[[], int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = CommentStore(database)
        self._panel = panel
        self._current_cue = current_cue
        self._playhead_ms = playhead_ms
        self.setAccessibleName("Comments")
        self.model = CommentsModel()
        self.table = row_table_view(self.model, "Comments on this language",
                                    "The comment thread, oldest first.", self)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            1, self.table.horizontalHeader().ResizeMode.Stretch)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName("New comment")
        self.editor.setPlaceholderText("Write a comment… (Ctrl+Enter sends)")
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(70)
        self.on_cue = QCheckBox("About the selected cue", self)
        self.on_cue.setAccessibleName("Tie the comment to the selected cue")
        self.on_cue.setChecked(True)
        self.at_time = QCheckBox("At the playhead", self)
        self.at_time.setAccessibleName("Tie the comment to the playhead time")
        self.send = QPushButton("Add comment", self)
        self.send.setAccessibleName("Add comment")
        self.send.setToolTip("Queue the comment; it reaches the server with the next sync.")
        self.send.clicked.connect(self.add_comment)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        # Only in the comment box: elsewhere Ctrl+Enter applies cue text.
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.add_comment)
        options = QHBoxLayout()
        options.addWidget(self.on_cue)
        options.addWidget(self.at_time)
        options.addStretch(1)
        options.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editor)
        layout.addLayout(options)
        panel.work_queued.connect(self.refresh)

    def refresh(self) -> None:
        view = self._panel.view
        comments = [] if view is None else self._store.list_comments(view.job_id, view.code)
        self.model.set_comments(comments)

    def add_comment(self) -> None:
        body = self.editor.toPlainText()
        cue = self._current_cue() if self.on_cue.isChecked() else None
        time = self._playhead_ms() if self.at_time.isChecked() else None
        if self._panel.comment(body, cue_index=cue, timestamp_ms=time):
            self.editor.clear()
            self.refresh()
