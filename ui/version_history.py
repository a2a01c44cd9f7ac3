"""A track's version history: list the versions, view one, compare two by cue, restore one.

The dialog knows no HTTP. It asks a `VersionSource` (three async calls) and
runs them as asyncio tasks on the qasync loop, so the window never waits on
the network; parsing and comparing run off the GUI thread. The comparison is
`app.captions.version_diff`; this module only shows it: each row says its
kind of change in words, and a colour repeats it for a quick scan.

Keys: Enter views the selected version, D compares the two selected
versions, Alt+R restores (after a confirmation that asks for a comment),
F5 loads the list again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Coroutine, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.captions.model import Cue, Track
from app.captions.timecode import format_timestamp
from app.captions.version_diff import CueChange, DiffRow, VersionDiff, diff_versions
from app.captions.webvtt_file import VttReadError, parse
from sync.errors import SyncError
from sync.shapes import ServerTrack, TrackVersion
from ui.row_table_model import RowTableModel, row_table_view

_log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex
_Display = Qt.ItemDataRole.DisplayRole
_Accessible = Qt.ItemDataRole.AccessibleTextRole


class VersionSource(Protocol):
    """Where a track's versions come from (the platform, or a fake in tests)."""

    async def versions(self) -> list[TrackVersion]:
        """Every version of the track, oldest first."""
        ...

    async def version_text(self, number: int) -> str:
        """The WebVTT text of one version."""
        ...

    async def restore(self, number: int, comment: str) -> None:
        """Make a new latest version with the text of version `number`."""
        ...


class TrackVersionsApi(Protocol):
    """The calls of `sync.api.PlatformApi` the platform-backed source uses."""

    async def track_versions(self, job_id: str, language: str, kind: str
                             ) -> list[TrackVersion]: ...

    async def track_version(self, job_id: str, language: str, kind: str, version: int
                            ) -> ServerTrack: ...

    async def restore_track_version(self, job_id: str, language: str, kind: str,
                                    version: int, key: str, comment: str | None = None
                                    ) -> int: ...


class PlatformVersionSource:
    """The versions of one track on the platform (`VersionSource` over the API client)."""

    def __init__(self, api: TrackVersionsApi, job_id: str, language: str, kind: str) -> None:
        self._api = api
        self._track = (job_id, language, kind)

    async def versions(self) -> list[TrackVersion]:
        return await self._api.track_versions(*self._track)

    async def version_text(self, number: int) -> str:
        return (await self._api.track_version(*self._track, number)).content

    async def restore(self, number: int, comment: str) -> None:
        # A fresh key per confirmed restore: a retried request is the same restore.
        await self._api.restore_track_version(*self._track, number, str(uuid.uuid4()),
                                              comment or None)


def problem_words(error: BaseException, doing: str) -> str:
    """A failure in words a person can act on: what was being done, and why it failed."""
    if isinstance(error, SyncError):
        return f"Could not {doing}: {error.detail}"
    if isinstance(error, VttReadError):
        return f"Could not {doing}: the version is not readable WebVTT ({error})."
    _log.error("Unexpected failure while trying to %s", doing, exc_info=error)
    return f"Could not {doing}: something unexpected went wrong (the log has the details)."


def when_words(created_at: str | None) -> str:
    """'2026-04-02 09:10' in local time, or the server's text when it is not a timestamp."""
    if not created_at:
        return "—"
    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _one_line(text: str) -> str:
    return text.replace("\n", " / ")


def _span(cue: Cue) -> str:
    return f"{format_timestamp(cue.start_ms)} – {format_timestamp(cue.end_ms)}"


# --- models ----------------------------------------------------------------------------


