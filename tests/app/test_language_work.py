"""What a person sees of a language and what they may do: server view plus unsent work."""

from __future__ import annotations

import pytest

from app.language_work import LanguageNotFound, LanguageWork, Person
from app.storage import Database, JobInfo, JobStore, LanguageInfo, Outbox
from app.workflow import QcAction, Refusal

JOB = "job-1"
LINGUIST = Person("u-lin", "linguist", "Lina")
REVIEWER = Person("u-rev", "reviewer", "Rita")


def _store(
    database: Database, state: str, reviewer: str | None = None, reviewed: tuple[int, ...] = ()
) -> None:
    JobStore(database).upsert_job(
        JobInfo(JOB, "Job one", "in_qc", "en"),
        [
            LanguageInfo(
                "fr",
                state,
                linguist={"id": LINGUIST.id, "name": "Lina"},
                reviewer=None if reviewer is None else {"id": reviewer, "name": "Rita"},
                reviewed_cues=reviewed,
            )
        ],
    )


def _refuse_head(database: Database, reason: str) -> None:
    outbox = Outbox(database)
    head = outbox.lane(JOB, "fr")[0]
    outbox.mark_in_flight(head.id)
    outbox.mark_failed(head.id, reason)


def test_a_step_taken_offline_shows_at_once_and_is_queued(database: Database) -> None:
    _store(database, "in_progress")
    work = LanguageWork(database, LINGUIST)

    decision = work.take(JOB, "fr", QcAction.SUBMIT)

    assert decision.allowed
    view = work.view(JOB, "fr")
    assert (view.state, view.server_state) == ("submitted", "in_progress")
    assert view.is_waiting and view.unsent_steps == ("submit",)
    assert [item.target for item in Outbox(database).pending_items()] == ["submit"]


def test_a_refused_step_is_not_queued_and_says_why(database: Database) -> None:
    _store(database, "assigned")
    work = LanguageWork(database, LINGUIST)

    decision = work.take(JOB, "fr", QcAction.SUBMIT)

    assert not decision.allowed and decision.refusal is Refusal.STATE
    assert "in progress" in decision.reason
    assert Outbox(database).pending_items() == []


def test_steps_chain_on_the_state_the_person_sees(database: Database) -> None:
    _store(database, "assigned")
    work = LanguageWork(database, LINGUIST)

    assert work.take(JOB, "fr", QcAction.START_WORK).allowed
    assert work.take(JOB, "fr", QcAction.SUBMIT).allowed  # allowed only after start work

    assert work.view(JOB, "fr").state == "submitted"


def test_a_pull_with_the_older_server_view_does_not_hide_unsent_work(database: Database) -> None:
    _store(database, "in_progress")
    work = LanguageWork(database, LINGUIST)
    work.take(JOB, "fr", QcAction.SUBMIT)

    _store(database, "in_progress")  # a pull before the submit went out

    assert work.view(JOB, "fr").state == "submitted"


def test_when_the_server_refuses_the_language_returns_to_its_state_with_the_reason(
    database: Database,
) -> None:
    _store(database, "in_progress")
    work = LanguageWork(database, LINGUIST)
    work.take(JOB, "fr", QcAction.SUBMIT)

    _refuse_head(database, "Only the assigned linguist can submit")

    view = work.view(JOB, "fr")
    assert view.state == "in_progress" and not view.is_waiting
    assert [(r.action, r.reason) for r in view.refused] == [
        ("submit", "Only the assigned linguist can submit")
    ]
    work.dismiss_refusal(view.refused[0].item_id)
    assert work.view(JOB, "fr").refused == ()


def test_reject_needs_a_reason_and_sends_it(database: Database) -> None:
    _store(database, "in_review", reviewer=REVIEWER.id)
    work = LanguageWork(database, REVIEWER)

    blank = work.take(JOB, "fr", QcAction.REJECT, reason="  ")
    assert not blank.allowed and blank.refusal is Refusal.INPUT

    assert work.take(JOB, "fr", QcAction.REJECT, reason=" Timing drifts after 0:30 ").allowed
    (item,) = Outbox(database).pending_items()
    assert item.payload == {"reason": "Timing drifts after 0:30"}
    assert work.view(JOB, "fr").state == "rejected"


def test_approve_with_error_findings_waits_for_confirmation(database: Database) -> None:
    _store(database, "in_review", reviewer=REVIEWER.id)
    work = LanguageWork(database, REVIEWER)

    asked = work.take(JOB, "fr", QcAction.APPROVE, error_findings=2)
    assert asked.allowed and asked.needs_confirmation and "2 error-level" in asked.reason
    assert Outbox(database).pending_items() == []

    work.take(JOB, "fr", QcAction.APPROVE, error_findings=2, confirmed=True)
    assert work.view(JOB, "fr").state == "approved"


def test_open_review_offline_claims_the_language_for_the_next_steps(database: Database) -> None:
    _store(database, "submitted")
    work = LanguageWork(database, REVIEWER)

    work.take(JOB, "fr", QcAction.OPEN_REVIEW)

    assert work.mark_cue_reviewed(JOB, "fr", 3).allowed
    assert work.view(JOB, "fr").reviewed_cues == {3}


def test_marking_cues_counts_locally_and_queues_only_changes(database: Database) -> None:
    _store(database, "in_review", reviewer=REVIEWER.id, reviewed=(1,))
    work = LanguageWork(database, REVIEWER)

    work.mark_cue_reviewed(JOB, "fr", 1)  # already reviewed on the server: nothing to send
    work.mark_cue_reviewed(JOB, "fr", 2)
    work.mark_cue_reviewed(JOB, "fr", 1, reviewed=False)

    assert work.view(JOB, "fr").reviewed_cues == {2}
    sent = [item.payload for item in Outbox(database).pending_items()]
    assert sent == [{"cue_index": 2, "reviewed": True}, {"cue_index": 1, "reviewed": False}]


def test_a_linguist_may_not_mark_cues_reviewed(database: Database) -> None:
    _store(database, "in_review", reviewer=REVIEWER.id)

    decision = LanguageWork(database, LINGUIST).mark_cue_reviewed(JOB, "fr", 0)

    assert not decision.allowed and decision.refusal is Refusal.ROLE


def test_comments_are_stored_and_queued_but_not_blank(database: Database) -> None:
    _store(database, "in_review", reviewer=REVIEWER.id)
    work = LanguageWork(database, REVIEWER)

    assert not work.comment(JOB, "fr", "   ").allowed
    assert work.comment(JOB, "fr", "Line 4 reads too fast", cue_index=4).allowed

    (item,) = Outbox(database).pending_items()
    assert item.kind == "comment" and item.payload["cue_index"] == 4


def test_an_unknown_language_is_a_clear_error(database: Database) -> None:
    _store(database, "in_progress")
    with pytest.raises(LanguageNotFound, match="de of job job-1"):
        LanguageWork(database, LINGUIST).view(JOB, "de")
