"""Child process for the kill test: open the demo, make one edit from the keyboard, then wait.

Prints "edited" once the edit has returned (the editor autosaves before
that), then sleeps until it is killed.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.application import build_window, create_application


def main() -> None:
    app = create_application()
    window = build_window([])
    window.show()
    deadline = time.monotonic() + 20
    while window.editor.model.rowCount() == 0 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    editor = window.editor
    editor.select_row(0)
    editor.detail.text.setFocus()
    editor.detail.text.selectAll()
    QTest.keyClicks(editor.detail.text, sys.argv[1])
    QTest.keyClick(editor.detail.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    print("edited", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main()
