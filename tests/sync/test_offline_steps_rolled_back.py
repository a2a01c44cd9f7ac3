"""A step taken offline that the server later refuses: the language shows the server's state."""

from __future__ import annotations

import asyncio

from app.language_work import LanguageWork, Person
from app.storage import Database
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
