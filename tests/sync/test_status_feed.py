"""Live status over /ws/status: a refused token is refreshed once, changes pull their job."""

from __future__ import annotations

import asyncio
from typing import Any

from app.storage import Database, JobStore
from sync.backoff import Backoff
from sync.status_feed import StatusFeed, status_url
from tests.platform.server import PlatformServer
from tests.sync.support import signed_in_and_pulled

PENDING_JOB = "demo-0003"


def test_status_url() -> None:
    assert status_url("https://host/api/v1/") == "wss://host/api/v1/ws/status"
    assert status_url("http://127.0.0.1:8012/api/v1") == "ws://127.0.0.1:8012/api/v1/ws/status"


def test_a_refused_token_is_replaced_once_and_messages_arrive(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        asked: list[str | None] = []
        received: list[dict[str, Any]] = []
        connected = asyncio.Event()

        async def token(refused: str | None) -> str:
            asked.append(refused)
            return "expired-token" if refused is None else await session.auth.access_token()

        async def sink(message: dict[str, Any]) -> None:
            received.append(message)
            if message.get("type") == "connected":
                connected.set()

        feed = StatusFeed(session.transport.base_url, token, sink, backoff=Backoff(0.01, 0.05))
        task = asyncio.ensure_future(feed.run())
        await asyncio.wait_for(connected.wait(), 5)
        assert asked == [None, "expired-token"]
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await session.stop()

    asyncio.run(scenario())


def test_a_change_on_the_server_refreshes_that_job_locally(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        session.start()
        while platform_server.emulator.hub.subscriber_count == 0:
            await asyncio.sleep(0.02)

        def assign() -> None:
            with platform_server.client("pm@demo.test") as pm:
                pm.post(
                    f"/language-qc/jobs/{PENDING_JOB}/languages/fr/assign",
                    json={"user_id": "u-linguist"},
                ).raise_for_status()

        await asyncio.to_thread(assign)
        jobs = JobStore(database)
        for _ in range(250):
            job = jobs.get_job(PENDING_JOB)
            language = job.language("fr") if job else None
            if language is not None and language.qc_state == "assigned":
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the status message did not refresh the job")
        await session.stop()

    asyncio.run(scenario())
