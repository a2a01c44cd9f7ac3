"""`Idempotency-Key` handling as ASGI middleware.

A write that carries the header is remembered per (user, method, path, key):
a repeat gets the stored first answer, marked `Idempotent-Replayed: true`, and
the route does not run again. Answers that did not act (401, 429, 5xx) are
not stored, so a retry after refreshing a token or backing off does act.
The same key with a different body is a client bug and answers 422; the same
key while the first request is still running answers 409.

The answer is stored before its last byte is sent, so a client that lost the
answer and retries at once still finds it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.platform.store import Store, utc_now
from tests.platform.tokens import TokenService

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


def _cacheable(status: int) -> bool:
    return status < 500 and status not in (401, 429)


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, store: Store, tokens: TokenService) -> None:
        self.app = app
        self.store = store
        self.tokens = tokens
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        if not key or scope["method"] not in WRITE_METHODS or "/_emulator" in scope["path"]:
            await self.app(scope, receive, send)
            return

        body = await _read_body(receive)
        if body is None:
            # The client went away before its body arrived: a server cannot
            # act on half a request, and storing an answer to it would refuse
            # the client's complete replay as "a different request body".
            return
        user = self._user(headers.get(b"authorization", b"").decode("latin-1"))
        scope_key = hashlib.sha256(
            f"{user}\n{scope['method']}\n{scope['path']}\n{key}".encode()
        ).hexdigest()
        body_hash = hashlib.sha256(body).hexdigest()

        stored = self.store.one("SELECT * FROM idempotency WHERE scope = ?", (scope_key,))
        if stored is not None:
            if stored["body_hash"] != body_hash:
                await _json(send, 422, "Idempotency-Key reused with a different request body")
            else:
                await _replay(send, stored)
            return
        with self._lock:
            busy = scope_key in self._in_flight
            self._in_flight.add(scope_key)
        if busy:
            await _json(send, 409, "A request with this Idempotency-Key is still in progress")
            return
        try:
            await self._run_and_store(scope, receive, send, body, scope_key, body_hash)
        finally:
            with self._lock:
                self._in_flight.discard(scope_key)

    def _user(self, authorization: str) -> str:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token:
            return self.tokens.subject_of(token.strip()) or "anonymous"
        return "anonymous"

    async def _run_and_store(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        body: bytes,
        scope_key: str,
        body_hash: str,
    ) -> None:
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        status = 0
        response_headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def record(message: Message) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and _cacheable(status):
                    self._save(scope_key, body_hash, status, response_headers, b"".join(chunks))
            await send(message)

        await self.app(scope, replay_body, record)

    def _save(
        self,
        scope_key: str,
        body_hash: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> None:
        encoded = json.dumps([[k.decode("latin-1"), v.decode("latin-1")] for k, v in headers])
        self.store.execute(
            "INSERT OR IGNORE INTO idempotency "
            "(scope, body_hash, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (scope_key, body_hash, status, encoded, body, utc_now()),
        )


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnected before sending it."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)


async def _replay(send: Send, stored: dict[str, Any]) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(stored["headers"])]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored["status"], "headers": headers})
    await send({"type": "http.response.body", "body": bytes(stored["body"])})


async def _json(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
