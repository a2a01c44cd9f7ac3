"""Killing the app with SIGKILL right after an edit loses nothing: the next start shows it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage import TrackStore
from ui.application import build_window, create_application
from ui.cue_table_model import Column
from ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


def edit_in_child_and_kill(words: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-m", "tests.ui.edit_then_wait", words],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "edited"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()


@pytest.fixture
def restarted(qtbot: QtBot) -> Iterator[MainWindow]:
    edit_in_child_and_kill("Typed just before the power went out.")
    create_application()
    window = build_window([])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.editor.model.rowCount() > 0, timeout=5000)
    yield window
    window.close()


def test_an_edit_made_just_before_sigkill_is_there_after_restart(restarted: MainWindow) -> None:
    first = restarted.editor.model.index(0, Column.TEXT).data()
    assert first == "Typed just before the power went out."
    # The undo history starts fresh; the track is marked as not yet on the server.
    assert restarted.editor.undo_stack.count() == 0
    stored = TrackStore(restarted.property("database")).get_track("demo-0001", "en", "captions")
    assert stored is not None and stored.has_local_changes
