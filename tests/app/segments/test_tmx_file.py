"""TMX round trips over the LISA 1.4b compliance kit, edits, review props and hostile input."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.segments import (
    InlineTag,
    MqmError,
    Note,
    Prop,
    TmxDocument,
    TmxReadError,
    ensure_segment_ids,
    format_tmx_date,
    parse_tmx_date,
    read_tmx,
    set_mqm_errors,
    set_review_status,
    set_target,
    write_tmx,
)

KIT = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "tmx-lisa-kit"
KIT_FILES = sorted(KIT.glob("*.tmx"))
MOMENT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not KIT_FILES, reason="LISA TMX kit not present")


def _ids(path: Path) -> str:
    return path.name


def _reread(document: TmxDocument, **kwargs: str) -> TmxDocument:
    return read_tmx(write_tmx(document, **kwargs))


def test_the_kit_is_all_there() -> None:
    assert len(KIT_FILES) == 23


@pytest.mark.parametrize("path", KIT_FILES, ids=_ids)
def test_unedited_write_is_byte_identical(path: Path) -> None:
    # Untouched units are spliced from the decoded text, so this holds for
    # every kit file, UTF-16 and us-ascii ones included.
    assert write_tmx(read_tmx(path)) == path.read_bytes()


@pytest.mark.parametrize("path", KIT_FILES, ids=_ids)
def test_round_trip_through_every_node_keeps_the_model(path: Path) -> None:
    """Every unit and the header re-rendered by lxml: the model must come back equal."""
    document = read_tmx(path)
    original_units = list(document.units)
    # A review status on every unit forces each one through the re-rendering path.
    document.units = [set_review_status(unit, "ok") for unit in document.units]
    document.header = replace(document.header, meta=(*document.header.meta, Note("reviewed")))
    again = _reread(document)
    assert again.header == document.header
    assert again.root_attributes == document.root_attributes
    assert again.encoding == document.encoding and again.bom == document.bom
    assert again.units == document.units
    for before, after in zip(original_units, again.units, strict=True):
        assert after.attributes == before.attributes
        assert after.tuvs == before.tuvs  # inline tags, text, tuv props and notes
        assert after.meta[: len(before.meta)] == before.meta
        assert after.review_status == "ok"


@pytest.mark.parametrize("path", KIT_FILES, ids=_ids)
def test_editing_one_target_stamps_it_and_leaves_other_units_byte_identical(path: Path) -> None:
    document = read_tmx(path)
    unit = document.units[-1]
    target = unit.tuvs[-1]
    content = (*target.content, " [relu]")
    document.units[-1] = set_target(unit, target.lang, content, "reviewer-7", now=MOMENT)
    output = write_tmx(document)

    again = read_tmx(output)
    edited = again.units[-1]
    assert edited.tuv(target.lang) is not None
    assert edited.tuvs[-1].text.endswith(" [relu]")
    assert edited.tuvs[-1].attribute("changedate") == "20260304T050607Z"
    assert edited.tuvs[-1].attribute("changeid") == "reviewer-7"
    assert edited.attribute("changedate") == "20260304T050607Z"
    assert edited.attribute("changeid") == "reviewer-7"
    assert edited.tuvs[:-1] == unit.tuvs[:-1]
    assert again.units[:-1] == document.units[:-1]

    before_text = read_tmx(path)
    before_spans = [before_text._source[s:e] for s, e in before_text._unit_spans]
    after_spans = [again._source[s:e] for s, e in again._unit_spans]
    assert after_spans[:-1] == before_spans[:-1]
    # Everything before the edited unit is byte-identical in the output.
    cut = again._unit_spans[-1][0]
    assert again._source[:cut] == before_text._source[: before_text._unit_spans[-1][0]]


def test_edit_keeps_inline_tags_and_whitespace_inside_seg() -> None:
    document = read_tmx(KIT / "ImportTest2C.tmx")
    unit = document.units[0]
    fr = unit.tuv("fr")
    assert fr is not None
    tags = fr.tags
    assert [tag.kind for tag in tags] == ["it", "bpt", "ph", "hi", "ept"]
    content = (tags[0], tags[1], "  Cliquez\tici ", tags[2], " ", tags[3], ".", tags[4])
    document.units[0] = set_target(unit, "FR", content, "rev", now=MOMENT)
    again = _reread(document)
    new_fr = again.units[0].tuv("fr")
    assert new_fr is not None
    assert new_fr.content == content
    assert new_fr.props == fr.props and new_fr.notes == fr.notes
    # The comments inside the edited unit survive: only changed nodes are touched.
    assert again._source.count("<!-- Some comments -->") == document._source.count(
        "<!-- Some comments -->"
    )


def test_whitespace_in_seg_is_read_exactly() -> None:
    document = read_tmx(KIT / "ImportTest1A.tmx")
    assert document.units[0].tuvs[0].text == "First segment with [\t\t   ]"
    assert document.units[1].tuvs[0].text == "Second segment with [  \t\t]"


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("ImportTest1A.tmx", "utf-16-le"),
        ("ImportTest1F.tmx", "utf-16-le"),
        ("ImportTest1G.tmx", "utf-16-be"),
    ],
)
def test_utf16_files_read_and_convert(name: str, codec: str) -> None:
    document = read_tmx(KIT / name)
    assert document.encoding == codec and document.bom
    assert all(tuv.text for unit in document.units for tuv in unit.tuvs)
    as_utf8 = write_tmx(document, encoding="utf-8")
    assert as_utf8.startswith(b"<?xml")
    converted = read_tmx(as_utf8)
    assert converted.encoding == "utf-8"
    assert converted.units == document.units and converted.header == document.header


def test_same_file_in_utf16_and_utf8_reads_the_same() -> None:
    utf16 = read_tmx(KIT / "ImportTest2A.tmx")
    utf8 = read_tmx(KIT / "ImportTest2A-0index.tmx")  # same text; its x attributes count from 0

    def texts(document: TmxDocument) -> list[list[str]]:
        return [[tuv.text for tuv in unit.tuvs] for unit in document.units]

    assert texts(utf16) == texts(utf8)
    assert [[len(tuv.tags) for tuv in unit.tuvs] for unit in utf16.units] == [
        [len(tuv.tags) for tuv in unit.tuvs] for unit in utf8.units
    ]


def test_header_ude_notes_and_props_are_kept() -> None:
    header = read_tmx(KIT / "ImportTest1L.tmx").header
    assert header.attribute("creationtool") == "myTool"
    assert [type(item).__name__ for item in header.meta] == ["RawElement", "Note", "Note", "Prop"]
    assert 'ent="AppleLogo"' in header.meta[0].xml  # type: ignore[union-attr]


def test_interleaved_tuv_props_and_notes_keep_their_order() -> None:
    unit = read_tmx(KIT / "ImportTest1L.tmx").units[0]
    fr = unit.tuv("fr")
    assert fr is not None
    assert [type(item).__name__ for item in fr.meta] == ["Prop", "Note", "Prop", "Note"]


def test_review_status_and_mqm_errors_survive_as_props() -> None:
    document = read_tmx(KIT / "ImportTest1L.tmx")
    error = MqmError("Accuracy", "Major", "meaning changed", lang="fr", span=(0, 5))
    unit = set_mqm_errors(
        set_review_status(document.units[0], "ko"), [error, MqmError("Style", "Minor")]
    )
    document.units[0] = unit
    output = write_tmx(document)
    assert b'<prop type="x-review-status">ko</prop>' in output
    again = read_tmx(output).units[0]
    assert again.review_status == "ko"
    assert again.mqm_errors == (error, MqmError("Style", "Minor"))
    # The unknown prop and the notes are still there, in order, before ours.
    assert again.meta[:3] == document._original_units[0].meta
    cleared = set_mqm_errors(set_review_status(again, None), [])
    assert cleared.meta == document._original_units[0].meta


def test_segment_ids_are_stamped_unique_and_stable() -> None:
    document = read_tmx(KIT / "ImportTest1C.tmx")
    assert document.units[0].segment_id == "pos:1"
    stamped = ensure_segment_ids(document)
    assert stamped == len(document.units)
    ids = [unit.segment_id for unit in document.units]
    assert len(set(ids)) == len(ids)
    again = _reread(document)
    assert [unit.segment_id for unit in again.units] == ids
    assert ensure_segment_ids(again) == 0
    # A copied unit with the same id gets a new one.
    again.units[1] = replace(again.units[1], meta=again.units[0].meta)
    assert ensure_segment_ids(again) == 1
    assert again.units[1].segment_id != again.units[0].segment_id


def test_set_target_refuses_broken_protected_tags() -> None:
    unit = read_tmx(KIT / "ExportTest2A.tmx").units[0]
    with pytest.raises(ValueError, match="broken inline tag"):
        set_target(unit, "fr-ca", ("x", InlineTag("bpt", '<bpt i="1">')), "rev")
    with pytest.raises(ValueError, match="not a <ept>"):
        set_target(unit, "fr-ca", (InlineTag("ept", '<bpt i="1"/>'),), "rev")


def test_set_target_adds_a_missing_language() -> None:
    document = read_tmx(KIT / "ImportTest1B.tmx")
    document.units[0] = set_target(document.units[0], "de-de", ("Hallo",), "rev", now=MOMENT)
    tuv = _reread(document).units[0].tuv("de-DE")
    assert tuv is not None and tuv.text == "Hallo"
    assert tuv.attribute("changedate") == format_tmx_date(MOMENT)


def test_non_ascii_edit_in_an_ascii_file_becomes_references() -> None:
    document = read_tmx(KIT / "ImportTest1H.tmx")
    document.units[0] = set_target(document.units[0], "en-gb", ("café ™",), "rev", now=MOMENT)
    output = write_tmx(document)
    output.decode("ascii")
    assert read_tmx(output).units[0].tuvs[1].text == "café ™"


def test_dates() -> None:
    assert format_tmx_date(MOMENT) == "20260304T050607Z"
    assert parse_tmx_date("20260304T050607Z") == MOMENT
    with pytest.raises(ValueError):
        format_tmx_date(datetime(2026, 1, 1))


def test_props_written_by_other_tools_keep_attributes() -> None:
    unit = read_tmx(KIT / "ImportTest1L.tmx").units[0]
    assert unit.props == (
        Prop("myPropeType", "Data", (("o-encoding", "iso-8859-1"), ("xml:lang", "en-us"))),
    )


# --- hostile and broken input -------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<tmx version="1.4"><header srclang="en"/>
<body><tu><tuv xml:lang="en"><seg>&g;</seg></tuv></tu></body></tmx>
"""


