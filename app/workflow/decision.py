"""A yes/no answer to "may I do this now?", with the reason a tooltip shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Refusal(StrEnum):
    """Why an action is refused, so callers can tell a server answer apart.

    ROLE and STATE are what the server would answer 403 and 409; INPUT is a
    missing or bad argument (422); SAFETY is a local rule only (an unresolved
    conflict, error-level findings) that protects the person's own work.
    """

    ROLE = "role"
    STATE = "state"
    INPUT = "input"
    SAFETY = "safety"


@dataclass(frozen=True)
class Decision:
    """`allowed`, and when not, a plain-language `reason` for a disabled button.

    An allowed decision may still ask the person first (`needs_confirmation`,
    with the question in `reason`), or carry a `note` on what will happen
    (e.g. pending uploads go first).
    """

    allowed: bool
    reason: str = ""
    refusal: Refusal | None = None
    needs_confirmation: bool = False
    note: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def yes(cls, note: str = "") -> Decision:
        return cls(True, note=note)

    @classmethod
    def no(cls, reason: str, refusal: Refusal) -> Decision:
        return cls(False, reason, refusal)

    @classmethod
    def confirm(cls, question: str, note: str = "") -> Decision:
        return cls(True, question, needs_confirmation=True, note=note)


class TransitionError(ValueError):
    """An action the state machine does not allow from this state; `decision` says why."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


def first_refusal(*decisions: Decision) -> Decision:
    """The first refusal in order; if none, one yes carrying every question and note.

    The order is the caller's priority: the role and state checks come first,
    so the reason shown is the same one the server would give.
    """
    for decision in decisions:
        if not decision.allowed:
            return decision
    questions = [d.reason for d in decisions if d.needs_confirmation]
    notes = [d.note for d in decisions if d.note]
    if questions:
        return Decision.confirm(" ".join(questions), note=" ".join(notes))
    return Decision.yes(" ".join(notes))
