"""What can go wrong when talking to the platform, as exceptions the interface can show.

Every failure the sync layer lets out is a `SyncError` with a `detail` in
words a person can read (the server's own `detail` where it gave one), never
a raw httpx or socket exception. The classes answer the two questions the
outbox worker asks of a failure: may this be tried again later (`retryable`),
and did the request perhaps reach the server (`OutcomeUnknown`)?
"""

from __future__ import annotations

from typing import Any


class SyncError(Exception):
    """Base of every sync failure; `detail` is the human-readable reason."""

    retryable = False

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class OfflineError(SyncError):
    """The server could not be reached; the request was certainly not applied."""

    retryable = True


class OutcomeUnknown(SyncError):
    """The connection failed after the request was sent: it may or may not have been applied.

    Writes are never replayed blindly after this; the worker first looks at
    the server's state (for a track, its version list).
    """

    retryable = True


class UnexpectedAnswer(SyncError):
    """The server answered, but not in a shape this client understands."""


class CannotSend(SyncError):
    """This workstation cannot send the item at all (say, a kind a newer version queued)."""


class SignInRequired(SyncError):
    """There is no usable session: the person must sign in again. Queued work waits."""


class HttpError(SyncError):
    """The server answered with an error status; `detail` is its reason."""

    def __init__(
        self,
        status: int,
        detail: str,
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.body = body
        self.retry_after = retry_after

    @property
    def is_final(self) -> bool:
        """A refusal that replaying cannot change (4xx other than 401, 408, 409 and 429)."""
        return 400 <= self.status < 500 and self.status not in (401, 408, 409, 429)


class Unauthorized(HttpError):
    """401: the access token is missing or expired."""


class Forbidden(HttpError):
    """403: valid session, but this role may not do this. Final, never retried."""


class NotFound(HttpError):
    """404: no such thing, or the caller may not see it."""


class Conflict(HttpError):
    """409: a stale version, a transition the current state forbids, or a duplicate."""

    @property
    def current_version(self) -> int | None:
        """The server's latest version, when a track save was refused as stale."""
        if isinstance(self.body, dict):
            value = self.body.get("current_version")
            if isinstance(value, int | str) and str(value).isdigit():
                return int(value)
        return None


class StepRefused(HttpError):
    """A 409 on a workflow step after the server's state was read: the state forbids it.

    Unlike a stale track version, replaying cannot change this answer, so it
    is final: the item waits for the person with the server's reason.
    """

    @property
    def is_final(self) -> bool:
        return True


class InvalidRequest(HttpError):
    """422 (or 400): the server refused the content of the request."""


class RateLimited(HttpError):
    """429: too many requests; `retry_after` says how long the server asked us to wait."""

    retryable = True


class RequestTimeout(HttpError):
    """408: the server gave up waiting for the request; it was not applied."""

    retryable = True


class ServerError(HttpError):
    """5xx: the server failed; 503 may carry `retry_after`."""

    retryable = True


def is_final(error: Exception) -> bool:
    """Whether replaying could never succeed, so the item must wait for a person."""
    return isinstance(error, CannotSend) or (isinstance(error, HttpError) and error.is_final)


_BY_STATUS: dict[int, type[HttpError]] = {
    400: InvalidRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    408: RequestTimeout,
    409: Conflict,
    422: InvalidRequest,
    429: RateLimited,
}


def error_for_status(
    status: int, body: Any, text: str, retry_after: float | None = None
) -> HttpError:
    """The typed exception for an error answer, carrying the server's reason."""
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else HttpError)
    return kind(status, server_detail(body, text, status), body, retry_after)


def server_detail(body: Any, text: str, status: int) -> str:
    """The reason the server gave, in any of the error shapes met in the wild."""
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, str) and detail:
            return detail
        if isinstance(detail, list) and detail:
            return "; ".join(_validation_message(entry) for entry in detail)
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message") or error.get("code")
            if message:
                return str(message)
        if isinstance(error, str) and error:
            return error
        for key in ("message", "msg"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
    snippet = text.strip()
    if snippet and len(snippet) <= 200 and not snippet.startswith("<"):
        return snippet
    return f"The server answered HTTP {status}"


def _validation_message(entry: Any) -> str:
    if not isinstance(entry, dict):
        return str(entry)
    location = entry.get("loc") or []
    # "body" and "query" say where FastAPI looked, not what was wrong.
    field = ".".join(str(part) for part in location if part not in ("body", "query", "path"))
    message = str(entry.get("msg") or entry.get("type") or "invalid")
    return f"{field}: {message}" if field else message
