"""Three-way cue merge: textbook cases, resolution, file text, speed and the issue's properties."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.captions.merge import (
    Conflict,
    ConflictKind,
    MergeResult,
    Part,
    Take,
    merge_tracks,
    resolve,
)
from app.captions.model import Block, BlockKind, Cue, Header, Track
from app.captions.webvtt_file import parse, write

CueTuple = tuple[int, int, str, str, str]

BASE = """WEBVTT

NOTE made by the subtitler

1
00:00:01.000 --> 00:00:02.000
One

2
00:00:03.000 --> 00:00:04.000
Two

3
00:00:05.000 --> 00:00:06.000
Three

NOTE check the names below

4
00:00:07.000 --> 00:00:08.000
Four

5
00:00:09.000 --> 00:00:10.000 align:start
Five

6
00:00:11.000 --> 00:00:12.000
Six
"""


def cue_tuple(cue: Cue) -> CueTuple:
    return (cue.start_ms, cue.end_ms, cue.text, cue.identifier, cue.settings)


def cues_of(track: Track) -> list[CueTuple]:
    return [cue_tuple(c) for c in track.cues]


def texts(track: Track) -> list[str]:
    return [c.text for c in track.cues]


def notes(track: Track) -> list[str]:
    return [b.text for b in track.blocks if isinstance(b, Block)]


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def merge_text(mine: str, theirs: str, base: str = BASE) -> MergeResult:
    return merge_tracks(parse(base), parse(mine), parse(theirs))


def assert_written_back(result: MergeResult) -> None:
    """The merged track is valid WebVTT that reads back as the same cues and blocks."""
    again = parse(write(result.track))
    assert cues_of(again) == cues_of(result.track)
    assert notes(again) == notes(result.track)


# --- the textbook cases -------------------------------------------------------------


def test_edits_to_different_cues_both_arrive() -> None:
    result = merge_text(edit(BASE, ("Two", "Two, mine")), edit(BASE, ("Five", "Five, theirs")))
    assert result.is_clean and result.conflicts == ()
    assert texts(result.track) == ["One", "Two, mine", "Three", "Four", "Five, theirs", "Six"]
    assert notes(result.track) == ["NOTE made by the subtitler", "NOTE check the names below"]
    assert_written_back(result)


def test_same_cue_changed_differently_is_a_conflict_with_all_three_versions() -> None:
    result = merge_text(edit(BASE, ("Three", "Three, mine")),
                        edit(BASE, ("Three", "Three, theirs")))
    assert not result.is_clean
    (conflict,) = result.conflicts
    assert conflict.key == "cue:2" and conflict.kind is ConflictKind.CUE
    assert isinstance(conflict.base, Cue) and conflict.base.text == "Three"
    assert isinstance(conflict.mine, Cue) and conflict.mine.text == "Three, mine"
    assert isinstance(conflict.theirs, Cue) and conflict.theirs.text == "Three, theirs"
    assert conflict.describe() == "Cue at 00:00:05.000 changed on both sides"
    # the provisional track holds theirs, where the cue was
    assert conflict.cue_index == 2
    assert result.track.blocks[conflict.position] is conflict.theirs
    assert texts(result.track) == ["One", "Two", "Three, theirs", "Four", "Five", "Six"]
    assert result.conflict("cue:2") is conflict
    assert_written_back(result)


def test_the_same_change_on_both_sides_is_not_a_conflict() -> None:
    both = edit(BASE, ("Three", "Three, fixed"), ("00:00:11.000", "00:00:11.500"))
    result = merge_text(both, both)
    assert result.is_clean
    assert cues_of(result.track) == cues_of(parse(both))


@pytest.mark.parametrize("deleting_side", ["mine", "theirs"])
def test_delete_against_edit_is_a_conflict(deleting_side: str) -> None:
    deleted = edit(BASE, ("4\n00:00:07.000 --> 00:00:08.000\nFour\n\n", ""))
    changed = edit(BASE, ("Four", "Four, reworded"))
    mine, theirs = (deleted, changed) if deleting_side == "mine" else (changed, deleted)
    result = merge_text(mine, theirs)
    (conflict,) = result.conflicts
    assert conflict.key == "cue:3"
    assert isinstance(conflict.base, Cue) and conflict.base.text == "Four"
    if deleting_side == "mine":
        assert conflict.mine is None and isinstance(conflict.theirs, Cue)
        assert conflict.describe() == "Cue at 00:00:07.000 deleted in mine and changed in theirs"
        assert "Four, reworded" in texts(result.track)
    else:
        assert conflict.theirs is None and isinstance(conflict.mine, Cue)
        assert conflict.describe() == "Cue at 00:00:07.000 changed in mine and deleted in theirs"
        assert texts(result.track) == ["One", "Two", "Three", "Five", "Six"]
    assert conflict.cue_index == 3


def test_delete_against_unchanged_deletes() -> None:
    deleted = edit(BASE, ("2\n00:00:03.000 --> 00:00:04.000\nTwo\n\n", ""))
    for mine, theirs in ((deleted, BASE), (BASE, deleted)):
        result = merge_text(mine, theirs)
        assert result.is_clean
        assert texts(result.track) == ["One", "Three", "Four", "Five", "Six"]


def test_insertions_on_both_sides_at_different_places_are_kept_in_time_order() -> None:
    mine = edit(BASE, ("Two\n", "Two\n\n00:00:04.200 --> 00:00:04.800\nMine inserted\n"))
    theirs = edit(BASE, ("Six\n", "Six\n\n00:00:13.000 --> 00:00:14.000\nTheirs at the end\n"),
                  ("1\n00:00:01.000",
                   "00:00:00.100 --> 00:00:00.900\nTheirs first\n\n1\n00:00:01.000"))
    result = merge_text(mine, theirs)
    assert result.is_clean
    assert texts(result.track) == ["Theirs first", "One", "Two", "Mine inserted", "Three", "Four",
                                   "Five", "Six", "Theirs at the end"]
    assert_written_back(result)


def test_identical_insertion_on_both_sides_appears_once() -> None:
    inserted = edit(BASE, ("Three\n", "Three\n\n00:00:06.100 --> 00:00:06.900\nNew line\n"))
    result = merge_text(inserted, inserted)
    assert result.is_clean
    assert texts(result.track).count("New line") == 1
    assert cues_of(result.track) == cues_of(parse(inserted))


def test_different_overlapping_insertions_at_one_place_are_both_kept() -> None:
    # Not a conflict: neither overwrites the other; quality checks flag the overlap.
    mine = edit(BASE, ("Three\n", "Three\n\n00:00:06.100 --> 00:00:06.900\nMine\n"))
    theirs = edit(BASE, ("Three\n", "Three\n\n00:00:06.000 --> 00:00:06.800\nTheirs\n"))
    result = merge_text(mine, theirs)
    assert result.is_clean
    assert texts(result.track) == ["One", "Two", "Three", "Theirs", "Mine", "Four", "Five", "Six"]
    swapped = merge_text(theirs, mine)
    assert cues_of(swapped.track) == cues_of(result.track)


def test_timing_shift_on_one_side_and_text_edit_of_another_cue_on_the_other() -> None:
    mine = edit(BASE, ("00:00:03.000 --> 00:00:04.000", "00:00:03.400 --> 00:00:04.600"))
    theirs = edit(BASE, ("Six", "Six, corrected"))
    result = merge_text(mine, theirs)
    assert result.is_clean
    assert result.track.cues[1].start_ms == 3400 and result.track.cues[1].end_ms == 4600
    assert result.track.cues[5].text == "Six, corrected"


def test_shift_of_every_cue_and_an_insert_still_matches_by_similarity() -> None:
    # Nothing matches exactly and the run lengths differ: similarity pairs them.
    shifted = parse(BASE)
    theirs = Track([c.edited(start_ms=c.start_ms + 300, end_ms=c.end_ms + 300)
                    if isinstance(c, Cue) else c for c in shifted.blocks], header=shifted.header)
    blocks = list(theirs.blocks)
    blocks.insert(2, Cue(2_100, 2_900, "Inserted by them"))  # after the NOTE and One
    theirs = Track(blocks, header=theirs.header)
    mine = parse(edit(BASE, ("Five", "Five, mine")))
    result = merge_tracks(parse(BASE), mine, theirs)
    # cue 5 was shifted by them and reworded by me: a conflict; the rest merges
    assert [c.key for c in result.conflicts] == ["cue:4"]
    assert texts(result.track) == ["One", "Inserted by them", "Two", "Three", "Four", "Five", "Six"]
    assert [c.start_ms for c in result.track.cues] == [1300, 2100, 3300, 5300, 7300, 9300, 11300]


def test_renumbered_identifiers_merge_with_a_text_edit() -> None:
    renumbered = BASE
    for n in range(6, 0, -1):
        renumbered = renumbered.replace(f"\n{n}\n00:", f"\nc{n}\n00:")
    result = merge_text(edit(BASE, ("Four", "Four, mine")), renumbered)
    assert result.is_clean
    assert [c.identifier for c in result.track.cues] == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert texts(result.track)[3] == "Four, mine"
    # and renumbering does not resurrect a cue the other side deleted
    deleted = edit(BASE, ("4\n00:00:07.000 --> 00:00:08.000\nFour\n\n", ""))
    assert texts(merge_text(deleted, renumbered).track) == ["One", "Two", "Three", "Five", "Six"]
    # identifiers changed differently on both sides are a conflict
    assert [c.key for c in merge_text(edit(BASE, ("\n4\n", "\nfour\n")), renumbered).conflicts] \
        == ["cue:3"]


# --- blocks and header ---------------------------------------------------------------


def test_notes_take_theirs_unless_only_mine_changed() -> None:
    mine_note = edit(BASE, ("check the names", "check the names twice"))
    result = merge_text(mine_note, BASE)
    assert notes(result.track)[1] == "NOTE check the names twice below"
    result = merge_text(BASE, edit(BASE, ("made by", "made by the")))
    assert notes(result.track)[0] == "NOTE made by the the subtitler"
    result = merge_text(mine_note, edit(BASE, ("made by", "written by")))
    assert result.is_clean
    assert notes(result.track) == ["NOTE written by the subtitler",
                                   "NOTE check the names twice below"]


def test_a_note_changed_on_both_sides_is_a_conflict() -> None:
    result = merge_text(edit(BASE, ("check the names", "check the names twice")),
                        edit(BASE, ("check the names", "check the spelling of names")))
    (conflict,) = result.conflicts
    assert conflict.key == "block:1" and conflict.kind is ConflictKind.BLOCK
    assert isinstance(conflict.mine, Block) and conflict.mine.text.endswith("twice below")
    assert conflict.describe() == "NOTE block “NOTE check the names below” changed on both sides"
    assert notes(result.track)[1] == "NOTE check the spelling of names below"
    final = resolve(result, {"block:1": Take.MINE})
    assert notes(final)[1] == "NOTE check the names twice below"


def test_header_changed_on_both_sides_is_a_conflict() -> None:
    result = merge_text(BASE.replace("WEBVTT\n", "WEBVTT mine\n", 1),
                        BASE.replace("WEBVTT\n", "WEBVTT theirs\n", 1))
    (conflict,) = result.conflicts
    assert conflict.key == "header" and conflict.position == -1
    assert conflict.describe() == "The file header changed on both sides"
    assert result.track.header.text == "WEBVTT theirs"
    assert resolve(result, {"header": Take.MINE}).header.text == "WEBVTT mine"
    assert resolve(result, {"header": Header("WEBVTT both")}).header.text == "WEBVTT both"
    with pytest.raises(ValueError, match="cannot be deleted"):
        resolve(result, {"header": Take.DELETE})
    only_mine = merge_text(BASE.replace("WEBVTT\n", "WEBVTT mine\n", 1), BASE)
    assert only_mine.is_clean and only_mine.track.header.text == "WEBVTT mine"


# --- resolving --------------------------------------------------------------------------


def two_conflicts() -> MergeResult:
    mine = edit(BASE, ("Two", "Two, mine"),
                ("5\n00:00:09.000 --> 00:00:10.000 align:start\nFive\n\n", ""))
    theirs = edit(BASE, ("Two", "Two, theirs"), ("Five", "Five, theirs"))
    result = merge_text(mine, theirs)
    assert [c.key for c in result.conflicts] == ["cue:1", "cue:4"]
    return result


def test_resolve_takes_mine_theirs_an_edit_or_deletion() -> None:
    result = two_conflicts()
    final = resolve(result, {"cue:1": Take.MINE, "cue:4": Take.THEIRS})
    assert texts(final) == ["One", "Two, mine", "Three", "Four", "Five, theirs", "Six"]
    final = resolve(result, {"cue:1": Take.THEIRS, "cue:4": Take.MINE})
    assert texts(final) == ["One", "Two, theirs", "Three", "Four", "Six"]
    edited = Cue(3000, 4000, "Two, agreed", "2")
    final = resolve(result, {"cue:1": edited, "cue:4": Take.DELETE})
    assert texts(final) == ["One", "Two, agreed", "Three", "Four", "Six"]
    assert notes(final) == notes(result.track)
    assert parse(write(final)).cues == final.cues


def test_resolve_refuses_missing_unknown_and_mistyped_choices() -> None:
    result = two_conflicts()
    with pytest.raises(ValueError, match="unresolved: cue:4"):
        resolve(result, {"cue:1": Take.MINE})
    with pytest.raises(ValueError, match="cue:9"):
        resolve(result, {"cue:1": Take.MINE, "cue:4": Take.MINE, "cue:9": Take.MINE})
    with pytest.raises(ValueError, match="expected an edited Cue"):
        resolve(result, {"cue:1": Block(BlockKind.NOTE, "NOTE x"), "cue:4": Take.MINE})
    with pytest.raises(KeyError):
        result.conflict("cue:0")


def test_clean_result_resolves_to_the_merged_track() -> None:
    result = merge_text(edit(BASE, ("Two", "Two, mine")), BASE)
    assert cues_of(resolve(result, {})) == cues_of(result.track)


# --- file text ----------------------------------------------------------------------------


def test_unchanged_cues_keep_their_objects_and_file_text() -> None:
    theirs_text = edit(BASE, ("Five", "Five, theirs"))
    theirs = parse(theirs_text)
    mine = parse(edit(BASE, ("Two", "Two, mine")))
    result = merge_tracks(parse(BASE), mine, theirs)
    merged = result.track.cues
    assert merged[1] is mine.cues[1]
    assert all(merged[n] is theirs.cues[n] for n in (0, 2, 3, 4, 5))
    # merging with an unchanged side writes the other side back byte for byte
    assert write(merge_tracks(parse(BASE), parse(BASE), theirs).track) == theirs_text
    mine_text = edit(BASE, ("Three", "Three, mine"))
    assert write(merge_tracks(parse(BASE), parse(mine_text), parse(BASE)).track) == mine_text


def test_blocks_from_two_files_are_not_run_together() -> None:
    # Mine's edited last cue has no line end after it (position 6 in mine);
    # theirs appended a cue at position 7 of theirs: the writer must not join them.
    mine_text = edit(BASE, ("Six\n", "Six, mine"))
    theirs_text = BASE + "\n00:00:13.000 --> 00:00:14.000\nSeven\n"
    result = merge_text(mine_text, theirs_text)
    assert result.is_clean
    assert texts(parse(write(result.track))) == ["One", "Two", "Three", "Four", "Five",
                                                 "Six, mine", "Seven"]


def test_line_ends_are_not_mixed() -> None:
    theirs_text = edit(BASE, ("Four", "Four, theirs")).replace("\n", "\r\n")
    result = merge_text(edit(BASE, ("Two", "Two, mine")), theirs_text)
    written = write(result.track)
    assert "\n" not in written.replace("\r\n", "")
    assert texts(parse(written))[1] == "Two, mine"


# --- speed ---------------------------------------------------------------------------------


def long_track(count: int) -> Track:
    return Track([Cue(n * 2000, n * 2000 + 1500, f"Line number {n}", str(n + 1))
                  for n in range(count)])


def test_merging_two_long_versions_with_a_few_edits_is_fast() -> None:
    base = long_track(2000)
    mine, theirs = base.copy(), base.copy()
    mine_blocks, theirs_blocks = list(mine.blocks), list(theirs.blocks)
    for n in (5, 400, 800, 1200, 1999):
        cue = mine_blocks[n]
        assert isinstance(cue, Cue)
        mine_blocks[n] = cue.edited(text=cue.text + " (mine)")
    for n in (10, 600, 1500):
        cue = theirs_blocks[n]
        assert isinstance(cue, Cue)
        theirs_blocks[n] = cue.edited(start_ms=cue.start_ms + 100)
    del theirs_blocks[900]
    mine_blocks.insert(1000, Cue(1_999_600, 1_999_900, "Inserted"))
    started = time.perf_counter()
    result = merge_tracks(base, Track(mine_blocks), Track(theirs_blocks))
    elapsed = time.perf_counter() - started
    assert result.is_clean and len(result.track) == 2000
    assert elapsed < 0.5, elapsed


def test_shifting_a_whole_long_track_and_inserting_stays_fast() -> None:
    base = long_track(2000)
    theirs: list[Cue | Block] = [c.edited(start_ms=c.start_ms + 250, end_ms=c.end_ms + 250)
                                 for c in base.cues]
    theirs.insert(700, Cue(1_399_700, 1_399_900, "Inserted"))
    mine = [c.edited(text="Changed") if n == 1500 else c for n, c in enumerate(base.cues)]
    started = time.perf_counter()
    result = merge_tracks(base, Track(mine), Track(theirs))
    elapsed = time.perf_counter() - started
    assert [c.key for c in result.conflicts] == ["cue:1500"]
    assert len(result.track) == 2001
    assert elapsed < 1.0, elapsed


# --- properties -------------------------------------------------------------------------------

WORDS = st.sampled_from(["yes", "no", "hello there", "again", "why", "Run!", "ok ok"])
TEXTS = st.one_of(WORDS, st.text(alphabet="abcxyz", min_size=1, max_size=5))


@st.composite
def base_tracks(draw: st.DrawFn) -> Track:
    """A parsed file (so parts carry file text) of cues in time order, with a few NOTEs."""
    blocks: list[Cue | Block] = []
    start = 0
    for n in range(draw(st.integers(0, 10))):
        if draw(st.integers(0, 4)) == 0:
            blocks.append(Block(BlockKind.NOTE, f"NOTE {draw(TEXTS)}"))
        start += draw(st.integers(0, 3000))
        identifier = draw(st.sampled_from(["", str(n + 1)]))
        blocks.append(Cue(start, start + draw(st.integers(1, 4000)), draw(TEXTS), identifier))
    return parse(write(Track(blocks)))


EDITS = st.lists(st.tuples(
    st.sampled_from(["text", "shift", "delete", "insert", "note", "renumber"]),
    st.integers(0, 1000), TEXTS, st.integers(-900, 900),
), max_size=5)


def apply_edits(track: Track, edits: list[tuple[str, int, str, int]]) -> Track:
    """The track with random edits made the way the editor makes them (new cue objects)."""
    blocks = list(track.blocks)
    for kind, where, text, delta in edits:
        cue_places = [n for n, b in enumerate(blocks) if isinstance(b, Cue)]
        if kind == "insert":
            place = where % (len(blocks) + 1)
            before = [b for b in blocks[:place] if isinstance(b, Cue)]
            start = (before[-1].start_ms if before else 0) + abs(delta)
            blocks.insert(place, Cue(start, start + 1000, text))
        elif kind == "note":
            note_places = [n for n, b in enumerate(blocks) if isinstance(b, Block)]
            if note_places:
                place = note_places[where % len(note_places)]
                blocks[place] = Block(BlockKind.NOTE, f"NOTE {text}")
        elif kind == "renumber":
            blocks = [b.edited(identifier=f"c{where}-{n}") if isinstance(b, Cue) else b
                      for n, b in enumerate(blocks)]
        elif cue_places:
            place = cue_places[where % len(cue_places)]
            cue = blocks[place]
            assert isinstance(cue, Cue)
            if kind == "text":
                blocks[place] = cue.edited(text=text)
            elif kind == "shift":
                start = max(cue.start_ms + (delta or 1), 0)
                blocks[place] = cue.edited(start_ms=start, end_ms=start + cue.duration_ms)
            else:
                del blocks[place]
    return Track(blocks, header=track.header, layout=track.layout)


@st.composite
def three_versions(draw: st.DrawFn) -> tuple[Track, Track, Track]:
    base = draw(base_tracks())
    mine = apply_edits(base, draw(EDITS))
    # the server's version arrives as text
    theirs = parse(write(apply_edits(base, draw(EDITS))))
    return base, mine, theirs


def part_tuple(part: Part | None) -> tuple[object, ...] | None:
    if part is None:
        return None
    if isinstance(part, Cue):
        return cue_tuple(part)
    if isinstance(part, Block):
        return (part.kind, part.text)
    return (part.text,)


def conflict_tuples(conflicts: tuple[Conflict, ...], *, swap: bool = False) -> list[object]:
    return [(c.key, c.kind, part_tuple(c.base),
             *((part_tuple(c.theirs), part_tuple(c.mine)) if swap
               else (part_tuple(c.mine), part_tuple(c.theirs))))
            for c in conflicts]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(three_versions())
def test_merging_with_an_unchanged_side_returns_the_other_side(
        versions: tuple[Track, Track, Track]) -> None:
    base, mine, theirs = versions
    for side in (mine, theirs):
        for result in (merge_tracks(base, base, side), merge_tracks(base, side, base),
                       merge_tracks(base, side, side)):
            assert result.is_clean
            assert cues_of(result.track) == cues_of(side)
            assert notes(result.track) == notes(side)


@PROPERTY
@given(three_versions())
def test_merge_is_symmetric_up_to_conflict_labels(versions: tuple[Track, Track, Track]) -> None:
    base, mine, theirs = versions
    forward, backward = merge_tracks(base, mine, theirs), merge_tracks(base, theirs, mine)
    assert conflict_tuples(forward.conflicts) == conflict_tuples(backward.conflicts, swap=True)
    if forward.is_clean:
        assert cues_of(forward.track) == cues_of(backward.track)
        assert notes(forward.track) == notes(backward.track)


@PROPERTY
@given(three_versions())
def test_no_cue_text_from_either_side_is_lost(versions: tuple[Track, Track, Track]) -> None:
    base, mine, theirs = versions
    result = merge_tracks(base, mine, theirs)
    kept = set(texts(result.track))
    for conflict in result.conflicts:
        kept.update(p.text for p in (conflict.base, conflict.mine, conflict.theirs)
                    if isinstance(p, Cue | Block))
    base_texts = set(texts(base)) | set(notes(base))
    for side in (mine, theirs):
        assert (set(texts(side)) | set(notes(side))) - base_texts <= kept | set(notes(result.track))


@PROPERTY
@given(three_versions())
def test_merged_and_resolved_tracks_write_valid_webvtt(
        versions: tuple[Track, Track, Track]) -> None:
    base, mine, theirs = versions
    result = merge_tracks(base, mine, theirs)
    again = parse(write(result.track))
    assert cues_of(again) == cues_of(result.track)
    assert notes(again) == notes(result.track)
    for take in (Take.MINE, Take.THEIRS):
        final = resolve(result, {c.key: take for c in result.conflicts})
        assert cues_of(parse(write(final))) == cues_of(final)
        if take is Take.THEIRS:
            assert cues_of(final) == cues_of(result.track)
