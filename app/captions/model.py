"""The cue and track model.

A track is the ordered list of blocks of one WebVTT file: cues, and the blocks
around them that a round trip must not lose (NOTE, STYLE, REGION, and blocks a
player ignores). Cues are immutable values; an edit replaces a cue with a new
one. A block read from a file keeps its exact original text (`source`), and
the writer emits that text for every block nobody changed, so an unedited save
is byte-identical however unusual the file was.

Undo lives here too: every change to a track is a `TrackEdit`, a list of
reversible steps, applied and reverted by the track itself (the Qt undo stack
in `ui/` only wraps these).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

_SETTING = re.compile(r"([^\s:]+):(\S+)")


@dataclass(frozen=True, slots=True)
class SourceText:
    """A block's exact text in the file it was read from, with its trailing blank lines.

    `position` is the block's order in that file and `origin` names the
    reading of that file: the writer joins two untouched blocks with their
    original separator only when they were neighbours in the same file (a
    merge puts blocks of two files side by side).
    """

    text: str
    position: int
    origin: int = 0

    def follows(self, other: SourceText | None) -> bool:
        """Whether this block came right after `other` in the same file."""
        return (other is not None and other.origin == self.origin
                and other.position + 1 == self.position)


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption or description cue.

    `settings` is the text after the end timestamp exactly as written
    (leading spaces included), so a cue whose text is edited keeps its
    settings byte for byte. `source` is the block's original file text, or
    None once the cue has been edited or when it was made in the app.
    """

    start_ms: int
    end_ms: int
    text: str
    identifier: str = ""
    settings: str = ""
    source: SourceText | None = field(default=None, compare=False, repr=False)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def edited(self, **changes: object) -> Cue:
        """A copy with some fields changed; it no longer carries the original file text."""
        return dataclasses.replace(self, source=None, **changes)  # type: ignore[arg-type]

    def setting_map(self) -> dict[str, str]:
        """Cue settings as name → value (``line``, ``position``, ``align``, …)."""
        return dict(_SETTING.findall(self.settings))


class BlockKind(Enum):
    NOTE = "note"
    STYLE = "style"
    REGION = "region"
    IGNORED = "ignored"  # text a WebVTT parser drops: kept, and reported


@dataclass(frozen=True, slots=True)
class Block:
    """A non-cue block kept for the round trip.

    `line` is the 1-based line where it started in the file it came from;
    `problem` says why a player ignores an IGNORED block.
    """

    kind: BlockKind
    text: str
    line: int = 0
    problem: str = ""
    source: SourceText | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Layout:
    """How the file was written, so saves keep its habits."""

    bom: bool = False
    newline: str = "\n"
    hours: bool = True  # write HH:MM:SS.mmm even under an hour


@dataclass(frozen=True, slots=True)
class Header:
    """The ``WEBVTT`` line and the header lines under it, as written."""

    text: str = "WEBVTT"
    source: SourceText | None = field(default=None, compare=False, repr=False)


# --- reversible steps ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplaceCues:
    """Cues at `indices` change from `before` to `after` (same count)."""

    indices: tuple[int, ...]
    before: tuple[Cue, ...]
    after: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class InsertCues:
    """`cues` are inserted so that the first lands at cue index `index`.

    `slots`, when given, are the block positions the cues take (ascending):
    undoing a removal must put each cue back between the same non-cue blocks.
    Without them the cues go right before cue `index`.
    """

    index: int
    cues: tuple[Cue, ...]
    slots: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RemoveCues:
    """The contiguous cues starting at `index` (which are `cues`) are removed.

    `slots` are their block positions (`Track.block_positions`), kept so that
    the inverse insertion restores them exactly.
    """

    index: int
    cues: tuple[Cue, ...]
    slots: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ReorderCues:
    """The whole cue order changes from `before` to `after` (a permutation)."""

    before: tuple[Cue, ...]
    after: tuple[Cue, ...]


Step = ReplaceCues | InsertCues | RemoveCues | ReorderCues


def _inverse(step: Step) -> Step:
    if isinstance(step, ReplaceCues):
        return ReplaceCues(step.indices, step.after, step.before)
    if isinstance(step, InsertCues):
        return RemoveCues(step.index, step.cues, step.slots)
    if isinstance(step, RemoveCues):
        return InsertCues(step.index, step.cues, step.slots)
    return ReorderCues(step.after, step.before)


