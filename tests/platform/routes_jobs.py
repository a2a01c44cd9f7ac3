"""`/jobs`: list with filters and pagination, detail, metadata patch."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from tests.platform.context import EmulatorDep
from tests.platform.job_views import detail, list_item
from tests.platform.security import STAFF, CurrentUser, ensure_role, visible_job
from tests.platform.store import dumps, utc_now

router = APIRouter(prefix="/jobs", tags=["jobs"])

_SORTABLE = {"created_at", "updated_at", "title", "status"}


@router.get("")
def list_jobs(
    emu: EmulatorDep,
    user: CurrentUser,
    status: str | None = None,
    org_id: str | None = None,
    client_id: str | None = None,
    project_id: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
    sort: str = "-created_at",
) -> dict[str, Any]:
    column = sort.lstrip("-")
    if column not in _SORTABLE:
        raise HTTPException(
            422,
            [{"loc": ["query", "sort"], "msg": f"cannot sort by {column}", "type": "value_error"}],
        )
    where, params = ["1 = 1"], []
    if status:
        # Several statuses may be asked for at once: status=in_qc,pending_qc.
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        where.append(f"status IN ({','.join('?' * len(wanted))})")
        params += wanted
    for name, value in (("org_id", org_id), ("client_id", client_id), ("project_id", project_id)):
        if value:
            where.append(f"{name} = ?")
            params.append(value)
    if user.role == "client":
        where.append("client_id = ?")
        params.append(user.client_id or "")
    clause = " AND ".join(where)
    direction = "DESC" if sort.startswith("-") else "ASC"
    total = emu.store.scalar(f"SELECT COUNT(*) FROM jobs WHERE {clause}", params)
    rows = emu.store.all(
        f"SELECT * FROM jobs WHERE {clause} ORDER BY {column} {direction}, id LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    )
    return {"items": [list_item(r) for r in rows], "total": total, "page": page, "size": size}


@router.get("/{job_id}")
def get_job(job_id: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    return detail(emu, visible_job(emu, job_id, user))


class JobPatch(BaseModel):
    title: str | None = None
    notes: str | None = None
    requested_outputs: dict[str, Any] | None = None


@router.patch("/{job_id}")
def patch_job(job_id: str, body: JobPatch, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    ensure_role(user, *STAFF)
    with emu.store.tx() as db:
        if body.title is not None:
            db.execute("UPDATE jobs SET title = ? WHERE id = ?", (body.title, job_id))
        if body.notes is not None:
            db.execute("UPDATE jobs SET notes = ? WHERE id = ?", (body.notes, job_id))
        if body.requested_outputs is not None:
            db.execute(
                "UPDATE jobs SET requested_outputs = ? WHERE id = ?",
                (dumps(body.requested_outputs), job_id),
            )
        db.execute("UPDATE jobs SET updated_at = ? WHERE id = ?", (utc_now(), job_id))
        row = db.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
    assert row is not None
    return detail(emu, row)
