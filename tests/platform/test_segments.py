"""The IRIS-style segment round trip: TMX export, signed download, import, QA results."""

from __future__ import annotations

import hashlib

import httpx

from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer
from tests.platform.tmx import read_tmx
from tests.platform.vtt_text import parse_cues


def _export(server: PlatformServer, email: str = "linguist@demo.test") -> dict[str, object]:
    with server.client(email) as client:
        answer = client.post(f"/jobs/{JOB_IN_QC}/tmx-export", json={"language": "fr"})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_export_gives_a_signed_tmx_artifact(platform_server: PlatformServer) -> None:
    artifact = _export(platform_server)
    assert artifact["type"] == "tmx" and artifact["base_version"] == 2
    download = httpx.get(str(artifact["download_url"]))
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == artifact["sha256"]
    units = read_tmx(download.content, "en", "fr")
    with platform_server.client("linguist@demo.test") as client:
        fr = parse_cues(
            client.get(f"/jobs/{JOB_IN_QC}/vtt", params={"lang": "fr"}).json()["content"]
        )
        assert (
            client.post(f"/jobs/{JOB_IN_QC}/tmx-export", json={"language": "en"}).status_code == 422
        )
    assert [u.target for u in units[: len(fr)]] == [c.text for c in fr]
    assert httpx.get(str(artifact["download_url"]) + "0").status_code == 403


def test_import_updates_changed_units_as_one_version(platform_server: PlatformServer) -> None:
    artifact = _export(platform_server)
    tmx = httpx.get(str(artifact["download_url"])).content
    units = read_tmx(tmx, "en", "fr")
    assert units[0].target is not None
    edited = tmx.replace(units[0].target.encode(), b"Bienvenue !", 1)
    edited = edited.replace(b'tuid="1"', b'tuid="99"', 1)
    with platform_server.client("linguist@demo.test") as linguist:
        summary = linguist.post(
            f"/jobs/{JOB_IN_QC}/tmx-import",
            files={"file": ("fr.tmx", edited, "application/x-tmx+xml")},
        ).json()
        assert (summary["language"], summary["units_updated"], summary["units_rejected"]) == (
            "fr",
            1,
            1,
        )
        assert summary["errors"][0]["tuid"] == "99"
        assert summary["version"] == 3
        track = linguist.get(f"/jobs/{JOB_IN_QC}/vtt", params={"lang": "fr"}).json()
        assert parse_cues(track["content"])[0].text == "Bienvenue !"
        again = linguist.post(
            f"/jobs/{JOB_IN_QC}/tmx-import",
            data={"language": "fr"},
            files={"file": ("fr.tmx", edited)},
        ).json()
        assert again["units_updated"] == 0 and again["version"] == 3
        broken = linguist.post(f"/jobs/{JOB_IN_QC}/tmx-import", files={"file": ("x", b"<tmx")})
        assert broken.status_code == 422
    with platform_server.client("linguist2@demo.test") as other:
        refused = other.post(f"/jobs/{JOB_IN_QC}/tmx-import", files={"file": ("fr.tmx", tmx)})
        assert refused.status_code == 403


def test_verification_results_per_unit(platform_server: PlatformServer) -> None:
    with platform_server.client("reviewer@demo.test") as reviewer:
        results = reviewer.get(f"/jobs/{JOB_IN_QC}/verification-results").json()
        assert {i["language"] for i in results["items"]} == {"fr", "de", "es"}
        assert results["summary"]["OK"] + results["summary"]["KO"] == results["total"]
        german = [i for i in results["items"] if i["language"] == "de"]
        assert all(i["status"] == "KO" for i in german)  # seeded stand-ins are untranslated
        assert german[0]["issues"][0] == {
            "type": "Accuracy",
            "criticity": "Major",
            "message": "The target is an untranslated stand-in",
        }
        french = reviewer.get(
            f"/jobs/{JOB_IN_QC}/verification-results", params={"language": "fr"}
        ).json()
        assert {"unit_id", "cue_index", "source", "target", "status", "issues"} <= set(
            french["items"][0]
        )
