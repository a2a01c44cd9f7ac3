"""Tracks: server bases, local saves, and the one pending upload per track."""

from __future__ import annotations

from app.storage import Outbox, OutboxKind, OutboxState, TrackKind, TrackState, TrackStore

CAPTIONS = TrackKind.CAPTIONS


def _uploads(outbox: Outbox, job: str, language: str = "fr") -> list[tuple[str, object]]:
    return [
        (item.state, item.payload)
        for item in outbox.lane(job, language)
        if item.kind == OutboxKind.TRACK_UPLOAD
    ]


def test_a_server_track_becomes_base_and_working_copy(tracks: TrackStore, job: str) -> None:
    stored = tracks.save_server_track(job, "fr", CAPTIONS, 4, "WEBVTT\n\nserver")
    assert (stored.base_version, stored.base_content) == (4, "WEBVTT\n\nserver")
    assert stored.working_content == "WEBVTT\n\nserver"
    assert stored.state == TrackState.SYNCED and not stored.has_local_changes


def test_a_server_track_never_overwrites_local_work(tracks: TrackStore, job: str) -> None:
    tracks.save_server_track(job, "fr", CAPTIONS, 4, "v4")
    tracks.save_working_copy(job, "fr", CAPTIONS, "mine")
    stored = tracks.save_server_track(job, "fr", CAPTIONS, 5, "v5")
    # The base stays under the local work: the upload finds v5 itself and merges.
    assert (stored.base_version, stored.base_content, stored.working_content) == (4, "v4", "mine")


def test_a_rebase_adopts_a_newer_base_unless_an_edit_came_in_between(
    tracks: TrackStore, job: str
) -> None:
    tracks.save_server_track(job, "fr", CAPTIONS, 4, "v4")
    revision = tracks.save_working_copy(job, "fr", CAPTIONS, "mine")
    tracks.save_working_copy(job, "fr", CAPTIONS, "mine, edited again")
    assert not tracks.rebase(job, "fr", CAPTIONS, working_content="merged", base_version=5,
                             base_content="v5", expected_revision=revision)
    stored = tracks.get_track(job, "fr", CAPTIONS)
    assert stored is not None and stored.working_content == "mine, edited again"
    assert tracks.rebase(job, "fr", CAPTIONS, working_content="merged", base_version=5,
                         base_content="v5", expected_revision=revision + 1)
    stored = tracks.get_track(job, "fr", CAPTIONS)
    assert stored is not None
    assert (stored.base_version, stored.working_content) == (5, "merged")
    assert stored.has_local_changes
    assert stored.state == TrackState.LOCAL_CHANGES


def test_a_late_older_server_answer_is_ignored(tracks: TrackStore, job: str) -> None:
    tracks.save_server_track(job, "fr", CAPTIONS, 5, "v5")
    stored = tracks.save_server_track(job, "fr", CAPTIONS, 3, "v3")
    assert (stored.base_version, stored.working_content) == (5, "v5")


def test_many_saves_coalesce_into_one_pending_upload(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    revisions = [tracks.save_working_copy(job, "fr", CAPTIONS, f"edit {n}") for n in range(5)]
    assert revisions == [1, 2, 3, 4, 5]
    assert _uploads(outbox, job) == [(OutboxState.PENDING, {"local_revision": 5})]
    stored = tracks.get_track(job, "fr", CAPTIONS)
    assert stored is not None and stored.working_content == "edit 4"
    assert stored.state == TrackState.LOCAL_CHANGES


def test_an_upload_in_flight_is_not_changed_a_new_one_waits_behind_it(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    tracks.save_working_copy(job, "fr", CAPTIONS, "one")
    [sending] = outbox.next_in_lanes()
    outbox.mark_in_flight(sending.id)
    tracks.save_working_copy(job, "fr", CAPTIONS, "two")
    tracks.save_working_copy(job, "fr", CAPTIONS, "three")
    assert _uploads(outbox, job) == [
        (OutboxState.IN_FLIGHT, {"local_revision": 1}),
        (OutboxState.PENDING, {"local_revision": 3}),
    ]
    assert outbox.get(sending.id) == outbox.lane(job, "fr")[0]


def test_each_track_has_its_own_pending_upload(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    tracks.save_working_copy(job, "fr", CAPTIONS, "fr captions")
    tracks.save_working_copy(job, "fr", TrackKind.DESCRIPTIONS, "fr descriptions")
    tracks.save_working_copy(job, "de", CAPTIONS, "de captions")
    tracks.save_working_copy(job, "fr", CAPTIONS, "fr captions again")
    assert [item.target for item in outbox.lane(job, "fr")] == ["captions", "descriptions"]
    assert [item.target for item in outbox.lane(job, "de")] == ["captions"]


def test_an_acknowledged_upload_becomes_the_base(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    tracks.save_server_track(job, "fr", CAPTIONS, 1, "v1")
    tracks.save_working_copy(job, "fr", CAPTIONS, "mine")
    [item] = outbox.next_in_lanes()
    outbox.mark_in_flight(item.id)
    stored = tracks.mark_uploaded(
        job, "fr", CAPTIONS, uploaded_revision=1, version=2, content="mine", outbox_item_id=item.id
    )
    assert (stored.base_version, stored.base_content, stored.synced_revision) == (2, "mine", 1)
    assert stored.state == TrackState.SYNCED
    assert outbox.pending_count() == 0


def test_edits_made_during_an_upload_stay_local_changes(
    tracks: TrackStore, outbox: Outbox, job: str
) -> None:
    tracks.save_working_copy(job, "fr", CAPTIONS, "first")
    [item] = outbox.next_in_lanes()
    outbox.mark_in_flight(item.id)
    tracks.save_working_copy(job, "fr", CAPTIONS, "second")
    stored = tracks.mark_uploaded(
        job, "fr", CAPTIONS, uploaded_revision=1, version=2, content="first", outbox_item_id=item.id
    )
    assert stored.state == TrackState.LOCAL_CHANGES and stored.has_local_changes
    assert _uploads(outbox, job) == [(OutboxState.PENDING, {"local_revision": 2})]


def test_a_conflict_stays_until_resolved(tracks: TrackStore, job: str) -> None:
    tracks.save_working_copy(job, "fr", CAPTIONS, "mine")
    tracks.set_state(job, "fr", CAPTIONS, TrackState.CONFLICT)
    tracks.save_working_copy(job, "fr", CAPTIONS, "mine, edited")
    stored = tracks.save_server_track(job, "fr", CAPTIONS, 9, "theirs")
    assert stored.state == TrackState.CONFLICT and stored.working_content == "mine, edited"


def test_kinds_may_be_given_as_plain_text(tracks: TrackStore, job: str) -> None:
    tracks.save_working_copy(job, "fr", "descriptions", "AD script")
    stored = tracks.get_track(job, "fr", TrackKind.DESCRIPTIONS)
    assert stored is not None and stored.kind is TrackKind.DESCRIPTIONS
    assert [track.kind for track in tracks.list_tracks(job)] == [TrackKind.DESCRIPTIONS]
