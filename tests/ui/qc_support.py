"""Shared by the queue and QC board tests: a qasync loop, a signed-in session, more jobs.

The loop is run as in tests/ui/test_sync_window.py: Qt events drive the
asyncio tasks, and the test waits with `run_until`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from app.storage import Database
from sync.secret_store import MemorySecretStore
from sync.session import SyncSession
from tests.platform.server import PlatformServer
from tests.sync.support import FAST_RETRY, FAST_WORKER_BACKOFF

PASSWORD = "demo-password"

# Extra jobs so the board has pages to turn: (title, status, project).
EXTRA_JOBS: tuple[tuple[str, str, str], ...] = tuple(
    (title, status, project)
    for title, status, project in (
        ("Harbour lights — episode 1", "in_qc", "project-demo-1"),
        ("Harbour lights — episode 2", "in_qc", "project-demo-1"),
        ("Harbour lights — episode 3", "pending_qc", "project-demo-1"),
        ("Museum guide: ceramics room", "final_review", "project-demo-2"),
        ("Museum guide: sculpture hall", "final_review", "project-demo-2"),
        ("City council, 3 March session", "processing", "project-demo-2"),
        ("City council, 10 March session", "blocked_on_source", "project-demo-2"),
        ("Science explainer: tides", "pending_qc", "project-demo-1"),
        ("Science explainer: volcanoes", "complete", "project-demo-1"),
        ("Training: fire safety", "in_qc", "project-demo-2"),
        ("Training: manual handling", "failed", "project-demo-2"),
        ("Open day welcome film", "pending_qc", "project-demo-1"),
        ("Annual report highlights", "in_qc", "project-demo-1"),
        ("Festival trailer (30 s)", "complete", "project-demo-2"),
        ("Festival trailer (60 s)", "rejected", "project-demo-2"),
        ("Recipe series: bread", "in_qc", "project-demo-1"),
        ("Recipe series: soup", "final_review", "project-demo-1"),
        ("Library tour", "ingesting", "project-demo-2"),
        ("Accessibility statement video", "pending_qc", "project-demo-2"),
    )
)


def run_until(predicate: Callable[[], object], timeout_s: float = 20.0, what: str = "") -> None:
    """Process Qt events (which drive the qasync loop's tasks) until `predicate` holds."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def settle(seconds: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def await_result(work: Any, timeout_s: float = 20.0) -> Any:
    future = asyncio.ensure_future(work)
    run_until(future.done, timeout_s, "a coroutine")
    return future.result()


@pytest.fixture
def qt_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    threads = concurrent.futures.ThreadPoolExecutor(max_workers=4)
    loop.set_default_executor(threads)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        gathered = asyncio.gather(*pending, return_exceptions=True)
        run_until(gathered.done, 10, "the tasks to stop")
    threads.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
    loop._QEventLoop__is_running = False
    loop.close()


def signed_in(server: PlatformServer, database: Database, email: str) -> SyncSession:
    """A session signed in as `email`, its outbox worker running."""
    session = SyncSession(server.base_url, database, secrets=MemorySecretStore(),
                          retry=FAST_RETRY, worker_backoff=FAST_WORKER_BACKOFF)
    await_result(session.sign_in(email, PASSWORD))
    session.start()
    return session


def add_jobs(server: PlatformServer) -> None:
    """More jobs like demo-0003 (same media, fr + de), so the board pages."""
    template = server.store.one("SELECT * FROM jobs WHERE id = ?", ("demo-0003",))
    assert template is not None
    languages = server.store.all(
        "SELECT * FROM language_qc WHERE job_id = ?", ("demo-0003",))
    with server.store.tx() as db:
        for number, (title, status, project) in enumerate(EXTRA_JOBS, start=1):
            job_id = f"job-{number:04d}"
            row = {**template, "id": job_id, "title": title, "status": status,
                   "project_id": project,
                   "created_at": f"2026-04-{(number % 27) + 1:02d}T09:00:00.000Z",
                   "updated_at": f"2026-04-{(number % 27) + 1:02d}T11:30:00.000Z"}
            columns = ", ".join(row)
            db.execute(f"INSERT INTO jobs ({columns}) VALUES ({', '.join('?' * len(row))})",
                       list(row.values()))
            for language in languages:
                qc = {**language, "job_id": job_id, "reviewed_cues": json.dumps([])}
                db.execute(
                    f"INSERT INTO language_qc ({', '.join(qc)}) "
                    f"VALUES ({', '.join('?' * len(qc))})", list(qc.values()))


def stop(session: SyncSession) -> None:
    await_result(session.stop())
