"""The conflict resolution view: settle a track's conflicts one by one, then resolve.

The sync worker keeps a track's conflict (`sync.conflicts.ConflictStore`)
when the same cues changed here and on the server. This dialog runs the
three-way merge again on those texts (`app.captions.merge`), so every change
that merged cleanly is already in the result, and asks the person only about
the conflicts: for each, take mine, take theirs, delete it, or use an edited
version. "Resolve" builds the track from those choices and hands the text to
`sync.conflicts.resolve_conflict`, which saves it and puts the upload back in
its lane. Until then nothing is written: Cancel leaves the conflict, the
working copy and the outbox exactly as they were.

"Mine" is the track's working copy as it is now, not the copy kept when the
conflict was found: the person may have edited the track since (a save keeps
the track in conflict), and resolving from the older copy would drop those
edits without a word.

The merge, the resolution and saving are the domain's and the sync engine's
business; `ConflictSession` only keeps the person's choices between them.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.captions.merge import (
    Conflict,
    ConflictKind,
    MergeResult,
    Part,
    Resolution,
    Take,
    merge_tracks,
    resolve,
)
from app.captions.model import Block, Cue, Header, Track
from app.captions.timecode import format_timestamp, parse_time_input
from app.captions.webvtt_file import VttReadError, parse, write
from app.storage import Database, TrackStore
from sync.conflicts import ConflictStore, TrackConflict, resolve_conflict
from ui.row_table_model import row_table_view

_Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("Conflict", "Choice")
UNRESOLVED = "unresolved"
_KIND_LABELS = {"captions": "captions", "descriptions": "audio description"}


class ConflictUnavailable(Exception):
    """The conflict cannot be shown; the message says why in plain words."""


# --- the person's choices, without Qt ---------------------------------------------


class ConflictSession:
    """One track's conflict: the merge of base, mine and theirs, and the choices made so far."""

    def __init__(self, stored: TrackConflict, mine_content: str) -> None:
        self.stored = stored
        try:
            self.base = parse(stored.base_content)
            mine, theirs = parse(mine_content), parse(stored.theirs_content)
        except VttReadError as error:
            raise ConflictUnavailable(
                f"A version of this track cannot be read as WebVTT, so it cannot be merged "
                f"cue by cue: {error}") from error
        self.result: MergeResult = merge_tracks(self.base, mine, theirs)
        self.choices: dict[str, Resolution] = {}
        self.clean_changes = count_clean_changes(self.base, self.result)

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return self.result.conflicts

    @property
    def chosen_count(self) -> int:
        return len(self.choices)

    @property
    def all_chosen(self) -> bool:
        return all(conflict.key in self.choices for conflict in self.conflicts)

    def choose(self, key: str, resolution: Resolution) -> None:
        self.result.conflict(key)  # a KeyError here is a programming error, not the person's
        self.choices[key] = resolution

    def word(self, key: str) -> str:
        """The choice in one word for the list: mine, theirs, edited, deleted or unresolved."""
        choice = self.choices.get(key)
        if choice is None:
            return UNRESOLVED
        if choice is Take.DELETE:
            return "deleted"
        if isinstance(choice, Take):
            return choice.value
        return "edited"

    def chosen_part(self, conflict: Conflict) -> Part | None:
        """What the track will hold for a conflict with its current choice (None: nothing)."""
        choice = self.choices.get(conflict.key)
        if choice is Take.MINE:
            return conflict.mine
        if choice is Take.THEIRS:
            return conflict.theirs
        if choice is Take.DELETE or choice is None:
            return None
        return choice

    def resolved_text(self) -> str:
        """The whole track as WebVTT with every choice applied; ValueError if one is unusable."""
        text = write(resolve(self.result, self.choices))
        try:
            parse(text)
        except VttReadError as error:  # e.g. an edited header that is not WEBVTT any more
            raise ValueError(f"The result would not be a valid WebVTT file: {error}") from error
        return text


