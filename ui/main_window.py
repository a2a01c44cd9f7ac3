"""The main window: jobs on the left, the video over the caption editor, QC findings below.

The window arranges panels and routes choices. Parsing and checking run off
the GUI thread (`ui.background`); editing lives in `CaptionEditor`; the rules
live in `app/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.captions.document import AutosaveTarget, TrackDocument
from app.captions.model import Track
from app.captions.quality import Finding, QualityProfile, check_track
from app.captions.webvtt_file import decode, parse, write_file
from app.language_work import Person
from app.storage import Database
from ui.background import Background
from ui.caption_editor import CaptionEditor
from ui.cue_table_model import Column
from ui.editor_actions import cheat_sheet, editor_commands, install_commands
from ui.findings_model import FindingRole, FindingsModel
from ui.jobs_panel import JobEntry, JobsPanel, TrackEntry
from ui.player.player_widget import PlayerWidget
from ui.review_docks import ReviewDocks
from ui.row_table_model import row_table_view
from ui.sync_bridge import SyncBridge
from ui.sync_controller import SyncController


class Workspace(Protocol):
    """What the window needs from the local workspace."""

    def jobs(self) -> list[JobEntry]: ...

    def track_bytes(self, entry: TrackEntry) -> bytes: ...

    def track_target(self, entry: TrackEntry, loaded: str) -> AutosaveTarget: ...

    def media_for(self, job_id: str) -> Path | None: ...

    def frame_rate_for(self, job_id: str) -> float: ...

    def file_target(self, path: Path) -> AutosaveTarget: ...

    def unsaved_draft(self, path: Path) -> str | None: ...

    def mark_file_saved(self, path: Path) -> None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class LoadedTrack:
    track: Track
    findings: list[Finding]


def load_and_check(data: bytes, profile: QualityProfile) -> LoadedTrack:
    """Parse and check a track: run on a worker thread, it can take a while for long files."""
    track = parse(decode(data))
    return LoadedTrack(track, check_track(track, profile))


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, profile: QualityProfile,
                 player_backend: str | None = None,
                 sync: tuple[SyncBridge, Database] | None = None) -> None:
        super().__init__()
        self._sync = sync
        self._workspace = workspace
        self._profile = profile
        self._background = Background(self)
        self._loading: object = None
        self._local_file: Path | None = None
        self._entry: TrackEntry | None = None
        self.setWindowTitle("Review Workstation")
        self.setAccessibleName("Review Workstation main window")

        self.player_widget = PlayerWidget(self, backend=player_backend)
        self.editor = CaptionEditor(profile, self)
        self.editor.playhead_ms = lambda: self.player_widget.player.position_ms
        self.editor.message.connect(self._on_editor_message)
        self.editor.findings_changed.connect(self._on_editor_findings_changed)
        self.editor.document_changed.connect(self._on_editor_document_changed)
        self.editor.seek_requested.connect(self.player_widget.player.seek)
        self.player_widget.player.position_changed.connect(self._on_player_position_changed)
        self.player_widget.player.media_failed.connect(self._on_editor_message)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("video-editor-splitter")
        splitter.addWidget(self.player_widget)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.setCentralWidget(splitter)

        self.jobs_panel = JobsPanel(self)
        self.jobs_panel.track_chosen.connect(self._on_jobs_track_chosen)
        jobs_dock = self._dock("Jobs", "jobs-dock", self.jobs_panel,
                               Qt.DockWidgetArea.LeftDockWidgetArea)

        self.findings_model = FindingsModel(self)
        self.findings_table = row_table_view(
            self.findings_model, "QC findings",
            "Every QC finding of the track. Enter or double-click jumps to the cue.", self)
        self.findings_table.horizontalHeader().setStretchLastSection(True)
        self.findings_table.activated.connect(self._on_findings_activated)
        findings_dock = self._dock("QC findings", "findings-dock", self.findings_table,
                                   Qt.DockWidgetArea.BottomDockWidgetArea)

        self.undo_view = QUndoView(self.editor.undo_stack, self)
        self.undo_view.setAccessibleName("Undo history")
        self.undo_view.setEmptyLabel("Opened")
        history_dock = self._dock("Undo history", "history-dock", self.undo_view,
                                  Qt.DockWidgetArea.RightDockWidgetArea)
        history_dock.hide()

        self.save_banner = QLabel(self)
        self.save_banner.setAccessibleName("Save problem")
        self.save_banner.setWordWrap(True)
        self.save_banner.setStyleSheet(
            "QLabel { background: #fde2e1; color: #1a1a1a; padding: 6px; }")
        self.save_banner.hide()
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(5000)
        self._retry_timer.timeout.connect(self._on_retry_timer_timeout)
        banner_holder = QWidget(self)
        holder_layout = QVBoxLayout(banner_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.save_banner)
        editor_layout = self.editor.layout()
        assert editor_layout is not None
        editor_layout.addWidget(banner_holder)

        self.status_where = QLabel(workspace.describe(), self)
        self.status_where.setAccessibleName("Workspace")
        self.status_player = QLabel(f"Player: {self.player_widget.backend_name}", self)
        self.status_player.setAccessibleName("Video player back end")
        self.status_counts = QLabel("", self)
        self.status_counts.setAccessibleName("Track summary")
        self.statusBar().addWidget(self.status_where)
        self.statusBar().addPermanentWidget(self.status_player)
        self.statusBar().addPermanentWidget(self.status_counts)

        self.sync_controller: SyncController | None = None
        self.review: ReviewDocks | None = None
        if sync is not None:
            self.sync_controller = SyncController(
                self, sync[0], sync[1], self.editor, self.jobs_panel,
                self.reload_open_track, self.refresh_jobs)
            self.review = ReviewDocks(
                self, sync[1], self._person, self.editor,
                lambda: self.player_widget.player.position_ms,
                self.player_widget.player.seek, self._on_review_work_queued)
            # Review sits under the jobs: the cue table keeps the middle's width.
            self.splitDockWidget(jobs_dock, self.review.language_dock, Qt.Orientation.Vertical)
            self.tabifyDockWidget(self.review.language_dock, self.review.comments_dock)
            self.review.language_dock.raise_()
            self.tabifyDockWidget(findings_dock, self.review.notes_dock)
            findings_dock.raise_()
        self._build_menus((jobs_dock, findings_dock, history_dock))
        # First-run proportions: the picture large, findings a short strip;
        # a remembered layout replaces these.
        self._video_splitter = splitter
        splitter.setSizes([430, 470])
        self.resizeDocks([jobs_dock], [300], Qt.Orientation.Horizontal)
        self.resizeDocks([findings_dock], [150], Qt.Orientation.Vertical)
        self._restore_layout()
        self.reload_jobs()

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- menus ------------------------------------------------------------------------

    def _build_menus(self, docks: tuple[QDockWidget, ...]) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._add(file_menu, "&Open caption file…", QKeySequence.StandardKey.Open,
                  self._on_open_triggered)
        self._add(file_menu, "Open &video…", QKeySequence("Ctrl+Shift+O"),
                  self._on_open_video_triggered)
        self.save_action = self._add(file_menu, "&Save", QKeySequence.StandardKey.Save,
                                     self._on_save_triggered)
        self._add(file_menu, "Save &as…", QKeySequence.StandardKey.SaveAs,
                  self._on_save_as_triggered)
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        menus = {"&Edit": self.menuBar().addMenu("&Edit")}
        undo = self.editor.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_stack.createRedoAction(self, "&Redo")
        # Both habits, whatever the platform's standard binding is.
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        menus["&Edit"].addActions([undo, redo])
        menus["&Edit"].addSeparator()
        menus["&Playback"] = self.menuBar().addMenu("&Playback")
        self._commands = editor_commands(self.editor, self.player_widget.player)
        install_commands(self._commands, menus, self, self.editor.table, self)

        if self.review is not None:
            self.review.build_menu(self.menuBar().addMenu("&Review"))
        if self.sync_controller is not None:
            self.sync_controller.build_menu(self.menuBar().addMenu("&Sync"))

        view_menu = self.menuBar().addMenu("&View")
        for dock, shortcut in zip(docks, ("Ctrl+1", "Ctrl+2", "Ctrl+4"), strict=True):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(shortcut))
            view_menu.addAction(toggle)
        self._add(view_menu, "Go to &cues", QKeySequence("Ctrl+3"), self.editor.table.setFocus)

        help_menu = self.menuBar().addMenu("&Help")
        self._add(help_menu, "&Keyboard shortcuts", QKeySequence("F1"),
                  self._on_shortcuts_triggered)
        self._add(help_menu, "&About Review Workstation", None, self._on_about_triggered)

    def _add(self, menu: QMenu, label: str,
             shortcut: QKeySequence | QKeySequence.StandardKey | None,
             slot: Callable[[], object]) -> QAction:
        action = QAction(label, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- opening tracks ---------------------------------------------------------------

    def reload_jobs(self) -> None:
        self.jobs_panel.set_jobs(self._workspace.jobs())

    def refresh_jobs(self) -> None:
        """After a sync: rebuild the list if jobs or tracks came or went, else update states."""
        jobs = self._workspace.jobs()
        if self.jobs_panel.listed_tracks() != {
            (t.job_id, t.language, t.kind)
            for job in jobs for tracks in job.languages.values() for t in tracks
        }:
            self.jobs_panel.set_jobs(jobs)
        else:
            self.jobs_panel.update_states(jobs)
        self._update_titles()
        if self.review is not None:
            self.review.refresh()

    def _person(self) -> Person | None:
        """The person signed in on this profile (remembered offline), or None."""
        if self._sync is None:
            return None
        settings = self._sync[0].settings
        if not settings.user_id or not settings.user_role:
            return None
        return Person(settings.user_id, settings.user_role, settings.user_name or "")

    def _on_review_work_queued(self) -> None:
        if self.sync_controller is not None:
            self.sync_controller.refresh_counts()
            self.sync_controller.bridge.wake()

    def reload_open_track(self, job_id: str, language: str, kind: str, message: str) -> None:
        """Show the stored working copy again if it is the open track (after a merge)."""
        entry = self._entry
        if entry is None or (entry.job_id, entry.language, entry.kind) != (job_id, language, kind):
            return
        self._on_jobs_track_chosen(entry)
        self.statusBar().showMessage(message, 10000)

    def _open_document(self, data: bytes, target: AutosaveTarget, frame_rate: float,
                       media: Path | None) -> None:
        """Parse and check on a worker thread; show the document when it is ready."""
        self.editor.title.setText(f"{target.describe()} — loading…")
        token = object()
        self._loading = token
        profile = self._profile

        def done(result: object) -> None:
            if self._loading is token and isinstance(result, LoadedTrack):
                document = TrackDocument(result.track, target, frame_rate)
                self.editor.open_document(document, result.findings)
                self.player_widget.set_cues(result.track.cues)
                self._update_titles()
                if self.review is not None:
                    entry = self._entry
                    self.review.show_track(entry.job_id if entry else None,
                                           entry.language if entry else None)

        self._background.run(lambda: load_and_check(data, profile), done,
                             lambda error: self._show_load_error(target.describe(), error))
        if media is not None:
            self.player_widget.player.set_frame_rate(frame_rate)
            self.player_widget.load(media)

    def open_file(self, path: Path) -> None:
        """Open a caption file from disk; its edits are kept as a draft until saved."""
        draft = self._workspace.unsaved_draft(path)
        try:
            data = path.read_bytes() if draft is None else draft.encode("utf-8")
        except OSError as error:
            self._show_load_error(path.name, error)
            return
        if draft is not None:
            self.statusBar().showMessage(
                f"{path.name}: your unsaved edits from last time were recovered.", 10000)
        self._local_file, self._entry = path, None
        self._open_document(data, self._workspace.file_target(path), 25.0, None)

    def open_video(self, path: Path) -> None:
        self.player_widget.load(path)

    def _on_jobs_track_chosen(self, entry: object) -> None:
        assert isinstance(entry, TrackEntry)
        try:
            data = self._workspace.track_bytes(entry)
        except Exception as error:  # a damaged database row must not close the window
            self._show_load_error(f"{entry.language} {entry.kind}", error)
            return
        self._local_file, self._entry = None, entry
        target = self._workspace.track_target(entry, data.decode("utf-8", errors="replace"))
        self._open_document(data, target,
                            self._workspace.frame_rate_for(entry.job_id),
                            self._workspace.media_for(entry.job_id))

    def _show_load_error(self, title: str, error: BaseException) -> None:
        self.editor.title.setText(f"{title} could not be opened.")
        QMessageBox.warning(self, "Cannot open track", f"{title} could not be opened:\n\n{error}")

    # --- saving -----------------------------------------------------------------------

    def _on_save_triggered(self) -> None:
        if self._local_file is None:
            self.statusBar().showMessage(
                "Workspace tracks are saved automatically with every edit.", 5000)
            return
        self._save_to(self._local_file)

    def _on_save_as_triggered(self) -> None:
        if self.editor.document is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save captions as", "",
                                              "WebVTT files (*.vtt)")
        if name:
            self._save_to(Path(name))

    def _save_to(self, path: Path) -> None:
        document = self.editor.document
        if document is None:
            return
        try:
            write_file(document.track, path)
        except OSError as error:
            QMessageBox.warning(self, "Cannot save",
                                f"{path} could not be written: {error.strerror or error}.\n\n"
                                "Your edits are safe in the local database.")
            return
        if path == self._local_file:
            self._workspace.mark_file_saved(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        self._update_titles()

    # --- reacting to the editor -------------------------------------------------------

    def _on_editor_document_changed(self) -> None:
        document = self.editor.document
        if document is not None and document.save_error is not None:
            self.save_banner.setText(
                "Your last edit could not be saved to the local database "
                f"({document.save_error}). It is kept in memory and saving is retried every "
                "5 seconds; free some disk space if the disk is full.")
            self.save_banner.show()
            self._retry_timer.start()
        else:
            self.save_banner.hide()
            self._retry_timer.stop()
        if document is not None:
            self.player_widget.set_cues(document.track.cues)
        if self._entry is not None:
            self.reload_jobs_quietly()
        self._update_titles()

    def reload_jobs_quietly(self) -> None:
        """Refresh track states in the jobs panel without moving the person's selection."""
        self.jobs_panel.update_states(self._workspace.jobs())

    def _on_retry_timer_timeout(self) -> None:
        document = self.editor.document
        if document is not None and document.retry_save():
            self._on_editor_document_changed()

    def _on_editor_findings_changed(self, findings: list[Finding]) -> None:
        self.findings_model.set_findings(findings)
        errors, warnings = self.findings_model.counts()
        cues = len(self.editor.track.cues) if self.editor.track else 0
        self.status_counts.setText(f"{cues} cues · {errors} errors · {warnings} warnings")

    def _on_editor_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_player_position_changed(self, ms: int) -> None:
        self.editor.follow(ms)

    def _update_titles(self) -> None:
        document = self.editor.document
        if document is None:
            self.setWindowTitle("Review Workstation")
            return
        if self._local_file is not None:
            stored = self._workspace.unsaved_draft(self._local_file)
            state = " — unsaved edits (kept as a draft)" if stored is not None else ""
        else:
            state = (" — local changes, not yet on the server"
                     if document.edits_since_open or self._entry_has_changes() else "")
        self.setWindowTitle(f"{document.title}{state} — Review Workstation")

    def _entry_has_changes(self) -> bool:
        # The jobs panel was refreshed from the database just before: no second read.
        entry = self._entry
        if entry is None:
            return False
        state = self.jobs_panel.state_of(entry.job_id, entry.language, entry.kind)
        return state is not None and state != "synced"

    def _on_findings_activated(self, index: QModelIndex) -> None:
        finding = self.findings_model.data(index, FindingRole)
        if not isinstance(finding, Finding) or finding.cue is None:
            return
        self.editor.select_row(finding.cue)
        target = self.editor.model.index(finding.cue, Column.TEXT)
        self.editor.table.scrollTo(target, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.editor.table.setFocus()

    # --- dialogs ----------------------------------------------------------------------

    def _on_open_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open caption file", "", "WebVTT files (*.vtt);;All files (*)")
        if name:
            self.open_file(Path(name))

    def _on_open_video_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open video", "", "Video files (*.mp4 *.mkv *.mov *.webm);;All files (*)")
        if name:
            self.open_video(Path(name))

    def _on_shortcuts_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Keyboard shortcuts")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(cheat_sheet(self._commands))
        box.setAccessibleName("Keyboard shortcuts")
        box.exec()

    def _on_about_triggered(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self, "About Review Workstation",
            f"Review Workstation {__version__}\nQt for Python {pyside_version}\n"
            f"Player: {self.player_widget.backend_name}")

    # --- layout memory ----------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter_state = settings.value("window/video-splitter")
        if isinstance(splitter_state, QByteArray):
            self._video_splitter.restoreState(splitter_state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/video-splitter", self._video_splitter.saveState())
        self.editor.wait_for_background()
        self._background.wait(3000)
        if self.sync_controller is not None:
            self.sync_controller.close_dialogs()
        self.player_widget.player.close()
        super().closeEvent(event)
