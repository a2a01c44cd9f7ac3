"""`/jobs/{id}/vtt`: get, save with a `base_version` check, adjust timing, versions."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, field_validator

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, visible_job
from tests.platform.tracks import (
    Kind,
    append_version,
    ensure_track_writer,
    require_latest,
    run_concurrent_editor,
)
from tests.platform.vtt_text import shift_timings

router = APIRouter(prefix="/jobs/{job_id}/vtt", tags=["vtt"])


class TrackSave(BaseModel):
    lang: str
    kind: Kind
    content: str
    base_version: int
    comment: str | None = None

    @field_validator("content")
    @classmethod
    def _is_webvtt(cls, value: str) -> str:
        if not value.lstrip("\ufeff").startswith("WEBVTT"):
            raise ValueError("content must be a WebVTT file starting with 'WEBVTT'")
        return value


class TimingAdjust(BaseModel):
    lang: str
    kind: Kind
    offset_ms: int
    from_ms: int | None = None
    to_ms: int | None = None


class Restore(BaseModel):
    lang: str
    kind: Kind
    version: int


@router.get("")
def get_track(
    job_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    lang: str | None = None,
    kind: Kind = "captions",
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    row = require_latest(emu, job_id, lang or job["source_language"], kind)
    return {
        "job_id": job_id,
        "lang": row["lang"],
        "kind": kind,
        "version": row["version"],
        "content": row["content"],
        "updated_at": row["created_at"],
        "updated_by": row["created_by"],
    }


@router.patch("", response_model=None)
def save_track(
    job_id: str, body: TrackSave, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any] | JSONResponse:
    job = visible_job(emu, job_id, user)
    ensure_track_writer(emu, user, job, body.lang)
    run_concurrent_editor(emu, job_id, body.lang, body.kind)
    with emu.store.tx():
        current = require_latest(emu, job_id, body.lang, body.kind)
        if body.base_version != current["version"]:
            return JSONResponse(
                status_code=409,
                content={
                    "detail": f"Version conflict: the track is at version {current['version']}, "
                    f"not {body.base_version}",
                    "current_version": current["version"],
                },
            )
        return append_version(
            emu, job_id, body.lang, body.kind, body.content, user.id, body.comment
        )


@router.post("/adjust-timing")
def adjust_timing(
    job_id: str, body: TimingAdjust, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    ensure_track_writer(emu, user, job, body.lang)
    run_concurrent_editor(emu, job_id, body.lang, body.kind)
    with emu.store.tx():
        current = require_latest(emu, job_id, body.lang, body.kind)
        content = shift_timings(current["content"], body.offset_ms, body.from_ms, body.to_ms)
        comment = f"Timing shifted by {body.offset_ms} ms"
        saved = append_version(emu, job_id, body.lang, body.kind, content, user.id, comment)
    return {**saved, "content": content}


@router.get("/versions")
def list_versions(
    job_id: str, emu: EmulatorDep, user: CurrentUser, lang: str, kind: Kind = "captions"
) -> list[dict[str, Any]]:
    visible_job(emu, job_id, user)
    rows = emu.store.all(
        "SELECT version, created_at, created_by, comment FROM vtt_versions "
        "WHERE job_id = ? AND lang = ? AND kind = ? ORDER BY version",
        (job_id, lang, kind),
    )
    if not rows:
        raise HTTPException(404, f"No {kind} track for language '{lang}'")
    return rows


def _version(emu: Emulator, job_id: str, lang: str, kind: str, version: int) -> dict[str, Any]:
    row = emu.store.one(
        "SELECT * FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? AND version = ?",
        (job_id, lang, kind, version),
    )
    if row is None:
        raise HTTPException(404, f"Version {version} not found")
    return row


# Declared before /versions/{version} so "diff" is never read as a version number.
@router.get("/versions/diff")
def diff_versions(
    job_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    lang: str,
    from_version: Annotated[int, Query(alias="from")],
    to_version: Annotated[int, Query(alias="to")],
    kind: Kind = "captions",
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    old = _version(emu, job_id, lang, kind, from_version)["content"]
    new = _version(emu, job_id, lang, kind, to_version)["content"]
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"v{from_version}",
        tofile=f"v{to_version}",
    )
    return {"from": from_version, "to": to_version, "diff": "".join(diff)}


@router.get("/versions/{version:int}")
def get_version(
    job_id: str,
    version: int,
    emu: EmulatorDep,
    user: CurrentUser,
    lang: str,
    kind: Kind = "captions",
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    row = _version(emu, job_id, lang, kind, version)
    return {
        "version": row["version"],
        "content": row["content"],
        "created_at": row["created_at"],
        "created_by": row["created_by"],
        "comment": row["comment"],
    }


@router.post("/versions/restore")
def restore_version(
    job_id: str, body: Restore, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    ensure_track_writer(emu, user, job, body.lang)
    run_concurrent_editor(emu, job_id, body.lang, body.kind)
    with emu.store.tx():
        old = _version(emu, job_id, body.lang, body.kind, body.version)
        saved = append_version(
            emu,
            job_id,
            body.lang,
            body.kind,
            old["content"],
            user.id,
            f"Restored version {body.version}",
        )
    return {**saved, "restored_from": body.version}
