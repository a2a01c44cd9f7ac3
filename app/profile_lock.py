"""One running workstation per profile: a lock file refuses a second one with a clear message.

Two processes sending one outbox would send items twice, and two windows
autosaving one track would overwrite each other. The lock is an OS file lock
(released by the OS when the process dies, even by SIGKILL), so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import IO

from app.paths import Profile

LOCK_FILE_NAME = "workstation.lock"


class ProfileInUse(RuntimeError):
    """Another process holds the profile; the message says which, in plain words."""


class ProfileLock:
    """Hold the profile's lock for the life of the process (or a `with` block)."""

    def __init__(self, profile: Profile, purpose: str) -> None:
        self.path = profile.folder / LOCK_FILE_NAME
        self._purpose = purpose
        self._profile_name = profile.name
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another program"
            handle.close()
            raise ProfileInUse(
                f"The profile '{self._profile_name}' is already in use by {holder}. "
                "Close it first, or use another profile (REVIEW_WORKSTATION_HOME).")
        handle.seek(0)
        handle.truncate()
        handle.write(f"the {self._purpose} (process {os.getpid()})")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> ProfileLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
