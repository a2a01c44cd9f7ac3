"""Three-way merge of caption tracks, cue by cue.

The sync worker calls `merge_tracks(base, mine, theirs)` when the server has
moved on from the version (`base`) that the local edits (`mine`) started
from. Changes to different cues merge silently; the same cue changed
differently on both sides is a `Conflict`, which the user settles in the
resolution view; `resolve` then builds the final track from their choices.
Nothing is dropped silently in either direction.

**Matching.** Server versions are plain WebVTT text, so cues have no stable
ids (identifiers are optional and get renumbered). Each side is aligned with
the base on its own: `difflib.SequenceMatcher` over cue content keys
(timing, text, settings; the identifier is left out so a renumbered file
still lines up) finds the cues that did not change. Between two matched
neighbours, a run of base cues replaced by a run of side cues is paired
position by position when the runs have the same length and block types: a
cue edited in place, however much, is the same cue. When the lengths differ
the run is paired by similarity (time overlap and text likeness, `_MATCH`),
keeping order, and whatever stays unpaired is a deletion or an insertion.
Similarity is only ever computed inside such runs, and only for candidate
pairs that overlap in time or have the same text, so merging two 2,000-cue
versions costs little more than the alignment itself.

**Per base cue.** Unchanged on both sides: kept. Changed on one side: that
side. Deleted on one side and unchanged on the other: deleted. Deleted on
one side and changed on the other, or changed differently on both: a
conflict. The same change on both sides is not a conflict. "Changed" means
timing, text or settings; the identifier is a label merged on its own, so a
server renumbering its cues does not collide with a local text edit (and a
cue deleted on one side and only renumbered on the other stays deleted).

**Insertions** from both sides are all kept, between the base neighbours
they were inserted next to. When both sides inserted at the same place, the
union is put in time order and a cue inserted identically on both sides
appears once. Two different insertions at the same place are both kept even
if they overlap in time: neither overwrites the other, and overlapping cues
are the quality checks' business, not a merge conflict.

**Other blocks** (NOTE, STYLE, REGION, ignored text) merge like cues, matched
by kind and text: theirs, unless only mine changed the block; changed (or
deleted and changed) differently on both sides is a conflict too, so no
block text is lost. The header follows the same rule. The layout (BOM, line
ends, hour format) is a formatting habit with no text in it: theirs unless
only mine changed it, never a conflict.

**Provisional content.** A conflicted merge still yields a valid track:
each conflict holds its place with theirs' version (or nothing where theirs
deleted it), because theirs is what the server holds now.

**File text.** A cue or block that comes through unchanged from one side is
that side's very object, so the writer can emit its original file text.
Objects from different files must not be joined as if they had been
neighbours in one file, see `_tidy_sources`.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from app.captions.model import Block, Cue, Header, Layout, Track
from app.captions.timecode import format_timestamp

Item = Cue | Block
Part = Cue | Block | Header

# Two cues in a replaced run are the same cue edited when their similarity
# (mean of time overlap and text likeness, each 0..1) reaches this: the same
# text anywhere in the run, or the same time slot with any text, qualifies;
# a half-overlapping cue with different words does not.
_MATCH = 0.5
# Above this many NOTE/STYLE pairs in one replaced run, only blocks with
# identical text are paired: such runs are pathological and must stay cheap.
_MAX_BLOCK_PAIRS = 10_000
# How a block's file text ends when a blank line follows it (as the writer checks).
_BLANK_LINE_ENDS = ("\n\n", "\r\n\r\n", "\r\r")
# Insertions with no cue after them in their run sort after every cue.
_LAST = sys.maxsize


class ConflictKind(Enum):
    CUE = "cue"
    BLOCK = "block"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class Conflict:
    """One cue (or block, or the header) changed differently on both sides.

    `key` is stable for the same three inputs and names the base part
    (``cue:3`` is the fourth cue of the base); `resolve` takes choices by
    it. `position` is where the part sits in the merged track's blocks (or
    would sit, when theirs deleted it) and `cue_index` the same among its
    cues; both are -1 for the header.
    """

    key: str
    kind: ConflictKind
    base: Part | None
    mine: Part | None
    theirs: Part | None
    position: int
    cue_index: int

    def describe(self) -> str:
        """A sentence for the resolution view, e.g. "Cue at 00:00:12.000 changed on both sides"."""
        if self.mine is None:
            how = "deleted in mine and changed in theirs"
        elif self.theirs is None:
            how = "changed in mine and deleted in theirs"
        else:
            how = "changed on both sides"
        return f"{self._subject()} {how}"

    def _subject(self) -> str:
        reference = self.base or self.theirs or self.mine
        if isinstance(reference, Cue):
            return f"Cue at {format_timestamp(max(reference.start_ms, 0))}"
        if isinstance(reference, Block):
            first = reference.text.split("\n", 1)[0]
            shown = first if len(first) <= 40 else first[:40] + "…"
            return f"{reference.kind.name} block “{shown}”"
        return "The file header"


class Take(Enum):
    """A resolution that needs no new content."""

    MINE = "mine"
    THEIRS = "theirs"
    DELETE = "delete"


# Take one side, delete, or put this edited cue (block, header) in its place.
Resolution = Take | Cue | Block | Header


@dataclass(frozen=True, slots=True)
class _Origin:
    """What `_tidy_sources` needs of an input track, frozen at merge time."""

    header: Header
    newline: str
    blocks: tuple[Item, ...]
    places: Mapping[int, int]  # id(block) → position in `blocks`


@dataclass(frozen=True, eq=False)
class MergeResult:
    """The merged track (provisional where conflicted) and the conflicts."""

    track: Track
    conflicts: tuple[Conflict, ...]
    # The merged blocks with each conflict in its place, for `resolve`.
    _plan: tuple[Item | Conflict, ...] = field(default=(), repr=False)
    _origins: tuple[_Origin, ...] = field(default=(), repr=False)

    @property
    def is_clean(self) -> bool:
        return not self.conflicts

    def conflict(self, key: str) -> Conflict:
        for conflict in self.conflicts:
            if conflict.key == key:
                return conflict
        raise KeyError(key)


# --- merging ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pending:
    """A conflict before its place in the merged track is known."""

    key: str
    kind: ConflictKind
    base: Item
    mine: Item | None
    theirs: Item | None


def merge_tracks(base: Track, mine: Track, theirs: Track) -> MergeResult:
    """Merge the changes `mine` and `theirs` each made to `base`."""
    base_items, mine_items, theirs_items = list(base.blocks), list(mine.blocks), list(theirs.blocks)
    to_mine = _align(base_items, mine_items)
    to_theirs = _align(base_items, theirs_items)

    plan: list[Item | _Pending] = []
    cues_seen = blocks_seen = 0
    for gap in range(len(base_items) + 1):
        plan.extend(_merge_insertions(
            [mine_items[j] for j in to_mine.inserted.get(gap, ())],
            [theirs_items[j] for j in to_theirs.inserted.get(gap, ())],
        ))
        if gap == len(base_items):
            break
        old = base_items[gap]
        j_mine, j_theirs = to_mine.counterpart[gap], to_theirs.counterpart[gap]
        ours = None if j_mine is None else mine_items[j_mine]
        other = None if j_theirs is None else theirs_items[j_theirs]
        merged: Item | None
        if isinstance(old, Cue):
            # pairing never crosses types, so the counterparts of a cue are cues
            assert not isinstance(ours, Block) and not isinstance(other, Block)
            merged, clash = _merge_cue(old, ours, other)
            key, kind = f"cue:{cues_seen}", ConflictKind.CUE
            cues_seen += 1
        else:
            merged, clash = _merge_item(old, ours, other)
            key, kind = f"block:{blocks_seen}", ConflictKind.BLOCK
            blocks_seen += 1
        if clash:
            plan.append(_Pending(key, kind, old, ours, other))
        elif merged is not None:
            plan.append(merged)

    header, header_clash = _merge_header(base.header, mine.header, theirs.header)
    layout = mine.layout if theirs.layout == base.layout else theirs.layout
    conflicts: list[Conflict] = []
    if header_clash:
        conflicts.append(Conflict("header", ConflictKind.HEADER, base.header, mine.header,
                                  theirs.header, -1, -1))
    blocks: list[Item] = []
    final_plan: list[Item | Conflict] = []
    cue_count = 0
    for entry in plan:
        if isinstance(entry, _Pending):
            conflict = Conflict(entry.key, entry.kind, entry.base, entry.mine, entry.theirs,
                                len(blocks), cue_count)
            conflicts.append(conflict)
            final_plan.append(conflict)
            placeholder = entry.theirs
        else:
            final_plan.append(entry)
            placeholder = entry
        if placeholder is not None:
            blocks.append(placeholder)
            cue_count += isinstance(placeholder, Cue)

    origins = tuple(_origin(track) for track in (base, mine, theirs))
    blocks, header = _tidy_sources(blocks, header, layout, origins)
    return MergeResult(Track(blocks, header=header, layout=layout), tuple(conflicts),
                       tuple(final_plan), origins)


def _content(cue: Cue) -> tuple[int, int, str, str]:
    return (cue.start_ms, cue.end_ms, cue.text, cue.settings)


def _key(item: Item) -> tuple[object, ...]:
    """What must be equal for two versions of a part to count as unchanged.

    The identifier is left out (see the module docstring), and so are a
    block's line number and problem, which follow from where it sits.
    """
    if isinstance(item, Cue):
        return ("cue", *_content(item))
    return ("block", item.kind.value, item.text)


def _merge_item(old: Item, mine: Item | None, theirs: Item | None) -> tuple[Item | None, bool]:
    """The three-way rule on whole parts: the merged part (None: deleted) and whether it clashes."""
    if mine is not None and _key(mine) == _key(old):
        return theirs, False
    if theirs is not None and _key(theirs) == _key(old):
        return mine, False
    if mine is None and theirs is None:
        return None, False
    if mine is not None and theirs is not None and _key(mine) == _key(theirs):
        return theirs, False
    return theirs, True


def _merge_cue(old: Cue, mine: Cue | None, theirs: Cue | None) -> tuple[Cue | None, bool]:
    """`_merge_item` for a cue, with the identifier merged apart from the content."""
    if mine is None or theirs is None:
        # a deletion beats a side that only renumbered the cue: no words are lost
        survivor = mine if theirs is None else theirs
        if survivor is None or _content(survivor) == _content(old):
            return None, False
        return None, True
    mine_changed = _content(mine) != _content(old)
    theirs_changed = _content(theirs) != _content(old)
    if mine_changed and theirs_changed and _content(mine) != _content(theirs):
        return None, True
    mine_renamed = mine.identifier != old.identifier
    theirs_renamed = theirs.identifier != old.identifier
    if mine_renamed and theirs_renamed and mine.identifier != theirs.identifier:
        return None, True
    content = mine if mine_changed and not theirs_changed else theirs
    identifier = mine.identifier if mine_renamed and not theirs_renamed else theirs.identifier
    for side in (theirs, mine):
        # an unchanged object keeps its file text
        if side.identifier == identifier and _content(side) == _content(content):
            return side, False
    return content.edited(identifier=identifier), False


def _merge_header(base: Header, mine: Header, theirs: Header) -> tuple[Header, bool]:
    if mine.text in (base.text, theirs.text):
        return theirs, False
    if theirs.text == base.text:
        return mine, False
    return theirs, True


# start, block-before-cue rank, end, text (kind and text for a block), identifier, settings
_SortKey = tuple[int, int, int, str, str, str]


def _insertion_order(items: Sequence[Item]) -> list[tuple[_SortKey, Item]]:
    """Sort keys for inserted parts: cues by time; a block just before the cue after it."""
    keyed: list[tuple[_SortKey, Item]] = []
    following = _LAST
    for item in reversed(items):
        if isinstance(item, Cue):
            following = item.start_ms
            keyed.append(((item.start_ms, 1, item.end_ms, item.text, item.identifier,
                           item.settings), item))
        else:
            keyed.append(((following, 0, 0, item.kind.value, item.text, ""), item))
    keyed.reverse()
    return keyed


def _merge_insertions(mine: list[Item], theirs: list[Item]) -> list[Item]:
    """The parts both sides inserted at one place in the base."""
    if not mine:
        return theirs
    mine_keyed, theirs_keyed = _insertion_order(mine), _insertion_order(theirs)
    if not theirs or [k for k, _ in mine_keyed] == [k for k, _ in theirs_keyed]:
        return theirs or mine
    # Different insertions at one place: their multiset union in time order.
    # Sorting (not interleaving the two lists as given) makes the result the
    # same whichever side is "mine", so a merge is symmetric.
    objects: dict[_SortKey, Item] = {}
    counts: Counter[_SortKey] = Counter()
    for keyed in (theirs_keyed, mine_keyed):
        counts |= Counter(key for key, _ in keyed)
        for key, item in keyed:
            objects.setdefault(key, item)
    return [objects[key] for key in sorted(counts.elements())]


# --- matching -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Alignment:
    """One side against the base.

    `counterpart[i]` is the side index of base part i (None: deleted);
    `inserted[g]` lists the side indexes of parts inserted before base part
    g (g == len(base): at the end), in side order.
    """

    counterpart: list[int | None]
    inserted: dict[int, list[int]]


def _align(base: Sequence[Item], side: Sequence[Item]) -> _Alignment:
    counterpart: list[int | None] = [None] * len(base)
    # autojunk would treat frequent keys as noise; cue keys are near-unique anyway
    matcher = difflib.SequenceMatcher(None, [_key(b) for b in base], [_key(s) for s in side],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                counterpart[i1 + offset] = j1 + offset
        elif tag == "replace":
            for i, j in _pair_run(base[i1:i2], side[j1:j2]):
                counterpart[i1 + i] = j1 + j
    matched = {j: i for i, j in enumerate(counterpart) if j is not None}
    inserted: dict[int, list[int]] = {}
    gap = 0
    for j in range(len(side)):
        if j in matched:
            gap = matched[j] + 1
        else:
            inserted.setdefault(gap, []).append(j)
    return _Alignment(counterpart, inserted)


def _same_type(a: Item, b: Item) -> bool:
    if isinstance(a, Cue) or isinstance(b, Cue):
        return isinstance(a, Cue) and isinstance(b, Cue)
    return a.kind is b.kind


def _pair_run(olds: Sequence[Item], news: Sequence[Item]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of a replaced run: the same parts, edited."""
    if len(olds) == len(news) and all(map(_same_type, olds, news)):
        # Between matched neighbours, k parts replaced by k parts of the same
        # kinds are those parts edited, however much: positions are the best
        # evidence there is, and a rewrite is still an edit of that cue.
        return [(k, k) for k in range(len(olds))]
    return _heaviest_chain(_candidates(olds, news), len(news))


