"""Starting the window: the Qt application, the profile database, the demo workspace."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.captions.document import AutosaveTarget, FileDraft, WorkspaceTrack
from app.demo_workspace import import_demo
from app.paths import config_dir, profile
from app.profile_lock import ProfileInUse, ProfileLock
from app.recovery import note_start
from app.run_marker import end_run
from app.settings import load_preferences
from app.storage import DraftStore, JobStore, TrackStore, open_profile
from app.storage.database import Database
from sync.secret_store import SecretStore
from ui.crash_report import CrashReporter
from ui.garbage import GuiThreadCollector
from ui.jobs_panel import JobEntry, TrackEntry
from ui.main_window import MainWindow
from ui.settings_dialog import apply_preferences
from ui.sync_bridge import SyncBridge

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"

_STATE_LABELS = {
    "synced": "synced",
    "local_changes": "local changes",
    "uploading": "uploading",
    "conflict": "conflict",
    "error": "error",
}


class LocalWorkspace:
    """The window's view of the profile database."""

    def __init__(self, database: Database, label: str) -> None:
        self._jobs = JobStore(database)
        self._tracks = TrackStore(database)
        self._drafts = DraftStore(database)
        self._label = label

    def jobs(self) -> list[JobEntry]:
        entries = []
        for job in self._jobs.list_jobs():
            languages: dict[str, list[TrackEntry]] = {}
            for track in self._tracks.list_tracks(job.id):
                state = _STATE_LABELS.get(str(track.state.value), str(track.state.value))
                languages.setdefault(track.language, []).append(
                    TrackEntry(job.id, track.language, track.kind.value, state))
            entries.append(JobEntry(job.id, job.title, job.status, languages))
        return entries

    def track_bytes(self, entry: TrackEntry) -> bytes:
        stored = self._tracks.get_track(entry.job_id, entry.language, entry.kind)
        if stored is None:
            raise LookupError(f"{entry.language} {entry.kind} is not in the local workspace")
        return stored.working_content.encode("utf-8")

    def track_target(self, entry: TrackEntry, loaded: str) -> AutosaveTarget:
        return WorkspaceTrack(self._tracks, entry.job_id, entry.language, entry.kind, loaded)

    def media_for(self, job_id: str) -> Path | None:
        job = self._jobs.get_job(job_id)
        if job is None or job.media_path is None or not job.media_path.exists():
            return None
        return job.media_path

    def frame_rate_for(self, job_id: str) -> float:
        job = self._jobs.get_job(job_id)
        return float(job.frame_rate) if job is not None and job.frame_rate else 25.0

    def file_target(self, path: Path) -> AutosaveTarget:
        return FileDraft(self._drafts, path)

    def unsaved_draft(self, path: Path) -> str | None:
        draft = self._drafts.get_draft(path)
        return draft.content if draft is not None and draft.unsaved else None

    def mark_file_saved(self, path: Path) -> None:
        draft = self._drafts.get_draft(path)
        if draft is not None:
            self._drafts.mark_saved(path, draft.revision)

    def describe(self) -> str:
        return self._label


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Review Workstation")
    QCoreApplication.setApplicationName("Review Workstation")
    QCoreApplication.setApplicationVersion(__version__)
    # Window layout follows REVIEW_WORKSTATION_HOME like every other file.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(config_dir()))
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setProperty("garbage-collector", GuiThreadCollector(app))
    app.setDesktopFileName("review-workstation")
    app.setWindowIcon(QIcon(str(ICONS / "review-workstation-256.png")))
    return app


CAPTION_SUFFIXES = {".vtt"}


def build_window(files: list[Path], player: str | None = None,
                 secrets: SecretStore | None = None) -> MainWindow:
    """The main window over the default profile, with the demo job imported.

    `files` may name a caption file and a video (in any order); with none,
    the first track of the workspace opens. `secrets` replaces the system
    keyring (tests).
    """
    chosen = profile()
    database = open_profile(chosen)
    import_demo(database)
    workspace = LocalWorkspace(database, "Local workspace")
    bridge = SyncBridge(database, chosen, secrets)
    preferences = load_preferences(chosen.folder).preferences
    window = MainWindow(workspace, preferences.quality_profile(), player_backend=player,
                        sync=(bridge, database))
    window.setProperty("database", database)
    captions = [f for f in files if f.suffix.lower() in CAPTION_SUFFIXES]
    videos = [f for f in files if f.suffix.lower() not in CAPTION_SUFFIXES]
    if captions:
        window.open_file(captions[0])
    else:
        window.jobs_panel.select_first_track()
    if videos:
        window.open_video(videos[0])
    return window


def run_window(files: list[Path], player: str | None = None) -> int:
    """Run the window with the sync engine on the same loop (qasync), then stop it cleanly."""
    app = create_application()
    # Unhandled errors from here on are logged (without secrets) and shown.
    reporter = CrashReporter(parent=app)
    reporter.install()
    lock = ProfileLock(profile(), "Review Workstation window")
    try:
        lock.acquire()
    except ProfileInUse as error:
        QMessageBox.critical(None, "Review Workstation is already open", str(error))
        return 1
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    apply_preferences(load_preferences(profile().folder).preferences)
    window = build_window(files, player)
    reporter.set_dialog_parent(window)
    window.show()
    notice = note_start(profile().folder, window.property("database"), __version__)
    if notice is not None:
        window.show_recovery_notice(notice)
    bridge = window.sync_controller.bridge if window.sync_controller else None
    with loop:
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        if bridge is not None:
            bridge.resume()  # a session kept in the keyring signs in by itself
        loop.run_until_complete(closed.wait())
        if bridge is not None:
            loop.run_until_complete(bridge.stop())
    end_run(profile().folder)  # a clean exit: the next start has nothing to recover
    lock.release()
    return 0
