"""`/organizations`: the caller's memberships and an organisation's members.

Members are the people a PM can assign; `?role=linguist` narrows the list
for an assignment picker.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from tests.platform.context import EmulatorDep
from tests.platform.security import CurrentUser

router = APIRouter(prefix="/organizations", tags=["organizations"])


@router.get("")
def list_organizations(emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    if user.role == "admin":
        rows = emu.store.all("SELECT id, name FROM organizations ORDER BY name")
    else:
        rows = emu.store.all(
            "SELECT o.id, o.name FROM organizations o JOIN memberships m ON m.org_id = o.id "
            "WHERE m.user_id = ? ORDER BY o.name",
            (user.id,),
        )
    return {"items": rows, "total": len(rows), "page": 1, "size": max(len(rows), 1)}


@router.get("/me/memberships")
def my_memberships(emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    rows = emu.store.all(
        "SELECT o.id AS org_id, o.name AS org_name, m.role FROM memberships m "
        "JOIN organizations o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.name",
        (user.id,),
    )
    items = [
        {
            "org_id": r["org_id"],
            "organization": {"id": r["org_id"], "name": r["org_name"]},
            "role": r["role"],
        }
        for r in rows
    ]
    return {"items": items, "total": len(items)}


@router.get("/{org_id}/members")
def list_members(
    org_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    role: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    if emu.store.one("SELECT 1 FROM organizations WHERE id = ?", (org_id,)) is None:
        raise HTTPException(404, "Organization not found")
    is_member = emu.store.one(
        "SELECT 1 FROM memberships WHERE org_id = ? AND user_id = ?", (org_id, user.id)
    )
    if is_member is None and user.role != "admin":
        raise HTTPException(403, "Not a member of this organization")
    where, params = "m.org_id = ?", [org_id]
    if role:
        where += " AND m.role = ?"
        params.append(role)
    total = emu.store.scalar(f"SELECT COUNT(*) FROM memberships m WHERE {where}", params)
    rows = emu.store.all(
        "SELECT u.id, u.id AS user_id, u.email, u.name, m.role FROM memberships m "
        f"JOIN users u ON u.id = m.user_id WHERE {where} ORDER BY u.name LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    )
    return {"items": rows, "total": total, "page": page, "size": size}
