"""The main window: jobs on the left, the cues of the chosen track, QC findings below.

The window only arranges panels and routes choices; reading tracks and
checking them happen off the GUI thread, and rules live in `app/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.captions.model import Track
from app.captions.quality import Finding, QualityProfile, check_track
from app.captions.webvtt_file import decode, parse
from ui.background import Background
from ui.cue_table_model import Column, CueTableModel, SortRole
from ui.findings_model import FindingRole, FindingsModel
from ui.jobs_panel import JobEntry, JobsPanel, TrackEntry


class Workspace(Protocol):
    """What the window needs from the local workspace (read side)."""

    def jobs(self) -> list[JobEntry]: ...

    def track_bytes(self, entry: TrackEntry) -> bytes: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class LoadedTrack:
    title: str
    track: Track
    findings: list[Finding]


def load_and_check(title: str, data: bytes, profile: QualityProfile) -> LoadedTrack:
    """Parse and check a track: run on a worker thread, it can take a while for long files."""
    track = parse(decode(data))
    return LoadedTrack(title, track, check_track(track, profile))


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, profile: QualityProfile) -> None:
        super().__init__()
        self._workspace = workspace
        self._profile = profile
        self._background = Background(self)
        self._loading: object = None
        self.setWindowTitle("Review Workstation")
        self.setAccessibleName("Review Workstation main window")

        self.cue_model = CueTableModel(parent=self)
        self._sorted = QSortFilterProxyModel(self)
        self._sorted.setSourceModel(self.cue_model)
        self._sorted.setSortRole(SortRole)
        self.track_title = QLabel("Choose a track on the left.", self)
        self.track_title.setAccessibleName("Current track")
        self.track_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.cue_table = QTableView(self)
        self.cue_table.setModel(self._sorted)
        self.cue_table.setAccessibleName("Cues")
        self.cue_table.setAccessibleDescription(
            "Cues of the current track with times, reading speed, text and QC findings.")
        self.cue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cue_table.setSortingEnabled(True)
        self.cue_table.sortByColumn(Column.START, Qt.SortOrder.AscendingOrder)
        self.cue_table.setWordWrap(False)
        self.cue_table.verticalHeader().setVisible(False)
        self.cue_table.verticalHeader().setDefaultSectionSize(24)
        header = self.cue_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        widths = ((Column.NUMBER, 50), (Column.IDENTIFIER, 90), (Column.START, 100),
                  (Column.END, 100), (Column.DURATION, 75), (Column.CPS, 55), (Column.QC, 150))
        for column, width in widths:
            self.cue_table.setColumnWidth(column, width)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.track_title)
        layout.addWidget(self.cue_table)
        self.setCentralWidget(central)

        self.jobs_panel = JobsPanel(self)
        self.jobs_panel.track_chosen.connect(self._on_jobs_track_chosen)
        jobs_dock = QDockWidget("Jobs", self)
        jobs_dock.setObjectName("jobs-dock")
        jobs_dock.setWidget(self.jobs_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, jobs_dock)

        self.findings_model = FindingsModel(self)
        self.findings_table = QTableView(self)
        self.findings_table.setModel(self.findings_model)
        self.findings_table.setAccessibleName("QC findings")
        self.findings_table.setAccessibleDescription(
            "Every QC finding of the track. Enter or double-click jumps to the cue.")
        self.findings_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_table.verticalHeader().setVisible(False)
        self.findings_table.horizontalHeader().setStretchLastSection(True)
        self.findings_table.activated.connect(self._on_findings_activated)
        findings_dock = QDockWidget("QC findings", self)
        findings_dock.setObjectName("findings-dock")
        findings_dock.setWidget(self.findings_table)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, findings_dock)

        self.status_where = QLabel(workspace.describe(), self)
        self.status_where.setAccessibleName("Workspace")
        self.status_counts = QLabel("", self)
        self.status_counts.setAccessibleName("Track summary")
        self.statusBar().addWidget(self.status_where)
        self.statusBar().addPermanentWidget(self.status_counts)

        self._build_menus(jobs_dock, findings_dock)
        self._restore_layout()
        self.reload_jobs()

    # --- menus ----------------------------------------------------------------------

    def _build_menus(self, jobs_dock: QDockWidget, findings_dock: QDockWidget) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open caption file…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._on_open_triggered)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for dock, shortcut in ((jobs_dock, "Ctrl+1"), (findings_dock, "Ctrl+2")):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(shortcut))
            view_menu.addAction(toggle)
        focus_cues = QAction("Go to &cues", self)
        focus_cues.setShortcut(QKeySequence("Ctrl+3"))
        focus_cues.triggered.connect(self.cue_table.setFocus)
        view_menu.addAction(focus_cues)

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Review Workstation", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    # --- tracks ---------------------------------------------------------------------

    def reload_jobs(self) -> None:
        self.jobs_panel.set_jobs(self._workspace.jobs())

    def open_track_bytes(self, title: str, data: bytes) -> None:
        """Parse and check on a worker thread; show the result when it is ready."""
        self.track_title.setText(f"{title} — loading…")
        token = object()
        self._loading = token
        profile = self._profile

        def done(result: object) -> None:
            if self._loading is token and isinstance(result, LoadedTrack):
                self._show_track(result)

        self._background.run(lambda: load_and_check(title, data, profile), done,
                             lambda error: self._show_load_error(title, error))

    def open_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self._show_load_error(path.name, error)
            return
        self.open_track_bytes(path.name, data)

    def _show_track(self, loaded: LoadedTrack) -> None:
        self.cue_model.set_track(loaded.track, loaded.findings)
        self.findings_model.set_findings(loaded.findings)
        errors, warnings = self.findings_model.counts()
        cues = len(loaded.track.cues)
        self.track_title.setText(
            f"{loaded.title} — {cues} cues — QC profile: {self._profile.label}")
        self.status_counts.setText(f"{cues} cues · {errors} errors · {warnings} warnings")
        self.setWindowTitle(f"{loaded.title} — Review Workstation")

    def _show_load_error(self, title: str, error: BaseException) -> None:
        self.track_title.setText(f"{title} could not be opened.")
        QMessageBox.warning(self, "Cannot open track", f"{title} could not be opened:\n\n{error}")

    def _on_jobs_track_chosen(self, entry: object) -> None:
        assert isinstance(entry, TrackEntry)
        title = f"{entry.job_id} · {entry.language} · {entry.kind}"
        try:
            data = self._workspace.track_bytes(entry)
        except Exception as error:  # a damaged database row must not close the window
            self._show_load_error(title, error)
            return
        self.open_track_bytes(title, data)

    def _on_findings_activated(self, index: QModelIndex) -> None:
        finding = self.findings_model.data(index, FindingRole)
        if not isinstance(finding, Finding) or finding.cue is None:
            return
        source = self.cue_model.index(finding.cue, Column.TEXT)
        target = self._sorted.mapFromSource(source)
        self.cue_table.setCurrentIndex(target)
        self.cue_table.scrollTo(target, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.cue_table.setFocus()

    def _on_open_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open caption file", "", "WebVTT files (*.vtt);;All files (*)")
        if name:
            self.open_file(Path(name))

    def _on_about_triggered(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self, "About Review Workstation",
            f"Review Workstation {__version__}\nQt for Python {pyside_version}")

    # --- layout memory ----------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: object) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self._background.wait(3000)
        super().closeEvent(event)  # type: ignore[arg-type]