def _candidates(olds: Sequence[Item], news: Sequence[Item]) -> list[tuple[int, int, float]]:
    """Scored pairs worth considering: cues that overlap in time or share their text."""
    cue_at = {n: c for n, c in enumerate(news) if isinstance(c, Cue)}
    new_cues = sorted((c.start_ms, n) for n, c in cue_at.items())
    starts = [start for start, _ in new_cues]
    # A long cue can start well before one it overlaps: widen the scan by the longest.
    longest = max((max(c.duration_ms, 0) for c in cue_at.values()), default=0)
    by_text: dict[str, list[tuple[int, int]]] = {}
    for start, n in new_cues:
        by_text.setdefault(cue_at[n].text, []).append((start, n))
    new_blocks = [(n, b) for n, b in enumerate(news) if isinstance(b, Block)]
    old_block_count = sum(isinstance(b, Block) for b in olds)
    every_block_pair = old_block_count * len(new_blocks) <= _MAX_BLOCK_PAIRS

    pairs: list[tuple[int, int, float]] = []
    for k, old in enumerate(olds):
        if isinstance(old, Cue):
            near: set[int] = set()
            low = bisect.bisect_left(starts, old.start_ms - longest)
            high = bisect.bisect_right(starts, old.end_ms)
            near.update(n for _, n in new_cues[low:high] if cue_at[n].end_ms >= old.start_ms)
            # the same words moved in time: a few nearest repeats are enough
            same_text = by_text.get(old.text, [])
            at = bisect.bisect_left(same_text, (old.start_ms, -1))
            near.update(n for _, n in same_text[max(at - 2, 0):at + 2])
            for n in sorted(near):
                new = cue_at[n]
                score = (_time_overlap(old, new) + _text_likeness(old.text, new.text)) / 2
                if score >= _MATCH:
                    pairs.append((k, n, score))
        else:
            for n, block in new_blocks:
                if block.kind is old.kind and (every_block_pair or block.text == old.text):
                    score = _text_likeness(old.text, block.text)
                    if score >= _MATCH:
                        pairs.append((k, n, score))
    return pairs


