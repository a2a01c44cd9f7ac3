"""Caption quality rules: profiles, visible-text measuring, each rule's limits, whole-track runs."""

from __future__ import annotations

import pytest

from app.captions.model import Block, BlockKind, Cue, Track
from app.captions.quality import (
    PROFILE_NAMES,
    Finding,
    QualityProfile,
    Severity,
    check_cue,
    check_empty,
    check_gap,
    check_ignored_blocks,
    check_line_count,
    check_line_length,
    check_max_duration,
    check_min_duration,
    check_overlap,
    check_reading_speed,
    check_timing_order,
    check_track,
    neighbourhood,
    profile_from_dict,
    profile_named,
    visible_length,
    visible_lines,
    visible_text,
)

NETFLIX = profile_named("netflix-en")
CHILDREN = profile_named("children")


def cue(start: int, end: int, text: str = "Hello") -> Cue:
    return Cue(start, end, text)


def only(finding: Finding | None) -> Finding:
    assert finding is not None
    return finding


def rules(findings: list[Finding]) -> list[tuple[int | None, str]]:
    return [(f.cue, f.rule) for f in findings]


# --- profiles -----------------------------------------------------------------------


def test_netflix_profile_holds_the_style_guide_numbers() -> None:
    assert NETFLIX.max_cps == 20
    assert NETFLIX.max_chars_per_line == 42
    assert NETFLIX.max_lines == 2
    assert NETFLIX.min_duration_ms == 833
    assert NETFLIX.max_duration_ms == 7000
    assert NETFLIX.min_gap_frames == 2
    assert NETFLIX.frame_rate == 25
    assert NETFLIX.min_gap_ms == 80
    assert not NETFLIX.allow_overlaps and not NETFLIX.allow_empty_cues


def test_children_profile_differs_only_in_reading_speed() -> None:
    assert CHILDREN.max_cps == 17
    assert CHILDREN.with_overrides(name="netflix-en", label=NETFLIX.label, max_cps=20) == NETFLIX


def test_profile_names_lists_the_built_ins_with_the_default_first() -> None:
    assert PROFILE_NAMES == ("netflix-en", "children")


def test_unknown_profile_name_lists_the_valid_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown quality profile 'bbc'.*netflix-en, children"):
        profile_named("bbc")


def test_custom_profile_overrides_only_what_it_is_given() -> None:
    custom = QualityProfile.custom(max_cps=15, max_chars_per_line=37)
    assert custom.name == "custom"
    assert (custom.max_cps, custom.max_chars_per_line) == (15.0, 37)
    assert custom.max_lines == NETFLIX.max_lines
    assert custom.min_duration_ms == NETFLIX.min_duration_ms
    assert QualityProfile.custom("children").max_cps == 17


def test_custom_profile_changes_what_the_rules_report() -> None:
    strict = QualityProfile.custom(max_chars_per_line=10)
    finding = only(check_line_length(cue(0, 2000, "eleven char"), 0, strict))
    assert (finding.value, finding.limit) == (11, 10)
    assert check_line_length(cue(0, 2000, "eleven char"), 0, NETFLIX) is None


