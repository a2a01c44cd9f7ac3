"""Live-status fan-out: routes publish job and language-QC changes, sockets listen.

Routes run on worker threads and sockets on the event loop, so publishing hands
each message to the subscriber's loop with `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Subscription:
    """One open `/ws/status` socket: whose it is and its inbox."""

    user_id: str
    role: str
    client_id: str | None
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    def may_see(self, job_client_id: str | None) -> bool:
        # Client accounts see their own organisation's jobs only, as in the lists.
        return self.role != "client" or job_client_id == self.client_id


class EventHub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: set[Subscription] = set()

    def subscribe(self, user_id: str, role: str, client_id: str | None) -> Subscription:
        """Call on the socket's event loop."""
        sub = Subscription(user_id, role, client_id, asyncio.get_running_loop())
        with self._lock:
            self._subscriptions.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(sub)

    def publish(self, message: dict[str, Any], job_client_id: str | None = None) -> None:
        """Queue a message for every socket allowed to see the job; any thread."""
        with self._lock:
            targets = [s for s in self._subscriptions if s.may_see(job_client_id)]
        for sub in targets:
            try:
                sub.loop.call_soon_threadsafe(sub.queue.put_nowait, dict(message))
            except RuntimeError:
                # The socket's loop closed while we were publishing; nothing to tell.
                self.unsubscribe(sub)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscriptions)
