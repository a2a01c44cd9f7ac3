"""Each fault switch, through the launcher and through the admin endpoint."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.platform.faults import FaultSettings
from tests.platform.fixtures import ServerFactory
from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer

VTT = f"/jobs/{JOB_IN_QC}/vtt"


def _note(body: str, note_id: str | None = None) -> dict[str, object]:
    note: dict[str, object] = {"timestamp_ms": 1000, "body": body}
    if note_id:
        note["id"] = note_id
    return note


def _note_count(server: PlatformServer, body: str) -> int:
    return int(server.store.scalar("SELECT COUNT(*) FROM review_notes WHERE body = ?", (body,)))


def test_added_latency(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        pm.get("/jobs")
        platform_server.faults.set(latency_ms=300)
        started = time.perf_counter()
        assert pm.get("/jobs").status_code == 200
        assert time.perf_counter() - started >= 0.3
        started = time.perf_counter()
        pm.get("/_emulator/faults")  # the control routes are never slowed
        assert time.perf_counter() - started < 0.3


def test_fraction_of_server_errors(platform_server: PlatformServer) -> None:
    platform_server.faults.set(error_rate=0.5, random_seed=7)
    with platform_server.client("pm@demo.test") as pm:
        statuses = [pm.get("/tts/languages").status_code for _ in range(60)]
    errors = [s for s in statuses if s != 200]
    assert 15 <= len(errors) <= 45
    assert set(errors) <= {500, 502, 503} and len(set(errors)) > 1


def test_injected_errors_do_not_act_and_503_has_retry_after(
    platform_server: PlatformServer,
) -> None:
    platform_server.faults.set(fail_next=1, error_statuses=[503], retry_after_s=4)
    with platform_server.client("reviewer@demo.test") as reviewer:
        failed = reviewer.post(f"/jobs/{JOB_IN_QC}/review-notes", json=_note("five-oh-three"))
        assert failed.status_code == 503
        assert failed.headers["retry-after"] == "4"
        assert failed.json()["detail"].startswith("Injected fault")
        assert _note_count(platform_server, "five-oh-three") == 0
        assert (
            reviewer.post(
                f"/jobs/{JOB_IN_QC}/review-notes", json=_note("five-oh-three")
            ).status_code
            == 201
        )


def test_throttling_answers_429_with_retry_after(platform_server: PlatformServer) -> None:
    platform_server.faults.set(throttle_next=2, retry_after_s=3)
    with platform_server.client("pm@demo.test") as pm:
        for _ in range(2):
            answer = pm.get("/jobs")
            assert answer.status_code == 429
            assert answer.headers["retry-after"] == "3"
            assert int(answer.headers["x-ratelimit-reset"]) >= int(time.time())
            assert answer.headers["x-ratelimit-remaining"] == "0"
        assert pm.get("/jobs").status_code == 200


def test_drop_before_applying(platform_server: PlatformServer) -> None:
    platform_server.faults.set(drop_before_next=1)
    with platform_server.client("reviewer@demo.test") as reviewer:
        with pytest.raises(httpx.TransportError):
            reviewer.post(f"/jobs/{JOB_IN_QC}/review-notes", json=_note("dropped early"))
        assert _note_count(platform_server, "dropped early") == 0
        notes = reviewer.get(f"/jobs/{JOB_IN_QC}/review-notes").json()["items"]
        assert "dropped early" not in {n["body"] for n in notes}
    assert platform_server.faults.requests("POST")[0]["fault"] == "drop_before"


def test_drop_after_applying_then_replay_with_the_same_key(
    platform_server: PlatformServer,
) -> None:
    """The nasty case: the write happened, the client never heard."""
    platform_server.faults.set(drop_after_next=1, methods=["PATCH"], path_regex="/vtt$")
    with platform_server.client("linguist@demo.test") as linguist:
        track = linguist.get(VTT, params={"lang": "fr"}).json()
        save = {
            "lang": "fr",
            "kind": "captions",
            "content": track["content"] + "\nNOTE mine\n",
            "base_version": track["version"],
        }
        headers = {"Idempotency-Key": "save-fr-1"}
        with pytest.raises(httpx.TransportError) as lost:
            linguist.patch(VTT, json=save, headers=headers)
        assert isinstance(lost.value, httpx.RemoteProtocolError)
        # The write is there for anyone who looks...
        seen = linguist.get(VTT, params={"lang": "fr"}).json()
        assert seen["version"] == track["version"] + 1
        assert seen["content"] == save["content"]
        # ...and the retry with the same key gets the first answer, not a second version.
        retry = linguist.patch(VTT, json=save, headers=headers)
        assert retry.status_code == 200
        assert retry.headers["idempotent-replayed"] == "true"
        assert retry.json()["version"] == track["version"] + 1
        versions = linguist.get(f"{VTT}/versions", params={"lang": "fr"}).json()
        assert len(versions) == track["version"] + 1
        # Without the key the same retry is a stale write: the 409 tells the client why.
        assert linguist.patch(VTT, json=save).status_code == 409
    log = platform_server.faults.requests("PATCH", "/api/v1" + VTT)
    assert [(e["fault"], e["status"]) for e in log] == [
        ("drop_after", 200),
        (None, 200),
        (None, 409),
    ]


def test_faults_can_target_methods_and_paths(platform_server: PlatformServer) -> None:
    platform_server.faults.set(error_rate=1.0, methods=["POST"], path_regex="/review-notes")
    with platform_server.client("reviewer@demo.test") as reviewer:
        assert reviewer.get(f"/jobs/{JOB_IN_QC}/review-notes").status_code == 200
        assert (
            reviewer.post(
                "/tts/preview", json={"voice": "Kore", "language": "en", "text": "Hi"}
            ).status_code
            == 200
        )
        assert reviewer.post(f"/jobs/{JOB_IN_QC}/review-notes", json=_note("x")).status_code >= 500
    platform_server.faults.reset()
    assert platform_server.faults.settings == FaultSettings()


def test_admin_endpoint_controls_the_same_switches(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        snapshot = pm.post("/_emulator/faults", json={"throttle_next": 1, "retry_after_s": 9})
        assert snapshot.status_code == 200 and snapshot.json()["throttle_next"] == 1
        assert pm.get("/jobs").headers["retry-after"] == "9"
        assert pm.post("/_emulator/faults", json={"explode": True}).status_code == 422
        assert pm.post("/_emulator/faults", json={"path_regex": "("}).status_code == 422
        pm.post("/_emulator/faults", json={"drop_before_next": 1})
        with pytest.raises(httpx.TransportError):
            pm.get("/jobs")
        reset = pm.post("/_emulator/faults/reset").json()
        assert reset["drop_before_next"] == 0 and reset["latency_ms"] == 0
        assert pm.post("/_emulator/expire-tokens").status_code == 204
        assert pm.get("/jobs").status_code == 401
        health = httpx.get(platform_server.api_url + "/_emulator/health").json()
        assert health["ok"] and health["main_job_id"] == platform_server.main_job_id
        log = httpx.get(
            platform_server.api_url + "/_emulator/requests",
            params={"method": "GET", "path": "/api/v1/jobs"},
        ).json()
        assert [e["status"] for e in log][-1] == 401


def test_settings_from_environment() -> None:
    settings = FaultSettings.from_env(
        {
            "PLATFORM_EMULATOR_LATENCY_MS": "250",
            "PLATFORM_EMULATOR_ERROR_RATE": "0.1",
            "PLATFORM_EMULATOR_ERROR_STATUSES": "502,503",
            "PLATFORM_EMULATOR_METHODS": "post,patch",
            "PLATFORM_EMULATOR_ACCESS_TOKEN_TTL_S": "30",
            "PLATFORM_EMULATOR_DROP_AFTER_RATE": "0.05",
            "UNRELATED": "1",
        }
    )
    assert settings.latency_ms == 250 and settings.error_rate == 0.1
    assert settings.error_statuses == [502, 503] and settings.methods == ["POST", "PATCH"]
    assert settings.access_token_ttl_s == 30.0 and settings.drop_after_rate == 0.05


def test_environment_faults_apply_to_a_server(platform_server_factory: ServerFactory) -> None:
    server = platform_server_factory(faults=FaultSettings(throttle_rate=1.0, retry_after_s=2))
    with server.client("pm@demo.test") as pm:
        assert pm.get("/jobs").status_code == 429
