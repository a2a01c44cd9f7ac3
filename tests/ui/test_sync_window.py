"""The window signs in to the emulator, pulls, and sends edits, with the engine on qasync."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable, Iterator

import pytest
import qasync
import shiboken6
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.captions.webvtt_file import parse
from app.storage import Outbox
from sync.secret_store import MemorySecretStore
from tests.platform.server import PlatformServer
from ui.application import build_window, create_application
from ui.cue_table_model import Column
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignInDialog


def run_until(predicate: Callable[[], object], timeout_s: float = 20.0) -> None:
    """Process Qt events (which drive the qasync loop's tasks) until `predicate` holds."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for line {predicate.__code__.co_firstlineno}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    app = create_application()
    # As in a test runner the Qt loop is driven by processEvents, the asyncio
    # loop is marked running from the start, so tasks always find it.
    loop = qasync.QEventLoop(app, already_running=True)
    # Plain threads for asyncio.to_thread: qasync's own QThreads would still
    # exist when the test process exits, which Qt answers with an abort.
    threads = concurrent.futures.ThreadPoolExecutor(max_workers=4)
    loop.set_default_executor(threads)
    asyncio.set_event_loop(loop)
    shown = build_window([], secrets=MemorySecretStore())
    qtbot.addWidget(shown)
    shown.show()
    run_until(lambda: shown.editor.model.rowCount() > 0)
    yield shown
    controller = shown.sync_controller
    assert controller is not None
    stopping = asyncio.ensure_future(controller.bridge.stop())
    run_until(stopping.done)
    if shiboken6.isValid(shown):
        shown.close()
    threads.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
    # qasync only leaves "running" from inside run_forever, which a test never
    # enters; clear it so the loop can close now, while Qt still exists
    # (closing later, from the garbage collector, would touch deleted signals).
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    loop.close()


def sign_in(window: MainWindow, qtbot: QtBot, server: PlatformServer, email: str) -> None:
    controller = window.sync_controller
    assert controller is not None
    controller.open_sign_in()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, SignInDialog) and w.isVisible())
    dialog.server.setText(server.base_url)
    dialog.email.setText(email)
    dialog.password.setText("demo-password")
    dialog.buttons.accepted.emit()
    run_until(lambda: "Online" in controller.status.text())
    try:
        run_until(lambda: "demo-0002" in {t[0] for t in window.jobs_panel.listed_tracks()})
    except AssertionError:
        raise AssertionError(f"{window.statusBar().currentMessage()!r} / "
                             f"{controller.status.text()!r} / "
                             f"{window.jobs_panel.listed_tracks()}") from None


def open_track(window: MainWindow, qtbot: QtBot, job: str, language: str, kind: str) -> None:
    for entry in (t for j in window._workspace.jobs() if j.job_id == job
                  for tracks in j.languages.values() for t in tracks):
        if (entry.language, entry.kind) == (language, kind):
            window.jobs_panel.track_chosen.emit(entry)
            run_until(lambda: f"{job} · {language}" in window.editor.title.text()
                      and "loading" not in window.editor.title.text())
            return
    raise AssertionError(f"{job} {language} {kind} is not in the jobs panel")


def server_text(server: PlatformServer, job: str, language: str) -> str:
    with server.client("linguist@demo.test") as client:
        answer = client.get(f"/jobs/{job}/vtt", params={"lang": language, "kind": "captions"})
        answer.raise_for_status()
        return str(answer.json()["content"])


def test_sign_in_pull_and_an_edit_reaches_the_server(
    window: MainWindow, qtbot: QtBot, platform_server: PlatformServer
) -> None:
    sign_in(window, qtbot, platform_server, "linguist@demo.test")
    open_track(window, qtbot, "demo-0001", "fr", "captions")
    model = window.editor.model
    assert model.setData(model.index(0, Column.TEXT), "Bienvenue, depuis le poste.")
    database = window.property("database")
    run_until(lambda: Outbox(database).pending_count() == 0)
    assert "Bienvenue, depuis le poste." in server_text(platform_server, "demo-0001", "fr")
    controller = window.sync_controller
    assert controller is not None
    run_until(lambda: "0 waiting" in controller.status.text())


