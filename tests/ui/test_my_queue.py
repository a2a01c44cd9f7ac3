"""My queue against the emulator: a linguist's and a reviewer's entries, filters, opening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage import Database, JobStore
from sync.session import SyncSession
from sync.shapes import QueueEntry
from tests.platform.server import PlatformServer
from tests.ui.qc_support import (
    await_result,
    qt_loop,  # noqa: F401 - the fixture every test here runs in
    run_until,
    signed_in,
    stop,
)
from ui.my_queue import Column, MyQueueView
from ui.qc_board_loader import QcBoardLoader

pytestmark = pytest.mark.usefixtures("qt_loop")


def _rows(view: MyQueueView) -> list[tuple[str, ...]]:
    proxy = view.proxy
    return [tuple(str(proxy.index(row, column).data()) for column in Column)
            for row in range(proxy.rowCount())]


def _queue_for(
    qtbot: QtBot, server: PlatformServer, database: Database, email: str, role: str,
    offline: frozenset[str] = frozenset(),
) -> tuple[MyQueueView, QcBoardLoader, SyncSession]:
    session = signed_in(server, database, email)
    view = MyQueueView()
    qtbot.addWidget(view)
    view.resize(900, 420)
    view.show()
    loader = QcBoardLoader(lambda: session.api, role=role, queue=view,
                           offline_jobs=lambda: offline)
    loader.start()
    run_until(lambda: view.model.rowCount() > 0, what="the queue")
    return view, loader, session


def test_a_linguist_sees_their_work_filters_it_and_opens_it(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    view, loader, session = _queue_for(qtbot, platform_server, database,
                                       "linguist@demo.test", "linguist",
                                       offline=frozenset({"demo-0001"}))
    try:
        title = platform_server.store.scalar("SELECT title FROM jobs WHERE id = 'demo-0001'")
        rows = _rows(view)
        assert sorted((r[Column.LANGUAGE], r[Column.STATE], r[Column.ROLE],
                       r[Column.OFFLINE]) for r in rows) == [
            ("French (fr)", "In progress", "Linguist", "Yes"),
            ("German (de)", "Assigned", "Linguist", "Yes"),
            ("Italian (it)", "Rejected", "Linguist", "No"),
        ]
        assert {r[Column.JOB] for r in rows} == {title, "Demo: second review round"}
        assert all(r[Column.DUE].endswith("(overdue)") for r in rows)  # the seed is in May
        assert view.summary.text() == "3 entries"

        # Sorted by due date first: demo-0001's languages are due before demo-0002's.
        assert rows[-1][Column.LANGUAGE] == "Italian (it)"
        view.table.sortByColumn(Column.LANGUAGE, Qt.SortOrder.DescendingOrder)
        assert [r[Column.LANGUAGE] for r in _rows(view)] == [
            "Italian (it)", "German (de)", "French (fr)"]

        view.state_filter.setCurrentIndex(view.state_filter.findText("Rejected"))
        assert [r[Column.LANGUAGE] for r in _rows(view)] == ["Italian (it)"]
        assert view.summary.text() == "1 of 3 entries shown"
        view.state_filter.setCurrentIndex(0)
        view.search.setText("germ")
        assert [r[Column.LANGUAGE] for r in _rows(view)] == ["German (de)"]
        view.search.setText("")

        # Enter opens the current entry; so does a double-click.
        view.table.setFocus()
        view.table.setCurrentIndex(view.proxy.index(0, 0))
        with qtbot.waitSignal(view.openRequested) as opened:
            qtbot.keyClick(view.table, Qt.Key.Key_Return)
        assert opened.args == ["demo-0002", "it"]
        second = view.proxy.index(2, Column.STATE)
        rect = view.table.visualRect(second)
        # Qt sees a double-click only after a first press and release.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(view.openRequested) as opened:
            qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                              pos=rect.center())
        assert opened.args == ["demo-0001", "fr"]
    finally:
        await_result(loader.stop())
        stop(session)


def test_a_reviewer_sees_what_waits_for_review_and_what_is_kept_offline(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    session = signed_in(platform_server, database, "reviewer@demo.test")
    await_result(session.puller.pull_all())
    JobStore(database).set_available_offline("demo-0001", True)
    view = MyQueueView()
    qtbot.addWidget(view)
    # No offline_jobs given: the loader asks the profile database.
    loader = QcBoardLoader(lambda: session.api, role="reviewer", queue=view, database=database)
    try:
        loader.start()
        run_until(lambda: view.model.rowCount() > 0, what="the queue")
        assert sorted((r[Column.LANGUAGE], r[Column.STATE], r[Column.ROLE], r[Column.OFFLINE])
                      for r in _rows(view)) == [
            ("French (fr)", "In review", "Reviewer", "No"),
            ("Spanish (es)", "Submitted", "Reviewer", "Yes"),
        ]
    finally:
        await_result(loader.stop())
        stop(session)


def test_without_a_session_the_queue_says_so_in_words(
    qtbot: QtBot
) -> None:
    view = MyQueueView()
    qtbot.addWidget(view)
    loader = QcBoardLoader(lambda: None, role="linguist", queue=view)
    loader.start()
    run_until(lambda: "Could not load" in view.status.text(), what="the error")
    assert view.status.text() == "Could not load your queue: you are not signed in"
    # Not loaded is not empty: the view does not claim nothing is waiting.
    assert not view.empty.isVisibleTo(view) and view.model.rowCount() == 0


def test_an_empty_due_date_sorts_last_and_reads_in_words(qtbot: QtBot) -> None:
    view = MyQueueView()
    qtbot.addWidget(view)
    entries = [
        QueueEntry("j1", "First", "fr", "assigned", "linguist", None, None),
        QueueEntry("j2", "Second", "de", "in_progress", "linguist", "2999-01-02T10:00:00Z", None),
    ]
    view.set_entries(entries)
    rows = _rows(view)
    assert [r[Column.JOB] for r in rows] == ["Second", "First"]
    assert rows[0][Column.DUE] == "2 Jan 2999 10:00"
    assert rows[1][Column.DUE] == "No due date"
