"""French reviewed against English as segments: edits land in the French track and outbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.storage import Outbox, TrackStore
from tests.ui.test_main_window import choose_track
from ui.application import build_window, create_application
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    create_application()
    shown = build_window([])
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.editor.model.rowCount() > 0, timeout=5000)
    yield shown
    shown.close()


def test_a_segment_edit_is_a_french_track_edit_and_comes_back_from_the_cue_editor(
    window: MainWindow, qtbot: QtBot
) -> None:
    choose_track(window, qtbot, "fr", "Captions")
    qtbot.waitUntil(lambda: "fr" in window.editor.title.text()
                    and "loading" not in window.editor.title.text(), timeout=5000)
    window.review_against_source()
    review = window._pair_review
    assert review is not None and window.segment_grid is not None
    grid = window.segment_grid
    first = grid.segment_list.segments()[0]
    assert first.source_text and first.target_text

    grid.set_target(first.id, ("Bienvenue, relu dans la grille.",))

    track = window.editor.track
    assert track is not None and track.cues[0].text == "Bienvenue, relu dans la grille."
    database = window.property("database")
    stored = TrackStore(database).get_track("demo-0001", "fr", "captions")
    assert stored is not None and "relu dans la grille" in stored.working_content
    assert any(item.kind == "track_upload" for item in Outbox(database).lane("demo-0001", "fr"))

    window.editor.undo_stack.undo()  # undone in the cue editor: the segment follows
    qtbot.waitUntil(lambda: grid.segment_list.get(first.id).target_text == first.target_text,
                    timeout=3000)

    seeks: list[int] = []
    review._seek = seeks.append  # what choosing a segment asks of the player
    review._on_grid_segment_activated(grid.segment_list.segments()[2].id)
    assert seeks == [grid.segment_list.segments()[2].context.start_ms]
