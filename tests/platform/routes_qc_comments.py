"""`/language-qc/jobs/{id}/languages/{lang}/comments`: reviewer conversation.

A client-supplied `id` is honoured so an offline client can retry a post
without creating a duplicate: the same id with the same author and body
answers 200 with the stored comment; with anything else, 409.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, load_user, visible_job
from tests.platform.store import utc_now

router = APIRouter(prefix="/language-qc/jobs/{job_id}/languages/{lang}", tags=["language qc"])


class CommentBody(BaseModel):
    id: str | None = Field(default=None, min_length=1, max_length=100)
    body: str = Field(min_length=1)
    cue_index: int | None = Field(default=None, ge=0)
    timestamp_ms: int | None = Field(default=None, ge=0)


def _view(emu: Emulator, row: dict[str, Any]) -> dict[str, Any]:
    author = load_user(emu, row["author_id"])
    return {
        "id": row["id"],
        "language": row["lang"],
        "body": row["body"],
        "cue_index": row["cue_index"],
        "timestamp_ms": row["timestamp_ms"],
        "author": author.ref() if author else None,
        "created_at": row["created_at"],
    }


def _ensure_language(emu: Emulator, job_id: str, lang: str) -> None:
    if (
        emu.store.one("SELECT 1 FROM language_qc WHERE job_id = ? AND lang = ?", (job_id, lang))
        is None
    ):
        raise HTTPException(404, f"Language '{lang}' is not part of this job's QC")


@router.get("/comments")
def list_comments(
    job_id: str,
    lang: str,
    emu: EmulatorDep,
    user: CurrentUser,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    _ensure_language(emu, job_id, lang)
    where = "job_id = ? AND lang = ?"
    total = emu.store.scalar(f"SELECT COUNT(*) FROM qc_comments WHERE {where}", (job_id, lang))
    rows = emu.store.all(
        f"SELECT * FROM qc_comments WHERE {where} ORDER BY created_at, id LIMIT ? OFFSET ?",
        (job_id, lang, size, (page - 1) * size),
    )
    return {"items": [_view(emu, r) for r in rows], "total": total, "page": page, "size": size}


@router.post("/comments", status_code=201, response_model=None)
def add_comment(
    job_id: str, lang: str, body: CommentBody, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any] | JSONResponse:
    visible_job(emu, job_id, user)
    if user.role == "client":
        raise HTTPException(403, "Clients may not comment on language QC")
    _ensure_language(emu, job_id, lang)
    comment_id = body.id or f"comment-{uuid.uuid4()}"
    with emu.store.tx() as db:
        existing = db.one("SELECT * FROM qc_comments WHERE id = ?", (comment_id,))
        if existing is not None:
            same = (
                existing["author_id"],
                existing["body"],
                existing["job_id"],
                existing["lang"],
            ) == (user.id, body.body, job_id, lang)
            if not same:
                raise HTTPException(409, f"Comment id '{comment_id}' is already used")
            return JSONResponse(_view(emu, existing), status_code=200)
        db.execute(
            "INSERT INTO qc_comments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                comment_id,
                job_id,
                lang,
                user.id,
                body.body,
                body.cue_index,
                body.timestamp_ms,
                utc_now(),
            ),
        )
        row = db.one("SELECT * FROM qc_comments WHERE id = ?", (comment_id,))
    assert row is not None
    return _view(emu, row)
