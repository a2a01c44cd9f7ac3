"""The pause-point editor: the timeline band, a table of pause points, findings, undo.

A move, from a drag, a key or a button, is planned by the domain
(`app.audio_description.pause_points.plan_move`), which refuses a place that
breaks a rule and says why. An accepted move becomes one `QUndoCommand`; doing
it (and undoing it) writes the pause point through `PausePointStore`, which
queues the PATCH in the outbox in the same transaction. Moves of one point
coalesce there into a single PATCH with the latest position, so a person can
nudge twenty times offline and the server hears once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.audio_description.described_media import DescribedMedia
from app.audio_description.pause_points import (
    PausePoint,
    PausePointMove,
    PausePointRefused,
    apply_move,
    check_pause_points,
    clock,
    pause_point_findings,
    plan_move,
    position_problem,
)
from app.audio_description.script_docx import write_script
from app.audio_description.timing import (
    DescriptionTiming,
    Span,
    dialogue_spans,
    seconds,
    time_descriptions,
    timing_findings,
)
from app.captions.quality import Finding, visible_text
from app.storage import PausePointStore
from ui.accessible_preview import PreviewStop
from ui.findings_model import FindingsModel
from ui.pause_point_band import BandContent, PausePointBand
from ui.row_table_model import RowTableModel, row_table_view

_Index = QModelIndex | QPersistentModelIndex
CueIndexRole = Qt.ItemDataRole.UserRole + 1
KEYS_HINT = ("On the timeline: Tab or Up/Down chooses a pause point · Left/Right moves it a "
             "frame, Shift+Left/Right 100 ms · Home resets it · S snaps it to a line end or cut")


class Column(IntEnum):
    DESCRIPTION = 0
    ORIGINAL = 1
    CURRENT = 2
    PAUSE = 3
    DELIVERY = 4
    CHECK = 5
    TEXT = 6


class PausePointTableModel(RowTableModel):
    """One row per pause point: where it was, where it is, how long it holds, does it fit."""

    headers = ("Description", "Original", "Current", "Pause", "Delivery", "Check", "Text")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[PausePoint] = []
        self._timings: dict[int, DescriptionTiming] = {}
        self._problems: dict[int, str] = {}

    def set_rows(self, points: Sequence[PausePoint], timings: Sequence[DescriptionTiming],
                 problems: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._points = sorted(points, key=lambda p: p.cue_index)
        self._timings = {t.index: t for t in timings}
        self._problems = dict(problems)
        self.endResetModel()

    def update_points(self, points: Sequence[PausePoint], problems: Mapping[int, str]) -> None:
        """New positions for the same pause points: only changed rows are repainted."""
        by_cue = {p.cue_index: p for p in points}
        for row, old in enumerate(self._points):
            new = by_cue.get(old.cue_index, old)
            changed = new != old or problems.get(old.cue_index) != self._problems.get(
                old.cue_index)
            self._points[row] = new
            if changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        self._problems = dict(problems)

    def row_of(self, cue_index: int) -> int | None:
        return next((row for row, p in enumerate(self._points) if p.cue_index == cue_index), None)

    def point(self, row: int) -> PausePoint:
        return self._points[row]

    def row_total(self) -> int:
        return len(self._points)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        point = self._points[index.row()]
        column = Column(index.column())
        if role == CueIndexRole:
            return point.cue_index
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(point, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self._problems.get(point.cue_index)
            return problem or self._text(point, column)
        if role == Qt.ItemDataRole.FontRole and column == Column.CURRENT and point.moved:
            font = QFont()
            font.setBold(True)
            return font
        if (role == Qt.ItemDataRole.DecorationRole and column == Column.CHECK
                and point.cue_index in self._problems):
            return _icon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                Column.ORIGINAL, Column.CURRENT, Column.PAUSE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, point: PausePoint, column: Column) -> str:
        timing = self._timings.get(point.cue_index)
        if column == Column.DESCRIPTION:
            return str(point.number)
        if column == Column.ORIGINAL:
            return clock(point.original_ms)
        if column == Column.CURRENT:
            return clock(point.timestamp_ms) + (" (moved)" if point.moved else "")
        if column == Column.PAUSE:
            return seconds(point.pause_ms)
        if column == Column.DELIVERY:
            return _delivery(timing)
        if column == Column.CHECK:
            return "Misplaced" if point.cue_index in self._problems else "OK"
        return visible_text(timing.cue.text).replace("\n", " ") if timing else ""


class MovePausePointCommand(QUndoCommand):
    """One undo step: a pause point moved (a whole drag, or one key press)."""

    def __init__(self, editor: PausePointEditor, move: PausePointMove) -> None:
        super().__init__(move.description[:1].upper() + move.description[1:])
        self._editor = editor
        self._move = move

    def redo(self) -> None:
        if not self._editor.carry_out(self._move):
            self.setObsolete(True)  # it never happened: keep it off the stack

    def undo(self) -> None:
        self._editor.carry_out(self._move.inverse())


class PausePointEditor(QWidget):
    """Signals:
    message(str) — something to tell the person (a refused move, a saved export);
    seek_requested(int) — the person asked to see this time (ms) in the video;
    pause_point_moved(int, int) — cue index and new position, after a move or its undo
        was saved and queued for the server.
    """

    message = Signal(str)
    seek_requested = Signal(int)
    pause_point_moved = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._store: PausePointStore | None = None
        self._media: DescribedMedia | None = None
        self._dialogue: list[Span] = []
        self._timings: list[DescriptionTiming] = []
        self._points: list[PausePoint] = []
        self._problems: dict[int, str] = {}

        self.title = QLabel("No audio description open.", self)
        self.title.setAccessibleName("Audio description job")
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.title.setFont(title_font)
        self.summary = QLabel("", self)
        self.summary.setAccessibleName("Audio description summary")

        self.band = PausePointBand(self)
        self.band.move_requested.connect(self.request_move)
        self.band.current_changed.connect(self._on_band_current_changed)
        self.band.seek_requested.connect(self.seek_requested)
        self.band.message.connect(self._say)
        self.band.problem_at = self._problem_at

        self.model = PausePointTableModel(self)
        self.table = row_table_view(
            self.model, "Pause points",
            "One row per pause point: description number, original and current position, "
            "how long the picture holds, whether the description fits, and its text. "
            "Enter or double-click shows the pause point in the video.", self)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.DESCRIPTION, 90), (Column.ORIGINAL, 90),
                              (Column.CURRENT, 150), (Column.PAUSE, 60), (Column.DELIVERY, 190),
                              (Column.CHECK, 100)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        self.table.activated.connect(self._on_table_activated)

        self.findings = FindingsModel(self)
        self.findings_view = row_table_view(
            self.findings, "Audio description findings",
            "Timing problems of the descriptions and pause points, with what to do.", self)
        self.findings_view.setWordWrap(True)
        self.findings_view.horizontalHeader().setStretchLastSection(True)
        for finding_column, width in ((0, 70), (1, 60), (2, 150)):
            self.findings_view.setColumnWidth(finding_column, width)
        self.findings_view.hideColumn(2)  # the rule id is for filters, not for reading
        # Hints wrap over two lines; a feature film has hundreds, so no per-row sizing.
        line = self.findings_view.fontMetrics().lineSpacing()
        self.findings_view.verticalHeader().setDefaultSectionSize(2 * line + 8)

        self.status = QLabel(KEYS_HINT, self)
        self.status.setAccessibleName("Pause-point editor messages")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.title)
        buttons.addSpacing(12)
        buttons.addWidget(self.summary, 1)
        self.undo_action = self._history_action("Undo", QStyle.StandardPixmap.SP_ArrowBack,
                                                self.undo_stack.undo)
        self.redo_action = self._history_action("Redo", QStyle.StandardPixmap.SP_ArrowForward,
                                                self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._on_undo_stack_undo_text_changed)
        self.undo_stack.redoTextChanged.connect(self._on_undo_stack_redo_text_changed)
        for text, tip, slot, pixmap in (
            ("Reset", "Put the chosen pause point back where it was (Home or R)",
             self.band.reset_current, QStyle.StandardPixmap.SP_BrowserReload),
            ("Snap", "Move the chosen pause point to the nearest line end or shot change (S)",
             self.band.snap_current, QStyle.StandardPixmap.SP_ArrowRight),
            ("Export script…", "Save the audio description script as a Word document",
             self._on_export_clicked, QStyle.StandardPixmap.SP_DialogSaveButton),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setIcon(_icon(pixmap))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(tip)
            button.setAccessibleName(text.rstrip("…"))
            button.setAccessibleDescription(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        for action in (self.undo_action, self.redo_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAccessibleName(action.text())
            buttons.addWidget(button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("pause-point-splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.findings_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.band)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setAccessibleName("Pause-point editor")
        self.setTabOrder(self.band, self.table)
        self.setTabOrder(self.table, self.findings_view)

    def _history_action(self, text: str, pixmap: QStyle.StandardPixmap,
                        slot: Callable[[], None]) -> QAction:
        # Our own actions, not QUndoStack's: those rename themselves after each
        # command ("Undo drag pause point 3 to …"), which resizes the toolbar.
        action = QAction(_icon(pixmap), text, self)
        action.setToolTip(text)
        action.setEnabled(False)
        action.triggered.connect(slot)
        return action

    # --- opening ------------------------------------------------------------------------

    @property
    def points(self) -> list[PausePoint]:
        return list(self._points)

    @property
    def timings(self) -> list[DescriptionTiming]:
        return list(self._timings)

    def open_pause_points(self, store: PausePointStore, media: DescribedMedia) -> None:
        """Show the stored pause points of one job and language; undo starts afresh."""
        self._store = store
        self._media = media
        self.undo_stack.clear()
        self.reload()

    def reload(self) -> None:
        """Read the pause points again (e.g. after a pull brought the server's)."""
        if self._store is None or self._media is None:
            return
        media = self._media
        stored = self._store.list_pause_points(media.job_id, media.language)
        if [(p.cue_index, p.timestamp_ms) for p in stored] != [
                (p.cue_index, p.timestamp_ms) for p in self._points]:
            # Undo steps assume the positions they were made on.
            self.undo_stack.clear()
        # The server knows each pause point's clip length; a clip cached here knows better.
        clips = {p.cue_index: p.ad_duration_ms for p in stored if p.ad_duration_ms > 0}
        clips.update(media.clip_ms)
        self._dialogue = dialogue_spans(media.captions)
        self._timings = time_descriptions(
            media.descriptions, self._dialogue, media.media_ms, language=media.language,
            rates=media.rates, clip_ms=clips, overrides=media.overrides,
            paused={p.cue_index for p in stored})
        by_cue = {t.index: t for t in self._timings}
        self._points = [
            PausePoint(p.cue_index, p.timestamp_ms, p.original_timestamp_ms,
                       by_cue[p.cue_index].spoken_ms if p.cue_index in by_cue
                       else p.ad_duration_ms)
            for p in stored]
        self._problems = self._check()
        self.model.set_rows(self._points, self._timings, self._problems)
        self.band.set_content(self._band_content())
        self.title.setText(f"Pause points — {media.title} — {media.language}")
        self._refresh_findings()
        if self._points:
            self._select(self._points[0].cue_index)

    # --- moving -------------------------------------------------------------------------

    def request_move(self, cue_index: int, timestamp_ms: int, description: str = "") -> bool:
        """Move a pause point through undo, or say why not; True when it moved."""
        if self._media is None:
            self._say("Open an audio description first.")
            return False
        try:
            move = plan_move(self._points, cue_index, timestamp_ms, self._dialogue,
                             self._media.media_ms, description)
        except PausePointRefused as refusal:
            self._say(str(refusal))
            self.band.update()  # a refused drag snaps back
            return False
        if move.before_ms == move.after_ms:
            self._say(f"Pause point {cue_index + 1} is already at {clock(timestamp_ms)}.")
            return False
        self.undo_stack.push(MovePausePointCommand(self, move))
        return True

    def _problem_at(self, cue_index: int, timestamp_ms: int) -> str | None:
        if self._media is None:
            return None
        others = [p for p in self._points if p.cue_index != cue_index]
        return position_problem(others, cue_index, timestamp_ms, self._dialogue,
                                self._media.media_ms)

    def carry_out(self, move: PausePointMove) -> bool:
        """Save a move (or its inverse) and queue it for the server; for the undo commands."""
        if self._store is None or self._media is None:
            return False
        try:
            points = apply_move(self._points, move)
            self._store.move_pause_point(self._media.job_id, self._media.language,
                                         move.cue_index, move.after_ms)
        except (LookupError, ValueError) as error:
            # The point is gone or elsewhere (a refresh from the server): nothing to redo.
            self._say(f"Could not move pause point {move.cue_index + 1}: {error}. "
                      "Reopen the pause points and try again.")
            return False
        self._points = points
        self._problems = self._check()
        self.model.update_points(self._points, self._problems)
        self.band.set_content(self._band_content())
        self._refresh_findings()
        self._select(move.cue_index)
        self._say(f"Pause point {move.cue_index + 1} now at {clock(move.after_ms)}; "
                  "saved, and waiting in the outbox to be sent.")
        self.pause_point_moved.emit(move.cue_index, move.after_ms)
        return True

    def preview_stops(self, clips: Mapping[int, Path] | None = None) -> list[PreviewStop]:
        """The pause points as "Play as accessible video" plays them (`clips`: cached TTS files)."""
        clips = clips or {}
        texts = {t.index: visible_text(t.cue.text).replace("\n", " ") for t in self._timings}
        return [PreviewStop(p.cue_index, p.timestamp_ms, p.pause_ms, texts.get(p.cue_index, ""),
                            clips.get(p.cue_index)) for p in self._points]

    # --- the AD script ------------------------------------------------------------------

    def export_script(self, path: Path) -> None:
        """Write the AD script (DOCX) of what is shown."""
        if self._media is None:
            raise RuntimeError("no audio description is open")
        write_script(path, self._media.title, self._media.language, self._timings,
                     {p.cue_index: p for p in self._points})

    def _on_export_clicked(self) -> None:
        if self._media is None:
            self._say("Open an audio description first.")
            return
        name = f"{self._media.job_id}-{self._media.language}-ad-script.docx"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export audio description script", name, "Word documents (*.docx)")
        if not chosen:
            return
        try:
            self.export_script(Path(chosen))
        except OSError as error:
            self._say(f"Could not save the script to {chosen}: {error.strerror or error}.")
            return
        self._say(f"Saved the audio description script to {chosen}.")

    # --- keeping the views together ---------------------------------------------------------

    def _check(self) -> dict[int, str]:
        assert self._media is not None
        problems: dict[int, str] = {}
        for cue, why in check_pause_points(self._points, self._dialogue, self._media.media_ms):
            problems.setdefault(cue, why)
        return problems

    def _band_content(self) -> BandContent:
        assert self._media is not None
        media = self._media
        return BandContent(
            media_ms=media.media_ms, frame_rate=media.frame_rate,
            dialogue_cues=media.captions, dialogue=self._dialogue, timings=self._timings,
            shot_changes_ms=media.shot_changes_ms, points=self._points,
            problems=self._problems)

    def _refresh_findings(self) -> None:
        assert self._media is not None
        found: list[Finding] = timing_findings(self._timings)
        found += pause_point_findings(self._points, self._dialogue, self._media.media_ms)
        found.sort(key=lambda f: (f.cue if f.cue is not None else -1, f.severity.value))
        if found != [self.findings.finding(row) for row in range(self.findings.rowCount())]:
            self.findings.set_findings(found)  # a reset loses the selection: only on change
        extended = sum(1 for t in self._timings if t.has_pause_point or not t.fits)
        moved = sum(1 for p in self._points if p.moved)
        errors, warnings = self.findings.counts()
        self.summary.setText(
            f"{len(self._timings)} descriptions · {extended} extended · "
            f"{len(self._points)} pause points ({moved} moved) · "
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")

    def _select(self, cue_index: int) -> None:
        self.band.set_current(cue_index)
        row = self.model.row_of(cue_index)
        if row is not None and self.table.currentIndex().row() != row:
            self.table.setCurrentIndex(self.model.index(row, Column.DESCRIPTION))

    def _on_band_current_changed(self, cue_index: int) -> None:
        row = self.model.row_of(cue_index)
        if row is not None and self.table.currentIndex().row() != row:
            self.table.setCurrentIndex(self.model.index(row, Column.DESCRIPTION))

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.band.set_current(self.model.point(current.row()).cue_index)

    def _on_undo_stack_undo_text_changed(self, text: str) -> None:
        self.undo_action.setToolTip(f"Undo: {text}" if text else "Undo")

    def _on_undo_stack_redo_text_changed(self, text: str) -> None:
        self.redo_action.setToolTip(f"Redo: {text}" if text else "Redo")

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.seek_requested.emit(self.model.point(index.row()).timestamp_ms)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)


def _icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(pixmap)


def _delivery(timing: DescriptionTiming | None) -> str:
    if timing is None:
        return "No such description"
    if timing.fits:
        return f"{timing.delivery.label}, fits its gap"
    return f"{timing.delivery.label}, {seconds(timing.shortfall_ms)} over its gap"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