def _refused_quickly(data: bytes, match: str) -> str:
    started = time.monotonic()
    with pytest.raises(TmxReadError, match=match) as raised:
        read_tmx(data)
    assert time.monotonic() - started < 5
    return str(raised.value)


def test_billion_laughs_is_refused() -> None:
    _refused_quickly(BILLION_LAUGHS, "declares entities")


def test_external_entity_is_refused_without_reading_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>
""".encode()
    message = _refused_quickly(data, "declares entities")
    assert "TOP-SECRET" not in message
    passwd = data.replace(f"file://{secret}".encode(), b"file:///etc/passwd")
    _refused_quickly(passwd, "declares entities")


def test_entity_refused_in_utf16_too() -> None:
    _refused_quickly(b"\xff\xfe" + BILLION_LAUGHS.decode().encode("utf-16-le"), "declares entities")


def test_undeclared_entity_is_malformed_not_resolved() -> None:
    data = (
        b'<tmx version="1.4"><header/><body>'
        b'<tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>'
    )
    _refused_quickly(data, "malformed XML at line 1")


def test_external_dtd_is_not_fetched() -> None:
    data = (
        (KIT / "ImportTest1B.tmx")
        .read_bytes()
        .replace(b'"tmx14.dtd"', b'"http://192.0.2.1/tmx14.dtd"')
    )
    started = time.monotonic()
    assert len(read_tmx(data).units) == 1
    assert time.monotonic() - started < 5


def test_malformed_file_gets_line_and_reason() -> None:
    data = (
        b'<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n'
        b'<tu><tuv xml:lang="en"><seg>x</tuv></tu>\n</body></tmx>'
    )
    message = _refused_quickly(data, "line 5")
    assert "mismatch" in message.lower() or "tag" in message.lower()


def test_non_tmx_xml_is_refused_plainly() -> None:
    _refused_quickly(
        b'<?xml version="1.0"?><xliff version="1.2"/>',
        r"not a TMX file: the root element is <xliff>",
    )


def test_tmx_without_body_is_refused() -> None:
    _refused_quickly(b'<tmx version="1.4"><header/></tmx>', "needs a <header> and a <body>")


def test_tuv_without_language_is_refused() -> None:
    _refused_quickly(
        b'<tmx version="1.4"><header/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>',
        "xml:lang",
    )


def test_bad_bytes_are_refused() -> None:
    _refused_quickly(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx>\xff</tmx>',
        "line 2: bytes are not valid utf-8",
    )


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(TmxReadError, match="cannot read"):
        read_tmx(tmp_path / "nothing.tmx")


# --- size --------------------------------------------------------------------


def test_a_100000_unit_file_reads_and_writes() -> None:
    units = "".join(
        f'<tu tuid="{n % 1000}"><prop type="x-segment-id">s{n}</prop>'
        f'<tuv xml:lang="en"><seg>Source <ph x="1">&lt;br/&gt;</ph> number {n}.</seg></tuv>'
        f'<tuv xml:lang="fr"><seg>Cible numéro {n}.</seg></tuv></tu>\n'
        for n in range(100_000)
    )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<tmx version="1.4"><header srclang="en"/>\n<body>\n{units}</body></tmx>\n'
    )
    document = read_tmx(data.encode())
    assert len(document.units) == 100_000
    assert document.units[99_999].segment_id == "s99999"
    assert document.units[5].tuv("en") is not None
    document.units[5] = set_target(document.units[5], "fr", ("Modifié",), "rev", now=MOMENT)
    output = write_tmx(document)
    assert output.count(b"20260304T050607Z") == 2


def test_entities_hidden_behind_a_comment_or_quoted_bracket_are_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!-- <tmx> -->\n'
        b'<!DOCTYPE tmx [<!ATTLIST tmx v CDATA "]>"><!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<tmx version="1.4"><header/><body/></tmx>'
    )
    _refused_quickly(data, "declares entities")


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        b'<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu>'
        b"</body></tmx>",
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_the_parser_alone_also_refuses_entities(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the text check miss a trick, the locked-down parser still refuses."""
    import app.segments.tmx_file as tmx_file

    monkeypatch.setattr(tmx_file, "_refuse_entities", lambda text: None)
    message = _refused_quickly(data, "malformed XML|declares entities")
    assert "root:x:" not in message  # /etc/passwd was not read into the error