@dataclass(frozen=True, slots=True)
class TrackEdit:
    """One undoable change to a track: a description and the steps that make it.

    `structural` is true when cues were added, removed or reordered (a view
    must re-read rows); otherwise `changed` lists the cue indexes whose
    content changed.
    """

    description: str
    steps: tuple[Step, ...]

    @property
    def structural(self) -> bool:
        return any(not isinstance(step, ReplaceCues) for step in self.steps)

    @property
    def changed(self) -> frozenset[int]:
        return frozenset(i for step in self.steps if isinstance(step, ReplaceCues)
                         for i in step.indices)

    def inverse(self) -> TrackEdit:
        steps = tuple(_inverse(step) for step in reversed(self.steps))
        return TrackEdit(f"Undo {self.description}", steps)

    def is_empty(self) -> bool:
        return not self.steps


def combine(description: str, edits: Iterable[TrackEdit]) -> TrackEdit:
    """Join edits that were applied one after another into one undo step."""
    return TrackEdit(description, tuple(step for edit in edits for step in edit.steps))


class Track:
    """The blocks of one WebVTT file and the operations that change them.

    Cue indexes count cues only; other blocks keep their place between the
    cues around them.
    """

    def __init__(
        self,
        blocks: Sequence[Cue | Block] = (),
        *,
        header: Header | None = None,
        layout: Layout | None = None,
    ) -> None:
        self.header = header or Header()
        self.layout = layout or Layout()
        self._blocks: list[Cue | Block] = list(blocks)
        self._cues: list[Cue] | None = None
        self._slots: list[int] | None = None

    # --- reading ----------------------------------------------------------------

    @property
    def blocks(self) -> Sequence[Cue | Block]:
        return self._blocks

    @property
    def cues(self) -> Sequence[Cue]:
        if self._cues is None:
            self._index()
        assert self._cues is not None
        return self._cues

    def __len__(self) -> int:
        return len(self.cues)

    def ignored_blocks(self) -> list[Block]:
        return [b for b in self._blocks if isinstance(b, Block) and b.kind is BlockKind.IGNORED]

    def _index(self) -> None:
        self._slots = [i for i, b in enumerate(self._blocks) if isinstance(b, Cue)]
        self._cues = [self._blocks[i] for i in self._slots]  # type: ignore[misc]

    def block_positions(self, start: int, stop: int) -> tuple[int, ...]:
        """Positions in `blocks` of cues start..stop-1."""
        if self._slots is None:
            self._index()
        assert self._slots is not None
        return tuple(self._slots[start:stop])

    def _slot(self, cue_index: int) -> int:
        """Block position for a cue index; len(cues) means after the last cue."""
        if self._slots is None:
            self._index()
        assert self._slots is not None
        if cue_index < len(self._slots):
            return self._slots[cue_index]
        if not self._slots:
            return len(self._blocks)
        return self._slots[-1] + 1

    # --- changing ---------------------------------------------------------------

    def apply(self, edit: TrackEdit) -> None:
        """Carry out an edit (also used for redo)."""
        for step in edit.steps:
            self._apply_step(step)

    def revert(self, edit: TrackEdit) -> None:
        """Undo an edit that is the last one applied."""
        self.apply(edit.inverse())

    def _apply_step(self, step: Step) -> None:
        cues = self.cues
        if isinstance(step, ReplaceCues):
            for index, before, after in zip(step.indices, step.before, step.after, strict=True):
                if cues[index] is not before and cues[index] != before:
                    raise ValueError(f"cue {index + 1} is not the one this edit expected")
                assert self._slots is not None and self._cues is not None
                self._blocks[self._slots[index]] = after
                self._cues[index] = after
        elif isinstance(step, InsertCues):
            if not 0 <= step.index <= len(cues):
                raise IndexError(f"cannot insert at cue {step.index + 1}")
            if step.slots:
                # ascending final positions: each insertion leaves the earlier ones in place
                for slot, cue in zip(step.slots, step.cues, strict=True):
                    self._blocks.insert(slot, cue)
            else:
                slot = self._slot(step.index)
                self._blocks[slot:slot] = step.cues
            self._cues = self._slots = None
        elif isinstance(step, RemoveCues):
            end = step.index + len(step.cues)
            if list(cues[step.index:end]) != list(step.cues):
                raise ValueError(f"cues {step.index + 1}–{end} are not the ones this edit expected")
            assert self._slots is not None
            for slot in reversed(self._slots[step.index:end]):
                del self._blocks[slot]
            self._cues = self._slots = None
        else:
            if list(cues) != list(step.before):
                raise ValueError("the cue order is not the one this edit expected")
            assert self._slots is not None
            for slot, cue in zip(self._slots, step.after, strict=True):
                self._blocks[slot] = cue
            self._cues = list(step.after)

    def copy(self) -> Track:
        """An independent track with the same blocks (cues are immutable, so they are shared)."""
        return Track(self._blocks, header=self.header, layout=self.layout)
