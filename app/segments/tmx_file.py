"""Reading and writing TMX 1.4b files without losing anything.

TMX files come from outside (CAT tools, a server's export), so parsing is
locked down: no DTD loading, no entity expansion, no network, no huge trees,
and a DOCTYPE declaring entities is refused before the parser sees it.

Writing splices: the decoded text of the file is kept, and only units (or the
header) whose model differs from what was read are re-serialised; everything
else, including comments, character references, quote style and whitespace,
comes back byte for byte. An edited unit is re-parsed from its own original
text and only the changed nodes are touched, so its comments and layout
survive too; lxml may still normalise character references and attribute
quoting inside that one unit.
"""

from __future__ import annotations

import codecs
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from lxml import etree

from app.segments.segment import (
    SEGMENT_ID_PROP,
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
    set_segment_id,
    stamp_change,
)

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_INLINE_KINDS = frozenset({"bpt", "ept", "ph", "it", "hi", "ut", "sub"})


class TmxReadError(ValueError):
    """A TMX file was refused: unsafe, malformed, or not TMX. Nothing was loaded."""


@dataclass(eq=False)
class TmxDocument:
    """A TMX file: its header, its units, and what the writer needs to splice.

    Replace entries of ``units`` (or ``header``) with edited copies; adding
    or removing units is not supported by the splicing writer yet.
    """

    header: Header
    units: list[TranslationUnit]
    root_attributes: Attributes
    encoding: str
    bom: bool
    _source: str = field(repr=False)
    _header_span: tuple[int, int] = field(repr=False)
    _unit_spans: list[tuple[int, int]] = field(repr=False)
    _original_header: Header = field(repr=False)
    _original_units: tuple[TranslationUnit, ...] = field(repr=False)

    @property
    def version(self) -> str | None:
        return dict(self.root_attributes).get("version")

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language used by a variant, in order of first use."""
        seen: dict[str, None] = {}
        for unit in self.units:
            for tuv in unit.tuvs:
                seen.setdefault(tuv.lang, None)
        return tuple(seen)


# --- names -----------------------------------------------------------------


def _model_name(qname: str) -> str:
    if qname.startswith("{" + _XML_NS + "}"):
        return "xml:" + qname[len(_XML_NS) + 2 :]
    return qname


def _lxml_name(name: str) -> str:
    if name.startswith("xml:"):
        return "{" + _XML_NS + "}" + name[4:]
    return name


# Attribute names come back from lxml as new strings on every call; the same
# few names (``xml:lang``, ``type``, ``tuid``) repeat on every unit, so each
# one's model form is made once and shared by all units. Bounded (count and
# length) so a hostile file with endless distinct names cannot grow it.
_NAME_CACHE_LIMIT = 1024
_CACHED_NAME_LENGTH = 64
_model_names: dict[str, str] = {}


def _new_model_name(qname: str) -> str:
    name = _model_name(qname)
    if len(_model_names) < _NAME_CACHE_LIMIT and len(qname) <= _CACHED_NAME_LENGTH:
        _model_names[qname] = name
    return name


# Whole attribute pairs (every variant's ``xml:lang``, every unit's
# ``creationid``) and protected tags (``<ph x="1"/>``) recur too: while a
# file is read, short ones are made once and shared, which takes about a
# quarter off a big file's model. Emptied at each read so one file's values
# do not crowd out the next one's, and bounded like the names.
_SHARED_LIMIT = 4096
_SHARED_VALUE_LENGTH = 40
_SHARED_TAG_LENGTH = 200
_shared_pairs: dict[tuple[str, str], tuple[str, str]] = {}
_shared_tags: dict[tuple[str, str], InlineTag] = {}


def _forget_shared() -> None:
    _shared_pairs.clear()
    _shared_tags.clear()


def _shared_pair(pair: tuple[str, str]) -> tuple[str, str]:
    if len(pair[1]) > _SHARED_VALUE_LENGTH:
        return pair
    shared = _shared_pairs.get(pair)
    if shared is None:
        if len(_shared_pairs) < _SHARED_LIMIT:
            _shared_pairs[pair] = pair
        return pair
    return shared


def _shared_tag(kind: str, xml: str) -> InlineTag:
    if len(xml) > _SHARED_TAG_LENGTH:
        return InlineTag(kind=kind, xml=xml)
    key = (kind, xml)
    tag = _shared_tags.get(key)
    if tag is None:
        tag = InlineTag(kind=kind, xml=xml)
        if len(_shared_tags) < _SHARED_LIMIT:
            _shared_tags[key] = tag
    return tag


def _attributes(element: etree._Element) -> Attributes:
    # lxml gives str names and values (the stubs allow bytes too).
    items = cast(list[tuple[str, str]], element.items())
    names = _model_names
    return tuple(
        [_shared_pair((names.get(key) or _new_model_name(key), value)) for key, value in items]
    )


def _set_attributes(element: etree._Element, attributes: Attributes) -> None:
    if _attributes(element) == attributes:
        return
    if [key for key, _ in _attributes(element)] == [key for key, _ in attributes]:
        # Same names in the same order: set values in place so lxml keeps the layout.
        for key, value in attributes:
            element.set(_lxml_name(key), value)
        return
    element.attrib.clear()
    for key, value in attributes:
        element.set(_lxml_name(key), value)


# --- decoding and safety -----------------------------------------------------

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DECLARATION_ENCODING = re.compile(
    r"""^(<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])"""
)
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!ENTITY\b")


def _decode(data: bytes) -> tuple[str, str, bool]:
    """The text, Python codec name and BOM flag of a file's bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_with(data[3:], "utf-8"), "utf-8", True
    if data.startswith(codecs.BOM_UTF16_LE):
        return _decode_with(data[2:], "utf-16-le"), "utf-16-le", True
    if data.startswith(codecs.BOM_UTF16_BE):
        return _decode_with(data[2:], "utf-16-be"), "utf-16-be", True
    if data.startswith(b"<\x00?\x00"):
        return _decode_with(data, "utf-16-le"), "utf-16-le", False
    if data.startswith(b"\x00<\x00?"):
        return _decode_with(data, "utf-16-be"), "utf-16-be", False
    declared = _DECLARED_ENCODING.match(data[:200])
    name = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError as error:
        raise TmxReadError(f"unknown encoding {name!r} in the XML declaration") from error
    return _decode_with(data, codec), codec, False


