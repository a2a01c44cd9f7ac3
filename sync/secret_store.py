"""A small secret store over `keyring`, safe to call from the event loop.

The refresh token is the only secret the workstation keeps. It belongs in the
operating system's keyring, never in SQLite, settings files or logs.

Keyring back ends can block: a locked GNOME Secret Service waits for an
unlock prompt that may never come. So every call runs on its own daemon
thread with a timeout. A thread of asyncio's shared pool would do for the
call, but a call blocked for ever would then also block the interpreter's
exit, which joins that pool.

When there is no usable keyring (a headless Linux box), or a call fails or
times out, the store says so (`memory_only_reason`) and keeps secrets in
memory for this run only: the person stays signed in until they quit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Protocol, TypeVar

import keyring
from keyring.backend import KeyringBackend

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

SERVICE = "review-workstation"


class SecretStore(Protocol):
    """Where the refresh token lives between runs."""

    @property
    def memory_only_reason(self) -> str | None:
        """None while secrets reach the keyring; otherwise why they stay in memory."""
        ...

    async def get(self, name: str) -> str | None: ...

    async def set(self, name: str, value: str) -> None: ...

    async def delete(self, name: str) -> None: ...


class MemorySecretStore:
    """Secrets for this run only (tests, and sessions that chose not to persist)."""

    def __init__(self, reason: str = "secrets are kept for this session only") -> None:
        self._values: dict[str, str] = {}
        self._reason = reason

    @property
    def memory_only_reason(self) -> str | None:
        return self._reason

    async def get(self, name: str) -> str | None:
        return self._values.get(name)

    async def set(self, name: str, value: str) -> None:
        self._values[name] = value

    async def delete(self, name: str) -> None:
        self._values.pop(name, None)


class KeyringSecretStore:
    """Secrets in the OS keyring, falling back to memory when the keyring is unusable."""

    def __init__(
        self,
        service: str = SERVICE,
        *,
        backend: KeyringBackend | None = None,
        timeout_s: float = 5.0,
    ) -> None:
        self._service = service
        self._backend = backend
        self._timeout_s = timeout_s
        self._memory = MemorySecretStore()
        self._reason: str | None = None

    @property
    def memory_only_reason(self) -> str | None:
        return self._reason

    async def get(self, name: str) -> str | None:
        if self._reason is None:
            try:
                return await self._call(lambda b: b.get_password(self._service, name))
            except _Unusable as problem:
                self._fall_back(str(problem))
        return await self._memory.get(name)

    async def set(self, name: str, value: str) -> None:
        # Memory first: if the keyring fails half-way, this run still has the token.
        await self._memory.set(name, value)
        if self._reason is None:
            try:
                await self._call(lambda b: b.set_password(self._service, name, value))
            except _Unusable as problem:
                self._fall_back(str(problem))

    async def delete(self, name: str) -> None:
        await self._memory.delete(name)
        if self._reason is None:
            try:
                await self._call(lambda b: _delete_quietly(b, self._service, name))
            except _Unusable as problem:
                self._fall_back(str(problem))

    async def _call(self, action: Callable[[KeyringBackend], _T]) -> _T:
        def work() -> _T:
            return action(self._usable_backend())

        try:
            return await _in_own_thread(work, self._timeout_s)
        except TimeoutError:
            raise _Unusable(
                f"the keyring did not answer within {self._timeout_s:g} s (is it locked?)"
            ) from None
        except _Unusable:
            raise
        except Exception as error:  # any back end's failure means the same to us
            raise _Unusable(f"the keyring failed: {error}") from None

    def _usable_backend(self) -> KeyringBackend:
        # Resolved on the worker thread: choosing a back end may itself talk to D-Bus.
        backend = self._backend or keyring.get_keyring()
        priority = getattr(backend, "priority", 0)
        if not isinstance(priority, int | float) or priority <= 0:
            raise _Unusable(f"no usable keyring ({type(backend).__module__})")
        return backend

    def _fall_back(self, reason: str) -> None:
        _log.warning("Signing-in secrets stay in memory for this session: %s", reason)
        self._reason = reason


class _Unusable(Exception):
    """The keyring cannot be used in this run."""


def _delete_quietly(backend: KeyringBackend, service: str, name: str) -> None:
    if backend.get_password(service, name) is not None:
        backend.delete_password(service, name)


async def _in_own_thread(work: Callable[[], _T], timeout_s: float) -> _T:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(result: _T | None, error: BaseException | None) -> None:
        if future.done():
            return  # timed out already; nobody is waiting
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            outcome: tuple[_T | None, BaseException | None] = (work(), None)
        except BaseException as error:
            outcome = (None, error)
        with contextlib.suppress(RuntimeError):  # the loop closed while the keyring thought
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="keyring-call", daemon=True).start()
    return await asyncio.wait_for(future, timeout_s)
