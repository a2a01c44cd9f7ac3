"""`/jobs/{id}/actions/{action}` and the bulk actions: job status transitions.

Roles come from the seed's table; which statuses each action leaves from is
assumed (platform-api.md), and anything else answers 409. Role is checked
before state, so a 403 never hides behind a 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.job_views import detail, job_languages
from tests.platform.security import CurrentUser, User, ensure_role, visible_job
from tests.platform.store import utc_now

router = APIRouter(prefix="/jobs", tags=["job actions"])

_QC_ROLES = ("reviewer", "production", "admin")
_FINAL_ROLES = ("project_manager", "admin")
_PRODUCTION_ROLES = ("production", "admin")


@dataclass(frozen=True)
class Transition:
    roles: tuple[str, ...]
    sources: frozenset[str]
    target: str | None  # None: the status stays (retry_tts re-runs a step)


TRANSITIONS: dict[str, Transition] = {
    "approve_source": Transition(_QC_ROLES, frozenset({"pending_qc"}), "in_qc"),
    "approve_english": Transition(_QC_ROLES, frozenset({"pending_qc"}), "in_qc"),
    "reject": Transition(_QC_ROLES, frozenset({"pending_qc", "in_qc"}), "rejected"),
    "complete": Transition(_FINAL_ROLES, frozenset({"final_review"}), "complete"),
    "reject_final": Transition(_FINAL_ROLES, frozenset({"final_review"}), "rejected"),
    "return_to_qc": Transition(_FINAL_ROLES, frozenset({"final_review"}), "in_qc"),
    "blocked_on_source": Transition(
        _PRODUCTION_ROLES,
        frozenset({"ingesting", "processing", "pending_qc", "in_qc"}),
        "blocked_on_source",
    ),
    "promote_to_qc": Transition(
        _PRODUCTION_ROLES, frozenset({"processing", "blocked_on_source", "failed"}), "pending_qc"
    ),
    "retry_tts": Transition(
        _PRODUCTION_ROLES, frozenset({"in_qc", "final_review", "complete", "failed"}), None
    ),
}


class ActionBody(BaseModel):
    reason: str | None = None
    language: str | None = None


class BulkBody(BaseModel):
    job_ids: list[str]


def apply_action(
    emu: Emulator, job_id: str, action: str, user: User, body: ActionBody
) -> dict[str, Any]:
    """Run one transition; raises 403/404/409/422 as the single route would."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise HTTPException(404, f"Unknown action '{action}'")
    ensure_role(user, *rule.roles)
    with emu.store.tx() as db:
        row = visible_job(emu, job_id, user)
        if row["status"] not in rule.sources:
            raise HTTPException(409, f"Cannot {action} a job in status '{row['status']}'")
        if action == "approve_english" and row["source_language"] != "en":
            raise HTTPException(409, "The source language of this job is not English")
        if action == "retry_tts" and body.language not in job_languages(row):
            raise HTTPException(
                422,
                [
                    {
                        "loc": ["body", "language"],
                        "msg": "a language of this job is required",
                        "type": "value_error",
                    }
                ],
            )
        if rule.target is not None:
            db.execute(
                "UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?",
                (rule.target, utc_now(), job_id),
            )
        updated = db.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
    assert updated is not None
    if rule.target is not None:
        publish_job_status(emu, updated)
    return detail(emu, updated)


def publish_job_status(emu: Emulator, row: dict[str, Any]) -> None:
    emu.hub.publish(
        {
            "type": "job_status",
            "job_id": row["id"],
            "status": row["status"],
            "updated_at": row["updated_at"],
        },
        job_client_id=row["client_id"],
    )


@router.post("/{job_id}/actions/{action}")
def job_action(
    job_id: str, action: str, emu: EmulatorDep, user: CurrentUser, body: ActionBody | None = None
) -> dict[str, Any]:
    return apply_action(emu, job_id, action, user, body or ActionBody())


def _bulk(emu: Emulator, user: User, action: str, job_ids: list[str]) -> dict[str, Any]:
    ensure_role(user, *TRANSITIONS[action].roles)
    results: list[dict[str, Any]] = []
    for job_id in job_ids:
        try:
            job = apply_action(emu, job_id, action, user, ActionBody())
        except HTTPException as exc:
            results.append(
                {
                    "job_id": job_id,
                    "ok": False,
                    "status_code": exc.status_code,
                    "detail": exc.detail,
                }
            )
        else:
            results.append({"job_id": job_id, "ok": True, "status": job["status"]})
    return {
        "results": results,
        "succeeded": sum(r["ok"] for r in results),
        "failed": sum(not r["ok"] for r in results),
    }


@router.post("/bulk/approve")
def bulk_approve(body: BulkBody, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    return _bulk(emu, user, "approve_source", body.job_ids)


@router.post("/bulk/return-to-qc")
def bulk_return_to_qc(body: BulkBody, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    return _bulk(emu, user, "return_to_qc", body.job_ids)
