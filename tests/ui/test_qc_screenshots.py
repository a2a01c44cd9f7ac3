"""Screenshots of My queue and the QC board with emulator data, for people to look at.

They land in tests/artefacts and /tmp (my-queue.png, qc-board.png); the
assertions only check that what the picture is meant to show is on screen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage import Database
from tests.platform.server import PlatformServer
from tests.ui.qc_support import (
    add_jobs,
    await_result,
    qt_loop,  # noqa: F401 - the fixture every test here runs in
    run_until,
    settle,
    signed_in,
    stop,
)
from ui.my_queue import MyQueueView
from ui.qc_board import QcBoard
from ui.qc_board_loader import QcBoardLoader
from ui.qc_board_models import LanguageColumn

pytestmark = pytest.mark.usefixtures("qt_loop")


def _save(widget: QcBoard | MyQueueView, artefacts: Path, name: str) -> Path:
    settle(0.3)
    path = artefacts / name
    assert widget.grab().save(str(path))
    shutil.copyfile(path, Path("/tmp") / name)
    return path


def _give_linguist_more_work(server: PlatformServer) -> None:
    """Some of the extra jobs' languages go to the demo linguist, due in the future."""
    plan = [("job-0001", "fr", "in_progress"), ("job-0002", "de", "assigned"),
            ("job-0010", "fr", "assigned"), ("job-0013", "de", "rejected"),
            ("job-0016", "fr", "in_progress")]
    for day, (job, language, state) in enumerate(plan, start=2):
        server.store.execute(
            "UPDATE language_qc SET linguist_id = 'u-linguist', reviewer_id = 'u-reviewer', "
            "state = ?, due_at = ? WHERE job_id = ? AND lang = ?",
            (state, f"2099-0{day}-1{day}T16:00:00.000Z", job, language))


def test_screenshot_of_my_queue(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database, artefacts: Path,
) -> None:
    add_jobs(platform_server)
    _give_linguist_more_work(platform_server)
    session = signed_in(platform_server, database, "linguist@demo.test")
    view = MyQueueView()
    qtbot.addWidget(view)
    view.resize(1100, 460)
    view.show()
    loader = QcBoardLoader(lambda: session.api, role="linguist", queue=view,
                           offline_jobs=lambda: {"demo-0001", "job-0001"})
    try:
        loader.start()
        run_until(lambda: view.model.rowCount() == 8, what="the linguist's eight entries")
        view.table.setFocus()
        path = _save(view, artefacts, "my-queue.png")
        assert path.stat().st_size > 10_000
    finally:
        await_result(loader.stop())
        stop(session)


def test_screenshot_of_the_qc_board(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database, artefacts: Path,
) -> None:
    add_jobs(platform_server)
    session = signed_in(platform_server, database, "admin@demo.test")
    board = QcBoard()
    qtbot.addWidget(board)
    board.resize(1280, 860)
    board.show()
    loader = QcBoardLoader(lambda: session.api, role="admin", board=board, database=database,
                           wake=session.worker.wake)
    try:
        loader.start()
        run_until(lambda: board.jobs_model.rowCount() > 0 and board.linguist_choice.count() > 1,
                  what="the board")
        board.page_size.setCurrentIndex(board.page_size.findData(10))
        run_until(lambda: board.page_label.text().startswith("Page 1 of 3"), what="paging")
        assert board.choose_job("demo-0001")
        run_until(lambda: board.languages_model.rowCount() == 3
                  and all("/" in str(board.languages_model.index(r, LanguageColumn.PROGRESS)
                                     .data()) for r in range(3)), what="the language map")
        board.choose_languages(["de"])
        board.choose_person("reviewer", "u-reviewer")
        board.jobs_table.setFocus()
        path = _save(board, artefacts, "qc-board.png")
        assert path.stat().st_size > 10_000
    finally:
        await_result(loader.stop())
        stop(session)