def test_profile_from_dict_starts_from_a_base_and_accepts_json_numbers() -> None:
    profile = profile_from_dict({"base": "children", "max_lines": 3.0, "frame_rate": 30})
    assert profile.name == "custom"
    assert (profile.max_cps, profile.max_lines, profile.frame_rate) == (17.0, 3, 30.0)
    assert isinstance(profile.max_lines, int)
    assert profile.min_gap_ms == pytest.approx(66.667, abs=0.001)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_cpl": 40}, r"unknown quality setting 'max_cpl'.*max_chars_per_line"),
        ({"max_lines": True}, r"max_lines must be a number"),
        ({"max_lines": 2.5}, r"max_lines must be a whole number"),
        ({"max_cps": "fast"}, r"max_cps must be a number"),
        ({"allow_overlaps": 1}, r"allow_overlaps must be true or false"),
        ({"max_cps": 0}, r"max_cps must be above 0"),
        ({"min_duration_ms": 8000}, r"max_duration_ms \(7000\) must be at least 1 and not below"),
        ({"base": 3}, r"base must be a profile name"),
    ],
)
def test_profile_from_dict_rejects_bad_settings(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        profile_from_dict(data)


def test_profile_from_dict_with_unknown_base_raises_key_error() -> None:
    with pytest.raises(KeyError, match="valid profiles"):
        profile_from_dict({"base": "nope"})


def test_job_frame_rate_keeps_the_profile_name_and_changes_the_gap() -> None:
    film = NETFLIX.with_overrides(frame_rate=23.976)
    assert film.name == "netflix-en"
    assert film.min_gap_ms == pytest.approx(83.417, abs=0.001)


# --- measuring visible text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("<i>Hi</i> <b>there</b> <u>you</u>", "Hi there you"),
        ("<c.yellow.loud>Hi</c>", "Hi"),
        ("<v Dr. Smith>Hi</v>", "Hi"),
        ("<v.loud Bob>Hi", "Hi"),
        ("<lang en-GB>colour</lang>", "colour"),
        ("<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>", "漢字"),
        ("<ruby>漢<rt>kan</ruby> end", "漢 end"),
        ("Never <00:00:01.000>drink <00:01.500>liquid", "Never drink liquid"),
        ("Tom &amp; Jerry &lt;3 &gt;", "Tom & Jerry <3 >"),
        ("&lt;i&gt;literal&lt;/i&gt;", "<i>literal</i>"),
        ("&#65;&#x42;C", "ABC"),
        ("&lrm;right&rlm;", "right"),
        ("a&nbsp;b", "a\u00a0b"),
        ("  too   many \t spaces  ", "too many spaces"),
        ("one <i\nunclosed", "one "),
        ("line one\n<i>line two</i>", "line one\nline two"),
    ],
)
def test_visible_text_drops_markup_and_decodes_entities(text: str, visible: str) -> None:
    assert visible_text(text) == visible.strip(" ")


def test_combining_marks_count_as_part_of_their_letter() -> None:
    assert visible_length(visible_lines("Cafe\u0301")[0]) == 4
    assert visible_length("naïve") == 5


# --- reading speed -------------------------------------------------------------------


def test_reading_speed_at_the_limit_passes() -> None:
    assert check_reading_speed(cue(0, 2000, "x" * 40), 0, NETFLIX) is None


def test_reading_speed_above_the_limit_warns_with_value_and_limit() -> None:
    finding = only(check_reading_speed(cue(0, 2000, "x" * 41), 3, NETFLIX))
    assert finding == Finding(
        3, "reading-speed", Severity.WARNING, 20.5, 20.0,
        "Reading speed 20.5 CPS is above 20 CPS: extend the cue or shorten the text",
    )


def test_reading_speed_counts_spaces_but_not_line_breaks_or_markup() -> None:
    text = "<v Ann><i>" + "x" * 9 + " " + "x" * 10 + "</i>\n<b>" + "y" * 19 + "&amp;</b>"  # 40
    assert check_reading_speed(cue(0, 2000, text), 0, NETFLIX) is None
    finding = only(check_reading_speed(cue(0, 2000, text + "!"), 0, NETFLIX))
    assert finding.value == 20.5


def test_an_18_cps_cue_passes_netflix_but_not_children() -> None:
    eighteen = cue(0, 2000, "x" * 36)
    assert check_reading_speed(eighteen, 0, NETFLIX) is None
    finding = only(check_reading_speed(eighteen, 0, CHILDREN))
    assert (finding.value, finding.limit) == (18.0, 17.0)


def test_reading_speed_hint_never_reads_as_equal_to_the_limit() -> None:
    finding = only(check_reading_speed(cue(0, 5000, "x" * 101), 0, NETFLIX))
    assert finding.value == 20.2
    finding = only(check_reading_speed(cue(0, 100_000, "x" * 2004), 0, NETFLIX))
    assert "20.04 CPS" in finding.hint


