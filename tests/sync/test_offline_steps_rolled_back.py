"""A step taken offline that the server later refuses: the language shows the server's state."""

from __future__ import annotations

import asyncio

from app.language_work import LanguageWork, Person
from app.storage import Database, JobStore, Outbox
from app.workflow import QcAction
from sync.events import ItemFailed, SyncEvent
from tests.platform.fixtures import ServerFactory
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, signed_in_and_pulled

LINA = Person("u-linguist", "linguist", "Lina Linguist")


def test_a_submit_refused_after_an_offline_session_rolls_back_with_the_reason(
    platform_server_factory: ServerFactory, database: Database
) -> None:
    server = platform_server_factory()
    data_dir, port = server.emulator.config.data_dir, server.port
    events: list[SyncEvent] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(server, database, events=events)
        work = LanguageWork(database, LINA)
        server.stop()  # offline

        assert work.take(JOB, "fr", QcAction.SUBMIT).allowed
        assert work.view(JOB, "fr").state == "submitted"

        again = PlatformServer(data_dir, port=port).start()
        try:
            # Meanwhile the project manager gave French to someone else.
            with again.client("pm@demo.test") as pm:
                pm.post(
                    f"/language-qc/jobs/{JOB}/languages/fr/reassign",
                    json={"user_id": "u-linguist2"},
                ).raise_for_status()

            report = await session.worker.drain()

            assert report.failed == 1
            view = work.view(JOB, "fr")
            assert view.state == "in_progress" == view.server_state
            assert view.linguist_id == "u-linguist2"
            (refused,) = view.refused
            assert refused.action == "submit" and "linguist assigned" in refused.reason
            assert any(isinstance(e, ItemFailed) for e in events)
            # The buttons now tell the truth: Lina may not submit any more.
            assert not work.decide(view, QcAction.SUBMIT).allowed
            server_state = again.store.scalar(
                "SELECT state FROM language_qc WHERE job_id = ? AND lang = 'fr'", (JOB,)
            )
            assert server_state == "in_progress"
        finally:
            await session.stop()
            again.stop()

    asyncio.run(scenario())


def test_an_assignment_the_server_refuses_with_409_fails_once_and_is_not_retried(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database, "pm@demo.test")
        try:
            outbox = Outbox(database)
            outbox.enqueue_action("demo-0003", "fr", "assign", {"user_id": "u-linguist"})
            # Meanwhile someone else assigned French on the server.
            with platform_server.client("admin@demo.test") as admin:
                admin.post("/language-qc/jobs/demo-0003/languages/fr/assign",
                           json={"user_id": "u-linguist2"}).raise_for_status()

            report = await session.worker.drain()

            assert report.failed == 1 and report.deferred == 0
            (failed,) = outbox.failed_items()
            assert failed.attempts == 1 and "assign" in (failed.last_error or "").casefold()
            stored = JobStore(database).get_job("demo-0003")
            assert stored is not None
            french = stored.language("fr")
            assert french is not None and french.linguist is not None
            assert french.linguist["id"] == "u-linguist2"  # the server's view, not our hope
        finally:
            await session.stop()

    asyncio.run(scenario())
