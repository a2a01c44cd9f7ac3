"""read_tmx builds units as the parser reaches them; the result must equal a whole-tree read.

The reference below parses the whole file at once and walks it with XPath,
a different route through lxml than the reader's, so a unit the incremental
reader drops, splits or misreads (at a chunk boundary, say) shows up as a
difference in units, header or spans.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from app.segments import tmx_file
from app.segments.segment import (
    Attributes,
    Header,
    InlineTag,
    Meta,
    Note,
    Prop,
    RawElement,
    SegmentContent,
    TranslationUnit,
    Tuv,
)
from app.segments.tmx_file import TmxDocument, TmxReadError, read_tmx

KIT = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "tmx-lisa-kit"
KIT_FILES = sorted(KIT.glob("*.tmx"))
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


# --- the reference: one whole tree, walked with XPath ---------------------------


def _safe_parse(data: bytes | str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, strip_cdata=False
    )
    if isinstance(data, str):
        return etree.fromstring(data.encode("utf-8"), parser)
    return etree.fromstring(data, parser)


def _attributes(element: etree._Element) -> Attributes:
    pairs = []
    for key, value in element.attrib.items():
        name = str(key)
        pairs.append(
            (name.replace(_XML_NS, "xml:") if name.startswith(_XML_NS) else name, str(value))
        )
    return tuple(pairs)


def _xml(node: etree._Element) -> str:
    return etree.tostring(node, encoding="unicode", with_tail=False)


def _nodes(element: etree._Element, path: str) -> list[object]:
    found = element.xpath(path)
    assert isinstance(found, list)
    return list(found)


def _meta(element: etree._Element, structural: str | None) -> tuple[Meta, ...]:
    items: list[Meta] = []
    for child in _nodes(element, "*"):
        assert isinstance(child, etree._Element)
        if child.tag == structural:
            continue
        attributes = _attributes(child)
        if child.tag == "prop" and len(child) == 0:
            items.append(
                Prop(
                    type=dict(attributes).get("type", ""),
                    value=child.text or "",
                    attributes=tuple(p for p in attributes if p[0] != "type"),
                )
            )
        elif child.tag == "note" and len(child) == 0:
            items.append(Note(value=child.text or "", attributes=attributes))
        else:
            items.append(RawElement(tag=str(child.tag), xml=_xml(child)))
    return tuple(items)


def _content(seg: etree._Element) -> SegmentContent:
    parts: list[str | InlineTag] = []
    for node in _nodes(seg, "node()"):
        if isinstance(node, str):
            if parts and isinstance(parts[-1], str):
                parts[-1] += str(node)  # text next to a CDATA section is one text
            elif node:
                parts.append(str(node))
            continue
        assert isinstance(node, etree._Element)
        if isinstance(node, etree._Comment):
            kind = "#comment"
        elif isinstance(node, etree._ProcessingInstruction):
            kind = "#pi"
        else:
            kind = str(node.tag)
        parts.append(InlineTag(kind=kind, xml=_xml(node)))
    return tuple(parts)


def _tuv(element: etree._Element) -> Tuv:
    attributes = _attributes(element)
    lang = dict(attributes).get("xml:lang") or dict(attributes)["lang"]
    (seg,) = element.findall("seg")
    return Tuv(lang=lang, attributes=attributes, meta=_meta(element, "seg"), content=_content(seg))


def _unit(element: etree._Element, position: int) -> TranslationUnit:
    return TranslationUnit(
        position=position,
        attributes=_attributes(element),
        meta=_meta(element, "tuv"),
        tuvs=tuple(_tuv(tuv) for tuv in element.findall("tuv")),
    )


def _header(element: etree._Element) -> Header:
    return Header(attributes=_attributes(element), meta=_meta(element, None))


def _assert_same_as_whole_tree(document: TmxDocument, data: bytes) -> None:
    root = _safe_parse(data)
    header = root.find("header")
    assert header is not None
    assert document.header == _header(header)
    assert document.root_attributes == _attributes(root)
    expected = [_unit(tu, n) for n, tu in enumerate(root.findall("body/tu"), start=1)]
    assert document.units == expected
    assert document._original_units == tuple(expected)
    # Each span is exactly its unit's text: parsed alone it gives the same unit.
    source = document._source
    assert len(document._unit_spans) == len(expected)
    for (start, end), unit in zip(document._unit_spans, expected, strict=True):
        assert source[start:end].startswith("<tu") and source[start:end].endswith(">")
        assert _unit(_safe_parse(source[start:end]), unit.position) == unit
    start, end = document._header_span
    assert _header(_safe_parse(source[start:end])) == document.header


# --- generated files --------------------------------------------------------------


def _generated(units: int, seed: int) -> bytes:
    """A TMX mixing what CAT tools write: inline tags, comments, CDATA, notes, ude, old lang."""
    rng = random.Random(seed)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        '<header srclang="en" adminlang="en" o-tmf="gen" datatype="plaintext">',
        '  <prop type="x-project" x-extra="1">Generated</prop>',
        '  <ude name="MacRoman"><map unicode="#xF8FF" code="#xF0"/></ude>',
        "</header>",
        "<!-- units follow -->",
        "<body>",
    ]
    for number in range(1, units + 1):
        words = " ".join(
            rng.choice(["fenêtre", "a&b", "x<y", "Ω", "tab\there", "  "])
            for _ in range(rng.randrange(0, 6))
        )
        seg = rng.choice(
            [
                f"<seg>{escape(words)}</seg>",
                "<seg/>",
                f'<seg><bpt i="1">&lt;b&gt;</bpt>{escape(words)}<ept i="1">&lt;/b&gt;</ept></seg>',
                f"<seg>{escape(words)}<![CDATA[ raw <text> ]]>{number}<!-- why --></seg>",
                f'<seg><ph x="{number}"/><hi type="b">in <sub>side</sub></hi><?pi data?></seg>',
            ]
        )
        lang = rng.choice(['xml:lang="fr-FR"', 'lang="de"'])
        note = f"<note>n{number}</note>" if rng.random() < 0.3 else ""
        comment = "<!-- between -->" if rng.random() < 0.2 else ""
        out.append(
            f'<tu tuid="{number}" srclang="en">{comment}\r\n'
            f'  <prop type="x-segment-id">u{number}</prop>{note}\r\n'
            f'  <tuv xml:lang="en"><prop type="x-origin">mt</prop>{seg}</tuv>\r\n'
            f"  <tuv {lang}>{seg}</tuv>\r\n"
            f"</tu>"
        )
    out += ["</body>", "</tmx>", ""]
    return "\n".join(out).encode("utf-8")


GENERATED = [
    pytest.param(_generated(400, 1), id="utf-8"),
    pytest.param(
        _generated(150, 2).decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16"),
        id="utf-16-with-bom",
    ),
    pytest.param(
        _generated(150, 3).decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16-be"),
        id="utf-16-be-without-bom",
    ),
]


@pytest.mark.parametrize("data", GENERATED)
def test_generated_file_reads_as_a_whole_tree_would(data: bytes) -> None:
    _assert_same_as_whole_tree(read_tmx(data), data)


@pytest.mark.skipif(not KIT_FILES, reason="LISA TMX kit not present")
@pytest.mark.parametrize("path", KIT_FILES, ids=lambda path: path.name)
def test_lisa_file_reads_as_a_whole_tree_would(path: Path) -> None:
    data = path.read_bytes()
    _assert_same_as_whole_tree(read_tmx(path), data)


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_units_split_across_parser_chunks_read_the_same(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _generated(60, 4)
    whole = read_tmx(data)
    monkeypatch.setattr(tmx_file, "_CHUNK", chunk)
    split = read_tmx(data)
    assert split.units == whole.units
    assert split.header == whole.header
    assert split._unit_spans == whole._unit_spans


def test_finished_units_leave_the_tree() -> None:
    root, reader = tmx_file._parse_unit_by_unit(_generated(300, 5))
    body = root.find("body")
    assert body is not None
    assert len(reader.units) == 300
    assert len(body) <= 1  # only the last unit's emptied element is left


# --- refusals keep their order ------------------------------------------------------


def _file(body: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
        f"{body}</body>\n</tmx>\n"
    ).encode()


def test_a_bad_unit_is_reported_with_its_line() -> None:
    data = _file(
        '<tu><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n<tu><tuv><seg>b</seg></tuv></tu>\n'
    )
    with pytest.raises(TmxReadError, match=r"^line 6: tuv without xml:lang$"):
        read_tmx(data)


def test_malformed_xml_after_a_bad_unit_is_reported_as_malformed() -> None:
    # A whole-tree read refuses the syntax before looking at any unit.
    data = _file(
        "<tu><tuv><seg>no language</seg></tuv></tu>\n"
        + "<tu>\n" * 3
        + '<tu><tuv xml:lang="en"><seg>x</sego></tuv></tu>\n'
    )
    with pytest.raises(TmxReadError, match=r"^malformed XML at line 9: "):
        read_tmx(data)


def test_a_non_tmx_root_is_reported_before_its_units() -> None:
    data = b"<xliff><header/><body><tu><tuv><seg/></tuv></tu></body></xliff>"
    with pytest.raises(TmxReadError, match="root element is <xliff>"):
        read_tmx(data)
