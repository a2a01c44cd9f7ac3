"""The bilingual review table: source cue | target cue | status | comments, as a Word document.

A translation does not keep the source's cue boundaries: it merges two
source cues into one or splits one into two. So a row holds the cues of
both languages that belong together — two source cues and one target for a
merge, one source and two targets for a split — each shown with its
timecode. Cues are paired as the segment review grid pairs them
(`app.segments.caption_pairs`), so the client's table and the reviewer's
grid agree.

The status says whether the row's target cues were marked reviewed; the
comments column holds the language's comments tied to one of the row's
target cues or to a time inside the row. Comments tied to neither are
listed under the table, so nothing written in review is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docx.shared import Pt
from docx.table import _Cell

from app.captions.model import Cue, Track
from app.captions.quality import visible_text
from app.captions.webvtt_file import parse
from app.reports.review_report import span
from app.reports.word_layout import (
    add_row,
    add_timecode,
    data_table,
    new_document,
    usable_width_cm,
    write_text,
)
from app.segments import caption_pairs
from app.storage import Comment, CommentStore, Database, JobStore, TrackKind, TrackStore

HEADERS = ("Source", "Target", "Status", "Comments")


@dataclass(frozen=True, slots=True)
class BilingualRow:
    """Source and target cues that share their time (0-based indexes into each track)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    status: str
    comments: tuple[Comment, ...]
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class BilingualTableInput:
    """Everything the bilingual table shows, as plain values."""

    job_id: str
    job_title: str
    source_language: str
    target_language: str
    source_cues: Sequence[Cue]
    target_cues: Sequence[Cue]
    reviewed_cues: frozenset[int]  # target cue indexes
    comments: Sequence[Comment] = ()
    made_at: datetime | None = None


def row_groups(source: Sequence[Cue], target: Sequence[Cue]) -> list[tuple[list[int], list[int]]]:
    """The table's rows as (source cue indexes, target cue indexes), in time order.

    The pairing is the review grid's (`app.segments.caption_pairs`), one pair
    per target cue; pairs that share a source cue (a split) are joined into
    one row, so the source text is shown once next to all its parts.
    """
    pairs = caption_pairs.pair_cues(Track(list(source)), Track(list(target)))
    rows: list[tuple[list[int], list[int]]] = []
    row_of_source: dict[int, int] = {}
    for pair in pairs:
        joined = next((row_of_source[i] for i in pair.source_indexes if i in row_of_source),
                      None)
        if joined is None:
            joined = len(rows)
            rows.append(([], []))
        sources, targets = rows[joined]
        for i in pair.source_indexes:
            if i not in row_of_source:
                row_of_source[i] = joined
                sources.append(i)
        if pair.target_index is not None:
            targets.append(pair.target_index)
    for sources, targets in rows:
        sources.sort(key=lambda i: source[i].start_ms)
        targets.sort(key=lambda j: target[j].start_ms)
    return rows


def _status(target: Sequence[int], reviewed: frozenset[int]) -> str:
    done = sum(1 for j in target if j in reviewed)
    if not target:
        return "No target cue"
    if done == len(target):
        return "Reviewed"
    if done == 0:
        return "Not reviewed"
    return f"Partly reviewed ({done} of {len(target)})"


def bilingual_rows(table: BilingualTableInput) -> tuple[list[BilingualRow], list[Comment]]:
    """The table's rows, and the comments that belong to no row."""
    source, target = table.source_cues, table.target_cues
    rows: list[BilingualRow] = []
    placed: set[str] = set()
    for source_group, target_group in row_groups(source, target):
        cues = [source[i] for i in source_group] + [target[j] for j in target_group]
        start = min(cue.start_ms for cue in cues)
        end = max(cue.end_ms for cue in cues)
        comments = tuple(
            comment for comment in table.comments
            if comment.id not in placed and (
                comment.cue_index in target_group
                or (comment.cue_index is None and comment.timestamp_ms is not None
                    and start <= comment.timestamp_ms < end)
            )
        )
        placed.update(comment.id for comment in comments)
        rows.append(BilingualRow(tuple(source_group), tuple(target_group),
                                 _status(target_group, table.reviewed_cues), comments,
                                 start, end))
    unplaced = [comment for comment in table.comments if comment.id not in placed]
    return rows, unplaced


