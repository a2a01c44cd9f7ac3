"""Fixtures for the sync tests: the emulator, a profile database, a keyring in memory."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.platform.fixtures import (  # noqa: F401
    platform_seed_dir,
    platform_server,
    platform_server_factory,
)
from tests.sync.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every sync test uses a keyring in memory, never the person's real one."""
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


