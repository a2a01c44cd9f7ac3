"""A caption language pair out to TMX for a CAT tool, and the reviewed TMX back into the track.

Export writes one ``tu`` per target cue, identified by the caption
segment id (``x-segment-id``, see `app.segments.caption_pairs`) with the
cue's times as props (``x-cue-start-ms``, ``x-cue-end-ms``) and as a
readable note. WebVTT markup in cue text (``<i>``, ``<v Nadia>``,
timestamps) becomes TMX inline codes (``bpt``/``ept`` pairs, ``ph`` for the
rest) holding the original markup, so a CAT tool protects it and import
puts back exactly what was there. Character references such as ``&amp;``
stay as they are written in the cue.

Import matches units to cues by segment id, never by order, and returns
the `TrackEdit` for the cues whose text changed plus a report; it changes
nothing itself, so the caller can show the report and push the edit
through the undo stack and outbox like any other edit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from app import __version__
from app.captions.model import Track, TrackEdit
from app.captions.operations import plan_sequence, plan_set_text
from app.captions.timecode import format_timestamp
from app.segments.caption_pairs import caption_segments, cue_ids
from app.segments.review import ReviewStatus, Segment, SegmentList
from app.segments.segment import (
    MQM_ERROR_PROP,
    REVIEW_STATUS_PROP,
    SEGMENT_ID_PROP,
    InlineTag,
    MqmError,
    SegmentContent,
    format_tmx_date,
)
from app.segments.tmx_file import TmxDocument
from app.segments.tmx_segments import readable_mqm_errors

CUE_START_PROP = "x-cue-start-ms"
CUE_END_PROP = "x-cue-end-ms"

# A WebVTT cue tag: a class/voice/lang opening tag, a closing tag, or a timestamp.
_CUE_TAG = re.compile(r"<(/?)([A-Za-z]+)?[^<>]*>|<[\d:.]+>")


# --- export --------------------------------------------------------------------

# TMX's own names for formatting; other cue tags get the "x-" custom form.
_TMX_TYPES = {"i": "italic", "b": "bold", "u": "ulined"}


def _inline_codes(text: str) -> str:
    """Cue text as the XML content of a ``seg``: markup as paired or placeholder codes."""
    tokens: list[tuple[str, str, str]] = []  # (kind "text"/"open"/"close"/"ph", name, raw)
    position = 0
    for match in _CUE_TAG.finditer(text):
        if match.start() > position:
            tokens.append(("text", "", text[position:match.start()]))
        closing, name = match.group(1), (match.group(2) or "").lower()
        kind = "ph" if not name else ("close" if closing else "open")
        tokens.append((kind, name, match.group(0)))
        position = match.end()
    if position < len(text):
        tokens.append(("text", "", text[position:]))

    # Pair opening and closing tags; whatever stays unpaired is a placeholder,
    # since TMX wants every bpt matched by an ept in the same segment.
    pair_of: dict[int, int] = {}
    open_tags: list[tuple[str, int]] = []
    for index, (kind, name, _) in enumerate(tokens):
        if kind == "open":
            open_tags.append((name, index))
        elif kind == "close":
            for depth in range(len(open_tags) - 1, -1, -1):
                if open_tags[depth][0] == name:
                    start = open_tags[depth][1]
                    pair_of[start] = index
                    pair_of[index] = start
                    del open_tags[depth:]
                    break
    out = []
    number = 0
    ids: dict[int, int] = {}
    for index, (kind, name, raw) in enumerate(tokens):
        if kind == "text":
            out.append(escape(raw))
        elif index in pair_of and kind == "open":
            number += 1
            ids[index] = number
            kind_name = _TMX_TYPES.get(name, f"x-{name}")
            out.append(f'<bpt i="{number}" type={quoteattr(kind_name)}>{escape(raw)}</bpt>')
        elif index in pair_of:
            out.append(f'<ept i="{ids[pair_of[index]]}">{escape(raw)}</ept>')
        else:
            out.append(f"<ph>{escape(raw)}</ph>")
    return "".join(out)


def _prop(name: str, value: str) -> str:
    return f"<prop type={quoteattr(name)}>{escape(value)}</prop>"


def _tuv(lang: str, text: str) -> str:
    return f"<tuv xml:lang={quoteattr(lang)}><seg>{_inline_codes(text)}</seg></tuv>"


def export_caption_pair(
    source: Track,
    target: Track,
    source_lang: str,
    target_lang: str,
    *,
    segments: SegmentList | None = None,
    now: datetime | None = None,
) -> bytes:
    """A UTF-8 TMX 1.4b file of the pair: one unit per target cue.

    With `segments` (the review so far), each unit also carries its status
    and annotations as ``x-review-status`` / ``x-mqm-error`` props.
    """
    stamp = format_tmx_date(now or datetime.now(UTC))
    reviewed: Mapping[str, Segment] = (
        {} if segments is None else {s.id: s for s in segments.segments()})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="Review Workstation" creationtoolversion={quoteattr(__version__)}'
        f' segtype="block" o-tmf="WebVTT" adminlang="en" srclang={quoteattr(source_lang)}'
        f' datatype="plaintext" creationdate="{stamp}"/>',
        "  <body>",
    ]
    for segment in caption_segments(source, target):
        if segment.context.start_ms is None or segment.context.end_ms is None:
            continue
        if segment.id.startswith("source:"):
            continue  # one unit per target cue: a source with no cue has nothing to review
        start, end = segment.context.start_ms, segment.context.end_ms
        props = [_prop(SEGMENT_ID_PROP, segment.id), _prop(CUE_START_PROP, str(start)),
                 _prop(CUE_END_PROP, str(end))]
        review = reviewed.get(segment.id)
        if review is not None and review.status is not ReviewStatus.NOT_REVIEWED:
            props.append(_prop(REVIEW_STATUS_PROP, review.status.value))
        if review is not None:
            props.extend(_prop(MQM_ERROR_PROP, error.to_prop_value())
                         for error in review.annotations)
        note = f"<note>{format_timestamp(start)} --> {format_timestamp(end)}</note>"
        target_number = dict(segment.context.props).get("target cue", "")
        lines.append(f"    <tu tuid={quoteattr(target_number)}>")
        lines.extend(f"      {item}" for item in (*props, note))
        lines.append(f"      {_tuv(source_lang, segment.source_text)}")
        lines.append(f"      {_tuv(target_lang, segment.target_text)}")
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")


# --- import --------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def cue_text_of(content: SegmentContent) -> str:
    """A reviewed segment back as cue text: each inline code gives back the markup it holds."""
    parts = []
    for part in content:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, InlineTag) and not part.kind.startswith("#"):
            element = etree.fromstring(part.xml, _PARSER)
            parts.append("".join(str(text) for text in element.itertext()))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class CaptionImportReport:
    """What importing a reviewed TMX would do, by segment id.

    `unknown` ids are in the file but match no cue (a cue was retimed or
    removed since the export); `missing` ids are cues the file does not
    mention; `refused` units could not be used, with the reason.
    `statuses` and `annotations` are the review the file carries, for the
    segment list.
    """

    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    statuses: Mapping[str, ReviewStatus] = field(default_factory=dict)
    annotations: Mapping[str, tuple[MqmError, ...]] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{_count(len(self.changed), 'cue')} changed",
                 f"{len(self.unchanged)} unchanged"]
        if self.unknown:
            parts.append(f"{_count(len(self.unknown), 'unit')} matching no cue")
        if self.missing:
            parts.append(f"{_count(len(self.missing), 'cue')} not in the file")
        if self.refused:
            parts.append(f"{_count(len(self.refused), 'unit')} refused")
        return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(frozen=True, slots=True)
class CaptionImport:
    edit: TrackEdit
    report: CaptionImportReport


def _set_text(track: Track, index: int, text: str) -> TrackEdit:
    return plan_set_text(track, index, text)


def import_caption_tmx(document: TmxDocument, target: Track, target_lang: str) -> CaptionImport:
    """The edit that puts the reviewed texts of `document` into `target`, and its report.

    Nothing is applied. A unit whose text cannot be a cue (``-->`` or an empty
    line in it) is refused and left out of the edit; the rest still apply.
    """
    index_of = {segment_id: i for i, segment_id in enumerate(cue_ids(target))}
    seen: set[str] = set()
    changed: list[str] = []
    unchanged: list[str] = []
    unknown: list[str] = []
    refused: list[tuple[str, str]] = []
    statuses: dict[str, ReviewStatus] = {}
    annotations: dict[str, tuple[MqmError, ...]] = {}
    planners = []
    for unit in document.units:
        stored = unit.prop_values(SEGMENT_ID_PROP)
        if not stored:
            refused.append((unit.segment_id, f"unit {unit.position} has no {SEGMENT_ID_PROP}"))
            continue
        segment_id = stored[0]
        if segment_id in seen:
            refused.append((segment_id, f"unit {unit.position} repeats this segment id"))
            continue
        seen.add(segment_id)
        if segment_id not in index_of:
            unknown.append(segment_id)
            continue
        tuv = unit.tuv(target_lang)
        if tuv is None:
            refused.append((segment_id, f"unit {unit.position} has no {target_lang} text"))
            continue
        statuses[segment_id] = ReviewStatus.parse(unit.review_status)
        annotations[segment_id] = readable_mqm_errors(unit)
        index = index_of[segment_id]
        text = cue_text_of(tuv.content)
        if text == target.cues[index].text:
            unchanged.append(segment_id)
            continue
        try:
            plan_set_text(target, index, text)  # checked alone, so one bad unit names itself
        except ValueError as error:
            refused.append((segment_id, str(error)))
            continue
        changed.append(segment_id)
        planners.append(partial(_set_text, index=index, text=text))
    missing = [segment_id for segment_id in index_of if segment_id not in seen]
    edit = (plan_sequence(target, f"Import reviewed TMX ({len(planners)} cues)", planners)
            if planners else TrackEdit("Import reviewed TMX", ()))
    report = CaptionImportReport(
        changed=tuple(changed), unchanged=tuple(unchanged), unknown=tuple(unknown),
        missing=tuple(missing), refused=tuple(refused), statuses=statuses,
        annotations=annotations)
    return CaptionImport(edit, report)


__all__ = [
    "CUE_END_PROP",
    "CUE_START_PROP",
    "CaptionImport",
    "CaptionImportReport",
    "cue_text_of",
    "export_caption_pair",
    "import_caption_tmx",
]
