"""`/language-qc/me/language-qc-queue`: the languages waiting on the caller.

A linguist sees what they must work on (assigned, in progress, rejected); a
reviewer sees what waits for review (submitted, in review), including
submitted languages nobody has claimed yet.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tests.platform.context import EmulatorDep
from tests.platform.security import CurrentUser

router = APIRouter(prefix="/language-qc/me", tags=["language qc"])

_LINGUIST_STATES = ("assigned", "in_progress", "rejected")
_REVIEWER_STATES = ("submitted", "in_review")


@router.get("/language-qc-queue")
def my_queue(emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    query = (
        "SELECT q.*, j.title AS job_title FROM language_qc q JOIN jobs j ON j.id = q.job_id "
        "WHERE {} ORDER BY q.due_at, q.job_id, q.lang"
    )
    items: list[dict[str, Any]] = []
    rows_as_linguist = emu.store.all(
        query.format("q.linguist_id = ? AND q.state IN (?, ?, ?)"), (user.id, *_LINGUIST_STATES)
    )
    rows_as_reviewer: list[dict[str, Any]] = []
    if user.role in ("reviewer", "admin"):
        rows_as_reviewer = emu.store.all(
            query.format(
                "(q.reviewer_id = ? OR (q.reviewer_id IS NULL AND q.state = 'submitted')) "
                "AND q.state IN (?, ?)"
            ),
            (user.id, *_REVIEWER_STATES),
        )
    for role, rows in (("linguist", rows_as_linguist), ("reviewer", rows_as_reviewer)):
        items += [
            {
                "job_id": r["job_id"],
                "job_title": r["job_title"],
                "language": r["lang"],
                "state": r["state"],
                "role": role,
                "due_at": r["due_at"],
                "updated_at": r["updated_at"],
            }
            for r in rows
        ]
    return {"items": items, "total": len(items)}
