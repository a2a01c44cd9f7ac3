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

from app.captions.merge import merge_tracks
from app.captions.model import Cue, Track, TrackEdit
from app.captions.webvtt_file import parse, write
from app.storage import DraftStore, TrackStore, WorkingCopyMoved


class AutosaveTarget(Protocol):
    """Where a document's text goes after each edit.

    `save` returns None when `content` is what was stored, or the text that
    was stored instead (the content merged with a newer copy), which the
    document then shows.
    """

    def save(self, content: str) -> Saved | None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Saved:
    """What a save stored when it was not simply the document's text."""

    content: str
    notice: str


class WorkspaceTrack:
    """A job's track in the profile database; saving also queues its upload.

    Each save checks that the stored working copy is still the one the
    document last read or wrote. If a pull or a merge replaced it meanwhile,
    the edit is merged into the newer copy by cue instead of written over it,
    so nobody's change is undone silently.
    """

    def __init__(self, tracks: TrackStore, job_id: str, language: str, kind: str,
                 loaded: str | None = None) -> None:
        self.tracks = tracks
        self.job_id, self.language, self.kind = job_id, language, kind
        self.last_saved = loaded

    def save(self, content: str) -> Saved | None:
        try:
            self.tracks.save_working_copy(self.job_id, self.language, self.kind, content,
                                          expected_content=self.last_saved)
        except WorkingCopyMoved as moved:
            return self._save_merged(content, moved.content)
        self.last_saved = content
        return None

    def _save_merged(self, mine: str, newer: str) -> Saved:
        base = self.last_saved if self.last_saved is not None else newer
        result = merge_tracks(parse(base), parse(mine), parse(newer))
        merged = write(result.track)
        self.tracks.save_working_copy(self.job_id, self.language, self.kind, merged,
                                      expected_content=newer)
        self.last_saved = merged
        if result.is_clean:
            return Saved(merged, "This track had changed meanwhile (a sync); your edit was "
                                 "merged into the newer copy.")
        lost = "; ".join(
            f"{c.describe()}: your text was “{c.mine.text}”" if isinstance(c.mine, Cue)
            else c.describe() for c in result.conflicts)
        return Saved(merged, "This track had changed meanwhile in the same place you edited; "
                             f"the newer copy was kept there. {lost}")

    def describe(self) -> str:
        return f"{self.job_id} · {self.language} · {self.kind}"


@dataclass(frozen=True)
class FileDraft:
    """A caption file from disk: edits are kept as a draft until File → Save."""

    drafts: DraftStore
    path: Path

    def save(self, content: str) -> Saved | None:
        self.drafts.save_draft(self.path, content)
        return None

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
        #: Set when a save had to merge with a newer copy: the track was replaced.
        self.notice: str | None = None
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
            stored = self.target.save(write(self.track))
        except Exception as error:  # kept and shown: the edit itself must not be lost
            self.save_error = error
            return False
        self.save_error = None
        if stored is not None:
            # The store holds a merge of this edit and a newer copy: show that.
            self.track = parse(stored.content)
            self.notice = stored.notice
        return True
