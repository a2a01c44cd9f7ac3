"""The one module that knows httpx: timeouts, retries, rate limits and typed errors.

httpx's development has slowed and a fork may replace it, so nothing else in
the workstation imports it; swapping the client means changing this file.

Every call has timeouts. Failures come out as `sync.errors` exceptions with
the server's `detail`. Retries (capped exponential back-off with full jitter,
or the server's `Retry-After` / `X-RateLimit-Reset` when it gives one) are
driven by `stamina`, and follow one rule: only replay what cannot do harm.

- Reads (GET, HEAD) are retried after network errors, 408, 429 and 5xx.
- A write is retried when the server certainly did not act on it (the
  connection never opened, 408, 429, 503), and after other 5xx only when it
  carries an `Idempotency-Key`, which makes a replay recognisable.
- A write whose connection broke after it was sent is never replayed here:
  `OutcomeUnknown` goes up so the caller can look at the server's state first.

A wait longer than `RetryPolicy.longest_wait_s` is not slept through: the
error goes up with its `retry_after`, and the outbox worker defers the item
durably instead of holding a lane (and an HTTP call) open for minutes.
"""

from __future__ import annotations

import json as json_module
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from http.cookies import CookieError, SimpleCookie
from typing import Any

import httpx
import stamina

from app import __version__
from sync.backoff import Backoff
from sync.errors import (
    HttpError,
    OfflineError,
    OutcomeUnknown,
    RateLimited,
    RequestTimeout,
    ServerError,
    SyncError,
    UnexpectedAnswer,
    error_for_status,
)

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A X-RateLimit-Reset above this is an epoch time, below it a number of seconds.
_EPOCH_THRESHOLD = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds allowed for each phase of one HTTP exchange."""

    connect_s: float = 5.0
    read_s: float = 30.0
    write_s: float = 30.0
    pool_s: float = 5.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one call tries before it gives up and reports the failure."""

    attempts: int = 5
    total_s: float = 30.0
    backoff: Backoff = field(default_factory=lambda: Backoff(base_s=0.25, cap_s=8.0))
    longest_wait_s: float = 30.0


@dataclass(frozen=True, slots=True)
class Response:
    """A complete answer: status, lower-case headers, body and the cookies it set."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    cookies: Mapping[str, str]
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; a body that is not JSON raises `UnexpectedAnswer`."""
        if not self.content:
            return None
        try:
            return json_module.loads(self.content)
        except ValueError as error:
            raise UnexpectedAnswer(
                f"The server's answer from {self.url} is not JSON: {error}"
            ) from None


class StreamedResponse:
    """An answer whose body is read in chunks (media downloads)."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.headers: Mapping[str, str] = {k.lower(): v for k, v in response.headers.items()}

    async def chunks(self, size: int = 256 * 1024) -> AsyncIterator[bytes]:
        """The body's bytes as they arrive; a broken connection raises `OutcomeUnknown`."""
        try:
            async for chunk in self._response.aiter_raw(size):
                yield chunk
        except httpx.TransportError as error:
            raise _network_error(error) from None


class _RefuseAllCookies(DefaultCookiePolicy):
    # The refresh cookie is kept by `sync.auth` in the secret store and sent
    # explicitly; a client-side jar would keep a second, stale copy.
    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False


