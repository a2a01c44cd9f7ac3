"""Submit safety: what must hold before a language is submitted or approved.

Both actions first upload the language's pending track changes (they queue
behind them), so pending uploads never block, they only add a note. An
unresolved sync conflict always blocks: the reviewer would judge text the
server may not have. Error-level QC findings block a submit; a reviewer may
approve with them, but only after confirming (the person sees the list).
These are local rules, not the server's, so their refusals are SAFETY.
"""

from __future__ import annotations

from app.workflow.decision import Decision, Refusal, first_refusal
from app.workflow.language_qc import QcAction, QcState, allowed, state_words
from app.workflow.roles import Role


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _errors(count: int) -> str:
    return _plural(count, "error-level QC finding", "error-level QC findings")


def _uploads_note(pending_track_uploads: int) -> str:
    if pending_track_uploads <= 0:
        return ""
    changes = _plural(pending_track_uploads, "pending track change", "pending track changes")
    return f"Uploads {changes} first"


def can_submit(
    language_state: QcState | str,
    has_unresolved_conflict: bool,
    error_findings_count: int,
    pending_track_uploads: int,
) -> Decision:
    """May the language be submitted, as far as its content goes?"""
    if language_state != QcState.IN_PROGRESS:
        return Decision.no(
            f"Submit needs the language in progress; it is {state_words(str(language_state))}",
            Refusal.STATE,
        )
    if has_unresolved_conflict:
        return Decision.no(
            "Resolve the sync conflict on this language before submitting", Refusal.SAFETY
        )
    if error_findings_count > 0:
        findings = _errors(error_findings_count)
        return Decision.no(f"Fix the {findings} before submitting", Refusal.SAFETY)
    return Decision.yes(_uploads_note(pending_track_uploads))


def can_approve(
    language_state: QcState | str,
    has_unresolved_conflict: bool,
    error_findings_count: int,
    pending_track_uploads: int,
) -> Decision:
    """May the language be approved, as far as its content goes?

    With error-level findings the answer is a yes that needs confirmation:
    the button stays enabled and asks first.
    """
    if language_state != QcState.IN_REVIEW:
        return Decision.no(
            f"Approve needs the language in review; it is {state_words(str(language_state))}",
            Refusal.STATE,
        )
    if has_unresolved_conflict:
        return Decision.no(
            "Resolve the sync conflict on this language before approving", Refusal.SAFETY
        )
    note = _uploads_note(pending_track_uploads)
    if error_findings_count > 0:
        findings = _errors(error_findings_count)
        return Decision.confirm(f"Approve with {findings}?", note=note)
    return Decision.yes(note)


def decide(
    action: QcAction | str,
    state: QcState | str,
    role: Role | str,
    *,
    me: str,
    linguist: str | None,
    reviewer: str | None,
    has_unresolved_conflict: bool = False,
    error_findings_count: int = 0,
    pending_track_uploads: int = 0,
) -> Decision:
    """The full answer for a language button: role and state first, then safety.

    The order keeps the reason the server would give ahead of local ones.
    """
    base = allowed(action, state, role, me=me, linguist=linguist, reviewer=reviewer)
    qc_action = QcAction(action)
    facts = (state, has_unresolved_conflict, error_findings_count, pending_track_uploads)
    if qc_action is QcAction.SUBMIT:
        return first_refusal(base, can_submit(*facts))
    if qc_action is QcAction.APPROVE:
        return first_refusal(base, can_approve(*facts))
    return base