def _decode_with(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TmxReadError(f"line {line}: bytes are not valid {codec}: {error.reason}") from error


def _refuse_entities(text: str) -> None:
    """Refuse DOCTYPEs that declare entities (billion laughs, external entities).

    The parser is configured not to expand them anyway; refusing up front
    gives a plain reason instead of a half-understood document. Any
    ``<!ENTITY`` after the DOCTYPE counts, so tricks with quoted ``]>`` inside
    the internal subset cannot hide one.
    """
    position = 0
    while (start := text.find("<", position)) >= 0:
        if text.startswith("<?", start):
            position = _after(text, "?>", start)
        elif text.startswith("<!--", start):
            position = _after(text, "-->", start)
        elif _DOCTYPE.match(text, start):
            if _ENTITY_DECL.search(text, start) is not None:
                raise TmxReadError("refused: the file's DOCTYPE declares entities (unsafe XML)")
            return
        else:
            return  # the root element: no DOCTYPE can follow


def _after(text: str, marker: str, start: int) -> int:
    end = text.find(marker, start)
    return len(text) if end < 0 else end + len(marker)


def _parser() -> etree.XMLParser:
    # _parse_unit_by_unit repeats these settings for its incremental parser.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        strip_cdata=False,
    )


# --- locating units in the text ----------------------------------------------

_MARKUP = re.compile(r"<!--|<!\[CDATA\[|<\?|<(tu|header)(?=[\s/>])|</(tu|header)\s*>")
_START_TAG_REST = re.compile(r"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_SKIP_TO = {"<!--": "-->", "<![CDATA[": "]]>", "<?": "?>"}


def _spans(text: str) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """Character spans of the header and of every ``tu`` element, in order.

    Only comments, CDATA and processing instructions can hide a literal
    ``<tu`` in well-formed XML, so skipping those is enough.
    """
    header: tuple[int, int] | None = None
    units: list[tuple[int, int]] = []
    open_start: int | None = None
    position = 0
    while (match := _MARKUP.search(text, position)) is not None:
        token = match.group(0)
        if token in _SKIP_TO:
            end = text.find(_SKIP_TO[token], match.end())
            position = len(text) if end < 0 else end + len(_SKIP_TO[token])
            continue
        if match.group(1):
            rest = _START_TAG_REST.match(text, match.end())
            if rest is None:
                raise TmxReadError("internal: could not read a start tag")
            position = rest.end()
            if rest.group(1):
                span = (match.start(), rest.end())
                if match.group(1) == "tu":
                    units.append(span)
                else:
                    header = span
            else:
                open_start = match.start()
            continue
        if open_start is None:
            raise TmxReadError("internal: unbalanced tags")
        span = (open_start, match.end())
        if match.group(2) == "tu":
            units.append(span)
        else:
            header = span
        open_start = None
        position = match.end()
    if header is None:
        raise TmxReadError("not a TMX file: no header")
    return header, units


# --- tree to model -----------------------------------------------------------


def _xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)


