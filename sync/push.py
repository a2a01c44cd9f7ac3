"""Push: send one outbox item to the server, by kind, and settle it.

A sender settles what it can itself (done, merged, conflict). Failures go up
as `SyncError`s for the worker to classify: defer (offline, server trouble,
rate limit, unknown outcome), pause (signed out), or fail for good (a final
4xx, after which `refused` records the reason).
"""

from __future__ import annotations

import asyncio

from app.storage import Database, Outbox, OutboxItem, OutboxKind
from sync.api import PlatformApi
from sync.errors import CannotSend
from sync.iris import IrisSender
from sync.outcome import SENT, Settled
from sync.review_work_upload import ReviewWorkUploader
from sync.track_upload import TrackUploader


class OutboxSender:
    """Knows how to send every kind of outbox item."""

    def __init__(self, api: PlatformApi, database: Database,
                 iris: IrisSender | None = None) -> None:
        self._outbox = Outbox(database)
        self._iris = iris
        self._tracks = TrackUploader(api, database)
        self._review_work = ReviewWorkUploader(api, database)

    async def send(self, item: OutboxItem) -> Settled:
        """Send an in-flight item; it is settled when this returns."""
        kind = item.kind
        if kind == OutboxKind.TRACK_UPLOAD:
            return await self._tracks.upload(item)
        if kind == OutboxKind.ACTION:
            await self._review_work.action(item)
        elif kind == OutboxKind.COMMENT:
            await self._review_work.comment(item)
        elif kind == OutboxKind.PAUSE_POINT:
            await self._review_work.pause_point(item)
        elif kind == OutboxKind.REVIEW_NOTE:
            await self._review_work.review_note(item)
        elif kind == OutboxKind.IRIS_TMX_IMPORT and self._iris is not None:
            await self._iris.send(item)
            await asyncio.to_thread(self._outbox.mark_done, item.id)
        else:
            raise CannotSend(f"This version of the workstation cannot send {kind!r} items")
        return SENT

    async def refused(self, item: OutboxItem, reason: str) -> None:
        """The server refused the item for good: keep it, failed, with the server's reason."""
        await asyncio.to_thread(self._outbox.mark_failed, item.id, reason)
        if item.kind == OutboxKind.TRACK_UPLOAD:
            await self._tracks.refused(item)
