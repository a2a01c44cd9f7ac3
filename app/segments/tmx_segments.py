"""A TMX document as review segments for one language pair, and the way back.

`open_tmx_review` reads the units that have a variant in the source
language into a `SegmentList` and listens to it: every applied
`SegmentChange` is written into the document's units at once (target text
through `set_target`, which stamps ``changedate``/``changeid``; status as an
``x-review-status`` prop; annotations as ``x-mqm-error`` props), so saving
is just `write_tmx(review.document)`.

A segment changed back to exactly what was read (an undo) gets its original
unit back, so an undone edit leaves no stamp and its bytes come back as they
were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from app.segments.review import ReviewStatus, Segment, SegmentChange, SegmentContext, SegmentList
from app.segments.segment import (
    MQM_ERROR_PROP,
    REVIEW_STATUS_PROP,
    SEGMENT_ID_PROP,
    MqmError,
    Note,
    Prop,
    TranslationUnit,
    Tuv,
    set_mqm_errors,
    set_review_status,
)
from app.segments.tmx_file import TmxDocument, ensure_segment_ids, set_target

Clock = Callable[[], datetime]


def language_pair(document: TmxDocument) -> tuple[str, str] | None:
    """The pair a review most likely wants: the header's ``srclang`` and the first other language.

    None when the file has fewer than two languages. ``srclang="*all*"``
    (any language may be the source) falls back to the first language used.
    """
    languages = document.languages
    declared = document.header.attribute("srclang")
    source = None
    if declared and declared != "*all*":
        source = next((lang for lang in languages if lang.casefold() == declared.casefold()),
                      None)
    if source is None:
        if not languages:
            return None
        source = languages[0]
    others = [lang for lang in languages if lang.casefold() != source.casefold()]
    return (source, others[0]) if others else None


def _read_mqm_error(value: str) -> MqmError | None:
    try:
        return MqmError.from_prop_value(value)
    except (ValueError, KeyError, TypeError, IndexError):  # JSONDecodeError is a ValueError
        return None


def readable_mqm_errors(unit: TranslationUnit) -> tuple[MqmError, ...]:
    """The unit's ``x-mqm-error`` annotations that can be read.

    Another tool's annotations in a shape we do not know are not shown, but
    stay in the file (see `write_segment`).
    """
    errors = (_read_mqm_error(value) for value in unit.prop_values(MQM_ERROR_PROP))
    return tuple(error for error in errors if error is not None)


def _unreadable_mqm_values(unit: TranslationUnit) -> tuple[str, ...]:
    return tuple(value for value in unit.prop_values(MQM_ERROR_PROP)
                 if _read_mqm_error(value) is None)


_NO_CONTEXT = SegmentContext()


def _variant(unit: TranslationUnit, folded_lang: str) -> Tuv | None:
    for tuv in unit.tuvs:
        if tuv.lang.casefold() == folded_lang:
            return tuv
    return None


def _segment(
    unit: TranslationUnit, folded_source: str, folded_target: str, segment_id: str | None
) -> Segment | None:
    # One pass over the unit's props and notes: opening 100,000 units is on
    # the way to the grid's first rows, so nothing here is looked up twice.
    source = _variant(unit, folded_source)
    if source is None:
        return None
    target = _variant(unit, folded_target)
    stored_id: str | None = None
    status: str | None = None
    errors: list[MqmError] = []
    notes: list[str] = []
    props: list[tuple[str, str]] = []
    for item in unit.meta:
        if isinstance(item, Prop):
            if item.type == SEGMENT_ID_PROP:
                stored_id = item.value if stored_id is None else stored_id
            elif item.type == REVIEW_STATUS_PROP:
                status = item.value if status is None else status
            elif item.type == MQM_ERROR_PROP:
                if (error := _read_mqm_error(item.value)) is not None:
                    errors.append(error)
            else:
                props.append((item.type, item.value))
        elif isinstance(item, Note):
            notes.append(item.value)
    for tuv in (source, target):
        if tuv is not None and tuv.meta:
            notes.extend(note.value for note in tuv.notes)
            props.extend((f"{tuv.lang}: {prop.type}", prop.value) for prop in tuv.props)
    return Segment(
        id=segment_id or (f"pos:{unit.position}" if stored_id is None else stored_id),
        source=source.content,
        target=() if target is None else target.content,
        status=ReviewStatus.parse(status),
        annotations=tuple(errors),
        context=SegmentContext(notes=tuple(notes), props=tuple(props))
        if notes or props else _NO_CONTEXT,
    )


def segment_of_unit(
    unit: TranslationUnit, source_lang: str, target_lang: str, segment_id: str | None = None
) -> Segment | None:
    """The unit as a segment of this pair, or None when it has no source variant.

    Context is the unit's notes and props (not the review props, which are
    the segment's status and annotations) and those of the two variants,
    the variants' props named ``"<lang>: <type>"``.
    """
    return _segment(unit, source_lang.casefold(), target_lang.casefold(), segment_id)


@dataclass
class TmxReview:
    """A TMX document under review in one language pair, kept in step with its segments.

    `rows` maps each segment id to its unit's index in `document.units`;
    `stamped_ids` says how many units got a new ``x-segment-id`` on opening
    (the next save writes them).
    """

    document: TmxDocument
    source_lang: str
    target_lang: str
    user: str
    segments: SegmentList
    rows: dict[str, int]
    stamped_ids: int = 0
    clock: Clock = field(default=lambda: datetime.now(UTC))
    _read_segments: dict[str, Segment] = field(default_factory=dict, repr=False)
    _read_units: dict[str, TranslationUnit] = field(default_factory=dict, repr=False)

    def unit_of(self, segment_id: str) -> TranslationUnit:
        return self.document.units[self.rows[segment_id]]

    def write_change(self, change: SegmentChange) -> None:
        """Write a change (already applied to `segments`) into the document's units."""
        now = self.clock()
        for before, after in zip(change.before, change.after, strict=True):
            row = self.rows[after.id]
            if after == self._read_segments.get(after.id):
                self.document.units[row] = self._read_units[after.id]
                continue
            self.document.units[row] = write_segment(
                self.document.units[row], before, after, self.target_lang, self.user, now=now)


