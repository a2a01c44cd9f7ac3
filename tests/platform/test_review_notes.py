"""Review notes: CRUD, client ids, filters and who may change what."""

from __future__ import annotations

from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer

NOTES = f"/jobs/{JOB_IN_QC}/review-notes"


def test_crud(platform_server: PlatformServer) -> None:
    with platform_server.client("linguist@demo.test") as linguist:
        listed = linguist.get(NOTES).json()
        assert listed["total"] == 2 and listed["page"] == 1
        assert [n["timestamp_ms"] for n in listed["items"]] == sorted(
            n["timestamp_ms"] for n in listed["items"]
        )
        created = linguist.post(
            NOTES,
            json={
                "id": "n-offline",
                "timestamp_ms": 9080,
                "body": "Check this shot",
                "language": "fr",
                "kind": "captions",
            },
        )
        assert created.status_code == 201
        note = created.json()
        assert set(note) >= {
            "id",
            "timestamp_ms",
            "body",
            "language",
            "kind",
            "resolved",
            "author",
            "created_at",
        }
        assert (note["id"], note["resolved"], note["author"]["id"]) == (
            "n-offline",
            False,
            "u-linguist",
        )
        assert (
            linguist.post(
                NOTES, json={"id": "n-offline", "timestamp_ms": 9080, "body": "Check this shot"}
            ).status_code
            == 200
        )
        assert linguist.get(f"{NOTES}/n-offline").json()["body"] == "Check this shot"
        patched = linguist.patch(f"{NOTES}/n-offline", json={"resolved": True, "body": "Done"})
        assert (patched.json()["resolved"], patched.json()["body"]) == (True, "Done")
        assert linguist.get(NOTES, params={"resolved": True}).json()["total"] == 1
        assert linguist.get(NOTES, params={"language": "fr"}).json()["total"] == 1
        assert linguist.delete(f"{NOTES}/n-offline").status_code == 204
        assert linguist.get(f"{NOTES}/n-offline").status_code == 404
        assert linguist.post(NOTES, json={"timestamp_ms": -1, "body": "x"}).status_code == 422


def test_only_authors_and_leads_change_notes(platform_server: PlatformServer) -> None:
    seeded = f"{NOTES}/note-0001"  # written by the reviewer
    with platform_server.client("linguist@demo.test") as linguist:
        assert linguist.patch(seeded, json={"resolved": True}).status_code == 403
        assert linguist.delete(seeded).status_code == 403
        assert (
            linguist.post(
                NOTES, json={"id": "note-0001", "timestamp_ms": 1, "body": "Mine now"}
            ).status_code
            == 409
        )
    with platform_server.client("production@demo.test") as production:
        assert production.patch(seeded, json={"resolved": True}).status_code == 200
        assert production.delete(seeded).status_code == 403
    with platform_server.client("pm@demo.test") as pm:
        assert pm.delete(seeded).status_code == 204
