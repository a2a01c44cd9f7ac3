"""Automatic QA checks over review segments, as Xbench and the CAT tools run them.

Each check looks at one segment (numbers, tags, untranslated, whitespace,
end punctuation, length ratio, terminology) or at all of them (inconsistent
translations of the same source). A finding names its segment, its check
and says in plain words what is wrong. Checks can be switched off in
`QaSettings`.

A finding the reviewer marks as a false positive is suppressed by its
`SuppressionKey` (check, source text, target text): the same pair of texts
is not flagged again by that check, in this file or any other, until the
suppression is lifted (`app.storage.SuppressionStore` keeps them).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

from app.segments.qa_terminology import GlossaryTerm, Terminology
from app.segments.review import Segment
from app.segments.segment import InlineTag, SegmentContent


class QaCheck(StrEnum):
    """The checks; the values are stable (suppressions and filters store them)."""

    NUMBERS = "numbers"
    TAGS = "tags"
    UNTRANSLATED = "untranslated"
    WHITESPACE = "whitespace"
    END_PUNCTUATION = "end-punctuation"
    LENGTH_RATIO = "length-ratio"
    INCONSISTENT = "inconsistent"
    TERMINOLOGY = "terminology"

    @property
    def label(self) -> str:
        return _CHECK_LABELS[self]


_CHECK_LABELS = {
    QaCheck.NUMBERS: "Numbers",
    QaCheck.TAGS: "Tags",
    QaCheck.UNTRANSLATED: "Untranslated",
    QaCheck.WHITESPACE: "Spaces",
    QaCheck.END_PUNCTUATION: "End punctuation",
    QaCheck.LENGTH_RATIO: "Length",
    QaCheck.INCONSISTENT: "Inconsistent translation",
    QaCheck.TERMINOLOGY: "Terminology",
}


class SuppressionKey(NamedTuple):
    """What a false positive is remembered by. A plain tuple, so storage needs no import."""

    check: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class QaFinding:
    """One problem: which segment, which check, and what, in words a reviewer reads."""

    segment_id: str
    check: QaCheck
    message: str
    source: str = field(default="", repr=False)
    target: str = field(default="", repr=False)

    @property
    def suppression_key(self) -> SuppressionKey:
        return SuppressionKey(self.check.value, self.source, self.target)


@dataclass(frozen=True, slots=True)
class QaSettings:
    """Which checks run and their limits.

    The length check compares each segment's target/source length ratio
    with the ratio typical of the file (the median, once there are
    `length_ratio_sample` segments long enough to measure; 1.0 before) and
    flags ratios more than `length_ratio_tolerance` times off it either way,
    for sources of at least `length_ratio_min_chars` characters.
    `glossary` terms apply when their language matches `target_language`
    (all terms when it is None).
    """

    enabled: frozenset[QaCheck] = frozenset(QaCheck)
    length_ratio_tolerance: float = 2.0
    length_ratio_min_chars: int = 10
    length_ratio_sample: int = 10
    glossary: tuple[GlossaryTerm, ...] = ()
    target_language: str | None = None

    def without(self, *checks: QaCheck) -> QaSettings:
        return _replace_enabled(self, self.enabled - set(checks))

    def only(self, *checks: QaCheck) -> QaSettings:
        return _replace_enabled(self, frozenset(checks))


def _replace_enabled(settings: QaSettings, enabled: frozenset[QaCheck]) -> QaSettings:
    return replace(settings, enabled=enabled)


# --- the text a check reads ------------------------------------------------------

# Markup in the text itself: WebVTT cue tags (<i>, <v Nadia>, </c>) and HTML
# a software string carries as text. Tags that are InlineTags are counted apart.
_MARKUP = re.compile(r"<(/?)([A-Za-z][\w.-]*)[^<>\n]*>")
_TIMESTAMP_TAG = re.compile(r"<\d[\d:.]*>")


def _without_markup(text: str) -> str:
    if "<" not in text:
        return text
    return _TIMESTAMP_TAG.sub("", _MARKUP.sub("", text))


def _has_tags(content: SegmentContent) -> bool:
    return any(isinstance(part, InlineTag) for part in content)


class _Texts:
    """One segment's texts, worked out once for all the checks (100k segments add up)."""

    __slots__ = ("segment", "source", "source_seen", "target", "target_seen", "translated")

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.source = segment.source_text
        self.target = segment.target_text
        # As a viewer sees it: without markup tags.
        self.source_seen = _without_markup(self.source)
        self.target_seen = _without_markup(self.target)
        self.translated = bool(self.target.strip())


# --- numbers ---------------------------------------------------------------------

# Digits with the separators languages group and split them with; a number is
# compared by its digits alone, so "1,000.5" and "1 000,5" are the same number.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f' ]\d+)*")
_NOT_DIGIT = re.compile(r"\D")


def _numbers(text: str) -> list[str]:
    return sorted(_NOT_DIGIT.sub("", match) for match in _NUMBER.findall(text))


