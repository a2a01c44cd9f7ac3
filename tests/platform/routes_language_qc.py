"""`/language-qc/jobs/{id}`: the state map, assignment and the work steps."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.qc_machine import (
    WORK_STEPS,
    assignment,
    ensure_assigner,
    ensure_reviewer,
    work_step,
)
from tests.platform.routes_job_actions import publish_job_status
from tests.platform.security import CurrentUser, User, load_user, visible_job
from tests.platform.store import dumps, utc_now

router = APIRouter(prefix="/language-qc/jobs/{job_id}", tags=["language qc"])


class UserRef(BaseModel):
    user_id: str


class BulkAssign(BaseModel):
    languages: list[str] = Field(min_length=1)
    linguist_id: str | None = None
    reviewer_id: str | None = None


class Rejection(BaseModel):
    reason: str = Field(min_length=1)


class CueReviewed(BaseModel):
    cue_index: int = Field(ge=0)
    reviewed: bool = True


def _person(emu: Emulator, user_id: str | None) -> dict[str, str] | None:
    user = load_user(emu, user_id) if user_id else None
    return user.ref() if user else None


def language_entry(emu: Emulator, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "state": row["state"],
        "linguist": _person(emu, row["linguist_id"]),
        "reviewer": _person(emu, row["reviewer_id"]),
        "reviewed_cues": json.loads(row["reviewed_cues"]),
        "reject_reason": row["reject_reason"],
        "due_at": row["due_at"],
        "updated_at": row["updated_at"],
    }


def _row(emu: Emulator, job_id: str, lang: str) -> dict[str, Any]:
    row = emu.store.one("SELECT * FROM language_qc WHERE job_id = ? AND lang = ?", (job_id, lang))
    if row is None:
        raise HTTPException(404, f"Language '{lang}' is not part of this job's QC")
    return row


def _answer(emu: Emulator, job_id: str, lang: str) -> dict[str, Any]:
    return {"job_id": job_id, "language": lang, **language_entry(emu, _row(emu, job_id, lang))}


def _publish(emu: Emulator, job: dict[str, Any], lang: str, state: str) -> None:
    emu.hub.publish(
        {"type": "language_qc", "job_id": job["id"], "language": lang, "state": state},
        job_client_id=job["client_id"],
    )


def _target_user(emu: Emulator, user_id: str, role: str) -> User:
    target = load_user(emu, user_id)
    if target is None or target.role != role:
        raise HTTPException(
            422, [{"loc": ["body", "user_id"], "msg": f"not a {role}", "type": "value_error"}]
        )
    return target


@router.get("/language-qc")
def qc_map(job_id: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    rows = emu.store.all("SELECT * FROM language_qc WHERE job_id = ? ORDER BY lang", (job_id,))
    return {"job_id": job_id, "languages": {r["lang"]: language_entry(emu, r) for r in rows}}


@router.post("/languages/bulk-assign")
def bulk_assign(
    job_id: str, body: BulkAssign, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    ensure_assigner(user)
    if body.linguist_id:
        _target_user(emu, body.linguist_id, "linguist")
    if body.reviewer_id:
        _target_user(emu, body.reviewer_id, "reviewer")
    changed: list[tuple[str, str]] = []
    # All or nothing: one language in the wrong state leaves every language as it was.
    with emu.store.tx() as db:
        for lang in body.languages:
            row = _row(emu, job_id, lang)
            state = row["state"]
            if body.linguist_id:
                action = "assign" if state == "unassigned" else "reassign"
                state = assignment(action, user, row)
                db.execute(
                    "UPDATE language_qc SET linguist_id = ?, state = ? "
                    "WHERE job_id = ? AND lang = ?",
                    (body.linguist_id, state, job_id, lang),
                )
            if body.reviewer_id:
                action = "assign-reviewer" if row["reviewer_id"] is None else "reassign-reviewer"
                assignment(action, user, row)
                db.execute(
                    "UPDATE language_qc SET reviewer_id = ? WHERE job_id = ? AND lang = ?",
                    (body.reviewer_id, job_id, lang),
                )
            db.execute(
                "UPDATE language_qc SET updated_at = ? WHERE job_id = ? AND lang = ?",
                (utc_now(), job_id, lang),
            )
            if state != row["state"]:
                changed.append((lang, state))
    for lang, state in changed:
        _publish(emu, job, lang, state)
    return qc_map(job_id, emu, user)


def _assign_route(action: str) -> Any:
    column = "reviewer_id" if action.endswith("reviewer") else "linguist_id"
    role = "reviewer" if column == "reviewer_id" else "linguist"

    def handler(
        job_id: str, lang: str, body: UserRef, emu: EmulatorDep, user: CurrentUser
    ) -> dict[str, Any]:
        job = visible_job(emu, job_id, user)
        with emu.store.tx() as db:
            row = _row(emu, job_id, lang)
            state = assignment(action, user, row)
            _target_user(emu, body.user_id, role)
            db.execute(
                f"UPDATE language_qc SET {column} = ?, state = ?, updated_at = ? "
                "WHERE job_id = ? AND lang = ?",
                (body.user_id, state, utc_now(), job_id, lang),
            )
        if state != row["state"]:
            _publish(emu, job, lang, state)
        return _answer(emu, job_id, lang)

    handler.__name__ = action.replace("-", "_")
    return handler


for _action in ("assign", "reassign", "assign-reviewer", "reassign-reviewer"):
    router.add_api_route(f"/languages/{{lang}}/{_action}", _assign_route(_action), methods=["POST"])


def _advance_job_when_all_approved(emu: Emulator, job_id: str) -> None:
    """The last approved language moves an in-QC job on to final review."""
    open_languages = emu.store.scalar(
        "SELECT COUNT(*) FROM language_qc WHERE job_id = ? AND state != 'approved'", (job_id,)
    )
    if open_languages:
        return
    with emu.store.tx() as db:
        moved = db.execute(
            "UPDATE jobs SET status = 'final_review', updated_at = ? "
            "WHERE id = ? AND status = 'in_qc'",
            (utc_now(), job_id),
        )
        row = db.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
    if moved and row is not None:
        publish_job_status(emu, row)


def _step(
    emu: Emulator, job_id: str, lang: str, action: str, user: User, reason: str | None = None
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    with emu.store.tx() as db:
        row = _row(emu, job_id, lang)
        state = work_step(action, user, row)
        reviewer = row["reviewer_id"]
        if action == "open-review" and reviewer is None and user.role == "reviewer":
            reviewer = user.id  # opening an unclaimed language claims it
        db.execute(
            "UPDATE language_qc SET state = ?, reviewer_id = ?, reject_reason = ?, updated_at = ? "
            "WHERE job_id = ? AND lang = ?",
            (
                state,
                reviewer,
                reason if action == "reject" else row["reject_reason"],
                utc_now(),
                job_id,
                lang,
            ),
        )
    _publish(emu, job, lang, state)
    if state == "approved":
        _advance_job_when_all_approved(emu, job_id)
    return _answer(emu, job_id, lang)


def _work_route(action: str) -> Any:
    def handler(job_id: str, lang: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
        return _step(emu, job_id, lang, action, user)

    handler.__name__ = action.replace("-", "_")
    return handler


for _action in WORK_STEPS:
    if _action != "reject":
        router.add_api_route(
            f"/languages/{{lang}}/{_action}", _work_route(_action), methods=["POST"]
        )


@router.post("/languages/{lang}/reject")
def reject(
    job_id: str, lang: str, body: Rejection, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    return _step(emu, job_id, lang, "reject", user, reason=body.reason)


@router.post("/languages/{lang}/mark-cue-reviewed")
def mark_cue_reviewed(
    job_id: str, lang: str, body: CueReviewed, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    visible_job(emu, job_id, user)
    with emu.store.tx() as db:
        row = _row(emu, job_id, lang)
        ensure_reviewer(user, row)
        if row["state"] != "in_review":
            raise HTTPException(409, f"Cues can be marked only in review, not in '{row['state']}'")
        reviewed = set(json.loads(row["reviewed_cues"]))
        if body.reviewed:
            reviewed.add(body.cue_index)
        else:
            reviewed.discard(body.cue_index)
        db.execute(
            "UPDATE language_qc SET reviewed_cues = ?, updated_at = ? "
            "WHERE job_id = ? AND lang = ?",
            (dumps(sorted(reviewed)), utc_now(), job_id, lang),
        )
    return _answer(emu, job_id, lang)