@pytest.mark.parametrize("end", [1000, 500])
def test_zero_or_negative_duration_is_a_timing_error_not_a_speed(end: int) -> None:
    bad = cue(1000, end, "text")
    assert check_reading_speed(bad, 0, NETFLIX) is None
    finding = only(check_timing_order(bad, 0, NETFLIX))
    assert (finding.rule, finding.severity, finding.value, finding.limit) == (
        "timing-order", Severity.ERROR, end - 1000, 0)


def test_timing_order_passes_a_forward_cue() -> None:
    assert check_timing_order(cue(0, 1, "x"), 0, NETFLIX) is None


# --- line length and count ----------------------------------------------------------


def test_line_length_at_the_limit_passes() -> None:
    assert check_line_length(cue(0, 5000, "x" * 42 + "\n" + "y" * 42), 0, NETFLIX) is None


def test_line_length_above_the_limit_names_the_line() -> None:
    finding = only(check_line_length(cue(0, 5000, "short\n" + "y" * 43), 1, NETFLIX))
    assert finding == Finding(
        1, "line-length", Severity.WARNING, 43, 42,
        "Line 2 has 43 characters, above 42: break the line elsewhere or shorten it",
    )


def test_markup_and_entities_do_not_count_toward_line_length() -> None:
    text = "<c.x><i>" + "x" * 40 + "</i>&amp;&lrm;!</c>"  # 42 visible characters
    assert check_line_length(cue(0, 5000, text), 0, NETFLIX) is None
    assert only(check_line_length(cue(0, 5000, text + "?"), 0, NETFLIX)).value == 43


def test_two_lines_pass_and_three_warn() -> None:
    assert check_line_count(cue(0, 5000, "a\nb"), 0, NETFLIX) is None
    finding = only(check_line_count(cue(0, 5000, "a\nb\nc"), 0, NETFLIX))
    assert (finding.rule, finding.severity, finding.value, finding.limit) == (
        "line-count", Severity.WARNING, 3, 2)


# --- durations -------------------------------------------------------------------------


def test_min_duration() -> None:
    assert check_min_duration(cue(0, 833), 0, NETFLIX) is None
    finding = only(check_min_duration(cue(0, 832), 0, NETFLIX))
    assert (finding.rule, finding.severity, finding.value, finding.limit) == (
        "min-duration", Severity.WARNING, 832, 833)
    assert check_min_duration(cue(10, 10), 0, NETFLIX) is None  # timing-order's case


def test_max_duration() -> None:
    assert check_max_duration(cue(0, 7000), 0, NETFLIX) is None
    finding = only(check_max_duration(cue(0, 7001), 0, NETFLIX))
    assert (finding.rule, finding.severity, finding.value, finding.limit) == (
        "max-duration", Severity.WARNING, 7001, 7000)


# --- gaps and overlaps ----------------------------------------------------------------


def test_a_two_frame_gap_passes() -> None:
    assert check_gap([cue(0, 1000), cue(1080, 2000)], NETFLIX) == []


def test_a_short_gap_warns_on_the_earlier_cue() -> None:
    [finding] = check_gap([cue(0, 1000), cue(1079, 2000)], NETFLIX)
    assert finding == Finding(
        0, "min-gap", Severity.WARNING, 79, 80.0,
        "Gap of 79 ms before cue 2 is under 2 frames (80 ms at 25 fps): "
        "end this cue earlier or start cue 2 later",
    )


def test_touching_cues_have_a_zero_gap_not_an_overlap() -> None:
    cues = [cue(0, 1000), cue(1000, 2000)]
    assert [(f.rule, f.value) for f in check_gap(cues, NETFLIX)] == [("min-gap", 0)]
    assert check_overlap(cues, NETFLIX) == []


