"""The QC board's calls: job pages with filters, people to assign, bulk assign and bulk actions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from app.storage import Database
from sync import shapes
from sync.errors import UnexpectedAnswer
from tests.platform.server import PlatformServer
from tests.sync.support import new_session


async def _signed_in(server: PlatformServer, database: Database, email: str) -> Any:
    session = new_session(server, database)
    await session.sign_in(email, "demo-password")
    return session


def test_job_pages_follow_filters_and_paging(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await _signed_in(platform_server, database, "pm@demo.test")
        first = await session.api.jobs_page(page=1, size=3, sort="title")
        second = await session.api.jobs_page(page=2, size=3, sort="title")
        assert (first.total, first.page, first.size, first.page_count) == (4, 1, 3, 2)
        assert len(first.items) == 3 and len(second.items) == 1
        every = [job.id for job in first.items + second.items]
        assert sorted(every) == ["demo-0001", "demo-0002", "demo-0003", "demo-0004"]
        in_qc = await session.api.jobs_page(status="in_qc")
        assert {job.id for job in in_qc.items} == {"demo-0001", "demo-0002"}
        assert in_qc.total == 2
        by_project = await session.api.jobs_page(project_id="project-demo-2")
        assert [job.id for job in by_project.items] == ["demo-0003"]
        by_client = await session.api.jobs_page(client_id="client-other")
        assert [job.id for job in by_client.items] == ["demo-0004"]
        none = await session.api.jobs_page(org_id="org-elsewhere")
        assert (none.items, none.total, none.page_count) == ((), 0, 1)
        pending = next(job for job in first.items + second.items if job.id == "demo-0003")
        assert pending.status == "pending_qc" and pending.languages == ("en", "fr", "de")
        assert pending.org_id == "org-demo" and pending.client_id == "client-demo"
        await session.stop()

    asyncio.run(scenario())


def test_memberships_and_members_to_assign(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await _signed_in(platform_server, database, "pm@demo.test")
        memberships = await session.api.my_memberships()
        assert [(m.org_id, m.org_name, m.role) for m in memberships] == [
            ("org-demo", "Demo Accessible Media", "project_manager")
        ]
        everyone = await session.api.organization_members("org-demo")
        assert {m.email for m in everyone} >= {"linguist@demo.test", "reviewer@demo.test"}
        linguists = await session.api.organization_members("org-demo", role="linguist")
        assert sorted((m.user_id, m.name) for m in linguists) == [
            ("u-linguist", "Lina Linguist"), ("u-linguist2", "Luc Linguist")
        ]
        await session.stop()

    asyncio.run(scenario())


def test_bulk_assign_changes_every_named_language(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await _signed_in(platform_server, database, "pm@demo.test")
        answer = await session.api.bulk_assign(
            "demo-0003", ["fr", "de"], "u-linguist2", "u-reviewer", "bulk-1"
        )
        infos = {info.code: info for info in shapes.language_infos(answer)}
        assert {code: info.qc_state for code, info in infos.items()} == {
            "fr": "assigned", "de": "assigned"
        }
        rows = platform_server.store.all(
            "SELECT lang, linguist_id, reviewer_id FROM language_qc WHERE job_id = ?",
            ("demo-0003",),
        )
        assert {(r["lang"], r["linguist_id"], r["reviewer_id"]) for r in rows} == {
            ("fr", "u-linguist2", "u-reviewer"), ("de", "u-linguist2", "u-reviewer")
        }
        await session.stop()

    asyncio.run(scenario())


def test_bulk_job_actions_answer_job_by_job(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await _signed_in(platform_server, database, "admin@demo.test")
        results = await session.api.bulk_job_action(
            "approve", ["demo-0003", "demo-0001"], "bulk-approve-1"
        )
        by_job = {r.job_id: r for r in results}
        assert by_job["demo-0003"].ok and by_job["demo-0003"].status == "in_qc"
        assert not by_job["demo-0001"].ok and "in_qc" in by_job["demo-0001"].detail
        status = platform_server.store.scalar(
            "SELECT status FROM jobs WHERE id = ?", ("demo-0003",)
        )
        assert status == "in_qc"
        await session.stop()

    asyncio.run(scenario())


def test_job_pages_in_other_shapes_are_read() -> None:
    counted = shapes.JobsPage.from_json(
        {"count": 41, "next": "x", "results": [{"id": 7, "status": "in_qc", "extra": 1}]}, 3, 20
    )
    assert (counted.total, counted.page, counted.page_count) == (41, 3, 3)
    assert counted.items[0].id == "7" and counted.items[0].languages == ()
    bare = shapes.JobsPage.from_json([{"id": "a"}, {"id": "b"}], 1, 20)
    assert (bare.total, bare.page_count) == (2, 1)
    # A total smaller than what arrived cannot hide rows.
    short = shapes.JobsPage.from_json({"items": [{"id": "a"}], "total": 0, "page": 2}, 2, 10)
    assert short.total == 11
    with pytest.raises(UnexpectedAnswer):
        shapes.JobsPage.from_json({"total": 3}, 1, 20)


def test_people_in_nested_shapes_are_read() -> None:
    member = shapes.Member.from_json({"user": {"id": "u1", "email": "a@b"}, "role": "reviewer"})
    assert (member.user_id, member.name, member.role) == ("u1", "a@b", "reviewer")
    membership = shapes.Membership.from_json({"organization": {"id": "o1"}, "role": "admin"})
    assert (membership.org_id, membership.org_name) == ("o1", "o1")
    with pytest.raises(UnexpectedAnswer):
        shapes.Member.from_json({"name": "nobody"})
    assert shapes.bulk_job_results({"succeeded": 0}) == []
