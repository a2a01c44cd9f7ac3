"""Track operations: each one through the shared undo/redo check, then its behaviour."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.captions.history import UndoHistory
from app.captions.model import (
    Block,
    BlockKind,
    Cue,
    InsertCues,
    RemoveCues,
    SourceText,
    Track,
    TrackEdit,
)
from app.captions.operations import (
    plan_convert_frame_rate,
    plan_delete,
    plan_insert,
    plan_merge,
    plan_new_cue_after,
    plan_new_cue_at,
    plan_new_cue_before,
    plan_renumber,
    plan_scale,
    plan_sequence,
    plan_set_end,
    plan_set_identifier,
    plan_set_settings,
    plan_set_start,
    plan_set_text,
    plan_set_times,
    plan_shift,
    plan_snap_to_frames,
    plan_sort,
    plan_split,
)
from app.captions.timecode import snap_to_frame

from .reversion import assert_reversible, assert_same_objects, cue_tuple, refused, snapshot


def make_cue(identifier: str, start: int, end: int, text: str, settings: str = "",
             position: int = 0) -> Cue:
    # A file-read cue carries its source text; undo must hand that object back.
    source = SourceText(f"{identifier}\n{start} --> {end}{settings}\n{text}\n\n", position)
    return Cue(start, end, text, identifier, settings, source)


def note(text: str) -> Block:
    return Block(BlockKind.NOTE, f"NOTE {text}")


def sample() -> Track:
    """Five cues with NOTE blocks before, between (also two in a row) and after them."""
    return Track([
        note("first"),
        make_cue("1", 1000, 3000, "Hello there", position=1),
        make_cue("2", 3500, 6000, "Two lines\nof text", position=2),
        note("hello"),
        make_cue("3", 6000, 9000, "Third cue with four words", position=4),
        note("between"),
        Block(BlockKind.IGNORED, "junk", problem="not a cue"),
        make_cue("4", 10000, 12000, "Fourth", " line:0", position=7),
        make_cue("5", 12500, 15000, "Last", position=8),
        note("trailing"),
    ])


def kinds(track: Track) -> list[str]:
    """Block layout as cue identifiers and NOTE texts, to see where notes ended up."""
    return [b.identifier or "·" if isinstance(b, Cue) else b.text for b in track.blocks]


def times(track: Track) -> list[tuple[int, int]]:
    return [(c.start_ms, c.end_ms) for c in track.cues]


# --- every operation through the undo/redo check --------------------------------

OPERATIONS: dict[str, Callable[[Track], TrackEdit]] = {
    "insert": lambda t: plan_insert(t, 2, Cue(3100, 3400, "new")),
    "insert at end": lambda t: plan_insert(t, 5, Cue(16000, 17000, "new")),
    "new before": partial(plan_new_cue_before, index=3),
    "new before first": partial(plan_new_cue_before, index=0),
    "new after": partial(plan_new_cue_after, index=2),
    "new after last": partial(plan_new_cue_after, index=4),
    "new at": partial(plan_new_cue_at, start_ms=9500),
    "delete one": lambda t: plan_delete(t, [2]),
    "delete first": lambda t: plan_delete(t, [0]),
    "delete last": lambda t: plan_delete(t, [4]),
    "delete scattered": lambda t: plan_delete(t, [4, 0, 2, 3]),
    "delete all": lambda t: plan_delete(t, range(5)),
    "set text": lambda t: plan_set_text(t, 1, "Changed"),
    "set identifier": lambda t: plan_set_identifier(t, 3, "intro"),
    "set settings": lambda t: plan_set_settings(t, 0, "align:start"),
    "set start": lambda t: plan_set_start(t, 2, 6500),
    "set end": lambda t: plan_set_end(t, 2, 9900),
    "set times": lambda t: plan_set_times(t, 4, 0, 100),
    "split": lambda t: plan_split(t, 2, 7000),
    "split at text": lambda t: plan_split(t, 1, 4000, 10),
    "split last": lambda t: plan_split(t, 4, 13000),
    "merge": lambda t: plan_merge(t, 1),
    "merge across notes": lambda t: plan_merge(t, 2),
    "merge last two": lambda t: plan_merge(t, 3),
    "shift all": lambda t: plan_shift(t, 1500),
    "shift back": lambda t: plan_shift(t, -1000),
    "shift some": lambda t: plan_shift(t, 250, [1, 3]),
    "scale": lambda t: plan_scale(t, 1.5),
    "scale around": lambda t: plan_scale(t, 0.5, origin_ms=6000, indexes=[2, 3, 4]),
    "convert frame rate": lambda t: plan_convert_frame_rate(t, 25, 23.976),
    "snap": lambda t: plan_snap_to_frames(t, 23.976),
    "snap some": lambda t: plan_snap_to_frames(t, 23.976, [0]),
    "renumber": lambda t: plan_renumber(t, "c"),
    "sequence": lambda t: plan_sequence(t, "Split and renumber", [
        lambda s: plan_split(s, 0, 2000), lambda s: plan_delete(s, [5]), plan_renumber]),
}


def unsorted() -> Track:
    track = sample()
    track.apply(plan_set_times(track, 0, 13000, 14000))
    track.apply(plan_set_times(track, 3, 500, 700))
    return Track(list(track.blocks))


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_every_operation_undoes_and_redoes(name: str) -> None:
    assert_reversible(sample(), OPERATIONS[name])


def test_sort_undoes_and_redoes() -> None:
    assert_reversible(unsorted(), plan_sort)


def test_notes_stay_in_place_when_cues_around_them_are_deleted() -> None:
    track = sample()
    assert_reversible(track, lambda t: plan_delete(t, [1, 2]))
    assert kinds(track) == ["NOTE first", "1", "NOTE hello", "NOTE between", "junk", "4", "5",
                            "NOTE trailing"]


# --- insert and new cues --------------------------------------------------------


def test_insert_places_the_cue_at_the_index() -> None:
    track = sample()
    track.apply(plan_insert(track, 2, Cue(3100, 3400, "new")))
    assert [c.text for c in track.cues][1:4] == [
        "Two lines\nof text", "new", "Third cue with four words"]


def test_insert_normalises_windows_line_breaks() -> None:
    track = sample()
    track.apply(plan_insert(track, 0, Cue(0, 500, "a\r\nb")))
    assert track.cues[0].text == "a\nb"


@pytest.mark.parametrize(("index", "cue", "message"), [
    (7, Cue(0, 1, "x"), "positions 1 to 6, not 8"),
    (-1, Cue(0, 1, "x"), "positions 1 to 6, not 0"),
    (0, Cue(500, 400, "x"), "Cue 1 cannot start after it ends"),
    (0, Cue(500, 500, "x"), "cannot end at the moment it starts"),
    (0, Cue(-5, 400, "x"), "cannot start before 00:00:00.000"),
    (0, Cue(0, 400, "a\n\nb"), "empty line"),
    (0, Cue(0, 400, "a --> b"), '"-->"'),
    (0, Cue(0, 400, "x", "a\nb"), "identifier must fit on one line"),
])
def test_insert_rejects(index: int, cue: Cue, message: str) -> None:
    with refused(message):
        plan_insert(sample(), index, cue)


def test_new_cue_before_fills_the_gap_up_to_two_seconds() -> None:
    track = sample()
    track.apply(plan_new_cue_before(track, 3))  # gap 9000..10000
    assert cue_tuple(track.cues[3]) == (9000, 10000, "", "", "")
    track = sample()
    track.apply(plan_new_cue_before(track, 0))  # gap 0..1000
    assert times(track)[0] == (0, 1000)
    track = sample()
    track.apply(plan_new_cue_before(track, 0, duration_ms=400, text="Hi"))
    assert cue_tuple(track.cues[0]) == (600, 1000, "Hi", "", "")


def test_new_cue_after_starts_where_the_cue_ends() -> None:
    track = sample()
    track.apply(plan_new_cue_after(track, 0))  # gap 3000..3500
    assert times(track)[1] == (3000, 3500)
    track = sample()
    track.apply(plan_new_cue_after(track, 4))  # nothing after: the full two seconds
    assert times(track)[5] == (15000, 17000)
    # It sits right after the cue it follows, before the NOTE after that cue.
    assert kinds(track)[-3:] == ["5", "·", "NOTE trailing"]


def test_new_cue_after_goes_before_a_following_note() -> None:
    track = sample()
    track.apply(plan_new_cue_after(track, 2))  # cue 3 is followed by "NOTE between"
    assert kinds(track)[4:7] == ["3", "·", "NOTE between"]


def test_new_cue_where_there_is_no_room() -> None:
    track = sample()
    with refused("no room after cue 2: it ends at 00:00:06.000 and cue 3 starts at 00:00:06"):
        plan_new_cue_after(track, 1)  # cue 2 ends at 6000 where cue 3 starts
    with refused("no room before cue 3: it starts at 00:00:06.000 and cue 2 ends at 00:00:06"):
        plan_new_cue_before(track, 2)
    track.apply(plan_set_start(track, 0, 0))
    with refused("no room before cue 1: it starts at 00:00:00.000"):
        plan_new_cue_before(track, 0)
    with refused("There is no cue 9"):
        plan_new_cue_after(track, 8)
    with refused("positive number"):
        plan_new_cue_after(track, 0, duration_ms=0)


def test_new_cue_at_a_time() -> None:
    track = sample()
    track.apply(plan_new_cue_at(track, 9500))
    assert times(track)[3] == (9500, 10000)
    assert plan_new_cue_at(Track(), 0).steps == (InsertCues(0, (Cue(0, 2000, ""),)),)
    with refused("no room at 00:00:02.000: cue 1 is showing"):
        plan_new_cue_at(sample(), 2000)


# --- delete ---------------------------------------------------------------------


def test_delete_scattered_cues_removes_runs_highest_first() -> None:
    track = sample()
    edit = plan_delete(track, [4, 0, 3, 3])
    assert [(s.index, len(s.cues)) for s in edit.steps if isinstance(s, RemoveCues)] == [
        (3, 2), (0, 1)]
    assert edit.description == "Delete 3 cues"
    track.apply(edit)
    assert [c.identifier for c in track.cues] == ["2", "3"]


def test_delete_nothing_and_delete_what_is_not_there() -> None:
    assert plan_delete(sample(), []).is_empty()
    with refused("There is no cue 6: the track has cues 1 to 5"):
        plan_delete(sample(), [1, 5])
    with refused("the track has no cues"):
        plan_delete(Track([note("x")]), [0])


# --- fields ---------------------------------------------------------------------


def test_edited_cue_loses_its_source_and_undo_gives_it_back() -> None:
    track = sample()
    original = track.cues[1]
    edit = plan_set_text(track, 1, "New words")
    track.apply(edit)
    assert track.cues[1].source is None
    track.revert(edit)
    assert track.cues[1] is original and original.source is not None


@pytest.mark.parametrize(("text", "message"), [
    ("one\n\ntwo", "Cue 2 text cannot contain an empty line"),
    ("one\n", "empty line"),
    ("\none", "empty line"),
    ("one\n   \ntwo", "empty line"),
    ("one\r\rtwo", "empty line"),
    ("a --> b", 'Cue 2 text cannot contain "-->"'),
])
def test_set_text_rejects_what_would_break_the_file(text: str, message: str) -> None:
    with refused(message):
        plan_set_text(sample(), 1, text)


def test_set_text_allows_an_empty_text_and_ignores_no_change() -> None:
    track = sample()
    track.apply(plan_set_text(track, 0, ""))
    assert track.cues[0].text == ""
    assert plan_set_text(sample(), 0, "Hello there").is_empty()


def test_identifier_and_settings() -> None:
    track = sample()
    track.apply(plan_set_identifier(track, 0, "intro"))
    track.apply(plan_set_settings(track, 0, "line:0 align:start"))
    assert track.cues[0].identifier == "intro"
    assert track.cues[0].settings == " line:0 align:start"
    assert track.cues[0].setting_map() == {"line": "0", "align": "start"}
    assert plan_set_settings(track, 3, " line:0").is_empty()
    track.apply(plan_set_settings(track, 3, "  "))
    assert track.cues[3].settings == ""
    with refused('identifier cannot contain "-->"'):
        plan_set_identifier(track, 0, "a-->b")
    with refused("identifier cannot be only spaces"):
        plan_set_identifier(track, 0, "  ")
    with refused("settings must fit on one line"):
        plan_set_settings(track, 0, "line:0\nalign:end")


def test_set_start_and_end() -> None:
    track = sample()
    track.apply(plan_set_start(track, 2, 6500))
    track.apply(plan_set_end(track, 2, 9900))
    assert times(track)[2] == (6500, 9900)
    assert plan_set_start(track, 2, 6500).is_empty()
    with refused("Cue 3 cannot start after it ends"):
        plan_set_start(track, 2, 10000)
    with refused("Cue 3 cannot end at the moment it starts"):
        plan_set_end(track, 2, 6500)
    with refused("Cue 3 cannot start before 00:00:00.000"):
        plan_set_start(track, 2, -1)
    with refused("Cue 3 cannot end before 00:00:00.000"):
        plan_set_end(track, 2, -1)


# --- split and merge ------------------------------------------------------------


def test_split_without_text_position_halves_the_words_of_one_line() -> None:
    track = sample()
    track.apply(plan_split(track, 2, 7000))
    first, second = track.cues[2], track.cues[3]
    assert cue_tuple(first) == (6000, 7000, "Third cue with", "3", "")
    assert cue_tuple(second) == (7000, 9000, "four words", "", "")


def test_split_halves_lines_and_keeps_the_halves_together() -> None:
    track = sample()
    track.apply(plan_split(track, 1, 4000))
    assert [c.text for c in track.cues[1:3]] == ["Two lines", "of text"]
    assert kinds(track)[2:5] == ["2", "·", "NOTE hello"]
    three = Track([Cue(0, 3000, "a\nb\nc", settings=" line:0")])
    three.apply(plan_split(three, 0, 1000))
    assert [cue_tuple(c) for c in three.cues] == [
        (0, 1000, "a\nb", "", " line:0"), (1000, 3000, "c", "", " line:0")]


def test_split_at_a_text_position_drops_the_break_at_the_cut() -> None:
    text = "Two lines\nof text"
    for position in (9, 10):  # just before and just after the line break
        track = sample()
        track.apply(plan_split(track, 1, 4000, position))
        assert [c.text for c in track.cues[1:3]] == ["Two lines", "of text"]
    track = sample()
    track.apply(plan_split(track, 1, 4000, len(text)))
    assert [c.text for c in track.cues[1:3]] == [text, ""]
    track = sample()
    track.apply(plan_split(track, 0, 2000, 5))
    assert [c.text for c in track.cues[0:2]] == ["Hello", "there"]


def test_split_one_word() -> None:
    track = Track([Cue(0, 1000, "Word")])
    track.apply(plan_split(track, 0, 500))
    assert [c.text for c in track.cues] == ["Word", ""]


@pytest.mark.parametrize(("at_ms", "position", "message"), [
    (6000, None, "Cue 3 can only be split between its start"),
    (9000, None, "between its start (00:00:06.000) and its end (00:00:09.000)"),
    (10000, None, "not at 00:00:10.000"),
    (7000, 99, "cannot be cut at character 99"),
    (7000, -1, "cannot be cut at character -1"),
])
def test_split_rejects(at_ms: int, position: int | None, message: str) -> None:
    with refused(message):
        plan_split(sample(), 2, at_ms, position)


def test_merge_joins_text_and_times() -> None:
    track = sample()
    track.apply(plan_merge(track, 1))
    assert cue_tuple(track.cues[1]) == (3500, 9000, "Two lines\nof text\nThird cue with four words",
                                        "2", "")
    assert len(track.cues) == 4
    assert kinds(track)[:5] == ["NOTE first", "1", "2", "NOTE hello", "NOTE between"]


def test_merge_keeps_first_settings_and_skips_empty_text() -> None:
    track = Track([Cue(0, 1000, "", "a", " line:1"), Cue(1000, 2000, "b", "b", " line:9")])
    track.apply(plan_merge(track, 0))
    assert cue_tuple(track.cues[0]) == (0, 2000, "b", "a", " line:1")


def test_merge_rejects() -> None:
    with refused("Cue 5 is the last cue"):
        plan_merge(sample(), 4)
    with refused("There is no cue 9"):
        plan_merge(sample(), 8)
    backwards = Track([Cue(5000, 6000, "a"), Cue(1000, 2000, "b")])
    with refused("cue 2 ends before cue 1 starts"):
        plan_merge(backwards, 0)


# --- timing of many cues --------------------------------------------------------


def test_shift() -> None:
    track = sample()
    edit = plan_shift(track, -1000)
    assert edit.description == "Shift all cues by -1.000 s"
    track.apply(edit)
    assert times(track)[0] == (0, 2000)
    track = sample()
    track.apply(plan_shift(track, 250, [3, 1]))
    assert times(track) == [(1000, 3000), (3750, 6250), (6000, 9000), (10250, 12250),
                            (12500, 15000)]
    assert plan_shift(track, 0).is_empty()
    assert plan_shift(track, 100, []).is_empty()


def test_shift_refuses_to_go_before_zero() -> None:
    with refused(
            "Cannot shift by -1.001 s: cue 1 starts at 00:00:01.000 "
            "and would start before 00:00:00.000"):
        plan_shift(sample(), -1001)
    plan_shift(sample(), -1001, [2])  # cue 3 alone can go back that far


def test_scale_and_frame_rate_conversion() -> None:
    track = sample()
    track.apply(plan_scale(track, 0.5, origin_ms=6000, indexes=[2, 3]))
    assert times(track)[2:4] == [(6000, 7500), (8000, 9000)]
    track = Track([Cue(1000, 2001, "a")])
    track.apply(plan_convert_frame_rate(track, 25, 24))
    # 1001 × 25/24 = 1042.7 → 1043; 2001 × 25/24 = 2084.4 → 2084
    assert times(track) == [(1042, 2084)]
    assert plan_scale(sample(), 1.0).is_empty()


@pytest.mark.parametrize(("factor", "origin", "message"), [
    (0.0, 0, "scale factor must be a positive number"),
    (-1.0, 0, "positive"),
    (float("nan"), 0, "positive"),
    (2.0, 5000, "cue 1 would start before 00:00:00.000"),
])
def test_scale_rejects(factor: float, origin: int, message: str) -> None:
    with refused(message):
        plan_scale(sample(), factor, origin_ms=origin)


def test_scale_refuses_to_crush_a_cue_to_nothing() -> None:
    with refused("cue 1 would last no time at all"):
        plan_scale(Track([Cue(1000, 1001, "a")]), 0.4)
    with refused("frame rate to convert to"):
        plan_convert_frame_rate(sample(), 25, 0)


def test_snap_to_frames() -> None:
    track = sample()
    track.apply(plan_snap_to_frames(track, 23.976))
    for cue in track.cues:
        assert cue.start_ms == snap_to_frame(cue.start_ms, 23.976)
        assert cue.end_ms == snap_to_frame(cue.end_ms, 23.976)
    assert plan_snap_to_frames(track, 23.976).is_empty()


def test_snap_never_gives_a_cue_no_length() -> None:
    track = Track([Cue(1000, 1010, "short")])  # both ends round to the frame at 1000 ms
    track.apply(plan_snap_to_frames(track, 25))
    assert times(track) == [(1000, 1040)]
    with refused("frame rate must be a positive number"):
        plan_snap_to_frames(track, 0)


# --- order and numbering --------------------------------------------------------


def test_sort_is_stable_and_moves_only_cues() -> None:
    track = Track([
        Cue(5000, 6000, "late"), note("x"), Cue(1000, 3000, "tie long"),
        Cue(1000, 2000, "short"), Cue(1000, 3000, "tie long second"),
    ])
    track.apply(plan_sort(track))
    assert [c.text for c in track.cues] == ["short", "tie long", "tie long second", "late"]
    assert isinstance(track.blocks[1], Block)
    assert plan_sort(track).is_empty()
    assert plan_sort(sample()).is_empty()


def test_renumber() -> None:
    track = sample()
    assert plan_renumber(track).is_empty()
    track.apply(plan_split(track, 0, 2000))
    edit = plan_renumber(track)
    assert edit.changed == frozenset({1, 2, 3, 4, 5})
    track.apply(edit)
    assert [c.identifier for c in track.cues] == ["1", "2", "3", "4", "5", "6"]
    track.apply(plan_renumber(track, "ad-", first=0))
    assert track.cues[0].identifier == "ad-0"
    with refused("identifier must fit on one line"):
        plan_renumber(track, "a\nb")


def test_sequence_plans_on_a_copy() -> None:
    track = sample()
    before = snapshot(track)
    edit = plan_sequence(track, "Split and renumber", [
        lambda t: plan_split(t, 0, 2000), plan_renumber])
    assert snapshot(track) == before
    assert edit.description == "Split and renumber"
    track.apply(edit)
    assert [c.identifier for c in track.cues] == ["1", "2", "3", "4", "5", "6"]


# --- a big track ----------------------------------------------------------------


def test_shifting_a_big_track() -> None:
    blocks: list[Cue | Block] = []
    for i in range(20_000):
        if i % 100 == 0:
            blocks.append(note(str(i)))
        blocks.append(Cue(i * 1000, i * 1000 + 900, f"cue {i}", str(i + 1)))
    track = Track(blocks)
    original = list(track.blocks)
    edit = plan_shift(track, 500)
    track.apply(edit)
    assert times(track)[-1] == (19_999_500, 19_999_900 + 500)
    track.revert(edit)
    assert_same_objects(track, original)


# --- random sequences -----------------------------------------------------------

WORDS = st.sampled_from(["la", "di", "da", "été", "<i>x</i>", "-", "&amp;"])
LINES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
TEXTS = st.one_of(st.just(""), st.lists(LINES, min_size=1, max_size=3).map("\n".join))


@st.composite
def random_cues(draw: st.DrawFn) -> Cue:
    start = draw(st.integers(0, 60_000))
    return Cue(start, start + draw(st.integers(1, 6000)), draw(TEXTS),
               draw(st.sampled_from(["", "a", "7"])), draw(st.sampled_from(["", " line:0"])))


@st.composite
def random_tracks(draw: st.DrawFn) -> Track:
    blocks: list[Cue | Block] = []
    for cue in draw(st.lists(random_cues(), max_size=12)):
        if draw(st.booleans()):
            blocks.append(note(str(len(blocks))))
        blocks.append(cue)
    if draw(st.booleans()):
        blocks.append(note("end"))
    return Track(blocks)


def random_edit(data: st.DataObject, track: Track) -> TrackEdit:
    """Plan one operation with arguments drawn to fit the track as it is now."""
    count = len(track.cues)
    index = data.draw(st.integers(0, max(count - 1, 0)))
    ms = data.draw(st.integers(-2000, 70_000))
    # Times around the chosen cue, so splits and new start/end times often fit.
    near = ms
    if count:
        cue = track.cues[index]
        near = data.draw(st.integers(cue.start_ms - 1000, cue.end_ms + 1000))
    some = data.draw(st.none() | st.lists(st.integers(0, max(count - 1, 0)), max_size=4))
    choices: list[Callable[[], TrackEdit]] = [
        lambda: plan_insert(track, data.draw(st.integers(0, count)), data.draw(random_cues())),
        lambda: plan_new_cue_before(track, index),
        lambda: plan_new_cue_after(track, index),
        lambda: plan_new_cue_at(track, ms),
        lambda: plan_delete(track, some or ([index] if count else [])),
        lambda: plan_set_text(track, index, data.draw(TEXTS)),
        lambda: plan_set_identifier(track, index, data.draw(st.sampled_from(["", "x", "9"]))),
        lambda: plan_set_settings(track, index, data.draw(st.sampled_from(["", "align:end"]))),
        lambda: plan_set_start(track, index, near),
        lambda: plan_set_end(track, index, near),
        lambda: plan_split(track, index, near, data.draw(st.none() | st.integers(0, 12))),
        lambda: plan_merge(track, index),
        lambda: plan_shift(track, data.draw(st.integers(-3000, 3000)), some),
        lambda: plan_scale(track, data.draw(st.floats(0.5, 2.0)), ms, some),
        lambda: plan_snap_to_frames(track, data.draw(st.sampled_from([23.976, 25, 29.97])), some),
        lambda: plan_sort(track),
        lambda: plan_renumber(track),
    ]
    return data.draw(st.sampled_from(choices))()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(track=random_tracks(), data=st.data())
def test_undoing_everything_returns_the_original(track: Track, data: st.DataObject) -> None:
    history = UndoHistory(track)
    original, original_blocks = snapshot(track), list(track.blocks)
    states = [original]
    for _ in range(data.draw(st.integers(1, 8))):
        try:
            edit = random_edit(data, track)
        except ValueError:
            continue  # an impossible request; it must have left the track alone
        finally:
            assert snapshot(track) == states[-1]
        if history.push(edit):
            states.append(snapshot(track))
    final, final_blocks = snapshot(track), list(track.blocks)

    while history.can_undo:
        history.undo()
        assert snapshot(track) == states[history.undo_count]
    assert snapshot(track) == original
    assert_same_objects(track, original_blocks)
    while history.can_redo:
        history.redo()
    assert snapshot(track) == final
    assert_same_objects(track, final_blocks)
