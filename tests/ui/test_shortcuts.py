"""No key does two things in the window: Qt would do neither ("ambiguous shortcut")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

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


def _window_wide_keys(window: MainWindow) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in (Qt.ShortcutContext.WindowShortcut,
                                            Qt.ShortcutContext.ApplicationShortcut):
            continue
        if not action.isEnabled() and not action.menu():
            continue
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            keys[text].append(action.text().replace("&", ""))
    return keys


def test_no_window_key_is_bound_twice(window: MainWindow) -> None:
    clashes = {key: names for key, names in _window_wide_keys(window).items()
               if len(set(names)) > 1 or len(names) > 1}
    assert clashes == {}


def test_the_segment_grid_gets_its_keys_while_it_is_shown(window: MainWindow) -> None:
    assert window.segment_grid is not None and window._shared_keys is not None
    shared = window._shared_keys.shared
    assert {"Ctrl+1", "Ctrl+M"} <= set(shared)
    window._show_work_view(window.segment_grid)
    while_shown = _window_wide_keys(window)
    assert not any(key in while_shown for key in shared)
    window._go_to_cues()
    assert all(key in _window_wide_keys(window) for key in shared)


def test_the_keyboard_sheet_lists_every_menu_key(window: MainWindow) -> None:
    from ui.keyboard_sheet import keyboard_sheet

    sheet = keyboard_sheet(window.menuBar())
    assert "Mark cue reviewed and go to next" in sheet and "Ctrl+M" in sheet
    assert "Two-point sync" not in sheet  # a command without a key is not listed
    assert "Version history" in sheet and "Play as accessible video" in sheet
