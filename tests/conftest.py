"""Hermetic tests: a private data folder per test, and Qt without a display."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import Database, open_database

# Set before any Qt import so the offscreen platform is used even when a
# display exists; tests that need a real X server ask for it explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The platform emulator's fixtures (platform_server, platform_server_factory).
pytest_plugins = ["tests.platform.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def collect_on_the_main_thread() -> Iterator[None]:
    """No automatic garbage collection during a test; collect between tests instead.

    The collector runs in whichever thread allocates: in a sync or emulator
    test that is often a worker thread, and a Qt object left in a reference
    cycle by an earlier Qt test would be destroyed there, which Qt answers
    with "Timers cannot be stopped from another thread" and then a crash. The
    application does the same (ui.garbage).
    """
    # The previous test's teardown has just collected: no second pass here.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


@pytest.fixture(autouse=True)
def workstation_home(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own REVIEW_WORKSTATION_HOME: no test sees another's data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REVIEW_WORKSTATION_HOME", str(home))
    yield home


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A profile database of the test's own, closed after it."""
    opened = open_database(tmp_path / "profile" / "workstation.sqlite3")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def artefacts() -> Path:
    """Where tests leave screenshots and reports for people to look at."""
    folder = REPO / "tests" / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