def test_gap_at_a_fractional_frame_rate_allows_millisecond_rounding() -> None:
    film = NETFLIX.with_overrides(frame_rate=23.976)  # 2 frames = 83.4 ms
    assert check_gap([cue(0, 1000), cue(1083, 2000)], film) == []
    [finding] = check_gap([cue(0, 1000), cue(1082, 2000)], film)
    assert finding.value == 82
    assert finding.limit == pytest.approx(83.417, abs=0.001)


def test_no_overlap_between_separate_cues() -> None:
    assert check_overlap([cue(0, 1000), cue(1500, 2000)], NETFLIX) == []


def test_overlap_is_an_error_on_the_later_cue() -> None:
    [finding] = check_overlap([cue(0, 1500), cue(1000, 2000)], NETFLIX)
    assert finding == Finding(
        1, "overlap", Severity.ERROR, 500, 0,
        "Starts 500 ms before cue 1 ends: start this cue later or end cue 1 earlier",
    )


def test_a_long_cue_overlaps_every_cue_inside_it() -> None:
    cues = [cue(0, 10_000), cue(1000, 2000), cue(3000, 4000)]
    findings = check_overlap(cues, NETFLIX)
    assert [(f.cue, f.value) for f in findings] == [(1, 9000), (2, 7000)]
    assert check_gap(cues, NETFLIX) == []


def test_gap_is_measured_from_the_cue_that_ends_last() -> None:
    # The short cue inside the long one ends early; the screen only clears at 5000.
    cues = [cue(0, 5000), cue(1000, 2000), cue(5040, 6000)]
    profile = NETFLIX.with_overrides(allow_overlaps=True)
    assert check_overlap(cues, profile) == []
    assert [(f.cue, f.value) for f in check_gap(cues, profile)] == [(0, 40)]


def test_findings_on_an_unsorted_track_follow_time_order() -> None:
    track = Track([
        cue(5000, 6000, "last"),
        cue(0, 1500, "first"),
        cue(1000, 2000, "second"),  # overlaps "first"
        cue(2040, 3000, "third"),  # 40 ms after "second"
    ])
    assert rules(check_track(track, NETFLIX)) == [(2, "min-gap"), (2, "overlap")]
    gap, overlap = check_track(track, NETFLIX)
    assert overlap.value == 500 and "cue 2 ends" in overlap.hint
    assert gap.value == 40 and "before cue 4" in gap.hint


def test_cues_with_no_duration_take_no_part_in_gaps_or_overlaps() -> None:
    cues = [cue(0, 1000), cue(500, 500), cue(900, 100), cue(2000, 3000)]
    assert check_overlap(cues, NETFLIX) == []
    assert check_gap(cues, NETFLIX) == []


# --- empty cues and ignored blocks -----------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "<i> </i>", "&nbsp;", "&lrm;", "<v Bob>\n<b></b>"])
def test_a_cue_with_nothing_to_read_is_an_error(text: str) -> None:
    finding = only(check_empty(cue(0, 2000, text), 4, NETFLIX))
    assert (finding.cue, finding.rule, finding.severity) == (4, "empty-cue", Severity.ERROR)
    assert finding.severity.value == "error"


def test_a_cue_with_text_is_not_empty_and_the_profile_can_allow_empty_cues() -> None:
    assert check_empty(cue(0, 2000, "<i>.</i>"), 0, NETFLIX) is None
    allowing = NETFLIX.with_overrides(allow_empty_cues=True)
    assert check_empty(cue(0, 2000, ""), 0, allowing) is None


