"""The language-QC rules as explicit matrices, their reasons, and apply().

The matrices are written out in full so that any change to who may do what,
from which state, shows up as a visible diff here. Cells: Y allowed,
R refused for the person (the server's 403), S refused for the state (409).
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from app.workflow import (
    Decision,
    QcAction,
    QcState,
    Refusal,
    Role,
    TransitionError,
    allowed,
    apply,
    available_actions,
    decisions,
)
from app.workflow.language_qc import RULES, check_reject_reason, state_words

STATE_COLUMNS = list(QcState)
CODES = {"Y": None, "R": Refusal.ROLE, "S": Refusal.STATE}

# Me assigned as the linguist (role linguist) or the reviewer (role reviewer);
# for the other roles someone else is both. Every language has a reviewer.
MINE = """
action             role             unas asgn prog subm rvw  appr rejd
assign             client           R    R    R    R    R    R    R
assign             linguist         R    R    R    R    R    R    R
assign             reviewer         R    R    R    R    R    R    R
assign             production       Y    S    S    S    S    S    S
assign             project_manager  Y    S    S    S    S    S    S
assign             admin            Y    S    S    S    S    S    S
reassign           client           R    R    R    R    R    R    R
reassign           linguist         R    R    R    R    R    R    R
reassign           reviewer         R    R    R    R    R    R    R
reassign           production       S    Y    Y    Y    Y    S    Y
reassign           project_manager  S    Y    Y    Y    Y    S    Y
reassign           admin            S    Y    Y    Y    Y    S    Y
assign_reviewer    client           R    R    R    R    R    R    R
assign_reviewer    linguist         R    R    R    R    R    R    R
assign_reviewer    reviewer         R    R    R    R    R    R    R
assign_reviewer    production       S    S    S    S    S    S    S
assign_reviewer    project_manager  S    S    S    S    S    S    S
assign_reviewer    admin            S    S    S    S    S    S    S
reassign_reviewer  client           R    R    R    R    R    R    R
reassign_reviewer  linguist         R    R    R    R    R    R    R
reassign_reviewer  reviewer         R    R    R    R    R    R    R
reassign_reviewer  production       Y    Y    Y    Y    Y    S    Y
reassign_reviewer  project_manager  Y    Y    Y    Y    Y    S    Y
reassign_reviewer  admin            Y    Y    Y    Y    Y    S    Y
start_work         client           R    R    R    R    R    R    R
start_work         linguist         S    Y    S    S    S    S    S
start_work         reviewer         R    R    R    R    R    R    R
start_work         production       R    R    R    R    R    R    R
start_work         project_manager  R    R    R    R    R    R    R
start_work         admin            R    R    R    R    R    R    R
submit             client           R    R    R    R    R    R    R
submit             linguist         S    S    Y    S    S    S    S
submit             reviewer         R    R    R    R    R    R    R
submit             production       R    R    R    R    R    R    R
submit             project_manager  R    R    R    R    R    R    R
submit             admin            R    R    R    R    R    R    R
open_review        client           R    R    R    R    R    R    R
open_review        linguist         R    R    R    R    R    R    R
open_review        reviewer         S    S    S    Y    S    S    S
open_review        production       R    R    R    R    R    R    R
open_review        project_manager  R    R    R    R    R    R    R
open_review        admin            S    S    S    Y    S    S    S
approve            client           R    R    R    R    R    R    R
approve            linguist         R    R    R    R    R    R    R
approve            reviewer         S    S    S    S    Y    S    S
approve            production       R    R    R    R    R    R    R
approve            project_manager  R    R    R    R    R    R    R
approve            admin            S    S    S    S    Y    S    S
reject             client           R    R    R    R    R    R    R
reject             linguist         R    R    R    R    R    R    R
reject             reviewer         S    S    S    S    Y    S    S
reject             production       R    R    R    R    R    R    R
reject             project_manager  R    R    R    R    R    R    R
reject             admin            S    S    S    S    Y    S    S
reopen             client           R    R    R    R    R    R    R
reopen             linguist         S    S    S    S    S    S    Y
reopen             reviewer         R    R    R    R    R    R    R
reopen             production       R    R    R    R    R    R    R
reopen             project_manager  R    R    R    R    R    R    R
reopen             admin            R    R    R    R    R    R    R
mark_cue_reviewed  client           R    R    R    R    R    R    R
mark_cue_reviewed  linguist         R    R    R    R    R    R    R
mark_cue_reviewed  reviewer         S    S    S    S    Y    S    S
mark_cue_reviewed  production       R    R    R    R    R    R    R
mark_cue_reviewed  project_manager  R    R    R    R    R    R    R
mark_cue_reviewed  admin            S    S    S    S    Y    S    S
comment            client           R    R    R    R    R    R    R
comment            linguist         Y    Y    Y    Y    Y    Y    Y
comment            reviewer         Y    Y    Y    Y    Y    Y    Y
comment            production       Y    Y    Y    Y    Y    Y    Y
comment            project_manager  Y    Y    Y    Y    Y    Y    Y
comment            admin            Y    Y    Y    Y    Y    Y    Y
"""

# Nobody reviews the language yet (a reviewer may claim it by opening review).
NO_REVIEWER = """
action             role             unas asgn prog subm rvw  appr rejd
assign_reviewer    client           R    R    R    R    R    R    R
assign_reviewer    linguist         R    R    R    R    R    R    R
assign_reviewer    reviewer         R    R    R    R    R    R    R
assign_reviewer    production       Y    Y    Y    Y    Y    S    Y
assign_reviewer    project_manager  Y    Y    Y    Y    Y    S    Y
assign_reviewer    admin            Y    Y    Y    Y    Y    S    Y
reassign_reviewer  client           R    R    R    R    R    R    R
reassign_reviewer  linguist         R    R    R    R    R    R    R
reassign_reviewer  reviewer         R    R    R    R    R    R    R
reassign_reviewer  production       S    S    S    S    S    S    S
reassign_reviewer  project_manager  S    S    S    S    S    S    S
reassign_reviewer  admin            S    S    S    S    S    S    S
open_review        client           R    R    R    R    R    R    R
open_review        linguist         R    R    R    R    R    R    R
open_review        reviewer         S    S    S    Y    S    S    S
open_review        production       R    R    R    R    R    R    R
open_review        project_manager  R    R    R    R    R    R    R
open_review        admin            S    S    S    Y    S    S    S
approve            client           R    R    R    R    R    R    R
approve            linguist         R    R    R    R    R    R    R
approve            reviewer         S    S    S    S    Y    S    S
approve            production       R    R    R    R    R    R    R
approve            project_manager  R    R    R    R    R    R    R
approve            admin            S    S    S    S    Y    S    S
reject             client           R    R    R    R    R    R    R
reject             linguist         R    R    R    R    R    R    R
reject             reviewer         S    S    S    S    Y    S    S
reject             production       R    R    R    R    R    R    R
reject             project_manager  R    R    R    R    R    R    R
reject             admin            S    S    S    S    Y    S    S
mark_cue_reviewed  client           R    R    R    R    R    R    R
mark_cue_reviewed  linguist         R    R    R    R    R    R    R
mark_cue_reviewed  reviewer         S    S    S    S    Y    S    S
mark_cue_reviewed  production       R    R    R    R    R    R    R
mark_cue_reviewed  project_manager  R    R    R    R    R    R    R
mark_cue_reviewed  admin            S    S    S    S    Y    S    S
"""

# A linguist or reviewer looking at a language given to someone else.
SOMEONE_ELSES = """
action             role             unas asgn prog subm rvw  appr rejd
assign             linguist         R    R    R    R    R    R    R
assign             reviewer         R    R    R    R    R    R    R
reassign           linguist         R    R    R    R    R    R    R
reassign           reviewer         R    R    R    R    R    R    R
assign_reviewer    linguist         R    R    R    R    R    R    R
assign_reviewer    reviewer         R    R    R    R    R    R    R
reassign_reviewer  linguist         R    R    R    R    R    R    R
reassign_reviewer  reviewer         R    R    R    R    R    R    R
start_work         linguist         R    R    R    R    R    R    R
start_work         reviewer         R    R    R    R    R    R    R
submit             linguist         R    R    R    R    R    R    R
submit             reviewer         R    R    R    R    R    R    R
open_review        linguist         R    R    R    R    R    R    R
open_review        reviewer         R    R    R    R    R    R    R
approve            linguist         R    R    R    R    R    R    R
approve            reviewer         R    R    R    R    R    R    R
reject             linguist         R    R    R    R    R    R    R
reject             reviewer         R    R    R    R    R    R    R
reopen             linguist         R    R    R    R    R    R    R
reopen             reviewer         R    R    R    R    R    R    R
mark_cue_reviewed  linguist         R    R    R    R    R    R    R
mark_cue_reviewed  reviewer         R    R    R    R    R    R    R
comment            linguist         Y    Y    Y    Y    Y    Y    Y
comment            reviewer         Y    Y    Y    Y    Y    Y    Y
"""


def _rows(table: str) -> list[tuple[QcAction, Role, list[str]]]:
    lines = [line.split() for line in table.strip().splitlines()[1:]]
    return [(QcAction(cells[0]), Role(cells[1]), cells[2:]) for cells in lines]


def _mine(role: Role) -> tuple[str | None, str | None]:
    if role is Role.LINGUIST:
        return "me", "R1"
    if role is Role.REVIEWER:
        return "L1", "me"
    return "L1", "R1"


def _code(decision: Decision) -> str:
    if decision.allowed:
        return "Y"
    return "R" if decision.refusal is Refusal.ROLE else "S"


def _actual(table: str, people: Mapping[Role, tuple[str | None, str | None]]) -> str:
    """The same table, filled in from the rules (so a failure diffs cell by cell)."""
    out = [table.strip().splitlines()[0]]
    for action, role, _ in _rows(table):
        linguist, reviewer = people[role]
        codes = [
            _code(allowed(action, state, role, me="me", linguist=linguist, reviewer=reviewer))
            for state in STATE_COLUMNS
        ]
        line = f"{action.value:18} {role.value:16} " + " ".join(f"{c:4}" for c in codes)
        out.append(line.rstrip())
    return "\n".join(out)


def test_the_matrix_covers_every_action_and_role() -> None:
    rows = _rows(MINE)
    assert {(a, r) for a, r, _ in rows} == {(a, r) for a in QcAction for r in Role}
    assert all(len(cells) == len(STATE_COLUMNS) for _, _, cells in rows)


def test_rules_on_my_languages() -> None:
    assert _actual(MINE, {r: _mine(r) for r in Role}) == MINE.strip()


def test_rules_when_no_reviewer_is_assigned() -> None:
    people = {r: ("me" if r is Role.LINGUIST else "L1", None) for r in Role}
    assert _actual(NO_REVIEWER, people) == NO_REVIEWER.strip()


def test_rules_on_someone_elses_language() -> None:
    people = {r: ("L1", "R1") for r in Role}
    assert _actual(SOMEONE_ELSES, people) == SOMEONE_ELSES.strip()


def test_a_linguist_is_never_the_linguist_of_an_unassigned_language() -> None:
    decision = allowed("start_work", "assigned", "linguist", me="me", linguist=None, reviewer=None)
    assert decision.refusal is Refusal.ROLE


@pytest.mark.parametrize(
    ("action", "state", "role", "linguist", "reviewer", "reason"),
    [
        ("submit", "submitted", "linguist", "me", None,
         "Submit needs the language in progress; it is submitted"),
        ("submit", "in_progress", "reviewer", "L1", None, "Only the assigned linguist can submit"),
        ("submit", "in_progress", "linguist", "L1", None, "Only the assigned linguist can submit"),
        ("start_work", "unassigned", "linguist", "me", None,
         "Start work needs the language assigned; it is unassigned"),
        ("open_review", "in_progress", "reviewer", "L1", None,
         "Open review needs the language submitted; it is in progress"),
        ("approve", "in_review", "reviewer", "L1", "R1",
         "Another reviewer is assigned to this language, so you cannot approve"),
        ("approve", "in_review", "production", "L1", "R1",
         "Only a reviewer or an admin can approve"),
        ("reopen", "approved", "linguist", "me", "R1",
         "Reopen needs the language rejected; it is approved"),
        ("assign", "in_review", "linguist", "me", "R1",
         "Only production, a project manager or an admin can assign linguist"),
        ("assign", "in_review", "project_manager", "L1", "R1",
         "A linguist is already assigned (the language is in review); use Reassign linguist"),
        ("reassign", "approved", "admin", "L1", "R1",
         "Reassign linguist needs a linguist already assigned and the language not approved; "
         "it is approved"),
        ("assign_reviewer", "submitted", "admin", "L1", "R1",
         "A reviewer is already assigned; use Reassign reviewer"),
        ("reassign_reviewer", "submitted", "admin", "L1", None,
         "No reviewer is assigned yet; use Assign reviewer"),
        ("mark_cue_reviewed", "submitted", "reviewer", "L1", "me",
         "Mark cue reviewed needs the language in review; it is submitted"),
        ("comment", "approved", "client", "L1", "R1", "Clients cannot comment on language QC"),
    ],
)
def test_reasons_read_as_tooltips(
    action: str, state: str, role: str, linguist: str | None, reviewer: str | None, reason: str
) -> None:
    decision = allowed(action, state, role, me="me", linguist=linguist, reviewer=reviewer)
    assert not decision
    assert decision.reason == reason


def test_an_unknown_role_or_state_is_refused_not_a_crash() -> None:
    for action in QcAction:
        decision = allowed(action, "in_review", "auditor", me="me", linguist="me", reviewer="me")
        assert decision.refusal is Refusal.ROLE, action
    assert allowed("comment", "in_review", "auditor", me="me", linguist=None, reviewer=None) == (
        Decision.no("Your role cannot comment", Refusal.ROLE)
    )
    decision = allowed("submit", "on_hold", "linguist", me="me", linguist="me", reviewer=None)
    assert decision.reason == "Submit needs the language in progress; it is on hold"


def test_apply_walks_the_happy_path_and_the_rejection_loop() -> None:
    state = QcState.UNASSIGNED
    path = ["assign", "assign_reviewer", "start_work", "submit", "open_review",
            "mark_cue_reviewed", "comment", "reject", "reopen", "submit", "open_review",
            "approve"]
    seen = []
    for action in path:
        state = apply(action, state)
        seen.append(state.value)
    assert seen == [
        "assigned", "assigned", "in_progress", "submitted", "in_review", "in_review",
        "in_review", "rejected", "in_progress", "submitted", "in_review", "approved",
    ]


@pytest.mark.parametrize("action", list(QcAction))
def test_apply_agrees_with_the_state_part_of_allowed(action: QcAction) -> None:
    for state in QcState:
        if state in RULES[action].sources:
            expected = RULES[action].target or state
            assert apply(action, state) is expected
        else:
            with pytest.raises(TransitionError) as caught:
                apply(action, state)
            assert caught.value.decision.refusal is Refusal.STATE
            assert str(caught.value).endswith(f"it is {state_words(state)}")


def test_apply_refuses_a_disallowed_transition() -> None:
    with pytest.raises(TransitionError, match="Approve needs the language in review"):
        apply(QcAction.APPROVE, QcState.SUBMITTED)


def test_available_actions_are_exactly_the_allowed_ones() -> None:
    assert available_actions("in_progress", "linguist", me="me", linguist="me", reviewer="R1") == [
        QcAction.SUBMIT, QcAction.COMMENT,
    ]
    assert available_actions("submitted", "reviewer", me="me", linguist="L1", reviewer=None) == [
        QcAction.OPEN_REVIEW, QcAction.COMMENT,
    ]
    assert available_actions("in_review", "reviewer", me="me", linguist="L1", reviewer="me") == [
        QcAction.APPROVE, QcAction.REJECT, QcAction.MARK_CUE_REVIEWED, QcAction.COMMENT,
    ]
    assert available_actions("approved", "admin", me="me", linguist="L1", reviewer="R1") == [
        QcAction.COMMENT,
    ]
    assert available_actions("unassigned", "client", me="me", linguist=None, reviewer=None) == []
    every = decisions("rejected", "project_manager", me="me", linguist="L1", reviewer="R1")
    assert list(every) == list(QcAction)
    assert [a for a, d in every.items() if d] == [
        QcAction.REASSIGN, QcAction.REASSIGN_REVIEWER, QcAction.COMMENT,
    ]
    assert all(d.reason for d in every.values() if not d)


def test_reject_needs_a_reason() -> None:
    assert RULES[QcAction.REJECT].needs_reason
    assert [a for a, rule in RULES.items() if rule.needs_reason] == [QcAction.REJECT]
    assert check_reject_reason("Timing drifts after 02:10")
    for blank in (None, "", "   \n"):
        decision = check_reject_reason(blank)
        assert decision.refusal is Refusal.INPUT
        assert decision.reason == "Say why the language is rejected"


def test_route_paths() -> None:
    assert QcAction.START_WORK.path == "start-work"
    assert QcAction.REASSIGN_REVIEWER.path == "reassign-reviewer"
    assert QcAction.COMMENT.path == "comments"
