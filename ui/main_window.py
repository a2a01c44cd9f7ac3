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
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from app.captions.document import AutosaveTarget, TrackDocument
from app.captions.model import Track
from app.captions.quality import Finding, QualityProfile, check_track, sorted_findings
from app.captions.shot_change_rule import check_shot_changes
from app.captions.webvtt_file import VttReadError, decode, parse, write_file
from app.demo_workspace import import_demo
from app.language_work import Person
from app.paths import cache_dir
from app.recent_work import RecentWork, load_recent_work, save_recent_work
from app.spelling.checker import Spelling
from app.spelling.personal_words import PersonalWords
from app.storage import Database, JobStore, TrackStore
from sync.api import PlatformApi
from ui.about_dialog import AboutDialog
from ui.background import Background
from ui.caption_editor import CaptionEditor
from ui.caption_pair_review import CaptionPairReview
from ui.cue_table_model import Column
from ui.editor_actions import editor_commands, install_commands
from ui.findings_model import FindingRole, FindingsModel
from ui.home_view import HomeView
from ui.job_documents import JobDocuments
from ui.jobs_panel import JobEntry, JobsPanel, TrackEntry
from ui.keyboard_sheet import KeyboardSheet
from ui.pause_point_editor import PausePointEditor
from ui.pause_point_view import PausePointView
from ui.player.player_widget import PlayerWidget
from ui.review_docks import ReviewDocks
from ui.row_table_model import row_table_view
from ui.scrollable import scrollable
from ui.segment_grid import SegmentGrid
from ui.segment_review import SegmentReview
from ui.settings_dialog import edit_preferences
from ui.shared_keys import SharedKeys
from ui.sync_bridge import SyncBridge
from ui.sync_controller import SyncController
from ui.timeline_feed import TimelineFeed
from ui.timing_commands import ServerTiming, TimingCommands
from ui.waveform_timeline import WaveformTimeline


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


