"""The IRIS round trip against its emulator: export, QA flags, an upload through the outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.segments import read_tmx, set_target, write_tmx
from app.storage import Database, Outbox
from app.storage.tmx_uploads import iris_lane, queue_tmx_import
from sync.errors import Conflict, Unauthorized
from sync.iris import IrisClient, IrisConnection
from sync.secret_store import MemorySecretStore
from tests.iris.emulator import IrisServer
from tests.platform.server import PlatformServer
from tests.sync.support import new_session

JOB = "IRIS-1001"


@pytest.fixture
def iris() -> Iterator[IrisServer]:
    with IrisServer() as server:
        yield server


def _client(iris: IrisServer, password: str | None = None) -> IrisClient:
    connection = IrisConnection(iris.base_url, iris.username)
    return IrisClient(connection, password or iris.password)


def test_export_gives_a_tmx_the_grid_reads_and_qa_flags_name_its_units(iris: IrisServer) -> None:
    async def scenario() -> None:
        client = _client(iris)
        try:
            data = await client.export_tmx(JOB)
            flags = await client.verification_results(JOB)
        finally:
            await client.aclose()
        document = read_tmx(data)
        assert len(document.units) == 6
        assert {unit.segment_id for unit in document.units} == {f"u{i}" for i in range(1, 7)}
        assert {(flag.unit_id, flag.code) for flag in flags} == {
            ("u2", "number_mismatch"), ("u3", "untranslated"), ("u5", "tag_mismatch")}

    asyncio.run(scenario())


def test_iris_errors_reach_the_person_in_iris_words(iris: IrisServer) -> None:
    async def scenario() -> None:
        wrong = _client(iris, password="not-it")
        ready = _client(iris)
        try:
            with pytest.raises(Unauthorized, match="Invalid username or password"):
                await wrong.export_tmx(JOB)
            with pytest.raises(Conflict, match="TMX export needs a job in review"):
                await ready.export_tmx("IRIS-1002")
        finally:
            await wrong.aclose()
            await ready.aclose()

    asyncio.run(scenario())


def test_a_reviewed_tmx_queued_offline_is_imported_once(
    iris: IrisServer, platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        client = _client(iris)
        try:
            exported = await client.export_tmx(JOB)
        finally:
            await client.aclose()
        document = read_tmx(exported)
        row = next(i for i, u in enumerate(document.units) if u.segment_id == "u2")
        document.units[row] = set_target(document.units[row], "fr-FR",
                                         ("La batterie dure 12 heures.",), "reviewer")
        reviewed = write_tmx(document)

        iris.stop()  # the reviewer is offline
        queue_tmx_import(database, base_url=iris.base_url, username=iris.username,
                         job_id=JOB, data=reviewed)
        secrets = MemorySecretStore()
        await secrets.set(IrisConnection(iris.base_url, iris.username).secret_name,
                          iris.password)
        session = new_session(platform_server, database, secrets=secrets)
        try:
            offline = await session.worker.drain()
            assert offline.deferred == 1 and offline.sent == 0
            back = IrisServer(port=iris.port, state=iris.state).start()
            try:
                back.state.fail_next = 1  # IRIS still restarting: one 503 first
                await asyncio.sleep(0.06)
                online = await session.worker.drain()
                assert online.sent == 1, [i.last_error for i in Outbox(database).failed_items()]
                assert Outbox(database).lane(iris_lane(JOB), "") == []
                assert len(back.state.imports) == 1
                assert back.state.imports[0]["updated"] == ["u2"]
                job = back.state.jobs[JOB]
                assert next(u for u in job.units if u.id == "u2").target == \
                    "La batterie dure 12 heures."
            finally:
                back.stop()
        finally:
            await session.stop()

    asyncio.run(scenario())
