"""Unhandled exceptions: written to the log, then explained in a dialog with the report.

`CrashReporter.install()` replaces `sys.excepthook` (the GUI thread, Qt's
slots and event handlers) and `threading.excepthook` (worker threads). A
report goes through `app.crash_log.crash_report`, which removes tokens,
passwords, cookies and Authorization headers, then to the rotating log
file, and only then to the screen: if showing the dialog fails, the log
already has it.

Signals: `crashed(str)` with the scrubbed report. It may be emitted from a
worker thread; Qt delivers it to the GUI thread, where the dialog opens.
One dialog at a time: a burst of failures adds to the open dialog's report
instead of stacking windows.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.crash_log import crash_report, install_log_file
from ui.versions import installed_versions

_log = logging.getLogger("review_workstation.crash")

EXPLANATION = (
    "Review Workstation met a problem it did not expect. Every edit is saved to this "
    "computer as you make it, so nothing you saw saved is lost, and work waiting for "
    "the server stays in the outbox. You can keep working. If this happens again, copy "
    "the report and send it to your support contact: it holds no passwords or sign-in "
    "tokens."
)


class CrashDialog(QDialog):
    """What happened, the report in full, and a button to copy it."""

    def __init__(self, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        self.setAccessibleName("Something went wrong")
        self.setAccessibleDescription(EXPLANATION)
        self.setMinimumSize(620, 440)

        icon = QLabel(self)
        style = self.style()
        icon.setPixmap(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                       .pixmap(40, 40))
        icon.setAccessibleName("Warning")
        heading = QLabel("<b>Something went wrong</b>", self)
        heading.setAccessibleName("Something went wrong")
        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        explanation.setAccessibleName("What this means")
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(explanation)
        top.addLayout(words, 1)

        what = QLabel("&What happened", self)
        self.report = QPlainTextEdit(report, self)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setAccessibleName("Crash report")
        self.report.setAccessibleDescription("The report to send to support; read only.")
        what.setBuddy(self.report)

        self.where = QLabel(
            f"The report is also in the log file: {log_path}" if log_path else "", self)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setAccessibleName("Log file")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy report", self)
        self.copy_button.setAccessibleName("Copy report")
        self.copy_button.setAccessibleDescription("Copy the whole report to the clipboard")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.buttons.rejected.connect(self.reject)
        self.copied = QLabel("", self)
        self.copied.setAccessibleName("Copy result")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(what)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.where)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copied, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.copy_button.setFocus()

    def add_report(self, report: str) -> None:
        """Another failure while the dialog is open: append it rather than open a second one."""
        self.report.appendPlainText("\n" + "-" * 60 + "\n" + report)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copied.setText("Report copied to the clipboard.")


class CrashReporter(QObject):
    """Catches unhandled exceptions from every thread; see the module docstring."""

    crashed = Signal(str)

    def __init__(self, log_folder: Path | None = None, parent: QObject | None = None,
                 dialog_parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._log_folder = log_folder
        self.log_path: Path | None = None
        self.dialog: CrashDialog | None = None
        self._dialog_parent = dialog_parent
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._versions: dict[str, str] | None = None
        self.crashed.connect(self._on_crashed, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self.log_path = install_log_file(self._log_folder)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        # Read once now: at crash time an import may be what failed.
        self._versions = _safe_versions()

    def uninstall(self) -> None:
        if sys.excepthook == self._on_exception:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._on_thread_exception:
            threading.excepthook = self._previous_thread_hook

    def set_dialog_parent(self, parent: QWidget | None) -> None:
        """The window the dialog opens over (set once the main window exists)."""
        self._dialog_parent = parent

    def report(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None, thread: str | None = None) -> str:
        """Write the scrubbed report to the log and ask the GUI thread to show it."""
        text = crash_report(kind, error, trace, self._versions or _safe_versions(), thread)
        _log.critical("Unhandled exception\n%s", text)
        self.crashed.emit(text)
        return text

    def _on_exception(self, kind: type[BaseException], error: BaseException,
                      trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal should still stop
            self._previous_hook(kind, error, trace)
            return
        self.report(kind, error, trace)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)

    def _on_crashed(self, report: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        self.dialog = CrashDialog(report, self.log_path, self._dialog_parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.show()
        self.dialog.activateWindow()

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None


def _safe_versions() -> dict[str, str]:
    try:
        return installed_versions()
    except Exception as error:  # the report must be written even from a broken install
        return {"Versions": f"unavailable ({error})"}
