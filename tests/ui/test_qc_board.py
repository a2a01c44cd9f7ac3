"""The QC board against the emulator: pages, the language map, assigning, job actions, gating."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage import Database
from app.workflow import JobAction
from sync.session import SyncSession
from sync.shapes import JobsPage, JobSummary
from tests.platform.server import PlatformServer
from tests.ui.qc_support import (
    EXTRA_JOBS,
    add_jobs,
    qt_loop,  # noqa: F401 - the fixture every test here runs in
    run_until,
    signed_in,
    stop,
)
from ui.qc_board import BOARD_ACTIONS, JobFilters, QcBoard
from ui.qc_board_loader import QcBoardLoader
from ui.qc_board_models import LanguageColumn

ALL_JOBS = 4 + len(EXTRA_JOBS)


pytestmark = pytest.mark.usefixtures("qt_loop")


def _board_for(
    qtbot: QtBot, server: PlatformServer, database: Database, email: str, role: str
) -> tuple[QcBoard, QcBoardLoader, SyncSession]:
    session = signed_in(server, database, email)
    board = QcBoard()
    qtbot.addWidget(board)
    board.resize(1280, 860)
    board.show()
    loader = QcBoardLoader(lambda: session.api, role=role, board=board, database=database,
                           wake=session.worker.wake)
    loader.start()
    run_until(lambda: board.jobs_model.rowCount() > 0 and board.linguist_choice.count() > 1,
              what="the first page and the people")
    return board, loader, session


def _finish(loader: QcBoardLoader, session: SyncSession) -> None:
    from tests.ui.qc_support import await_result

    await_result(loader.stop())
    stop(session)


def _qc_row(server: PlatformServer, job: str, language: str) -> dict[str, object]:
    row = server.store.one(
        "SELECT state, linguist_id, reviewer_id FROM language_qc WHERE job_id = ? AND lang = ?",
        (job, language))
    assert row is not None
    return row


def _map_text(board: QcBoard, language: str, column: LanguageColumn) -> str:
    model = board.languages_model
    for row in range(model.rowCount()):
        if model.language(row).code == language:
            return str(model.index(row, column).data())
    raise AssertionError(f"{language} is not in the language map")


def test_a_pm_pages_filters_and_assigns_a_linguist(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    add_jobs(platform_server)
    board, loader, session = _board_for(
        qtbot, platform_server, database, "pm@demo.test", "project_manager")
    try:
        board.page_size.setCurrentIndex(board.page_size.findData(10))
        run_until(lambda: board.page_label.text().startswith("Page 1 of 3"),
                  what="ten jobs a page")
        assert board.jobs_model.rowCount() == 10
        assert f"{ALL_JOBS} jobs" in board.page_label.text()
        assert not board.previous_page.isEnabled() and board.next_page.isEnabled()
        first_page = {job.id for job in board.jobs_model.jobs()}
        board.next_page.click()
        run_until(lambda: board.page_label.text().startswith("Page 2 of 3"), what="page 2")
        assert not first_page & {job.id for job in board.jobs_model.jobs()}
        assert board.previous_page.isEnabled()

        # Status filter: only the jobs waiting for QC, from the first page again.
        waiting = 1 + sum(1 for _, status, _ in EXTRA_JOBS if status == "pending_qc")
        board.status_filter.setCurrentIndex(board.status_filter.findData("pending_qc"))
        run_until(lambda: board.page_label.text() == f"Page 1 of 1 · {waiting} jobs",
                  what="the status filter")
        assert {job.status for job in board.jobs_model.jobs()} == {"pending_qc"}

        # The project filter's choices came from the jobs seen.
        board.project_filter.setCurrentIndex(board.project_filter.findData("project-demo-2"))
        run_until(lambda: board.jobs_model.rowCount() > 0 and all(
            j.project_id == "project-demo-2" and j.status == "pending_qc"
            for j in board.jobs_model.jobs()), what="the project filter")

        assert board.choose_job("demo-0003")
        run_until(lambda: board.languages_model.rowCount() == 2, what="demo-0003's languages")
        assert _map_text(board, "fr", LanguageColumn.STATE) == "Unassigned"
        assert _map_text(board, "fr", LanguageColumn.LINGUIST) == "Nobody yet"
        run_until(lambda: "/" in _map_text(board, "fr", LanguageColumn.PROGRESS),
                  what="the cue totals")
        total = int(_map_text(board, "fr", LanguageColumn.PROGRESS).split("/")[1])
        assert total > 0 and _map_text(board, "fr", LanguageColumn.PROGRESS) == f"0/{total}"

        board.choose_languages(["fr"])
        assert not board.assign_linguist.isEnabled()
        assert board.assign_linguist.toolTip() == "Choose a linguist first"
        assert board.choose_person("linguist", "u-linguist2")
        assert board.assign_linguist.isEnabled(), board.assign_linguist.toolTip()
        board.assign_linguist.click()
        run_until(lambda: _qc_row(platform_server, "demo-0003", "fr")["linguist_id"]
                  == "u-linguist2", what="the emulator to have the linguist")
        assert _qc_row(platform_server, "demo-0003", "fr")["state"] == "assigned"
        run_until(lambda: _map_text(board, "fr", LanguageColumn.LINGUIST) == "Luc Linguist",
                  what="the board to show the linguist")
        assert _map_text(board, "fr", LanguageColumn.STATE) == "Assigned"
        # Now it has one, the same button reassigns.
        assert board.assign_linguist.accessibleName() == "Reassign linguist"
        assert board.assign_linguist.toolTip() == "Luc Linguist is already the linguist"
        run_until(lambda: "done" in board.status.text(), what="the done message")
    finally:
        _finish(loader, session)


def test_bulk_assign_gives_every_selected_language_the_same_people(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "pm@demo.test", "project_manager")
    try:
        assert board.choose_job("demo-0003")
        run_until(lambda: board.languages_model.rowCount() == 2, what="the languages")
        board.choose_languages(["fr", "de"])
        assert not board.assign_reviewer.isEnabled()  # one language at a time there
        assert "Several languages" in board.assign_reviewer.toolTip()
        assert not board.bulk_assign.isEnabled()
        assert board.choose_person("linguist", "u-linguist")
        assert board.choose_person("reviewer", "u-reviewer")
        assert board.bulk_assign.isEnabled(), board.bulk_assign.toolTip()
        board.bulk_assign.click()
        run_until(lambda: all(
            _qc_row(platform_server, "demo-0003", code)["reviewer_id"] == "u-reviewer"
            for code in ("fr", "de")), what="the bulk assignment")
        for code in ("fr", "de"):
            assert _qc_row(platform_server, "demo-0003", code) == {
                "state": "assigned", "linguist_id": "u-linguist", "reviewer_id": "u-reviewer"}
        run_until(lambda: _map_text(board, "de", LanguageColumn.REVIEWER) == "Rita Reviewer",
                  what="the map to reload")

        # An approved language cannot change hands: the bulk button says which and why.
        assert board.choose_job("demo-0004")
        run_until(lambda: board.languages_model.rowCount() == 2
                  and board.selected_languages() == [], what="demo-0004's languages")
        board.choose_languages(["es", "fr"])
        assert not board.bulk_assign.isEnabled()
        assert "approved" in board.bulk_assign.toolTip()
    finally:
        _finish(loader, session)


def test_job_actions_follow_role_and_status_and_reach_the_server(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "pm@demo.test", "project_manager")
    asked: list[tuple[str, str]] = []

    def answer(_parent: object, title: str, prompt: str) -> str:
        asked.append((title, prompt))
        return "Cue 3 of the Spanish captions needs another look."

    board.ask_reason = answer
    try:
        assert board.choose_job("demo-0004")
        buttons = board.action_buttons
        enabled = {action for action, button in buttons.items() if button.isEnabled()}
        assert enabled == {JobAction.COMPLETE, JobAction.REJECT_FINAL, JobAction.RETURN_TO_QC}
        approve = buttons[JobAction.APPROVE_SOURCE]
        assert approve.toolTip() == "Only a reviewer, production or an admin can approve source"
        assert buttons[JobAction.COMPLETE].toolTip() == "Mark the job fully complete"

        buttons[JobAction.RETURN_TO_QC].click()
        assert asked and asked[0][0] == "Return to QC"
        run_until(lambda: platform_server.store.scalar(
            "SELECT status FROM jobs WHERE id = ?", ("demo-0004",)) == "in_qc",
            what="the job back in QC")
        run_until(lambda: getattr(board.current_job(), "status", None) == "in_qc",
                  what="the board to show the new status")
        # In QC, a PM has nothing left to do with the job.
        assert not any(button.isEnabled() for button in buttons.values())
        assert "final review" in buttons[JobAction.COMPLETE].toolTip()

        # Cancelling the reason dialog sends nothing.
        board.ask_reason = lambda *_: None
        board.choose_job("demo-0001")
        assert not buttons[JobAction.REJECT].isEnabled()
    finally:
        _finish(loader, session)


def test_production_bulk_approves_only_the_jobs_that_can_move(
    qtbot: QtBot, platform_server: PlatformServer,
    database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "production@demo.test", "production")
    try:
        board.choose_job("demo-0003")
        selection = board.jobs_table.selectionModel()
        from PySide6.QtCore import QItemSelectionModel

        row = board.jobs_model.row_of("demo-0001")
        assert row is not None
        selection.select(board.jobs_model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        approve = board.bulk_buttons["approve"]
        assert approve.isEnabled()
        assert "1 of 2 selected jobs" in approve.toolTip()
        assert "Left as they are" in approve.toolTip() and "in QC" in approve.toolTip()
        back = board.bulk_buttons["return-to-qc"]
        assert not back.isEnabled()
        assert back.toolTip().startswith("Only a project manager or an admin")
        approve.click()
        run_until(lambda: platform_server.store.scalar(
            "SELECT status FROM jobs WHERE id = ?", ("demo-0003",)) == "in_qc",
            what="the bulk approval")
        run_until(lambda: "1 of 1 jobs changed" in board.status.text(), what="the summary")
        assert platform_server.store.scalar(
            "SELECT status FROM jobs WHERE id = ?", ("demo-0001",)) == "in_qc"
    finally:
        _finish(loader, session)


def _page(*jobs: tuple[str, str]) -> JobsPage:
    items = tuple(
        JobSummary(id=job_id, title=f"Job {job_id}", status=status, source_language="en",
                   languages=("en", "fr"), org_id="org", client_id="c", project_id="p",
                   created_at=None, updated_at=None)
        for job_id, status in jobs)
    return JobsPage(items, total=len(items), page=1, size=20)


@pytest.mark.parametrize("role", ["linguist", "client"])
def test_a_linguist_or_client_sees_no_board_action_enabled(qtbot: QtBot, role: str) -> None:
    from app.storage import LanguageInfo

    board = QcBoard()
    qtbot.addWidget(board)
    board.set_role(role)
    statuses = ["pending_qc", "in_qc", "final_review", "processing", "failed",
                "blocked_on_source", "complete"]
    board.set_jobs(_page(*((f"j{i}", s) for i, s in enumerate(statuses))))
    board.jobs_table.selectAll()
    for index, _status in enumerate(statuses):
        board.choose_job(f"j{index}")
        board.set_language_map(f"j{index}", [LanguageInfo("fr", "assigned",
                                                          {"id": "u1", "name": "Lina"})])
        board.choose_languages(["fr"])
        for action in BOARD_ACTIONS:
            button = board.action_buttons[action]
            assert not button.isEnabled()
            assert button.toolTip().startswith("Only "), button.toolTip()
            assert button.accessibleDescription() == button.toolTip()
        assert not board.assign_linguist.isEnabled()
        assert board.assign_linguist.toolTip() == (
            "Only production, a project manager or an admin can reassign linguist")
    board.jobs_table.selectAll()
    for button in board.bulk_buttons.values():
        assert not button.isEnabled() and button.toolTip().startswith("Only ")


def test_pages_are_asked_for_with_the_filters(qtbot: QtBot) -> None:
    board = QcBoard()
    qtbot.addWidget(board)
    board.set_role("admin")
    board.set_jobs(JobsPage(_page(("a", "in_qc")).items, total=61, page=2, size=20))
    assert board.page_label.text() == "Page 2 of 4 · 61 jobs"
    with qtbot.waitSignal(board.pageRequested) as asked:
        board.next_page.click()
    filters, page = asked.args
    assert page == 3 and filters == JobFilters(size=20)
    # From the keyboard: Ctrl+PgUp and Ctrl+PgDown turn pages from inside the board.
    board.show()
    board.activateWindow()
    board.jobs_table.setFocus()
    qtbot.waitUntil(board.jobs_table.hasFocus)
    with qtbot.waitSignal(board.pageRequested) as asked:
        qtbot.keyClick(board.jobs_table, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert asked.args[1] == 1
    with qtbot.waitSignal(board.pageRequested) as asked:
        board.status_filter.setCurrentIndex(board.status_filter.findData("final_review"))
    assert asked.args == [JobFilters(status="final_review"), 1]
    # A language map for a job that is no longer chosen is dropped.
    from app.storage import LanguageInfo

    board.set_language_map("not-chosen", [LanguageInfo("fr")])
    assert board.languages_model.rowCount() == 0


def test_reassigning_and_a_refused_assignment_are_told_in_words(
    qtbot: QtBot, platform_server: PlatformServer, database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "pm@demo.test", "project_manager")
    try:
        assert board.choose_job("demo-0001")
        run_until(lambda: board.languages_model.rowCount() == 3, what="demo-0001's languages")
        # de has a linguist and no reviewer: reassign the one, assign the other.
        board.choose_languages(["de"])
        assert board.assign_linguist.accessibleName() == "Reassign linguist"
        assert board.assign_reviewer.accessibleName() == "Assign reviewer"
        board.choose_person("linguist", "u-linguist2")
        board.assign_linguist.click()
        run_until(lambda: _qc_row(platform_server, "demo-0001", "de")["linguist_id"]
                  == "u-linguist2", what="the reassignment")
        board.choose_person("reviewer", "u-reviewer")
        run_until(lambda: board.assign_reviewer.isEnabled(), what="the reviewer button")
        board.assign_reviewer.click()
        run_until(lambda: _qc_row(platform_server, "demo-0001", "de")["reviewer_id"]
                  == "u-reviewer", what="the reviewer")
        assert _qc_row(platform_server, "demo-0001", "de")["state"] == "assigned"

        # Someone approves fr on the server while the board still shows it in progress:
        # the platform refuses the change of linguist and the board says why.
        platform_server.store.execute(
            "UPDATE language_qc SET state = 'approved' WHERE job_id = ? AND lang = ?",
            ("demo-0001", "fr"))
        board.choose_languages(["fr"])
        board.choose_person("linguist", "u-linguist2")
        assert board.assign_linguist.isEnabled()
        board.assign_linguist.click()
        run_until(lambda: "Cannot reassign a language in state 'approved'"
                  in board.status.text(), what="the server's reason")
        # Refused once and for good (not retried): the state forbids it.
        assert board.status.text().startswith(
            "French (fr): reassign linguist: the server refused it")
        assert "outbox panel" in board.status.text()
        assert _qc_row(platform_server, "demo-0001", "fr")["linguist_id"] == "u-linguist"
    finally:
        _finish(loader, session)


def test_a_failed_page_load_is_shown_in_words_and_keeps_the_old_page(
    qtbot: QtBot, platform_server: PlatformServer, database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "pm@demo.test", "project_manager")
    try:
        shown = [job.id for job in board.jobs_model.jobs()]
        platform_server.faults.set(error_rate=1.0, methods=["GET"], path_regex="/jobs$")
        board.status_filter.setCurrentIndex(board.status_filter.findData("complete"))
        run_until(lambda: board.status.text().startswith("Could not load the jobs:"),
                  what="the error")
        assert "Traceback" not in board.status.text()
        assert [job.id for job in board.jobs_model.jobs()] == shown
    finally:
        platform_server.faults.reset()
        _finish(loader, session)


def test_the_reason_dialog_needs_words_before_ok(qtbot: QtBot) -> None:
    from ui.qc_dialogs import ReasonDialog

    dialog = ReasonDialog("Reject", "Why is this job rejected?")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText("  The source audio is clipped.  ")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "The source audio is clipped."


def test_every_control_of_the_board_queue_and_dialogs_has_a_name(qtbot: QtBot) -> None:
    from tests.ui.accessibility_walk import describe, unnamed_widgets
    from ui.my_queue import MyQueueView
    from ui.qc_dialogs import LanguageDialog, ReasonDialog

    board = QcBoard()
    queue = MyQueueView()
    reason = ReasonDialog("Reject", "Why?")
    language = LanguageDialog("Retry TTS", "Which language?", ["fr", "de"])
    for widget in (board, queue, reason, language):
        qtbot.addWidget(widget)
        problems = unnamed_widgets(widget)
        assert problems == [], describe(problems)


def test_retry_tts_asks_for_a_language_and_production_sends_it(
    qtbot: QtBot, platform_server: PlatformServer, database: Database,
) -> None:
    board, loader, session = _board_for(
        qtbot, platform_server, database, "production@demo.test", "production")
    offered: list[list[str]] = []

    def choose(_parent: object, _title: str, _prompt: str, languages: Sequence[str]) -> str | None:
        offered.append(list(languages))
        return "de" if len(offered) > 1 else None

    board.ask_language = choose
    try:
        assert board.choose_job("demo-0001")
        retry = board.action_buttons[JobAction.RETRY_TTS]
        assert retry.isEnabled(), retry.toolTip()
        assert not board.action_buttons[JobAction.COMPLETE].isEnabled()
        retry.click()  # cancelled: nothing is sent
        retry.click()
        assert offered == [["fr", "de", "es"], ["fr", "de", "es"]]
        path = "/api/v1/jobs/demo-0001/actions/retry_tts"
        run_until(lambda: any(r["status"] == 200 for r in
                              platform_server.faults.requests("POST", path)),
                  what="the retry to reach the server")
        assert len(platform_server.faults.requests("POST", path)) == 1
        run_until(lambda: "Retry TTS: done." in board.status.text(), what="the done message")
    finally:
        _finish(loader, session)
