"""The MQM score: weights, both labelled formulas, critical errors and small samples."""

from __future__ import annotations

import pytest

from app.segments.quality_score import (
    ScoreFormula,
    ScoringSettings,
    SeverityWeights,
    Verdict,
    count_words,
    quality_score,
)
from app.segments.review import Segment
from app.segments.segment import InlineTag, MqmError


def _segment(index: int, words: int, *severities: str) -> Segment:
    source = " ".join(f"word{n}" for n in range(words))
    return Segment(id=str(index), source=(source,), target=("x",),
                   annotations=tuple(MqmError("Accuracy", s) for s in severities))


def _sample(total_words: int, *severities: str) -> list[Segment]:
    """`total_words` source words in segments of 10, errors on the first segments."""
    segments = [_segment(i, 10) for i in range(total_words // 10)]
    for i, severity in enumerate(severities):
        segments[i] = _segment(i, 10, severity)
    return segments


def test_penalty_words_and_both_formulas() -> None:
    score = quality_score(_sample(500, "Minor", "Minor", "Major", "Preferential"))
    assert score.penalty == 7  # 1 + 1 + 5 + 0
    assert score.words == 500
    assert score.counts == {"Minor": 2, "Major": 1, "Preferential": 1}
    assert score.penalty_per_1000_words == pytest.approx(14)
    assert score.score(ScoreFormula.MQM_RAW) == pytest.approx(100 * (1 - 7 / 500))  # 98.6
    assert score.score(ScoreFormula.PER_THOUSAND) == pytest.approx(86)
    assert score.verdict is Verdict.FAIL  # 14 per 1,000 words is over the default 10
    text = score.describe(ScoreFormula.PER_THOUSAND)
    assert "100 − penalty per 1,000 words = 86.00" in text and "Fail" in text
    assert score.describe(ScoreFormula.MQM_RAW).startswith("MQM raw")


def test_weights_and_limit_are_configurable() -> None:
    settings = ScoringSettings(weights=SeverityWeights(minor=0.5, major=2),
                               max_penalty_per_1000_words=20)
    score = quality_score(_sample(500, "minor", "MAJOR"), settings)
    assert score.penalty == 2.5 and score.counts == {"Minor": 1, "Major": 1}
    assert score.verdict is Verdict.PASS


def test_any_critical_fails_even_with_a_tiny_penalty_rate() -> None:
    settings = ScoringSettings(max_penalty_per_1000_words=1000)
    assert quality_score(_sample(10_000, "Critical"), settings).verdict is Verdict.FAIL
    assert quality_score(_sample(10_000, "Major"), settings).verdict is Verdict.PASS


def test_a_short_file_is_an_insufficient_sample_not_a_fail() -> None:
    score = quality_score(_sample(50, "Major", "Major"))
    assert score.verdict is Verdict.INSUFFICIENT_SAMPLE
    assert "Insufficient sample" in score.describe(ScoreFormula.MQM_RAW)
    bigger = quality_score(_sample(50, "Major", "Major"), ScoringSettings(minimum_words=50))
    assert bigger.verdict is Verdict.FAIL


def test_no_words_gives_no_score() -> None:
    score = quality_score([])
    assert score.score(ScoreFormula.MQM_RAW) is None and score.penalty_per_1000_words is None
    assert score.verdict is Verdict.INSUFFICIENT_SAMPLE
    assert "no words evaluated" in score.describe(ScoreFormula.PER_THOUSAND)


def test_unknown_severities_are_counted_apart() -> None:
    score = quality_score(_sample(200, "Blocker", "Minor"))
    assert score.unscored == 1 and score.penalty == 1


def test_words_can_be_counted_on_the_target() -> None:
    segments = [Segment("1", ("one two",), ("un deux trois",))]
    assert quality_score(segments).words == 2
    assert quality_score(segments, ScoringSettings(words_from="target")).words == 3
    with pytest.raises(ValueError):
        ScoringSettings(words_from="both")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Let's check the captions", 4),
        ("<v Nadia>Merci.</v> Vérifions l'image", 3),
        ("state-of-the-art, 3.5 times", 3),
        ("日本語のテキスト", 8),
        ("", 0),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_inline_tags_do_not_count_as_words() -> None:
    segment = Segment("1", ("Click ", InlineTag("ph", "<ph>&lt;br/&gt;</ph>"), "here",), ("x",))
    assert quality_score([segment]).words == 2
