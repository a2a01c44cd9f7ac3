"""What the sync engine tells the interface, as plain values.

The worker hands these to one callback on the event loop's thread. The Qt
bridge (in `ui/`) turns them into signals; the command line prints them.
Nothing here knows Qt, so the same events serve the window, the command
line and a child process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.storage import OutboxItem


@dataclass(frozen=True, slots=True)
class ItemSending:
    """An outbox item is on its way (per-track state: uploading)."""

    item: OutboxItem


@dataclass(frozen=True, slots=True)
class ItemSent:
    """The server has the item; it is done."""

    item: OutboxItem


@dataclass(frozen=True, slots=True)
class ItemDeferred:
    """The item could not be sent now (offline, server trouble, rate limit); it waits."""

    item: OutboxItem
    reason: str
    retry_at: datetime | None


@dataclass(frozen=True, slots=True)
class ItemFailed:
    """The server refused the item for good; it holds its lane until retried or discarded."""

    item: OutboxItem
    reason: str


@dataclass(frozen=True, slots=True)
class TrackMerged:
    """Someone else's version was merged into the working copy: editors must reload it."""

    job_id: str
    language: str
    kind: str
    theirs_version: int


@dataclass(frozen=True, slots=True)
class TrackConflicted:
    """Both sides changed the same cues; see `sync.conflicts.ConflictStore` for the versions."""

    job_id: str
    language: str
    kind: str
    theirs_version: int
    reason: str


@dataclass(frozen=True, slots=True)
class SignInNeeded:
    """The session ended; sending is paused and queued work waits for a new sign-in."""

    reason: str


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """Whether the server was reachable at the last attempt."""

    online: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DrainFinished:
    """One pass over the outbox ended; `remaining` counts unsent and failed items."""

    sent: int
    remaining: int
    finished_at: datetime


@dataclass(frozen=True, slots=True)
class JobRefreshed:
    """A job was pulled again after a live-status message: views should re-read it."""

    job_id: str


SyncEvent = (
    JobRefreshed
    | ItemSending
    | ItemSent
    | ItemDeferred
    | ItemFailed
    | TrackMerged
    | TrackConflicted
    | SignInNeeded
    | ConnectionChanged
    | DrainFinished
)

EventSink = Callable[[SyncEvent], None]


def ignore(_event: SyncEvent) -> None:
    """The sink used when nobody listens."""
