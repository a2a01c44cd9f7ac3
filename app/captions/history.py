"""Undo and redo of track edits, without Qt.

`UndoHistory` applies `TrackEdit`s to one track and keeps them for undo and
redo. The desktop app wraps the same edits in a QUndoStack (in ``ui/``); this
plain version serves the command line and the tests, and states the rules
both follow:

* a new edit clears the redo steps, and an edit that changes nothing is not
  recorded (so it costs no redo steps either);
* the clean marker remembers the step at which the track matched its file,
  so undoing back to it makes the track unmodified again;
* `group` joins the edits made inside it into one undo step, and takes them
  all back if the block fails, so a half-done group never lingers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.captions.model import Track, TrackEdit, combine


class UndoHistory:
    """The undo and redo steps of one track.

    `limit` caps the number of undo steps kept (the oldest go first); None
    keeps them all.
    """

    def __init__(self, track: Track, *, limit: int | None = None) -> None:
        if limit is not None and limit < 1:
            raise ValueError(f"An undo limit must be at least 1 step, not {limit}")
        self._track = track
        self._limit = limit
        self._undo: list[TrackEdit] = []
        self._redo: list[TrackEdit] = []
        # Number of undo steps at which the track matched its file; None when
        # that state can no longer be reached (dropped by a new edit or the limit).
        self._clean: int | None = 0
        self._groups: list[list[TrackEdit]] = []

    @property
    def track(self) -> Track:
        return self._track

    # --- changing ---------------------------------------------------------------

    def push(self, edit: TrackEdit) -> bool:
        """Apply an edit and record it; False (and nothing recorded) when it is empty."""
        if edit.is_empty():
            return False
        self._track.apply(edit)
        if self._groups:
            self._groups[-1].append(edit)
        else:
            self._record(edit)
        return True

    def _record(self, edit: TrackEdit) -> None:
        if self._clean is not None and self._clean > len(self._undo):
            self._clean = None  # the saved state was among the redo steps dropped now
        self._redo.clear()
        self._undo.append(edit)
        if self._limit is not None and len(self._undo) > self._limit:
            del self._undo[0]
            if self._clean is not None:
                self._clean = self._clean - 1 if self._clean > 0 else None

    def undo(self) -> TrackEdit:
        """Revert the last edit and return it."""
        self._refuse_in_group("undo")
        if not self._undo:
            raise LookupError("There is nothing to undo")
        edit = self._undo.pop()
        self._track.revert(edit)
        self._redo.append(edit)
        return edit

    def redo(self) -> TrackEdit:
        """Apply the last undone edit again and return it."""
        self._refuse_in_group("redo")
        if not self._redo:
            raise LookupError("There is nothing to redo")
        edit = self._redo.pop()
        self._track.apply(edit)
        self._undo.append(edit)
        return edit

    def clear(self) -> None:
        """Forget every step, and take the current state as the saved one."""
        self._refuse_in_group("clear the history")
        self._undo.clear()
        self._redo.clear()
        self._clean = 0

    def _refuse_in_group(self, action: str) -> None:
        # Undoing inside a group would revert edits the group is still
        # collecting, leaving it to record steps that no longer fit the track.
        if self._groups:
            raise RuntimeError(f"Cannot {action} while a group of edits is open")

    @contextmanager
    def group(self, description: str) -> Iterator[None]:
        """Join the edits pushed inside the block into one undo step.

        Groups nest; an inner group joins the outer one. If the block raises,
        its edits are reverted and nothing is recorded.
        """
        self._groups.append([])
        try:
            yield
        except BaseException:
            for edit in reversed(self._groups.pop()):
                self._track.revert(edit)
            raise
        joined = combine(description, self._groups.pop())
        if joined.is_empty():
            return
        if self._groups:
            self._groups[-1].append(joined)
        else:
            self._record(joined)

    # --- reading ----------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self._groups

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and not self._groups

    @property
    def undo_description(self) -> str | None:
        """What Undo would take back, for a menu item ("Undo Delete cue 3")."""
        return self._undo[-1].description if self._undo else None

    @property
    def redo_description(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    @property
    def undo_count(self) -> int:
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    # --- saved state ------------------------------------------------------------

    def mark_clean(self) -> None:
        """The track now matches its file (call after saving)."""
        self._refuse_in_group("mark the track saved")
        self._clean = len(self._undo)

    @property
    def is_clean(self) -> bool:
        """True when the track is as it was when last saved (or loaded)."""
        return self._clean == len(self._undo) and not any(self._groups)
