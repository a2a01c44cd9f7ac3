"""A track open for editing: every applied edit is autosaved before the call returns.

The document does not know where it saves: a workspace track saves its
working copy (and queues the upload) in the profile database; a file opened
from disk saves a draft. If a save fails (a full disk, a locked file), the edit
stays in memory, the failure is kept for the window to show, and the next edit
or `retry_save` tries again — nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.captions.model import Track, TrackEdit
from app.captions.webvtt_file import write
from app.storage import DraftStore, TrackStore


class AutosaveTarget(Protocol):
    """Where a document's text goes after each edit."""

    def save(self, content: str) -> None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class WorkspaceTrack:
    """A job's track in the profile database; saving also queues its upload."""

    tracks: TrackStore
    job_id: str
    language: str
    kind: str

    def save(self, content: str) -> None:
        self.tracks.save_working_copy(self.job_id, self.language, self.kind, content)

    def describe(self) -> str:
        return f"{self.job_id} · {self.language} · {self.kind}"


@dataclass(frozen=True)
class FileDraft:
    """A caption file from disk: edits are kept as a draft until File → Save."""

    drafts: DraftStore
    path: Path

    def save(self, content: str) -> None:
        self.drafts.save_draft(self.path, content)

    def describe(self) -> str:
        return self.path.name


class TrackDocument:
    """The track being edited, its autosave target, and whether the last save worked."""

    def __init__(self, track: Track, target: AutosaveTarget, frame_rate: float = 25.0) -> None:
        self.track = track
        self.target = target
        self.frame_rate = frame_rate
        self.save_error: Exception | None = None
        self.edits_since_open = 0
        self._listeners: list[Callable[[TrackEdit], None]] = []

    @property
    def title(self) -> str:
        return self.target.describe()

    def add_listener(self, listener: Callable[[TrackEdit], None]) -> None:
        """Called with each applied edit (for undo: the inverse edit) after it is saved."""
        self._listeners.append(listener)

    def apply(self, edit: TrackEdit) -> None:
        self.track.apply(edit)
        self._after(edit, +1)

    def revert(self, edit: TrackEdit) -> None:
        inverse = edit.inverse()
        self.track.apply(inverse)
        self._after(inverse, -1)

    def retry_save(self) -> bool:
        """Try the autosave again (after a failure); True when the text is safe on disk."""
        return self._save()

    def _after(self, edit: TrackEdit, step: int) -> None:
        self.edits_since_open += step
        self._save()
        for listener in self._listeners:
            listener(edit)

    def _save(self) -> bool:
        try:
            self.target.save(write(self.track))
        except Exception as error:  # kept and shown: the edit itself must not be lost
            self.save_error = error
            return False
        self.save_error = None
        return True
