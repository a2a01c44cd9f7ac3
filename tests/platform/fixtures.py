"""pytest fixtures for the emulator; load with `pytest_plugins = ["tests.platform.fixtures"]`.

- `platform_server`: a fresh emulator per test (its own copy of the seeded
  database), faults off. Tests toggle faults on `platform_server.faults`.
- `platform_server_factory`: start more, or differently configured, emulators
  (e.g. `platform_server_factory(access_token_ttl_s=0.5)`); all stop at teardown.

The database is seeded once per session and copied per server, which keeps a
server start to a few tens of milliseconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.platform.seed import seed_database
from tests.platform.server import PlatformServer
from tests.platform.store import DB_FILENAME, Store

ServerFactory = Callable[..., PlatformServer]


@pytest.fixture(scope="session")
def platform_seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded data folder that every test's emulator starts as a copy of."""
    folder = tmp_path_factory.mktemp("platform-seed")
    store = Store(folder / DB_FILENAME)
    seed_database(store, folder)
    store.close()  # checkpoints the WAL, so copying the one file is enough
    return folder


@pytest.fixture
def platform_server_factory(
    platform_seed_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerFactory]:
    started: list[PlatformServer] = []

    def start(**options: Any) -> PlatformServer:
        data = tmp_path_factory.mktemp("platform")
        shutil.copytree(platform_seed_dir, data, dirs_exist_ok=True)
        server = PlatformServer(data, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop(wait=False)


@pytest.fixture
def platform_server(platform_server_factory: ServerFactory) -> PlatformServer:
    return platform_server_factory()
