"""The conflict dialog over a conflict stored as the sync engine stores it (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.captions.merge import Take
from app.storage import (
    Database,
    JobInfo,
    JobStore,
    LanguageInfo,
    Outbox,
    OutboxState,
    TrackState,
    TrackStore,
)
from sync.conflicts import ConflictStore, TrackConflict, resolve_conflict
from ui.conflict_view import ConflictDialog, ConflictSession

JOB = "job-7"

BASE = """WEBVTT

00:00:01.000 --> 00:00:03.000
Welcome to the harbour.

00:00:04.000 --> 00:00:06.000
The boats leave at dawn.

00:00:07.000 --> 00:00:09.000
Fishermen mend their nets.

00:00:10.000 --> 00:00:12.000
Gulls circle overhead.

00:00:13.000 --> 00:00:15.000
The market opens at six.
"""

# Mine: cue 1 and cue 3 changed (both clash with theirs), cue 4 changed cleanly.
MINE = """WEBVTT

00:00:01.000 --> 00:00:03.000
Welcome to our harbour.

00:00:04.000 --> 00:00:06.000
The boats leave at dawn.

00:00:07.000 --> 00:00:09.500
Fishermen repair their nets.

00:00:10.000 --> 00:00:12.000
Seagulls circle overhead.

00:00:13.000 --> 00:00:15.000
The market opens at six.
"""

# Theirs (server version 3): cue 1 and cue 3 changed differently, cue 5 changed cleanly.
THEIRS = """WEBVTT

00:00:01.000 --> 00:00:03.000
Welcome, everyone, to the harbour.

00:00:04.000 --> 00:00:06.000
The boats leave at dawn.

00:00:07.200 --> 00:00:09.000
The fishermen mend nets.

00:00:10.000 --> 00:00:12.000
Gulls circle overhead.

00:00:13.000 --> 00:00:15.000
The market opens at six o'clock.
"""

# Mine for the first conflict, theirs for the second, both clean changes.
EXPECTED = """WEBVTT

00:00:01.000 --> 00:00:03.000
Welcome to our harbour.

00:00:04.000 --> 00:00:06.000
The boats leave at dawn.

00:00:07.200 --> 00:00:09.000
The fishermen mend nets.

00:00:10.000 --> 00:00:12.000
Seagulls circle overhead.