def load_and_check(data: bytes, profile: QualityProfile, shot_changes: list[int] | None = None,
                   frame_rate: float = 25.0) -> LoadedTrack:
    """Parse and check a track: run on a worker thread, it can take a while for long files."""
    track = parse(decode(data))
    findings = check_track(track, profile)
    if shot_changes:
        findings = sorted_findings(findings + check_shot_changes(track, shot_changes, frame_rate))
    return LoadedTrack(track, findings)


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

        # The video stays on top; below it, one of the work views: cues,
        # segments or pause points. Home (queue and board) is a page of its own.
        self.undo_group = QUndoGroup(self)
        self.undo_group.addStack(self.editor.undo_stack)
        self.work_views = QTabWidget(self)
        self.work_views.setObjectName("work-views")
        self.work_views.setAccessibleName("Work views")
        self.work_views.addTab(self.editor, "&Cues")
        self.segment_grid: SegmentGrid | None = None
        self.segment_review: SegmentReview | None = None
        self.pause_points: PausePointEditor | None = None
        self.pause_point_view: PausePointView | None = None
        if sync is not None:
            # Its own stack, given: the grid then leaves Ctrl+Z to the Edit menu.
            self.segment_grid = SegmentGrid(QUndoStack(self), parent=self)
            self.undo_group.addStack(self.segment_grid.undo_stack)
            self.segment_review = SegmentReview(self.segment_grid, sync[1],
                                                self._reviewer_name, sync[0].secrets, self)
            self.segment_review.show_requested.connect(
                lambda: self._show_work_view(self.segment_grid))
            self.segment_review.message.connect(self._on_editor_message)
            self.segment_grid.message.connect(self._on_editor_message)
            self.work_views.addTab(scrollable(self.segment_grid, "Segments"), "Se&gments")
            self.pause_points = PausePointEditor(self)
            self.pause_point_view = PausePointView(self.pause_points, sync[1], self)
            self.pause_point_view.message.connect(self._on_preview_message)
            self.undo_group.addStack(self.pause_points.undo_stack)
            self.pause_points.message.connect(self._on_editor_message)
            self.pause_points.seek_requested.connect(self.player_widget.player.seek)
            self.player_widget.player.position_changed.connect(
                self.pause_points.band.set_playhead)
            self.work_views.addTab(scrollable(self.pause_points, "Pause points"),
                                   "&Pause points")
        self.undo_group.setActiveStack(self.editor.undo_stack)
        self.work_views.currentChanged.connect(self._on_work_views_current_changed)

        self._pair_review: CaptionPairReview | None = None
        self.spelling: Spelling | None = None
        if sync is not None:
            # on_missing runs on a worker thread: a signal carries it to the status bar.
            self.spelling = Spelling(PersonalWords.in_profile(sync[1].path.parent),
                                     on_missing=lambda _language, text: self.editor.message.emit(
                                         text))
        self.editor.detail.spell_check.message.connect(self._on_editor_message)
        self.timeline = WaveformTimeline(self)
        self.timeline_feed = TimelineFeed(self.timeline, self.editor, self.player_widget,
                                          sync[1] if sync is not None else None, self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("video-editor-splitter")
        splitter.addWidget(self.player_widget)
        splitter.addWidget(self.timeline)
        splitter.addWidget(self.work_views)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 0)
        splitter.setStretchFactor(2, 3)
        self.views = QTabWidget(self)
        self.views.setObjectName("views")
        self.views.setAccessibleName("Home and work")
        self.home: HomeView | None = None
        if sync is not None:
            bridge = sync[0]
            self.home = HomeView(sync[1], lambda: bridge.session.api if bridge.session else None,
                                 bridge.wake, self)
            self.home.openRequested.connect(self.open_job_language)
            welcome = self.home.welcome
            welcome.sign_in_requested.connect(self._open_sign_in)
            welcome.demo_requested.connect(self._on_welcome_demo_requested)
            welcome.open_files_requested.connect(self._on_open_triggered)
            welcome.recent_job_chosen.connect(self._on_welcome_recent_job_chosen)
            welcome.recent_file_chosen.connect(lambda path: self.open_file(Path(path)))
            welcome.forget_file_requested.connect(self._on_welcome_forget_file_requested)
            welcome.set_recent_work(load_recent_work(sync[1].path.parent))
            self.views.addTab(self.home, "&Home")
        self.views.addTab(splitter, "&Work")
        self.views.setCurrentWidget(splitter)
        self._work_page = splitter
        # Home needs the width: the work docks step aside there and come back on Work.
        self._docks_hidden_for_home: list[QDockWidget] = []
        self.views.currentChanged.connect(self._on_views_current_changed)
        self.setCentralWidget(self.views)

        self.jobs_panel = JobsPanel(self)
        self.jobs_panel.track_chosen.connect(self._on_jobs_panel_track_chosen)
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

        self.undo_view = QUndoView(self.undo_group, self)
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
            self.review.notes_panel.notes_changed.connect(self.timeline_feed.show_notes)
            self.tabifyDockWidget(findings_dock, self.review.notes_dock)
            findings_dock.raise_()
            self.documents = JobDocuments(self, sync[1], sync[0], self._open_job_track)
            sync[0].signed_in.connect(self._on_bridge_signed_in)
            sync[0].signed_out.connect(self._on_bridge_signed_out)
            sync[0].pulled.connect(self._on_bridge_pulled)
        self._build_menus((jobs_dock, findings_dock, history_dock))
        self._shared_keys: SharedKeys | None = None
        if self.segment_grid is not None:
            grid_actions = set(self.segment_grid.findChildren(QAction))
            self._shared_keys = SharedKeys(
                [a for a in self.findChildren(QAction) if a not in grid_actions], grid_actions)
        # First-run proportions: the picture large, findings a short strip;
        # a remembered layout replaces these.
        self._video_splitter = splitter
        splitter.setSizes([380, 130, 390])
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
        if self._sync is not None:
            self._add(file_menu, "Se&ttings…", QKeySequence("Ctrl+,"), self.open_settings)
        self._add(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        if self.segment_review is not None:
            file_menu.insertSeparator(file_menu.actions()[-1])
            tmx = QMenu("&Translation memory (TMX)", file_menu)
            file_menu.insertMenu(file_menu.actions()[-2], tmx)
            self.segment_review.build_menu(tmx)

        menus = {"&Edit": self.menuBar().addMenu("&Edit")}
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        # Both habits, whatever the platform's standard binding is.
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        menus["&Edit"].addActions([undo, redo])
        menus["&Edit"].addSeparator()
        menus["&Playback"] = self.menuBar().addMenu("&Playback")
        self._commands = editor_commands(self.editor, self.player_widget.player)
        install_commands(self._commands, menus, self, self.editor.table, self)
        timing = menus["&Edit"].addMenu("&Timing")
        self._timing = TimingCommands(self.editor, self)
        self._add(timing, "&Shift cues by…", QKeySequence("Ctrl+Alt+S"), self._timing.shift)
        self._add(timing, "&Two-point sync…", None, self._timing.two_point_sync)
        self._add(timing, "Convert &frame rate…", None, self._timing.convert_frame_rate)
        self._add(timing, "&Close small gaps…", None, self._timing.close_gaps)
        self._add(timing, "Fix &reading speed: extend into the gap", QKeySequence("Ctrl+Alt+E"),
                  self._timing.fix_reading_speed)
        self._add(timing, "S&nap to shot changes", QKeySequence("Ctrl+Alt+N"),
                  self._timing.snap_to_shot_changes)
        if self._sync is not None:
            server = ServerTiming(self._sync[0], self._sync[1], self._open_job_track,
                                  self._on_editor_message, self)
            self._server_timing = server
            timing.addSeparator()
            self._add(timing, "Shift on the &server…", None, server.shift_on_server)
        if self.pause_point_view is not None:
            menus["&Playback"].addSeparator()
            view = self.pause_point_view
            self._add(menus["&Playback"], "Play as &accessible video", QKeySequence("Ctrl+Alt+P"),
                      lambda: view.play_accessible_video(self.player_widget.player,
                                                         self._signed_in_api()))
            self._add(menus["&Playback"], "Stop the accessible-video preview", None,
                      view.stop_accessible_video)

        if self.review is not None:
            review_menu = self.menuBar().addMenu("&Review")
            self.review.build_menu(review_menu)
            review_menu.addSeparator()
            self._add(review_menu, "&Version history…", QKeySequence("Ctrl+Shift+H"),
                      self.documents.show_versions)
            self._add(review_menu, "Export review &report (DOCX)…", None,
                      self.documents.export_review_report)
            self._add(review_menu, "Export &bilingual table (DOCX)…", None,
                      self.documents.export_bilingual_table)
            if self.pause_point_view is not None:
                self._add(review_menu, "Export &AD script (DOCX)…", None,
                          self.pause_point_view.export_script)
            if self.segment_grid is not None:
                self._add(review_menu, "Review translation against the &source…",
                          QKeySequence("Ctrl+Alt+R"), self.review_against_source)
                segments = self.menuBar().addMenu("Se&gments")
                segments.addActions(self.segment_grid.review_actions())
                if self.segment_review is not None:
                    segments.addSeparator()
                    segments.addAction(self.segment_review.false_positive_action)
        if self.sync_controller is not None:
            self.sync_controller.build_menu(self.menuBar().addMenu("&Sync"))

        view_menu = self.menuBar().addMenu("&View")
        for dock, shortcut in zip(docks, ("Ctrl+1", "Ctrl+2", "Ctrl+4"), strict=True):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(shortcut))
            view_menu.addAction(toggle)
        self._add(view_menu, "Go to &cues", QKeySequence("Ctrl+3"), self._go_to_cues)
        home = self.home
        if home is not None:
            self._add(view_menu, "&Home: my queue and QC board", QKeySequence("Alt+Home"),
                      lambda: self.views.setCurrentWidget(home))
            self._add(view_menu, "&Work: video and editors", QKeySequence("Alt+End"),
                      lambda: self.views.setCurrentWidget(self._work_page))
        if self.segment_grid is not None:
            self._add(view_menu, "Go to se&gments", QKeySequence("Ctrl+8"),
                      lambda: self._show_work_view(self.segment_grid))
        if self.pause_points is not None:
            self._add(view_menu, "Go to &pause points", QKeySequence("Ctrl+9"),
                      lambda: self._show_work_view(self.pause_points))

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

    # --- first run, recent work, settings ---------------------------------------------

    def _profile_folder(self) -> Path | None:
        return None if self._sync is None else self._sync[1].path.parent

    def _remember(self, change: Callable[[RecentWork], RecentWork]) -> None:
        folder = self._profile_folder()
        if folder is None:
            return
        try:
            recent = change(load_recent_work(folder))
        except OSError:
            return  # a list of recent work is not worth an error message
        if self.home is not None:
            self.home.welcome.set_recent_work(recent)
        # Written (with fsync) off the GUI thread: opening a file must not wait on the disk.
        self._background.run(lambda: save_recent_work(folder, recent), lambda _r: None,
                             lambda _error: None)

    def _open_sign_in(self) -> None:
        if self.sync_controller is not None:
            self.sync_controller.open_sign_in()

    def _on_welcome_demo_requested(self) -> None:
        if self._sync is not None:
            import_demo(self._sync[1])
        self.reload_jobs()
        self.jobs_panel.select_first_track()
        self.views.setCurrentWidget(self._work_page)

    def _on_welcome_recent_job_chosen(self, job_id: str) -> None:
        job = next((j for j in self._workspace.jobs() if j.job_id == job_id), None)
        if job is None or not job.languages:
            self.statusBar().showMessage(
                f"Job {job_id} is not on this computer any more: sync to fetch it.", 10000)
            return
        self.open_job_language(job_id, sorted(job.languages)[0])

    def _on_welcome_forget_file_requested(self, path: object) -> None:
        self._remember(lambda recent: recent.without_file(Path(str(path))))

    def open_settings(self) -> None:
        folder = self._profile_folder()
        if folder is None:
            return
        chosen = edit_preferences(folder, cache_dir(), self)
        if chosen is None:
            return
        self._profile = chosen.quality_profile()
        self.editor.profile = self._profile
        self.editor.recheck()
        self.statusBar().showMessage("Settings saved.", 5000)

    def show_recovery_notice(self, text: str) -> None:
        """After a crash or a kill: say what was kept, without a modal box in the way."""
        box = QMessageBox(QMessageBox.Icon.Information, "Review Workstation restarted", text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Recovery after an unexpected end")
        box.setModal(False)
        box.open()
        self._recovery_box = box

    def _open_job_track(self) -> tuple[str, str, str] | None:
        entry = self._entry
        return None if entry is None else (entry.job_id, entry.language, entry.kind)

    def open_job_language(self, job_id: str, language: str) -> None:
        """Open a job language's captions (or its first track) and show the work views."""
        for job in self._workspace.jobs():
            if job.job_id != job_id:
                continue
            tracks = sorted(job.languages.get(language, []),
                            key=lambda t: t.kind != "captions")
            if tracks:
                if not self.jobs_panel.select_track(tracks[0]):
                    self._on_jobs_track_chosen(tracks[0])  # already current: open again
                self.views.setCurrentWidget(self._work_page)
                return
        self.statusBar().showMessage(
            f"{job_id} · {language} is not on this computer yet: sync (F5) to fetch it.", 10000)

    def _on_work_views_current_changed(self, index: int) -> None:
        shown = self.work_views.widget(index)
        if isinstance(shown, QScrollArea):
            shown = shown.widget()
        stacks: dict[QWidget, QUndoStack] = {self.editor: self.editor.undo_stack}
        if self.segment_grid is not None:
            stacks[self.segment_grid] = self.segment_grid.undo_stack
        if self.pause_points is not None:
            stacks[self.pause_points] = self.pause_points.undo_stack
        stack = stacks.get(shown) if shown is not None else None
        if stack is not None:
            self.undo_group.setActiveStack(stack)
        if self._shared_keys is not None:
            self._shared_keys.view_shown(shown is self.segment_grid)

    def _on_views_current_changed(self, _index: int) -> None:
        if self.views.currentWidget() is self._work_page:
            for dock in self._docks_hidden_for_home:
                dock.show()
            self._docks_hidden_for_home = []
            # A paused libvlc picture is not drawn again by itself once the page
            # comes back; showing the same frame again repaints it.
            player = self.player_widget.player
            if player.state != "playing" and player.duration_ms > 0:
                player.seek(player.position_ms)
            return
        shown = [dock for dock in self.findChildren(QDockWidget)
                 if dock.isVisible() and not dock.isFloating()]
        for dock in shown:
            dock.hide()
        self._docks_hidden_for_home += shown

    def _show_work_view(self, view: QWidget | None) -> None:
        if view is None:
            return
        self.views.setCurrentWidget(self._work_page)
        holder = view.parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        self.work_views.setCurrentWidget(holder if holder is not None else view)
        view.setFocus()

    def _go_to_cues(self) -> None:
        self._show_work_view(self.editor)
        self.editor.table.setFocus()

    def _reviewer_name(self) -> str:
        person = self._person()
        return "review-workstation" if person is None else (person.name or person.id)

    def _on_bridge_signed_in(self, who: str) -> None:
        settings = self._sync[0].settings if self._sync is not None else None
        if self.home is not None and settings is not None:
            self.home.signed_in(who, settings.user_role or "")
            self.views.setCurrentWidget(self.home)

    def _on_bridge_signed_out(self, _reason: str) -> None:
        if self.home is not None:
            self.home.signed_out()

    def _on_bridge_pulled(self, _summary: str) -> None:
        if self.home is not None:
            self.home.refresh()
        if self.pause_point_view is not None:
            self.pause_point_view.reload()

    def review_against_source(self) -> None:
        """Show the open caption language beside its source, segment by segment."""
        entry, grid = self._entry, self.segment_grid
        if entry is None or grid is None or self._sync is None or self.editor.track is None:
            self.statusBar().showMessage("Open a job's caption language first.", 8000)
            return
        database = self._sync[1]
        job = JobStore(database).get_job(entry.job_id)
        source = job.source_language if job is not None else ""
        stored = TrackStore(database).get_track(entry.job_id, source, entry.kind) \
            if source and source != entry.language else None
        if stored is None:
            self.statusBar().showMessage(
                f"{entry.language} has no source-language {entry.kind} on this computer to "
                "compare with (it may be the source itself).", 10000)
            return
        try:
            source_track = parse(stored.working_content)
        except VttReadError as error:
            self.statusBar().showMessage(f"The {source} track cannot be read: {error}", 10000)
            return
        self._close_pair_review()
        if self.segment_review is not None:
            self.segment_review.forget()
        self._pair_review = CaptionPairReview(grid, self.editor, source_track,
                                              self.player_widget.player.seek, self)
        self._show_work_view(grid)
        self.statusBar().showMessage(
            f"Reviewing {entry.language} against {source}: {len(self._pair_review.segments)} "
            "segments. Edits go to the cue editor's history and are synced like any edit.",
            10000)

    def _close_pair_review(self) -> None:
        if self._pair_review is not None:
            self._pair_review.close()
            self._pair_review = None

    def _signed_in_api(self) -> PlatformApi | None:
        bridge = self._sync[0] if self._sync is not None else None
        if bridge is None or bridge.session is None or not bridge.signed_in_now:
            return None
        return bridge.session.api

    def _on_preview_message(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

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
        entry = self._entry
        cuts = self.timeline_feed.known_shot_changes(entry.job_id if entry else None)

        def done(result: object) -> None:
            if self._loading is token and isinstance(result, LoadedTrack):
                self._close_pair_review()  # it belonged to the track being replaced
                document = TrackDocument(result.track, target, frame_rate)
                # The initial findings already hold the shot-change rule's.
                self.editor.shot_changes, self.editor.frame_rate = cuts or [], frame_rate
                self.editor.open_document(document, result.findings)
                self.player_widget.set_cues(result.track.cues)
                self._update_titles()
                entry = self._entry
                job_id = entry.job_id if entry else None
                language = entry.language if entry else None
                self.timeline_feed.show_track(job_id, language, media, frame_rate)
                if self.spelling is not None and language is not None:
                    self.editor.check_spelling(self.spelling, language)
                if self.review is not None:
                    self.review.show_track(job_id, language)
                if self.pause_point_view is not None:
                    self.pause_point_view.show_language(job_id, language)

        self._background.run(lambda: load_and_check(data, profile, cuts, frame_rate), done,
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
        self._remember(lambda recent: recent.with_file(path))

    def open_video(self, path: Path) -> None:
        self.player_widget.load(path)

    def _on_jobs_panel_track_chosen(self, entry: object) -> None:
        self.views.setCurrentWidget(self._work_page)  # the person picked a track to work on
        self._on_jobs_track_chosen(entry)
        if isinstance(entry, TrackEntry):
            title = next((j.title for j in self._workspace.jobs() if j.job_id == entry.job_id),
                         entry.job_id)
            self._remember(lambda recent: recent.with_job(entry.job_id, title))

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
        KeyboardSheet(self.menuBar(), self).exec()

    def _on_about_triggered(self) -> None:
        AboutDialog({"Video player": self.player_widget.backend_name}, self).exec()

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
        self.views.setCurrentWidget(self._work_page)  # the layout saved is Work's, docks and all
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/video-splitter", self._video_splitter.saveState())
        self.editor.wait_for_background()
        self._background.wait(3000)
        if self.sync_controller is not None:
            self.sync_controller.close_dialogs()
        self.timeline_feed.close()
        self.timeline.wait_for_analysis(3000)
        self.player_widget.player.close()
        super().closeEvent(event)
