"""TTS, glossaries, organisations: the read-mostly routes the workstation uses."""

from __future__ import annotations

import io
import wave

from tests.platform.server import PlatformServer


def test_tts_catalogue(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as client:
        voices = client.get("/tts/voices").json()["items"]
        assert {"provider", "id", "name", "languages"} <= set(voices[0])
        french = client.get("/tts/voices", params={"language": "fr", "provider": "google"})
        assert [v["id"] for v in french.json()["items"]] == ["fr-FR-Neural2-B"]
        assert "fr" in client.get("/tts/languages").json()["items"]
        options = client.get("/tts/options").json()
        assert options["default"]["voice"] == "Kore"
    with platform_server.client() as anonymous:
        assert anonymous.get("/tts/voices").status_code == 401


def test_tts_preview_is_a_real_clip_whose_length_follows_the_text(
    platform_server: PlatformServer,
) -> None:
    def seconds(text: str) -> float:
        with platform_server.client("linguist@demo.test") as client:
            answer = client.post(
                "/tts/preview",
                json={
                    "provider": "gemini",
                    "model": "flash",
                    "voice": "Kore",
                    "language": "fr",
                    "text": text,
                },
            )
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "audio/wav"
        with wave.open(io.BytesIO(answer.content)) as clip:
            assert (clip.getnchannels(), clip.getsampwidth()) == (1, 2)
            return clip.getnframes() / clip.getframerate()

    short, long = seconds("Bonjour."), seconds("Une phrase nettement plus longue à dire.")
    assert 0.3 <= short < long <= 8.0
    with platform_server.client("linguist@demo.test") as client:
        unknown = client.post(
            "/tts/preview", json={"voice": "Nobody", "language": "fr", "text": "Hi"}
        )
        assert unknown.status_code == 422
        wrong_language = client.post(
            "/tts/preview",
            json={"provider": "google", "voice": "de-DE-Neural2-C", "language": "fr", "text": "Hi"},
        )
        assert wrong_language.status_code == 422


def test_glossaries_and_paginated_terms(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as client:
        glossaries = client.get("/glossaries").json()
        assert glossaries["total"] == 2
        demo = next(g for g in glossaries["items"] if g["id"] == "gl-demo")
        assert demo["languages"] == ["fr", "de"] and demo["term_count"] == 60
        assert client.get("/glossaries/gl-demo").json()["name"] == demo["name"]
        page = client.get("/glossaries/gl-demo/terms", params={"page": 2, "size": 25}).json()
        assert (page["total"], page["page"], page["size"], len(page["items"])) == (60, 2, 25, 25)
        assert set(page["items"][0]) == {"source", "target", "language", "note"}
        last = client.get("/glossaries/gl-demo/terms", params={"page": 3, "size": 25}).json()
        assert len(last["items"]) == 10
        french = client.get(
            "/glossaries/gl-demo/terms", params={"language": "fr", "size": 100}
        ).json()
        assert french["total"] == 30
        assert {
            "source": "cue",
            "target": "réplique",
            "language": "fr",
            "note": "Preferred term",
        } in french["items"]
        assert client.get("/glossaries/nope/terms").status_code == 404
    with platform_server.client("client@demo.test") as client_user:
        assert client_user.get("/glossaries").json()["total"] == 1
        assert client_user.get("/glossaries/gl-other").status_code == 404


def test_memberships_and_members(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as pm:
        memberships = pm.get("/organizations/me/memberships").json()["items"]
        assert memberships == [
            {
                "org_id": "org-demo",
                "organization": {"id": "org-demo", "name": "Demo Accessible Media"},
                "role": "project_manager",
            }
        ]
        members = pm.get("/organizations/org-demo/members").json()
        assert members["total"] == 7
        assert {"id", "user_id", "email", "name", "role"} <= set(members["items"][0])
        linguists = pm.get("/organizations/org-demo/members", params={"role": "linguist"}).json()
        assert {m["email"] for m in linguists["items"]} == {
            "linguist@demo.test",
            "linguist2@demo.test",
        }
        assert pm.get("/organizations").json()["items"][0]["id"] == "org-demo"
        assert pm.get("/organizations/nope/members").status_code == 404
