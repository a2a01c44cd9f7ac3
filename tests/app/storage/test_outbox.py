"""The outbox: lanes in order, states, retries, and recovery after a crash."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.storage import (
    WHOLE_JOB,
    Database,
    Outbox,
    OutboxState,
    OutboxStateError,
    TrackKind,
    TrackStore,
    open_database,
)
from app.storage.column_types import utc_now


def test_each_lane_offers_only_its_first_item(outbox: Outbox, job: str) -> None:
    first_fr = outbox.enqueue_action(job, "fr", "start-work")
    first_de = outbox.enqueue_action(job, "de", "start-work")
    outbox.enqueue_action(job, "fr", "submit")
    job_level = outbox.enqueue_action(job, WHOLE_JOB, "approve_source")

    assert [item.id for item in outbox.next_in_lanes()] == [first_fr.id, first_de.id, job_level.id]


def test_a_lane_goes_in_order_and_waits_while_its_head_is_in_flight(
    outbox: Outbox, job: str
) -> None:
    names = ["start-work", "mark-cue-reviewed", "submit"]
    for name in names:
        outbox.enqueue_action(job, "fr", name, {"n": name})

    sent: list[str] = []
    while ready := outbox.next_in_lanes():
        [item] = ready
        outbox.mark_in_flight(item.id)
        assert outbox.next_in_lanes() == []
        sent.append(item.target)
        outbox.mark_done(item.id)
    assert sent == names
    assert outbox.pending_count() == 0 and outbox.lane(job, "fr") == []


def test_a_failed_item_holds_its_lane_until_retried(outbox: Outbox, job: str) -> None:
    submit = outbox.enqueue_action(job, "fr", "submit")
    outbox.enqueue_action(job, "fr", "open-review")
    other_lane = outbox.enqueue_action(job, "de", "submit")
    outbox.mark_in_flight(submit.id)
    outbox.mark_failed(submit.id, "403: only the linguist may submit")

    assert [item.id for item in outbox.next_in_lanes()] == [other_lane.id]
    [failed] = outbox.failed_items()
    assert failed.last_error == "403: only the linguist may submit"

    outbox.retry(submit.id)
    assert [item.id for item in outbox.next_in_lanes()] == [submit.id, other_lane.id]


def test_a_backing_off_lane_waits_until_not_before(outbox: Outbox, job: str) -> None:
    item = outbox.enqueue_action(job, "fr", "submit")
    outbox.mark_in_flight(item.id)
    later = utc_now() + timedelta(seconds=30)
    retried = outbox.retry(item.id, "503 Service Unavailable", not_before=later)
    assert retried.attempts == 1 and retried.last_error == "503 Service Unavailable"
    assert outbox.next_in_lanes() == []
    assert [ready.id for ready in outbox.next_in_lanes(now=later)] == [item.id]


def test_state_changes_the_current_state_forbids_are_refused(outbox: Outbox, job: str) -> None:
    item = outbox.enqueue_action(job, "fr", "submit")
    with pytest.raises(OutboxStateError):
        outbox.mark_done(item.id)
    outbox.mark_in_flight(item.id)
    with pytest.raises(OutboxStateError):
        outbox.mark_in_flight(item.id)
    with pytest.raises(LookupError):
        outbox.mark_done(item.id + 100)


def test_items_left_in_flight_by_a_crash_are_pending_again_on_open(
    database: Database, job: str
) -> None:
    outbox = Outbox(database)
    item = outbox.enqueue_action(job, "fr", "submit")
    outbox.mark_in_flight(item.id)
    database.close()

    reopened = open_database(database.path)
    try:
        recovered = Outbox(reopened).get(item.id)
        assert recovered is not None and recovered.state == OutboxState.PENDING
        assert recovered.idempotency_key == item.idempotency_key
        assert recovered.attempts == 1 and recovered.last_error is not None
        assert Outbox(reopened).recover_in_flight() == 0
    finally:
        reopened.close()


def test_a_retried_upload_absorbs_the_upload_queued_behind_it(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    tracks.save_working_copy(job, "fr", TrackKind.CAPTIONS, "one")
    [upload] = outbox.next_in_lanes()
    outbox.mark_in_flight(upload.id)
    submit = outbox.enqueue_action(job, "fr", "submit")
    tracks.save_working_copy(job, "fr", TrackKind.CAPTIONS, "two")

    retried = outbox.retry(upload.id, "timeout")
    assert [(item.id, item.target) for item in outbox.lane(job, "fr")] == [
        (upload.id, "captions"),
        (submit.id, "submit"),
    ]
    assert retried.payload == {"local_revision": 2}
    # It may have reached the server the first time; it now means a
    # different request, so it must not reuse the first one's key.
    assert retried.idempotency_key != upload.idempotency_key


def test_a_retry_with_nothing_new_keeps_its_idempotency_key(outbox: Outbox, job: str) -> None:
    item = outbox.enqueue_action(job, "fr", "submit")
    outbox.mark_in_flight(item.id)
    assert outbox.retry(item.id, "timeout").idempotency_key == item.idempotency_key


def test_every_item_has_its_own_idempotency_key(outbox: Outbox, job: str) -> None:
    keys = {outbox.enqueue_action(job, "fr", "mark-cue-reviewed").idempotency_key for _ in range(5)}
    assert len(keys) == 5


def test_counts_and_lists(outbox: Outbox, job: str) -> None:
    a = outbox.enqueue_action(job, "fr", "start-work")
    b = outbox.enqueue_action(job, "de", "start-work")
    outbox.enqueue_action("job-2", "fr", "start-work")
    outbox.mark_in_flight(a.id)
    outbox.mark_in_flight(b.id)
    outbox.mark_failed(b.id, "409")
    assert outbox.pending_count() == 2
    assert outbox.pending_count(job) == 1
    assert [item.id for item in outbox.failed_items()] == [b.id]
    assert [item.job_id for item in outbox.pending_items()] == [job, "job-2"]


def test_finished_items_can_be_forgotten(outbox: Outbox, job: str) -> None:
    item = outbox.enqueue_action(job, "fr", "submit")
    waiting = outbox.enqueue_action(job, "fr", "open-review")
    outbox.mark_in_flight(item.id)
    outbox.mark_done(item.id)
    assert outbox.forget_done(utc_now()) == 1
    assert outbox.get(item.id) is None and outbox.get(waiting.id) is not None


def test_only_a_failed_item_can_be_discarded_and_its_lane_moves_on(
    outbox: Outbox, job: str
) -> None:
    submit = outbox.enqueue_action(job, "fr", "submit")
    behind = outbox.enqueue_action(job, "fr", "open-review")
    with pytest.raises(OutboxStateError):
        outbox.discard(submit.id, "not wanted")  # pending: it may be sent any moment
    outbox.mark_in_flight(submit.id)
    with pytest.raises(OutboxStateError):
        outbox.discard(submit.id, "not wanted")  # in flight: it may reach the server
    outbox.mark_failed(submit.id, "403: only the linguist may submit")

    discarded = outbox.discard(submit.id, "the person chose not to send it")

    assert discarded.state == OutboxState.DONE
    assert discarded.last_error == "discarded: the person chose not to send it"
    assert outbox.failed_items() == [] and outbox.pending_count() == 1
    assert [item.id for item in outbox.next_in_lanes()] == [behind.id]
    with pytest.raises(LookupError):
        outbox.discard(9999, "gone")
