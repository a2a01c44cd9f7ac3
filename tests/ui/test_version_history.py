"""The version history dialog: list, view, compare by cue, restore, errors, keys, screenshot.

Most tests use an in-memory `VersionSource` (the network calls are tested in
tests/sync); the last one runs the dialog against the platform emulator.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from app.captions.version_diff import CueChange
from app.captions.webvtt_file import parse, write
from app.storage import Database
from sync.errors import HttpError, OfflineError
from sync.shapes import TrackVersion
from tests.platform.server import PlatformServer
from tests.ui.qc_support import (
    await_result,
    qt_loop,  # noqa: F401 - the fixture every test here runs in
    run_until,
    signed_in,
)
from ui.version_history import (
    CHANGE_COLOURS,
    PlatformVersionSource,
    VersionDiffModel,
    VersionHistoryDialog,
)

pytestmark = pytest.mark.usefixtures("qt_loop")

REPO = Path(__file__).resolve().parents[2]
DEMO_EN = (REPO / "resources" / "demo" / "en.captions.vtt").read_text(encoding="utf-8")


def edited_demo() -> str:
    """The demo captions with known edits: cue 2's text, cue 4's timing, cue 7 removed."""
    track = parse(DEMO_EN)
    cues = list(track.cues)
    cues[1] = cues[1].edited(text="Thanks. Let's check the captions.")
    cues[3] = cues[3].edited(start_ms=cues[3].start_ms + 240, end_ms=cues[3].end_ms + 240)
    del cues[6]
    return write(type(track)(cues, header=track.header, layout=track.layout))


class MemoryVersions:
    """A track's versions in memory, failing on request."""

    def __init__(self) -> None:
        self.texts = {1: DEMO_EN.replace("Welcome", "Welcom"), 2: DEMO_EN, 3: edited_demo()}
        self.meta = [
            TrackVersion(1, "2026-04-02T09:10:00Z", "u-production", "Automatic draft"),
            TrackVersion(2, "2026-04-02T09:20:00Z", "u-linguist", "Spelling"),
            TrackVersion(3, "2026-04-03T14:05:00Z", "u-reviewer", "Review edits"),
        ]
        self.restores: list[tuple[int, str]] = []
        self.failure: Exception | None = None
        self.text_failure: Exception | None = None

    async def versions(self) -> list[TrackVersion]:
        if self.failure is not None:
            raise self.failure
        return list(self.meta)

    async def version_text(self, number: int) -> str:
        if self.text_failure is not None:
            raise self.text_failure
        return self.texts[number]

    async def restore(self, number: int, comment: str) -> None:
        if self.failure is not None:
            raise self.failure
        self.restores.append((number, comment))
        new = len(self.meta) + 1
        self.texts[new] = self.texts[number]
        self.meta.append(TrackVersion(new, "2026-04-04T08:00:00Z", "u-reviewer", comment))


@pytest.fixture
def source() -> MemoryVersions:
    return MemoryVersions()


@pytest.fixture
def dialog(qtbot: QtBot, source: MemoryVersions) -> Iterator[VersionHistoryDialog]:
    shown = VersionHistoryDialog(source, "Demo · en · captions",
                                 names={"u-reviewer": "Sam Reviewer"})
    qtbot.addWidget(shown)
    shown.show()
    shown.load()
    run_until(lambda: shown.model.rowCount() == len(source.meta), what="the version list")
    yield shown
    await_result(shown.stop())


