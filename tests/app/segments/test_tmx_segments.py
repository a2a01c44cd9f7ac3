"""A TMX file as review segments: reading a pair, writing edits back, saving losslessly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.segments import MqmError, read_tmx, write_tmx
from app.segments.review import ReviewStatus
from app.segments.segment import MQM_ERROR_PROP, Prop
from app.segments.tmx_file import TmxDocument
from app.segments.tmx_segments import language_pair, open_tmx_review

KIT = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "tmx-lisa-kit"
MOMENT = datetime(2026, 11, 25, 21, 0, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not KIT.is_dir(), reason="LISA TMX kit not present")


def _settled(name: str) -> bytes:
    """The kit file once opened for review and saved: every unit has its segment id."""
    document = read_tmx(KIT / name)
    pair = language_pair(document)
    assert pair is not None
    review = open_tmx_review(document, *pair, "reviewer")
    assert review.stamped_ids == len(document.units)
    return write_tmx(document)


def _spans(document: TmxDocument) -> list[str]:
    return [document._source[start:end] for start, end in document._unit_spans]


def test_a_pair_reads_source_target_context_and_ids() -> None:
    document = read_tmx(KIT / "ImportTest2C.tmx")
    review = open_tmx_review(document, "en-us", "fr", "reviewer", stamp_ids=False)
    [segment] = review.segments.segments()
    unit = document.units[0]
    assert segment.id == "pos:1"
    en, fr = unit.tuv("en-us"), unit.tuv("fr")
    assert en is not None and fr is not None
    assert segment.source == en.content and segment.target == fr.content
    assert [tag.kind for tag in fr.tags] == ["it", "bpt", "ph", "hi", "ept"]
    assert segment.status is ReviewStatus.NOT_REVIEWED
    # Unit and variant notes/props are context; the notes of both variants are there.
    expected_notes = [n.value for n in unit.notes] + [n.value for n in en.notes + fr.notes]
    assert list(segment.context.notes) == expected_notes
    assert len(segment.context.props) == len(unit.props) + len(en.props) + len(fr.props)
    # Nothing was stamped for a read-only look.
    assert write_tmx(document) == (KIT / "ImportTest2C.tmx").read_bytes()


def test_the_language_pair_matches_case_insensitively_and_skips_units_without_source() -> None:
    document = read_tmx(KIT / "ImportTest1C.tmx")
    review = open_tmx_review(document, "JA-JP", "FR-ca", "reviewer", stamp_ids=False)
    with_ja = [unit for unit in document.units if unit.tuv("ja-jp") is not None]
    assert len(review.segments) == len(with_ja) >= 1
    for segment in review.segments.segments():
        unit = review.unit_of(segment.id)
        ja = unit.tuv("ja-jp")
        assert ja is not None and segment.source == ja.content


def test_edits_status_and_annotations_survive_save_and_reread(tmp_path: Path) -> None:
    settled = _settled("ExportTest2A.tmx")
    document = read_tmx(settled)
    review = open_tmx_review(document, "en-us", "fr-ca", "reviewer-3", clock=lambda: MOMENT)
    assert review.stamped_ids == 0
    first, second = review.segments.segments()[:2]
    error = MqmError("Accuracy", "Major", "meaning changed", lang="fr-ca", span=(0, 4))
    edited = replace(first, target=("Texte revu ", *first.target[1:]),
                     status=ReviewStatus.UPDATED, annotations=(error,))
    review.segments.apply(review.segments.change([edited]))
    review.segments.apply(review.segments.change([replace(second, status=ReviewStatus.KO)]))

    path = tmp_path / "reviewed.tmx"
    path.write_bytes(write_tmx(document))
    again = open_tmx_review(read_tmx(path), "en-us", "fr-ca", "someone-else", stamp_ids=False)
    assert [s.id for s in again.segments.segments()] == [
        s.id for s in review.segments.segments()]
    reread = again.segments.get(first.id)
    assert reread.target == edited.target
    assert reread.status is ReviewStatus.UPDATED
    assert reread.annotations == (error,)
    assert again.segments.get(second.id).status is ReviewStatus.KO
    assert again.segments.get(second.id).target == second.target

    unit = again.unit_of(first.id)
    fr = unit.tuv("fr-ca")
    assert fr is not None
    assert (fr.attribute("changedate"), fr.attribute("changeid")) == (
        "20261125T210000Z", "reviewer-3")
    # A status change alone does not stamp the target as edited.
    second_fr = again.unit_of(second.id).tuv("fr-ca")
    assert second_fr is not None and second_fr.attribute("changeid") != "reviewer-3"

    # Units nobody touched are byte for byte what they were.
    before_spans, after_spans = _spans(read_tmx(settled)), _spans(again.document)
    touched = {review.rows[first.id], review.rows[second.id]}
    for row, (before, after) in enumerate(zip(before_spans, after_spans, strict=True)):
        assert (before == after) is (row not in touched)


def test_undoing_every_change_gives_the_file_back_unchanged() -> None:
    settled = _settled("ImportTest2A.tmx")  # UTF-16 LE
    document = read_tmx(settled)
    review = open_tmx_review(document, "en-us", "fr-ca", "reviewer")
    segment = review.segments.segments()[0]
    change = review.segments.change([replace(segment, target=("Nouveau",),
                                             status=ReviewStatus.UPDATED)])
    review.segments.apply(change)
    assert write_tmx(document) != settled
    review.segments.apply(change.inverse())
    assert write_tmx(document) == settled


def test_another_tools_unreadable_annotations_are_kept() -> None:
    settled = _settled("ExportTest1A.tmx")
    document = read_tmx(settled)
    unit = document.units[0]
    document.units[0] = replace(unit, meta=(*unit.meta, Prop(MQM_ERROR_PROP, "severity=minor")))
    review = open_tmx_review(read_tmx(write_tmx(document)), "en-us", "fr-ca", "reviewer")
    segment = review.segments.segments()[0]
    assert segment.annotations == ()
    added = MqmError("Fluency", "Minor")
    review.segments.apply(review.segments.change([replace(segment, annotations=(added,))]))
    values = review.unit_of(segment.id).prop_values(MQM_ERROR_PROP)
    assert set(values) == {added.to_prop_value(), "severity=minor"}


def test_duplicate_stored_ids_are_restamped_on_opening() -> None:
    settled = _settled("ExportTest1A.tmx")
    document = read_tmx(settled)
    document.units[1] = replace(document.units[1], meta=document.units[0].meta)
    review = open_tmx_review(read_tmx(write_tmx(document)), "en-us", "fr-ca", "reviewer")
    assert review.stamped_ids == 1
    assert len({s.id for s in review.segments.segments()}) == len(review.segments)


def test_language_pair_needs_two_languages() -> None:
    document = read_tmx(KIT / "ImportTest1J_many.tmx")
    assert language_pair(document) == ("es-es", "en-us")  # srclang from the header