class Transport:
    """An HTTP client for one server; `path`s are relative to `base_url`, URLs may be absolute."""

    def __init__(
        self,
        base_url: str,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        timeouts = timeouts or Timeouts()
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(
                connect=timeouts.connect_s,
                read=timeouts.read_s,
                write=timeouts.write_s,
                pool=timeouts.pool_s,
            ),
            headers={"User-Agent": f"review-workstation/{__version__}"},
            cookies=CookieJar(policy=_RefuseAllCookies()),
            follow_redirects=False,
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """Send one request, retrying as the module docstring says; errors are `SyncError`s.

        `files` sends a multipart form (field -> file name, bytes, media type)
        instead of a JSON body.
        """
        method = method.upper()
        all_headers = {"Accept": "application/json", **(headers or {})}
        if idempotency_key is not None:
            all_headers["Idempotency-Key"] = idempotency_key
        should_retry = _RetryDecision(
            self.retry,
            safe=method in _SAFE_METHODS,
            keyed=idempotency_key is not None,
        )
        async for attempt in stamina.retry_context(
            on=should_retry, attempts=self.retry.attempts, timeout=self.retry.total_s
        ):
            with attempt:
                return await self._send_once(method, path, params, json, all_headers, files)
        raise AssertionError("stamina ended without an answer or an error")  # pragma: no cover

    @asynccontextmanager
    async def stream(
        self, url: str, headers: Mapping[str, str] | None = None
    ) -> AsyncIterator[StreamedResponse]:
        """GET `url` and read its body in chunks; no retries (the downloader resumes)."""
        request = self._client.build_request("GET", url, headers=dict(headers or {}))
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TransportError as error:
            raise _network_error(error) from None
        try:
            yield StreamedResponse(response)
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _send_once(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Any,
        headers: Mapping[str, str],
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        try:
            answer = await self._client.request(
                method,
                path,
                # None, not {}: an empty dict would drop a query already in the URL
                # (a signed download link's token).
                params={k: v for k, v in (params or {}).items() if v is not None} or None,
                json=body,
                headers=dict(headers),
                files=dict(files) if files else None,
            )
        except httpx.TransportError as error:
            raise _network_error(error) from None
        except httpx.InvalidURL as error:
            raise SyncError(f"The server address is not valid: {error}") from None
        response = Response(
            status=answer.status_code,
            headers={k.lower(): v for k, v in answer.headers.items()},
            content=answer.content,
            cookies=_set_cookies(answer.headers.get_list("set-cookie")),
            url=str(answer.url),
        )
        if response.status >= 400:
            raise _http_error(response)
        return response


class _RetryDecision:
    """stamina's back-off hook for one call: False to give up, or seconds to wait."""

    def __init__(self, policy: RetryPolicy, *, safe: bool, keyed: bool) -> None:
        self._policy = policy
        self._safe = safe
        self._keyed = keyed
        self._failures = 0

    def __call__(self, error: Exception) -> bool | float:
        self._failures += 1
        if not self._may_replay(error):
            return False
        wait = error.retry_after if isinstance(error, HttpError) else None
        if wait is None:
            wait = self._policy.backoff.wait(self._failures)
        if wait > self._policy.longest_wait_s:
            return False
        return wait

    def _may_replay(self, error: Exception) -> bool:
        if isinstance(error, OfflineError | RateLimited | RequestTimeout):
            return True  # the server did not act on the request
        if isinstance(error, OutcomeUnknown):
            return self._safe
        if isinstance(error, ServerError):
            return self._safe or self._keyed or error.status == 503
        return False


def _network_error(error: httpx.TransportError) -> SyncError:
    reason = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return OfflineError(f"Cannot reach the server: {reason}")
    if isinstance(error, httpx.UnsupportedProtocol):
        return SyncError(f"The server address is not valid: {reason}")
    if isinstance(error, httpx.TimeoutException):
        return OutcomeUnknown("The server did not answer in time")
    return OutcomeUnknown(f"The connection to the server was lost: {reason}")


def _http_error(response: Response) -> HttpError:
    try:
        body = response.json()
    except UnexpectedAnswer:
        body = None
    return error_for_status(response.status, body, response.text, retry_after(response.headers))


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait (Retry-After, else X-RateLimit-Reset), or None."""
    now = time.time() if now is None else now
    value = headers.get("retry-after", "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
        except (TypeError, ValueError):
            pass
    reset = headers.get("x-ratelimit-reset", "").strip()
    try:
        number = float(reset)
    except ValueError:
        return None
    return max(number - now, 0.0) if number > _EPOCH_THRESHOLD else max(number, 0.0)


def _set_cookies(values: list[str]) -> dict[str, str]:
    cookies: dict[str, str] = {}
    for value in values:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(value)
        except CookieError:
            continue
        for name, morsel in jar.items():
            # A cookie set with Max-Age=0 is the server deleting it.
            cookies[name] = "" if morsel["max-age"] in ("0", 0) else morsel.value
    return cookies