def _comment_line(comment: Comment) -> str:
    return f"{comment.author}: {comment.body}"


def _write_cues(cell: _Cell, cues: Sequence[Cue], indexes: Sequence[int]) -> None:
    for position, index in enumerate(indexes):
        cue = cues[index]
        paragraph = cell.paragraphs[0] if position == 0 else cell.add_paragraph()
        if position:
            paragraph.paragraph_format.space_before = Pt(4)  # the parts of a split read apart
        add_timecode(paragraph, f"#{index + 1}  {span(cue)}")
        write_text(cell, visible_text(cue.text), first=False)


def write_bilingual_table(path: Path, table: BilingualTableInput) -> None:
    """Write the bilingual review table of one job and target language to `path` (.docx)."""
    document = new_document(
        landscape=True,
        footer=f"{table.job_title} · {table.source_language} → {table.target_language}",
    )
    document.add_heading("Bilingual review table", level=0)
    made = (table.made_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M %Z").strip()
    document.add_paragraph(
        f"{table.job_title} ({table.job_id}) — {table.source_language} → "
        f"{table.target_language}. Made {made}.",
        style="Subtitle",
    )
    rows, unplaced = bilingual_rows(table)
    reviewed = sum(1 for j in table.reviewed_cues if 0 <= j < len(table.target_cues))
    document.add_paragraph(
        f"{len(table.source_cues)} source cues, {len(table.target_cues)} target cues, "
        f"{reviewed} reviewed. Each row holds the cues of both languages that share "
        "their time; timecodes are hours:minutes:seconds.milliseconds."
    )
    width = usable_width_cm(document)
    widths = (9.0, 9.0, 2.8, width - 20.8)
    headers = (f"Source ({table.source_language})", f"Target ({table.target_language})",
               "Status", "Comments")
    word_table = data_table(document, headers, widths)
    for row in rows:
        cells = add_row(word_table, widths)
        _write_cues(cells[0], table.source_cues, row.source)
        _write_cues(cells[1], table.target_cues, row.target)
        write_text(cells[2], row.status, bold=row.status == "Reviewed")
        for position, comment in enumerate(row.comments):
            write_text(cells[3], _comment_line(comment), first=position == 0, size=9)
    if unplaced:
        document.add_heading("Comments on the whole language", level=1)
        for comment in unplaced:
            document.add_paragraph(_comment_line(comment), style="List Bullet")
    document.save(str(path))


def bilingual_table_input(
    database: Database,
    job_id: str,
    target_language: str,
    *,
    kind: TrackKind | str = TrackKind.CAPTIONS,
) -> BilingualTableInput:
    """Gather a job's source and target tracks, reviewed cues and comments from the database.

    Raises LookupError when the job, the language or either track is not stored.
    """
    job = JobStore(database).get_job(job_id)
    stored = None if job is None else job.language(target_language)
    if job is None or stored is None:
        raise LookupError(f"Language {target_language} of job {job_id} is not stored here")
    tracks = TrackStore(database)
    source = tracks.get_track(job_id, job.source_language, kind)
    target = tracks.get_track(job_id, target_language, kind)
    if source is None or target is None:
        missing = job.source_language if source is None else target_language
        raise LookupError(f"The {missing} track of job {job_id} is not stored here")
    return BilingualTableInput(
        job_id=job.id,
        job_title=job.title,
        source_language=job.source_language,
        target_language=target_language,
        source_cues=list(parse(source.working_content).cues),
        target_cues=list(parse(target.working_content).cues),
        reviewed_cues=frozenset(stored.reviewed_cues),
        comments=CommentStore(database).list_comments(job_id, target_language),
    )