def _meta(element: etree._Element) -> Meta:
    tag = element.tag
    if tag == "prop" and len(element) == 0:
        kind = ""
        others: list[tuple[str, str]] = []
        for pair in _attributes(element):  # names are unique, so one "type" at most
            if pair[0] == "type":
                kind = pair[1]
            else:
                others.append(pair)
        return Prop(type=kind, value=element.text or "", attributes=tuple(others))
    if tag == "note" and len(element) == 0:
        return Note(value=element.text or "", attributes=_attributes(element))
    return RawElement(tag=str(tag), xml=_xml(element))


def _meta_children(element: etree._Element, structural: frozenset[str]) -> list[etree._Element]:
    return [
        child for child in element if isinstance(child.tag, str) and child.tag not in structural
    ]


def _content(seg: etree._Element) -> SegmentContent:
    text = seg.text
    if len(seg) == 0:  # most segments: plain text, no inline tags
        return (text,) if text else ()
    # The only text between two tags is the first one's tail, so no two
    # text parts ever need joining.
    parts: list[str | InlineTag] = [text] if text else []
    for child in seg:
        tag = child.tag
        if isinstance(tag, str):
            kind = tag
        elif tag is etree.Comment:
            kind = "#comment"
        else:
            kind = "#pi"
        parts.append(_shared_tag(kind, _xml(child)))
        if child.tail:
            parts.append(child.tail)
    return tuple(parts)


_TUV_STRUCTURAL = frozenset({"seg"})
_TU_STRUCTURAL = frozenset({"tuv"})
_NO_STRUCTURAL: frozenset[str] = frozenset()


def _tuv(element: etree._Element) -> Tuv:
    attributes = _attributes(element)
    lang: str | None = None
    old_lang: str | None = None  # TMX 1.1's attribute
    for key, value in attributes:
        if key == "xml:lang":
            lang = value
        elif key == "lang":
            old_lang = value
    lang = lang or old_lang
    if lang is None:
        raise TmxReadError(f"line {element.sourceline}: tuv without xml:lang")
    # One pass over the children: the seg, and everything else as meta.
    segs: list[etree._Element] = []
    meta: list[Meta] = []
    for child in element:
        tag = child.tag
        if tag == "seg":
            segs.append(child)
        elif isinstance(tag, str):
            meta.append(_meta(child))
    if len(segs) != 1:
        raise TmxReadError(f"line {element.sourceline}: tuv needs exactly one seg")
    return Tuv(lang=lang, attributes=attributes, meta=tuple(meta), content=_content(segs[0]))


def _unit(element: etree._Element, position: int) -> TranslationUnit:
    meta: list[Meta] = []
    tuvs: list[Tuv] = []
    for child in element:
        tag = child.tag
        if tag == "tuv":
            tuvs.append(_tuv(child))
        elif isinstance(tag, str):
            meta.append(_meta(child))
    return TranslationUnit(
        position=position, attributes=_attributes(element), meta=tuple(meta), tuvs=tuple(tuvs)
    )


def _header(element: etree._Element) -> Header:
    meta = tuple(_meta(child) for child in _meta_children(element, _NO_STRUCTURAL))
    return Header(attributes=_attributes(element), meta=meta)


# --- parsing -----------------------------------------------------------------

# Bytes handed to the incremental parser at a time: big enough that the
# Python loop costs nothing, small enough that few units wait in the tree.
_CHUNK = 1 << 16