def _check_numbers(texts: _Texts) -> str | None:
    if not texts.translated:
        return None
    source, target = _numbers(texts.source_seen), _numbers(texts.target_seen)
    if source == target:
        return None
    parts = []
    if missing := sorted((Counter(source) - Counter(target)).elements()):
        parts.append(f"not in the target: {', '.join(missing)}")
    if extra := sorted((Counter(target) - Counter(source)).elements()):
        parts.append(f"not in the source: {', '.join(extra)}")
    return "Numbers differ — " + "; ".join(parts)


# --- tags ------------------------------------------------------------------------


def _tags(content: SegmentContent, text: str) -> list[str]:
    tags = [f"<{part.kind}>" for part in content
            if isinstance(part, InlineTag) and not part.kind.startswith("#")]
    if "<" in text:
        tags.extend(f"<{closing}{name.lower()}>" for closing, name in _MARKUP.findall(text))
    return sorted(tags)


def _check_tags(texts: _Texts) -> str | None:
    segment = texts.segment
    source = _tags(segment.source, texts.source)
    target = _tags(segment.target, texts.target)
    if source == target or (not texts.translated and not target):
        return None  # an empty target: "untranslated" says it better
    parts = []
    if missing := sorted((Counter(source) - Counter(target)).elements()):
        parts.append(f"missing in the target: {' '.join(missing)}")
    if extra := sorted((Counter(target) - Counter(source)).elements()):
        parts.append(f"extra in the target: {' '.join(extra)}")
    return "Tags differ — " + "; ".join(parts)


# --- untranslated ----------------------------------------------------------------


def _check_untranslated(texts: _Texts) -> str | None:
    source, target = texts.source.strip(), texts.target.strip()
    if not target and not _has_tags(texts.segment.target):
        return "The target is empty" if source else None
    # A source with no letters ("2024", "OK!"?) may rightly stay as it is.
    if target == source and len(source) > 3 and any(ch.isalpha() for ch in source):
        return "The target is the same as the source"
    return None


# --- whitespace ------------------------------------------------------------------


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def _show(space: str) -> str:
    return repr(space) if space else "none"


def _check_whitespace(texts: _Texts) -> str | None:
    source, target = texts.source, texts.target
    if not texts.translated:
        return None
    problems = []
    if _leading(source) != _leading(target):
        problems.append(f"leading spaces differ (source {_show(_leading(source))}, "
                        f"target {_show(_leading(target))})")
    if _trailing(source) != _trailing(target):
        problems.append(f"trailing spaces differ (source {_show(_trailing(source))}, "
                        f"target {_show(_trailing(target))})")
    if "  " in target:
        doubled = target.strip().count("  ") - source.strip().count("  ")
        if doubled > 0:
            problems.append("the target has double spaces" if doubled > 1
                            else "the target has a double space")
    if not problems:
        return None
    text = "; ".join(problems)
    return text[0].upper() + text[1:]


# --- end punctuation -------------------------------------------------------------

# Closing quotes and brackets come after the sentence's own punctuation in
# some languages and before it in others, so they are looked through.
_CLOSERS = "\"'”’»›)]}」』）"
_END_MARKS = {
    ".": ".", "。": ".", "．": ".", "!": "!", "！": "!", "?": "?", "？": "?", "؟": "?",
    ":": ":", "：": ":", ";": ";", "；": ";", "…": "…", ",": ",", "，": ",", "、": ",",
}


def _end_mark(text: str) -> str | None:
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "…"
    return _END_MARKS.get(text[-1:]) if text else None


def _check_end_punctuation(texts: _Texts) -> str | None:
    if not texts.translated:
        return None
    source, target = _end_mark(texts.source_seen), _end_mark(texts.target_seen)
    if source == target:
        return None
    said_source = f"ends with “{source}”" if source else "has no end punctuation"
    said_target = f"ends with “{target}”" if target else "has none"
    return f"The source {said_source} but the target {said_target}"


# --- length ratio ----------------------------------------------------------------


def typical_length_ratio(segments: Iterable[Segment], settings: QaSettings) -> float:
    """The median target/source length ratio of the segments long enough to measure."""
    return _typical_ratio([_Texts(segment) for segment in segments], settings)


def _typical_ratio(all_texts: Sequence[_Texts], settings: QaSettings) -> float:
    ratios = []
    for texts in all_texts:
        source, target = len(texts.source_seen.strip()), len(texts.target_seen.strip())
        if source >= settings.length_ratio_min_chars and target:
            ratios.append(target / source)
    if len(ratios) < max(settings.length_ratio_sample, 1):
        return 1.0
    return statistics.median(ratios) or 1.0


def _check_length_ratio(texts: _Texts, settings: QaSettings, typical: float) -> str | None:
    source, target = len(texts.source_seen.strip()), len(texts.target_seen.strip())
    if source < settings.length_ratio_min_chars or target == 0:
        return None
    ratio = target / source
    tolerance = settings.length_ratio_tolerance
    if typical / tolerance <= ratio <= typical * tolerance:
        return None
    which = "long" if ratio > typical else "short"
    return (f"The target is unusually {which}: {target} characters for {source} "
            f"(ratio {ratio:.2f}; typical here {typical:.2f})")


# --- inconsistent translations ---------------------------------------------------


def _normalised(text: str) -> str:
    return " ".join(text.split())


