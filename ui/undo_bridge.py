"""A thin Qt undo stack over the domain's reversible track edits.

The edit itself knows how to undo (`app.captions.model.TrackEdit`); each Qt
command only hands it to the document, which applies it and autosaves. So
undo and redo are saved like any other edit, and the undo history view,
shortcuts and clean state come from Qt for free.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.captions.document import TrackDocument
from app.captions.model import TrackEdit


class TrackEditCommand(QUndoCommand):
    """One undo step: a domain edit applied to (or reverted from) a document."""

    def __init__(self, document: TrackDocument, edit: TrackEdit) -> None:
        super().__init__(edit.description)
        self._document = document
        self._edit = edit

    def redo(self) -> None:
        self._document.apply(self._edit)

    def undo(self) -> None:
        self._document.revert(self._edit)


def push_edit(stack: QUndoStack, document: TrackDocument, edit: TrackEdit) -> bool:
    """Apply `edit` through the undo stack; an edit that changes nothing is not recorded."""
    if edit.is_empty():
        return False
    stack.push(TrackEditCommand(document, edit))
    return True
