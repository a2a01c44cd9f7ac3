"""Help → Keyboard shortcuts: every key the menus offer, read from the menus themselves.

Reading the menu bar (rather than keeping a second list) means a new command
appears here the day it gets a key, and a removed one disappears.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# Keys that live in widgets rather than menus, so the menus cannot tell.
IN_WIDGETS = (
    ("Cue table", "F2 edits a cell (Enter saves, Shift+Enter new line, Escape cancels)"),
    ("Cue detail pane", "Ctrl+Enter applies the text; F7 goes to the next misspelling"),
    ("Segments", "Ctrl+Enter accepts and goes on; F2 edits the target (tags stay whole)"),
    ("Pause points", "Tab chooses a handle; Left/Right a frame, Shift 100 ms; S snaps; R resets"),
    ("Timeline", "Wheel or +/− zoom; drag a cue or its edges; Escape cancels a drag"),
)


def _rows(menu: QMenu, path: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in menu.actions():
        label = action.text().replace("&", "")
        if action.menu() is not None:
            submenu = action.menu()
            assert isinstance(submenu, QMenu)
            rows += _rows(submenu, f"{path} → {label}")
            continue
        keys = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText)
                         for key in action.shortcuts())
        if keys:
            rows.append((label, keys))
    return rows


def keyboard_sheet(menubar: QMenuBar) -> str:
    """An HTML table of every menu command with a key, menu by menu, then widget keys."""
    parts = ["<table cellspacing=4>"]
    for action in menubar.actions():
        menu = action.menu()
        if not isinstance(menu, QMenu):
            continue
        name = action.text().replace("&", "")
        rows = _rows(menu, name)
        if not rows:
            continue
        parts.append(f"<tr><th colspan=2 align=left>{escape(name)}</th></tr>")
        parts += [f"<tr><td>{escape(label)}</td><td><b>{escape(keys)}</b></td></tr>"
                  for label, keys in rows]
    parts.append("<tr><th colspan=2 align=left>In the views</th></tr>")
    parts += [f"<tr><td>{escape(view)}</td><td>{escape(keys)}</td></tr>"
              for view, keys in IN_WIDGETS]
    parts.append("</table>")
    return "".join(parts)


class KeyboardSheet(QDialog):
    """The sheet in a scrolling, searchable (Ctrl+F in the text) window."""

    def __init__(self, menubar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Every keyboard shortcut")
        self.text.setHtml(keyboard_sheet(menubar))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 640)
