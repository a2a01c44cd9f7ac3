"""The installed PySide6 must not drop references to None or True.

PySide6/shiboken6 6.12.0 on CPython 3.11 drops one reference to None on every
Qt call that returns nothing and one to True on every signal emit; after some
thousands of calls Python aborts ("none_dealloc"), and video playback makes
hundreds a second. Python 3.12 made these objects immortal, but 3.11 is what
Debian 12 ships, so pyproject pins PySide6 below 6.12. This test fails if a
build with the fault is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    """Signals: ping() — emitted only to count references."""

    ping = Signal()


def test_qt_calls_and_emits_leave_none_and_true_alone() -> None:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        probe.setObjectName("probe")
        probe.ping.emit()
    assert none_before - sys.getrefcount(None) < 100
    assert true_before - sys.getrefcount(True) < 100
