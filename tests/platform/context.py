"""The emulator's shared parts, and the dependency that hands them to routes.

One `Emulator` per running app: its configuration, its database, its fault
switches, its token service and its live-status hub. Routes receive it through
`Depends(emulator)` rather than importing globals, so several emulators can
run side by side in one test process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from tests.platform.events import EventHub
from tests.platform.faults import FaultController
from tests.platform.store import Store
from tests.platform.tokens import TokenService


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings fixed for the life of one server."""

    data_dir: Path
    access_token_ttl_s: float = 15 * 60
    refresh_token_ttl_s: float = 30 * 24 * 3600
    signed_url_ttl_s: float = 15 * 60


@dataclass
class Emulator:
    config: EmulatorConfig
    store: Store
    faults: FaultController
    tokens: TokenService
    hub: EventHub


def emulator(connection: HTTPConnection) -> Emulator:
    """FastAPI dependency: the emulator serving this request or WebSocket."""
    emu: Emulator = connection.app.state.emulator
    return emu


EmulatorDep = Annotated[Emulator, Depends(emulator)]
