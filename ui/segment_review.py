"""What the Segments view reviews, and how it gets there and back.

A TMX file from disk, a TMX exported by an IRIS job, or a caption language
against its source. Reading and QA run off the GUI thread; the grid shows the
segments and every change is written into the TMX document (or the target
track) as it is made. Saving a TMX writes it atomically; an IRIS review goes
back through the outbox, so it is uploaded when the server can be reached.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from app.segments import TmxDocument, read_tmx, write_tmx
from app.segments.qa_checks import QaRun, run_qa
from app.segments.quality_score import ScoreFormula, quality_score
from app.segments.review import SegmentList
from app.segments.tmx_preview import read_tmx_preview
from app.segments.tmx_segments import TmxReview, language_pair, open_tmx_review
from app.storage import Database
from app.storage.suppressions import SuppressionStore
from app.storage.tmx_uploads import queue_tmx_import
from sync.iris import IrisConnection, UnitFlag
from sync.secret_store import SecretStore
from ui.background import Background
from ui.iris_dialog import IrisDownload, IrisJobDialog
from ui.segment_grid import SegmentGrid


@dataclass(frozen=True)
class OpenedTmx:
    review: TmxReview
    qa: QaRun


def open_for_review(data: bytes, user: str, suppressed: frozenset[tuple[str, str, str]]
                    ) -> OpenedTmx:
    """Read, bind and check a TMX: worker-thread work (a big file takes seconds)."""
    document: TmxDocument = read_tmx(data)
    pair = language_pair(document)
    if pair is None:
        raise ValueError("This TMX has fewer than two languages: there is nothing to review")
    review = open_tmx_review(document, pair[0], pair[1], user)
    return OpenedTmx(review, run_qa(review.segments.segments(), suppressed=suppressed))


PREVIEW_ABOVE_BYTES = 2_000_000  # smaller files open whole in well under a second


def preview_segments(data: bytes) -> tuple[SegmentList, int]:
    """The first segments of a big TMX, to show while the whole file is read."""
    preview = read_tmx_preview(data)
    pair = language_pair(preview.document)
    if pair is None:
        raise ValueError("fewer than two languages")
    review = open_tmx_review(preview.document, pair[0], pair[1], "preview", stamp_ids=False)
    return review.segments, preview.total_units


@dataclass(frozen=True)
class IrisOrigin:
    connection: IrisConnection
    job_id: str


class SegmentReview(QObject):
    """Signals: message(str) for the status bar; opened(str) with a title for the view;
    show_requested() when the Segments view should come to the front."""

    message = Signal(str)
    opened = Signal(str)
    show_requested = Signal()

    def __init__(self, grid: SegmentGrid, database: Database, user: Callable[[], str],
                 secrets: SecretStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self.grid = grid
        self._database = database
        self._user = user
        self._background = Background(self)
        self.review: TmxReview | None = None
        self.path: Path | None = None
        self.iris: IrisOrigin | None = None
        self._iris_flags: dict[str, list[tuple[str, str]]] = {}
        self._qa: QaRun | None = None
        self.formula = ScoreFormula.MQM_RAW
        # The score is recounted shortly after changes stop, not on every keystroke.
        self._score_timer = QTimer(self)
        self._score_timer.setSingleShot(True)
        self._score_timer.setInterval(400)
        self._score_timer.timeout.connect(self._recount_score)
        self.false_positive_action = QAction("Not an issue: hide this segment's QA flags", self)
        self.false_positive_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.false_positive_action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.false_positive_action.triggered.connect(self.suppress_current_flags)
        grid.addAction(self.false_positive_action)

    # --- the File → Translation memory menu ---------------------------------------------

    def build_menu(self, menu: QMenu) -> None:
        def add(label: str, key: str | None, slot: Callable[[], object]) -> None:
            action = QAction(label, menu)
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            menu.addAction(action)

        add("Open &TMX file…", "Ctrl+Shift+T", self.ask_tmx_file)
        add("Open &IRIS job…", None, self.ask_iris_job)
        add("&Save TMX as…", None, self.ask_save_as)
        add("&Upload reviewed TMX to IRIS", None, self.upload_to_iris)

    def ask_tmx_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.grid.window(), "Open TMX file", "", "TMX files (*.tmx);;All files (*)")
        if name:
            self.show_requested.emit()
            self.open_tmx_file(Path(name))

    def ask_iris_job(self) -> None:
        dialog = IrisJobDialog(self._secrets, self.grid.window())
        dialog.downloaded.connect(self._on_iris_dialog_downloaded)
        dialog.open()

    def _on_iris_dialog_downloaded(self, download: object) -> None:
        if isinstance(download, IrisDownload):
            self.show_requested.emit()
            self.open_iris_download(download.connection, download.job_id, download.tmx,
                                    download.flags)

    def ask_save_as(self) -> None:
        if self.review is None:
            self.message.emit("Open a TMX file or an IRIS job first.")
            return
        name, _ = QFileDialog.getSaveFileName(
            self.grid.window(), "Save TMX as", str(self.path or "reviewed.tmx"),
            "TMX files (*.tmx)")
        if name:
            self.save_as(Path(name))

    # --- opening -------------------------------------------------------------------------

    def open_tmx_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.message.emit(f"{path.name} could not be read: {error.strerror or error}")
            return
        self._open(data, path.name, path=path, iris=None)

    def open_iris_download(self, connection: IrisConnection, job_id: str, tmx: bytes,
                           flags: tuple[UnitFlag, ...]) -> None:
        self._iris_flags = {}
        for flag in flags:
            self._iris_flags.setdefault(flag.unit_id, []).append(
                (f"IRIS {flag.code.replace('_', ' ')}", flag.message))
        self._open(tmx, f"IRIS job {job_id}", path=None,
                   iris=IrisOrigin(connection, job_id))

    def _open(self, data: bytes, title: str, *, path: Path | None,
              iris: IrisOrigin | None) -> None:
        user = self._user()
        suppressed = SuppressionStore(self._database).suppressed_keys()
        self.message.emit(f"Opening {title}…")

        def done(result: object) -> None:
            if not isinstance(result, OpenedTmx):
                return
            self.review, self.path, self.iris = result.review, path, iris
            if iris is None:
                self._iris_flags = {}
            self._qa = result.qa
            self.grid.set_segments(result.review.segments)
            self.grid.set_qa_flags(self._flags(result.qa))
            result.review.segments.add_listener(lambda _change: self._score_timer.start())
            self._recount_score()
            count = len(result.review.segments)
            self.message.emit(f"{title}: {count:,} segments, "
                              f"{result.review.source_lang} → {result.review.target_lang}")
            self.opened.emit(title)

        def failed(error: object) -> None:
            self.message.emit(f"{title} could not be opened: {error}")

        def full_read() -> None:
            self._background.run(lambda: open_for_review(data, user, suppressed), done, failed)

        if len(data) < PREVIEW_ABOVE_BYTES:
            full_read()
            return

        def preview_done(result: object) -> None:
            if isinstance(result, tuple):
                first, total = result
                self.grid.show_preview(first, total)
                self.message.emit(f"Opening {title}: the first segments are shown while "
                                  f"all {total:,} are read…")
            full_read()

        # The first screen in a fraction of a second, then the whole file.
        self._background.run(lambda: preview_segments(data), preview_done,
                             lambda _error: full_read())

    def _recount_score(self) -> None:
        if self.review is None:
            return
        score = quality_score(self.review.segments.segments())
        self.grid.set_score_text(f"Quality: {score.describe(self.formula)}")

    def suppress_current_flags(self) -> None:
        """The reviewer judged the current segment's QA flags wrong: hide them for good."""
        segment_id = self.grid.current_segment_id()
        qa = self._qa
        if segment_id is None or qa is None:
            return
        findings = qa.by_segment().get(segment_id, ())
        if not findings:
            self.message.emit("This segment has no QA flags of ours to hide.")
            return
        SuppressionStore(self._database).suppress(f.suppression_key for f in findings)
        kept = [f for f in qa.findings if f.segment_id != segment_id]
        self._qa = replace(qa, findings=tuple(kept))
        self.grid.set_qa_flags(self._flags(self._qa))
        self.message.emit(f"{len(findings)} QA flag(s) marked as false positives: they stay "
                          "hidden here, in later sessions and after re-imports.")

    def _flags(self, qa: QaRun) -> dict[str, list[tuple[str, str]]]:
        flags = {key: list(value) for key, value in qa.flags().items()}
        if not self._iris_flags:
            return flags
        segment_of_unit = self._segments_by_unit_name()
        for unit_id, found in self._iris_flags.items():
            flags.setdefault(segment_of_unit.get(unit_id, unit_id), []).extend(found)
        return flags

    def _segments_by_unit_name(self) -> dict[str, str]:
        """IRIS names units by its own id: our stored id, or else the unit's `tuid`."""
        review = self.review
        if review is None:
            return {}
        units = review.document.units
        named = {units[row].tuid: segment_id for segment_id, row in review.rows.items()
                 if units[row].tuid}
        named.update({segment_id: segment_id for segment_id in review.rows})
        return {str(key): value for key, value in named.items()}

    # --- saving and sending --------------------------------------------------------------

    def tmx_bytes(self) -> bytes | None:
        return None if self.review is None else write_tmx(self.review.document)

    def save_as(self, path: Path) -> bool:
        data = self.tmx_bytes()
        if data is None:
            self.message.emit("Open a TMX file or an IRIS job first.")
            return False
        try:
            _write_atomically(path, data)
        except OSError as error:
            self.message.emit(f"{path} could not be written: {error.strerror or error}. "
                              "The review is still open; try another place.")
            return False
        self.path = path
        self.message.emit(f"Saved {path}")
        return True

    def upload_to_iris(self) -> bool:
        data = self.tmx_bytes()
        if data is None or self.iris is None:
            self.message.emit("Open an IRIS job first (File → Open IRIS job…).")
            return False
        queue_tmx_import(self._database, base_url=self.iris.connection.base_url,
                         username=self.iris.connection.username, job_id=self.iris.job_id,
                         data=data)
        self.message.emit(f"The reviewed TMX for {self.iris.job_id} is queued; it is uploaded "
                          "as soon as IRIS can be reached.")
        return True

    def forget(self) -> None:
        """The grid now shows something else (a caption pair): nothing of ours to save."""
        self.review, self.path, self.iris, self._qa = None, None, None, None
        self._iris_flags = {}
        self.grid.set_qa_flags({})
        self.grid.set_score_text("")

    @property
    def segments(self) -> SegmentList | None:
        return None if self.review is None else self.review.segments


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
