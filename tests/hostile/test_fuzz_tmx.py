"""Fuzzing the TMX reader: a document or a plain TmxReadError, never anything else.

For any bytes, `read_tmx` either returns a `TmxDocument` or raises
`TmxReadError` with a one-line message; never an lxml, Unicode or index
error, never a hang (inputs are bounded, the hypothesis deadline catches a
runaway), and never an expanded entity. When a file reads, writing it back
unedited gives the same bytes (the splicing writer's promise).

Inputs: arbitrary bytes, and the LISA TMX 1.4b compliance kit
(/work/shared/corpus/tmx-lisa-kit: UTF-8 with BOM, UTF-16 LE/BE, ASCII)
changed by structured mutations and pasted hostile XML (entity
declarations, external entities, CDATA and comments hiding `<tu>`,
processing instructions, deep nesting, unbalanced tags).

Example counts: `HOSTILE_EXAMPLES` (default 60 per test);
`HOSTILE_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz_tmx.py` for a long run.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.segments.tmx_file import TmxDocument, TmxReadError, read_tmx, write_tmx
from tests.hostile.corpus import FUZZ, TMX_FILES
from tests.hostile.mutations import mutated

pytestmark = pytest.mark.skipif(not TMX_FILES, reason="the LISA TMX kit is not here")

ORIGINALS = [path.read_bytes() for path in TMX_FILES if path.stat().st_size < 60_000]
UTF8_ORIGINALS = [
    data for data in ORIGINALS if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
]
HOSTILE_XML = [
    b'<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
    b'<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    b'<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n',
    b"<!DOCTYPE tmx [<!ATTLIST tu x CDATA ']>'><!ENTITY y 'z'>]>\n",
    b"<!ENTITY z 'z'>\n",
    b"&x;&amp;&#0;&#xFFFFFFFF;&#65;\n",
    b"<!-- <tu> --> <![CDATA[ <tu></tu> ]]> <?pi <tu> ?>\n",
    b"<tu>\n",
    b"</tu>\n",
    b"<tu/>\n",
    b'<tu><tuv xml:lang="fr"><seg>x</seg><seg>y</seg></tuv></tu>\n',
    b"<tu><tuv><seg>no language</seg></tuv></tu>\n",
    b"<header/>\n",
    b"<header>\n",
    b"<" + b"hi>" * 400 + b"\n",
    b"<seg>" + b"<bpt i='1'>" * 300 + b"\n",
    b'<?xml version="1.0" encoding="bogus-8"?>\n',
    b'<?xml version="1.0" encoding="utf-16"?>\n',
    b"\x00\x00\xfe\xff\n",
    b"<tu " + b'a="1" ' * 2000 + b">\n",
]


def assert_plain(error: TmxReadError) -> None:
    message = str(error)
    assert message and "\n" not in message
    assert "Traceback" not in message


def check(data: bytes) -> TmxDocument | None:
    try:
        document = read_tmx(data)
    except TmxReadError as error:
        assert_plain(error)
        return None
    assert write_tmx(document) == data
    return document


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_read_or_are_refused_plainly(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=1500))
def test_any_text_in_a_tmx_frame_reads_or_is_refused_plainly(text: str) -> None:
    frame = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/>'
        '<body><tu><tuv xml:lang="en"><seg>{}</seg></tuv></tu></body></tmx>\n'
    )
    check(frame.format(text).encode("utf-8"))


@FUZZ
@given(mutated(ORIGINALS, HOSTILE_XML))
def test_mutated_lisa_files_read_or_are_refused_plainly(data: bytes) -> None:
    check(data)


@FUZZ
@given(mutated(UTF8_ORIGINALS, HOSTILE_XML))
def test_mutated_utf8_lisa_files_read_or_are_refused_plainly(data: bytes) -> None:
    # The same with text files only, where line mutations keep more of the XML intact.
    check(data)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n <!ENTITY lol "lol">\n'
        + b"".join(
            f' <!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">\n'
            .encode() for n in range(1, 10)
        )
        + b']>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg>'
        b"</tuv></tu></body></tmx>\n",
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu>'
        b"</body></tmx>\n",
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">%p;]>\n'
        b'<tmx version="1.4"><header/><body/></tmx>\n',
        b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>'
        + b"<tu>" * 100_000 + b"</body></tmx>",
        b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>'
        + b"<hi>" * 50_000 + b"x" + b"</hi>" * 50_000 + b"</seg></tuv></tu></body></tmx>",
    ],
    ids=["billion-laughs", "external-entity", "parameter-entity", "unclosed-units",
         "deep-nesting"],
)
def test_entity_and_depth_attacks_are_refused(data: bytes) -> None:
    with pytest.raises(TmxReadError) as refused:
        read_tmx(data)
    assert_plain(refused.value)
    assert "lollol" not in str(refused.value) and "root:" not in str(refused.value)
