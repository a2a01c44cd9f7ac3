"""The bilingual review table: rows pair English and French demo cues by time, read back."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from app.captions.model import Cue
from app.captions.webvtt_file import parse
from app.reports.bilingual_table import (
    BilingualTableInput,
    bilingual_rows,
    bilingual_table_input,
    row_groups,
    write_bilingual_table,
)
from app.storage import Database
from tests.app.reports.conftest import demo_text

EN = list(parse(demo_text("en.captions.vtt")).cues)
FR = list(parse(demo_text("fr.captions.vtt")).cues)


def test_demo_cues_pair_by_time_with_the_merge_and_the_split_in_one_row_each() -> None:
    assert row_groups(EN, FR) == [
        ([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]),
        ([4, 5], [4]),  # two English cues merged into one French cue
        ([6], [5, 6]),  # one English cue split into two
        ([7], [7]),
    ]


def test_a_few_frames_of_overlap_do_not_join_neighbours() -> None:
    source = [Cue(0, 2000, "a"), Cue(2000, 4000, "b")]
    target = [Cue(0, 2080, "A"), Cue(2080, 4000, "B")]  # two frames late
    assert row_groups(source, target) == [([0], [0]), ([1], [1])]


def test_a_cue_without_a_partner_has_its_own_row() -> None:
    source = [Cue(0, 1000, "a"), Cue(5000, 6000, "untranslated")]
    target = [Cue(0, 1000, "A"), Cue(8000, 9000, "added")]
    assert row_groups(source, target) == [([0], [0]), ([1], []), ([], [1])]
    assert row_groups([], []) == []


def test_the_document_from_the_database_has_one_row_per_pair(
    database: Database, demo_job: str, tmp_path: Path
) -> None:
    table = bilingual_table_input(database, demo_job, "fr")
    path = tmp_path / "bilingual.docx"
    write_bilingual_table(path, table)
    document = docx.Document(str(path))

    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.paragraphs[0].text == "Bilingual review table"
    [word_table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in word_table.rows]
    assert rows[0] == ["Source (en)", "Target (fr)", "Status", "Comments"]
    body = rows[1:]
    assert len(body) == 7
    assert body[0] == [
        "#1  00:00:02.400 – 00:00:04.840\nWelcome to the review\nworkstation demo.",
        "#1  00:00:02.400 – 00:00:04.840\nBienvenue dans la démo\nde la station de relecture.",
        "Reviewed",
        "Sam Reviewer: « démo » reads better here.",
    ]
    assert [row[2] for row in body] == ["Reviewed", "Reviewed"] + ["Not reviewed"] * 4 + [
        "Reviewed"]
    merged, split = body[4], body[5]
    assert merged[0].count("#") == 2 and merged[1].startswith("#5  00:00:23.560 – 00:00:30.000")
    assert split[1].count("#") == 2 and "#7  00:00:36.520 – 00:00:38.520" in split[1]
    # a comment on cue 7 lands in the split's row, a timed one in the row covering 24 s
    assert split[3] == "Sam Reviewer: The split at 36.5 s is good."
    assert merged[3] == "Sam Reviewer: Music cue missing around here?"
    # voice and italic tags are not shown to the client
    assert "<" not in "".join(row[0] + row[1] for row in body)
    # the comment on no cue or time follows the table; the German one is not here
    after = [p.text for p in document.paragraphs]
    assert "Comments on the whole language" in after
    assert "Sam Reviewer: Overall a clean translation." in after
    assert not any("Not for French" in text for text in after + [r[3] for r in body])


def test_header_row_repeats_and_rows_stay_on_one_page(
    database: Database, demo_job: str, tmp_path: Path
) -> None:
    path = tmp_path / "bilingual.docx"
    write_bilingual_table(path, bilingual_table_input(database, demo_job, "fr"))
    [table] = docx.Document(str(path)).tables
    assert table.rows[0]._tr.get_or_add_trPr().find(qn("w:tblHeader")) is not None
    body = table.rows[1:]
    assert all(row._tr.get_or_add_trPr().find(qn("w:cantSplit")) is not None for row in body)
    stamp = table.rows[1].cells[0].paragraphs[0].runs[0]
    assert stamp.font.name == "Courier New"


def test_partly_reviewed_rows_say_how_many() -> None:
    table = BilingualTableInput("j", "T", "en", "fr", EN, FR, frozenset({5}))
    rows, unplaced = bilingual_rows(table)
    assert rows[5].target == (5, 6) and rows[5].status == "Partly reviewed (1 of 2)"
    assert unplaced == []


def test_missing_tracks_are_a_lookup_error(database: Database, demo_job: str) -> None:
    with pytest.raises(LookupError, match="Language it"):
        bilingual_table_input(database, demo_job, "it")
    with pytest.raises(LookupError, match="The en track"):
        bilingual_table_input(database, demo_job, "fr", kind="descriptions")
