"""Shifting a track on the server: only without local work, and the new version comes back."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import qasync
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from app.captions.webvtt_file import parse
from app.storage import Database, TrackStore
from tests.platform.server import PlatformServer
from tests.ui.qc_support import await_result, qt_loop, run_until, signed_in, stop  # noqa: F401
from ui.timing_commands import ServerTiming

JOB, LANGUAGE = "demo-0001", "fr"


def test_a_shift_on_the_server_makes_a_new_version_and_a_pull_brings_it(
    qtbot: QtBot, platform_server: PlatformServer, database: Database,
    monkeypatch: pytest.MonkeyPatch, qt_loop: qasync.QEventLoop,  # noqa: F811
) -> None:
    session = signed_in(platform_server, database, "linguist@demo.test")
    await_result(session.puller.pull_all())
    said: list[str] = []
    pulls: list[bool] = []
    bridge = SimpleNamespace(session=session, signed_in_now=True,
                             sync_now=lambda: pulls.append(True))
    parent = QWidget()
    qtbot.addWidget(parent)
    server = ServerTiming(bridge, database, lambda: (JOB, LANGUAGE, "captions"),  # type: ignore[arg-type]
                          said.append, parent)
    before = parse(TrackStore(database).get_track(JOB, LANGUAGE, "captions").working_content)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("+1.5", True))
    try:
        server.shift_on_server()
        run_until(lambda: pulls, what="the shift")
        assert "shifted the track by 1500 ms" in said[-1]
        await_result(session.puller.pull_all())
        stored = TrackStore(database).get_track(JOB, LANGUAGE, "captions")
        assert stored is not None
        after = parse(stored.working_content)
        assert [c.start_ms for c in after.cues] == [c.start_ms + 1500 for c in before.cues]
    finally:
        stop(session)


def test_a_track_with_local_work_is_not_shifted_on_the_server(
    qtbot: QtBot, platform_server: PlatformServer, database: Database,
    qt_loop: qasync.QEventLoop,  # noqa: F811
) -> None:
    session = signed_in(platform_server, database, "linguist@demo.test")
    await_result(session.puller.pull_all())
    tracks = TrackStore(database)
    stored = tracks.get_track(JOB, LANGUAGE, "captions")
    assert stored is not None
    tracks.save_working_copy(JOB, LANGUAGE, "captions",
                             stored.working_content.replace("Bienvenue", "Salut", 1))
    said: list[str] = []
    bridge = SimpleNamespace(session=session, signed_in_now=True, sync_now=lambda: None)
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        ServerTiming(bridge, database, lambda: (JOB, LANGUAGE, "captions"),  # type: ignore[arg-type]
                     said.append, parent).shift_on_server()
        assert said and "changes not yet on the server" in said[0]
    finally:
        stop(session)
