"""Opening an IRIS job from the dialog, against the IRIS emulator, on the qasync loop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from pytestqt.qtbot import QtBot

from sync.iris import IrisConnection
from sync.secret_store import MemorySecretStore
from tests.iris.emulator import IrisServer
from tests.ui.qc_support import qt_loop, run_until  # noqa: F401
from ui.iris_dialog import IrisDownload, IrisJobDialog


@pytest.fixture
def iris() -> Iterator[IrisServer]:
    with IrisServer() as server:
        yield server


def _open(dialog: IrisJobDialog, iris: IrisServer, job: str, password: str) -> None:
    dialog.server.setText(iris.base_url)
    dialog.username.setText(iris.username)
    dialog.password.setText(password)
    dialog.job.setText(job)
    dialog.buttons.accepted.emit()


def test_a_job_opens_with_its_qa_flags_and_the_password_is_kept(
    qtbot: QtBot, iris: IrisServer, qt_loop: qasync.QEventLoop  # noqa: F811
) -> None:
    secrets = MemorySecretStore()
    dialog = IrisJobDialog(secrets)
    qtbot.addWidget(dialog)
    got: list[IrisDownload] = []
    dialog.downloaded.connect(got.append)

    _open(dialog, iris, "IRIS-1001", iris.password)
    run_until(lambda: got, what="the download")

    assert got[0].tmx.startswith(b"<?xml") and got[0].job_id == "IRIS-1001"
    assert {flag.unit_id for flag in got[0].flags} == {"u2", "u3", "u5"}
    name = IrisConnection(iris.base_url, iris.username).secret_name
    stored = asyncio.ensure_future(secrets.get(name))
    run_until(stored.done)
    assert stored.result() == iris.password
    assert dialog.password.text() == ""  # never left in the widget

    again = IrisJobDialog(secrets)  # the address, user and job are remembered
    qtbot.addWidget(again)
    assert again.server.text() == iris.base_url and again.job.text() == "IRIS-1001"
    more: list[IrisDownload] = []
    again.downloaded.connect(more.append)
    again.buttons.accepted.emit()  # no password typed: the stored one is used
    run_until(lambda: more, what="the second download")


def test_iris_refusals_are_shown_in_iris_words_and_the_dialog_stays(
    qtbot: QtBot, iris: IrisServer, qt_loop: qasync.QEventLoop  # noqa: F811
) -> None:
    dialog = IrisJobDialog(MemorySecretStore())
    qtbot.addWidget(dialog)

    _open(dialog, iris, "IRIS-1001", "wrong")
    run_until(lambda: "IRIS said" in dialog.message.text())
    assert "Invalid username or password" in dialog.message.text()
    assert dialog.buttons.isEnabled()

    _open(dialog, iris, "IRIS-1002", iris.password)
    run_until(lambda: "job in review" in dialog.message.text())
