"""The translation-unit model read from and written to TMX files.

Everything is immutable: an edit builds a new unit, so an undo stack can keep
the old one and the writer can tell edited units from untouched ones by
comparing them with what was read. Attributes are kept as ordered pairs, and
props, notes and unknown elements as one ordered ``meta`` sequence, because
TMX allows them interleaved and other tools expect their order back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

Attributes = tuple[tuple[str, str], ...]

SEGMENT_ID_PROP = "x-segment-id"
REVIEW_STATUS_PROP = "x-review-status"
MQM_ERROR_PROP = "x-mqm-error"

TMX_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def format_tmx_date(moment: datetime) -> str:
    """A TMX date (``YYYYMMDDThhmmssZ``), always in UTC."""
    if moment.tzinfo is None:
        raise ValueError("TMX dates need an aware datetime (they are written in UTC)")
    return moment.astimezone(UTC).strftime(TMX_DATE_FORMAT)


def parse_tmx_date(text: str) -> datetime:
    """Read a TMX date (``YYYYMMDDThhmmssZ``) as an aware UTC datetime."""
    return datetime.strptime(text, TMX_DATE_FORMAT).replace(tzinfo=UTC)


def _get(attributes: Attributes, name: str) -> str | None:
    for key, value in attributes:
        if key == name:
            return value
    return None


def with_attribute(attributes: Attributes, name: str, value: str) -> Attributes:
    """Set one attribute, keeping its place if present (so diffs stay small)."""
    if _get(attributes, name) is None:
        return (*attributes, (name, value))
    return tuple((key, value if key == name else old) for key, old in attributes)


@dataclass(frozen=True, slots=True)
class InlineTag:
    """A protected inline token in a ``seg``: the raw XML of one tag.

    ``kind`` is the element name (``bpt``, ``ept``, ``ph``, ``it``, ``hi``,
    ``ut``, ``sub``) or ``#comment``; ``xml`` is the element with its content
    but without the text after it, so an editor can show it as a chip and put
    it back unchanged.
    """

    kind: str
    xml: str


SegmentContent = tuple[str | InlineTag, ...]


def plain_text(content: SegmentContent) -> str:
    """The text of a segment without its inline tags (for search and QA)."""
    return "".join(part for part in content if isinstance(part, str))


@dataclass(frozen=True, slots=True)
class Prop:
    """A TMX ``prop``; ``attributes`` are those other than ``type``, in order."""

    type: str
    value: str
    attributes: Attributes = ()


@dataclass(frozen=True, slots=True)
class Note:
    """A TMX ``note``."""

    value: str
    attributes: Attributes = ()


@dataclass(frozen=True, slots=True)
class RawElement:
    """An element the model does not interpret (``ude``, unknown extensions): kept as XML."""

    tag: str
    xml: str


Meta = Prop | Note | RawElement


def _props(meta: tuple[Meta, ...]) -> tuple[Prop, ...]:
    return tuple(item for item in meta if isinstance(item, Prop))


def _notes(meta: tuple[Meta, ...]) -> tuple[Note, ...]:
    return tuple(item for item in meta if isinstance(item, Note))


@dataclass(frozen=True, slots=True)
class Header:
    """The TMX ``header``: attributes and its props, notes and ``ude`` elements."""

    attributes: Attributes
    meta: tuple[Meta, ...] = ()

    def attribute(self, name: str) -> str | None:
        return _get(self.attributes, name)

    @property
    def props(self) -> tuple[Prop, ...]:
        return _props(self.meta)

    @property
    def notes(self) -> tuple[Note, ...]:
        return _notes(self.meta)


@dataclass(frozen=True, slots=True)
class Tuv:
    """One language variant of a unit. ``attributes`` include ``xml:lang``."""

    lang: str
    attributes: Attributes
    meta: tuple[Meta, ...]
    content: SegmentContent

    def attribute(self, name: str) -> str | None:
        return _get(self.attributes, name)

    @property
    def props(self) -> tuple[Prop, ...]:
        return _props(self.meta)

    @property
    def notes(self) -> tuple[Note, ...]:
        return _notes(self.meta)

    @property
    def text(self) -> str:
        return plain_text(self.content)

    @property
    def tags(self) -> tuple[InlineTag, ...]:
        return tuple(part for part in self.content if isinstance(part, InlineTag))


@dataclass(frozen=True, slots=True)
class TranslationUnit:
    """A TMX ``tu``. ``position`` is its 1-based place in the body when read."""

    position: int
    attributes: Attributes
    meta: tuple[Meta, ...]
    tuvs: tuple[Tuv, ...]

    def attribute(self, name: str) -> str | None:
        return _get(self.attributes, name)

    @property
    def tuid(self) -> str | None:
        return self.attribute("tuid")

    @property
    def props(self) -> tuple[Prop, ...]:
        return _props(self.meta)

    @property
    def notes(self) -> tuple[Note, ...]:
        return _notes(self.meta)

    def prop_values(self, prop_type: str) -> tuple[str, ...]:
        return tuple(prop.value for prop in self.props if prop.type == prop_type)

    @property
    def segment_id(self) -> str:
        """The stable identity: the ``x-segment-id`` prop, else the position.

        ``tuid`` is not used because TMX does not require it to be unique.
        """
        stored = self.prop_values(SEGMENT_ID_PROP)
        return stored[0] if stored else f"pos:{self.position}"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(tuv.lang for tuv in self.tuvs)

    def tuv(self, lang: str) -> Tuv | None:
        """The first variant in ``lang`` (compared case-insensitively, as BCP 47 says)."""
        wanted = lang.casefold()
        for tuv in self.tuvs:
            if tuv.lang.casefold() == wanted:
                return tuv
        return None

    @property
    def review_status(self) -> str | None:
        values = self.prop_values(REVIEW_STATUS_PROP)
        return values[0] if values else None

    @property
    def mqm_errors(self) -> tuple[MqmError, ...]:
        return tuple(MqmError.from_prop_value(value) for value in self.prop_values(MQM_ERROR_PROP))


@dataclass(frozen=True, slots=True)
class MqmError:
    """An MQM-style error annotation as stored in an ``x-mqm-error`` prop.

    The prop value is compact JSON with sorted keys so other tools (and diffs)
    can read it without knowing this program.
    """

    category: str
    severity: str
    comment: str = ""
    lang: str | None = None
    span: tuple[int, int] | None = None

    def to_prop_value(self) -> str:
        data: dict[str, object] = {"category": self.category, "severity": self.severity}
        if self.comment:
            data["comment"] = self.comment
        if self.lang is not None:
            data["lang"] = self.lang
        if self.span is not None:
            data["span"] = list(self.span)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_prop_value(cls, value: str) -> MqmError:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise ValueError(f"not an MQM error prop: {value!r}")
        span = data.get("span")
        return cls(
            category=str(data["category"]),
            severity=str(data["severity"]),
            comment=str(data.get("comment", "")),
            lang=None if data.get("lang") is None else str(data["lang"]),
            span=None if span is None else (int(span[0]), int(span[1])),
        )


def _replace_props(
    meta: tuple[Meta, ...], prop_type: str, values: Iterable[str]
) -> tuple[Meta, ...]:
    """Swap every prop of one type for new ones, at the place of the first old one."""
    new = [Prop(prop_type, value) for value in values]
    result: list[Meta] = []
    placed = False
    for item in meta:
        if isinstance(item, Prop) and item.type == prop_type:
            if not placed:
                result.extend(new)
                placed = True
            continue
        result.append(item)
    if not placed:
        result.extend(new)
    return tuple(result)


def set_review_status(unit: TranslationUnit, status: str | None) -> TranslationUnit:
    """The unit with its ``x-review-status`` prop set (or removed for ``None``)."""
    values = [] if status is None else [status]
    return replace(unit, meta=_replace_props(unit.meta, REVIEW_STATUS_PROP, values))


def set_mqm_errors(unit: TranslationUnit, errors: Iterable[MqmError]) -> TranslationUnit:
    """The unit with its ``x-mqm-error`` props replaced by ``errors``."""
    values = [error.to_prop_value() for error in errors]
    return replace(unit, meta=_replace_props(unit.meta, MQM_ERROR_PROP, values))


def set_segment_id(unit: TranslationUnit, segment_id: str) -> TranslationUnit:
    """The unit with its ``x-segment-id`` prop set."""
    return replace(unit, meta=_replace_props(unit.meta, SEGMENT_ID_PROP, [segment_id]))


def stamp_change(attributes: Attributes, user: str, moment: datetime) -> Attributes:
    """Attributes with ``changedate`` and ``changeid`` set for an edit."""
    stamped = with_attribute(attributes, "changedate", format_tmx_date(moment))
    return with_attribute(stamped, "changeid", user)
