"""The language-QC state machine: one per language of a job.

unassigned -> assigned (assign) -> in_progress (start work, the linguist)
-> submitted (submit) -> in_review (open review, the reviewer)
-> approved | rejected (approve / reject with a reason); rejected -> in_progress
(reopen, the linguist). Assigning people, marking cues reviewed and commenting
leave the state as it is.

The platform documents this machine as assumed (platform-api.md); these rules
follow the test emulator (tests/platform/qc_machine.py), which a test compares
against, including its choices:

* the role is checked before the state, so a person who may never do an
  action is told that rather than "wrong state" (the server's 403 before 409);
* linguist steps need the role linguist *and* to be the assigned linguist
  (not even an admin may start work for someone);
* reviewer steps accept an admin, or a reviewer when the language has no
  reviewer yet or has them (opening review claims an unclaimed language);
* assigning needs production, a project manager or an admin; nobody changes
  people on an approved language;
* anyone but a client may comment, in any state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from app.workflow.decision import Decision, Refusal, TransitionError
from app.workflow.roles import ASSIGNERS, Role, describe, parse_role


class QcState(StrEnum):
    UNASSIGNED = "unassigned"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"


class QcAction(StrEnum):
    ASSIGN = "assign"
    REASSIGN = "reassign"
    ASSIGN_REVIEWER = "assign_reviewer"
    REASSIGN_REVIEWER = "reassign_reviewer"
    START_WORK = "start_work"
    SUBMIT = "submit"
    OPEN_REVIEW = "open_review"
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"
    MARK_CUE_REVIEWED = "mark_cue_reviewed"
    COMMENT = "comment"

    @property
    def path(self) -> str:
        """The last segment of the platform route (`start-work`, `comments`)."""
        if self is QcAction.COMMENT:
            return "comments"
        return self.value.replace("_", "-")


Actor = Literal["linguist", "reviewer", "assigner", "commenter"]

_STATE_WORDS: dict[str, str] = {
    QcState.UNASSIGNED: "unassigned",
    QcState.ASSIGNED: "assigned",
    QcState.IN_PROGRESS: "in progress",
    QcState.SUBMITTED: "submitted",
    QcState.IN_REVIEW: "in review",
    QcState.APPROVED: "approved",
    QcState.REJECTED: "rejected",
}

_ALL = frozenset(QcState)
_NOT_APPROVED = _ALL - {QcState.APPROVED}


@dataclass(frozen=True)
class ActionRule:
    """Who may take an action, from which states, and where it leads."""

    label: str  # as on the button, and at the start of a reason
    actor: Actor
    sources: frozenset[QcState]
    target: QcState | None  # None: the state stays
    requirement: str  # what the state must be, completing "<label> needs ..."
    needs_reason: bool = False


RULES: dict[QcAction, ActionRule] = {
    QcAction.ASSIGN: ActionRule(
        "Assign linguist", "assigner", frozenset({QcState.UNASSIGNED}), QcState.ASSIGNED,
        "the language unassigned",
    ),
    QcAction.REASSIGN: ActionRule(
        "Reassign linguist", "assigner", _NOT_APPROVED - {QcState.UNASSIGNED}, None,
        "a linguist already assigned and the language not approved",
    ),
    QcAction.ASSIGN_REVIEWER: ActionRule(
        "Assign reviewer", "assigner", _NOT_APPROVED, None, "the language not approved"
    ),
    QcAction.REASSIGN_REVIEWER: ActionRule(
        "Reassign reviewer", "assigner", _NOT_APPROVED, None, "the language not approved"
    ),
    QcAction.START_WORK: ActionRule(
        "Start work", "linguist", frozenset({QcState.ASSIGNED}), QcState.IN_PROGRESS,
        "the language assigned",
    ),
    QcAction.SUBMIT: ActionRule(
        "Submit", "linguist", frozenset({QcState.IN_PROGRESS}), QcState.SUBMITTED,
        "the language in progress",
    ),
    QcAction.OPEN_REVIEW: ActionRule(
        "Open review", "reviewer", frozenset({QcState.SUBMITTED}), QcState.IN_REVIEW,
        "the language submitted",
    ),
    QcAction.APPROVE: ActionRule(
        "Approve", "reviewer", frozenset({QcState.IN_REVIEW}), QcState.APPROVED,
        "the language in review",
    ),
    QcAction.REJECT: ActionRule(
        "Reject", "reviewer", frozenset({QcState.IN_REVIEW}), QcState.REJECTED,
        "the language in review", needs_reason=True,
    ),
    QcAction.REOPEN: ActionRule(
        "Reopen", "linguist", frozenset({QcState.REJECTED}), QcState.IN_PROGRESS,
        "the language rejected",
    ),
    QcAction.MARK_CUE_REVIEWED: ActionRule(
        "Mark cue reviewed", "reviewer", frozenset({QcState.IN_REVIEW}), None,
        "the language in review",
    ),
    QcAction.COMMENT: ActionRule("Comment", "commenter", _ALL, None, "any state"),
}


def state_words(state: str) -> str:
    """'in progress' for in_progress; an unknown state is shown as it came."""
    return _STATE_WORDS.get(state, state.replace("_", " "))


def _lowered(label: str) -> str:
    return label[0].lower() + label[1:]


def _check_person(
    rule: ActionRule, role: Role | None, me: str, linguist: str | None, reviewer: str | None
) -> Decision:
    verb = _lowered(rule.label)
    if rule.actor == "linguist":
        if role is not Role.LINGUIST or linguist is None or linguist != me:
            return Decision.no(f"Only the assigned linguist can {verb}", Refusal.ROLE)
    elif rule.actor == "reviewer":
        if role is Role.ADMIN:
            return Decision.yes()
        if role is not Role.REVIEWER:
            return Decision.no(f"Only a reviewer or an admin can {verb}", Refusal.ROLE)
        if reviewer is not None and reviewer != me:
            return Decision.no(
                f"Another reviewer is assigned to this language, so you cannot {verb}",
                Refusal.ROLE,
            )
    elif rule.actor == "assigner":
        if role not in ASSIGNERS:
            return Decision.no(
                f"Only {describe(ASSIGNERS)} can {verb}", Refusal.ROLE
            )
    elif role is Role.CLIENT:
        return Decision.no("Clients cannot comment on language QC", Refusal.ROLE)
    elif role is None:
        return Decision.no(f"Your role cannot {verb}", Refusal.ROLE)
    return Decision.yes()


def _check_state(action: QcAction, state: str, reviewer: str | None) -> Decision:
    # The emulator checks who is (or is not) the reviewer before the
    # approved state, so the more useful "use reassign" hint comes first.
    if action is QcAction.ASSIGN and state != QcState.UNASSIGNED:
        return Decision.no(
            f"A linguist is already assigned (the language is {state_words(state)}); "
            "use Reassign linguist",
            Refusal.STATE,
        )
    if action is QcAction.ASSIGN_REVIEWER and reviewer is not None:
        return Decision.no("A reviewer is already assigned; use Reassign reviewer", Refusal.STATE)
    if action is QcAction.REASSIGN_REVIEWER and reviewer is None:
        return Decision.no("No reviewer is assigned yet; use Assign reviewer", Refusal.STATE)
    return _check_source(action, state)


def _check_source(action: QcAction, state: str) -> Decision:
    rule = RULES[action]
    if state in rule.sources:
        return Decision.yes()
    return Decision.no(
        f"{rule.label} needs {rule.requirement}; it is {state_words(state)}", Refusal.STATE
    )


def allowed(
    action: QcAction | str,
    state: QcState | str,
    role: Role | str,
    *,
    me: str,
    linguist: str | None,
    reviewer: str | None,
) -> Decision:
    """May the person `me` with `role` take `action` on a language in `state` now?

    `linguist` and `reviewer` are the ids of the people assigned to the
    language (None when nobody is). The role is judged before the state, as on
    the server, so the reason given is the one the server would give.
    """
    qc_action = QcAction(action)
    person = _check_person(RULES[qc_action], parse_role(role), me, linguist, reviewer)
    if not person.allowed:
        return person
    return _check_state(qc_action, str(state), reviewer)


def check_reject_reason(reason: str | None) -> Decision:
    """A rejection needs a reason the linguist can act on.

    Stricter than the server (which only refuses an empty string): blank
    text would reach the linguist as no reason at all.
    """
    if reason is None or not reason.strip():
        return Decision.no("Say why the language is rejected", Refusal.INPUT)
    return Decision.yes()


def apply(action: QcAction | str, state: QcState | str) -> QcState:
    """The state after `action`, for the optimistic local update made offline.

    Only the state is judged here (the caller asked `allowed` first); raises
    `TransitionError` when the state does not allow the action.
    """
    qc_action = QcAction(action)
    decision = _check_source(qc_action, str(state))
    if not decision.allowed:
        raise TransitionError(decision)
    return RULES[qc_action].target or QcState(state)


def decisions(
    state: QcState | str,
    role: Role | str,
    *,
    me: str,
    linguist: str | None,
    reviewer: str | None,
) -> dict[QcAction, Decision]:
    """Every action's decision, in button order: enabled flag and tooltip for each."""
    return {
        action: allowed(action, state, role, me=me, linguist=linguist, reviewer=reviewer)
        for action in QcAction
    }


def available_actions(
    state: QcState | str,
    role: Role | str,
    *,
    me: str,
    linguist: str | None,
    reviewer: str | None,
) -> list[QcAction]:
    """What the person may do now, in button order."""
    found = decisions(state, role, me=me, linguist=linguist, reviewer=reviewer)
    return [action for action, decision in found.items() if decision.allowed]
