"""The review side of the window: language panel, comments, review notes, and the Review menu.

Kept apart from the main window so the window only says where things go;
this module says how the review panels follow the open track and the sync.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from app.captions.quality import Finding, Severity
from app.language_work import Person
from app.storage import Database
from app.workflow.language_qc import RULES
from ui.caption_editor import CaptionEditor
from ui.comments_panel import CommentsPanel
from ui.language_panel import STEP_BUTTONS, LanguagePanel
from ui.review_notes_panel import ReviewNotesPanel


class ReviewDocks(QObject):
    """Builds and connects the review panels of `window`. Signals: none."""

    def __init__(self, window: QMainWindow, database: Database,
                 person: Callable[[], Person | None], editor: CaptionEditor,
                 playhead_ms: Callable[[], int], seek: Callable[[int], None],
                 work_queued: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._person = person
        self.language_panel = LanguagePanel(database, person, window)
        self.comments_panel = CommentsPanel(database, self.language_panel,
                                            editor.current_row, playhead_ms, window)
        self.notes_panel = ReviewNotesPanel(database, playhead_ms, self._author, window)
        self.language_dock = self._dock("Review", "review-dock", self.language_panel,
                                        Qt.DockWidgetArea.LeftDockWidgetArea)
        self.comments_dock = self._dock("Comments", "comments-dock", self.comments_panel,
                                        Qt.DockWidgetArea.LeftDockWidgetArea)
        self.notes_dock = self._dock("Review notes", "notes-dock", self.notes_panel,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)

        self.language_panel.message.connect(self._say)
        self.notes_panel.message.connect(self._say)
        self.notes_panel.seek_requested.connect(seek)
        self.language_panel.work_queued.connect(self._show_reviewed_cues)
        self.language_panel.work_queued.connect(work_queued)
        editor.findings_changed.connect(self._on_editor_findings_changed)
        editor.document_changed.connect(self._on_editor_document_changed)

    def _dock(self, title: str, name: str, widget: object,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self._window)
        dock.setObjectName(name)
        dock.setWidget(widget)  # type: ignore[arg-type]
        self._window.addDockWidget(area, dock)
        return dock

    @property
    def docks(self) -> tuple[QDockWidget, ...]:
        return (self.language_dock, self.comments_dock, self.notes_dock)

    def build_menu(self, menu: QMenu) -> None:
        for action in STEP_BUTTONS:
            label = RULES[action].label + ("…" if action.value == "reject" else "")
            item = QAction(label, menu)
            item.triggered.connect(lambda _=False, a=action: self.language_panel.take(a))
            menu.addAction(item)
        menu.addSeparator()
        self._add(menu, "&Mark cue reviewed and go to next", "Ctrl+M",
                  self.mark_current_cue_reviewed)
        self._add(menu, "Comment on this cue…", "Ctrl+Alt+M", self._focus_comment)
        self._add(menu, "Add review &note at playhead…", "Ctrl+Shift+N",
                  self.notes_panel.add_note)
        menu.addSeparator()
        for dock, key in zip(self.docks, ("Ctrl+6", "Ctrl+7", "Ctrl+0"), strict=True):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            menu.addAction(toggle)

    def _add(self, menu: QMenu, label: str, key: str, slot: Callable[[], None]) -> None:
        action = QAction(label, menu)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        menu.addAction(action)

    # --- following the window ------------------------------------------------------------

    def show_track(self, job_id: str | None, language: str | None) -> None:
        """The open track changed (None, None for a local file)."""
        track = self._editor.track
        self.language_panel.show_language(job_id, language,
                                          0 if track is None else len(track.cues))
        self.notes_panel.show_job(job_id, language)
        self.comments_panel.refresh()
        self._show_reviewed_cues()

    def refresh(self) -> None:
        """The local database changed under the panels (a sync, a refusal)."""
        self.language_panel.refresh()
        self.comments_panel.refresh()
        self.notes_panel.refresh()
        self._show_reviewed_cues()

    def mark_current_cue_reviewed(self) -> None:
        row = self._editor.current_row()
        if row is None:
            self._say("Select a cue to mark it reviewed.")
            return
        self.language_panel.mark_cue_reviewed(row, True)
        track = self._editor.track
        if track is not None and row + 1 < len(track.cues):
            self._editor.select_row(row + 1)

    def _show_reviewed_cues(self) -> None:
        self._editor.model.set_reviewed(self.language_panel.reviewed_cues())

    def _focus_comment(self) -> None:
        self.comments_dock.show()
        self.comments_dock.raise_()
        self.comments_panel.editor.setFocus()

    def _author(self) -> str:
        person = self._person()
        return "me" if person is None else (person.name or person.id)

    def _on_editor_findings_changed(self, findings: list[Finding]) -> None:
        errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
        self.language_panel.set_error_findings(errors)

    def _on_editor_document_changed(self) -> None:
        track = self._editor.track
        self.language_panel.set_cue_count(0 if track is None else len(track.cues))

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)
