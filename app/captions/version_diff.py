"""Two versions of a track compared cue by cue, for a side-by-side view.

Cues are paired in passes. First untouched cues (same text and times), then
cues with the same text, are lined up in order (the longest common runs, as
`difflib` finds them): such a pair is unchanged, or changed only in timing or
settings, so a whole-track timing shift shows as timing changes, not as
every cue removed and added again. Then, in each stretch between those runs,
the remaining cues are paired by identity (the same cue id) and by how much
their times overlap, keeping the order of both versions; what finds no
partner was removed (only in the old version) or added (only in the new one).

The result is one row per pair or unpaired cue, in the order a reader scans
both versions.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from app.captions.model import Cue


class CueChange(Enum):
    """How a cue differs between the two versions; `label` is the words a person reads."""

    UNCHANGED = "unchanged"
    TEXT = "text"
    TIMING = "timing"
    TEXT_AND_TIMING = "text-and-timing"
    SETTINGS = "settings"  # only the cue settings (position, alignment) or its id
    ADDED = "added"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CueChange.UNCHANGED: "Unchanged",
    CueChange.TEXT: "Text changed",
    CueChange.TIMING: "Timing changed",
    CueChange.TEXT_AND_TIMING: "Text and timing changed",
    CueChange.SETTINGS: "Settings changed",
    CueChange.ADDED: "Added",
    CueChange.REMOVED: "Removed",
}


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One line of the side-by-side view: a cue of the old version, of the new, or both.

    Indexes are 0-based positions in each version's cue list.
    """

    change: CueChange
    old_index: int | None
    old: Cue | None
    new_index: int | None
    new: Cue | None


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Every row of a comparison, in reading order."""

    rows: tuple[DiffRow, ...]

    def count(self, change: CueChange) -> int:
        return sum(1 for row in self.rows if row.change is change)

    @property
    def changed_rows(self) -> tuple[DiffRow, ...]:
        return tuple(row for row in self.rows if row.change is not CueChange.UNCHANGED)

    def summary(self) -> str:
        """'2 text changed, 1 added' — or 'No changes'."""
        parts = [f"{self.count(change)} {change.label.lower()}"
                 for change in CueChange
                 if change is not CueChange.UNCHANGED and self.count(change)]
        return ", ".join(parts) if parts else "No changes"


def compare_cues(old: Cue, new: Cue) -> CueChange:
    """The kind of change between two cues taken to be the same cue."""
    text = old.text != new.text
    timing = (old.start_ms, old.end_ms) != (new.start_ms, new.end_ms)
    if text and timing:
        return CueChange.TEXT_AND_TIMING
    if text:
        return CueChange.TEXT
    if timing:
        return CueChange.TIMING
    if (old.settings, old.identifier) != (new.settings, new.identifier):
        return CueChange.SETTINGS
    return CueChange.UNCHANGED


def diff_versions(old: Sequence[Cue], new: Sequence[Cue]) -> VersionDiff:
    """Compare the cues of two versions of one track (old first)."""
    return VersionDiff(tuple(_align(old, new, 0, len(old), 0, len(new), 0)))


def _exact(cue: Cue) -> tuple[object, ...]:
    return (cue.text, cue.start_ms, cue.end_ms)


def _text(cue: Cue) -> tuple[object, ...]:
    return (cue.text,)


# Untouched cues anchor first, so a repeated line ("Yes.") pairs with its own
# copy rather than a neighbour's; then cues whose words stayed the same.
_KEYS = (_exact, _text)


def _align(
    old: Sequence[Cue], new: Sequence[Cue], i1: int, i2: int, j1: int, j2: int, level: int
) -> list[DiffRow]:
    if level == len(_KEYS):
        return _align_stretch(old, new, i1, i2, j1, j2)
    key = _KEYS[level]
    matcher = difflib.SequenceMatcher(
        None, [key(cue) for cue in old[i1:i2]], [key(cue) for cue in new[j1:j2]],
        autojunk=False,
    )
    rows: list[DiffRow] = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(_paired(old, new, i1 + a, j1 + b)
                        for a, b in zip(range(a1, a2), range(b1, b2), strict=True))
        else:
            rows.extend(_align(old, new, i1 + a1, i1 + a2, j1 + b1, j1 + b2, level + 1))
    return rows


def _paired(old: Sequence[Cue], new: Sequence[Cue], i: int, j: int) -> DiffRow:
    return DiffRow(compare_cues(old[i], new[j]), i, old[i], j, new[j])


def _overlap(a: Cue, b: Cue) -> float:
    """Shared time over combined time, 0..1; two zero-length cues at one instant count as 1."""
    shared = min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)
    combined = max(a.end_ms, b.end_ms) - min(a.start_ms, b.start_ms)
    if combined <= 0:
        return 1.0 if a.start_ms == b.start_ms else 0.0
    return max(0.0, shared / combined)


def _candidates(
    old: Sequence[Cue], new: Sequence[Cue], i1: int, i2: int, j1: int, j2: int
) -> dict[int, dict[int, float]]:
    """Pairs worth considering in a stretch, with their weight: old index → new index → weight.

    A shared id outweighs any overlap. New cues are searched by start time
    (a new cue overlapping old cue `a` starts after `a.start - longest new
    cue`), so a stretch of n cues costs about n log n, not n².
    """
    order = sorted(range(j1, j2), key=lambda j: new[j].start_ms)
    starts = [new[j].start_ms for j in order]
    longest = max((new[j].end_ms - new[j].start_ms for j in order), default=0)
    by_id: dict[str, int] = {}
    for j in range(j1, j2):
        if new[j].identifier:
            # An id used twice identifies nothing.
            by_id[new[j].identifier] = -1 if new[j].identifier in by_id else j
    found: dict[int, dict[int, float]] = {}
    for i in range(i1, i2):
        cue = old[i]
        weights: dict[int, float] = {}
        low = bisect.bisect_left(starts, cue.start_ms - longest)
        high = bisect.bisect_right(starts, max(cue.end_ms, cue.start_ms))
        for j in order[low:high]:
            share = _overlap(cue, new[j])
            if share > 0:
                weights[j] = share
        same = by_id.get(cue.identifier, -1) if cue.identifier else -1
        if same >= 0:
            weights[same] = weights.get(same, 0.0) + 2.0
        if weights:
            found[i] = weights
    return found


def _best_chain(candidates: dict[int, dict[int, float]], j1: int, j2: int) -> list[tuple[int, int]]:
    """The pairs with the largest total weight whose old and new indexes both increase.

    A heaviest increasing chain over a sparse set of pairs: old indexes in
    order, each pair extends the best chain ending at a smaller new index,
    found with a prefix-maximum (Fenwick) tree over new indexes.
    """
    size = j2 - j1
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (chain weight, last pair)
    pairs: list[tuple[int, int]] = []
    previous: list[int] = []

    def best_before(j: int) -> tuple[float, int]:
        position, found = j - j1, (0.0, -1)  # new indexes j1..j-1
        while position > 0:
            found = max(found, tree[position])
            position -= position & -position
        return found

    def record(j: int, entry: tuple[float, int]) -> None:
        position = j - j1 + 1
        while position <= size:
            tree[position] = max(tree[position], entry)
            position += position & -position

    for i in sorted(candidates):
        # All of one old cue's chains are found before any is recorded: one
        # old cue pairs with one new cue at most.
        extended = [(j, best_before(j), weight) for j, weight in candidates[i].items()]
        for j, (before, last), weight in extended:
            pairs.append((i, j))
            previous.append(last)
            record(j, (before + weight, len(pairs) - 1))
    _, last = best_before(j2)
    chain: list[tuple[int, int]] = []
    while last >= 0:
        chain.append(pairs[last])
        last = previous[last]
    return chain[::-1]


def _align_stretch(
    old: Sequence[Cue], new: Sequence[Cue], i1: int, i2: int, j1: int, j2: int
) -> list[DiffRow]:
    pairs = _best_chain(_candidates(old, new, i1, i2, j1, j2), j1, j2)
    rows: list[DiffRow] = []
    i, j = i1, j1
    for pair_i, pair_j in [*pairs, (i2, j2)]:
        # What lies before the next pair has no partner; removals first, as a
        # diff reader expects, then additions — each in time order.
        rows.extend(DiffRow(CueChange.REMOVED, k, old[k], None, None) for k in range(i, pair_i))
        rows.extend(DiffRow(CueChange.ADDED, None, None, k, new[k]) for k in range(j, pair_j))
        if pair_i < i2:
            rows.append(_paired(old, new, pair_i, pair_j))
        i, j = pair_i + 1, pair_j + 1
    return rows
