"""An exception raised on purpose: logged without secrets, then explained in a dialog."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.crash_log import remove_log_file
from ui.crash_report import CrashReporter

FAKE_TOKEN = "FAKE-TOKEN-d41d8cd98f00b204"
FAKE_PASSWORD = "FAKE-PASSWORD-correct-horse"


@pytest.fixture
def reporter(qtbot: QtBot, workstation_home: Path) -> Iterator[CrashReporter]:
    level = logging.getLogger().level
    installed = CrashReporter()
    installed.install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
    assert installed.log_path is not None
    remove_log_file(installed.log_path)
    logging.getLogger().setLevel(level)


def fail_on_purpose() -> None:
    headers = {"Authorization": f"Bearer {FAKE_TOKEN}"}
    raise RuntimeError(f"upload refused; sent {headers} and password={FAKE_PASSWORD}")


def test_an_unhandled_exception_is_logged_without_secrets_and_shown(
    reporter: CrashReporter, qtbot: QtBot, workstation_home: Path, artefacts: Path
) -> None:
    try:
        fail_on_purpose()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    assert reporter.log_path == workstation_home / "logs" / "workstation.log"
    log = reporter.log_path.read_text(encoding="utf-8")
    assert "RuntimeError: upload refused" in log
    assert "fail_on_purpose" in log
    assert FAKE_TOKEN not in log and FAKE_PASSWORD not in log

    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    shown = dialog.report.toPlainText()
    assert shown.startswith("What happened: RuntimeError: upload refused")
    assert "Qt for Python (PySide6):" in shown
    assert FAKE_TOKEN not in shown and FAKE_PASSWORD not in shown
    assert str(reporter.log_path) in dialog.where.text()
    dialog.grab().save(str(artefacts / "crash-dialog.png"))

    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == shown
    assert "copied" in dialog.copied.text()
    dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None)


def test_a_worker_thread_failure_reaches_the_log_and_the_gui_thread(
    reporter: CrashReporter, qtbot: QtBot
) -> None:
    worker = threading.Thread(target=fail_on_purpose, name="upload worker")
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    assert "in the thread “upload worker”" in reporter.dialog.report.toPlainText()
    assert reporter.log_path is not None
    assert FAKE_TOKEN not in reporter.log_path.read_text(encoding="utf-8")


def test_a_burst_of_failures_opens_one_dialog(reporter: CrashReporter, qtbot: QtBot) -> None:
    for number in range(3):
        try:
            raise ValueError(f"failure {number}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: reporter.dialog is not None
                    and "failure 2" in reporter.dialog.report.toPlainText())
    assert reporter.dialog is not None
    text = reporter.dialog.report.toPlainText()
    assert all(f"failure {n}" in text for n in range(3))
    visible = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    assert len(visible) == 1


def test_uninstall_gives_the_hooks_back(workstation_home: Path) -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    level = logging.getLogger().level
    reporter = CrashReporter()
    reporter.install()
    assert sys.excepthook != before
    reporter.uninstall()
    assert sys.excepthook == before and threading.excepthook == before_thread
    assert reporter.log_path is not None
    remove_log_file(reporter.log_path)
    logging.getLogger().setLevel(level)
