"""The IRIS-style segment round trip (platform-api.md, seed 000) on the platform's terms.

`tmx-export` makes an artifact with a signed `download_url`; `tmx-import`
takes a multipart `file` and saves the changed cue texts as one new version;
`verification-results` gives per-unit QA results. IRIS itself uses Basic auth
and `{"error": {...}}` bodies; the emulator keeps the platform's bearer
tokens and `{"detail"}` bodies here, so one client session covers it all.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile
from pydantic import BaseModel

from tests.platform.context import EmulatorDep
from tests.platform.job_views import job_languages
from tests.platform.security import CurrentUser, visible_job
from tests.platform.signed_urls import check, sign
from tests.platform.store import utc_now
from tests.platform.tmx import TmxError, build_tmx, read_tmx
from tests.platform.tracks import Kind, append_version, ensure_track_writer, require_latest
from tests.platform.verification import verify
from tests.platform.vtt_text import parse_cues, rewrite_cue_text

router = APIRouter(tags=["segment round trip"])


class ExportRequest(BaseModel):
    language: str
    kind: Kind = "captions"


def _target_language(job: dict[str, Any], language: str) -> str:
    if language == job["source_language"] or language not in job_languages(job):
        raise HTTPException(
            422,
            [
                {
                    "loc": ["body", "language"],
                    "msg": "must be one of the job's target languages",
                    "type": "value_error",
                }
            ],
        )
    return language


def _artifact_path(artifact_id: str) -> str:
    return f"/api/v1/artifacts/{artifact_id}/download"


@router.post("/jobs/{job_id}/tmx-export", status_code=201)
def tmx_export(
    job_id: str, body: ExportRequest, request: Request, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    lang, source_lang = _target_language(job, body.language), job["source_language"]
    source = require_latest(emu, job_id, source_lang, body.kind)
    target = require_latest(emu, job_id, lang, body.kind)
    data = build_tmx(
        source_lang, lang, parse_cues(source["content"]), parse_cues(target["content"])
    )
    artifact_id = f"artifact-{uuid.uuid4()}"
    filename = f"{job_id}.{source_lang}-{lang}.{body.kind}.tmx"
    created = utc_now()
    emu.store.execute(
        "INSERT INTO artifacts VALUES (?, ?, ?, ?, ?, ?, ?)",
        (artifact_id, job_id, lang, "tmx", filename, data, created),
    )
    signed, expires_at = sign(emu.tokens.secret, _artifact_path(artifact_id), 15 * 60)
    return {
        "id": artifact_id,
        "job_id": job_id,
        "type": "tmx",
        "language": lang,
        "kind": body.kind,
        "filename": filename,
        "download_url": str(request.base_url).rstrip("/") + signed,
        "expires_at": expires_at,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        # The target version the units came from: an import on top of a newer one
        # still applies, unit by unit, like the platform's own editor would.
        "base_version": target["version"],
        "created_at": created,
    }


@router.get("/artifacts/{artifact_id}/download")
def download_artifact(artifact_id: str, emu: EmulatorDep, expires: int, signature: str) -> Response:
    problem = check(emu.tokens.secret, _artifact_path(artifact_id), expires, signature)
    if problem is not None:
        raise HTTPException(403, problem)
    row = emu.store.one("SELECT * FROM artifacts WHERE id = ?", (artifact_id,))
    if row is None:
        raise HTTPException(404, "Artifact not found")
    return Response(
        bytes(row["content"]),
        media_type="application/x-tmx+xml",
        headers={"Content-Disposition": f'attachment; filename="{row["filename"]}"'},
    )


def _detect_language(job: dict[str, Any], data: bytes) -> str:
    """The one target language of the job that the file has segments for."""
    candidates = [lang for lang in job_languages(job) if lang != job["source_language"]]
    present = [
        lang
        for lang in candidates
        if any(unit.target is not None for unit in _units(data, job["source_language"], lang))
    ]
    if len(present) != 1:
        raise HTTPException(422, "Cannot tell the target language; send the 'language' field")
    return present[0]


def _units(data: bytes, source_lang: str, lang: str) -> list[Any]:
    try:
        return read_tmx(data, source_lang, lang)
    except TmxError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/jobs/{job_id}/tmx-import")
def tmx_import(
    job_id: str,
    file: Annotated[UploadFile, File()],
    emu: EmulatorDep,
    user: CurrentUser,
    language: Annotated[str | None, Form()] = None,
    kind: Annotated[Kind, Form()] = "captions",
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    data = file.file.read()
    lang = _target_language(job, language) if language else _detect_language(job, data)
    ensure_track_writer(emu, user, job, lang)
    units = _units(data, job["source_language"], lang)
    errors: list[dict[str, str]] = []
    with emu.store.tx():
        current = require_latest(emu, job_id, lang, kind)
        cues = parse_cues(current["content"])
        changes: dict[int, str] = {}
        for unit in units:
            index = int(unit.tuid) if unit.tuid.isdigit() else -1
            if not 0 <= index < len(cues):
                errors.append({"tuid": unit.tuid, "message": "No cue with this index"})
            elif unit.target is None:
                errors.append({"tuid": unit.tuid, "message": f"No '{lang}' segment"})
            elif unit.target != cues[index].text:
                changes[index] = unit.target
        version = current["version"]
        if changes:
            content = rewrite_cue_text(current["content"], changes)
            comment = f"TMX import: {len(changes)} unit(s) updated"
            version = append_version(emu, job_id, lang, kind, content, user.id, comment)["version"]
    return {
        "job_id": job_id,
        "language": lang,
        "kind": kind,
        "units_total": len(units),
        "units_updated": len(changes),
        "units_unchanged": len(units) - len(changes) - len(errors),
        "units_rejected": len(errors),
        "errors": errors,
        "version": version,
    }


@router.get("/jobs/{job_id}/verification-results")
def verification_results(
    job_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    language: str | None = None,
    kind: Kind = "captions",
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    source_lang = job["source_language"]
    languages = (
        [_target_language(job, language)]
        if language
        else [lang for lang in job_languages(job) if lang != source_lang]
    )
    source = parse_cues(require_latest(emu, job_id, source_lang, kind)["content"])
    items: list[dict[str, Any]] = []
    for lang in languages:
        target = require_latest(emu, job_id, lang, kind)
        terms = emu.store.all(
            "SELECT t.source, t.target FROM glossary_terms t JOIN glossaries g "
            "ON g.id = t.glossary_id WHERE g.client_id = ? AND t.language = ?",
            (job["client_id"], lang),
        )
        for result in verify(source, parse_cues(target["content"]), lang, terms):
            items.append({"language": lang, "version": target["version"], **result})
    summary = {
        "OK": sum(i["status"] == "OK" for i in items),
        "KO": sum(i["status"] == "KO" for i in items),
    }
    return {"job_id": job_id, "kind": kind, "items": items, "total": len(items), "summary": summary}
