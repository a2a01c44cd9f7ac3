"""Idempotency-Key: a repeated key answers the first response and acts once."""

from __future__ import annotations

import pytest

from tests.platform.seed import JOB_IN_QC, JOB_PENDING_QC
from tests.platform.server import PlatformServer

NOTES = f"/jobs/{JOB_IN_QC}/review-notes"


def _count(server: PlatformServer, body: str) -> int:
    return int(server.store.scalar("SELECT COUNT(*) FROM review_notes WHERE body = ?", (body,)))


def test_repeated_key_replays_the_first_answer(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        headers = {"Idempotency-Key": "note-1"}
        first = reviewer.post(NOTES, json={"timestamp_ms": 5, "body": "once"}, headers=headers)
        second = reviewer.post(NOTES, json={"timestamp_ms": 5, "body": "once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()  # same server-generated id
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    assert _count(platform_server, "once") == 1


def test_key_is_scoped_per_user_method_and_path(platform_server: PlatformServer) -> None:
    headers = {"Idempotency-Key": "shared-key"}
    with platform_server.client("reviewer@demo.test") as reviewer:
        reviewer.post(NOTES, json={"timestamp_ms": 5, "body": "scoped"}, headers=headers)
        other_job = f"/jobs/{JOB_PENDING_QC}/review-notes"
        assert (
            reviewer.post(
                other_job, json={"timestamp_ms": 5, "body": "scoped"}, headers=headers
            ).status_code
            == 201
        )
    with platform_server.client("pm@demo.test") as pm:
        assert (
            pm.post(NOTES, json={"timestamp_ms": 5, "body": "scoped"}, headers=headers).status_code
            == 201
        )
    assert _count(platform_server, "scoped") == 3


def test_same_key_with_another_body_is_refused(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        headers = {"Idempotency-Key": "k"}
        reviewer.post(NOTES, json={"timestamp_ms": 5, "body": "a"}, headers=headers)
        clash = reviewer.post(NOTES, json={"timestamp_ms": 5, "body": "b"}, headers=headers)
    assert clash.status_code == 422
    assert _count(platform_server, "b") == 0


def test_answers_that_did_not_act_are_not_stored(platform_server: PlatformServer) -> None:
    headers = {"Idempotency-Key": "after-refresh", "Authorization": "Bearer expired.or.bad"}
    with platform_server.client() as anonymous:
        assert (
            anonymous.post(
                NOTES, json={"timestamp_ms": 1, "body": "late"}, headers=headers
            ).status_code
            == 401
        )
    platform_server.faults.set(fail_next=1)
    with platform_server.client("reviewer@demo.test") as reviewer:
        key = {"Idempotency-Key": "after-error"}
        assert (
            reviewer.post(NOTES, json={"timestamp_ms": 1, "body": "late"}, headers=key).status_code
            >= 500
        )
        assert (
            reviewer.post(NOTES, json={"timestamp_ms": 1, "body": "late"}, headers=key).status_code
            == 201
        )
    assert _count(platform_server, "late") == 1


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_other_write_methods_replay_too(platform_server: PlatformServer, method: str) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        url = f"{NOTES}/note-0001"
        body = {"resolved": True} if method == "PATCH" else None
        headers = {"Idempotency-Key": f"{method}-1"}
        first = reviewer.request(method, url, json=body, headers=headers)
        again = reviewer.request(method, url, json=body, headers=headers)
    assert first.status_code == again.status_code
    assert again.headers["idempotent-replayed"] == "true"


def test_job_action_with_key_acts_once(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        headers = {"Idempotency-Key": "approve-once"}
        url = f"/jobs/{JOB_PENDING_QC}/actions/approve_source"
        first = reviewer.post(url, headers=headers)
        again = reviewer.post(url, headers=headers)
        fresh = reviewer.post(url, headers={"Idempotency-Key": "approve-twice"})
    assert first.status_code == again.status_code == 200
    assert again.json()["status"] == "in_qc"
    assert fresh.status_code == 409  # a new key really acts, and the state says no