def _time_overlap(a: Cue, b: Cue) -> float:
    """Intersection over union of the two cues' time spans."""
    if (a.start_ms, a.end_ms) == (b.start_ms, b.end_ms):
        return 1.0
    inter = min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)
    union = max(a.end_ms, b.end_ms) - min(a.start_ms, b.start_ms)
    return inter / union if inter > 0 and union > 0 else 0.0


def _text_likeness(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _heaviest_chain(pairs: list[tuple[int, int, float]], width: int) -> list[tuple[int, int]]:
    """The order-keeping set of pairs with the highest total score.

    A weighted longest common subsequence over the sparse candidate pairs:
    O(p log p) with a Fenwick tree of best chain totals by new index.
    """
    if not pairs:
        return []
    # Same old index: descending new index, so one old part never pairs twice.
    pairs.sort(key=lambda p: (p[0], -p[1]))
    tree_total = [0.0] * (width + 1)
    tree_end = [-1] * (width + 1)
    totals = [0.0] * len(pairs)
    previous = [-1] * len(pairs)
    for p, (_, n, score) in enumerate(pairs):
        best, best_end = 0.0, -1
        x = n  # chains ending at new indexes < n live at tree slots 1..n
        while x > 0:
            if tree_total[x] > best:
                best, best_end = tree_total[x], tree_end[x]
            x -= x & -x
        totals[p], previous[p] = best + score, best_end
        x = n + 1
        while x <= width:
            if totals[p] > tree_total[x]:
                tree_total[x], tree_end[x] = totals[p], p
            x += x & -x
    chain: list[tuple[int, int]] = []
    end = max(range(len(pairs)), key=totals.__getitem__)
    while end >= 0:
        chain.append((pairs[end][0], pairs[end][1]))
        end = previous[end]
    chain.reverse()
    return chain


# --- file text ----------------------------------------------------------------------


def _origin(track: Track) -> _Origin:
    blocks = tuple(track.blocks)
    return _Origin(track.header, track.layout.newline, blocks,
                   {id(b): n for n, b in enumerate(blocks)})


def _tidy_sources(blocks: list[Item], header: Header, layout: Layout,
                  origins: Sequence[_Origin]) -> tuple[list[Item], Header]:
    """Keep each part's file text only where the writer will use it correctly.

    Parts keep their file text and stay the very objects (the writer knows
    from `SourceText.origin` which parts were neighbours in one file). Only
    text written with other line ends than the merged layout's is dropped, so
    a file does not mix CRLF and LF; the writer formats those parts afresh.
    """
    def written_alike(part: Part) -> bool:
        if isinstance(part, Header):
            return any(o.header is part and o.newline == layout.newline for o in origins)
        return any(id(part) in o.places and o.newline == layout.newline for o in origins)

    if header.source is not None and not written_alike(header):
        header = Header(header.text)
    out: list[Item] = [
        dataclasses.replace(part, source=None)
        if part.source is not None and not written_alike(part) else part
        for part in blocks
    ]
    return out, header


# --- resolving ----------------------------------------------------------------------


def resolve(result: MergeResult, choices: Mapping[str, Resolution]) -> Track:
    """The final track, with every conflict settled as `choices` (by conflict key) says.

    Every conflict needs a choice and every choice a conflict: a forgotten
    conflict must not quietly become theirs.
    """
    known = {c.key: c for c in result.conflicts}
    unknown = sorted(set(choices) - set(known))
    if unknown:
        raise ValueError(f"no conflict has the key {', '.join(unknown)}")
    missing = [key for key in known if key not in choices]
    if missing:
        raise ValueError(f"conflicts left unresolved: {', '.join(missing)}")

    header = result.track.header
    if "header" in known:
        chosen_header = _chosen(known["header"], choices["header"])
        if not isinstance(chosen_header, Header):
            raise ValueError("the header cannot be deleted; take mine, theirs or an edited header")
        header = chosen_header
    blocks: list[Item] = []
    for entry in result._plan:
        if not isinstance(entry, Conflict):
            blocks.append(entry)
            continue
        chosen = _chosen(entry, choices[entry.key])
        if isinstance(chosen, Header):
            raise ValueError(f"{entry.key}: a header cannot replace a cue or block")
        if chosen is not None:
            blocks.append(chosen)
    blocks, header = _tidy_sources(blocks, header, result.track.layout, result._origins)
    return Track(blocks, header=header, layout=result.track.layout)


def _chosen(conflict: Conflict, choice: Resolution) -> Part | None:
    if choice is Take.MINE:
        return conflict.mine
    if choice is Take.THEIRS:
        return conflict.theirs
    if choice is Take.DELETE:
        return None
    expected = {ConflictKind.CUE: Cue, ConflictKind.BLOCK: Block, ConflictKind.HEADER: Header}
    wanted = expected[conflict.kind]
    if not isinstance(choice, wanted):
        raise ValueError(f"{conflict.key}: expected an edited {wanted.__name__}, "
                         f"got {type(choice).__name__}")
    return choice
