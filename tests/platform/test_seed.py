"""Seed data: built from the demo workspace, or from a stand-in when it is missing."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.platform.demo_workspace import DEMO_DIR, PLACEHOLDER_MEDIA
from tests.platform.seed import JOB_PENDING_QC
from tests.platform.server import PlatformServer
from tests.platform.vtt_text import parse_cues


def test_jobs_have_three_to_five_languages_and_versioned_tracks(
    platform_server: PlatformServer,
) -> None:
    with platform_server.client("admin@demo.test") as admin:
        for job in admin.get("/jobs").json()["items"]:
            assert 3 <= len(job["languages"]) <= 5
            detail = admin.get(f"/jobs/{job['id']}").json()
            for lang, outputs in detail["outputs"].items():
                assert set(outputs) == {"captions", "descriptions"}, lang
                expected = 1 if job["id"] == JOB_PENDING_QC else 2
                assert {o["version"] for o in outputs.values()} == {expected}
        notes = admin.get(f"/jobs/{platform_server.main_job_id}/review-notes").json()
        assert notes["total"] >= 1


def test_main_job_uses_the_demo_workspace(platform_server: PlatformServer) -> None:
    if not (DEMO_DIR / "job.json").is_file():
        return  # nothing to compare with in a checkout without the demo
    with platform_server.client("admin@demo.test") as admin:
        en = admin.get(f"/jobs/{platform_server.main_job_id}/vtt", params={"lang": "en"}).json()
        downloads = admin.get(f"/jobs/{platform_server.main_job_id}/downloads").json()
    assert en["content"] == (DEMO_DIR / "en.captions.vtt").read_text(encoding="utf-8")
    video = next(a for a in downloads["assets"] if a["kind"] == "source_video")
    assert video["size_bytes"] == (DEMO_DIR / "demo.mp4").stat().st_size


def test_stand_in_when_the_demo_workspace_is_missing(tmp_path: Path) -> None:
    with PlatformServer(tmp_path / "data", demo_dir=tmp_path / "no-demo") as server:
        assert httpx.get(server.api_url + "/_emulator/health").json()["seeded_from_demo"] is False
        with server.client("linguist@demo.test") as client:
            job = client.get(f"/jobs/{server.main_job_id}").json()
            track = client.get(f"/jobs/{job['id']}/vtt", params={"lang": "de"}).json()
            assert all(c.text.startswith("[de]") for c in parse_cues(track["content"]))
            state = client.get(f"/jobs/{job['id']}/accessible-video/en/edit-state").json()
            assert [p["cue_index"] for p in state["pause_points"]] == [1]
            video = client.get(f"/jobs/{job['id']}/downloads").json()["assets"][0]
        assert len(httpx.get(video["url"]).content) == video["size_bytes"]
    assert (tmp_path / "data" / PLACEHOLDER_MEDIA).is_file()


def test_a_restarted_server_keeps_its_data(tmp_path: Path) -> None:
    with PlatformServer(tmp_path) as first, first.client("pm@demo.test") as pm:
        pm.patch(f"/jobs/{first.main_job_id}", json={"notes": "kept"}).raise_for_status()
        token = first.access_token("pm@demo.test")
    with PlatformServer(tmp_path) as second:
        headers = {"Authorization": f"Bearer {token}"}  # same secret: old tokens still work
        job = httpx.get(f"{second.api_url}/jobs/{second.main_job_id}", headers=headers).json()
        assert job["notes"] == "kept"
        assert httpx.get(second.base_url + "/openapi.json").status_code == 200
