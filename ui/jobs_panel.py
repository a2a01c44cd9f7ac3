"""The jobs panel: jobs, their languages, and each language's tracks, as a tree.

It shows what the workspace holds and says which track the person picked;
loading the track is the window's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QVBoxLayout, QWidget


@dataclass(frozen=True)
class TrackEntry:
    """A track as the panel lists it."""

    job_id: str
    language: str
    kind: str
    state: str  # synced, local changes, …: spelled out for the person


@dataclass(frozen=True)
class JobEntry:
    job_id: str
    title: str
    status: str
    languages: dict[str, list[TrackEntry]]


TrackRole = Qt.ItemDataRole.UserRole + 1

_KIND_LABELS = {"captions": "Captions", "descriptions": "Audio description"}


class JobsPanel(QWidget):
    """Signals: track_chosen(TrackEntry) when a track is activated or selected."""

    track_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A job list is a few dozen rows: a standard item model is fine here
        # (the big tables are custom models over the domain).
        self._model = QStandardItemModel(self)
        self._model.setHorizontalHeaderLabels(["Job / language / track", "State"])
        self.tree = QTreeView(self)
        self.tree.setModel(self._model)
        self.tree.setAccessibleName("Jobs, languages and tracks")
        self.tree.setAccessibleDescription(
            "Choose a track to show its cues. Arrow keys move, Enter opens.")
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def set_jobs(self, jobs: list[JobEntry]) -> None:
        self._model.removeRows(0, self._model.rowCount())
        for job in jobs:
            job_item = QStandardItem(job.title)
            job_item.setAccessibleText(f"Job {job.title}, status {job.status}")
            status = QStandardItem(job.status.replace("_", " "))
            for language, tracks in sorted(job.languages.items()):
                language_item = QStandardItem(language)
                language_item.setAccessibleText(f"Language {language}")
                for track in tracks:
                    label = _KIND_LABELS.get(track.kind, track.kind)
                    item = QStandardItem(label)
                    item.setData(track, TrackRole)
                    item.setAccessibleText(f"{language} {label}, {track.state}")
                    language_item.appendRow([item, QStandardItem(track.state)])
                job_item.appendRow([language_item, QStandardItem("")])
            self._model.appendRow([job_item, status])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    def _track_rows(self) -> Iterator[tuple[TrackEntry, QStandardItem]]:
        """Every track in the tree with the item of its State column."""
        for row in range(self._model.rowCount()):
            job = self._model.item(row)
            for language_row in range(job.rowCount()):
                language = job.child(language_row)
                for track_row in range(language.rowCount()):
                    track = language.child(track_row).data(TrackRole)
                    state_item = language.child(track_row, 1)
                    if isinstance(track, TrackEntry) and state_item is not None:
                        yield track, state_item

    def listed_tracks(self) -> set[tuple[str, str, str]]:
        """(job, language, kind) of every track in the tree."""
        return {(t.job_id, t.language, t.kind) for t, _state in self._track_rows()}

    def state_of(self, job_id: str, language: str, kind: str) -> str | None:
        """The state the tree shows for a track (as of the last refresh)."""
        for track, state_item in self._track_rows():
            if (track.job_id, track.language, track.kind) == (job_id, language, kind):
                return state_item.text()
        return None

    def update_states(self, jobs: list[JobEntry]) -> None:
        """Refresh the State column of tracks in place (selection and expansion stay)."""
        states = {(t.job_id, t.language, t.kind): t.state
                  for job in jobs for tracks in job.languages.values() for t in tracks}
        for track, state_item in self._track_rows():
            state = states.get((track.job_id, track.language, track.kind))
            if state is not None and state_item.text() != state:
                state_item.setText(state)

    def select_track(self, wanted: TrackEntry) -> bool:
        """Make this track current (which opens it); False when it already was, or is absent."""
        key = (wanted.job_id, wanted.language, wanted.kind)
        for row in range(self._model.rowCount()):
            job = self._model.item(row)
            for language_row in range(job.rowCount()):
                language = job.child(language_row)
                for track_row in range(language.rowCount()):
                    item = language.child(track_row)
                    track = item.data(TrackRole)
                    if isinstance(track, TrackEntry) and \
                            (track.job_id, track.language, track.kind) == key:
                        if self.tree.currentIndex() == item.index():
                            return False
                        self.tree.setCurrentIndex(item.index())
                        self.tree.scrollTo(item.index())
                        return True
        return False

    def select_first_track(self) -> None:
        for row in range(self._model.rowCount()):
            job = self._model.item(row)
            for language_row in range(job.rowCount()):
                language = job.child(language_row)
                if language.rowCount():
                    self.tree.setCurrentIndex(language.child(0).index())
                    return

    def _on_tree_activated(self, index: object, _previous: object = None) -> None:
        from PySide6.QtCore import QModelIndex

        if not isinstance(index, QModelIndex) or not index.isValid():
            return
        track = index.siblingAtColumn(0).data(TrackRole)
        if isinstance(track, TrackEntry):
            self.track_chosen.emit(track)
