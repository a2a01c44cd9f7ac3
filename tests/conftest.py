"""Hermetic tests: a private data folder per test, and Qt without a display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before any Qt import so the offscreen platform is used even when a
# display exists; tests that need a real X server ask for it explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The platform emulator's fixtures (platform_server, platform_server_factory).
pytest_plugins = ["tests.platform.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def workstation_home(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own REVIEW_WORKSTATION_HOME: no test sees another's data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REVIEW_WORKSTATION_HOME", str(home))
    yield home


@pytest.fixture
def artefacts() -> Path:
    """Where tests leave screenshots and reports for people to look at."""
    folder = REPO / "tests" / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
