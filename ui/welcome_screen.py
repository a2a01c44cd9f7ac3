"""The first thing a new person sees: sign in, try the demo, or open files; then recent work.

The screen only offers choices; it opens nothing itself. Each choice is a
signal the window connects to what it already does (sign-in dialog, demo
import, file dialog, opening a job or a file), so the welcome screen holds
no rules and can sit in a dialog, a dock or the central area.

Signals:
    sign_in_requested()        "Sign in to a server" was chosen
    demo_requested()           "Open the demo workspace" was chosen
    open_files_requested()     "Open files on this computer" was chosen
    recent_job_chosen(str)     a recent job's id
    recent_file_chosen(object) a recent file's `Path` (it exists)
    forget_file_requested(object)
                               a recent file's `Path` that no longer exists; the
                               window removes it from the stored list
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPointF, Qt, Signal, SignalInstance
from PySide6.QtGui import QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.recent_work import RecentWork

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "review-workstation-64.png"
_PATH_ROLE = Qt.ItemDataRole.UserRole
_JOB_ROLE = Qt.ItemDataRole.UserRole + 1


class WelcomeScreen(QWidget):
    """Three ways to start and two lists of recent work; see the module docstring."""

    sign_in_requested = Signal()
    demo_requested = Signal()
    open_files_requested = Signal()
    recent_job_chosen = Signal(str)
    recent_file_chosen = Signal(object)
    forget_file_requested = Signal(object)

    def __init__(self, recent: RecentWork | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Welcome")
        self.setObjectName("welcome-screen")

        icon = QLabel(self)
        icon.setPixmap(QPixmap(str(ICON)))
        icon.setAccessibleName("Review Workstation icon")
        title = QLabel("<h1>Welcome to Review Workstation</h1>", self)
        title.setAccessibleName("Welcome to Review Workstation")
        intro = QLabel(
            "Review captions, audio description and translations against the video. "
            "Everything you do is kept on this computer first, so you can work offline "
            "and sync when you are back.", self)
        intro.setWordWrap(True)
        intro.setAccessibleName("About this screen")
        heading = QHBoxLayout()
        heading.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        heading_words = QVBoxLayout()
        heading_words.addWidget(title)
        heading_words.addWidget(intro)
        heading.addLayout(heading_words, 1)

        self._choices: list[QCommandLinkButton] = []
        self.sign_in_button = self._choice(
            "&Sign in to a server",
            "Get your jobs from the accessible-video platform and keep them in sync.",
            self.sign_in_requested)
        self.demo_button = self._choice(
            "Open the &demo workspace",
            "Try everything on a short sample job. Nothing is sent anywhere.",
            self.demo_requested)
        self.open_files_button = self._choice(
            "Open &files on this computer…",
            "Edit a WebVTT caption file, with its video if you have it (TMX files: File → "
            "Translation memory).",
            self.open_files_requested)
        choices = QVBoxLayout()
        start_label = self._heading("Start")
        choices.addWidget(start_label)
        for button in (self.sign_in_button, self.demo_button, self.open_files_button):
            choices.addWidget(button)
        choices.addStretch(1)

        self.recent_jobs = QListWidget(self)
        self.recent_jobs.setAccessibleName("Recent jobs")
        self.recent_jobs.setSpacing(3)
        self.recent_jobs.setAccessibleDescription("Press Enter or double-click to open a job.")
        self.recent_jobs.activated.connect(self._on_recent_jobs_activated)
        self.recent_files = QListWidget(self)
        self.recent_files.setAccessibleName("Recent files")
        self.recent_files.setSpacing(3)
        self.recent_files.setAccessibleDescription("Press Enter or double-click to open a file.")
        self.recent_files.activated.connect(self._on_recent_files_activated)
        jobs_label = self._heading("Recent &jobs")
        jobs_label.setBuddy(self.recent_jobs)
        files_label = self._heading("Recent fi&les")
        files_label.setBuddy(self.recent_files)
        self.message = QLabel("", self)
        self.message.setAccessibleName("Welcome message")
        self.message.setWordWrap(True)

        recent_column = QVBoxLayout()
        recent_column.addWidget(jobs_label)
        recent_column.addWidget(self.recent_jobs, 1)
        recent_column.addSpacing(8)
        recent_column.addWidget(files_label)
        recent_column.addWidget(self.recent_files, 1)

        columns = QGridLayout()
        columns.addLayout(choices, 0, 0)
        columns.addLayout(recent_column, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        columns.setHorizontalSpacing(24)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(heading)
        layout.addSpacing(12)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        self._paint_arrows()
        self.set_recent_work(recent or RecentWork())
        self.setTabOrder(self.sign_in_button, self.demo_button)
        self.setTabOrder(self.demo_button, self.open_files_button)
        self.setTabOrder(self.open_files_button, self.recent_jobs)
        self.setTabOrder(self.recent_jobs, self.recent_files)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        label.setAccessibleName(text.replace("&", ""))
        return label

    def _choice(self, text: str, description: str, signal: SignalInstance) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        button.clicked.connect(signal.emit)
        self._choices.append(button)
        return button

    def changeEvent(self, event: QEvent) -> None:
        # The style's arrow is a fixed dark image, lost on a dark theme:
        # draw it again in the text colour whenever the palette changes.
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_arrows()
        super().changeEvent(event)

    def _paint_arrows(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        size = 20
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPolyline([QPointF(4, 10), QPointF(16, 10)])
        painter.drawPolyline([QPointF(11, 5), QPointF(16, 10), QPointF(11, 15)])
        painter.end()
        for button in self._choices:
            button.setIcon(QIcon(pixmap))

    def set_recent_work(self, recent: RecentWork) -> None:
        """Show these lists (newest first); an empty list says so in words."""
        self.recent_jobs.clear()
        for job in recent.jobs:
            item = QListWidgetItem(job.title, self.recent_jobs)
            item.setData(_JOB_ROLE, job.job_id)
            item.setToolTip(f"Job {job.job_id}")
        self._empty_note(self.recent_jobs, "No jobs yet: sign in, or try the demo workspace.")
        self.recent_files.clear()
        for path in recent.files:
            missing = not path.exists()
            name = f"{path.name} — not found" if missing else path.name
            item = QListWidgetItem(f"{name}\n{path.parent}", self.recent_files)
            item.setData(_PATH_ROLE, path)
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         f"{path} (moved or deleted)" if missing else str(path))
        self._empty_note(self.recent_files, "No files yet: files you open will be listed here.")

    @staticmethod
    def _empty_note(view: QListWidget, text: str) -> None:
        if view.count() == 0:
            note = QListWidgetItem(text, view)
            # Enabled (so it is drawn in the full text colour) but not selectable.
            note.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _on_recent_jobs_activated(self, index: QModelIndex) -> None:
        job_id = index.data(_JOB_ROLE)
        if isinstance(job_id, str):
            self.recent_job_chosen.emit(job_id)

    def _on_recent_files_activated(self, index: QModelIndex) -> None:
        path = index.data(_PATH_ROLE)
        if not isinstance(path, Path):
            return
        if path.exists():
            self.message.clear()
            self.recent_file_chosen.emit(path)
            return
        self.message.setText(f"{path} was moved or deleted, so it has been taken off the list.")
        self.recent_files.takeItem(index.row())
        self._empty_note(self.recent_files, "No files yet: files you open will be listed here.")
        self.forget_file_requested.emit(path)
