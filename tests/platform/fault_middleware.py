"""ASGI middleware that applies the fault plan to each API request.

It sits outside everything else, so an injected 5xx or 429 never reaches the
routes (nothing is applied), a drop-after lets the route and the idempotency
store finish before the connection is cut, and the emulator's own control
routes (`/api/v1/_emulator/...`) are never faulted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.platform.faults import FaultController, FaultPlan

API_PREFIX = "/api/v1/"
CONTROL_PREFIX = "/api/v1/_emulator"


class ConnectionDropped(Exception):
    """Raised on purpose so that the server closes the socket without an answer."""


class _QuietDrops(logging.Filter):
    # uvicorn logs every exception from the app with a traceback; ours are intended.
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


async def drop_connection(send: Send) -> None:
    """Close the connection with no bytes of a response on the wire.

    ASGI has no "abort" message. uvicorn marks a response as started before it
    checks the header values, so a start message with an illegal value fails
    without writing anything, and an exception after the start makes uvicorn
    close the transport instead of sending its own 500. The client sees the
    peer disconnect without a response.
    """
    try:
        await send(
            {"type": "http.response.start", "status": 500, "headers": [(b"x-drop", b"\r\n")]}
        )
    except Exception as exc:
        raise ConnectionDropped("connection dropped by fault injection") from exc
    raise ConnectionDropped("connection dropped by fault injection")


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str]
) -> None:
    payload = json.dumps(body).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


class FaultMiddleware:
    def __init__(self, app: ASGIApp, faults: FaultController) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not path.startswith(API_PREFIX)
            or path.startswith(CONTROL_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        plan = self.faults.plan(scope["method"], path)
        entry: dict[str, Any] = {
            "method": scope["method"],
            "path": path,
            "query": scope.get("query_string", b"").decode(),
            "idempotency_key": _header(scope, b"idempotency-key"),
            "fault": plan.name,
            "status": None,
            "time": time.time(),
        }
        try:
            if plan.latency_s:
                await asyncio.sleep(plan.latency_s)
            await self._apply(plan, entry, scope, receive, send)
        finally:
            self.faults.record(entry)

    async def _apply(
        self, plan: FaultPlan, entry: dict[str, Any], scope: Scope, receive: Receive, send: Send
    ) -> None:
        if plan.error_status is not None:
            entry["status"] = plan.error_status
            headers = {"Retry-After": str(plan.retry_after_s)} if plan.error_status == 503 else {}
            detail = f"Injected fault: HTTP {plan.error_status}"
            await _send_json(send, plan.error_status, {"detail": detail}, headers)
        elif plan.throttle:
            entry["status"] = 429
            reset = int(time.time()) + plan.retry_after_s
            headers = {
                "Retry-After": str(plan.retry_after_s),
                "X-RateLimit-Limit": "60",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(reset),
            }
            await _send_json(send, 429, {"detail": "Too many requests"}, headers)
        elif plan.drop_before:
            await drop_connection(send)
        elif plan.drop_after:
            # Let the whole app run (the write commits, the idempotency store
            # records the answer), swallow the answer, then cut the line.
            async def swallow(message: Message) -> None:
                if message["type"] == "http.response.start":
                    entry["status"] = message["status"]

            await self.app(scope, receive, swallow)
            await drop_connection(send)
        elif plan.truncate_after_bytes is not None:
            await self._truncated(plan.truncate_after_bytes, entry, scope, receive, send)
        else:

            async def observe(message: Message) -> None:
                if message["type"] == "http.response.start":
                    entry["status"] = message["status"]
                await send(message)

            await self.app(scope, receive, observe)

    async def _truncated(
        self, limit: int, entry: dict[str, Any], scope: Scope, receive: Receive, send: Send
    ) -> None:
        budget = limit

        async def cut(message: Message) -> None:
            nonlocal budget
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                await send(message)
                return
            body: bytes = message.get("body", b"")
            if len(body) < budget or (len(body) == budget and message.get("more_body")):
                budget -= len(body)
                await send(message)
                return
            await send({"type": "http.response.body", "body": body[:budget], "more_body": True})
            raise ConnectionDropped("response truncated by fault injection")

        await self.app(scope, receive, cut)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None