def write_segment(
    unit: TranslationUnit,
    before: Segment,
    after: Segment,
    target_lang: str,
    user: str,
    *,
    now: datetime | None = None,
) -> TranslationUnit:
    """The unit with what changed from `before` to `after` written into it.

    Only the parts that changed are touched, so a status change does not
    stamp the target's ``changedate`` and an unchanged unit stays the same
    object (and its bytes on save).
    """
    if after.target != before.target:
        existing = unit.tuv(target_lang)
        lang = target_lang if existing is None else existing.lang
        unit = set_target(unit, lang, after.target, user, now=now)
    if after.status != before.status:
        status = None if after.status is ReviewStatus.NOT_REVIEWED else after.status.value
        unit = set_review_status(unit, status)
    if after.annotations != before.annotations:
        unreadable = _unreadable_mqm_values(unit)
        unit = set_mqm_errors(unit, after.annotations)
        if unreadable:
            # Another tool's annotations we cannot read still belong to the unit.
            unit = replace(unit, meta=(*unit.meta, *(Prop(MQM_ERROR_PROP, value)
                                                     for value in unreadable)))
    return unit


def open_tmx_review(
    document: TmxDocument,
    source_lang: str,
    target_lang: str,
    user: str,
    *,
    stamp_ids: bool = True,
    clock: Clock | None = None,
) -> TmxReview:
    """The segments of `document` for the pair, bound so that applied changes reach the units.

    With `stamp_ids` (the default, for a review that will be saved) units
    without a unique ``x-segment-id`` get one first; without it (a read-only
    check) a unit lacking one is known by its position (``pos:N``).
    Units with no variant in `source_lang` are not part of the pair and are
    left out.
    """
    stamped = ensure_segment_ids(document) if stamp_ids else 0
    segments: list[Segment] = []
    rows: dict[str, int] = {}
    read_units: dict[str, TranslationUnit] = {}
    folded_source, folded_target = source_lang.casefold(), target_lang.casefold()
    for row, unit in enumerate(document.units):
        segment = _segment(unit, folded_source, folded_target, None)
        if segment is None:
            continue
        segment_id = segment.id
        if segment_id in rows:  # only without stamping: a copied unit repeats an id
            segment_id = f"pos:{unit.position}"
            segment = replace(segment, id=segment_id)
        segments.append(segment)
        rows[segment_id] = row
        read_units[segment_id] = unit
    review = TmxReview(
        document=document,
        source_lang=source_lang,
        target_lang=target_lang,
        user=user,
        segments=SegmentList(segments),
        rows=rows,
        stamped_ids=stamped,
        _read_segments={segment.id: segment for segment in segments},
        _read_units=read_units,
    )
    if clock is not None:
        review.clock = clock
    review.segments.add_listener(review.write_change)
    return review


__all__ = [
    "TmxReview",
    "language_pair",
    "open_tmx_review",
    "readable_mqm_errors",
    "segment_of_unit",
    "write_segment",
]
