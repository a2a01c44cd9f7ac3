"""The review report of one language, as a Word document a PM sends to a client.

It states where the language stands (QC state, linguist, reviewer, how many
cues were reviewed) and lists what review found: the QC findings, the
comments and the time-coded review notes. `write_review_report` takes plain
values (`ReviewReportInput`); `review_report_input` gathers them from the
profile database for one job and language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.captions.model import Cue
from app.captions.quality import (
    EMPTY_CUE,
    IGNORED_BLOCK,
    LINE_COUNT,
    LINE_LENGTH,
    MAX_DURATION,
    MIN_DURATION,
    MIN_GAP,
    OVERLAP,
    READING_SPEED,
    TIMING_ORDER,
    Finding,
    QualityProfile,
    Severity,
    check_track,
)
from app.captions.timecode import format_timestamp
from app.captions.webvtt_file import parse
from app.reports.word_layout import (
    add_row,
    add_timecode,
    data_table,
    facts_table,
    new_document,
    usable_width_cm,
    write_text,
)
from app.storage import (
    Comment,
    CommentStore,
    Database,
    JobStore,
    ReviewNote,
    ReviewNoteStore,
    TrackKind,
    TrackStore,
)
from app.workflow.language_qc import state_words

# Words and units for the rule ids (the ids are stable; these are for people).
_RULE_WORDS: Mapping[str, tuple[str, str]] = {
    READING_SPEED: ("Reading speed", "CPS"),
    LINE_LENGTH: ("Line length", "characters"),
    LINE_COUNT: ("Line count", "lines"),
    MIN_DURATION: ("Too short", "ms"),
    MAX_DURATION: ("Too long", "ms"),
    MIN_GAP: ("Gap too small", "ms"),
    OVERLAP: ("Overlap", "ms"),
    EMPTY_CUE: ("Empty cue", ""),
    TIMING_ORDER: ("Ends before it starts", "ms"),
    IGNORED_BLOCK: ("Unreadable block", ""),
}

FINDING_HEADERS = ("Cue", "Rule", "Severity", "Measured / limit", "What to do")
COMMENT_HEADERS = ("Written", "By", "About", "Comment")
NOTE_HEADERS = ("Time", "Kind", "Status", "By", "Note")


@dataclass(frozen=True, slots=True)
class ReviewReportInput:
    """Everything the review report shows, as plain values.

    `cues` are the language's cues (to give findings and comments their
    timecodes); `reviewed_cues` are 0-based cue indexes.
    """

    job_id: str
    job_title: str
    language: str
    qc_state: str
    linguist: str
    reviewer: str
    cues: Sequence[Cue]
    reviewed_cues: frozenset[int]
    findings: Sequence[Finding] = ()
    comments: Sequence[Comment] = ()
    notes: Sequence[ReviewNote] = ()
    source_language: str = ""
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def reviewed_count(self) -> int:
        """Reviewed cues that exist in the track (a stale index counts for nothing)."""
        return sum(1 for index in self.reviewed_cues if 0 <= index < len(self.cues))


def progress_words(reviewed: int, total: int) -> str:
    """'12 of 40 cues (30%)'."""
    if total == 0:
        return "No cues"
    return f"{reviewed} of {total} cues ({round(100 * reviewed / total)}%)"


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def finding_words(findings: Sequence[Finding]) -> str:
    """'2 errors, 5 warnings' or 'None'."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "None"
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _number(value: float | int) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def measured_words(finding: Finding) -> str:
    """'23.4 CPS / 20 CPS', or '' when the rule measures nothing."""
    unit = _RULE_WORDS.get(finding.rule, ("", ""))[1]
    if finding.value is None:
        return ""
    measured = f"{_number(finding.value)} {unit}".strip()
    if finding.limit is None:
        return measured
    return f"{measured} / {_number(finding.limit)} {unit}".strip()


def rule_words(rule: str) -> str:
    return _RULE_WORDS.get(rule, (rule.replace("-", " ").capitalize(), ""))[0]


def span(cue: Cue) -> str:
    """'00:00:02.400 – 00:00:04.840'."""
    return f"{format_timestamp(cue.start_ms)} – {format_timestamp(cue.end_ms)}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def report_facts(report: ReviewReportInput) -> list[tuple[str, str]]:
    """The header block's rows: label and value."""
    open_notes = sum(1 for note in report.notes if not note.resolved)
    language = report.language + (f" (from {report.source_language})"
                                  if report.source_language else "")
    return [
        ("Job", report.job_title),
        ("Job id", report.job_id),
        ("Language", language),
        ("QC state", state_words(report.qc_state).capitalize()),
        ("Linguist", report.linguist or "Not assigned"),
        ("Reviewer", report.reviewer or "Not assigned"),
        ("Reviewed", progress_words(report.reviewed_count, len(report.cues))),
        ("QC findings", finding_words(report.findings)),
        ("Comments", str(len(report.comments))),
        ("Review notes", f"{len(report.notes)} ({open_notes} open)"),
        ("Report made", report.made_at.strftime("%Y-%m-%d %H:%M %Z").strip()),
    ]


