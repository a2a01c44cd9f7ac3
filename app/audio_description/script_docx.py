"""The audio description script as a Word document, for voice talent and clients.

One table row per description: its timecode, the text to speak, whether it is
delivered inline or extended, and for an extended one the pause point and how
long the picture holds there. Written with python-docx.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from app.audio_description.pause_points import PausePoint
from app.audio_description.timing import DescriptionTiming, seconds
from app.captions.quality import visible_text
from app.captions.timecode import format_timestamp

SCRIPT_HEADERS = ("#", "Timecode", "Description", "Delivery", "Pause point", "Pause length")
_WIDTHS_CM = (1.0, 4.4, 12.5, 2.4, 2.6, 2.4)


def script_rows(
    timings: Sequence[DescriptionTiming], pause_points: Mapping[int, PausePoint]
) -> list[tuple[str, ...]]:
    """The script table's rows as text, one per description, in cue order."""
    rows: list[tuple[str, ...]] = []
    for timing in timings:
        cue = timing.cue
        point = pause_points.get(timing.index)
        delivery = timing.delivery.label + (" (set by hand)" if timing.overridden else "")
        rows.append((
            str(timing.number),
            f"{format_timestamp(cue.start_ms)} – {format_timestamp(cue.end_ms)}",
            visible_text(cue.text).replace("\n", " "),
            delivery,
            format_timestamp(point.timestamp_ms) if point else "",
            seconds(point.pause_ms) if point else "",
        ))
    return rows


def write_script(
    path: Path,
    title: str,
    language: str,
    timings: Sequence[DescriptionTiming],
    pause_points: Mapping[int, PausePoint],
) -> None:
    """Write the AD script of one job and language to `path` (.docx)."""
    document = Document()
    section = document.sections[0]
    # Landscape: the description column needs the width.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    document.add_heading(f"Audio description script — {title}", level=1)
    extended = sum(1 for t in timings if t.has_pause_point)
    document.add_paragraph(
        f"Language: {language}. {len(timings)} descriptions, {extended} extended "
        "(the picture holds at the pause point while the description is spoken)."
    )
    table = document.add_table(rows=1, cols=len(SCRIPT_HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, SCRIPT_HEADERS, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in script_rows(timings, pause_points):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell, width in zip(row.cells, _WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
    document.save(str(path))