def load_session(database: Database, job_id: str, language: str, kind: str) -> ConflictSession:
    """The waiting conflict of one track, merged again; ConflictUnavailable says why not."""
    stored = ConflictStore(database).get(job_id, language, kind)
    if stored is None:
        raise ConflictUnavailable(
            "There is no conflict waiting on this track: it may have been resolved already.")
    track = TrackStore(database).get_track(job_id, language, kind)
    mine = stored.mine_content if track is None else track.working_content
    return ConflictSession(stored, mine)


def count_clean_changes(base: Track, result: MergeResult) -> int:
    """How many parts (cues, blocks, the header) changed in the merge without a conflict.

    The conflicts are taken out of both sides first (their base parts, and
    their provisional places in the merged track), then base and merge are
    aligned by content: each part added, removed or changed counts once (a
    cue replaced by one overlapping it in time counts as one edit).
    """
    conflicted = {id(c.base) for c in result.conflicts}
    # a conflict holds its place with theirs' version, unless theirs deleted it
    placeholders = {c.position for c in result.conflicts
                    if c.kind is not ConflictKind.HEADER and c.theirs is not None}
    before = [part for part in base.blocks if id(part) not in conflicted]
    after = [part for n, part in enumerate(result.track.blocks) if n not in placeholders]
    matcher = difflib.SequenceMatcher(None, [_content_key(part) for part in before],
                                      [_content_key(part) for part in after], autojunk=False)
    count = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # In a replaced run, a part in the same place and time is one part edited;
        # anything else is a removal plus an addition.
        edited = sum(1 for old, new in zip(before[i1:i2], after[j1:j2], strict=False)
                     if _same_place(old, new))
        count += (i2 - i1) + (j2 - j1) - edited
    header_conflict = any(c.kind is ConflictKind.HEADER for c in result.conflicts)
    if not header_conflict and result.track.header.text != base.header.text:
        count += 1
    return count


def _same_place(old: Cue | Block, new: Cue | Block) -> bool:
    """Whether two parts are one part edited: cues overlapping in time, blocks of one kind."""
    if isinstance(old, Cue) and isinstance(new, Cue):
        return old.start_ms < new.end_ms and new.start_ms < old.end_ms
    return isinstance(old, Block) and isinstance(new, Block) and old.kind is new.kind


def _content_key(part: Cue | Block) -> tuple[object, ...]:
    # The identifier is left out, as in the merge: a renumbering is not a change to report.
    if isinstance(part, Cue):
        return ("cue", part.start_ms, part.end_ms, part.text, part.settings)
    return ("block", part.kind.value, part.text)


def _changes(part: Part | None, base: Part | None) -> str:
    """What one side did to the base part, in words."""
    if part is None:
        return "Deleted in this version"
    if base is None:
        return "Added in this version"
    changed: list[str] = []
    if isinstance(part, Cue) and isinstance(base, Cue):
        if (part.start_ms, part.end_ms) != (base.start_ms, base.end_ms):
            changed.append("times")
        if part.text != base.text:
            changed.append("text")
        if part.settings != base.settings:
            changed.append("settings")
        if part.identifier != base.identifier:
            changed.append("identifier")
    elif part.text != base.text:
        changed.append("text")
    return "Changed: " + ", ".join(changed) if changed else "Same as the base"


def _times(part: Part | None) -> tuple[str, str]:
    """The line over a pane's text (shown, and spoken), e.g. times and cue settings."""
    if isinstance(part, Cue):
        start, end = format_timestamp(max(part.start_ms, 0)), format_timestamp(max(part.end_ms, 0))
        extra = "".join(
            f"   {label} {value}" for label, value in
            (("ID", part.identifier), ("Settings", part.settings.strip())) if value)
        return f"{start} → {end}{extra}", f"From {start} to {end}.{extra}"
    if isinstance(part, Block):
        label = f"{part.kind.name} block"
        return label, label + "."
    if isinstance(part, Header):
        return "File header", "File header."
    return "—", "Nothing here."


