"""The platform's endpoints the workstation uses, one method each (platform-api.md).

This is the only place that knows URLs and request bodies. Answers are read
with `sync.shapes`, which tolerates unknown and missing optional fields.
Writes take the outbox item's `idempotency_key`, so a replay after a restart
is recognisable to a server that honours the header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote

from sync import pages, shapes
from sync.shapes import (
    BulkJobResult,
    EditState,
    JobsPage,
    MediaAsset,
    Member,
    Membership,
    QueueEntry,
    ServerTrack,
    TrackVersion,
)
from sync.transport import Response


class Requester(Protocol):
    """Sends a signed request (`sync.auth.Authenticator` is one)."""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
    ) -> Response: ...


def _p(value: str | int) -> str:
    # Ids come from servers and files; never let one add a path segment.
    return quote(str(value), safe="")


class PlatformApi:
    """Async calls to one platform server, through a signed `Requester`."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def _json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        key: str | None = None,
    ) -> Any:
        answer = await self._requester.request(
            method, path, params=params, json=body, idempotency_key=key
        )
        return answer.json()

    async def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self._json("GET", path, params=params)

    # --- jobs ----------------------------------------------------------------

    async def list_jobs(self, status: str | None = None) -> list[Any]:
        """Every job the person may see (all pages), as raw list items."""
        return await pages.every_item(self._get, "/jobs", {"status": status})

    async def jobs_page(
        self,
        *,
        status: str | None = None,
        org_id: str | None = None,
        client_id: str | None = None,
        project_id: str | None = None,
        page: int = 1,
        size: int = 20,
        sort: str | None = None,
    ) -> JobsPage:
        """One page of the job list (the QC board), with the total that matches the filters."""
        filters = {"status": status, "org_id": org_id, "client_id": client_id,
                   "project_id": project_id, "sort": sort}
        params: dict[str, Any] = {k: v for k, v in filters.items() if v}
        params.update(page=max(1, int(page)), size=max(1, int(size)))
        body = await self._get("/jobs", params)
        return JobsPage.from_json(body, params["page"], params["size"])

    async def get_job(self, job_id: str) -> Any:
        """A job's detail, with `outputs` (the language output map) when the server has it."""
        return await self._get(f"/jobs/{_p(job_id)}")

    async def job_action(
        self, job_id: str, action: str, payload: Mapping[str, Any], key: str
    ) -> Any:
        """`POST /jobs/{id}/actions/{action}` with `{reason?, language?}`; returns the job."""
        return await self._json(
            "POST", f"/jobs/{_p(job_id)}/actions/{_p(action)}", body=dict(payload), key=key
        )

    async def bulk_job_action(self, bulk: str, job_ids: list[str], key: str) -> list[BulkJobResult]:
        """`POST /jobs/bulk/{approve|return-to-qc}`; the server answers job by job."""
        body = await self._json(
            "POST", f"/jobs/bulk/{_p(bulk)}", body={"job_ids": list(job_ids)}, key=key
        )
        return shapes.bulk_job_results(body)

    # --- language QC -----------------------------------------------------------

    async def my_queue(self) -> list[QueueEntry]:
        """The languages waiting on the signed-in person."""
        items = await pages.every_item(self._get, "/language-qc/me/language-qc-queue")
        return [QueueEntry.from_json(item) for item in items]

    async def language_qc(self, job_id: str) -> Any:
        """The job's language-QC map `{job_id, languages: {code: {...}}}`."""
        return await self._get(f"/language-qc/jobs/{_p(job_id)}/language-qc")

    async def language_step(
        self, job_id: str, language: str, step: str, payload: Mapping[str, Any], key: str
    ) -> Any:
        """A language-QC step (start-work, submit, approve, reject, mark-cue-reviewed, ...)."""
        path = f"/language-qc/jobs/{_p(job_id)}/languages/{_p(language)}/{_p(step)}"
        return await self._json("POST", path, body=dict(payload), key=key)

    async def bulk_assign(
        self,
        job_id: str,
        languages: list[str],
        linguist_id: str | None,
        reviewer_id: str | None,
        key: str,
    ) -> Any:
        """Give several languages the same linguist and/or reviewer; returns the QC map."""
        body: dict[str, Any] = {"languages": list(languages)}
        if linguist_id:
            body["linguist_id"] = linguist_id
        if reviewer_id:
            body["reviewer_id"] = reviewer_id
        path = f"/language-qc/jobs/{_p(job_id)}/languages/bulk-assign"
        return await self._json("POST", path, body=body, key=key)

    async def comments(self, job_id: str, language: str) -> list[Any]:
        path = f"/language-qc/jobs/{_p(job_id)}/languages/{_p(language)}/comments"
        return await pages.every_item(self._get, path)

    async def add_comment(
        self, job_id: str, language: str, payload: Mapping[str, Any], key: str
    ) -> Any:
        """Post a comment; `payload["id"]` is the client's id, so a replay is no duplicate."""
        path = f"/language-qc/jobs/{_p(job_id)}/languages/{_p(language)}/comments"
        body = {k: v for k, v in payload.items() if v is not None}
        return await self._json("POST", path, body=body, key=key)

    # --- people -------------------------------------------------------------------

    async def my_memberships(self) -> list[Membership]:
        """The organizations the signed-in person belongs to."""
        items = await pages.every_item(self._get, "/organizations/me/memberships")
        return [Membership.from_json(item) for item in items]

    async def organization_members(self, org_id: str, role: str | None = None) -> list[Member]:
        """An organization's people (all pages), optionally only one role: who can be assigned."""
        items = await pages.every_item(
            self._get, f"/organizations/{_p(org_id)}/members", {"role": role} if role else None
        )
        return [Member.from_json(item) for item in items]

    # --- tracks ------------------------------------------------------------------

    async def get_track(self, job_id: str, language: str, kind: str) -> ServerTrack:
        body = await self._get(f"/jobs/{_p(job_id)}/vtt", {"lang": language, "kind": kind})
        return ServerTrack.from_json(body)

    async def save_track(
        self, job_id: str, language: str, kind: str, content: str, base_version: int, key: str
    ) -> int:
        """Save a new version made from `base_version`; returns the new version number."""
        body = await self._json(
            "PATCH",
            f"/jobs/{_p(job_id)}/vtt",
            body={"lang": language, "kind": kind, "content": content, "base_version": base_version},
            key=key,
        )
        return shapes.required_int(shapes.mapping(body, "a saved track"), "version", "a save")

    async def adjust_timing(
        self, job_id: str, language: str, kind: str, offset_ms: int, key: str,
        from_ms: int | None = None, to_ms: int | None = None,
    ) -> int:
        """`POST /jobs/{id}/vtt/adjust-timing`: the server shifts the cues; the new version."""
        body: dict[str, Any] = {"lang": language, "kind": kind, "offset_ms": int(offset_ms)}
        if from_ms is not None:
            body["from_ms"] = int(from_ms)
        if to_ms is not None:
            body["to_ms"] = int(to_ms)
        answer = await self._json("POST", f"/jobs/{_p(job_id)}/vtt/adjust-timing", body=body,
                                  key=key)
        return shapes.required_int(shapes.mapping(answer, "a shifted track"), "version",
                                   "a timing shift")

    async def track_versions(self, job_id: str, language: str, kind: str) -> list[TrackVersion]:
        body = await self._get(f"/jobs/{_p(job_id)}/vtt/versions", {"lang": language, "kind": kind})
        items = pages.read_page(body, 1, 0).items
        return sorted((TrackVersion.from_json(item) for item in items), key=lambda v: v.version)

    async def track_version(
        self, job_id: str, language: str, kind: str, version: int
    ) -> ServerTrack:
        body = await self._get(
            f"/jobs/{_p(job_id)}/vtt/versions/{int(version)}", {"lang": language, "kind": kind}
        )
        return ServerTrack.from_json(body)

    async def restore_track_version(
        self, job_id: str, language: str, kind: str, version: int, key: str,
        comment: str | None = None,
    ) -> int:
        """`POST /jobs/{id}/vtt/versions/restore`: a new version with old text; its number."""
        body: dict[str, Any] = {"lang": language, "kind": kind, "version": int(version)}
        if comment:
            body["comment"] = comment
        answer = await self._json(
            "POST", f"/jobs/{_p(job_id)}/vtt/versions/restore", body=body, key=key)
        return shapes.required_int(shapes.mapping(answer, "a restored track"), "version",
                                   "a restore")

    # --- speech ------------------------------------------------------------------

    async def tts_preview(self, provider: str, model: str, voice: str, language: str,
                          text: str) -> tuple[bytes, str]:
        """`POST /tts/preview`: a spoken clip of `text`, and its media type."""
        answer = await self._requester.request(
            "POST", "/tts/preview", json={"provider": provider, "model": model,
                                          "voice": voice, "language": language, "text": text})
        return answer.content, answer.headers.get("content-type", "audio/mpeg")

    # --- media ---------------------------------------------------------------------

    async def downloads(self, job_id: str) -> list[MediaAsset]:
        body = shapes.mapping(await self._get(f"/jobs/{_p(job_id)}/downloads"), "downloads")
        return [MediaAsset.from_json(item) for item in shapes.listed(body.get("assets"))]

    # --- accessible video ------------------------------------------------------------

    async def edit_state(self, job_id: str, language: str) -> EditState:
        body = await self._get(f"/jobs/{_p(job_id)}/accessible-video/{_p(language)}/edit-state")
        return EditState.from_json(body, language)

    async def move_pause_point(
        self, job_id: str, language: str, cue_index: int, timestamp_ms: int, key: str
    ) -> Any:
        path = f"/jobs/{_p(job_id)}/accessible-video/{_p(language)}/pause-points/{int(cue_index)}"
        return await self._json("PATCH", path, body={"timestamp_ms": timestamp_ms}, key=key)

    # --- review notes ------------------------------------------------------------------

    async def review_notes(self, job_id: str) -> list[Any]:
        return await pages.every_item(self._get, f"/jobs/{_p(job_id)}/review-notes")

    async def get_review_note(self, job_id: str, note_id: str) -> Any:
        return await self._get(f"/jobs/{_p(job_id)}/review-notes/{_p(note_id)}")

    async def add_review_note(self, job_id: str, payload: Mapping[str, Any], key: str) -> Any:
        """Create a note; `payload["id"]` is the client's id, so a replay is no duplicate."""
        body = {k: v for k, v in payload.items() if v is not None}
        return await self._json("POST", f"/jobs/{_p(job_id)}/review-notes", body=body, key=key)

    async def change_review_note(
        self, job_id: str, note_id: str, changes: Mapping[str, Any], key: str
    ) -> Any:
        path = f"/jobs/{_p(job_id)}/review-notes/{_p(note_id)}"
        return await self._json("PATCH", path, body=dict(changes), key=key)

    async def delete_review_note(self, job_id: str, note_id: str, key: str) -> None:
        path = f"/jobs/{_p(job_id)}/review-notes/{_p(note_id)}"
        await self._requester.request("DELETE", path, idempotency_key=key)