class VersionListModel(RowTableModel):
    """One row per version, newest first (the one a person most often wants)."""

    headers = ("Version", "Author", "Saved", "Comment")

    def __init__(self, names: Mapping[str, str] | None = None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self._versions: list[TrackVersion] = []
        self._names = dict(names or {})

    def set_versions(self, versions: Sequence[TrackVersion]) -> None:
        self.beginResetModel()
        self._versions = sorted(versions, key=lambda v: v.version, reverse=True)
        self.endResetModel()

    def version(self, row: int) -> TrackVersion:
        return self._versions[row]

    @property
    def latest(self) -> int | None:
        return self._versions[0].version if self._versions else None

    def row_of(self, number: int) -> int:
        """The row showing version `number`, or -1."""
        return next((row for row, v in enumerate(self._versions) if v.version == number), -1)

    def row_total(self) -> int:
        return len(self._versions)

    def data(self, index: _Index, role: int = _Display) -> object:
        if not index.isValid() or role not in (_Display, _Accessible):
            return None
        version = self._versions[index.row()]
        author = self._names.get(version.created_by or "", version.created_by or "unknown")
        values = (
            f"{version.version}" + (" (latest)" if index.row() == 0 else ""),
            author,
            when_words(version.created_at),
            version.comment or "",
        )
        return values[index.column()]


class CueListModel(RowTableModel):
    """The cues of one version, read-only."""

    headers = ("#", "Start", "End", "Text")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cues: list[Cue] = []

    def set_cues(self, cues: Sequence[Cue]) -> None:
        self.beginResetModel()
        self._cues = list(cues)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._cues)

    def data(self, index: _Index, role: int = _Display) -> object:
        if not index.isValid() or role not in (_Display, _Accessible):
            return None
        cue = self._cues[index.row()]
        return (str(index.row() + 1), format_timestamp(cue.start_ms),
                format_timestamp(cue.end_ms), _one_line(cue.text))[index.column()]


# Light fills that keep black text readable; the words in the Change column
# say the same thing, so nothing depends on seeing the colour.
CHANGE_COLOURS: Mapping[CueChange, str] = {
    CueChange.ADDED: "#d8f0d2",
    CueChange.REMOVED: "#f6d5d5",
    CueChange.TEXT: "#fbeec1",
    CueChange.TIMING: "#d6e6f7",
    CueChange.TEXT_AND_TIMING: "#f9dcc0",
    CueChange.SETTINGS: "#e6dcf3",
}
_LEGEND = ("Colours repeat the Change column: green added, red removed, yellow text "
           "changed, blue timing changed, orange text and timing changed, purple settings "
           "changed. Bold cells are the parts that changed.")


class VersionDiffModel(RowTableModel):
    """Two versions side by side, one row per pair of cues (or a cue only one side has)."""

    CHANGE, OLD_NUMBER, OLD_TIME, OLD_TEXT, NEW_NUMBER, NEW_TIME, NEW_TEXT = range(7)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DiffRow, ...] = ()
        self.headers = ("Change", "#", "Times", "Text", "#", "Times", "Text")
        self.show_unchanged = True
        self._all: tuple[DiffRow, ...] = ()

    def set_diff(self, diff: VersionDiff, old_label: str, new_label: str) -> None:
        self.beginResetModel()
        self._all = diff.rows
        self._rows = diff.rows if self.show_unchanged else diff.changed_rows
        self.headers = ("Change", "#", f"Times ({old_label})", f"Text ({old_label})",
                        "#", f"Times ({new_label})", f"Text ({new_label})")
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    def set_show_unchanged(self, show: bool) -> None:
        self.beginResetModel()
        self.show_unchanged = show
        self._rows = self._all if show else tuple(
            row for row in self._all if row.change is not CueChange.UNCHANGED)
        self.endResetModel()

    def diff_row(self, row: int) -> DiffRow:
        return self._rows[row]

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = _Display) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == _Display:
            return self._text(row, column)
        if role == _Accessible:
            return self._spoken(row) if column == self.CHANGE else self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = CHANGE_COLOURS.get(row.change)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and row.change in CHANGE_COLOURS:
            return QBrush(QColor("#000000"))  # dark text on the light fill in any theme
        if role == Qt.ItemDataRole.FontRole and self._changed(row, column):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: DiffRow, column: int) -> str:
        if column == self.CHANGE:
            return row.change.label
        side = (row.old_index, row.old) if column < self.NEW_NUMBER else (row.new_index, row.new)
        number, cue = side
        if cue is None or number is None:
            return ""
        kind = (column - 1) % 3
        return (str(number + 1), _span(cue), _one_line(cue.text))[kind]

    def _changed(self, row: DiffRow, column: int) -> bool:
        if column == self.CHANGE:
            return row.change is not CueChange.UNCHANGED
        kind = (column - 1) % 3
        if kind == 1:
            return row.change in (CueChange.TIMING, CueChange.TEXT_AND_TIMING)
        if kind == 2:
            return row.change in (CueChange.TEXT, CueChange.TEXT_AND_TIMING)
        return False

    def _spoken(self, row: DiffRow) -> str:
        if row.change is CueChange.ADDED and row.new is not None and row.new_index is not None:
            return f"Added cue {row.new_index + 1}: {_one_line(row.new.text)}"
        if row.change is CueChange.REMOVED and row.old is not None and row.old_index is not None:
            return f"Removed cue {row.old_index + 1}: {_one_line(row.old.text)}"
        assert row.old_index is not None and row.new_index is not None
        return f"{row.change.label}, cue {row.old_index + 1} becomes cue {row.new_index + 1}"


