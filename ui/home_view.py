"""Home: the person's queue, and for staff the QC board, kept fresh while signed in.

The window shows Home after sign-in. The loader behind both views is made
when a person signs in and stopped when they sign out; it asks the workflow
rules in `app/` which board buttons to enable and queues assignments and job
actions in the outbox, so they are kept offline like everything else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.storage import Database
from sync.api import PlatformApi
from ui.my_queue import MyQueueView
from ui.qc_board import QcBoard
from ui.qc_board_loader import QcBoardLoader, can_use_board
from ui.scrollable import scrollable
from ui.welcome_screen import WelcomeScreen

SIGNED_OUT = ("Sign in (Sync → Sign in…) to see the languages waiting for you. "
              "Jobs already kept on this computer are in the Jobs panel.")


class HomeView(QWidget):
    """Signals: openRequested(job_id, language) when the person opens a queue item."""

    openRequested = Signal(str, str)

    def __init__(self, database: Database, api: Callable[[], PlatformApi | None],
                 wake: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Home")
        self._database = database
        self._api = api
        self._wake = wake
        self.loader: QcBoardLoader | None = None
        self._stopping: set[asyncio.Future[None]] = set()
        self.greeting = QLabel(SIGNED_OUT, self)
        self.greeting.setAccessibleName("Who is signed in")
        self.greeting.setWordWrap(True)
        self.queue = MyQueueView(self)
        self.queue.set_status(SIGNED_OUT)
        self.queue.openRequested.connect(self.openRequested)
        self.board = QcBoard(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Home views")
        self.tabs.addTab(self.queue, "&My queue")
        self.tabs.addTab(scrollable(self.board, "QC board"), "QC &board")
        self.tabs.setTabVisible(1, False)
        # Signed out, Home is the welcome screen: sign in, the demo, local files, recent work.
        self.welcome = WelcomeScreen(parent=self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.pages, 1)
        self.greeting.hide()

    def signed_in(self, who: str, role: str) -> None:
        """Someone signed in (or a kept session resumed): load their queue and board."""
        self._stop_loader()
        staff = can_use_board(role)
        self.tabs.setTabVisible(1, staff)
        self.greeting.setText(f"Signed in as {who}." + (
            " The QC board shows every job you may move along." if staff else ""))
        self.greeting.show()
        self.pages.setCurrentWidget(self.tabs)
        self.loader = QcBoardLoader(self._api, role=role, board=self.board if staff else None,
                                    queue=self.queue, database=self._database,
                                    wake=self._wake, parent=self)
        self.loader.start()

    def signed_out(self) -> None:
        self._stop_loader()
        self.tabs.setTabVisible(1, False)
        self.greeting.setText(SIGNED_OUT)
        self.greeting.hide()
        self.queue.set_status(SIGNED_OUT)
        self.pages.setCurrentWidget(self.welcome)

    def refresh(self) -> None:
        if self.loader is not None:
            self.loader.refresh()

    def _stop_loader(self) -> None:
        loader, self.loader = self.loader, None
        if loader is not None:
            stopping = asyncio.ensure_future(loader.stop())
            self._stopping.add(stopping)
            stopping.add_done_callback(self._stopping.discard)

    async def stop(self) -> None:
        loader, self.loader = self.loader, None
        if loader is not None:
            await loader.stop()