def write_review_report(path: Path, report: ReviewReportInput) -> None:
    """Write the review report of one language to `path` (.docx)."""
    document = new_document(
        landscape=False, footer=f"{report.job_title} · {report.language} · review report"
    )
    document.add_heading("Language review report", level=0)
    document.add_paragraph(f"{report.job_title} — {report.language}", style="Subtitle")
    facts_table(document, report_facts(report))
    width = usable_width_cm(document)

    document.add_heading("QC findings", level=1)
    if not report.findings:
        document.add_paragraph("The track has no QC findings.")
    else:
        widths: tuple[float, ...] = (3.3, 2.6, 2.0, 3.6, width - 11.5)
        table = data_table(document, FINDING_HEADERS, widths)
        for finding in report.findings:
            cells = add_row(table, widths)
            _where(cells[0], report.cues, finding.cue, finding.line)
            write_text(cells[1], rule_words(finding.rule))
            write_text(cells[2], finding.severity.value.capitalize(),
                       bold=finding.severity is Severity.ERROR)
            write_text(cells[3], measured_words(finding))
            write_text(cells[4], finding.hint)

    document.add_heading("Comments", level=1)
    if not report.comments:
        document.add_paragraph("No comments.")
    else:
        widths = (3.0, 3.0, 3.6, width - 9.6)
        table = data_table(document, COMMENT_HEADERS, widths)
        for comment in report.comments:
            cells = add_row(table, widths)
            write_text(cells[0], _when(comment.created_at))
            write_text(cells[1], comment.author)
            if comment.cue_index is not None:
                _where(cells[2], report.cues, comment.cue_index, None)
            elif comment.timestamp_ms is not None:
                add_timecode(cells[2].paragraphs[0], format_timestamp(comment.timestamp_ms))
            else:
                write_text(cells[2], "The language", muted=True)
            write_text(cells[3], comment.body)

    document.add_heading("Review notes", level=1)
    if not report.notes:
        document.add_paragraph("No review notes.")
    else:
        widths = (2.8, 2.4, 2.0, 3.0, width - 10.2)
        table = data_table(document, NOTE_HEADERS, widths)
        for note in report.notes:
            cells = add_row(table, widths)
            add_timecode(cells[0].paragraphs[0], format_timestamp(note.timestamp_ms))
            write_text(cells[1], (note.kind or "note").replace("_", " ").capitalize())
            write_text(cells[2], "Resolved" if note.resolved else "Open",
                       bold=not note.resolved)
            write_text(cells[3], note.author)
            write_text(cells[4], note.body)
    document.save(str(path))


def _where(cell: Any, cues: Sequence[Cue], index: int | None, line: int | None) -> None:
    if index is None:
        write_text(cell, f"Line {line}" if line is not None else "The file")
        return
    write_text(cell, f"Cue {index + 1}")
    if 0 <= index < len(cues):
        add_timecode(cell.add_paragraph(), span(cues[index]), size=7.5)


# --- reading the inputs from the profile database ---------------------------------------


def _name(person: Mapping[str, Any] | None) -> str:
    if not person:
        return ""
    return str(person.get("name") or person.get("email") or person.get("id") or "")


def review_report_input(
    database: Database,
    job_id: str,
    language: str,
    *,
    kind: TrackKind | str = TrackKind.CAPTIONS,
    profile: QualityProfile | None = None,
) -> ReviewReportInput:
    """Gather a language's report from the local database (the server's last view).

    The QC findings are computed on the working copy, which is what the
    person sees. Raises LookupError when the job or language is not stored.
    """
    job = JobStore(database).get_job(job_id)
    stored = None if job is None else job.language(language)
    if job is None or stored is None:
        raise LookupError(f"Language {language} of job {job_id} is not stored here")
    track = TrackStore(database).get_track(job_id, language, kind)
    parsed = parse(track.working_content) if track is not None else None
    notes = [note for note in ReviewNoteStore(database).list_notes(job_id)
             if note.language in (language, None)]
    return ReviewReportInput(
        job_id=job.id,
        job_title=job.title,
        language=language,
        source_language=job.source_language,
        qc_state=stored.qc_state,
        linguist=_name(stored.linguist),
        reviewer=_name(stored.reviewer),
        cues=list(parsed.cues) if parsed is not None else [],
        reviewed_cues=frozenset(stored.reviewed_cues),
        findings=check_track(parsed, profile) if parsed is not None else [],
        comments=CommentStore(database).list_comments(job_id, language),
        notes=notes,
    )
