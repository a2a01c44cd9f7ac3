"""Pause points: edit state from the descriptions track, patch within the media."""

from __future__ import annotations

from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer

BASE = f"/jobs/{JOB_IN_QC}/accessible-video"


def test_edit_state_joins_pause_points_with_description_cues(
    platform_server: PlatformServer,
) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        state = reviewer.get(f"{BASE}/en/edit-state").json()
        assert state["language"] == "en" and state["version"] == 1
        assert state["pause_points"], "the demo has at least one clip that does not fit"
        for point in state["pause_points"]:
            assert set(point) >= {
                "cue_index",
                "timestamp_ms",
                "original_timestamp_ms",
                "cue_start_ms",
                "cue_end_ms",
                "ad_duration_ms",
                "text",
            }
            assert point["ad_duration_ms"] > point["cue_end_ms"] - point["cue_start_ms"]
        derived = reviewer.get(f"{BASE}/fr/edit-state").json()
        assert all(p["text"].startswith("[fr]") for p in derived["pause_points"])
        assert reviewer.get(f"{BASE}/xx/edit-state").status_code == 404


def test_patch_pause_point(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        state = reviewer.get(f"{BASE}/en/edit-state").json()
        point = state["pause_points"][0]
        moved = reviewer.patch(
            f"{BASE}/en/pause-points/{point['cue_index']}",
            json={"timestamp_ms": point["timestamp_ms"] + 40},
        )
        assert moved.status_code == 200
        body = moved.json()
        assert body["timestamp_ms"] == point["timestamp_ms"] + 40
        assert body["original_timestamp_ms"] == point["original_timestamp_ms"]
        assert body["version"] == 2
        after = reviewer.get(f"{BASE}/en/edit-state").json()
        assert after["version"] == 2
        # Any description cue can get a pause point; one that had none is created.
        created = reviewer.patch(f"{BASE}/en/pause-points/0", json={"timestamp_ms": 100})
        assert created.status_code == 200 and created.json()["cue_index"] == 0
        outside = reviewer.patch(
            f"{BASE}/en/pause-points/0", json={"timestamp_ms": state["duration_ms"] + 1}
        )
        assert outside.status_code == 422
        assert outside.json()["detail"][0]["loc"] == ["body", "timestamp_ms"]
        assert (
            reviewer.patch(f"{BASE}/en/pause-points/0", json={"timestamp_ms": -5}).status_code
            == 422
        )
        assert (
            reviewer.patch(f"{BASE}/en/pause-points/99", json={"timestamp_ms": 5}).status_code
            == 404
        )
    with platform_server.client("client@demo.test") as client:
        assert (
            client.patch(f"{BASE}/en/pause-points/0", json={"timestamp_ms": 5}).status_code == 403
        )
