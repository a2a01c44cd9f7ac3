"""Find and replace across a track."""

from __future__ import annotations

import pytest

from app.captions.search import Query, find_all, find_next, plan_replace
from app.captions.webvtt_file import parse

from .reversion import assert_reversible

TRACK = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe colour is red.\n\n"
    "NOTE between\n\n"
    "00:00:03.000 --> 00:00:04.000\nColour bars, COLOUR test.\n\n"
    "00:00:05.000 --> 00:00:06.000\nNothing here.\n"
)


def test_plain_search_ignores_case_unless_asked() -> None:
    track = parse(TRACK)
    assert [(m.cue, m.start) for m in find_all(track, Query("colour"))] == [(0, 4), (1, 0), (1, 13)]
    assert [(m.cue, m.start) for m in find_all(track, Query("colour", case_sensitive=True))] == [
        (0, 4)]


def test_find_next_wraps_around_in_both_directions() -> None:
    track = parse(TRACK)
    query = Query("colour")
    assert find_next(track, query, (1, 13)) == find_all(track, query)[0]
    assert find_next(track, query, (0, 4), backwards=True) == find_all(track, query)[-1]


def test_regex_replace_all_is_one_reversible_edit() -> None:
    track = parse(TRACK)
    edit = plan_replace(track, Query(r"colou?r", regex=True), "color")
    assert edit.description == "Replace 'colou?r' in 2 cues"
    track.apply(edit)
    assert [c.text for c in track.cues] == [
        "The color is red.", "color bars, color test.", "Nothing here."]
    assert_reversible(parse(TRACK), lambda t: plan_replace(t, Query("colour"), "hue"))


def test_plain_replacement_is_taken_literally() -> None:
    track = parse(TRACK)
    track.apply(plan_replace(track, Query("red"), r"\1 blue"))
    assert track.cues[0].text == r"The colour is \1 blue."


def test_bad_patterns_are_explained() -> None:
    track = parse(TRACK)
    with pytest.raises(ValueError, match="not a valid regular expression"):
        find_all(track, Query("(", regex=True))
    with pytest.raises(ValueError, match="Type something"):
        find_all(track, Query(""))
    with pytest.raises(ValueError, match="replacement cannot be used"):
        plan_replace(track, Query("red", regex=True), r"\9")
