"""Language QC: the state machine, who may drive it, comments and queues."""

from __future__ import annotations

import pytest

from tests.platform.seed import JOB_IN_QC, JOB_PENDING_QC, JOB_SECOND_ROUND
from tests.platform.server import PlatformServer

QC = "/language-qc/jobs"


def _state(server: PlatformServer, job: str, lang: str) -> str:
    with server.client("admin@demo.test") as admin:
        return str(admin.get(f"{QC}/{job}/language-qc").json()["languages"][lang]["state"])


def test_state_map_shape(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as client:
        body = client.get(f"{QC}/{JOB_IN_QC}/language-qc").json()
    assert body["job_id"] == JOB_IN_QC
    assert set(body["languages"]) == {"fr", "de", "es"}
    fr = body["languages"]["fr"]
    assert fr["state"] == "in_progress"
    assert fr["linguist"] == {"id": "u-linguist", "name": "Lina Linguist"}
    assert fr["reviewer"] == {"id": "u-reviewer", "name": "Rita Reviewer"}
    assert fr["reviewed_cues"] == [] and fr["updated_at"]
    assert body["languages"]["de"]["reviewer"] is None


def test_full_happy_path_moves_job_to_final_review(platform_server: PlatformServer) -> None:
    """unassigned → assigned → in_progress → submitted → in_review → approved, twice."""
    job = JOB_PENDING_QC
    with platform_server.client("reviewer@demo.test") as reviewer:
        assert reviewer.post(f"/jobs/{job}/actions/approve_source").status_code == 200
    with platform_server.client("pm@demo.test") as pm:
        for lang in ("fr", "de"):
            assigned = pm.post(
                f"{QC}/{job}/languages/{lang}/assign", json={"user_id": "u-linguist"}
            )
            assert assigned.json()["state"] == "assigned"
    with (
        platform_server.client("linguist@demo.test") as linguist,
        platform_server.client("reviewer@demo.test") as reviewer,
    ):
        for lang in ("fr", "de"):
            for step, state in (("start-work", "in_progress"), ("submit", "submitted")):
                answer = linguist.post(f"{QC}/{job}/languages/{lang}/{step}")
                assert answer.status_code == 200 and answer.json()["state"] == state
            opened = reviewer.post(f"{QC}/{job}/languages/{lang}/open-review").json()
            assert opened["state"] == "in_review"
            assert opened["reviewer"]["id"] == "u-reviewer"  # opening claims it
            marked = reviewer.post(
                f"{QC}/{job}/languages/{lang}/mark-cue-reviewed",
                json={"cue_index": 3, "reviewed": True},
            ).json()
            assert marked["reviewed_cues"] == [3]
            unmarked = reviewer.post(
                f"{QC}/{job}/languages/{lang}/mark-cue-reviewed",
                json={"cue_index": 3, "reviewed": False},
            ).json()
            assert unmarked["reviewed_cues"] == []
            assert reviewer.post(f"{QC}/{job}/languages/{lang}/approve").json()["state"] == (
                "approved"
            )
        assert reviewer.get(f"/jobs/{job}").json()["status"] == "final_review"


def test_reject_then_reopen(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        assert (
            reviewer.post(f"{QC}/{JOB_SECOND_ROUND}/languages/fr/reject", json={}).status_code
            == 422
        )
        rejected = reviewer.post(
            f"{QC}/{JOB_SECOND_ROUND}/languages/fr/reject",
            json={"reason": "Glossary terms ignored"},
        ).json()
        assert (rejected["state"], rejected["reject_reason"]) == (
            "rejected",
            "Glossary terms ignored",
        )
    with platform_server.client("linguist2@demo.test") as linguist2:
        reopened = linguist2.post(f"{QC}/{JOB_SECOND_ROUND}/languages/fr/reopen").json()
        assert reopened["state"] == "in_progress"


@pytest.mark.parametrize(
    ("email", "job", "lang", "step", "expected"),
    [
        # wrong state: 409
        ("linguist@demo.test", JOB_IN_QC, "fr", "start-work", 409),
        ("linguist@demo.test", JOB_IN_QC, "de", "submit", 409),
        ("linguist@demo.test", JOB_IN_QC, "fr", "reopen", 409),
        ("reviewer@demo.test", JOB_IN_QC, "fr", "approve", 409),
        ("reviewer@demo.test", JOB_SECOND_ROUND, "fr", "open-review", 409),
        ("reviewer@demo.test", JOB_SECOND_ROUND, "pt", "open-review", 409),
        ("reviewer@demo.test", JOB_IN_QC, "fr", "mark-cue-reviewed", 409),
        # wrong person or role: 403, even when the state would also be wrong
        ("linguist2@demo.test", JOB_IN_QC, "fr", "submit", 403),
        ("linguist2@demo.test", JOB_IN_QC, "de", "start-work", 403),
        ("reviewer@demo.test", JOB_IN_QC, "fr", "submit", 403),
        ("pm@demo.test", JOB_IN_QC, "de", "start-work", 403),
        ("linguist@demo.test", JOB_IN_QC, "es", "open-review", 403),
        ("linguist2@demo.test", JOB_SECOND_ROUND, "fr", "approve", 403),
        ("client@demo.test", JOB_SECOND_ROUND, "fr", "approve", 403),
        ("linguist@demo.test", JOB_SECOND_ROUND, "fr", "mark-cue-reviewed", 403),
        # unknown language: 404
        ("linguist@demo.test", JOB_IN_QC, "xx", "start-work", 404),
    ],
)
def test_refusals(
    platform_server: PlatformServer, email: str, job: str, lang: str, step: str, expected: int
) -> None:
    before = _state(platform_server, job, lang) if lang != "xx" else None
    body = {"cue_index": 0, "reviewed": True} if step == "mark-cue-reviewed" else None
    with platform_server.client(email) as client:
        answer = client.post(f"{QC}/{job}/languages/{lang}/{step}", json=body)
    assert answer.status_code == expected, answer.text
    assert "detail" in answer.json()
    if before is not None:
        assert _state(platform_server, job, lang) == before


def test_assignment_rules(platform_server: PlatformServer) -> None:
    base = f"{QC}/{JOB_IN_QC}/languages"
    with platform_server.client("linguist@demo.test") as linguist:
        assert (
            linguist.post(f"{base}/de/reassign", json={"user_id": "u-linguist2"}).status_code == 403
        )
    with platform_server.client("production@demo.test") as production:
        assert (
            production.post(f"{base}/de/assign", json={"user_id": "u-linguist2"}).status_code == 409
        )
        moved = production.post(f"{base}/de/reassign", json={"user_id": "u-linguist2"}).json()
        assert (moved["state"], moved["linguist"]["id"]) == ("assigned", "u-linguist2")
        assert (
            production.post(f"{base}/de/reassign", json={"user_id": "u-reviewer"}).status_code
            == 422
        )
        assert (
            production.post(
                f"{base}/de/reassign-reviewer", json={"user_id": "u-reviewer"}
            ).status_code
            == 409
        )
        with_reviewer = production.post(
            f"{base}/de/assign-reviewer", json={"user_id": "u-reviewer"}
        ).json()
        assert with_reviewer["reviewer"]["id"] == "u-reviewer"
        assert (
            production.post(
                f"{base}/de/assign-reviewer", json={"user_id": "u-reviewer"}
            ).status_code
            == 409
        )
        swapped = production.post(f"{base}/de/reassign-reviewer", json={"user_id": "u-reviewer"})
        assert swapped.status_code == 200
    with platform_server.client("linguist@demo.test") as linguist:
        # The old linguist lost the language: no more work on it, no more track writes.
        assert linguist.post(f"{base}/de/start-work").status_code == 403


def test_bulk_assign_is_all_or_nothing(platform_server: PlatformServer) -> None:
    base = f"{QC}/{JOB_PENDING_QC}/languages/bulk-assign"
    with platform_server.client("pm@demo.test") as pm:
        done = pm.post(
            base,
            json={
                "languages": ["fr", "de"],
                "linguist_id": "u-linguist2",
                "reviewer_id": "u-reviewer",
            },
        ).json()
        assert {v["state"] for v in done["languages"].values()} == {"assigned"}
        assert done["languages"]["de"]["reviewer"]["id"] == "u-reviewer"
    with platform_server.client("admin@demo.test") as admin:
        approved_one = admin.post(
            f"{QC}/{JOB_SECOND_ROUND}/languages/bulk-assign",
            json={"languages": ["fr", "pt"], "linguist_id": "u-linguist"},
        )
        assert approved_one.status_code == 409  # pt is approved
        assert _state(platform_server, JOB_SECOND_ROUND, "fr") == "in_review"
        qc = admin.get(f"{QC}/{JOB_SECOND_ROUND}/language-qc").json()["languages"]
        assert qc["fr"]["linguist"]["id"] == "u-linguist2"
    with platform_server.client("reviewer@demo.test") as reviewer:
        assert (
            reviewer.post(base, json={"languages": ["fr"], "linguist_id": "u-linguist"}).status_code
            == 403
        )


def test_comments_with_client_ids_are_deduplicated(platform_server: PlatformServer) -> None:
    url = f"{QC}/{JOB_SECOND_ROUND}/languages/it/comments"
    comment = {
        "id": "c-offline-1",
        "body": "Fixed the labels.",
        "cue_index": 1,
        "timestamp_ms": 5440,
    }
    with platform_server.client("linguist@demo.test") as linguist:
        first = linguist.post(url, json=comment)
        assert first.status_code == 201
        assert first.json()["author"]["id"] == "u-linguist"
        again = linguist.post(url, json=comment)
        assert again.status_code == 200 and again.json() == first.json()
        clash = linguist.post(url, json={**comment, "body": "Something else"})
        assert clash.status_code == 409
        generated = linguist.post(url, json={"body": "No id given"})
        assert generated.status_code == 201 and generated.json()["id"]
        listed = linguist.get(url).json()
        assert listed["total"] == 3  # the seeded one, ours, the generated one
        assert [c["id"] for c in listed["items"]].count("c-offline-1") == 1
    with platform_server.client("client@demo.test") as client:
        assert client.post(url, json={"body": "Hello"}).status_code == 403
        assert client.get(url).status_code == 200


def test_queues_per_user(platform_server: PlatformServer) -> None:
    def queue(email: str) -> set[tuple[str, str, str, str]]:
        with platform_server.client(email) as client:
            items = client.get("/language-qc/me/language-qc-queue").json()["items"]
        assert all({"job_title", "due_at", "updated_at"} <= set(i) for i in items)
        return {(i["job_id"], i["language"], i["state"], i["role"]) for i in items}

    assert queue("linguist@demo.test") == {
        (JOB_IN_QC, "fr", "in_progress", "linguist"),
        (JOB_IN_QC, "de", "assigned", "linguist"),
        (JOB_SECOND_ROUND, "it", "rejected", "linguist"),
    }
    assert queue("reviewer@demo.test") == {
        (JOB_IN_QC, "es", "submitted", "reviewer"),
        (JOB_SECOND_ROUND, "fr", "in_review", "reviewer"),
    }
    assert queue("linguist2@demo.test") == set()  # es submitted, fr in review: nothing to do
    assert queue("client@demo.test") == set()