class _UnitReader:
    """Builds units as the incremental parser finishes them, then drops their nodes.

    Only ``tu`` children of the root's first ``body`` are units, exactly as
    in a whole-tree read; other ``tu`` elements (nested, or in another
    ``body``) stay in the tree for the enclosing unit to see. The first
    refusal of a unit is kept, not raised, so a malformed file further on is
    still reported as malformed, as a whole-tree read would.
    """

    def __init__(self) -> None:
        self.units: list[TranslationUnit] = []
        self.failure: TmxReadError | None = None
        self._body: etree._Element | None = None

    def take(self, element: etree._Element) -> None:
        parent = element.getparent()
        if parent is None:
            return
        if parent is not self._body:
            if self._body is not None or parent.tag != "body":
                return
            root = parent.getparent()
            if root is None or root.getparent() is not None:
                return
            # The root's first body already exists (at least partly) when
            # any body's first unit ends, so this is the one find() gives.
            self._body = root.find("body")
            if parent is not self._body:
                return
        if self.failure is None:
            try:
                self.units.append(_unit(element, len(self.units) + 1))
            except TmxReadError as error:
                self.failure = error
        # The unit lives in the model now; its nodes (and the comments
        # before it) would only hold memory until the end of the file.
        element.clear()
        while (previous := element.getprevious()) is not None:
            parent.remove(previous)


def _parse_unit_by_unit(data: bytes) -> tuple[etree._Element, _UnitReader]:
    """The root (without its units' nodes) and the units, never holding the whole tree."""
    # The same lock-down as _parser(); only the way the bytes arrive differs.
    parser = etree.XMLPullParser(
        events=("end",),
        tag="tu",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        strip_cdata=False,
    )
    reader = _UnitReader()
    for start in range(0, len(data), _CHUNK):
        parser.feed(data[start : start + _CHUNK])
        for _event, element in parser.read_events():
            if isinstance(element, etree._Element):
                reader.take(element)
    root = parser.close()
    for _event, element in parser.read_events():
        if isinstance(element, etree._Element):
            reader.take(element)
    return root, reader


