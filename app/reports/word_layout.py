"""The look shared by the Word reports PMs send to clients.

One place decides the page (A4, margins, orientation), the tables (a shaded
header row repeated on every page, fixed column widths that Word and
LibreOffice both honour), timecodes in a monospace font, and a footer with
the page number. python-docx has no call for some of these, so a few
WordprocessingML elements are written directly here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document as new_word_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

# Courier New is on Windows and macOS; LibreOffice shows it as the
# metric-compatible Liberation Mono, so column widths hold everywhere.
MONOSPACE = "Courier New"
# Arial (Liberation Sans in LibreOffice) rather than the template's theme
# font, which LibreOffice without Microsoft's fonts draws as a serif.
TEXT_FONT = "Arial"
HEADER_FILL = "D9E2F3"
MUTED = RGBColor(0x59, 0x59, 0x59)
_A4_CM = (21.0, 29.7)
MARGIN_CM = 1.8


def new_document(*, landscape: bool, footer: str) -> Document:
    """An empty A4 document with the report styles and `footer` plus the page number."""
    document = new_word_document()
    section = document.sections[0]
    short, long = Cm(_A4_CM[0]), Cm(_A4_CM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "List Bullet"):
        _use_font(document.styles[name], TEXT_FONT)
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Title"].font.size = Pt(24)
    paragraph = section.footer.paragraphs[0]
    label = paragraph.add_run(f"{footer} · Page ")
    label.font.size = Pt(8)
    label.font.color.rgb = MUTED
    _add_field(paragraph, "PAGE")
    tail = paragraph.add_run(" of ")
    tail.font.size = Pt(8)
    tail.font.color.rgb = MUTED
    _add_field(paragraph, "NUMPAGES")
    return document


def _use_font(style: BaseStyle, family: str) -> None:
    """Give a style a named font; theme font references (which win over names) are dropped."""
    style.font.name = family  # type: ignore[attr-defined]
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)


def usable_width_cm(document: Document) -> float:
    """The text width of the first section, in centimetres."""
    section = document.sections[0]
    width = section.page_width or Cm(_A4_CM[0])
    return float(width.cm) - 2 * MARGIN_CM


def _add_field(paragraph: Paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"  # shown until the reader updates fields
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def facts_table(document: Document, facts: Sequence[tuple[str, str]]) -> Table:
    """A two-column table of label and value (the report's header block)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        shade(cells[0], HEADER_FILL)
        cells[1].text = value
    set_widths(table, (5.0, usable_width_cm(document) - 5.0))
    return table


def data_table(document: Document, headers: Sequence[str], widths_cm: Sequence[float]) -> Table:
    """A table with a shaded, bold header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
        shade(cell, HEADER_FILL)
    repeat_as_header(table.rows[0])
    set_widths(table, widths_cm)
    return table


def add_row(table: Table, widths_cm: Sequence[float]) -> list[_Cell]:
    """A new body row kept on one page, its cells at the table's widths."""
    row = table.add_row()
    keep_together(row)
    for cell, width in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    return list(row.cells)


def repeat_as_header(row: _Row) -> None:
    """Mark a row as the table's header: Word and LibreOffice repeat it on each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_together(row: _Row) -> None:
    """Do not split the row across two pages."""
    properties = row._tr.get_or_add_trPr()
    split = OxmlElement("w:cantSplit")
    split.set(qn("w:val"), "true")
    properties.append(split)


def shade(cell: _Cell, fill: str) -> None:
    """Fill a cell's background with a hex colour."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths, in the grid and in each cell (LibreOffice reads the grid)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def write_text(cell: _Cell, text: str, *, first: bool = True, muted: bool = False,
               size: float | None = None, bold: bool = False) -> Paragraph:
    """Put `text` in a cell (its line breaks kept), in the cell's first paragraph or a new one."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        run.bold = bold or None
        if muted:
            run.font.color.rgb = MUTED
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def add_timecode(paragraph: Paragraph, text: str, *, size: float = 8.5) -> None:
    """A timecode run in the monospace font, muted, so times line up and read as data."""
    run = paragraph.add_run(text)
    run.font.name = MONOSPACE
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
