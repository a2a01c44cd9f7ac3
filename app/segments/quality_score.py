"""The MQM quality score of a language from its reviewers' error annotations.

Each annotation costs its severity's weight (Preferential 0: logged, not
scored; Minor 1; Major 5; Critical 25 by default). The score keeps the raw
facts (absolute penalty, evaluated word count, penalty per 1,000 words) and
can be shown by either formula in use, always labelled, because they give
different numbers for the same review:

* MQM raw: ``100 × (1 − penalty / words)``
* per 1,000 words: ``100 − penalty per 1,000 words``

The verdict does not depend on the formula: it compares the penalty per
1,000 words with a limit. Any Critical error fails, even in a small sample
(one critical error makes a text unusable whatever its length); otherwise a
sample under the minimum word count is "insufficient sample", not a fail.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.segments.review import SEVERITIES, Segment


@dataclass(frozen=True, slots=True)
class SeverityWeights:
    """Penalty points per error of each severity."""

    preferential: float = 0.0
    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0

    def weight(self, severity: str) -> float | None:
        """The weight of a severity name (any case), or None for a severity we do not know."""
        key = severity.strip().casefold()
        if key in {"preferential", "minor", "major", "critical"}:
            return float(getattr(self, key))
        if key == "neutral":  # MQM's "neutral" is a logged remark, like Preferential
            return 0.0
        return None


class ScoreFormula(StrEnum):
    MQM_RAW = "mqm_raw"
    PER_THOUSAND = "per_thousand"

    @property
    def label(self) -> str:
        return _FORMULA_LABELS[self]


_FORMULA_LABELS = {
    ScoreFormula.MQM_RAW: "MQM raw: 100 × (1 − penalty ÷ words)",
    ScoreFormula.PER_THOUSAND: "100 − penalty per 1,000 words",
}


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    INSUFFICIENT_SAMPLE = "insufficient_sample"

    @property
    def label(self) -> str:
        return {"pass": "Pass", "fail": "Fail",
                "insufficient_sample": "Insufficient sample"}[self.value]


@dataclass(frozen=True, slots=True)
class ScoringSettings:
    """What the score is computed with; every number here is a project's choice.

    `words_from` says which side's words are the evaluated word count
    ("source" as most MQM set-ups count, or "target").
    """

    weights: SeverityWeights = field(default_factory=SeverityWeights)
    max_penalty_per_1000_words: float = 10.0
    minimum_words: int = 100
    words_from: str = "source"

    def __post_init__(self) -> None:
        if self.words_from not in {"source", "target"}:
            raise ValueError("words_from must be 'source' or 'target'")
        if self.minimum_words < 0 or self.max_penalty_per_1000_words < 0:
            raise ValueError("score limits cannot be negative")


@dataclass(frozen=True, slots=True)
class QualityScore:
    """The scored review of one language.

    `counts` counts errors per severity as written (Preferential included);
    `unscored` counts annotations whose severity is unknown (not in the penalty).
    """

    penalty: float
    words: int
    counts: Mapping[str, int]
    unscored: int
    has_critical: bool
    settings: ScoringSettings

    @property
    def penalty_per_1000_words(self) -> float | None:
        """None when no words were evaluated (no rate can be given)."""
        return None if self.words == 0 else self.penalty * 1000 / self.words

    def score(self, formula: ScoreFormula) -> float | None:
        """The score by `formula` (may be negative when errors are dense); None without words."""
        if self.words == 0:
            return None
        if formula is ScoreFormula.MQM_RAW:
            return 100 * (1 - self.penalty / self.words)
        return 100 - self.penalty * 1000 / self.words

    @property
    def sufficient_sample(self) -> bool:
        return self.words >= max(self.settings.minimum_words, 1)

    @property
    def verdict(self) -> Verdict:
        if self.has_critical:
            return Verdict.FAIL
        if not self.sufficient_sample:
            return Verdict.INSUFFICIENT_SAMPLE
        rate = self.penalty_per_1000_words
        assert rate is not None  # a sufficient sample has words
        return Verdict.PASS if rate <= self.settings.max_penalty_per_1000_words else Verdict.FAIL

    def describe(self, formula: ScoreFormula) -> str:
        """One line for a status bar: the labelled score, the verdict and the facts behind it."""
        value = self.score(formula)
        shown = "no words evaluated" if value is None else f"{value:.2f}"
        rate = self.penalty_per_1000_words
        rate_text = "—" if rate is None else f"{rate:.2f}"
        return (f"{formula.label} = {shown} · {self.verdict.label} · penalty {self.penalty:g} "
                f"over {self.words} words ({rate_text} per 1,000 words)")


# A word is a run of letters/digits; each CJK or kana character counts as one
# word, as word counters for those scripts do (they have no spaces).
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one CJK/kana character
    r"|\d+(?:[.,]\d+)*"  # 3.5 and 1,000 are one word each
    r"|[^\W_]+(?:['’-][^\W_]+)*"
)
_MARKUP = re.compile(r"<[^>\n]*>")


def count_words(text: str) -> int:
    """Words in a text, markup such as ``<i>`` or ``<v Nadia>`` not counted."""
    return len(_WORD.findall(_MARKUP.sub(" ", text)))


def quality_score(
    segments: Iterable[Segment], settings: ScoringSettings | None = None
) -> QualityScore:
    """Score the annotations of these segments (the evaluated sample)."""
    settings = settings or ScoringSettings()
    penalty = 0.0
    words = 0
    counts: Counter[str] = Counter()
    unscored = 0
    has_critical = False
    canonical = {name.casefold(): name for name in SEVERITIES}
    for segment in segments:
        words += count_words(segment.source_text if settings.words_from == "source"
                             else segment.target_text)
        for annotation in segment.annotations:
            weight = settings.weights.weight(annotation.severity)
            if weight is None:
                unscored += 1
                continue
            name = canonical.get(annotation.severity.strip().casefold(), annotation.severity)
            counts[name] += 1
            penalty += weight
            has_critical = has_critical or name == "Critical"
    return QualityScore(penalty=penalty, words=words, counts=dict(counts), unscored=unscored,
                        has_critical=has_critical, settings=settings)


__all__ = [
    "QualityScore",
    "ScoreFormula",
    "ScoringSettings",
    "SeverityWeights",
    "Verdict",
    "count_words",
    "quality_score",
]
