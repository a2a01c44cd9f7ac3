"""A second process on the same profile is refused; a killed holder leaves no stale lock."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from app.paths import profile
from app.profile_lock import ProfileInUse, ProfileLock

HOLDER = textwrap.dedent("""
    import sys, time
    from app.paths import profile
    from app.profile_lock import ProfileLock
    lock = ProfileLock(profile(), "window")
    lock.acquire()
    print("locked", flush=True)
    time.sleep(60)
""")


def test_a_second_holder_is_refused_with_a_plain_message() -> None:
    child = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(ProfileInUse, match=r"already in use by the window \(process \d+\)"):
            ProfileLock(profile(), "sync command").acquire()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        # The OS dropped the dead process's lock: no stale lock file blocks us.
        with ProfileLock(profile(), "sync command"):
            pass
    finally:
        if child.poll() is None:
            child.kill()
