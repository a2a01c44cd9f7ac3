"""The client layers: typed errors with the server's words, retries, pagination, tolerance."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from app.storage import Database
from sync import pages, shapes
from sync.errors import NotFound, OutcomeUnknown, RateLimited, server_detail
from sync.transport import RetryPolicy, retry_after
from tests.platform.server import PlatformServer
from tests.sync.support import FAST_RETRY, JOB, new_session, requests, signed_in_and_pulled


def test_errors_carry_the_servers_detail(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        with pytest.raises(NotFound) as caught:
            await session.api.get_job("no-such-job")
        assert caught.value.detail == "Job not found" and caught.value.is_final
        await session.stop()

    asyncio.run(scenario())


def test_reads_are_replayed_after_a_dropped_connection_writes_are_not(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        platform_server.faults.set(drop_after_next=1, methods=["GET"])
        assert (await session.api.get_job(JOB))["id"] == JOB
        platform_server.faults.set(drop_after_next=1, methods=["POST"])
        with pytest.raises(OutcomeUnknown):
            await session.api.add_comment(JOB, "fr", {"id": "c-1", "body": "x"}, "key-1")
        assert len(requests(platform_server, "POST", "/comments")) == 1
        await session.stop()

    asyncio.run(scenario())


def test_a_long_retry_after_is_handed_up_not_slept(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        policy = RetryPolicy(
            attempts=3, total_s=5.0, backoff=FAST_RETRY.backoff, longest_wait_s=0.5
        )
        session = new_session(platform_server, database, retry=policy)
        await session.sign_in("linguist@demo.test", "demo-password")
        platform_server.faults.set(throttle_next=1, retry_after_s=30)
        with pytest.raises(RateLimited) as caught:
            await session.api.get_job(JOB)
        assert caught.value.retry_after == 30
        await session.stop()

    asyncio.run(scenario())


def test_retry_after_reads_seconds_dates_and_rate_limit_resets() -> None:
    assert retry_after({"retry-after": "7"}) == 7
    assert retry_after({"retry-after": "Thu, 01 Jan 1970 00:01:40 GMT"}, now=40.0) == 60.0
    assert retry_after({"x-ratelimit-reset": "1700000030"}, now=1_700_000_000.0) == 30.0
    assert retry_after({"x-ratelimit-reset": "12"}) == 12.0
    assert retry_after({}) is None


def test_server_detail_reads_every_error_shape() -> None:
    assert server_detail({"detail": "Nope"}, "", 409) == "Nope"
    validation = {"detail": [{"loc": ["body", "timestamp_ms"], "msg": "too late", "type": "x"}]}
    assert server_detail(validation, "", 422) == "timestamp_ms: too late"
    assert server_detail({"error": {"code": "E1", "message": "Broken"}}, "", 500) == "Broken"
    assert server_detail({"success": False, "error": "Denied", "code": 7}, "", 403) == "Denied"
    assert server_detail(None, "<html>proxy</html>", 502) == "The server answered HTTP 502"


def test_both_pagination_styles_are_read_to_the_end() -> None:
    numbered = {
        1: {"items": [1, 2], "total": 5, "page": 1, "size": 2},
        2: {"items": [3, 4], "total": 5, "page": 2, "size": 2},
        3: {"items": [5], "total": 5, "page": 3, "size": 2},
    }
    linked = {
        "/things": {"count": 3, "next": "https://x/things?p=2", "previous": None, "results": [1]},
        "https://x/things?p=2": {"count": 3, "next": None, "previous": "x", "results": [2, 3]},
    }

    async def fetch_numbered(path: str, params: Mapping[str, Any] | None) -> Any:
        assert params is not None
        return numbered[int(params["page"])]

    async def fetch_linked(path: str, params: Mapping[str, Any] | None) -> Any:
        return linked[path]

    assert asyncio.run(pages.every_item(fetch_numbered, "/things", size=2)) == [1, 2, 3, 4, 5]
    assert asyncio.run(pages.every_item(fetch_linked, "/things")) == [1, 2, 3]
    assert pages.read_page([7, 8], 1, 50).items == [7, 8]


def test_answers_with_unknown_or_missing_fields_are_read() -> None:
    job = shapes.job_info({"id": "j1", "title": "T", "future_field": {"x": 1}})
    assert (job.id, job.status, job.duration_ms, job.frame_rate) == ("j1", "unknown", None, None)
    assert job.raw_json is not None and job.raw_json["future_field"] == {"x": 1}
    track = shapes.ServerTrack.from_json({"version": "4", "content": "WEBVTT\n", "extra": 1})
    assert track.version == 4
    entry = shapes.QueueEntry.from_json({"job_id": "j1", "language": "fr"})
    assert entry.due_at is None and entry.role == ""
    assert shapes.track_versions({"outputs": {"fr": {"captions": {"version": 3}}}}) == {
        ("fr", "captions"): 3
    }
    assert shapes.job_languages({"source_language": "en", "languages": ["en", "fr"]}) == [
        "en",
        "fr",
    ]
