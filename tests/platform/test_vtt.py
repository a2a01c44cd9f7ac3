"""VTT tracks: read, save with base_version, timing shifts, versions, concurrent editor."""

from __future__ import annotations

from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer
from tests.platform.vtt_text import format_timestamp, parse_cues

VTT = f"/jobs/{JOB_IN_QC}/vtt"


def test_get_track_shape_and_defaults(platform_server: PlatformServer) -> None:
    with platform_server.client("client@demo.test") as client:
        track = client.get(VTT, params={"lang": "en", "kind": "captions"}).json()
        assert set(track) == {
            "job_id",
            "lang",
            "kind",
            "version",
            "content",
            "updated_at",
            "updated_by",
        }
        assert track["content"].startswith("WEBVTT") and track["version"] == 2
        assert client.get(VTT).json()["lang"] == "en"  # source language by default
        descriptions = client.get(VTT, params={"lang": "de", "kind": "descriptions"}).json()
        assert "[de]" in descriptions["content"]
        assert client.get(VTT, params={"lang": "ja"}).status_code == 404
        assert client.get(VTT, params={"kind": "subtitles"}).status_code == 422


def test_seeded_tracks_follow_the_demo_media(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        job = pm.get(f"/jobs/{JOB_IN_QC}").json()
        for lang in job["languages"]:
            cues = parse_cues(pm.get(VTT, params={"lang": lang}).json()["content"])
            assert cues and cues[-1].end_ms <= job["duration_ms"]


def test_save_creates_a_version_and_stale_base_is_409(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as linguist:
        current = linguist.get(VTT, params={"lang": "fr"}).json()
        edited = current["content"].replace("Bienvenue", "Bienvenue à tous", 1)
        saved = linguist.patch(
            VTT,
            json={
                "lang": "fr",
                "kind": "captions",
                "content": edited,
                "base_version": current["version"],
                "comment": "Greeting",
            },
        )
        assert saved.status_code == 200
        assert saved.json()["version"] == current["version"] + 1 and saved.json()["updated_at"]
        stale = linguist.patch(
            VTT,
            json={
                "lang": "fr",
                "kind": "captions",
                "content": edited,
                "base_version": current["version"],
            },
        )
        assert stale.status_code == 409
        assert stale.json()["current_version"] == current["version"] + 1
        assert "detail" in stale.json()
        latest = linguist.get(VTT, params={"lang": "fr"}).json()
        assert (latest["content"], latest["updated_by"]) == (edited, "u-linguist")


def test_save_validation_and_roles(platform_server: PlatformServer) -> None:
    body = {"lang": "fr", "kind": "captions", "content": "not vtt", "base_version": 2}
    with platform_server.client("linguist@demo.test") as linguist:
        invalid = linguist.patch(VTT, json=body)
        assert invalid.status_code == 422
        assert invalid.json()["detail"][0]["loc"] == ["body", "content"]
        assert (
            linguist.patch(
                VTT, json={"lang": "fr", "kind": "captions", "content": "WEBVTT\n"}
            ).status_code
            == 422
        )
        # es belongs to linguist2, en to nobody: both refused.
        for lang in ("es", "en"):
            refused = linguist.patch(VTT, json={**body, "lang": lang, "content": "WEBVTT\n"})
            assert refused.status_code == 403
    with platform_server.client("client@demo.test") as client:
        assert client.patch(VTT, json={**body, "content": "WEBVTT\n"}).status_code == 403
    with platform_server.client("reviewer@demo.test") as reviewer:
        ok = reviewer.patch(VTT, json={**body, "lang": "en", "content": "WEBVTT\n"})
        assert ok.status_code == 200


def test_adjust_timing_shifts_a_window(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as linguist:
        before = parse_cues(linguist.get(VTT, params={"lang": "fr"}).json()["content"])
        shifted = linguist.post(
            f"{VTT}/adjust-timing",
            json={
                "lang": "fr",
                "kind": "captions",
                "offset_ms": 250,
                "from_ms": before[1].start_ms,
                "to_ms": before[3].start_ms,
            },
        )
        assert shifted.status_code == 200
        assert shifted.json()["version"] == 3
        after = parse_cues(linguist.get(VTT, params={"lang": "fr"}).json()["content"])
    assert [c.start_ms - b.start_ms for b, c in zip(before, after, strict=True)] == [
        0,
        250,
        250,
    ] + [0] * (len(before) - 3)
    assert [c.text for c in after] == [c.text for c in before]


def test_versions_list_get_diff_restore(platform_server: PlatformServer) -> None:
    params = {"lang": "fr", "kind": "captions"}
    with platform_server.client("linguist@demo.test") as linguist:
        versions = linguist.get(f"{VTT}/versions", params=params).json()
        assert [v["version"] for v in versions] == [1, 2]
        assert set(versions[0]) == {"version", "created_at", "created_by", "comment"}
        v1 = linguist.get(f"{VTT}/versions/1", params=params).json()
        assert v1["version"] == 1 and v1["content"].startswith("WEBVTT")
        diff = linguist.get(f"{VTT}/versions/diff", params={**params, "from": 1, "to": 2}).json()
        assert (diff["from"], diff["to"]) == (1, 2)
        assert diff["diff"].startswith("--- v1\n+++ v2\n")
        first = parse_cues(linguist.get(f"{VTT}/versions/2", params=params).json()["content"])[0]
        draft = (
            f"-{format_timestamp(first.start_ms + 120)} --> {format_timestamp(first.end_ms + 120)}"
        )
        final = f"+{format_timestamp(first.start_ms)} --> {format_timestamp(first.end_ms)}"
        assert draft in diff["diff"] and final in diff["diff"]
        restored = linguist.post(f"{VTT}/versions/restore", json={**params, "version": 1}).json()
        assert (restored["version"], restored["restored_from"]) == (3, 1)
        assert linguist.get(VTT, params=params).json()["content"] == v1["content"]
        assert linguist.get(f"{VTT}/versions/9", params=params).status_code == 404
        assert linguist.get(f"{VTT}/versions", params={"lang": "xx"}).status_code == 404


def test_concurrent_editor_saves_between_read_and_write(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as linguist:
        mine = linguist.get(VTT, params={"lang": "fr"}).json()
        platform_server.faults.arm_concurrent_edit(JOB_IN_QC, "fr", "captions")
        answer = linguist.patch(
            VTT,
            json={
                "lang": "fr",
                "kind": "captions",
                "content": mine["content"] + "\n",
                "base_version": mine["version"],
            },
        )
        assert answer.status_code == 409
        assert answer.json()["current_version"] == mine["version"] + 1
        theirs = linguist.get(VTT, params={"lang": "fr"}).json()
        assert theirs["updated_by"] == "u-linguist2"
        assert "(edited elsewhere)" in parse_cues(theirs["content"])[-1].text
        # Armed once: the retry on the new base goes through.
        retry = linguist.patch(
            VTT,
            json={
                "lang": "fr",
                "kind": "captions",
                "content": theirs["content"] + "\n",
                "base_version": theirs["version"],
            },
        )
        assert retry.status_code == 200


def test_concurrent_editor_with_given_content_over_http(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        armed = reviewer.post(
            "/_emulator/concurrent-edit",
            json={
                "job_id": JOB_IN_QC,
                "lang": "en",
                "kind": "descriptions",
                "content": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTheirs\n",
            },
        )
        assert armed.status_code == 204
        snapshot = reviewer.get("/_emulator/faults").json()
        assert snapshot["armed_concurrent_edits"] == [
            {"job_id": JOB_IN_QC, "lang": "en", "kind": "descriptions"}
        ]
        shifted = reviewer.post(
            f"{VTT}/adjust-timing", json={"lang": "en", "kind": "descriptions", "offset_ms": 1000}
        )
        assert shifted.json()["content"].endswith("00:00:02.000 --> 00:00:03.000\nTheirs\n")
        assert shifted.json()["version"] == 4  # theirs was 3
