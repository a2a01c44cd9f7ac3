"""Qt tests collect garbage on the GUI thread, as the application does (see ui.garbage)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def collect_on_gui_thread() -> Iterator[None]:
    """No automatic collection during a test (it may run on a worker thread); collect after."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()
