"""The app factory: one emulator (database, tokens, faults, hub) behind FastAPI."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI

from tests.platform import (
    routes_accessible_video,
    routes_auth,
    routes_control,
    routes_glossaries,
    routes_job_actions,
    routes_jobs,
    routes_language_qc,
    routes_media,
    routes_organizations,
    routes_qc_comments,
    routes_qc_queue,
    routes_review_notes,
    routes_segments,
    routes_status_ws,
    routes_tts,
    routes_vtt,
)
from tests.platform.context import Emulator, EmulatorConfig
from tests.platform.demo_workspace import DEMO_DIR
from tests.platform.events import EventHub
from tests.platform.fault_middleware import FaultMiddleware
from tests.platform.faults import FaultController, FaultSettings
from tests.platform.idempotency import IdempotencyMiddleware
from tests.platform.seed import seed_database
from tests.platform.store import DB_FILENAME, Store
from tests.platform.tokens import TokenService

API_PREFIX = "/api/v1"

_ROUTERS = (
    routes_auth,
    routes_jobs,
    routes_job_actions,
    routes_vtt,
    routes_media,
    routes_accessible_video,
    routes_language_qc,
    routes_qc_comments,
    routes_qc_queue,
    routes_review_notes,
    routes_segments,
    routes_tts,
    routes_glossaries,
    routes_organizations,
    routes_status_ws,
    routes_control,
)


def build_emulator(
    config: EmulatorConfig, faults: FaultSettings | None = None, demo_dir: Path = DEMO_DIR
) -> Emulator:
    """Open (creating and seeding when new) the database in `config.data_dir`."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.data_dir / DB_FILENAME)
    seed_database(store, config.data_dir, demo_dir)
    controller = FaultController(faults)
    tokens = TokenService(store, controller, config.access_token_ttl_s, config.refresh_token_ttl_s)
    return Emulator(config, store, controller, tokens, EventHub())


def create_app(emu: Emulator) -> FastAPI:
    app = FastAPI(
        title="Accessible Video Platform emulator",
        description="Test stand-in for the platform API (tests/platform).",
        docs_url="/docs",
    )
    app.state.emulator = emu
    api = APIRouter(prefix=API_PREFIX)
    for module in _ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    # Added last = outermost: faults wrap idempotency, so an injected error
    # never reaches (or gets stored by) the idempotency layer, while a
    # drop-after still lets it store the answer the client never sees.
    app.add_middleware(IdempotencyMiddleware, store=emu.store, tokens=emu.tokens)
    app.add_middleware(FaultMiddleware, faults=emu.faults)
    return app
