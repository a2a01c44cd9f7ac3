"""The outbox panel over a real outbox: plain words, retry, discard after confirming (offscreen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.storage import (
    WHOLE_JOB,
    CommentStore,
    Database,
    JobInfo,
    JobStore,
    LanguageInfo,
    Outbox,
    OutboxState,
    TrackStore,
    open_database,
)
from ui.outbox_panel import OutboxPanel

JOB = "job-3"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "x.sqlite3")
    JobStore(opened).upsert_job(
        JobInfo(id=JOB, title="Harbour documentary", status="in_qc", source_language="en"),
        [LanguageInfo(code="fr"), LanguageInfo(code="de")],
    )
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def failed_submit(database: Database) -> int:
    """A track upload waiting, a comment, a job action backing off, and a failed submit."""
    outbox = Outbox(database)
    TrackStore(database).save_working_copy(JOB, "fr", "captions", "WEBVTT\n")
    CommentStore(database).add_comment(JOB, "de", "Cue 4 reads too fast for\nchildren",
                                       author="me")
    approve = outbox.enqueue_action(JOB, WHOLE_JOB, "approve_source", {"reason": "ok"})
    outbox.mark_in_flight(approve.id)
    outbox.retry(approve.id, "503: the server is busy",
                 not_before=datetime.now(UTC) + timedelta(hours=1))
    submit = outbox.enqueue_action(JOB, "de", "submit")
    outbox.mark_in_flight(submit.id)
    outbox.mark_failed(submit.id, "403: only the linguist may submit")
    return submit.id


def cells(panel: OutboxPanel) -> list[list[str]]:
    model = panel.model
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def select(panel: OutboxPanel, qtbot: QtBot, item_id: int) -> None:
    """Move to the item's row with the keyboard, as a person would."""
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(panel.model.rowCount()):
        item = panel.selected_item()
        if item is not None and item.id == item_id:
            return
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    raise AssertionError(f"outbox item {item_id} is not listed")


@pytest.fixture
def panel(qtbot: QtBot, database: Database) -> OutboxPanel:
    shown = OutboxPanel(database)
    qtbot.addWidget(shown)
    shown.resize(900, 300)
    shown.show()
    return shown


def test_items_are_listed_in_plain_words(
    panel: OutboxPanel, database: Database, failed_submit: int
) -> None:
    panel.refresh()
    retry_at = (datetime.now(UTC) + timedelta(hours=1)).astimezone().strftime("%H:%M")
    rows = cells(panel)
    assert rows == [
        ["Harbour documentary", "fr", "Captions upload", "waiting", ""],
        ["Harbour documentary", "de", "Comment: “Cue 4 reads too fast for”", "waiting", ""],
        ["Harbour documentary", "Whole job", "Approve source", f"retry at {retry_at}",
         "503: the server is busy"],
        ["Harbour documentary", "de", "Submit", "failed", "403: only the linguist may submit"],
    ]
    assert panel.summary.text() == "3 waiting, 1 failed"
    assert panel.table.accessibleName() and panel.retry_button.accessibleName()
    assert panel.discard_button.accessibleName()


def test_retry_puts_a_failed_item_back_and_tells_the_lead(
    panel: OutboxPanel, qtbot: QtBot, database: Database, failed_submit: int
) -> None:
    panel.refresh()
    select(panel, qtbot, failed_submit - 1)  # a waiting item: nothing to retry or discard
    assert not panel.retry_button.isEnabled() and not panel.discard_button.isEnabled()
    select(panel, qtbot, failed_submit)
    assert panel.retry_button.isEnabled()

    with qtbot.waitSignal(panel.retry_requested) as signal:
        panel.retry_button.click()

    assert signal.args == [failed_submit]
    item = Outbox(database).get(failed_submit)
    assert item is not None and item.state == OutboxState.PENDING
    assert cells(panel)[-1][3] == "waiting"
    assert panel.summary.text() == "4 waiting, 0 failed"
    assert panel.selected_item() is not None and panel.selected_item().id == failed_submit


def test_discard_needs_confirmation_and_the_item_disappears(
    panel: OutboxPanel, qtbot: QtBot, database: Database, failed_submit: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel.refresh()
    select(panel, qtbot, failed_submit)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> Callable[..., object]:
        def question(_parent: object, _title: str, text: str, *_args: object) -> object:
            asked.append(text)
            return button
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    panel.discard_button.click()
    assert len(cells(panel)) == 4  # cancelled: still there, still failed
    assert Outbox(database).failed_items()[0].id == failed_submit
    assert "local data stays in the track" in asked[0]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    panel.discard_button.click()

    assert [row[2] for row in cells(panel)] == [
        "Captions upload", "Comment: “Cue 4 reads too fast for”", "Approve source"]
    item = Outbox(database).get(failed_submit)
    assert item is not None and item.state == OutboxState.DONE
    assert item.last_error is not None and item.last_error.startswith("discarded: ")
    assert panel.summary.text() == "3 waiting, 0 failed"
    assert "discarded" in panel.status.text()


def test_an_empty_outbox(panel: OutboxPanel) -> None:
    assert panel.model.rowCount() == 0
    assert panel.summary.text() == "Nothing waiting to be sent"
    assert not panel.retry_button.isEnabled()
