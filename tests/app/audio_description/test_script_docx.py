"""The AD script DOCX opens in python-docx with one row per description."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from app.audio_description.pause_points import PausePoint
from app.audio_description.script_docx import SCRIPT_HEADERS, write_script
from app.audio_description.timing import Delivery, Span, time_descriptions
from app.captions.model import Cue


def test_script_lists_timecode_text_delivery_and_pause(tmp_path: Path) -> None:
    dialogue = [Span(0, 2000), Span(5000, 9000)]
    cues = [Cue(2000, 4000, "A <i>red</i> door\nopens."), Cue(9500, 11_000, "She waves.")]
    timings = time_descriptions(cues, dialogue, 12_000, clip_ms={0: 5400, 1: 900},
                                paused={0}, overrides={1: Delivery.INLINE})
    pause = {0: PausePoint(0, 5000, 4800, timings[0].pause_ms)}
    path = tmp_path / "script.docx"

    write_script(path, "Demo", "en", timings, pause)

    document = Document(str(path))
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert tuple(rows[0]) == SCRIPT_HEADERS
    assert rows[1] == ["1", "00:00:02.000 – 00:00:04.000", "A red door opens.", "Extended",
                       "00:00:05.000", "5.4 s"]
    assert rows[2] == ["2", "00:00:09.500 – 00:00:11.000", "She waves.", "Inline", "", ""]
    assert "1 extended" in "\n".join(p.text for p in document.paragraphs)
