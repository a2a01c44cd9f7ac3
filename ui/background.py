"""Run slow work (parsing big files, database reads) off the GUI thread.

The result comes back as a Qt signal, delivered on the GUI thread by Qt's
queued connection, so slots never touch widgets from a worker thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Signals: finished(object) with the result; failed(object) with the exception."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI to explain in plain words
            self._tell(self._relay.failed, error)
        else:
            self._tell(self._relay.finished, result)

    @staticmethod
    def _tell(signal: Any, value: object) -> None:
        # The view that asked may have been closed while the work ran: nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class Background(QObject):
    """Starts work on Qt's thread pool and calls back on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finish(result: object) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            done(result)

        def fail(error: object) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            assert isinstance(error, BaseException)
            failed(error)

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running work (used on quit and by tests)."""
        return self._pool.waitForDone(msecs)
