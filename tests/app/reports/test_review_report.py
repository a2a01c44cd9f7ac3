"""The language review report: facts, findings, comments and notes, read back with python-docx."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from app.captions.quality import (
    EMPTY_CUE,
    READING_SPEED,
    Finding,
    Severity,
    check_track,
    profile_named,
)
from app.captions.webvtt_file import parse
from app.reports.review_report import (
    COMMENT_HEADERS,
    FINDING_HEADERS,
    NOTE_HEADERS,
    ReviewReportInput,
    measured_words,
    progress_words,
    review_report_input,
    write_review_report,
)
from app.storage import Database
from tests.app.reports.conftest import JOB_ID, TITLE, demo_text


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def facts(document: docx.document.Document) -> dict[str, str]:
    return {label: value for label, value in texts(document.tables[0])}


def table_with(document: docx.document.Document, headers: tuple[str, ...]) -> Table:
    return next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == headers)


def test_the_report_from_the_database_holds_the_languages_review(
    database: Database, demo_job: str, tmp_path: Path
) -> None:
    report = review_report_input(database, demo_job, "fr")
    path = tmp_path / "report.docx"
    write_review_report(path, report)
    document = docx.Document(str(path))

    assert document.paragraphs[0].text == "Language review report"
    header = facts(document)
    assert header["Job"] == TITLE and header["Job id"] == JOB_ID
    assert header["Language"] == "fr (from en)"
    assert header["QC state"] == "In review"
    assert (header["Linguist"], header["Reviewer"]) == ("Léa Martin", "Sam Reviewer")
    assert header["Reviewed"] == "3 of 8 cues (38%)"
    assert header["Review notes"] == "3 (2 open)"  # the German note is left out

    comments = texts(table_with(document, COMMENT_HEADERS))[1:]
    assert [row[3] for row in comments] == [
        "« démo » reads better here.", "The split at 36.5 s is good.",
        "Music cue missing around here?", "Overall a clean translation.",
    ]
    assert comments[0][2] == "Cue 1\n00:00:02.400 – 00:00:04.840"
    assert comments[2][2] == "00:00:24.000"
    assert comments[3][2] == "The language"

    notes = texts(table_with(document, NOTE_HEADERS))[1:]
    assert [(row[0], row[2], row[4]) for row in notes] == [
        ("00:00:05.600", "Resolved", "Speaker label kept."),
        ("00:00:18.500", "Open", "Check the italics on 'Regarde'."),
        ("00:00:40.000", "Open", "Job-level note for every language."),
    ]
    assert notes[1][1] == "Style"

    # Two French cues read a little fast (20.1 and 20.3 CPS, the limit is 20).
    expected = check_track(parse(demo_text("fr.captions.vtt")))
    assert len(expected) == 2 and header["QC findings"] == "0 errors, 2 warnings"
    findings = texts(table_with(document, FINDING_HEADERS))[1:]
    assert [row[4] for row in findings] == [f.hint for f in expected]
    assert [row[3] for row in findings] == ["20.1 CPS / 20 CPS", "20.3 CPS / 20 CPS"]
    assert findings[1][0] == "Cue 6\n00:00:34.720 – 00:00:36.440"


def test_findings_rows_say_where_what_and_how_much(tmp_path: Path) -> None:
    cues = parse(demo_text("en.captions.vtt")).cues
    findings = [
        Finding(1, READING_SPEED, Severity.WARNING, 23.44, 20, "Slow it down"),
        Finding(3, EMPTY_CUE, Severity.ERROR, None, None, "Add text"),
        Finding(None, "ignored-block", Severity.ERROR, None, None, "Fix the block", line=40),
    ]
    report = ReviewReportInput(
        job_id="j", job_title="T", language="en", qc_state="approved", linguist="",
        reviewer="R", cues=cues, reviewed_cues=frozenset(range(8)), findings=findings,
        made_at=datetime(2026, 11, 25, 21, 0, tzinfo=UTC),
    )
    path = tmp_path / "findings.docx"
    write_review_report(path, report)
    document = docx.Document(str(path))
    header = facts(document)
    assert header["QC findings"] == "2 errors, 1 warning"
    assert header["Linguist"] == "Not assigned"
    assert header["Reviewed"] == "8 of 8 cues (100%)"
    assert header["QC state"] == "Approved"
    assert header["Report made"] == "2026-11-25 21:00 UTC"
    rows = texts(table_with(document, FINDING_HEADERS))[1:]
    assert rows == [
        ["Cue 2\n00:00:05.440 – 00:00:09.080", "Reading speed", "Warning", "23.4 CPS / 20 CPS",
         "Slow it down"],
        ["Cue 4\n00:00:18.160 – 00:00:20.360", "Empty cue", "Error", "", "Add text"],
        ["Line 40", "Unreadable block", "Error", "", "Fix the block"],
    ]
    assert "No comments." in [p.text for p in document.paragraphs]
    assert "No review notes." in [p.text for p in document.paragraphs]


def test_tables_repeat_their_header_and_timecodes_are_monospace(
    database: Database, demo_job: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.docx"
    write_review_report(path, review_report_input(database, demo_job, "fr"))
    document = docx.Document(str(path))
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    notes = table_with(document, NOTE_HEADERS)
    assert notes.rows[0]._tr.get_or_add_trPr().find(qn("w:tblHeader")) is not None
    timecode = notes.rows[1].cells[0].paragraphs[0].runs[0]
    assert (timecode.text, timecode.font.name) == ("00:00:05.600", "Courier New")


def test_a_language_not_stored_is_a_lookup_error(database: Database, demo_job: str) -> None:
    with pytest.raises(LookupError, match="Language it of job"):
        review_report_input(database, demo_job, "it")


def test_small_words() -> None:
    assert progress_words(0, 0) == "No cues"
    assert progress_words(1, 3) == "1 of 3 cues (33%)"
    finding = Finding(0, "line-length", Severity.WARNING, 44, 42, "")
    assert measured_words(finding) == "44 characters / 42 characters"
    assert profile_named("netflix-en").max_cps > 0
