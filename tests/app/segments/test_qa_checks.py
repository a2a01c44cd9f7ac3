"""QA checks: each check finds what it should, stays quiet otherwise, and can be switched off."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.segments import read_tmx
from app.segments.qa_checks import (
    GlossaryTerm,
    QaCheck,
    QaSettings,
    SuppressionKey,
    check_segment,
    run_qa,
)
from app.segments.qa_terminology import Terminology, language_matches
from app.segments.review import Segment
from app.segments.segment import InlineTag, SegmentContent
from app.segments.tmx_segments import open_tmx_review

KIT = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "tmx-lisa-kit"

BOLD = InlineTag("bpt", '<bpt i="1">&lt;b&gt;</bpt>')
BOLD_END = InlineTag("ept", '<ept i="1">&lt;/b&gt;</ept>')
BREAK = InlineTag("ph", "<ph>&lt;br/&gt;</ph>")


def _segment(source: str | SegmentContent, target: str | SegmentContent, id: str = "s1") -> Segment:
    def content(value: str | SegmentContent) -> SegmentContent:
        if isinstance(value, str):
            return (value,) if value else ()
        return value

    return Segment(id=id, source=content(source), target=content(target))


def _checks(source: str | SegmentContent, target: str | SegmentContent,
            settings: QaSettings | None = None) -> dict[QaCheck, str]:
    return {f.check: f.message for f in check_segment(_segment(source, target), settings)}


def test_a_good_translation_has_no_findings() -> None:
    source, target = "Press Save to keep 3 files.", "Appuyez sur Enregistrer (3 fichiers)."
    assert _checks(source, target) == {}


@pytest.mark.parametrize(
    ("source", "target", "fragment"),
    [
        ("Call 555 1234 now.", "Appelez le 555 1243.", "not in the target: 5551234"),
        ("Version 2 of 3.", "Version 2 sur 4.", "not in the source: 4"),
    ],
)
def test_numbers_mismatch(source: str, target: str, fragment: str) -> None:
    message = _checks(source, target)[QaCheck.NUMBERS]
    assert fragment in message


def test_numbers_written_with_other_separators_are_the_same_number() -> None:
    assert QaCheck.NUMBERS not in _checks("It costs 1,000.50 euros.", "Cela coûte 1 000,50 euros.")


def test_tag_mismatch_counts_inline_tags_and_markup() -> None:
    source = ("Click ", BOLD, "here", BOLD_END, BREAK, "now.")
    assert QaCheck.TAGS not in _checks(source, ("Cliquez ", BOLD, "ici", BOLD_END, BREAK,
                                                "maintenant."))
    message = _checks(source, ("Cliquez ", BOLD, "ici", BREAK, BREAK, "maintenant."))[QaCheck.TAGS]
    assert "missing in the target: <ept>" in message and "extra in the target: <ph>" in message
    cue = _checks("<i>Look,</i> it changed.", "Regarde, elle a changé.")[QaCheck.TAGS]
    assert "</i>" in cue and "<i>" in cue


@pytest.mark.parametrize(
    ("target", "message"),
    [("", "The target is empty"), ("   ", "The target is empty"),
     ("Save your work.", "The target is the same as the source")],
)
def test_untranslated(target: str, message: str) -> None:
    assert _checks("Save your work.", target)[QaCheck.UNTRANSLATED] == message


def test_a_source_without_words_may_stay_as_it_is() -> None:
    assert QaCheck.UNTRANSLATED not in _checks("2024", "2024")


def test_whitespace() -> None:
    message = _checks("Hello.", " Bonjour. ")[QaCheck.WHITESPACE]
    assert message.startswith("Leading spaces differ") and "trailing spaces differ" in message
    assert "double space" in _checks("Hello there.", "Bonjour  toi.")[QaCheck.WHITESPACE]
    assert QaCheck.WHITESPACE not in _checks("Hello.\t", "Bonjour.\t")


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Done.", "Fini !", True),
        ("Done.", "Fini", True),
        ("Are you sure?", "Êtes-vous sûr ?", False),  # the space before ? is French
        ("He said “go.”", "Il a dit « va ».", False),  # quotes looked through
        ("Wait...", "Attendez…", False),
        ("完了。", "Done.", False),
    ],
)
def test_end_punctuation(source: str, target: str, flagged: bool) -> None:
    assert (QaCheck.END_PUNCTUATION in _checks(source, target)) is flagged


def test_length_ratio_against_the_files_typical_ratio() -> None:
    short = _checks("This is a reasonably long sentence.", "Court.")
    assert "unusually short" in short[QaCheck.LENGTH_RATIO]
    # German runs long: a ratio of 1.3 is this file's normal, not an outlier.
    german = "Ein Satz mit neununddreißig Zeichen ok."
    segments = [_segment("A sentence of thirty chars ok.", german, id=str(n)) for n in range(12)]
    segments.append(_segment("A sentence of thirty chars ok.", "Kurz.", id="odd"))
    run = run_qa(segments, QaSettings().only(QaCheck.LENGTH_RATIO))
    assert run.typical_ratio == pytest.approx(39 / 30)
    assert [f.segment_id for f in run.findings] == ["odd"]


def test_inconsistent_translations_of_the_same_source() -> None:
    segments = [
        _segment("Save the file.", "Enregistrez le fichier.", id="a"),
        _segment("Save  the file.", "Enregistrez le fichier.", id="b"),  # spacing ignored
        _segment("Save the file.", "Sauvegardez le fichier.", id="c"),
        _segment("Open the file.", "Ouvrez le fichier.", id="d"),
    ]
    run = run_qa(segments, QaSettings().only(QaCheck.INCONSISTENT))
    assert [f.segment_id for f in run.findings] == ["a", "b", "c"]
    assert "“Sauvegardez le fichier.” (segment c)" in run.findings[0].message
    assert "(segment a)" in run.findings[2].message


def test_terminology_against_glossary_terms() -> None:
    glossary = (
        GlossaryTerm("caption", "sous-titre", "fr"),
        GlossaryTerm("user interface", "interface utilisateur", "fr"),
        GlossaryTerm("caption", "Untertitel", "de"),
        GlossaryTerm.from_json({"source": "shot change", "target": "changement de plan",
                                "language": "fr"}),
    )
    settings = QaSettings(glossary=glossary, target_language="fr-CA").only(QaCheck.TERMINOLOGY)
    assert _checks("Check the Caption.", "Vérifiez le sous-titre.", settings) == {}
    message = _checks("The user\ninterface shows each caption.", "L'écran montre chaque légende.",
                      settings)[QaCheck.TERMINOLOGY]
    assert message == "Glossary: “caption” should be translated as “sous-titre”"
    both = check_segment(_segment("A shot change in the user interface.", "Une coupe."), settings)
    assert len(both) == 2
    # "captions" is not the term "caption" (whole words only).
    assert _checks("Check captions.", "Vérifiez.", settings) == {}
    assert len(Terminology(glossary, "de")) == 1


def test_language_matching() -> None:
    assert language_matches("fr", "fr-CA") and language_matches("fr-ca", "FR_CA")
    assert not language_matches("fr-FR", "fr-CA") and not language_matches("de", "fr")
    assert language_matches("", "fr")


def test_checks_can_be_switched_off() -> None:
    source, target = "Call 555 now.", "Appelez le 556"
    assert {QaCheck.NUMBERS, QaCheck.END_PUNCTUATION} <= set(_checks(source, target))
    quiet = QaSettings().without(QaCheck.NUMBERS, QaCheck.END_PUNCTUATION)
    assert _checks(source, target, quiet) == {}


def test_suppressed_findings_are_left_out_and_counted() -> None:
    segments = [_segment("Done.", "Fini !", id="a"), _segment("Done.", "Fini !", id="b"),
                _segment("Go.", "Allez !", id="c")]
    settings = QaSettings().only(QaCheck.END_PUNCTUATION)
    first = run_qa(segments, settings)
    assert len(first.findings) == 3
    key = first.findings[0].suppression_key
    assert key == SuppressionKey("end-punctuation", "Done.", "Fini !")
    second = run_qa(segments, settings, suppressed={key})
    assert [f.segment_id for f in second.findings] == ["c"] and second.suppressed == 2
    assert second.by_segment() == {"c": second.findings}
    assert second.flags() == {"c": [("End punctuation", second.findings[0].message)]}


def test_findings_on_a_real_tmx_name_existing_segments() -> None:
    document = read_tmx(KIT / "ImportTest2A.tmx")
    review = open_tmx_review(document, "en-us", "fr-ca", "qa", stamp_ids=False)
    run = run_qa(review.segments.segments())
    ids = {segment.id for segment in review.segments.segments()}
    assert all(finding.segment_id in ids and finding.message for finding in run.findings)
