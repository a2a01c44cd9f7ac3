"""Submit safety: conflicts and error-level findings against submit and approve."""

from __future__ import annotations

from app.workflow import Decision, Refusal, can_approve, can_submit, decide, first_refusal


def test_submit_is_refused_by_a_conflict_or_error_findings() -> None:
    assert can_submit("in_progress", False, 0, 0) == Decision.yes()
    conflict = can_submit("in_progress", True, 3, 0)
    assert conflict.refusal is Refusal.SAFETY
    assert conflict.reason == "Resolve the sync conflict on this language before submitting"
    errors = can_submit("in_progress", False, 1, 0)
    assert errors.refusal is Refusal.SAFETY
    assert errors.reason == "Fix the 1 error-level QC finding before submitting"
    assert can_submit("in_progress", False, 2, 0).reason == (
        "Fix the 2 error-level QC findings before submitting"
    )


def test_pending_uploads_go_first_but_do_not_block() -> None:
    decision = can_submit("in_progress", False, 0, 3)
    assert decision.allowed and not decision.needs_confirmation
    assert decision.note == "Uploads 3 pending track changes first"
    assert can_approve("in_review", False, 0, 1).note == "Uploads 1 pending track change first"


def test_submit_and_approve_need_their_state() -> None:
    assert can_submit("submitted", False, 0, 0).reason == (
        "Submit needs the language in progress; it is submitted"
    )
    assert can_approve("submitted", False, 0, 0).refusal is Refusal.STATE


def test_a_reviewer_may_approve_with_findings_after_confirming() -> None:
    assert can_approve("in_review", False, 0, 0) == Decision.yes()
    assert can_approve("in_review", True, 0, 0).reason == (
        "Resolve the sync conflict on this language before approving"
    )
    decision = can_approve("in_review", False, 2, 1)
    assert decision.allowed
    assert decision.needs_confirmation
    assert decision.reason == "Approve with 2 error-level QC findings?"
    assert decision.note == "Uploads 1 pending track change first"


def test_decide_puts_the_servers_reason_before_the_local_one() -> None:
    # A reviewer cannot submit at all: that, not the conflict, is the tooltip.
    decision = decide(
        "submit", "in_progress", "reviewer", me="me", linguist="L1", reviewer="me",
        has_unresolved_conflict=True,
    )
    assert decision.refusal is Refusal.ROLE
    errors = decide(
        "submit", "in_progress", "linguist", me="me", linguist="me", reviewer="R1",
        error_findings_count=1,
    )
    assert errors.refusal is Refusal.SAFETY
    uploads = decide(
        "submit", "in_progress", "linguist", me="me", linguist="me", reviewer="R1",
        pending_track_uploads=2,
    )
    assert uploads.allowed and uploads.note
    approve = decide(
        "approve", "in_review", "reviewer", me="me", linguist="L1", reviewer="me",
        error_findings_count=4,
    )
    assert approve.allowed and approve.needs_confirmation
    # Other actions are not held back by findings.
    assert decide(
        "reject", "in_review", "reviewer", me="me", linguist="L1", reviewer="me",
        has_unresolved_conflict=True, error_findings_count=4,
    )


def test_first_refusal() -> None:
    refused = Decision.no("no", Refusal.STATE)
    assert first_refusal(Decision.yes(), refused, Decision.no("later", Refusal.ROLE)) is refused
    merged = first_refusal(Decision.yes("a"), Decision.confirm("Sure?", note="b"))
    assert merged == Decision(True, "Sure?", needs_confirmation=True, note="a b")
    assert first_refusal() == Decision.yes()
