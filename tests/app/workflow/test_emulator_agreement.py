"""The client's workflow rules against the emulator's, case by case.

The emulator (tests/platform) answers the workstation's tests as the
platform would; if the buttons' rules and its rules drift apart, a button
would be enabled for an action the server refuses (or the reverse). So every
(action, state, role, who is assigned) is put to both, and the outcomes —
allowed, 403 or 409, and the new state — must match.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from fastapi import HTTPException

from app.workflow import QcAction, QcState, Refusal, Role, allowed, apply
from app.workflow import job_actions as client_jobs
from app.workflow.language_qc import RULES as QC_RULES
from app.workflow.roles import ASSIGNERS
from tests.platform import qc_machine, routes_job_actions
from tests.platform.security import ROLES, STAFF, User

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "001_69d2866820a6c71f.txt"

WORK_STEPS = {
    QcAction.START_WORK: "start-work",
    QcAction.SUBMIT: "submit",
    QcAction.OPEN_REVIEW: "open-review",
    QcAction.APPROVE: "approve",
    QcAction.REJECT: "reject",
    QcAction.REOPEN: "reopen",
}
ASSIGNMENTS = {
    QcAction.ASSIGN: "assign",
    QcAction.REASSIGN: "reassign",
    QcAction.ASSIGN_REVIEWER: "assign-reviewer",
    QcAction.REASSIGN_REVIEWER: "reassign-reviewer",
}
PEOPLE = (None, "me", "other")


def _server(action: QcAction, user: User, row: dict[str, Any]) -> tuple[int, str | None]:
    """The emulator's answer: (200, new state) or (403|409, None).

    mark-cue-reviewed and comments check inline in their routes
    (routes_language_qc, routes_qc_comments); their checks are restated here
    from those routes, using the same ensure_reviewer.
    """
    try:
        if action in WORK_STEPS:
            return 200, qc_machine.work_step(WORK_STEPS[action], user, row)
        if action in ASSIGNMENTS:
            return 200, qc_machine.assignment(ASSIGNMENTS[action], user, row)
        if action is QcAction.MARK_CUE_REVIEWED:
            qc_machine.ensure_reviewer(user, row)
            return (200, row["state"]) if row["state"] == "in_review" else (409, None)
        return (403, None) if user.role == "client" else (200, row["state"])
    except HTTPException as exc:
        return exc.status_code, None


@pytest.mark.parametrize("action", list(QcAction))
def test_every_language_case_agrees_with_the_emulator(action: QcAction) -> None:
    disagreements = []
    for state, role, linguist, reviewer in itertools.product(QcState, Role, PEOPLE, PEOPLE):
        user = User(id="me", email="me@example.invalid", name="Me", role=role.value, client_id=None)
        row = {"state": state.value, "linguist_id": linguist, "reviewer_id": reviewer}
        status, new_state = _server(action, user, row)
        decision = allowed(action, state, role, me="me", linguist=linguist, reviewer=reviewer)
        ours = {None: 200, Refusal.ROLE: 403, Refusal.STATE: 409}[decision.refusal]
        ours_state = apply(action, state).value if decision else None
        if (status, new_state) != (ours, ours_state):
            disagreements.append((state.value, role.value, linguist, reviewer, status, ours))
    assert disagreements == []


def test_the_state_machines_have_the_same_shape() -> None:
    assert tuple(QcState) == qc_machine.STATES
    for action, name in WORK_STEPS.items():
        step = qc_machine.WORK_STEPS[name]
        rule = QC_RULES[action]
        assert rule.sources == step.sources, action
        assert rule.target == step.target, action
        assert rule.actor == step.actor, action
    assert set(qc_machine.WORK_STEPS) == set(WORK_STEPS.values())
    assert QC_RULES[QcAction.REASSIGN].sources == qc_machine.REASSIGNABLE
    assert {r.value for r in ASSIGNERS} == set(qc_machine.ASSIGNERS) == set(STAFF)
    assert tuple(Role) == ROLES


def test_job_actions_agree_with_the_emulator() -> None:
    server = routes_job_actions.TRANSITIONS
    assert set(server) == set(client_jobs.JobAction)
    for action, rule in client_jobs.RULES.items():
        theirs = server[action.value]
        assert {r.value for r in rule.roles} == set(theirs.roles), action
        assert rule.sources == theirs.sources, action
        assert rule.target == theirs.target, action


def test_job_action_roles_agree_with_the_seed() -> None:
    """The seed's "Job State Transitions" table: path, then roles, row by row."""
    if not SEED.exists():
        pytest.skip("the shared seeds are not beside this checkout")
    text = SEED.read_text(encoding="utf-8")
    table = text.split("Job State Transitions", 1)[1].split("Bulk Job Actions", 1)[0]
    cells = [c.strip() for c in table.split("|") if c.strip()]
    seed_roles: dict[str, set[str]] = {}
    for i, cell in enumerate(cells):
        if cell.startswith("/jobs/{job_id}/actions/"):
            seed_roles[cell.rsplit("/", 1)[1]] = {r.strip() for r in cells[i + 2].split(",")}
    assert set(seed_roles) == {a.value for a in client_jobs.JobAction}
    for action, rule in client_jobs.RULES.items():
        assert {r.value for r in rule.roles} == seed_roles[action.value], action


def test_bulk_routes_run_the_same_actions_as_the_emulator() -> None:
    assert client_jobs.BULK_ACTIONS == {
        "approve": client_jobs.JobAction.APPROVE_SOURCE,
        "return-to-qc": client_jobs.JobAction.RETURN_TO_QC,
    }
    paths = {route.path for route in routes_job_actions.router.routes}  # type: ignore[attr-defined]
    assert {f"/jobs/bulk/{name}" for name in client_jobs.BULK_ACTIONS} <= paths
