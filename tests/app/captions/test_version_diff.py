"""Comparing two versions of a track by cue: known edits, translations, and the properties."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.captions.model import Cue
from app.captions.version_diff import CueChange, compare_cues, diff_versions
from app.captions.webvtt_file import parse

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "resources" / "demo"
NETFLIX = REPO.parent / "shared" / "corpus" / "vtt" / "netflix_chicas_del_cable.vtt"


def cues_of(path: Path) -> list[Cue]:
    return list(parse(path.read_text(encoding="utf-8")).cues)


def test_a_track_compared_with_itself_is_all_unchanged() -> None:
    cues = cues_of(NETFLIX)
    diff = diff_versions(cues, cues)
    assert len(diff.rows) == len(cues)
    assert {row.change for row in diff.rows} == {CueChange.UNCHANGED}
    assert [row.old_index for row in diff.rows] == [row.new_index for row in diff.rows]
    assert diff.summary() == "No changes"


def test_known_edits_to_the_demo_captions_are_reported_exactly() -> None:
    old = cues_of(DEMO / "en.captions.vtt")
    new = list(old)
    new[1] = old[1].edited(text="Thanks. Let's check the captions.")
    new[3] = old[3].edited(start_ms=old[3].start_ms + 200, end_ms=old[3].end_ms + 200)
    new[4] = old[4].edited(text="Every cut happens\nat a known time.", end_ms=old[4].end_ms - 300)
    new[5] = old[5].edited(settings=" line:90%")
    del new[6]
    new.append(Cue(old[-1].end_ms + 1000, old[-1].end_ms + 3000, "The end."))
    diff = diff_versions(old, new)
    changed = [(row.change, row.old_index, row.new_index) for row in diff.changed_rows]
    assert changed == [
        (CueChange.TEXT, 1, 1),
        (CueChange.TIMING, 3, 3),
        (CueChange.TEXT_AND_TIMING, 4, 4),
        (CueChange.SETTINGS, 5, 5),
        (CueChange.REMOVED, 6, None),
        (CueChange.ADDED, None, len(new) - 1),
    ]
    assert diff.summary() == (
        "1 text changed, 1 timing changed, 1 text and timing changed, "
        "1 settings changed, 1 added, 1 removed"
    )
    assert diff.count(CueChange.UNCHANGED) == len(old) - 5


def test_every_cue_of_both_versions_appears_once_in_order() -> None:
    old = cues_of(DEMO / "en.captions.vtt")
    new = cues_of(DEMO / "fr.captions.vtt")
    diff = diff_versions(old, new)
    assert [r.old_index for r in diff.rows if r.old_index is not None] == list(range(len(old)))
    assert [r.new_index for r in diff.rows if r.new_index is not None] == list(range(len(new)))


def test_a_merge_and_a_split_pair_by_time_overlap() -> None:
    # The French demo track merges English cues 5 and 6 (23.56–26.52 and
    # 26.92–30.00 become 23.56–30.00) and splits one cue in two.
    old = cues_of(DEMO / "en.captions.vtt")
    new = cues_of(DEMO / "fr.captions.vtt")
    rows = diff_versions(old, new).rows
    merged = next(row for row in rows if row.new is not None and row.new.end_ms == 30_000)
    halves = {4, 5}
    # Each half covers about as much of the merged cue: it takes one, the other is removed.
    assert merged.old_index in halves and merged.change is CueChange.TEXT_AND_TIMING
    [other] = halves - {merged.old_index}
    leftover = next(row for row in rows if row.old_index == other)
    assert leftover.change is CueChange.REMOVED
    # cues with the same times but translated text: text changes, paired by overlap
    welcome = rows[0]
    assert (welcome.change, welcome.old_index, welcome.new_index) == (CueChange.TEXT, 0, 0)
    assert Counter(row.change for row in rows)[CueChange.ADDED] == len(new) - (
        len(old) - Counter(row.change for row in rows)[CueChange.REMOVED])


def test_a_whole_track_timing_shift_is_timing_changes_not_removals() -> None:
    old = cues_of(NETFLIX)
    new = [cue.edited(start_ms=cue.start_ms + 2000, end_ms=cue.end_ms + 2000) for cue in old]
    diff = diff_versions(old, new)
    assert diff.count(CueChange.TIMING) == len(old)
    assert len(diff.rows) == len(old)


def test_a_repeated_line_pairs_with_its_own_copy() -> None:
    old = [Cue(1000, 2000, "Yes."), Cue(3000, 4000, "No."), Cue(5000, 6000, "Yes.")]
    new = [old[1], old[2]]
    rows = diff_versions(old, new).rows
    assert [(r.change, r.old_index, r.new_index) for r in rows] == [
        (CueChange.REMOVED, 0, None), (CueChange.UNCHANGED, 1, 0), (CueChange.UNCHANGED, 2, 1)]


def test_a_shared_cue_id_pairs_cues_whose_times_no_longer_overlap() -> None:
    old = [Cue(1000, 2000, "Hello", identifier="greeting")]
    new = [Cue(9000, 9500, "Hi there", identifier="greeting")]
    [row] = diff_versions(old, new).rows
    assert (row.change, row.old_index, row.new_index) == (CueChange.TEXT_AND_TIMING, 0, 0)
    lone = diff_versions(old, [dataclasses.replace(new[0], identifier="")]).rows
    assert [r.change for r in lone] == [CueChange.REMOVED, CueChange.ADDED]


def test_empty_versions() -> None:
    cue = Cue(0, 1000, "Only")
    assert diff_versions([], []).rows == ()
    assert [r.change for r in diff_versions([], [cue]).rows] == [CueChange.ADDED]
    assert [r.change for r in diff_versions([cue], []).rows] == [CueChange.REMOVED]
    assert compare_cues(cue, cue) is CueChange.UNCHANGED


_NETFLIX_CUES = cues_of(NETFLIX)
_TEXT_COUNTS = Counter(cue.text for cue in _NETFLIX_CUES)
# Cues whose words appear once: an edit to a repeated line has more than one
# right answer, which this property cannot judge.
_UNIQUE = [i for i, cue in enumerate(_NETFLIX_CUES) if _TEXT_COUNTS[cue.text] == 1]


def _overlaps(a: Cue, b: Cue) -> bool:
    return min(a.end_ms, b.end_ms) > max(a.start_ms, b.start_ms) or a.start_ms == b.start_ms


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.sampled_from(_UNIQUE), min_size=1, max_size=30, unique=True),
    kinds=st.lists(st.sampled_from(["text", "timing", "remove"]), min_size=30, max_size=30),
    appended=st.integers(min_value=0, max_value=3),
)
def test_a_diff_after_known_edits_reports_exactly_them(
    picks: list[int], kinds: list[str], appended: int
) -> None:
    old = _NETFLIX_CUES
    edits = dict(zip(picks, kinds, strict=False))
    texts = {i for i, kind in edits.items() if kind == "text"}
    # A removed cue sharing time with a rewritten one could be either's partner.
    for i, edit in list(edits.items()):
        if edit == "remove" and any(_overlaps(old[i], old[t]) for t in texts):
            del edits[i]
    new: list[Cue] = []
    expected: list[tuple[CueChange, int | None]] = []
    for i, cue in enumerate(old):
        kind = edits.get(i)
        if kind == "remove":
            expected.append((CueChange.REMOVED, i))
            continue
        if kind == "text":
            new.append(cue.edited(text=f"edited cue {i}"))
            expected.append((CueChange.TEXT, i))
        elif kind == "timing":
            new.append(cue.edited(start_ms=cue.start_ms + 40, end_ms=cue.end_ms + 40))
            expected.append((CueChange.TIMING, i))
        else:
            new.append(cue)
    end = max(cue.end_ms for cue in old)
    for n in range(appended):
        new.append(Cue(end + 1000 * (n + 1), end + 1000 * (n + 1) + 500, f"added {n}"))
        expected.append((CueChange.ADDED, None))
    diff = diff_versions(old, new)
    assert [(row.change, row.old_index) for row in diff.changed_rows] == expected
    assert diff.count(CueChange.UNCHANGED) == len(old) - len(edits)