def cell(model: Any, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.data(model.index(row, column), role)


def test_the_list_shows_versions_newest_first_with_author_time_and_comment(
    dialog: VersionHistoryDialog,
) -> None:
    model = dialog.model
    rows = [[cell(model, r, c) for c in range(4)] for r in range(model.rowCount())]
    assert [row[0] for row in rows] == ["3 (latest)", "2", "1"]
    assert rows[0][1] == "Sam Reviewer" and rows[1][1] == "u-linguist"
    assert rows[0][3] == "Review edits"
    assert rows[2][2].startswith("2026-04-0")  # local time, minutes shown
    assert "3 versions" in dialog.status.text()
    # the latest is selected at first: it can be viewed, not restored
    assert dialog.selected_versions() == [3]
    assert dialog.view_button.isEnabled() and not dialog.restore_button.isEnabled()
    assert not dialog.diff_button.isEnabled()


def test_enter_views_the_selected_version_read_only(
    dialog: VersionHistoryDialog, qtbot: QtBot
) -> None:
    dialog.select_versions(2)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    run_until(lambda: dialog.cue_model.rowCount() == 8, what="version 2's cues")
    assert dialog.pane.currentWidget() is dialog.cue_table
    assert cell(dialog.cue_model, 0, 1) == "00:00:02.400"
    assert cell(dialog.cue_model, 0, 3) == "Welcome to the review / workstation demo."
    assert "Version 2: 8 cues (read-only)" in dialog.pane_title.text()
    assert dialog.cue_table.editTriggers() == QTableView.EditTrigger.NoEditTriggers


def test_d_compares_the_two_selected_versions_by_cue(
    dialog: VersionHistoryDialog, qtbot: QtBot, artefacts: Path
) -> None:
    dialog.select_versions(2, 3)
    assert dialog.diff_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_D)
    run_until(lambda: dialog.diff_model.rowCount() > 0, what="the comparison")
    model = dialog.diff_model
    changes = [model.diff_row(r).change for r in range(model.rowCount())]
    assert changes.count(CueChange.UNCHANGED) == 5
    changed = [(cell(model, r, 0), cell(model, r, 1), cell(model, r, 4))
               for r in range(model.rowCount()) if changes[r] is not CueChange.UNCHANGED]
    assert changed == [("Text changed", "2", "2"), ("Timing changed", "4", "4"),
                       ("Removed", "7", "")]
    assert "1 text changed, 1 timing changed, 1 removed" in dialog.pane_title.text()
    # the kind is said in words and shown in colour; the changed part is bold
    removed = changes.index(CueChange.REMOVED)
    brush = cell(model, removed, VersionDiffModel.OLD_TEXT, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == CHANGE_COLOURS[CueChange.REMOVED]
    assert cell(model, 0, 3, Qt.ItemDataRole.BackgroundRole) is None  # unchanged: no fill
    text_row = changes.index(CueChange.TEXT)
    assert cell(model, text_row, VersionDiffModel.NEW_TEXT, Qt.ItemDataRole.FontRole).bold()
    assert cell(model, text_row, VersionDiffModel.NEW_TIME, Qt.ItemDataRole.FontRole) is None
    assert cell(model, removed, 0, Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Removed cue 7:")
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Text (v2)"
    dialog.only_changes.setChecked(True)
    assert model.rowCount() == 3

    dialog.only_changes.setChecked(False)
    dialog.resize(1200, 640)
    QApplication.processEvents()
    image = dialog.grab()
    assert not image.isNull()
    target = artefacts / "version-diff.png"
    assert image.save(str(target))
    shutil.copyfile(target, "/tmp/version-diff.png")


def test_restore_asks_for_a_comment_then_makes_a_new_version(
    dialog: VersionHistoryDialog, source: MemoryVersions, qtbot: QtBot
) -> None:
    dialog.select_versions(1)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored, timeout=10_000) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        confirmation = dialog.confirmation
        assert confirmation is not None and confirmation.isVisible()
        assert "It becomes version 4" in confirmation.findChildren(QLabel)[0].text()
        confirmation.comment.setText("Back to the automatic draft")
        confirmation.buttons.accepted.emit()
    assert restored.args == [1]
    assert source.restores == [(1, "Back to the automatic draft")]
    run_until(lambda: dialog.model.rowCount() == 4, what="the new version in the list")
    assert cell(dialog.model, 0, 0) == "4 (latest)"
    assert cell(dialog.model, 0, 3) == "Back to the automatic draft"
    assert "Version 1 restored: it is now version 4" in dialog.status.text()


def test_cancelling_the_confirmation_restores_nothing(
    dialog: VersionHistoryDialog, source: MemoryVersions
) -> None:
    dialog.select_versions(2)
    dialog.ask_restore()
    assert dialog.confirmation is not None
    dialog.confirmation.buttons.rejected.emit()
    QApplication.processEvents()
    assert source.restores == []


def test_failures_are_told_in_plain_words_and_nothing_is_lost(
    dialog: VersionHistoryDialog, source: MemoryVersions
) -> None:
    source.text_failure = HttpError(404, "Version 2 not found")
    dialog.select_versions(2)
    dialog.view_selected()
    run_until(lambda: "Could not" in dialog.status.text(), what="the error")
    assert dialog.status.text() == "Could not load version 2: Version 2 not found"

    source.failure = OfflineError("the server cannot be reached (you are offline)")
    dialog.select_versions(1)
    dialog.ask_restore()
    assert dialog.confirmation is not None
    dialog.confirmation.buttons.accepted.emit()
    run_until(lambda: "restore version 1" in dialog.status.text(), what="the restore error")
    assert "the server cannot be reached" in dialog.status.text()
    assert dialog.restore_button.isEnabled()  # may try again
    assert source.restores == [] and dialog.model.rowCount() == 3

    dialog.load()
    run_until(lambda: "load the versions" in dialog.status.text(), what="the list error")
    assert dialog.status.text().endswith("Press F5 to try again.")
    assert dialog.model.rowCount() == 3  # the list shown before stays

    source.failure = None
    source.text_failure = None
    source.texts[2] = "this is not WebVTT"
    dialog.select_versions(2, 3)
    dialog.diff_selected()
    run_until(lambda: "compare versions 2 and 3" in dialog.status.text(), what="the bad text")
    assert "not readable WebVTT" in dialog.status.text()


def test_every_control_has_an_accessible_name(
    dialog: VersionHistoryDialog,
) -> None:
    dialog.select_versions(1)
    dialog.ask_restore()
    widgets: list[Any] = []
    for kind in (QPushButton, QTableView, QLineEdit):
        widgets += dialog.findChildren(kind)
    assert len(widgets) >= 8
    assert all(widget.accessibleName() for widget in widgets), [
        w.objectName() or type(w).__name__ for w in widgets if not w.accessibleName()]
    assert dialog.confirmation is not None
    dialog.confirmation.reject()


# --- against the platform emulator --------------------------------------------------------


def test_against_the_emulator_compare_and_restore(
    qtbot: QtBot, platform_server: PlatformServer, database: Database
) -> None:
    session = signed_in(platform_server, database, "linguist@demo.test")
    try:
        source = PlatformVersionSource(session.api, "demo-0001", "fr", "captions")
        shown = VersionHistoryDialog(source, "demo-0001 · fr")
        qtbot.addWidget(shown)
        shown.show()
        shown.load()
        run_until(lambda: shown.model.rowCount() == 2, what="the seeded versions")
        assert [cell(shown.model, r, 3) for r in range(2)] == ["Timing corrected",
                                                                 "Automatic draft"]
        shown.select_versions(1, 2)
        shown.diff_selected()
        run_until(lambda: shown.diff_model.rowCount() > 0, what="the comparison")
        rows = [shown.diff_model.diff_row(r) for r in range(shown.diff_model.rowCount())]
        # The seed's draft is the final text shifted in time: timing changes, nothing else.
        assert {row.change for row in rows} == {CueChange.TIMING}
        shown.select_versions(1)
        with qtbot.waitSignal(shown.restored, timeout=10_000):
            shown.ask_restore()
            assert shown.confirmation is not None
            shown.confirmation.buttons.accepted.emit()
        run_until(lambda: shown.model.rowCount() == 3, what="the restored version")
        # the emulator keeps its own comment (platform-api.md's restore takes none)
        assert cell(shown.model, 0, 3) == "Restored version 1"
        first = platform_server.store.one(
            "SELECT content FROM vtt_versions WHERE job_id = 'demo-0001' AND lang = 'fr' "
            "AND kind = 'captions' AND version = 1")
        latest = platform_server.store.one(
            "SELECT content FROM vtt_versions WHERE job_id = 'demo-0001' AND lang = 'fr' "
            "AND kind = 'captions' AND version = 3")
        assert first is not None and latest is not None
        assert latest["content"] == first["content"]
        await_result(shown.stop())
    finally:
        await_result(session.stop())