# --- dialogs ---------------------------------------------------------------------------


def _fit_columns(view: QTableView, stretch: Sequence[int]) -> None:
    """Short columns (numbers, times, names) as wide as their text; text columns share the rest."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class RestoreConfirmation(QDialog):
    """Asks before restoring, and for the comment to keep with the new version."""

    def __init__(self, number: int, latest: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Restore version {number}?")
        self.setAccessibleName(f"Restore version {number}")
        after = f" It becomes version {latest + 1}." if latest is not None else ""
        message = QLabel(
            f"The track's text goes back to version {number}, as a new version on the "
            f"server.{after} No version is deleted: you can restore the current one later.")
        message.setWordWrap(True)
        message.setAccessibleName("What restoring does")
        self.comment = QLineEdit(f"Restored version {number}")
        self.comment.setAccessibleName("Comment for the new version")
        self.comment.setAccessibleDescription("Kept with the new version in the history.")
        label = QLabel("&Comment:")
        label.setBuddy(self.comment)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        restore.setText(f"Restore version {number}")
        restore.setAccessibleName(f"Restore version {number}")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.comment)
        layout.addLayout(row)
        layout.addWidget(self.buttons)


class VersionHistoryDialog(QDialog):
    """The version history of one track.

    Signals: restored(int) — a version (its number) was restored on the
    server; the window should pull the track so the local copy follows.
    """

    restored = Signal(int)

    def __init__(self, source: VersionSource, title: str, *,
                 names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._tracks: dict[int, Track] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._restoring: asyncio.Task[Any] | None = None
        self._pane_request = 0
        self.confirmation: RestoreConfirmation | None = None
        self.setWindowTitle(f"Version history — {title}")
        self.setAccessibleName(f"Version history of {title}")
        self.resize(1100, 680)

        self.status = QLabel("Loading versions…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")

        self.model = VersionListModel(names, self)
        self.table = row_table_view(
            self.model, "Versions",
            "Newest first. Enter views the selected version; select two and press D to "
            "compare them.", self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _fit_columns(self.table, stretch=(3,))
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self.view_button = self._button("&View", "View version",
                                        "Show the cues of the selected version (Enter).")
        self.diff_button = self._button("&Compare two (D)", "Compare two versions",
                                        "Show the two selected versions side by side (D).")
        self.restore_button = self._button(
            "&Restore this version…", "Restore this version",
            "Make the selected version the latest again; asks first (Alt+R).")
        self.close_button = self._button("Close", "Close", "Close the version history.")
        self.view_button.clicked.connect(self.view_selected)
        self.diff_button.clicked.connect(self.diff_selected)
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button.clicked.connect(self.reject)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.view_selected)
        diff_key = QShortcut(QKeySequence(Qt.Key.Key_D), self)
        diff_key.setContext(Qt.ShortcutContext.WindowShortcut)
        diff_key.activated.connect(self.diff_selected)
        reload_key = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        reload_key.activated.connect(self.load)

        self.pane_title = QLabel("Select a version to view it, or two to compare them.")
        self.pane_title.setAccessibleName("Shown below")
        self.pane_title.setWordWrap(True)
        self.cue_model = CueListModel(self)
        self.cue_table = row_table_view(self.cue_model, "Cues of the version",
                                        "The version's cues, read-only.", self)
        _fit_columns(self.cue_table, stretch=(3,))
        self.diff_model = VersionDiffModel(self)
        self.diff_table = row_table_view(
            self.diff_model, "Comparison",
            "One row per cue: the change in words, then the older version's cue and the "
            "newer one's.", self)
        self.diff_table.setWordWrap(True)
        _fit_columns(self.diff_table,
                     stretch=(VersionDiffModel.OLD_TEXT, VersionDiffModel.NEW_TEXT))
        self.legend = QLabel(_LEGEND)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Colour legend")
        self.only_changes = QPushButton("Show only c&hanges")
        self.only_changes.setCheckable(True)
        self.only_changes.setAccessibleName("Show only changed cues")
        self.only_changes.toggled.connect(self._on_only_changes_toggled)
        diff_page = QWidget()
        diff_layout = QVBoxLayout(diff_page)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addWidget(self.diff_table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.only_changes)
        diff_layout.addLayout(bottom)
        self.pane = QStackedWidget()
        self.pane.addWidget(QWidget())  # nothing chosen yet
        self.pane.addWidget(self.cue_table)
        self.pane.addWidget(diff_page)

        buttons = QHBoxLayout()
        for button in (self.view_button, self.diff_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table)
        upper_layout.addLayout(buttons)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.pane_title)
        lower_layout.addWidget(self.pane)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([220, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(splitter)
        self.setTabOrder(self.table, self.view_button)
        self.setTabOrder(self.view_button, self.diff_button)
        self.setTabOrder(self.diff_button, self.restore_button)
        self.setTabOrder(self.restore_button, self.close_button)
        self._update_buttons()
        self.table.setFocus()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        # A changed label is silent for screen readers; say it.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.status, text))

    def _button(self, text: str, name: str, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAccessibleDescription(description)
        button.setAutoDefault(False)
        return button

    # --- what is selected ---------------------------------------------------------------

    def selected_versions(self) -> list[int]:
        """Numbers of the selected versions, oldest first."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return sorted(self.model.version(row).version for row in rows)

    def select_versions(self, *numbers: int) -> None:
        """Select these versions (used by the window to preselect, and by tests)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        rows = [row for row in map(self.model.row_of, numbers) if row >= 0]
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[-1], 0),
                                      selection.SelectionFlag.NoUpdate)

    def _on_table_selection_changed(self, *_: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.selected_versions())
        self.view_button.setEnabled(count == 1)
        self.diff_button.setEnabled(count == 2)
        chosen = self.selected_versions()
        self.restore_button.setEnabled(count == 1 and chosen[0] != self.model.latest)

    # --- work on the loop ---------------------------------------------------------------

    def _start(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def load(self) -> None:
        """Fetch the version list (again)."""
        self._start(self._load())

    async def _load(self) -> None:
        self._say("Loading versions…")
        try:
            versions = await self._source.versions()
        except Exception as error:  # shown in words; the dialog stays usable
            self._say(problem_words(error, "load the versions")
                                + " Press F5 to try again.")
            return
        chosen = self.selected_versions()
        self.model.set_versions(versions)
        if not versions:
            self._say("This track has no saved versions yet.")
        else:
            self._say(f"{len(versions)} versions. Latest: version {self.model.latest}.")
            kept = [n for n in chosen if any(v.version == n for v in versions)]
            self.select_versions(*(kept or [self.model.version(0).version]))
        self._update_buttons()

    async def _track(self, number: int) -> Track:
        track = self._tracks.get(number)
        if track is None:
            text = await self._source.version_text(number)
            track = await asyncio.to_thread(parse, text)
            self._tracks[number] = track
        return track

    # --- view, compare, restore ---------------------------------------------------------

    def view_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 1:
            self._say("Select one version to view it.")
            return
        self._pane_request += 1
        self._start(self._view(chosen[0], self._pane_request))

    async def _view(self, number: int, request: int) -> None:
        self._say(f"Loading version {number}…")
        try:
            track = await self._track(number)
        except Exception as error:
            self._say(problem_words(error, f"load version {number}"))
            return
        if request != self._pane_request:
            return  # the person asked for something else meanwhile
        self.cue_model.set_cues(track.cues)
        self.pane_title.setText(f"Version {number}: {len(track.cues)} cues (read-only).")
        self.pane.setCurrentWidget(self.cue_table)
        self._say(f"Showing version {number}.")

    def diff_selected(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 2:
            self._say("Select two versions to compare them (Ctrl+click or Shift+arrows).")
            return
        self._pane_request += 1
        self._start(self._diff(chosen[0], chosen[1], self._pane_request))

    async def _diff(self, old: int, new: int, request: int) -> None:
        self._say(f"Comparing version {old} with version {new}…")
        try:
            old_track, new_track = await asyncio.gather(self._track(old), self._track(new))
            diff = await asyncio.to_thread(diff_versions, old_track.cues, new_track.cues)
        except Exception as error:
            self._say(problem_words(error, f"compare versions {old} and {new}"))
            return
        if request != self._pane_request:
            return
        self.diff_model.set_diff(diff, f"v{old}", f"v{new}")
        self.pane_title.setText(f"Version {old} → version {new}: {diff.summary()}.")
        self.pane.setCurrentIndex(2)
        self._say(f"Compared version {old} with version {new}.")

    def _on_only_changes_toggled(self, checked: bool) -> None:
        self.diff_model.set_show_unchanged(not checked)

    def ask_restore(self) -> None:
        chosen = self.selected_versions()
        if len(chosen) != 1:
            self._say("Select one version to restore it.")
            return
        number = chosen[0]
        if number == self.model.latest:
            self._say(f"Version {number} is already the latest.")
            return
        self.confirmation = RestoreConfirmation(number, self.model.latest, self)
        self.confirmation.accepted.connect(lambda: self._on_restore_confirmed(number))
        self.confirmation.open()

    def _on_restore_confirmed(self, number: int) -> None:
        assert self.confirmation is not None
        comment = self.confirmation.comment.text().strip() or f"Restored version {number}"
        self._restoring = self._start(self._restore(number, comment))

    async def _restore(self, number: int, comment: str) -> None:
        self.restore_button.setEnabled(False)
        self._say(f"Restoring version {number}…")
        try:
            await self._source.restore(number, comment)
        except Exception as error:
            self._say(problem_words(error, f"restore version {number}"))
            self._update_buttons()
            return
        await self._load()
        self._say(
            f"Version {number} restored: it is now version {self.model.latest}. "
            "Your copy of the track follows at the next sync.")
        self.restored.emit(number)

    async def stop(self) -> None:
        """Cancel what is still running (on quit, and in tests)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def done(self, result: int) -> None:
        # Closing drops the reads; a confirmed restore is left to finish, since
        # the server may already be making the new version.
        for task in list(self._tasks):
            if task is not self._restoring:
                task.cancel()
        super().done(result)
