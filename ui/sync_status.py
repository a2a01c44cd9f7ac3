"""The sync indicator in the status bar: online or not, who, what is waiting, last sync.

Every state is spelled out in words (never a coloured dot alone); a click
or Enter opens the outbox panel.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget

from sync.events import (
    ConnectionChanged,
    DrainFinished,
    ItemDeferred,
    ItemFailed,
    SignInNeeded,
    TrackConflicted,
)


class SyncStatus(QToolButton):
    """Signals: open_outbox() when the person activates the indicator."""

    open_outbox = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setAccessibleName("Sync status")
        self.setToolTip("Sync status; click to see what is waiting to be sent")
        self.clicked.connect(self.open_outbox)
        self.who: str | None = None
        self.online: bool | None = None
        self.pending = 0
        self.failed = 0
        self.last_sync: datetime | None = None
        self.problem = ""
        self._render()

    def set_signed_in(self, who: str | None, reason: str = "") -> None:
        self.who = who
        if who is None:
            self.online = None
            self.problem = reason
        else:
            self.online, self.problem = True, ""
        self._render()

    def set_counts(self, pending: int, failed: int) -> None:
        self.pending, self.failed = pending, failed
        self._render()

    def note_event(self, event: object) -> None:
        if isinstance(event, ConnectionChanged):
            self.online = event.online
            self.problem = "" if event.online else event.reason
        elif isinstance(event, DrainFinished):
            self.last_sync = event.finished_at
            self.online = True if self.online is None else self.online
        elif isinstance(event, ItemDeferred):
            self.problem = event.reason
        elif isinstance(event, ItemFailed):
            self.problem = f"refused: {event.reason}"
        elif isinstance(event, TrackConflicted):
            self.problem = f"conflict on {event.language} {event.kind}"
        elif isinstance(event, SignInNeeded):
            self.who, self.online, self.problem = None, None, event.reason
        self._render()

    def _render(self) -> None:
        if self.who is None:
            parts = ["Offline · not signed in"]
        else:
            parts = [("Online" if self.online else "Offline") + f" · {self.who}"]
        parts.append(f"{self.pending} waiting" + (f", {self.failed} failed" if self.failed
                                                  else ""))
        if self.last_sync is not None:
            parts.append(f"last sync {self.last_sync.astimezone().strftime('%H:%M')}")
        if self.problem:
            parts.append(self.problem[:80])
        text = " · ".join(parts)
        self.setText(text)
        self.setAccessibleDescription(text)
