"""Segment content as the reviewer reads and types it: text with tag placeholders.

Inline tags (TMX ``bpt``/``ept`` pairs, ``ph``, ``it``, ``hi``...) are
protected: the reviewer sees each as a short placeholder and edits only the
text around them. Paired tags read ``<1>`` … ``</1>`` and standalone ones
``{2}``, as in common CAT tools, so translators recognise them at a glance.
Numbers follow the order of the tags in the segment; an ``ept`` takes the
number of the ``bpt`` it closes (matched by the ``i`` attribute).

`parse_tagged_text` turns edited text back into content and refuses any
edit that removed, duplicated, reordered or broke a placeholder, so the tag
sequence that reaches the file is the one that was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.segments.segment import InlineTag, SegmentContent

_PAIR_ID = re.compile(r"""\si\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True, slots=True)
class TagPlaceholder:
    """One tag shown in text: its label and where the label sits."""

    label: str
    start: int
    end: int
    tag: InlineTag


@dataclass(frozen=True, slots=True)
class TaggedText:
    """Content rendered as one string, and where its tag placeholders are."""

    text: str
    placeholders: tuple[TagPlaceholder, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(placeholder.label for placeholder in self.placeholders)


class TagEditError(ValueError):
    """An edit would have removed, added, reordered or broken a protected tag."""


def _pair_id(tag: InlineTag) -> str | None:
    match = _PAIR_ID.search(tag.xml.split(">", 1)[0])
    return match.group(1) if match else None


def tag_labels(content: SegmentContent) -> list[str]:
    """The placeholder label of each tag in ``content``, in order."""
    labels: list[str] = []
    opened: dict[str, int] = {}
    number = 0
    for part in content:
        if not isinstance(part, InlineTag):
            continue
        if part.kind == "ept":
            pair = _pair_id(part)
            if pair is not None and pair in opened:
                labels.append(f"</{opened.pop(pair)}>")
                continue
            number += 1
            labels.append(f"</{number}>")
            continue
        number += 1
        if part.kind == "bpt":
            pair = _pair_id(part)
            if pair is not None:
                opened[pair] = number
            labels.append(f"<{number}>")
        else:
            labels.append(f"{{{number}}}")
    return labels


def tagged_text(content: SegmentContent) -> TaggedText:
    """``content`` as text with a placeholder for each tag."""
    labels = iter(tag_labels(content))
    pieces: list[str] = []
    placeholders: list[TagPlaceholder] = []
    length = 0
    for part in content:
        if isinstance(part, InlineTag):
            label = next(labels)
            placeholders.append(TagPlaceholder(label, length, length + len(label), part))
            pieces.append(label)
            length += len(label)
        else:
            pieces.append(part)
            length += len(part)
    return TaggedText("".join(pieces), tuple(placeholders))


def find_placeholders(text: str, labels: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, label)`` of every occurrence of the known labels in ``text``."""
    if not labels:
        return []
    pattern = re.compile("|".join(re.escape(label) for label in sorted(set(labels), key=len,
                                                                         reverse=True)))
    return [(match.start(), match.end(), match.group(0)) for match in pattern.finditer(text)]


def _describe(labels: tuple[str, ...] | list[str]) -> str:
    return " ".join(labels) if labels else "(none)"


def parse_tagged_text(text: str, original: TaggedText) -> SegmentContent:
    """Content from edited text; raises `TagEditError` unless every tag is intact and in order."""
    found = find_placeholders(text, original.labels)
    found_labels = [label for _, _, label in found]
    if found_labels != list(original.labels):
        raise TagEditError(
            "The protected tags must all stay, once each and in the same order. "
            f"Expected {_describe(original.labels)}, found {_describe(found_labels)}. "
            "Edit only the text between the tags (Ctrl+Z in the editor undoes typing)."
        )
    parts: list[str | InlineTag] = []
    position = 0
    for (start, end, _), placeholder in zip(found, original.placeholders, strict=True):
        if start > position:
            parts.append(text[position:start])
        parts.append(placeholder.tag)
        position = end
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts)
