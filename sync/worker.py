"""The outbox worker: drains queued work to the server on the asyncio event loop.

Lanes (one per job and language) go strictly in order; different lanes run
concurrently, at most `max_lanes` at a time, and never wait for each other.
A lane stops at an item it cannot send now: deferred (offline, server
trouble, rate limit: it waits until `not_before`, durably, so a restart
keeps the back-off), failed for good (a final 4xx, a conflict: it waits for
a person) or paused (signed out: everything waits for a new sign-in).

Use it from the window (qasync) or any asyncio program:

    worker = OutboxWorker(database, sender, on_event=bridge.emit)
    task = asyncio.ensure_future(worker.run())   # once, at start
    worker.wake()                                # after a local save
    worker.resume()                              # after signing in again
    worker.stop(); await task                    # on quit

`drain()` is one pass (the command line's `sync`). The event sink is
called on the loop's thread. Database calls run on worker threads, so the
GUI thread never waits for a disk flush.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.storage import (
    Database,
    JobStore,
    Outbox,
    OutboxItem,
    OutboxState,
    TrackState,
    TrackStore,
)
from sync.backoff import Backoff
from sync.errors import (
    HttpError,
    OfflineError,
    OutcomeUnknown,
    SignInRequired,
    SyncError,
    is_final,
)
from sync.events import (
    ConnectionChanged,
    DrainFinished,
    EventSink,
    ItemDeferred,
    ItemFailed,
    ItemSending,
    ItemSent,
    SignInNeeded,
    TrackConflicted,
    TrackMerged,
    ignore,
)
from sync.outcome import Result
from sync.push import OutboxSender

_log = logging.getLogger(__name__)

Lane = tuple[str, str]


@dataclass
class DrainReport:
    """What one pass over the outbox did."""

    sent: int = 0
    merged: int = 0
    deferred: int = 0
    failed: int = 0
    conflicts: int = 0
    remaining: int = 0


class OutboxWorker:
    """Sends the outbox of one profile database through one `OutboxSender`."""

    def __init__(
        self,
        database: Database,
        sender: OutboxSender,
        *,
        max_lanes: int = 4,
        backoff: Backoff | None = None,
        on_event: EventSink = ignore,
        idle_poll_s: float = 30.0,
    ) -> None:
        self._outbox = Outbox(database)
        self._jobs = JobStore(database)
        self._tracks = TrackStore(database)
        self._sender = sender
        self._max_lanes = max_lanes
        self._backoff = backoff or Backoff(base_s=1.0, cap_s=300.0)
        self._emit = on_event
        self._idle_poll_s = idle_poll_s
        self._wake = asyncio.Event()
        self._stopping = False
        self._recovered = False
        self._online: bool | None = None
        self.paused_reason: str | None = None

    # --- control -------------------------------------------------------------------

    def wake(self) -> None:
        """Look at the outbox now (after a local save, or when the network came back)."""
        self._wake.set()

    def resume(self) -> None:
        """Start sending again after a new sign-in."""
        self.paused_reason = None
        self._wake.set()

    def stop(self) -> None:
        """Ask `run()` to return after the items in flight settle."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Drain whenever there is work, until `stop()`; cancel-safe."""
        while not self._stopping:
            self._wake.clear()
            if self.paused_reason is None:
                await self.drain()
            delay = None if self.paused_reason else await self._seconds_until_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    # --- one pass ------------------------------------------------------------------

    async def drain(self) -> DrainReport:
        """Send everything that can go now; each lane until it is empty or must wait."""
        if not self._recovered:
            await asyncio.to_thread(self._recover)
            self._recovered = True
        report = DrainReport()
        active: dict[Lane, asyncio.Task[bool]] = {}
        stopped: set[Lane] = set()  # lanes that must wait; not restarted in this pass
        try:
            while True:
                if self.paused_reason is None and not self._stopping:
                    await self._start_lanes(active, stopped, report)
                if not active:
                    break
                finished, _ = await asyncio.wait(
                    active.values(), return_when=asyncio.FIRST_COMPLETED
                )
                for lane, task in list(active.items()):
                    if task in finished:
                        del active[lane]
                        if task.result():
                            stopped.add(lane)
        finally:
            for task in active.values():
                task.cancel()
            if active:
                await asyncio.gather(*active.values(), return_exceptions=True)
        report.remaining = await asyncio.to_thread(self._remaining)
        self._emit(DrainFinished(report.sent, report.remaining, datetime.now(UTC)))
        return report

    async def _start_lanes(
        self, active: dict[Lane, asyncio.Task[bool]], stopped: set[Lane], report: DrainReport
    ) -> None:
        for head in await asyncio.to_thread(self._outbox.next_in_lanes):
            if len(active) >= self._max_lanes:
                return
            if head.lane in active or head.lane in stopped:
                continue
            active[head.lane] = asyncio.create_task(self._drain_lane(head.lane, report))

    async def _drain_lane(self, lane: Lane, report: DrainReport) -> bool:
        """Send a lane's items in order; True when the lane stopped at an item that must wait."""
        second_look: set[int] = set()
        while self.paused_reason is None and not self._stopping:
            items = await asyncio.to_thread(self._outbox.lane, *lane)
            if not items:
                return False
            head = items[0]
            now = datetime.now(UTC)
            if head.state != OutboxState.PENDING or (head.not_before and head.not_before > now):
                return True
            item = await asyncio.to_thread(self._outbox.mark_in_flight, head.id)
            self._emit(ItemSending(item))
            try:
                settled = await self._sender.send(item)
            except asyncio.CancelledError:
                await asyncio.shield(self._put_back(item, "stopped while sending", None))
                raise
            except Exception as error:
                if isinstance(error, OutcomeUnknown) and item.id not in second_look:
                    # Look once more at once: the sender checks the server's
                    # state before it replays anything (attempts > 1).
                    second_look.add(item.id)
                    await self._put_back(item, error.detail, None)
                    continue
                await self._settle_failure(item, error, report)
                return True
            self._note_online(True)
            if settled.result == Result.CONFLICT:
                report.conflicts += 1
                self._emit(
                    TrackConflicted(
                        item.job_id,
                        item.language,
                        item.target,
                        settled.theirs_version or 0,
                        settled.reason,
                    )
                )
                return True
            if settled.result == Result.MERGED:
                report.merged += 1
                self._emit(
                    TrackMerged(
                        item.job_id, item.language, item.target, settled.theirs_version or 0
                    )
                )
                continue
            report.sent += 1
            self._emit(ItemSent(item))
        return True

    async def _settle_failure(
        self, item: OutboxItem, error: Exception, report: DrainReport
    ) -> None:
        if isinstance(error, SignInRequired):
            await self._put_back(item, error.detail, None)
            if self.paused_reason is None:
                self.paused_reason = error.detail
                self._emit(SignInNeeded(error.detail))
            return
        if is_final(error):
            reason = error.detail if isinstance(error, SyncError) else str(error)
            await self._sender.refused(item, reason)
            report.failed += 1
            self._emit(ItemFailed(item, reason))
            return
        if isinstance(error, SyncError):
            reason = error.detail
        else:
            # A bug must not lose the item or stop the worker: keep it, back off, tell.
            _log.exception("Unexpected failure sending outbox item %s", item.id)
            reason = f"Unexpected problem: {error}"
        wait = error.retry_after if isinstance(error, HttpError) else None
        if wait is None:
            wait = self._backoff.wait(item.attempts)
        retry_at = datetime.now(UTC) + timedelta(seconds=wait)
        await self._put_back(item, reason, retry_at)
        report.deferred += 1
        if isinstance(error, OfflineError):
            self._note_online(False, reason)
        self._emit(ItemDeferred(item, reason, retry_at))

    async def _put_back(self, item: OutboxItem, reason: str, retry_at: datetime | None) -> None:
        current = await asyncio.to_thread(self._outbox.get, item.id)
        if current is not None and current.state == OutboxState.IN_FLIGHT:
            await asyncio.to_thread(self._outbox.retry, item.id, reason, retry_at)

    def _note_online(self, online: bool, reason: str = "") -> None:
        if self._online != online:
            self._online = online
            self._emit(ConnectionChanged(online, reason))

    # --- bookkeeping -----------------------------------------------------------------

    def _recover(self) -> None:
        """Undo what a crash left half-done: items in flight, tracks shown as uploading."""
        recovered = self._outbox.recover_in_flight()
        if recovered:
            _log.info("%d outbox items were interrupted while sending; sending again", recovered)
        for job in self._jobs.list_jobs():
            for track in self._tracks.list_tracks(job.id):
                if track.state == TrackState.UPLOADING:
                    state = (
                        TrackState.LOCAL_CHANGES if track.has_local_changes else TrackState.SYNCED
                    )
                    self._tracks.set_state(job.id, track.language, track.kind, state)

    def _remaining(self) -> int:
        return len(self._outbox.pending_items()) + len(self._outbox.failed_items())

    async def _seconds_until_due(self) -> float:
        """How long until some lane's head may go, capped by the idle poll."""
        return await asyncio.to_thread(self._seconds_until_due_now)

    def _seconds_until_due_now(self) -> float:
        open_items = self._outbox.pending_items() + self._outbox.failed_items()
        heads: dict[Lane, OutboxItem] = {}
        for item in sorted(open_items, key=lambda item: item.id):
            heads.setdefault(item.lane, item)
        now = datetime.now(UTC)
        waits = [self._idle_poll_s]
        for head in heads.values():
            if head.state != OutboxState.PENDING:
                continue  # failed or in flight: it waits for a person or its sender
            due = 0.0 if head.not_before is None else (head.not_before - now).total_seconds()
            # A floor, so a head that a pass could not take never spins the loop.
            waits.append(max(due, 0.05))
        return min(waits)