def test_a_concurrent_edit_is_merged_and_shown_in_the_editor(
    window: MainWindow, qtbot: QtBot, platform_server: PlatformServer
) -> None:
    sign_in(window, qtbot, platform_server, "linguist@demo.test")
    open_track(window, qtbot, "demo-0001", "fr", "captions")
    platform_server.faults.arm_concurrent_edit("demo-0001", "fr", "captions")
    model = window.editor.model
    model.setData(model.index(0, Column.TEXT), "Premier sous-titre modifié ici.")
    database = window.property("database")
    run_until(lambda: Outbox(database).pending_count() == 0)
    on_server = parse(server_text(platform_server, "demo-0001", "fr"))
    assert on_server.cues[0].text == "Premier sous-titre modifié ici."
    assert "(edited elsewhere)" in on_server.cues[-1].text
    # The editor reloaded the merged working copy: both changes are on screen.
    run_until(lambda: "(edited elsewhere)" in str(
        model.index(model.rowCount() - 1, Column.TEXT).data()))
    assert model.index(0, Column.TEXT).data() == "Premier sous-titre modifié ici."


def test_a_true_conflict_is_resolved_in_the_window_and_sent(
    window: MainWindow, qtbot: QtBot, platform_server: PlatformServer
) -> None:
    from ui.conflict_view import ConflictDialog

    sign_in(window, qtbot, platform_server, "linguist@demo.test")
    open_track(window, qtbot, "demo-0001", "fr", "captions")
    platform_server.faults.arm_concurrent_edit("demo-0001", "fr", "captions")
    model = window.editor.model
    last = model.rowCount() - 1
    model.setData(model.index(last, Column.TEXT), "Ma version de la dernière réplique.")
    run_until(lambda: any(t.state == "conflict" for j in window._workspace.jobs()
                          for ts in j.languages.values() for t in ts
                          if (t.job_id, t.language) == ("demo-0001", "fr")))
    controller = window.sync_controller
    assert controller is not None
    controller.resolve_current_conflict()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ConflictDialog) and w.isVisible())
    for _ in range(dialog.list.model().rowCount()):
        dialog.take_mine.click()
        dialog.list.setCurrentIndex(dialog.list.model().index(
            min(dialog.list.currentIndex().row() + 1,
                dialog.list.model().rowCount() - 1), 0))
    assert dialog.resolve_button.isEnabled()
    dialog.resolve_button.click()
    assert dialog.revision is not None, dialog.problem.text()
    database = window.property("database")
    try:
        run_until(lambda: Outbox(database).pending_count() == 0
                  and not Outbox(database).failed_items())
    except AssertionError:
        outbox = Outbox(database)
        from app.storage import TrackStore
        row = TrackStore(database).get_track("demo-0001", "fr", "captions")
        with platform_server.client("linguist@demo.test") as client:
            versions = client.get("/jobs/demo-0001/vtt/versions",
                                  params={"lang": "fr", "kind": "captions"}).json()
        raise AssertionError([(i.id, i.kind, i.state, i.last_error, i.created_at) for i in
                              outbox.pending_items() + outbox.failed_items()],
                             row and (row.base_version, row.state, row.local_revision,
                                      row.synced_revision), versions) from None
    on_server = parse(server_text(platform_server, "demo-0001", "fr"))
    assert on_server.cues[-1].text == "Ma version de la dernière réplique."
    assert model.index(model.rowCount() - 1, Column.TEXT).data() == \
        "Ma version de la dernière réplique."


def test_sync_now_shows_a_newer_server_copy_of_the_open_track(
    window: MainWindow, qtbot: QtBot, platform_server: PlatformServer
) -> None:
    sign_in(window, qtbot, platform_server, "linguist@demo.test")
    open_track(window, qtbot, "demo-0001", "fr", "captions")
    with platform_server.client("admin@demo.test") as client:
        current = client.get("/jobs/demo-0001/vtt", params={"lang": "fr", "kind": "captions"})
        body = current.json()
        changed = body["content"].replace("Bienvenue", "Bonjour et bienvenue", 1)
        answer = client.patch("/jobs/demo-0001/vtt", json={
            "lang": "fr", "kind": "captions", "content": changed,
            "base_version": body["version"]})
        assert answer.status_code < 300, answer.text
    controller = window.sync_controller
    assert controller is not None
    controller.bridge.sync_now()
    model = window.editor.model
    run_until(lambda: str(model.index(0, Column.TEXT).data()).startswith("Bonjour et bienvenue"))
