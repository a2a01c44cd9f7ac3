"""Collect Python garbage on the GUI thread only.

Qt objects caught in Python reference cycles are freed by the cycle
collector, which runs in whichever thread happens to allocate: a sync worker,
the keyring thread, a QC job. A QObject destroyed there trips Qt ("Timers
cannot be stopped from another thread") or crashes. So automatic collection
is turned off and a GUI-thread timer collects instead, as long-lived Qt
applications in Python commonly do.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 5_000


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects every few seconds on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        # Young generations are cheap; a full pass only now and then.
        gc.collect(0 if gc.get_count()[2] < 10 else 2)
