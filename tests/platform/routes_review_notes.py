"""`/jobs/{id}/review-notes`: timestamped notes on a job, with CRUD.

As with comments, a client-supplied `id` makes a retried create harmless.
Anyone who can see the job may write a note; editing is for the author and
the people who run the job, deleting for the author, PMs and admins.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, User, load_user, visible_job
from tests.platform.store import utc_now

router = APIRouter(prefix="/jobs/{job_id}/review-notes", tags=["review notes"])

_EDITORS = ("reviewer", "project_manager", "production", "admin")
_DELETERS = ("project_manager", "admin")


class NoteCreate(BaseModel):
    id: str | None = Field(default=None, min_length=1, max_length=100)
    timestamp_ms: int = Field(ge=0)
    body: str = Field(min_length=1)
    language: str | None = None
    kind: str | None = None
    resolved: bool = False


class NotePatch(BaseModel):
    timestamp_ms: int | None = Field(default=None, ge=0)
    body: str | None = Field(default=None, min_length=1)
    language: str | None = None
    kind: str | None = None
    resolved: bool | None = None


def _view(emu: Emulator, row: dict[str, Any]) -> dict[str, Any]:
    author = load_user(emu, row["author_id"])
    return {
        "id": row["id"],
        "job_id": row["job_id"],
        "timestamp_ms": row["timestamp_ms"],
        "body": row["body"],
        "language": row["language"],
        "kind": row["kind"],
        "resolved": bool(row["resolved"]),
        "author": author.ref() if author else None,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _note(emu: Emulator, job_id: str, note_id: str) -> dict[str, Any]:
    row = emu.store.one("SELECT * FROM review_notes WHERE id = ? AND job_id = ?", (note_id, job_id))
    if row is None:
        raise HTTPException(404, "Review note not found")
    return row


def _may(user: User, row: dict[str, Any], roles: tuple[str, ...]) -> None:
    if row["author_id"] != user.id and user.role not in roles:
        raise HTTPException(403, "You may not change someone else's note")


@router.get("")
def list_notes(
    job_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    language: str | None = None,
    resolved: bool | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    where, params = ["job_id = ?"], [job_id]
    if language is not None:
        where.append("language = ?")
        params.append(language)
    if resolved is not None:
        where.append("resolved = ?")
        params.append(str(int(resolved)))
    clause = " AND ".join(where)
    total = emu.store.scalar(f"SELECT COUNT(*) FROM review_notes WHERE {clause}", params)
    rows = emu.store.all(
        f"SELECT * FROM review_notes WHERE {clause} ORDER BY timestamp_ms, id LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    )
    return {"items": [_view(emu, r) for r in rows], "total": total, "page": page, "size": size}


@router.post("", status_code=201, response_model=None)
def create_note(
    job_id: str, body: NoteCreate, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any] | JSONResponse:
    visible_job(emu, job_id, user)
    note_id = body.id or f"note-{uuid.uuid4()}"
    now = utc_now()
    with emu.store.tx() as db:
        existing = db.one("SELECT * FROM review_notes WHERE id = ?", (note_id,))
        if existing is not None:
            if (existing["job_id"], existing["author_id"], existing["body"]) != (
                job_id,
                user.id,
                body.body,
            ):
                raise HTTPException(409, f"Note id '{note_id}' is already used")
            return JSONResponse(_view(emu, existing), status_code=200)
        db.execute(
            "INSERT INTO review_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                note_id,
                job_id,
                body.timestamp_ms,
                body.body,
                body.language,
                body.kind,
                int(body.resolved),
                user.id,
                now,
                now,
            ),
        )
    return _view(emu, _note(emu, job_id, note_id))


@router.get("/{note_id}")
def get_note(job_id: str, note_id: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    return _view(emu, _note(emu, job_id, note_id))


@router.patch("/{note_id}")
def patch_note(
    job_id: str, note_id: str, body: NotePatch, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    # An explicit null clears language/kind; it cannot clear the required fields.
    changes = {
        k: v
        for k, v in body.model_dump(exclude_unset=True).items()
        if v is not None or k in ("language", "kind")
    }
    with emu.store.tx() as db:
        _may(user, _note(emu, job_id, note_id), _EDITORS)
        for column, value in changes.items():
            if column == "resolved":
                value = int(bool(value))
            db.execute(f"UPDATE review_notes SET {column} = ? WHERE id = ?", (value, note_id))
        db.execute("UPDATE review_notes SET updated_at = ? WHERE id = ?", (utc_now(), note_id))
    return _view(emu, _note(emu, job_id, note_id))


@router.delete("/{note_id}", status_code=204)
def delete_note(job_id: str, note_id: str, emu: EmulatorDep, user: CurrentUser) -> Response:
    visible_job(emu, job_id, user)
    with emu.store.tx() as db:
        _may(user, _note(emu, job_id, note_id), _DELETERS)
        db.execute("DELETE FROM review_notes WHERE id = ?", (note_id,))
    return Response(status_code=204)
