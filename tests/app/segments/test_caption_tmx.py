"""Caption pair to TMX and back: the demo's English and French captions through a 'CAT tool'."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.captions.model import Cue, Track
from app.captions.operations import plan_set_times
from app.captions.webvtt_file import read_file, write
from app.segments import MqmError, read_tmx, set_mqm_errors, set_review_status, write_tmx
from app.segments.caption_pairs import pair_captions
from app.segments.caption_tmx import (
    CUE_END_PROP,
    CUE_START_PROP,
    cue_text_of,
    export_caption_pair,
    import_caption_tmx,
)
from app.segments.review import ReviewStatus
from app.segments.segment import SEGMENT_ID_PROP, set_segment_id
from app.segments.tmx_file import TmxDocument, set_target
from app.segments.tmx_segments import open_tmx_review

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"
MOMENT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def english() -> Track:
    return read_file(DEMO / "en.captions.vtt")


@pytest.fixture
def french() -> Track:
    return read_file(DEMO / "fr.captions.vtt")


def _exported(english: Track, french: Track) -> TmxDocument:
    return read_tmx(export_caption_pair(english, french, "en", "fr", now=MOMENT))


def _unit_index(document: TmxDocument, segment_id: str) -> int:
    return next(i for i, unit in enumerate(document.units)
                if unit.prop_values(SEGMENT_ID_PROP) == (segment_id,))


def test_export_has_one_unit_per_target_cue_with_ids_and_times(
    english: Track, french: Track
) -> None:
    document = _exported(english, french)
    assert document.header.attribute("srclang") == "en"
    assert document.header.attribute("creationdate") == "20261125T120000Z"
    assert len(document.units) == len(french.cues)
    segments = pair_captions(english, french).segments()
    for unit, segment, cue in zip(document.units, segments, french.cues, strict=True):
        assert unit.prop_values(SEGMENT_ID_PROP) == (segment.id,)
        assert unit.prop_values(CUE_START_PROP) == (str(cue.start_ms),)
        assert unit.prop_values(CUE_END_PROP) == (str(cue.end_ms),)
        fr, en = unit.tuv("fr"), unit.tuv("en")
        assert fr is not None and en is not None
        assert cue_text_of(fr.content) == cue.text  # markup travels as inline codes
        assert cue_text_of(en.content) == segment.source_text
    look = document.units[3].tuv("fr")
    assert look is not None and [tag.kind for tag in look.tags] == ["bpt", "ept"]
    assert look.text == "Regarde, l'image vient de changer."  # what a CAT tool shows


def test_unpaired_and_nested_markup_become_valid_codes() -> None:
    source = Track([Cue(0, 1000, "<v Ann>Hi <b><i>there</i></b> <00:00:00.500>now")])
    target = Track([Cue(0, 1000, "<v Ann>Salut </b><i>toi</i> <00:00:00.500>maintenant")])
    document = read_tmx(export_caption_pair(source, target, "en", "fr"))
    fr = document.units[0].tuv("fr")
    assert fr is not None
    assert [tag.kind for tag in fr.tags] == ["ph", "ph", "bpt", "ept", "ph"]
    assert cue_text_of(fr.content) == target.cues[0].text
    en = document.units[0].tuv("en")
    assert en is not None and cue_text_of(en.content) == source.cues[0].text


def test_review_goes_out_with_the_export(english: Track, french: Track) -> None:
    segments = pair_captions(english, french)
    segment = segments.get("cue:look")
    error = MqmError("Style", "Minor", "tutoiement")
    segments.apply(segments.change([replace(segment, status=ReviewStatus.KO,
                                            annotations=(error,))]))
    document = read_tmx(export_caption_pair(english, french, "en", "fr", segments=segments))
    review = open_tmx_review(document, "en", "fr", "cat", stamp_ids=False)
    assert review.segments.get("cue:look").status is ReviewStatus.KO
    assert review.segments.get("cue:look").annotations == (error,)
    assert review.segments.get("cue:welcome").status is ReviewStatus.NOT_REVIEWED


def test_round_trip_through_a_cat_tool_changes_only_the_edited_cue(
    english: Track, french: Track
) -> None:
    original = write(french)
    document = _exported(english, french)
    # The CAT tool: one target rewritten (keeping its codes), one accepted.
    row = _unit_index(document, "cue:look")
    fr = document.units[row].tuv("fr")
    assert fr is not None
    tags = fr.tags
    content = (tags[0], "Regardez,", tags[1], " l'image change.")
    document.units[row] = set_review_status(
        set_target(document.units[row], "fr", content, "cat-user", now=MOMENT), "updated")
    ok_row = _unit_index(document, "at:23560")
    document.units[ok_row] = set_mqm_errors(set_review_status(document.units[ok_row], "ok"),
                                            [MqmError("Fluency", "Minor")])
    reviewed = read_tmx(write_tmx(document))

    result = import_caption_tmx(reviewed, french, "fr")
    report = result.report
    assert report.changed == ("cue:look",)
    assert len(report.unchanged) == len(french.cues) - 1
    assert report.unknown == () and report.missing == () and report.refused == ()
    assert report.statuses["cue:look"] is ReviewStatus.UPDATED
    assert report.statuses["at:23560"] is ReviewStatus.OK
    assert report.annotations["at:23560"] == (MqmError("Fluency", "Minor"),)
    assert report.summary() == "1 cue changed, 7 unchanged"

    french.apply(result.edit)
    assert french.cues[3].text == "<i>Regardez,</i> l'image change."
    assert write(french).replace("<i>Regardez,</i> l'image change.",
                                 "<i>Regarde,</i> l'image vient de changer.") == original
    french.revert(result.edit)
    assert write(french) == original


def test_an_untouched_round_trip_changes_nothing(english: Track, french: Track) -> None:
    result = import_caption_tmx(_exported(english, french), french, "fr")
    assert result.edit.is_empty() and result.report.changed == ()


def test_unknown_missing_and_refused_units_are_reported(english: Track, french: Track) -> None:
    document = _exported(english, french)
    document.units[0] = set_segment_id(document.units[0], "at:999999")  # no such cue
    bad = _unit_index(document, "cue:look")
    document.units[bad] = set_target(document.units[bad], "fr", ("a\n\nb",), "cat", now=MOMENT)
    good = _unit_index(document, "at:39320")
    document.units[good] = set_target(document.units[good], "fr", ("Parfait.",), "cat",
                                      now=MOMENT)
    # A retime after the export: the cue's id moved on.
    french.apply(plan_set_times(french, 2, 13900, 17160))

    result = import_caption_tmx(read_tmx(write_tmx(document)), french, "fr")
    report = result.report
    assert report.unknown == ("at:999999", "at:13880")
    assert set(report.missing) == {"cue:welcome", "at:13900"}
    assert [segment_id for segment_id, _ in report.refused] == ["cue:look"]
    assert "empty line" in report.refused[0][1]
    assert report.changed == ("at:39320",)
    assert result.edit.changed == {7}
    assert report.summary() == ("1 cue changed, 4 unchanged, 2 units matching no cue, "
                                "2 cues not in the file, 1 unit refused")


def test_a_unit_without_the_target_language_or_a_repeated_id_is_refused(
    english: Track, french: Track
) -> None:
    document = _exported(english, french)
    document.units[1] = set_segment_id(document.units[1], "cue:welcome")
    report = import_caption_tmx(read_tmx(write_tmx(document)), french, "de").report
    reasons = dict(report.refused)
    assert "repeats this segment id" in reasons["cue:welcome"]
    assert len(report.refused) == len(french.cues)  # no German text in any unit


_PIECES = st.sampled_from([
    "<i>", "</i>", "<b>", "</b>", "<v Nadia>", "</v>", "<c.yellow>", "</c>", "<lang fr>",
    "</lang>", "<00:00:01.500>", "&amp;", "&lt;", "<", ">", "\"", "'", " ", "\n", "é", "日本",
    "word", "42", "]]>", "</seg>",
])


@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
@settings(max_examples=150, deadline=None)
def test_any_cue_text_comes_back_from_tmx_exactly(text: str) -> None:
    lines = [line for line in text.split("\n") if line.strip()]
    cue_text = "\n".join(lines) or "x"
    track = Track([Cue(0, 1000, cue_text)])
    document = read_tmx(export_caption_pair(track, track, "en", "fr"))
    fr = document.units[0].tuv("fr")
    assert fr is not None and cue_text_of(fr.content) == cue_text
    assert import_caption_tmx(document, track, "fr").edit.is_empty()
