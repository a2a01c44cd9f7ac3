"""Edit → Timing on the demo track: each command is one undo step and lands where asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from ui.application import build_window, create_application
from ui.main_window import MainWindow
from ui.timing_commands import TwoPointDialog


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    create_application()
    shown = build_window([])
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.editor.model.rowCount() > 0, timeout=5000)
    yield shown
    shown.close()


def _starts(window: MainWindow) -> list[int]:
    track = window.editor.track
    assert track is not None
    return [cue.start_ms for cue in track.cues]


def test_two_point_sync_puts_both_anchors_exactly_where_asked(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _starts(window)

    def answer(dialog: TwoPointDialog) -> int:
        dialog.first.setValue(2)
        dialog.first_time.setText("00:00:06.000")
        dialog.second.setValue(7)
        dialog.second_time.setText("00:00:36.000")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(TwoPointDialog, "exec", answer)
    window._timing.two_point_sync()

    after = _starts(window)
    assert (after[1], after[6]) == (6000, 36000)
    assert after != before and window.editor.undo_stack.count() == 1
    window.editor.undo_stack.undo()
    assert _starts(window) == before


def test_shift_and_a_refused_offset(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _starts(window)
    said: list[str] = []
    window.editor.message.connect(said.append)

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("-0.5", True))
    window._timing.shift()
    assert _starts(window) == [start - 500 for start in before]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("soon", True))
    window._timing.shift()
    assert said and "is not a time" in said[-1]
    assert window.editor.undo_stack.count() == 1


def test_snapping_to_the_demo_shot_changes_moves_the_edge_near_a_cut(window: MainWindow) -> None:
    track = window.editor.track
    assert track is not None and window.editor.shot_changes  # the demo job knows its cuts
    window._timing.snap_to_shot_changes()
    ends = [cue.end_ms for cue in track.cues]
    assert 38600 in ends  # cue 7 ended 2 frames before the cut at 38.6 s