00:00:13.000 --> 00:00:15.000
The market opens at six o'clock.
"""


@pytest.fixture
def conflicted(database: Database) -> int:
    """A French captions track in conflict, set up the way the sync worker leaves it.

    Returns the id of the failed upload that holds the lane.
    """
    JobStore(database).upsert_job(
        JobInfo(id=JOB, title="Harbour documentary", status="in_qc", source_language="en"),
        [LanguageInfo(code="fr")],
    )
    tracks, outbox = TrackStore(database), Outbox(database)
    tracks.save_server_track(JOB, "fr", "captions", 2, BASE)
    tracks.save_working_copy(JOB, "fr", "captions", MINE)
    [upload] = outbox.pending_items()
    outbox.mark_in_flight(upload.id)
    ConflictStore(database).save(TrackConflict(
        job_id=JOB, language="fr", kind="captions", base_version=2, base_content=BASE,
        mine_content=MINE, theirs_version=3, theirs_content=THEIRS,
        reason="2 cue(s) changed on both sides",
    ))
    tracks.set_state(JOB, "fr", "captions", TrackState.CONFLICT)
    outbox.mark_failed(upload.id, "Conflict with version 3 on the server: 2 cue(s) changed")
    return upload.id


def open_dialog(qtbot: QtBot, database: Database) -> ConflictDialog:
    dialog = ConflictDialog(database, JOB, "fr", "captions")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Mnemonics (Alt+M …) only reach the active window.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def words(dialog: ConflictDialog) -> list[str]:
    model = dialog.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def alt(qtbot: QtBot, dialog: ConflictDialog, key: Qt.Key, button: QPushButton) -> None:
    """Press Alt+key and wait for `button`: a mnemonic "animates" the click for 100 ms."""
    # Through the window, as the system delivers keys, so the shortcut map sees them.
    window = dialog.windowHandle()
    assert window is not None
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)


def test_header_list_and_panes_show_the_conflict(
    qtbot: QtBot, database: Database, conflicted: int
) -> None:
    dialog = open_dialog(qtbot, database)
    assert dialog.summary.text() == "2 changes merged without conflict; 2 need your choice"
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 0).data() == "Cue at 00:00:01.000 changed on both sides"
    assert words(dialog) == ["unresolved", "unresolved"]
    assert dialog.theirs_pane.title() == "Theirs — the server's version 3"
    assert dialog.mine_pane.text.toPlainText() == "Welcome to our harbour."
    assert dialog.theirs_pane.text.toPlainText() == "Welcome, everyone, to the harbour."
    assert dialog.base_pane.times.text() == "00:00:01.000 → 00:00:03.000"
    assert dialog.mine_pane.status.text() == "Changed: text"
    assert not dialog.resolve_button.isEnabled()
    for widget in (dialog.list, dialog.take_mine, dialog.take_theirs, dialog.use_edited,
                   dialog.delete_button, dialog.resolve_button, dialog.cancel_button,
                   dialog.result_pane.text, dialog.result_pane.start, dialog.mine_pane.text):
        assert widget.accessibleName(), widget


def test_keyboard_choices_then_resolve_saves_the_merge_and_requeues_the_upload(
    qtbot: QtBot, database: Database, conflicted: int, artefacts: Path
) -> None:
    dialog = open_dialog(qtbot, database)
    resolved: list[int] = []
    dialog.resolved.connect(resolved.append)
    assert dialog.focusWidget() is dialog.list

    alt(qtbot, dialog, Qt.Key.Key_M, dialog.take_mine)
    assert words(dialog) == ["mine", "unresolved"]
    assert not dialog.resolve_button.isEnabled()  # one conflict still open
    assert dialog.progress.text() == "1 of 2 conflicts chosen"

    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.mine_pane.times.text() == "00:00:07.000 → 00:00:09.500"
    assert dialog.theirs_pane.status.text() == "Changed: times, text"
    dialog.grab().save(str(artefacts / "conflict-dialog.png"))
    alt(qtbot, dialog, Qt.Key.Key_T, dialog.take_theirs)
    assert words(dialog) == ["mine", "theirs"]
    assert dialog.resolve_button.isEnabled()

    alt(qtbot, dialog, Qt.Key.Key_R, dialog.resolve_button)

    assert dialog.result() == ConflictDialog.DialogCode.Accepted
    track = TrackStore(database).get_track(JOB, "fr", "captions")
    assert track is not None
    assert track.working_content == EXPECTED
    assert track.state == TrackState.LOCAL_CHANGES
    assert (track.base_version, track.base_content) == (3, THEIRS)
    assert resolved == [track.local_revision]
    outbox = Outbox(database)
    assert outbox.failed_items() == []
    [upload] = outbox.lane(JOB, "fr")
    assert (upload.id, upload.state, upload.kind) == (conflicted, OutboxState.PENDING,
                                                      "track_upload")
    assert ConflictStore(database).get(JOB, "fr", "captions") is None


def test_an_edited_result_and_delete(qtbot: QtBot, database: Database, conflicted: int) -> None:
    dialog = open_dialog(qtbot, database)
    result = dialog.result_pane
    result.text.setPlainText("Welcome, all, to our harbour.")
    result.end.setText("00:00:03.500")
    alt(qtbot, dialog, Qt.Key.Key_E, dialog.use_edited)
    assert words(dialog)[0] == "edited"
    assert result.choice.text() == "Current choice: edited"

    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    result.end.setText("00:00:06.000")  # before the start: refused, said plainly
    alt(qtbot, dialog, Qt.Key.Key_E, dialog.use_edited)
    assert dialog.problem.isVisible()
    assert "end time must be after its start" in dialog.problem.text()
    assert words(dialog)[1] == "unresolved"
    alt(qtbot, dialog, Qt.Key.Key_D, dialog.delete_button)
    assert words(dialog)[1] == "deleted" and not dialog.problem.isVisible()

    dialog.resolve_button.click()
    track = TrackStore(database).get_track(JOB, "fr", "captions")
    assert track is not None
    assert "00:00:01.000 --> 00:00:03.500\nWelcome, all, to our harbour." in \
        track.working_content
    assert "nets" not in track.working_content


def test_cancel_changes_nothing(qtbot: QtBot, database: Database, conflicted: int) -> None:
    tracks, outbox = TrackStore(database), Outbox(database)
    before = tracks.get_track(JOB, "fr", "captions")
    dialog = open_dialog(qtbot, database)
    alt(qtbot, dialog, Qt.Key.Key_M, dialog.take_mine)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)

    assert dialog.result() == ConflictDialog.DialogCode.Rejected
    assert tracks.get_track(JOB, "fr", "captions") == before
    assert [item.id for item in outbox.failed_items()] == [conflicted]
    assert outbox.pending_items() == []
    stored = ConflictStore(database).get(JOB, "fr", "captions")
    assert stored is not None and stored.mine_content == MINE


def test_a_conflict_resolved_meanwhile_is_said_plainly(
    qtbot: QtBot, database: Database, conflicted: int
) -> None:
    dialog = open_dialog(qtbot, database)
    alt(qtbot, dialog, Qt.Key.Key_M, dialog.take_mine)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    alt(qtbot, dialog, Qt.Key.Key_T, dialog.take_theirs)
    resolve_conflict(database, JOB, "fr", "captions", THEIRS)  # e.g. from another window

    dialog.resolve_button.click()

    assert dialog.isVisible() and dialog.result() != ConflictDialog.DialogCode.Accepted
    assert "resolved already" in dialog.problem.text()
    assert not dialog.resolve_button.isEnabled()
    track = TrackStore(database).get_track(JOB, "fr", "captions")
    assert track is not None and track.working_content == THEIRS


def test_no_waiting_conflict_is_said_plainly(qtbot: QtBot, database: Database) -> None:
    dialog = open_dialog(qtbot, database)
    assert dialog.model.rowCount() == 0
    assert "no conflict waiting" in dialog.problem.text()
    assert not dialog.resolve_button.isEnabled() and not dialog.take_mine.isEnabled()


def test_clean_changes_are_counted_as_a_person_would() -> None:
    # Theirs deleted cue A, mine added cue B elsewhere and edited the header: three
    # clean changes; the NOTE changed on both sides is the one conflict.
    base = "WEBVTT\n\nNOTE first\n\n00:00:01.000 --> 00:00:02.000\nA\n"
    mine = ("WEBVTT - mine\n\nNOTE first, mine\n\n00:00:01.000 --> 00:00:02.000\nA\n\n"
            "00:00:03.000 --> 00:00:04.000\nB\n")
    theirs = "WEBVTT\n\nNOTE first, theirs\n"
    session = ConflictSession(TrackConflict(
        job_id=JOB, language="fr", kind="captions", base_version=1, base_content=base,
        mine_content=mine, theirs_version=2, theirs_content=theirs, reason=""), mine)
    assert session.clean_changes == 3
    [conflict] = session.conflicts
    assert session.word(conflict.key) == "unresolved" and not session.all_chosen
    session.choose(conflict.key, Take.THEIRS)
    assert session.word(conflict.key) == "theirs" and session.all_chosen
    assert session.resolved_text() == (
        "WEBVTT - mine\n\nNOTE first, theirs\n\n00:00:03.000 --> 00:00:04.000\nB\n")
