"""When descriptions can be spoken: spoken length, the free gap, inline or extended.

A description cue is spoken by TTS. It fits when its spoken length is no more
than the room between its start and the next dialogue (the dialogue is the
captions track's cues, or speech regions). One that does not fit needs a
pause point: the accessible video holds the picture while its clip plays in
full, so the pause lasts as long as the clip (the platform renders it so).

Spoken length comes from the cached TTS clip when there is one; otherwise it
is estimated from the words and a speaking rate per language.

Findings reuse the caption QC's `Finding` so the findings panel shows them
alike. Cue numbers in hints are 1-based, as the editor shows them;
`Finding.cue` is the 0-based index into the descriptions track.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from app.captions.model import Cue
from app.captions.quality import Finding, Severity, visible_text

# Stable rule ids: saved notes and filters refer to them, so never rename.
DOES_NOT_FIT = "ad-does-not-fit"
SHORT_GAP = "ad-short-gap"
STARTS_IN_DIALOGUE = "ad-starts-in-dialogue"
EXTENDED_WITHOUT_PAUSE = "ad-extended-without-pause"

# WCAG failure F113: a gap this short cannot hold a useful description.
MIN_DESCRIPTION_GAP_MS = 2000
# Conversational English TTS; a describer's slower, clearer voice is nearer 150.
DEFAULT_WORDS_PER_MINUTE = 160.0


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of media time, [start_ms, end_ms)."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def holds_strictly(self, ms: int) -> bool:
        """Whether `ms` lies inside, not on either edge (the edges are where pauses belong)."""
        return self.start_ms < ms < self.end_ms


@dataclass(frozen=True, slots=True)
class SpeakingRates:
    """Words per minute of the TTS voice, per language, with a default for the rest."""

    default_wpm: float = DEFAULT_WORDS_PER_MINUTE
    by_language: Mapping[str, float] = field(default_factory=dict)

    def words_per_minute(self, language: str) -> float:
        # "fr-CA" falls back to "fr", then to the default.
        for key in (language, language.split("-")[0]):
            if key in self.by_language:
                return self.by_language[key]
        return self.default_wpm


class Delivery(Enum):
    """How a description is delivered: over the running picture, or with the picture held."""

    INLINE = "inline"
    EXTENDED = "extended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class DescriptionTiming:
    """How one description cue sits against the dialogue.

    `room_ms` is the free time from the description's start to the next
    dialogue (or the end of the media); `gap` the whole silence it sits in,
    or None when it starts inside dialogue and no silence follows.
    `shortfall_ms` is how much more time it needs than it has (0 when it
    fits). `pause_ms` is how long the picture holds at its pause point, 0
    without one.
    """

    index: int
    cue: Cue
    spoken_ms: int
    spoken_from_clip: bool
    gap: Span | None
    room_ms: int
    starts_in_dialogue: bool
    automatic: Delivery
    delivery: Delivery
    has_pause_point: bool

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def fits(self) -> bool:
        return self.spoken_ms <= self.room_ms

    @property
    def shortfall_ms(self) -> int:
        return max(0, self.spoken_ms - self.room_ms)

    @property
    def overridden(self) -> bool:
        return self.delivery is not self.automatic

    @property
    def short_gap(self) -> bool:
        return self.gap is not None and self.gap.duration_ms < MIN_DESCRIPTION_GAP_MS

    @property
    def pause_ms(self) -> int:
        return self.spoken_ms if self.has_pause_point else 0


def estimated_speech_ms(text: str, words_per_minute: float) -> int:
    """How long TTS takes to say `text` (tags removed) at `words_per_minute`."""
    if words_per_minute <= 0:
        raise ValueError(f"words per minute must be positive, got {words_per_minute}")
    words = len(visible_text(text).split())
    return round(words * 60_000 / words_per_minute)


def dialogue_spans(cues: Iterable[Cue]) -> list[Span]:
    """The times someone speaks, from caption cues: sorted, overlapping cues joined."""
    spans: list[Span] = []
    for cue in sorted(cues, key=lambda c: (c.start_ms, c.end_ms)):
        if cue.end_ms <= cue.start_ms:
            continue  # a broken cue holds no time; caption QC reports it
        if spans and cue.start_ms <= spans[-1].end_ms:
            last = spans[-1]
            spans[-1] = Span(last.start_ms, max(last.end_ms, cue.end_ms))
        else:
            spans.append(Span(cue.start_ms, cue.end_ms))
    return spans


def silences(dialogue: Sequence[Span], media_ms: int) -> list[Span]:
    """The free gaps between dialogue spans (as from `dialogue_spans`), within the media."""
    gaps: list[Span] = []
    cursor = 0
    for span in dialogue:
        if span.start_ms > cursor:
            gaps.append(Span(cursor, min(span.start_ms, media_ms)))
        cursor = max(cursor, span.end_ms)
    if cursor < media_ms:
        gaps.append(Span(cursor, media_ms))
    return [gap for gap in gaps if gap.duration_ms > 0]


def dialogue_at(dialogue: Sequence[Span], ms: int) -> Span | None:
    """The dialogue span that `ms` lies strictly inside, if any."""
    at = bisect.bisect_right([span.start_ms for span in dialogue], ms) - 1
    if at >= 0 and dialogue[at].holds_strictly(ms):
        return dialogue[at]
    return None


def time_descriptions(
    descriptions: Sequence[Cue],
    dialogue: Sequence[Span],
    media_ms: int,
    *,
    language: str = "",
    rates: SpeakingRates | None = None,
    clip_ms: Mapping[int, int] | None = None,
    overrides: Mapping[int, Delivery] | None = None,
    paused: Collection[int] = (),
) -> list[DescriptionTiming]:
    """Time every description cue.

    `clip_ms` maps cue index → length of its cached TTS clip; `overrides`
    cue index → the delivery a person chose; `paused` the cue indexes that
    have a pause point.
    """
    rates = rates or SpeakingRates()
    clip_ms = clip_ms or {}
    overrides = overrides or {}
    wpm = rates.words_per_minute(language)
    gaps = silences(dialogue, media_ms)
    gap_starts = [gap.start_ms for gap in gaps]
    timings = []
    for index, cue in enumerate(descriptions):
        from_clip = index in clip_ms
        spoken = clip_ms[index] if from_clip else estimated_speech_ms(cue.text, wpm)
        gap, starts_in_dialogue = _gap_for(gaps, gap_starts, cue.start_ms)
        room = max(0, gap.end_ms - max(cue.start_ms, gap.start_ms)) if gap else 0
        automatic = Delivery.INLINE if spoken <= room else Delivery.EXTENDED
        timings.append(DescriptionTiming(
            index=index, cue=cue, spoken_ms=spoken, spoken_from_clip=from_clip, gap=gap,
            room_ms=room, starts_in_dialogue=starts_in_dialogue, automatic=automatic,
            delivery=overrides.get(index, automatic), has_pause_point=index in paused,
        ))
    return timings


def _gap_for(gaps: Sequence[Span], starts: Sequence[int], ms: int) -> tuple[Span | None, bool]:
    """The silence holding `ms`, else the next one (and True: `ms` is in dialogue)."""
    at = bisect.bisect_right(starts, ms) - 1
    if at >= 0 and gaps[at].start_ms <= ms < gaps[at].end_ms:
        return gaps[at], False
    following = at + 1
    return (gaps[following] if following < len(gaps) else None), True


# --- findings ----------------------------------------------------------------------


def seconds(ms: int) -> str:
    """Milliseconds as seconds with one decimal, the way people say gaps: "2.4 s"."""
    return f"{ms / 1000:.1f} s"


def timing_findings(timings: Iterable[DescriptionTiming]) -> list[Finding]:
    """Plain-words problems with the descriptions' timing, in cue order."""
    findings: list[Finding] = []
    for timing in timings:
        findings.extend(_findings_for(timing))
    return findings


