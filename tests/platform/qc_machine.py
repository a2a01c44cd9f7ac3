"""The language-QC state machine and who may drive it (platform-api.md, assumed).

unassigned -> assigned (assign) -> in_progress (start-work, the linguist)
-> submitted (submit) -> in_review (open-review, the reviewer)
-> approved | rejected (approve / reject); rejected -> in_progress (reopen).
Anything else is a 409. The role check comes first, so a 403 is never
masked by a 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from tests.platform.security import STAFF, User

STATES = ("unassigned", "assigned", "in_progress", "submitted", "in_review", "approved", "rejected")
ASSIGNERS = STAFF


@dataclass(frozen=True)
class WorkStep:
    sources: frozenset[str]
    target: str
    actor: str  # "linguist" or "reviewer"


WORK_STEPS: dict[str, WorkStep] = {
    "start-work": WorkStep(frozenset({"assigned"}), "in_progress", "linguist"),
    "submit": WorkStep(frozenset({"in_progress"}), "submitted", "linguist"),
    "open-review": WorkStep(frozenset({"submitted"}), "in_review", "reviewer"),
    "approve": WorkStep(frozenset({"in_review"}), "approved", "reviewer"),
    "reject": WorkStep(frozenset({"in_review"}), "rejected", "reviewer"),
    "reopen": WorkStep(frozenset({"rejected"}), "in_progress", "linguist"),
}

# Assignment changes people, not the state (except the first assign).
REASSIGNABLE = frozenset({"assigned", "in_progress", "submitted", "in_review", "rejected"})


def ensure_linguist(user: User, row: dict[str, Any]) -> None:
    if user.role != "linguist" or row["linguist_id"] != user.id:
        raise HTTPException(403, "Only the linguist assigned to this language may do this")


def ensure_reviewer(user: User, row: dict[str, Any]) -> None:
    if user.role == "admin":
        return
    if user.role != "reviewer":
        raise HTTPException(403, f"Role '{user.role}' may not review languages")
    if row["reviewer_id"] not in (None, user.id):
        raise HTTPException(403, "Another reviewer is assigned to this language")


def ensure_assigner(user: User) -> None:
    if user.role not in ASSIGNERS:
        raise HTTPException(403, f"Role '{user.role}' may not assign languages")


def conflict(action: str, state: str) -> HTTPException:
    return HTTPException(409, f"Cannot {action} a language in state '{state}'")


def work_step(action: str, user: User, row: dict[str, Any]) -> str:
    """Check a start-work/submit/... step; returns the new state."""
    step = WORK_STEPS[action]
    if step.actor == "linguist":
        ensure_linguist(user, row)
    else:
        ensure_reviewer(user, row)
    if row["state"] not in step.sources:
        raise conflict(action, row["state"])
    return step.target


def assignment(action: str, user: User, row: dict[str, Any]) -> str:
    """Check assign/reassign/assign-reviewer/reassign-reviewer; returns the new state."""
    ensure_assigner(user)
    state = row["state"]
    if action == "assign":
        if state != "unassigned":
            raise HTTPException(409, f"Language already assigned (state '{state}'); use reassign")
        return "assigned"
    if action == "reassign" and state not in REASSIGNABLE:
        raise conflict(action, state)
    if action == "assign-reviewer" and row["reviewer_id"] is not None:
        raise HTTPException(409, "A reviewer is already assigned; use reassign-reviewer")
    if action == "reassign-reviewer" and row["reviewer_id"] is None:
        raise HTTPException(409, "No reviewer assigned yet; use assign-reviewer")
    if action.endswith("reviewer") and state == "approved":
        raise conflict(action, state)
    return str(state)