def check_consistency(segments: Sequence[Segment]) -> list[QaFinding]:
    """Segments whose identical source was translated differently elsewhere."""
    return _inconsistent([_Texts(segment) for segment in segments])


def _inconsistent(all_texts: Sequence[_Texts]) -> list[QaFinding]:
    targets: dict[str, dict[str, list[_Texts]]] = defaultdict(lambda: defaultdict(list))
    for texts in all_texts:
        if texts.translated:
            targets[_normalised(texts.source)][_normalised(texts.target)].append(texts)
    findings = []
    for source, variants in targets.items():
        if not source or len(variants) < 2:
            continue
        for target, group in variants.items():
            others = [other for text, members in variants.items() if text != target
                      for other in members]
            shown = ", ".join(f"“{_clip(_normalised(o.target))}” (segment {o.segment.id})"
                              for o in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            for texts in group:
                findings.append(QaFinding(
                    texts.segment.id, QaCheck.INCONSISTENT,
                    f"The same source is translated differently elsewhere: {shown}{more}",
                    texts.source, texts.target))
    return findings


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- running them ----------------------------------------------------------------

_SIMPLE_CHECKS = (
    (QaCheck.UNTRANSLATED, _check_untranslated),
    (QaCheck.NUMBERS, _check_numbers),
    (QaCheck.TAGS, _check_tags),
    (QaCheck.WHITESPACE, _check_whitespace),
    (QaCheck.END_PUNCTUATION, _check_end_punctuation),
)


def check_segment(
    segment: Segment,
    settings: QaSettings | None = None,
    *,
    typical_ratio: float = 1.0,
    terminology: Terminology | None = None,
) -> list[QaFinding]:
    """The one-segment checks (all but consistency), for re-checking a segment after an edit.

    Pass the `typical_ratio` and `terminology` of a full `run_qa` (see
    `QaRun`) so the answer matches it.
    """
    settings = settings or QaSettings()
    terminology = terminology or Terminology(settings.glossary, settings.target_language)
    return _check_texts(_Texts(segment), settings, typical_ratio, terminology)


def _check_texts(
    texts: _Texts, settings: QaSettings, typical_ratio: float, terminology: Terminology
) -> list[QaFinding]:
    enabled = settings.enabled
    segment = texts.segment
    messages: list[tuple[QaCheck, str]] = []
    for check, function in _SIMPLE_CHECKS:
        if check in enabled and (message := function(texts)):
            messages.append((check, message))
    if QaCheck.LENGTH_RATIO in enabled and (
        message := _check_length_ratio(texts, settings, typical_ratio)
    ):
        messages.append((QaCheck.LENGTH_RATIO, message))
    if QaCheck.TERMINOLOGY in enabled:
        messages.extend((QaCheck.TERMINOLOGY, message)
                        for message in terminology.check(texts.source, texts.target))
    return [QaFinding(segment.id, check, message, texts.source, texts.target)
            for check, message in messages]


@dataclass(frozen=True, slots=True)
class QaRun:
    """All findings of one run, in segment order, and what a later re-check needs."""

    findings: tuple[QaFinding, ...]
    suppressed: int
    typical_ratio: float
    terminology: Terminology

    def by_segment(self) -> Mapping[str, tuple[QaFinding, ...]]:
        grouped: dict[str, list[QaFinding]] = defaultdict(list)
        for finding in self.findings:
            grouped[finding.segment_id].append(finding)
        return {key: tuple(value) for key, value in grouped.items()}

    def flags(self) -> dict[str, list[tuple[str, str]]]:
        """Segment id → (check label, message) pairs, the shape the grid's QA column shows."""
        grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for finding in self.findings:
            grouped[finding.segment_id].append((finding.check.label, finding.message))
        return dict(grouped)


def run_qa(
    segments: Sequence[Segment],
    settings: QaSettings | None = None,
    suppressed: Collection[tuple[str, str, str]] = frozenset(),
) -> QaRun:
    """Run every enabled check; findings whose `suppression_key` is in `suppressed` are left out."""
    settings = settings or QaSettings()
    all_texts = [_Texts(segment) for segment in segments]
    typical = (_typical_ratio(all_texts, settings)
               if QaCheck.LENGTH_RATIO in settings.enabled else 1.0)
    terminology = Terminology(settings.glossary, settings.target_language)
    found: list[QaFinding] = []
    for texts in all_texts:
        found.extend(_check_texts(texts, settings, typical, terminology))
    if QaCheck.INCONSISTENT in settings.enabled:
        found.extend(_inconsistent(all_texts))
        order = {segment.id: row for row, segment in enumerate(segments)}
        found.sort(key=lambda finding: order[finding.segment_id])  # stable: checks stay in order
    kept = [f for f in found if f.suppression_key not in suppressed]
    return QaRun(tuple(kept), len(found) - len(kept), typical, terminology)


__all__ = [
    "GlossaryTerm",
    "QaCheck",
    "QaFinding",
    "QaRun",
    "QaSettings",
    "SuppressionKey",
    "Terminology",
    "check_consistency",
    "check_segment",
    "run_qa",
    "typical_length_ratio",
]
