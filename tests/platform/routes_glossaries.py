"""`/glossaries`: client terminology for the linguists' terminology checks."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, User

router = APIRouter(prefix="/glossaries", tags=["glossaries"])


def _view(emu: Emulator, row: dict[str, Any]) -> dict[str, Any]:
    count = emu.store.scalar(
        "SELECT COUNT(*) FROM glossary_terms WHERE glossary_id = ?", (row["id"],)
    )
    return {
        "id": row["id"],
        "name": row["name"],
        "client_id": row["client_id"],
        "source_language": row["source_language"],
        "languages": json.loads(row["languages"]),
        "active_version": row["active_version"],
        "term_count": count,
    }


def _visible(emu: Emulator, user: User, glossary_id: str) -> dict[str, Any]:
    row = emu.store.one("SELECT * FROM glossaries WHERE id = ?", (glossary_id,))
    if row is None or (user.role == "client" and row["client_id"] != user.client_id):
        raise HTTPException(404, "Glossary not found")
    return row


@router.get("")
def list_glossaries(
    emu: EmulatorDep,
    user: CurrentUser,
    client_id: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    # A client account only ever sees its own glossaries, whatever it asks for.
    wanted = user.client_id if user.role == "client" else client_id
    where, params = ("client_id = ?", [wanted]) if wanted else ("1 = 1", [])
    total = emu.store.scalar(f"SELECT COUNT(*) FROM glossaries WHERE {where}", params)
    rows = emu.store.all(
        f"SELECT * FROM glossaries WHERE {where} ORDER BY name LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    )
    return {"items": [_view(emu, r) for r in rows], "total": total, "page": page, "size": size}


@router.get("/{glossary_id}")
def get_glossary(glossary_id: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    return _view(emu, _visible(emu, user, glossary_id))


@router.get("/{glossary_id}/terms")
def list_terms(
    glossary_id: str,
    emu: EmulatorDep,
    user: CurrentUser,
    language: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    _visible(emu, user, glossary_id)
    where, params = "glossary_id = ?", [glossary_id]
    if language:
        where += " AND language = ?"
        params.append(language)
    total = emu.store.scalar(f"SELECT COUNT(*) FROM glossary_terms WHERE {where}", params)
    rows = emu.store.all(
        f"SELECT source, target, language, note FROM glossary_terms WHERE {where} "
        "ORDER BY position LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    )
    return {"items": rows, "total": total, "page": page, "size": size}
