"""Caption pairs: cues paired by time, stable ids, and segment edits as undoable track edits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.captions.document import TrackDocument, WorkspaceTrack
from app.captions.model import Cue, Track
from app.captions.operations import plan_set_times, plan_split
from app.captions.webvtt_file import read_file, write
from app.segments.caption_pairs import (
    caption_segments,
    cue_ids,
    pair_captions,
    pair_cues,
    plan_caption_edit,
    refresh_caption_segments,
)
from app.segments.review import ReviewStatus
from app.segments.segment import InlineTag
from app.storage import (
    JobInfo,
    JobStore,
    LanguageInfo,
    Outbox,
    TrackKind,
    TrackStore,
    open_database,
)

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"


@pytest.fixture
def english() -> Track:
    return read_file(DEMO / "en.captions.vtt")


@pytest.fixture
def french() -> Track:
    return read_file(DEMO / "fr.captions.vtt")


def _track(*cues: tuple[int, int, str]) -> Track:
    return Track([Cue(start, end, text) for start, end, text in cues])


def test_demo_pairs_follow_the_merge_and_the_split(english: Track, french: Track) -> None:
    pairs = pair_cues(english, french)
    assert len(pairs) == len(french.cues)  # every English cue has a French one
    merged = next(p for p in pairs if p.target_index == 4)
    assert merged.source_indexes == (4, 5)  # two English cues became one French cue
    halves = [p for p in pairs if p.source_indexes == (6,)]
    assert [p.target_index for p in halves] == [5, 6]  # one English cue split in two
    segment = caption_segments(english, french)[4]
    assert segment.source_text == english.cues[4].text + "\n" + english.cues[5].text
    assert segment.target_text == french.cues[4].text
    assert (segment.context.start_ms, segment.context.end_ms) == (23560, 30000)
    assert dict(segment.context.props) == {"target cue": "5", "source cues": "5, 6"}


def test_ids_use_unique_identifiers_then_start_times(french: Track) -> None:
    ids = cue_ids(french)
    assert ids[0] == "cue:welcome" and ids[3] == "cue:look"
    assert ids[1] == f"at:{french.cues[1].start_ms}"
    same_start = _track((1000, 2000, "a"), (1000, 1500, "b"), (3000, 4000, "c"))
    assert cue_ids(same_start) == ["at:1000", "at:1000#2", "at:3000"]
    twice = Track([Cue(0, 1000, "a", identifier="x"), Cue(2000, 3000, "b", identifier="x")])
    assert cue_ids(twice) == ["at:0", "at:2000"]  # a repeated identifier identifies nothing


def test_ids_survive_a_split_elsewhere(english: Track, french: Track) -> None:
    before = {s.id: s.target_text for s in caption_segments(english, french)}
    french.apply(plan_split(french, 1, 7000))
    after = {s.id: s.target_text for s in caption_segments(english, french)}
    unchanged = set(before) - {"at:5440"}
    assert all(after[key] == before[key] for key in unchanged)


def test_small_overlaps_and_untranslated_source() -> None:
    source = _track((0, 2000, "One."), (2000, 4000, "Two."), (10000, 12000, "Three."))
    # Shifted 300 ms late: each target overlaps its source mostly, the next one a little.
    target = _track((300, 2300, "Un."), (2300, 4300, "Deux."))
    pairs = pair_cues(source, target)
    assert [(p.segment_id, p.target_index, p.source_indexes) for p in pairs] == [
        ("at:300", 0, (0,)), ("at:2300", 1, (1,)), ("source:at:10000", None, (2,))]
    orphan = caption_segments(source, target)[2]
    assert orphan.source_text == "Three." and orphan.target == ()
    # A target that only grazes a source still gets it.
    late = _track((3900, 9000, "?"))
    assert [(p.target_index, p.source_indexes) for p in pair_cues(source, late)] == [
        (None, (0,)), (0, (1,)), (None, (2,))]
    # A source overlapped only weakly by its neighbours is attached, not orphaned.
    wide = _track((0, 1000, "a"), (1000, 2000, "b"), (2000, 3000, "c"))
    narrow = _track((0, 2400, "ab"), (2600, 3000, "c"))
    assert [p.source_indexes for p in pair_cues(wide, narrow)] == [(0, 1), (2,)]


def test_an_edit_becomes_an_undoable_track_edit(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    original = write(french)
    segment = segments.get("cue:look")
    change = segments.change([replace(segment, target=("<i>Regardez,</i> l'image change.",),
                                      status=ReviewStatus.UPDATED)])
    edit = plan_caption_edit(english, french, change)
    assert edit.description == "Edit text of cue 4" and edit.changed == {3}
    french.apply(edit)
    assert french.cues[3].text == "<i>Regardez,</i> l'image change."
    segments.apply(change)
    assert refresh_caption_segments(segments, english, french) == segments.change([])

    french.revert(edit)
    assert write(french) == original
    refresh = refresh_caption_segments(segments, english, french)
    assert refresh is not None
    segments.apply(refresh)
    assert segments.get("cue:look").target_text == "<i>Regarde,</i> l'image vient de changer."
    assert segments.get("cue:look").status is ReviewStatus.UPDATED  # the review is kept


def test_status_only_changes_make_no_track_edit(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    segment = segments.segments()[0]
    change = segments.change([replace(segment, status=ReviewStatus.OK)])
    assert plan_caption_edit(english, french, change).is_empty()


def test_several_segments_edit_in_one_step(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    first, second = segments.segments()[:2]
    change = segments.change([replace(first, target=("Bienvenue !",)),
                              replace(second, target=("Merci.",))])
    edit = plan_caption_edit(english, french, change)
    assert edit.description == "Edit 2 segments" and edit.changed == {0, 1}


def test_bad_cue_text_is_refused_in_plain_words(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    segment = segments.segments()[0]
    with pytest.raises(ValueError, match="empty line"):
        plan_caption_edit(english, french, segments.change([replace(segment,
                                                                     target=("a\n\nb",))]))
    with pytest.raises(ValueError, match="protected TMX tags"):
        plan_caption_edit(english, french, segments.change([replace(
            segment, target=(InlineTag("ph", "<ph/>"),))]))


def test_translating_a_source_only_segment_adds_a_cue() -> None:
    source = _track((0, 2000, "One."), (5000, 6000, "Two."), (9000, 9500, "Three."))
    target = _track((0, 2000, "Un."), (9000, 9500, "Trois."))
    segments = pair_captions(source, target)
    orphan = segments.get("source:at:5000")
    change = segments.change([replace(orphan, target=("Deux.",))])
    edit = plan_caption_edit(source, target, change)
    assert edit.structural
    target.apply(edit)
    assert [cue.text for cue in target.cues] == ["Un.", "Deux.", "Trois."]
    assert (target.cues[1].start_ms, target.cues[1].end_ms) == (5000, 6000)
    # Planned again before the list is rebuilt, it edits the new cue instead of adding another.
    segments.apply(change)
    again = plan_caption_edit(source, target, segments.change([replace(
        segments.get(orphan.id), target=("Deux !",))]))
    assert not again.structural
    # The ids changed, so a refresh asks for a rebuild, which keeps the others' review.
    assert refresh_caption_segments(segments, source, target) is None
    rebuilt = pair_captions(source, target, previous=segments)
    assert [s.id for s in rebuilt.segments()] == ["at:0", "at:5000", "at:9000"]


def test_a_segment_whose_cue_moved_is_refused(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    french.apply(plan_set_times(french, 1, 5500, 9080))
    segment = segments.get("at:5440")
    with pytest.raises(ValueError, match="no longer matches"):
        plan_caption_edit(english, french, segments.change([replace(segment, target=("x",))]))


def test_the_edit_lands_in_the_target_track_and_its_outbox(
    tmp_path: Path, english: Track, french: Track
) -> None:
    database = open_database(tmp_path / "profile.sqlite3")
    try:
        JobStore(database).upsert_job(
            JobInfo(id="job-1", title="Demo", status="in_qc", source_language="en"),
            [LanguageInfo(code="fr")])
        tracks = TrackStore(database)
        tracks.save_working_copy("job-1", "fr", TrackKind.CAPTIONS, write(french))
        outbox = Outbox(database)
        queued = len(outbox.pending_items())
        document = TrackDocument(
            french, WorkspaceTrack(tracks, "job-1", "fr", TrackKind.CAPTIONS, write(french)))

        segments = pair_captions(english, document.track)
        segment = segments.get("at:39320")
        change = segments.change([replace(segment, target=("Parfait.\nRenvoyons-le.",))])
        document.apply(plan_caption_edit(english, document.track, change))

        stored = tracks.get_track("job-1", "fr", TrackKind.CAPTIONS)
        assert stored is not None and "Parfait.\nRenvoyons-le." in stored.working_content
        assert len(outbox.pending_items()) >= max(queued, 1)
        assert any(item.language == "fr" for item in outbox.pending_items())
    finally:
        database.close()


_CUES = st.lists(
    st.tuples(st.integers(0, 60_000), st.integers(1, 8_000), st.sampled_from(["", "id", "x"])),
    max_size=25,
)


def _random_track(cues: list[tuple[int, int, str]]) -> Track:
    return Track([Cue(start, start + length, f"text {n}", identifier=identifier)
                  for n, (start, length, identifier) in enumerate(cues)])


@given(_CUES, _CUES)
@settings(max_examples=150, deadline=None)
def test_every_cue_is_reviewed_once_under_a_unique_id(
    source_cues: list[tuple[int, int, str]], target_cues: list[tuple[int, int, str]]
) -> None:
    source, target = _random_track(source_cues), _random_track(target_cues)
    pairs = pair_cues(source, target)
    assert sorted(p.target_index for p in pairs if p.target_index is not None) == list(
        range(len(target.cues)))
    assert {i for p in pairs for i in p.source_indexes} == set(range(len(source.cues)))
    for pair in pairs:
        if pair.target_index is None:
            # A source cue alone only when no target cue overlaps it at all.
            cue = source.cues[pair.source_indexes[0]]
            assert all(min(cue.end_ms, t.end_ms) <= max(cue.start_ms, t.start_ms)
                       for t in target.cues)
    segments = pair_captions(source, target)  # raises on a repeated id
    assert len(segments) == len(pairs)