def _parse_whole(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else "?"
        # libxml2 messages can end in "\n, line L, column C" (its own
        # position again, on a second line); people get one plain line.
        reason = (error.msg or "").split("\n", 1)[0].strip() or "not well-formed"
        raise TmxReadError(f"malformed XML at line {line}: {reason}") from error


def _units_of_tree(root: etree._Element) -> _UnitReader:
    reader = _UnitReader()
    body = root.find("body")
    if body is not None:
        for element in list(body.iterchildren("tu")):
            reader.take(element)
    return reader


def _parse(data: bytes) -> tuple[etree._Element, _UnitReader]:
    try:
        return _parse_unit_by_unit(data)
    except etree.XMLSyntaxError:
        # Refused: parse again as a whole so the error names the same line
        # and reason as ever. Should the whole-tree parser accept what the
        # incremental one refused, the file is simply read that way.
        root = _parse_whole(data)
        return root, _units_of_tree(root)


# --- reading -----------------------------------------------------------------


def read_tmx(source: Path | bytes) -> TmxDocument:
    """Read a TMX file (UTF-8, UTF-16 LE/BE with or without BOM, or as declared).

    Raises ``TmxReadError`` for unsafe, malformed or non-TMX input; nothing
    is returned half-loaded. Units are built as the parser reaches them, so
    the whole XML tree of a big file is never held in memory.
    """
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as error:
            raise TmxReadError(f"cannot read {source}: {error.strerror}") from error
    else:
        data = source
    _forget_shared()
    try:
        return _read(data)
    finally:
        _forget_shared()


def _read(data: bytes) -> TmxDocument:
    text, encoding, bom = _decode(data)
    _refuse_entities(text)
    root, reader = _parse(data)
    # lxml-stubs do not declare DTD.iterentities, hence the getattr.
    internal_dtd = root.getroottree().docinfo.internalDTD
    entities = getattr(internal_dtd, "iterentities", None)
    if entities is not None and any(True for _ in entities()):
        # Belt and braces: the text check above should already have refused it.
        raise TmxReadError("refused: the file's DOCTYPE declares entities (unsafe XML)")
    if root.tag != "tmx":
        raise TmxReadError(f"not a TMX file: the root element is <{root.tag}>, not <tmx>")
    header_element = root.find("header")
    body = root.find("body")
    if header_element is None or body is None:
        raise TmxReadError("not a TMX file: <tmx> needs a <header> and a <body>")
    if reader.failure is not None:
        raise reader.failure
    units = reader.units
    header = _header(header_element)
    header_span, unit_spans = _spans(text)
    if len(unit_spans) != len(units):
        raise TmxReadError("internal: the units found in the text do not match the parsed units")
    return TmxDocument(
        header=header,
        units=units,
        root_attributes=_attributes(root),
        encoding=encoding,
        bom=bom,
        _source=text,
        _header_span=header_span,
        _unit_spans=unit_spans,
        _original_header=header,
        _original_units=tuple(units),
    )


# --- model to tree -----------------------------------------------------------


def _fragment(xml: str) -> etree._Element:
    return etree.fromstring(xml, _parser())


def _meta_element(item: Meta) -> etree._Element:
    if isinstance(item, RawElement):
        return _fragment(item.xml)
    element = etree.Element(item.__class__.__name__.lower())
    if isinstance(item, Prop):
        element.set("type", item.type)
    for key, value in item.attributes:
        element.set(_lxml_name(key), value)
    element.text = item.value
    return element


def _fill_seg(seg: etree._Element, content: SegmentContent) -> None:
    for child in list(seg):
        seg.remove(child)
    seg.text = None
    last: etree._Element | None = None
    for part in content:
        if isinstance(part, str):
            if last is None:
                seg.text = (seg.text or "") + part
            else:
                last.tail = (last.tail or "") + part
        else:
            last = _inline_element(part)
            seg.append(last)


def _inline_element(tag: InlineTag) -> etree._Element:
    if tag.kind == "#comment":
        return _fragment(f"<x>{tag.xml}</x>")[0]
    element = _fragment(tag.xml)
    if element.tag != tag.kind:
        raise ValueError(f"inline tag {tag.xml!r} is not a <{tag.kind}>")
    return element


def _tuv_element(tuv: Tuv) -> etree._Element:
    element = etree.Element("tuv")
    _set_attributes(element, tuv.attributes)
    for item in tuv.meta:
        element.append(_meta_element(item))
    _fill_seg(etree.SubElement(element, "seg"), tuv.content)
    return element


def _whitespace_before(parent: etree._Element, index: int) -> str | None:
    return parent.text if index == 0 else parent[index - 1].tail


def _sync_meta(element: etree._Element, meta: tuple[Meta, ...], structural: frozenset[str]) -> None:
    """Make ``element``'s props/notes/other children equal ``meta``, touching only changes."""
    old = _meta_children(element, structural)
    current = [_meta(child) for child in old]
    if tuple(current) == meta:
        return
    for index in range(min(len(old), len(meta))):
        if current[index] != meta[index]:
            new = _meta_element(meta[index])
            new.tail = old[index].tail
            element.replace(old[index], new)
            old[index] = new
    if len(meta) > len(old):
        if old:
            insert_at = element.index(old[-1]) + 1
            whitespace = old[-1].tail
        else:
            anchors = [i for i, child in enumerate(element) if child.tag in structural]
            insert_at = anchors[0] if anchors else len(element)
            whitespace = _whitespace_before(element, insert_at)
        for item in meta[len(old) :]:
            new = _meta_element(item)
            new.tail = whitespace
            element.insert(insert_at, new)
            insert_at += 1
    for extra in old[len(meta) :]:
        element.remove(extra)


def _sync_unit(element: etree._Element, unit: TranslationUnit) -> None:
    _set_attributes(element, unit.attributes)
    _sync_meta(element, unit.meta, _TU_STRUCTURAL)
    old = list(element.iterchildren("tuv"))
    for index, tuv in enumerate(unit.tuvs):
        if index < len(old):
            _sync_tuv(old[index], tuv)
        else:
            new = _tuv_element(tuv)
            anchor = old[-1] if old else None
            if anchor is None:
                element.append(new)
            else:
                new.tail = anchor.tail
                element.insert(element.index(anchor) + 1, new)
            old.append(new)
    for extra in old[len(unit.tuvs) :]:
        element.remove(extra)


def _sync_tuv(element: etree._Element, tuv: Tuv) -> None:
    _set_attributes(element, tuv.attributes)
    _sync_meta(element, tuv.meta, _TUV_STRUCTURAL)
    seg = element.find("seg")
    assert seg is not None  # the reader refused tuvs without one
    if _content(seg) != tuv.content:
        _fill_seg(seg, tuv.content)


def _render(element: etree._Element, crlf: bool) -> str:
    out = _xml(element)
    # lxml normalises line ends to LF; keep the file's CRLF convention.
    return out.replace("\n", "\r\n") if crlf else out


# --- writing -----------------------------------------------------------------


def write_tmx(document: TmxDocument, *, encoding: str | None = None) -> bytes:
    """Serialise ``document``: untouched parts byte for byte, edited units re-rendered.

    ``encoding`` defaults to the file's own; pass ``"utf-8"`` to convert.
    """
    if len(document.units) != len(document._original_units):
        raise ValueError("adding or removing units is not supported yet")
    source = document._source
    edits: list[tuple[int, int, str]] = []
    if document.header != document._original_header:
        start, end = document._header_span
        element = _fragment(source[start:end])
        _set_attributes(element, document.header.attributes)
        _sync_meta(element, document.header.meta, _NO_STRUCTURAL)
        edits.append((start, end, _render(element, "\r\n" in source[start:end])))
    for unit, original, (start, end) in zip(
        document.units, document._original_units, document._unit_spans, strict=True
    ):
        if unit is original or unit == original:
            continue
        element = _fragment(source[start:end])
        _sync_unit(element, unit)
        edits.append((start, end, _render(element, "\r\n" in source[start:end])))
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in edits:
        pieces.append(source[cursor:start])
        pieces.append(replacement)
        cursor = end
    pieces.append(source[cursor:])
    text = "".join(pieces)
    codec = document.encoding if encoding is None else codecs.lookup(encoding).name
    bom = document.bom
    if codec != document.encoding:
        text = _DECLARATION_ENCODING.sub(
            lambda m: m.group(1) + codec.upper() + m.group(3), text, count=1
        )
        bom = bom and codec.startswith("utf-16")
    prefix = b""
    if bom:
        prefix = {
            "utf-8": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
        }.get(codec, b"")
    # Character references are valid wherever edited text can land (element
    # text and attribute values), so characters the file's encoding lacks
    # (an edit in a us-ascii file) are written as references.
    return prefix + text.encode(codec, "xmlcharrefreplace")


# --- edits -------------------------------------------------------------------


def validate_content(content: SegmentContent) -> None:
    """Refuse content whose protected tags are not single well-formed inline elements."""
    for part in content:
        if isinstance(part, str):
            continue
        if not isinstance(part, InlineTag):
            raise TypeError(f"segment content must be text or InlineTag, not {type(part).__name__}")
        if part.kind not in _INLINE_KINDS and part.kind not in {"#comment", "#pi"}:
            raise ValueError(f"unknown inline tag kind {part.kind!r}")
        if part.kind in _INLINE_KINDS:
            try:
                _inline_element(part)
            except etree.XMLSyntaxError as error:
                raise ValueError(f"broken inline tag {part.xml!r}: {error.msg}") from error


def set_target(
    unit: TranslationUnit,
    lang: str,
    content: SegmentContent,
    user: str,
    *,
    now: datetime | None = None,
) -> TranslationUnit:
    """The unit with ``lang``'s segment replaced, ``changedate``/``changeid`` stamped.

    The variant and the unit are both stamped, as CAT tools read either.
    A missing variant is added.
    """
    validate_content(content)
    moment = now or datetime.now(UTC)
    tuvs = list(unit.tuvs)
    existing = unit.tuv(lang)
    if existing is None:
        tuvs.append(
            Tuv(
                lang=lang,
                attributes=stamp_change((("xml:lang", lang),), user, moment),
                meta=(),
                content=content,
            )
        )
    else:
        index = tuvs.index(existing)
        tuvs[index] = replace(
            existing, content=content, attributes=stamp_change(existing.attributes, user, moment)
        )
    return replace(unit, attributes=stamp_change(unit.attributes, user, moment), tuvs=tuple(tuvs))


def ensure_segment_ids(document: TmxDocument) -> int:
    """Give every unit without a unique ``x-segment-id`` a new one; return how many.

    Done when a review starts, so identities are settled before a CAT tool
    reorders or merges units; duplicate ids (copied units) are re-stamped
    after their first use.
    """
    seen: set[str] = set()
    stamped = 0
    for index, unit in enumerate(document.units):
        stored = unit.prop_values(SEGMENT_ID_PROP)
        if stored and stored[0] not in seen:
            seen.add(stored[0])
            continue
        new_id = uuid.uuid4().hex
        seen.add(new_id)
        document.units[index] = set_segment_id(unit, new_id)
        stamped += 1
    return stamped


__all__ = [
    "TmxDocument",
    "TmxReadError",
    "ensure_segment_ids",
    "read_tmx",
    "set_target",
    "validate_content",
    "write_tmx",
]
