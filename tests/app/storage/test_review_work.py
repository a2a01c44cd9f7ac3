"""Pause points, review notes and comments: stored locally and queued in one step."""

from __future__ import annotations

import pytest

from app.storage import (
    WHOLE_JOB,
    CommentStore,
    Database,
    Outbox,
    OutboxKind,
    PausePoint,
    PausePointStore,
    ReviewNoteStore,
)


def _point(cue_index: int, timestamp_ms: int) -> PausePoint:
    return PausePoint(
        cue_index=cue_index,
        timestamp_ms=timestamp_ms,
        original_timestamp_ms=timestamp_ms,
        cue_start_ms=timestamp_ms,
        cue_end_ms=timestamp_ms + 2000,
        ad_duration_ms=3500,
        text=f"Description {cue_index}",
    )


def test_moves_of_one_pause_point_coalesce_latest_wins(
    database: Database, outbox: Outbox, job: str
) -> None:
    pause_points = PausePointStore(database)
    pause_points.save_server_pause_points(job, "fr", [_point(0, 1000), _point(1, 5000)])
    first = pause_points.move_pause_point(job, "fr", 0, 1200)
    pause_points.move_pause_point(job, "fr", 1, 5100)
    again = pause_points.move_pause_point(job, "fr", 0, 1300)

    assert again.id == first.id
    assert [(item.target, item.payload) for item in outbox.lane(job, "fr")] == [
        ("0", {"cue_index": 0, "timestamp_ms": 1300}),
        ("1", {"cue_index": 1, "timestamp_ms": 5100}),
    ]
    assert [p.timestamp_ms for p in pause_points.list_pause_points(job, "fr")] == [1300, 5100]


def test_a_move_in_flight_is_not_changed(database: Database, outbox: Outbox, job: str) -> None:
    pause_points = PausePointStore(database)
    pause_points.save_server_pause_points(job, "fr", [_point(0, 1000)])
    sending = pause_points.move_pause_point(job, "fr", 0, 1200)
    outbox.mark_in_flight(sending.id)
    behind = pause_points.move_pause_point(job, "fr", 0, 1400)
    assert behind.id != sending.id
    assert [item.payload["timestamp_ms"] for item in outbox.lane(job, "fr")] == [1200, 1400]


def test_a_server_refresh_keeps_unsent_moves(database: Database, job: str) -> None:
    pause_points = PausePointStore(database)
    pause_points.save_server_pause_points(job, "fr", [_point(0, 1000), _point(1, 5000)])
    pause_points.move_pause_point(job, "fr", 1, 5500)
    pause_points.save_server_pause_points(job, "fr", [_point(0, 900), _point(1, 5000)])
    assert [p.timestamp_ms for p in pause_points.list_pause_points(job, "fr")] == [900, 5500]


def test_moving_an_unknown_pause_point_is_refused(database: Database, job: str) -> None:
    with pytest.raises(LookupError):
        PausePointStore(database).move_pause_point(job, "fr", 7, 100)


def test_note_changes_queue_in_order_in_the_note_language_lane(
    database: Database, outbox: Outbox, job: str
) -> None:
    notes = ReviewNoteStore(database)
    note = notes.add_note(job, 12_500, "Name spelled wrong", author="Ana", language="fr")
    job_note = notes.add_note(job, 3_000, "Audio drops here", author="Ana")
    notes.resolve_note(note.id)
    notes.delete_note(note.id)

    assert [(item.target, item.payload["id"]) for item in outbox.lane(job, "fr")] == [
        ("create", note.id),
        ("update", note.id),
        ("delete", note.id),
    ]
    [job_item] = outbox.lane(job, WHOLE_JOB)
    assert job_item.kind == OutboxKind.REVIEW_NOTE and job_item.payload["id"] == job_note.id
    assert [n.id for n in notes.list_notes(job)] == [job_note.id]
    [deleted] = [n for n in notes.list_notes(job, include_deleted=True) if n.deleted]
    assert deleted.resolved and deleted.id == note.id

    notes.record_server_id(job_note.id, "srv-9")
    assert notes.list_notes(job)[0].server_id == "srv-9"


def test_comments_carry_their_client_id_in_the_queue(
    database: Database, outbox: Outbox, job: str
) -> None:
    comments = CommentStore(database)
    comment = comments.add_comment(job, "fr", "Too fast to read", author="Ben", cue_index=3)
    [item] = outbox.lane(job, "fr")
    assert item.kind == OutboxKind.COMMENT
    assert item.payload == {
        "id": comment.id,
        "body": "Too fast to read",
        "cue_index": 3,
        "timestamp_ms": None,
    }
    comments.record_server_id(comment.id, "c-1")
    assert [(c.id, c.server_id) for c in comments.list_comments(job, "fr")] == [(comment.id, "c-1")]


def test_editing_a_note_queues_only_what_changed(
    database: Database, outbox: Outbox, job: str
) -> None:
    notes = ReviewNoteStore(database)
    note = notes.add_note(job, 1_000, "Typo", author="Ana", language="fr")
    notes.edit_note(note.id, body="Typo", timestamp_ms=1_200)
    notes.edit_note(note.id, body="Typo in the name")
    notes.edit_note(note.id, body="Typo in the name")  # no change, nothing queued

    assert [item.payload for item in outbox.lane(job, "fr")][1:] == [
        {"id": note.id, "timestamp_ms": 1_200},
        {"id": note.id, "body": "Typo in the name"},
    ]
    (stored,) = notes.list_notes(job)
    assert (stored.timestamp_ms, stored.body) == (1_200, "Typo in the name")