def test_ignored_blocks_are_errors_at_their_line() -> None:
    track = Track([
        cue(0, 1000),
        Block(BlockKind.IGNORED, "00:01.000 -> 00:02.000\nlost", line=7, problem="no --> arrow"),
        Block(BlockKind.NOTE, "NOTE fine", line=10),
    ])
    [finding] = check_ignored_blocks(track)
    assert (finding.cue, finding.rule, finding.severity, finding.line) == (
        None, "ignored-block", Severity.ERROR, 7)
    assert finding.hint == "Line 7: no --> arrow: fix the block or remove it"
    [unexplained] = check_ignored_blocks(Track([Block(BlockKind.IGNORED, "?", line=3)]))
    assert unexplained.hint == "Line 3: players ignore this block: fix the block or remove it"
    assert check_ignored_blocks(Track([cue(0, 1000)])) == []


# --- whole tracks and single cues -------------------------------------------------------


def messy_track() -> Track:
    return Track([
        cue(0, 1500, "first"),
        Block(BlockKind.IGNORED, "junk", line=5, problem="bad timing"),
        cue(1000, 1400, "x" * 50 + "\nsecond\nthird"),
        cue(1400, 9000, "   "),
        cue(30_000, 29_000, "backwards"),
        cue(9010, 9500, "<i></i>"),
        cue(20_000, 40_000, "long"),
        cue(21_000, 22_000, "inside"),
        cue(25_000, 26_000, "x" * 30),
    ])


def test_check_track_runs_every_rule_sorted_by_cue_then_rule() -> None:
    assert rules(check_track(messy_track())) == [
        (None, "ignored-block"),
        (1, "line-count"),
        (1, "line-length"),
        (1, "min-duration"),
        (1, "overlap"),
        (1, "reading-speed"),
        (2, "empty-cue"),
        (2, "max-duration"),
        (2, "min-gap"),
        (2, "overlap"),  # with cue 0, which still shows until 1500
        (3, "timing-order"),
        (4, "empty-cue"),
        (4, "min-duration"),
        (5, "max-duration"),
        (6, "overlap"),
        (7, "overlap"),
        (7, "reading-speed"),
    ]


def test_severities_follow_the_rule() -> None:
    errors = {"overlap", "timing-order", "empty-cue", "ignored-block"}
    for finding in check_track(messy_track()):
        expected = Severity.ERROR if finding.rule in errors else Severity.WARNING
        assert finding.severity is expected
    assert {s.value for s in Severity} == {"error", "warning"}


def test_check_cue_matches_check_track_for_every_cue() -> None:
    track = messy_track()
    everything = check_track(track)
    for index in range(len(track.cues)):
        near = set(neighbourhood(track, index))
        assert index in near
        assert check_cue(track, index) == [f for f in everything if f.cue in near]


def test_neighbourhood_covers_time_neighbours_and_overlap_partners() -> None:
    track = Track([cue(0, 10_000), cue(1000, 2000), cue(3000, 4000), cue(5000, 6000)])
    assert neighbourhood(track, 0) == [0, 1, 2, 3]  # the long cue overlaps them all
    assert neighbourhood(track, 2) == [0, 1, 2, 3]
    with pytest.raises(IndexError):
        neighbourhood(track, 4)


def test_check_cue_sees_an_edit_that_creates_an_overlap() -> None:
    track = Track([cue(0, 1000), cue(2000, 3000)])
    assert check_cue(track, 0) == []
    track = Track([cue(0, 2500), cue(2000, 3000)])
    assert rules(check_cue(track, 0)) == [(1, "overlap")]


def test_a_clean_track_has_no_findings() -> None:
    assert check_track(Track([cue(0, 2000, "Hello there."), cue(2080, 4000, "Bye.")])) == []


def test_a_20000_cue_track_is_checked_in_one_pass() -> None:
    cues = [
        Cue(i * 2000, i * 2000 + (1950 if i % 3 else 600), f"<i>Line {i}</i> &amp; more\nsecond")
        for i in range(20_000)
    ]
    findings = check_track(Track(list(reversed(cues))))
    # Reversed, so index 0 is the last cue in time: every 1950 ms cue but that one
    # is followed 50 ms later by the next.
    assert len([f for f in findings if f.rule == "min-gap"]) == 13_332
    assert len([f for f in findings if f.rule == "min-duration"]) == 6667
