"""Signing in, refresh-token rotation, expiry mid-queue, and the secret store."""

from __future__ import annotations

import asyncio

import pytest
from keyring.backends import fail

from app.storage import CommentStore, Database, Outbox
from sync.errors import SignInRequired
from sync.events import SignInNeeded, SyncEvent
from sync.secret_store import KeyringSecretStore, MemorySecretStore
from tests.platform.server import PlatformServer
from tests.sync.memory_keyring import HangingKeyring, MemoryKeyring
from tests.sync.support import (
    JOB,
    LINGUIST,
    PASSWORD,
    new_session,
    requests,
    save_local,
    server_latest,
    signed_in_and_pulled,
)


def test_a_wrong_password_is_refused_with_the_servers_reason(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = new_session(platform_server, database)
        with pytest.raises(SignInRequired, match="Invalid email or password"):
            await session.sign_in(LINGUIST, "not-the-password")
        await session.stop()

    asyncio.run(scenario())


def test_token_expiry_mid_queue_refreshes_once_and_sends_everything(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        mine = save_local(database, "fr", "Bienvenue dans la démo", "Bienvenue, jeton expiré")
        for number in range(3):
            CommentStore(database).add_comment(JOB, "de", f"Comment {number}", author="me")
        platform_server.faults.expire_access_tokens()
        report = await session.worker.drain()
        assert report.sent == 4 and report.remaining == 0
        assert session.auth.refresh_count == 1
        assert server_latest(platform_server, "fr")["content"] == mine
        await session.stop()

    asyncio.run(scenario())


def test_concurrent_401s_share_one_refresh_and_the_rotated_token_is_kept(
    platform_server: PlatformServer, database: Database, memory_keyring: MemoryKeyring
) -> None:
    async def scenario() -> None:
        secrets = KeyringSecretStore(backend=memory_keyring)
        session = new_session(platform_server, database, secrets=secrets)
        await session.sign_in(LINGUIST, PASSWORD)
        first = dict(memory_keyring.passwords)
        assert len(first) == 1 and secrets.memory_only_reason is None

        platform_server.faults.expire_access_tokens()
        jobs = await asyncio.gather(*(session.api.get_job(JOB) for _ in range(8)))
        assert all(job["id"] == JOB for job in jobs)
        # Two refreshes would have spent the same token twice: theft, to the server.
        assert len(requests(platform_server, "POST", "/auth/refresh")) == 1
        assert memory_keyring.passwords != first  # the rotated token replaced the spent one

        # A new run resumes from the keyring alone.
        later = new_session(
            platform_server, database, secrets=KeyringSecretStore(backend=memory_keyring)
        )
        user = await later.resume()
        assert user.email == LINGUIST
        await session.stop()
        await later.stop()

    asyncio.run(scenario())


def test_a_refused_refresh_pauses_sync_and_keeps_the_queue(
    platform_server: PlatformServer, database: Database
) -> None:
    events: list[SyncEvent] = []

    async def scenario() -> None:
        secrets = MemorySecretStore()
        session = await signed_in_and_pulled(
            platform_server, database, secrets=secrets, events=events
        )
        CommentStore(database).add_comment(JOB, "fr", "Waits for sign-in", author="me")
        # Another client spends the same refresh token: the server now sees
        # this session's copy as stolen and revokes the login.
        other = new_session(platform_server, database, secrets=secrets)
        await other.resume()
        await other.stop()
        platform_server.faults.expire_access_tokens()

        report = await session.worker.drain()
        assert report.sent == 0
        assert session.worker.paused_reason is not None
        assert any(isinstance(e, SignInNeeded) for e in events)
        pending = Outbox(database).pending_items()
        assert len(pending) == 1 and not Outbox(database).failed_items()

        await session.sign_in(LINGUIST, PASSWORD)  # resumes the worker
        assert (await session.worker.drain()).sent == 1
        await session.stop()

    asyncio.run(scenario())


def test_a_hanging_keyring_times_out_into_a_memory_only_session() -> None:
    async def scenario() -> None:
        backend = HangingKeyring()
        store = KeyringSecretStore(backend=backend, timeout_s=0.2)
        await store.set("token", "secret")
        assert store.memory_only_reason is not None and "did not answer" in store.memory_only_reason
        assert await store.get("token") == "secret"
        backend.release.set()

    asyncio.run(scenario())


def test_no_usable_keyring_is_said_plainly() -> None:
    async def scenario() -> None:
        store = KeyringSecretStore(backend=fail.Keyring())
        assert await store.get("token") is None
        assert store.memory_only_reason is not None
        assert "no usable keyring" in store.memory_only_reason
        await store.set("token", "kept in memory")
        assert await store.get("token") == "kept in memory"

    asyncio.run(scenario())