def _fixed_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


# --- the list of conflicts --------------------------------------------------------


class ConflictListModel(QAbstractTableModel):
    """One row per conflict: what happened, and the choice spelled out (not only coloured)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: ConflictSession | None = None

    def set_session(self, session: ConflictSession | None) -> None:
        self.beginResetModel()
        self._session = session
        self.endResetModel()

    def conflict(self, row: int) -> Conflict:
        assert self._session is not None
        return self._session.conflicts[row]

    def choice_changed(self, row: int) -> None:
        index = self.index(row, 1)
        self.dataChanged.emit(self.index(row, 0), index)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._session is None:
            return 0
        return len(self._session.conflicts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self._session is None:
            return None
        conflict = self._session.conflicts[index.row()]
        word = self._session.word(conflict.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return conflict.describe() if index.column() == 0 else word
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return (f"Conflict {index.row() + 1} of {len(self._session.conflicts)}: "
                    f"{conflict.describe()}; choice: {word}")
        if role == Qt.ItemDataRole.FontRole and index.column() == 1 and word == UNRESOLVED:
            # a visual cue on top of the word itself, never instead of it
            font = QFont()
            font.setItalic(True)
            return font
        return None


# --- the panes ----------------------------------------------------------------------


class _VersionPane(QGroupBox):
    """One read-only version of the selected conflict: times, what changed, and the text."""

    def __init__(self, title: str, short_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.short_name = short_name
        self.setAccessibleName(title)
        self.times = QLabel(self)
        self.times.setFont(_fixed_font())
        self.times.setAccessibleName(f"{short_name}: times")
        self.times.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setAccessibleName(f"{short_name}: what changed")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(f"{short_name}: text")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
        layout = QVBoxLayout(self)
        layout.addWidget(self.times)
        layout.addWidget(self.status)
        layout.addWidget(self.text, 1)

    def show_part(self, part: Part | None, status: str) -> None:
        shown, spoken = _times(part)
        self.times.setText(shown)
        self.status.setText(status)
        self.text.setPlainText("" if part is None else part.text)
        self.text.setPlaceholderText("(nothing: deleted in this version)" if part is None else "")
        # Tabbing into the text box should tell a screen reader everything the pane shows.
        self.text.setAccessibleDescription(f"{spoken} {status}.")


class _ResultPane(QGroupBox):
    """The editable result of the selected conflict: start, end (cues only) and text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Result — what the track will hold", parent)
        self.setAccessibleName("Result")
        self.choice = QLabel(self)
        self.choice.setAccessibleName("Current choice")
        bold = self.choice.font()
        bold.setBold(True)
        self.choice.setFont(bold)
        self.start = self._time_field("Result start", "Start time of the result: HH:MM:SS.mmm.")
        self.end = self._time_field("Result end", "End time of the result: HH:MM:SS.mmm.")
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName("Result text")
        # A caption is a line or two: room for five, and the versions above get the rest.
        lines = self.text.fontMetrics().lineSpacing()
        self.text.setFixedHeight(lines * 5 + 12)
        self.text.setAccessibleDescription(
            "Edit the text here, then choose Use edited text (Alt+E) to use it.")
        self.form = QFormLayout()
        self.form.addRow("&Start", self.start)
        self.form.addRow("E&nd", self.end)
        self.form.addRow("Te&xt", self.text)
        hint = QLabel("Edit the start, end or text, then press “Use edited text” (Alt+E).", self)
        hint.setAccessibleName("How to use an edited result")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addLayout(self.form)
        layout.addWidget(hint)

    def _time_field(self, name: str, description: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setFont(_fixed_font())
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        field.setMaximumWidth(160)
        return field

    def show_part(self, part: Part | None, word: str, is_cue: bool) -> None:
        self.choice.setText(f"Current choice: {word}")
        self.form.setRowVisible(self.start, is_cue)
        self.form.setRowVisible(self.end, is_cue)
        if isinstance(part, Cue):
            self.start.setText(format_timestamp(max(part.start_ms, 0)))
            self.end.setText(format_timestamp(max(part.end_ms, 0)))
        else:
            self.start.clear()
            self.end.clear()
        self.text.setPlainText("" if part is None else part.text)
        self.text.setPlaceholderText(
            "(nothing: it will not be in the track; type text and use it to keep one)"
            if part is None else "")


# --- the dialog ---------------------------------------------------------------------


class ConflictDialog(QDialog):
    """Settle the conflicts of one track. Accepted once resolved; rejected leaves all as it was.

    Signals:
    resolved(int) — the conflict was resolved; carries the track's new local
    revision (the editor showing this track must load it again).
    """

    resolved = Signal(int)

    def __init__(self, database: Database, job_id: str, language: str, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.job_id, self.language, self.kind = job_id, language, kind
        self.session: ConflictSession | None = None
        self.revision: int | None = None
        self.setWindowTitle(f"Resolve conflict — {job_id}, {language} "
                            f"{_KIND_LABELS.get(kind, kind)}")
        self.setAccessibleName("Resolve conflict")
        self.setAccessibleDescription(
            "Choose mine, theirs, deleted or an edited version for each conflict, then Resolve.")
        self.resize(1180, 620)

        self.summary = QLabel(self)
        self.summary.setAccessibleName("Summary")
        self.summary.setWordWrap(True)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.explanation = QLabel(self)
        self.explanation.setAccessibleName("What happened")
        self.explanation.setWordWrap(True)
        self.progress = QLabel(self)
        self.progress.setAccessibleName("Progress")

        self.model = ConflictListModel(self)
        self.list = row_table_view(
            self.model, "Conflicts",
            "One row per conflict with its choice. Arrow keys move; Alt+M takes mine, "
            "Alt+T theirs, Alt+E the edited result, Alt+D deletes.", self)
        # Long descriptions ("… changed in mine and deleted in theirs") wrap, not cut off.
        self.list.setWordWrap(True)
        self.list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.selectionModel().currentRowChanged.connect(self._on_list_row_changed)

        self.base_pane = _VersionPane("Base — where both started", "Base", self)
        self.mine_pane = _VersionPane("Mine — your version", "Mine", self)
        self.theirs_pane = _VersionPane("Theirs — the server's version", "Theirs", self)
        self.result_pane = _ResultPane(self)

        self.take_mine = self._button("Take &mine", "Take mine (Alt+M)",
                                      "Keep your version of this conflict.",
                                      self._on_take_mine_clicked)
        self.take_theirs = self._button("Take &theirs", "Take theirs (Alt+T)",
                                        "Keep the server's version of this conflict.",
                                        self._on_take_theirs_clicked)
        self.use_edited = self._button("Use &edited text", "Use edited text (Alt+E)",
                                       "Use the start, end and text in the Result pane.",
                                       self._on_use_edited_clicked)
        self.delete_button = self._button("&Delete cue", "Delete cue (Alt+D)",
                                   "Leave this cue out of the track.", self._on_delete_clicked)

        self.problem = QLabel(self)
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()

        self.buttons = QDialogButtonBox(self)
        self.resolve_button = self.buttons.addButton(
            "&Resolve", QDialogButtonBox.ButtonRole.AcceptRole)
        self.resolve_button.setAccessibleName("Resolve")
        self.resolve_button.setAccessibleDescription(
            "Save the track with your choices and send it. Enabled when every conflict has a "
            "choice.")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAccessibleDescription(
            "Close without changing anything; the conflict stays waiting.")
        for button in (self.resolve_button, self.cancel_button):
            # Enter in a time field must not resolve the whole track by accident.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resolve_button.clicked.connect(self._on_resolve_clicked)
        self.cancel_button.clicked.connect(self.reject)

        self._lay_out()
        self._load()

    def _button(self, label: str, name: str, description: str,
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(label, self)
        button.setAccessibleName(name)
        button.setAccessibleDescription(description)
        button.setToolTip(f"{name}: {description}")
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        versions = QHBoxLayout()
        for pane in (self.base_pane, self.mine_pane, self.theirs_pane):
            # equal thirds, whatever the length of each title
            pane.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            pane.setMinimumWidth(220)
            versions.addWidget(pane, 1)
        choices = QHBoxLayout()
        for button in (self.take_mine, self.take_theirs, self.use_edited, self.delete_button):
            choices.addWidget(button)
        choices.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(versions, 1)
        right_layout.addWidget(self.result_pane)
        right_layout.addLayout(choices)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 780])
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)
        # Keyboard order follows reading order: list, the three versions, the result, choices.
        order: list[QWidget] = [
            self.list, self.base_pane.text, self.mine_pane.text, self.theirs_pane.text,
            self.result_pane.start, self.result_pane.end, self.result_pane.text,
            self.take_mine, self.take_theirs, self.use_edited, self.delete_button,
            self.resolve_button, self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- loading ----------------------------------------------------------------------

    def _load(self) -> None:
        try:
            self.session = load_session(self.database, self.job_id, self.language, self.kind)
        except (ConflictUnavailable, OSError, ValueError) as error:
            # OSError / ValueError: the record on disk could not be read or decoded.
            self.session = None
            self.summary.setText("This conflict cannot be shown.")
            self._show_problem(str(error))
            self._set_choices_enabled(False)
            self._update_progress()
            return
        session = self.session
        stored = session.stored
        base_version = ("" if stored.base_version is None
                        else f" (version {stored.base_version})")
        self.base_pane.setTitle(f"Base{base_version} — where both started")
        self.theirs_pane.setTitle(
            f"Theirs — the server's version {stored.theirs_version}")
        self.theirs_pane.setAccessibleName(
            f"Theirs, the server's version {stored.theirs_version}")
        clean, need = session.clean_changes, len(session.conflicts)
        self.summary.setText(
            f"{clean} {'change' if clean == 1 else 'changes'} merged without conflict; "
            f"{need} {'needs' if need == 1 else 'need'} your choice")
        self.explanation.setText(
            f"Your version and the server's version {stored.theirs_version} changed the same "
            f"parts of this track. Changes that did not clash are already in the merged track; "
            f"for each conflict below, choose which version to keep.")
        self.model.set_session(session)
        if session.conflicts:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._set_choices_enabled(False)
        self.list.setFocus()
        self._update_progress()

    # --- the selected conflict -----------------------------------------------------

    def current_conflict(self) -> Conflict | None:
        index = self.list.currentIndex()
        if self.session is None or not index.isValid():
            return None
        return self.model.conflict(index.row())

    def _on_list_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_conflict()

    def _show_conflict(self) -> None:
        conflict = self.current_conflict()
        self._set_choices_enabled(conflict is not None)
        if conflict is None or self.session is None:
            return
        self.base_pane.show_part(conflict.base, "The version both sides started from")
        self.mine_pane.show_part(conflict.mine, _changes(conflict.mine, conflict.base))
        self.theirs_pane.show_part(conflict.theirs, _changes(conflict.theirs, conflict.base))
        word = self.session.word(conflict.key)
        if word == UNRESOLVED:
            # something to start editing from: mine, or whatever version still exists
            seed = conflict.mine or conflict.theirs or conflict.base
        else:
            seed = self.session.chosen_part(conflict)
        self.result_pane.show_part(seed, word, conflict.kind is ConflictKind.CUE)
        noun = "block" if conflict.kind is ConflictKind.BLOCK else "cue"
        self.delete_button.setText(f"&Delete {noun}")
        self.delete_button.setAccessibleName(f"Delete {noun} (Alt+D)")
        # A file needs its header: deleting it is not a choice resolve() accepts.
        self.delete_button.setEnabled(conflict.kind is not ConflictKind.HEADER)

    def _set_choices_enabled(self, enabled: bool) -> None:
        for widget in (self.take_mine, self.take_theirs, self.use_edited, self.delete_button,
                       self.result_pane):
            widget.setEnabled(enabled)

    # --- choosing ----------------------------------------------------------------------

    def _on_take_mine_clicked(self) -> None:
        self._choose(Take.MINE)

    def _on_take_theirs_clicked(self) -> None:
        self._choose(Take.THEIRS)

    def _on_delete_clicked(self) -> None:
        self._choose(Take.DELETE)

    def _on_use_edited_clicked(self) -> None:
        conflict = self.current_conflict()
        if conflict is None:
            return
        try:
            edited = self._edited_part(conflict)
        except ValueError as error:
            self._show_problem(str(error))
            return
        self._choose(edited)

    def _edited_part(self, conflict: Conflict) -> Part:
        """The Result pane as a cue, block or header; ValueError says what to fix."""
        text = self.result_pane.text.toPlainText()
        seed = conflict.mine or conflict.theirs or conflict.base
        if conflict.kind is ConflictKind.HEADER:
            return Header(text)
        if not text.strip():
            noun = "cue" if conflict.kind is ConflictKind.CUE else "block"
            raise ValueError(f"The result has no text. To leave the {noun} out, "
                             f"choose Delete {noun}.")
        if isinstance(seed, Block):
            return dataclasses.replace(seed, text=text, source=None)
        assert isinstance(seed, Cue)
        start = parse_time_input(self.result_pane.start.text())
        end = parse_time_input(self.result_pane.end.text())
        if end <= start:
            raise ValueError("The result's end time must be after its start time.")
        # identifier and settings come from the version the edit started from
        return seed.edited(start_ms=start, end_ms=end, text=text)

    def _choose(self, resolution: Resolution) -> None:
        conflict = self.current_conflict()
        if conflict is None or self.session is None:
            return
        self.session.choose(conflict.key, resolution)
        self._clear_problem()
        self.model.choice_changed(self.list.currentIndex().row())
        self._show_conflict()
        self._update_progress()
        self._announce(f"{conflict.describe()}: {self.session.word(conflict.key)}. "
                       f"{self.progress.text()}")

    def _update_progress(self) -> None:
        session = self.session
        if session is None:
            self.progress.setText("")
            self.resolve_button.setEnabled(False)
            return
        total = len(session.conflicts)
        self.progress.setText(f"{session.chosen_count} of {total} conflicts chosen"
                              if total else "No conflicts left: Resolve keeps the merged track")
        self.resolve_button.setEnabled(session.all_chosen)

    # --- resolving -----------------------------------------------------------------------

    def _on_resolve_clicked(self) -> None:
        if self.session is None or not self.session.all_chosen:
            return
        try:
            text = self.session.resolved_text()
        except ValueError as error:
            self._show_problem(f"Cannot resolve: {error}")
            return
        try:
            revision = resolve_conflict(self.database, self.job_id, self.language, self.kind,
                                        text)
        except LookupError:
            self._show_problem(
                "Cannot resolve: there is no conflict waiting on this track any more; it was "
                "probably resolved already. Close this window; nothing was changed.")
            self.resolve_button.setEnabled(False)
            return
        except Exception as error:  # a storage failure must be told, not crash the window
            self._show_problem(
                f"Cannot resolve: the track could not be saved ({error}). Your choices are "
                f"still here; try again.")
            return
        self.revision = revision
        self.resolved.emit(revision)
        self.accept()

    # --- telling the person ---------------------------------------------------------

    def _show_problem(self, text: str) -> None:
        self.problem.setText(f"Problem: {text}")
        self.problem.show()
        self._announce(text)

    def _clear_problem(self) -> None:
        self.problem.clear()
        self.problem.hide()

    def _announce(self, text: str) -> None:
        # Labels changing silently are missed by screen readers; say it.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))
