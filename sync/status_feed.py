"""Live status: listen on `/ws/status` and say what changed, reconnecting with back-off.

The access token travels as `?token=` (browsers cannot set headers on a
WebSocket, so the platform reads it there). A socket closed with code 4401
means the token was refused: one refresh, then reconnect at once. Any other
failure waits a capped, fully jittered back-off before the next try, so a
platform coming back after an outage is not hit by every client at once.
The token never appears in logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from sync.backoff import Backoff
from sync.errors import SignInRequired, SyncError

_log = logging.getLogger(__name__)

AUTH_FAILED = 4401

# stale token (None: any current one) -> a current access token
TokenSource = Callable[[str | None], Awaitable[str]]
MessageSink = Callable[[dict[str, Any]], Awaitable[None]]
StateSink = Callable[[bool, str], None]


def status_url(api_url: str) -> str:
    """The WebSocket URL of `/ws/status` under an `http(s)://…/api/v1` base."""
    parts = urlsplit(api_url.rstrip("/"))
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path + "/ws/status", "", ""))


class StatusFeed:
    """One live-status subscription; `run()` until cancelled."""

    def __init__(
        self,
        api_url: str,
        token: TokenSource,
        on_message: MessageSink,
        *,
        on_state: StateSink | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self._url = status_url(api_url)
        self._token = token
        self._on_message = on_message
        self._on_state = on_state or (lambda _connected, _reason: None)
        self._backoff = backoff or Backoff(base_s=1.0, cap_s=60.0)

    async def run(self) -> None:
        """Listen until cancelled or until the session ends (`SignInRequired` returns)."""
        failures = 0
        refused: str | None = None
        while True:
            try:
                token = await self._token(refused)
            except SignInRequired as error:
                self._on_state(False, error.detail)
                return
            except SyncError as error:
                failures += 1
                self._on_state(False, error.detail)
                await asyncio.sleep(self._backoff.wait(failures))
                continue
            connected, code, reason = await self._listen(token)
            if code == AUTH_FAILED and refused != token:
                refused = token  # refresh once, then reconnect at once
                continue
            refused = None
            failures = 1 if connected else failures + 1
            self._on_state(False, reason)
            await asyncio.sleep(self._backoff.wait(failures))

    async def _listen(self, token: str) -> tuple[bool, int | None, str]:
        """One connection: whether it opened, its close code, and why it ended."""
        try:
            async with connect(f"{self._url}?token={quote(token, safe='')}") as socket:
                self._on_state(True, "")
                with contextlib.suppress(ConnectionClosed):
                    async for raw in socket:
                        await self._deliver(raw)
                return True, socket.close_code, socket.close_reason or "the status feed closed"
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd is not None else None
            return False, code, "the status feed closed"
        except (OSError, TimeoutError, WebSocketException) as error:
            return False, None, f"the status feed is unreachable ({type(error).__name__})"

    async def _deliver(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            return
        if isinstance(message, dict):
            try:
                await self._on_message(message)
            except SyncError as error:  # a refresh that failed must not end the feed
                _log.info("Could not act on a status message: %s", error.detail)