def _findings_for(timing: DescriptionTiming) -> list[Finding]:
    found: list[Finding] = []
    n = timing.number
    if timing.starts_in_dialogue:
        found.append(Finding(
            timing.index, STARTS_IN_DIALOGUE, Severity.WARNING, timing.cue.start_ms, None,
            f"Description {n} starts during dialogue — move its start into the next gap",
        ))
    if timing.short_gap and timing.gap is not None and not timing.has_pause_point:
        found.append(Finding(
            timing.index, SHORT_GAP, Severity.WARNING, timing.gap.duration_ms,
            MIN_DESCRIPTION_GAP_MS,
            f"Description {n} sits in a {seconds(timing.gap.duration_ms)} gap, under "
            f"{seconds(MIN_DESCRIPTION_GAP_MS)}: too short to describe (WCAG F113) — "
            "move it to a longer gap or add a pause point",
        ))
    if not timing.fits and not timing.has_pause_point:
        found.append(Finding(
            timing.index, DOES_NOT_FIT, Severity.ERROR, timing.spoken_ms, timing.room_ms,
            f"Description {n} needs {seconds(timing.shortfall_ms)} more than the gap — "
            "add a pause point or shorten it",
        ))
    elif timing.delivery is Delivery.EXTENDED and not timing.has_pause_point:
        found.append(Finding(
            timing.index, EXTENDED_WITHOUT_PAUSE, Severity.WARNING, None, None,
            f"Description {n} is marked extended but has no pause point — add one "
            "or mark it inline",
        ))
    return found
