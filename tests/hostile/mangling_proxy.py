"""A tiny HTTP proxy in front of the platform emulator that spoils chosen answers.

Requests pass through to the emulator unchanged, except those matching a
`Spoil` rule, which get the rule's status and body instead: malformed JSON,
a list where an object belongs, strings for numbers, nulls, or a body of
tens of megabytes. With `forward=True` the emulator still acts on the
request first (the save happened, only its answer is garbled), which is the
hard case for a client: it must not lose the item, nor send it twice.

It is a thread-per-request `http.server`; plenty for one client in a test.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

# Headers that describe one hop, or that httpx already undid (it decodes gzip).
_HOP_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length",
                          "content-encoding", "date", "server"})


@dataclass
class Spoil:
    """Answer `method` requests whose path matches `path` with `status` and `body`."""

    method: str
    path: str
    body: bytes
    status: int = 200
    forward: bool = False
    times: int | None = None  # None: every matching request
    used: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        return method == self.method and re.search(self.path, path) is not None


class ManglingProxy:
    """Start with `with ManglingProxy(upstream) as proxy:`; `proxy.base_url` is the server URL."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules: list[Spoil] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll, so that shutting down (which waits for one) takes no time.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)
        # One pooled client for every forwarded request (httpx's Client is thread-safe).
        self._upstream = httpx.Client(base_url=self.upstream, timeout=30)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def spoil(self, *rules: Spoil) -> None:
        with self._lock:
            self.rules = list(rules)

    def __enter__(self) -> ManglingProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._upstream.close()

    def _rule_for(self, method: str, path: str) -> Spoil | None:
        with self._lock:
            for rule in self.rules:
                if rule.matches(method, path):
                    rule.used += 1
                    return rule
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, each
            # keep-alive answer would wait for a delayed ACK (40 ms).
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: pytest shows failures, not every request

            def _relay(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                rule = proxy._rule_for(self.command, path)
                if rule is None or rule.forward:
                    answer = self._forward(body)
                if rule is None:
                    self._answer(answer.status_code, answer.content,
                                 [(k, v) for k, v in answer.headers.multi_items()
                                  if k.lower() not in _HOP_HEADERS])
                else:
                    self._answer(rule.status, rule.body, [("content-type", "application/json")])

            def _forward(self, body: bytes) -> httpx.Response:
                headers = [(k, v) for k, v in self.headers.items()
                           if k.lower() not in _HOP_HEADERS | {"host"}]
                return proxy._upstream.request(self.command, self.path, content=body,
                                               headers=headers)

            def _answer(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _relay

        return Handler
