"""Keys a view needs for itself, lent by the window's menus while that view is shown.

The segment grid uses Ctrl+1…6, Ctrl+M, F8 and F9 as translation reviewers
expect; the window uses some of the same keys for the cue editor and the
docks. Two active shortcuts on one key make Qt do neither, so while the grid
is shown the window's actions let go of the keys they share, and take them
back when it is hidden. The menus still offer every action by mouse and by
their Alt mnemonics.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence


def _text(key: QKeySequence) -> str:
    return key.toString(QKeySequence.SequenceFormat.PortableText)


class SharedKeys:
    def __init__(self, window_actions: Iterable[QAction], view_actions: Iterable[QAction]) -> None:
        self._view_keys = {_text(key) for action in view_actions for key in action.shortcuts()}
        self._lenders = [
            (action, list(action.shortcuts())) for action in window_actions
            if any(_text(key) in self._view_keys for key in action.shortcuts())
        ]

    @property
    def shared(self) -> list[str]:
        """The keys in question, for the cheat sheet and the tests."""
        return sorted({_text(key) for _, keys in self._lenders for key in keys
                       if _text(key) in self._view_keys})

    def view_shown(self, shown: bool) -> None:
        for action, keys in self._lenders:
            action.setShortcuts(
                [key for key in keys if _text(key) not in self._view_keys] if shown else keys)
