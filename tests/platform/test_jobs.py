"""Jobs: list filters and pagination, detail with the output map, patch, actions."""

from __future__ import annotations

import pytest

from tests.platform.seed import (
    JOB_FINAL_REVIEW,
    JOB_IN_QC,
    JOB_PENDING_QC,
    JOB_SECOND_ROUND,
)
from tests.platform.server import PlatformServer


def test_list_shape_filters_and_pagination(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        everything = pm.get("/jobs").json()
        assert everything["total"] == 4 and everything["page"] == 1 and everything["size"] == 20
        item = everything["items"][0]
        assert {
            "id",
            "status",
            "title",
            "created_at",
            "updated_at",
            "source_language",
            "languages",
        } <= set(item)
        in_qc = pm.get("/jobs", params={"status": "in_qc"}).json()
        assert {j["id"] for j in in_qc["items"]} == {JOB_IN_QC, JOB_SECOND_ROUND}
        several = pm.get("/jobs", params={"status": "in_qc,pending_qc"}).json()
        assert several["total"] == 3
        assert pm.get("/jobs", params={"client_id": "client-other"}).json()["total"] == 1
        assert pm.get("/jobs", params={"project_id": "project-demo-2"}).json()["total"] == 1
        assert pm.get("/jobs", params={"org_id": "org-demo"}).json()["total"] == 4
        assert pm.get("/jobs", params={"org_id": "nope"}).json()["total"] == 0
        page2 = pm.get("/jobs", params={"page": 2, "size": 3, "sort": "created_at"}).json()
        assert (page2["total"], page2["page"], page2["size"]) == (4, 2, 3)
        assert [j["id"] for j in page2["items"]] == [JOB_FINAL_REVIEW]
        by_title = pm.get("/jobs", params={"sort": "title"}).json()["items"]
        assert [j["title"] for j in by_title] == sorted(j["title"] for j in by_title)
        assert pm.get("/jobs", params={"sort": "password"}).status_code == 422
        assert pm.get("/jobs", params={"size": 0}).status_code == 422


def test_client_sees_only_its_own_jobs(platform_server: PlatformServer) -> None:
    with platform_server.client("client@demo.test") as client:
        ids = {j["id"] for j in client.get("/jobs").json()["items"]}
        assert JOB_FINAL_REVIEW not in ids and len(ids) == 3
        assert client.get(f"/jobs/{JOB_FINAL_REVIEW}").status_code == 404


def test_detail_has_the_language_output_map(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as client:
        job = client.get(f"/jobs/{JOB_IN_QC}").json()
    assert job["source_language"] == "en"
    assert job["requested_outputs"]["languages"] == ["fr", "de", "es"]
    assert job["duration_ms"] > 0 and job["frame_rate"] > 0
    assert set(job["outputs"]) == {"en", "fr", "de", "es"}
    assert job["outputs"]["fr"]["captions"] == {"status": "draft", "version": 2}
    assert job["outputs"]["es"]["descriptions"]["status"] == "in_review"
    assert job["outputs"]["en"]["captions"]["status"] == "approved"


def test_unknown_job_is_404(platform_server: PlatformServer) -> None:
    with platform_server.client("admin@demo.test") as admin:
        answer = admin.get("/jobs/no-such-job")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Job not found"}


def test_patch_job_metadata_and_roles(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        patched = pm.patch(f"/jobs/{JOB_IN_QC}", json={"title": "Renamed", "notes": "Rush"})
        assert patched.status_code == 200
        assert (patched.json()["title"], patched.json()["notes"]) == ("Renamed", "Rush")
        outputs = dict(patched.json()["requested_outputs"], accessible_video_mp4=False)
        again = pm.patch(f"/jobs/{JOB_IN_QC}", json={"requested_outputs": outputs})
        assert again.json()["requested_outputs"]["accessible_video_mp4"] is False
        assert pm.get(f"/jobs/{JOB_IN_QC}").json()["title"] == "Renamed"
    with platform_server.client("linguist@demo.test") as linguist:
        refused = linguist.patch(f"/jobs/{JOB_IN_QC}", json={"title": "Mine"})
        assert refused.status_code == 403


@pytest.mark.parametrize(
    ("email", "job", "action", "expected", "status"),
    [
        ("reviewer@demo.test", JOB_PENDING_QC, "approve_source", 200, "in_qc"),
        ("production@demo.test", JOB_PENDING_QC, "approve_english", 200, "in_qc"),
        ("linguist@demo.test", JOB_PENDING_QC, "approve_source", 403, "pending_qc"),
        ("pm@demo.test", JOB_PENDING_QC, "approve_source", 403, "pending_qc"),
        ("reviewer@demo.test", JOB_IN_QC, "approve_source", 409, "in_qc"),
        ("reviewer@demo.test", JOB_IN_QC, "reject", 200, "rejected"),
        ("pm@demo.test", JOB_FINAL_REVIEW, "complete", 200, "complete"),
        ("pm@demo.test", JOB_FINAL_REVIEW, "reject_final", 200, "rejected"),
        ("admin@demo.test", JOB_FINAL_REVIEW, "return_to_qc", 200, "in_qc"),
        ("reviewer@demo.test", JOB_FINAL_REVIEW, "complete", 403, "final_review"),
        ("pm@demo.test", JOB_IN_QC, "complete", 409, "in_qc"),
        ("production@demo.test", JOB_IN_QC, "blocked_on_source", 200, "blocked_on_source"),
        ("pm@demo.test", JOB_IN_QC, "blocked_on_source", 403, "in_qc"),
        ("production@demo.test", JOB_IN_QC, "promote_to_qc", 409, "in_qc"),
        ("client@demo.test", JOB_IN_QC, "reject", 403, "in_qc"),
    ],
)
def test_job_actions_follow_roles_and_states(
    platform_server: PlatformServer,
    email: str,
    job: str,
    action: str,
    expected: int,
    status: str,
) -> None:
    with platform_server.client(email) as client:
        answer = client.post(f"/jobs/{job}/actions/{action}", json={"reason": "test"})
    assert answer.status_code == expected, answer.text
    with platform_server.client("admin@demo.test") as admin:
        assert admin.get(f"/jobs/{job}").json()["status"] == status


def test_blocked_job_is_promoted_back_and_tts_retried(platform_server: PlatformServer) -> None:
    with platform_server.client("production@demo.test") as production:
        production.post(f"/jobs/{JOB_IN_QC}/actions/blocked_on_source", json={})
        promoted = production.post(f"/jobs/{JOB_IN_QC}/actions/promote_to_qc")
        assert promoted.json()["status"] == "pending_qc"
        retry = production.post(
            f"/jobs/{JOB_FINAL_REVIEW}/actions/retry_tts", json={"language": "fr"}
        )
        assert retry.status_code == 200 and retry.json()["status"] == "final_review"
        no_language = production.post(f"/jobs/{JOB_FINAL_REVIEW}/actions/retry_tts", json={})
        assert no_language.status_code == 422
        assert production.post(f"/jobs/{JOB_IN_QC}/actions/explode").status_code == 404


def test_bulk_actions_report_per_job(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        answer = reviewer.post(
            "/jobs/bulk/approve", json={"job_ids": [JOB_PENDING_QC, JOB_IN_QC, "nope"]}
        ).json()
    assert (answer["succeeded"], answer["failed"]) == (1, 2)
    by_id = {r["job_id"]: r for r in answer["results"]}
    assert by_id[JOB_PENDING_QC]["status"] == "in_qc"
    assert by_id[JOB_IN_QC]["status_code"] == 409
    assert by_id["nope"]["status_code"] == 404
    with platform_server.client("pm@demo.test") as pm:
        back = pm.post("/jobs/bulk/return-to-qc", json={"job_ids": [JOB_FINAL_REVIEW]}).json()
        assert back["results"][0]["status"] == "in_qc"
    with platform_server.client("linguist@demo.test") as linguist:
        refused = linguist.post("/jobs/bulk/return-to-qc", json={"job_ids": [JOB_IN_QC]})
        assert refused.status_code == 403
