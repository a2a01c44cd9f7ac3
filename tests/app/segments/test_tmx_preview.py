"""The first units of a big TMX come back fast, and are the same units the full read gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.segments import TmxReadError, read_tmx
from app.segments.tmx_preview import read_tmx_preview

LISA = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "tmx-lisa-kit"


def _tmx(units: int) -> str:
    body = "\n".join(
        f'<tu tuid="t{n}"><tuv xml:lang="en"><seg>Line {n} of the <bpt i="1">&lt;b&gt;</bpt>'
        f'manual<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
        f'<tuv xml:lang="fr"><seg>Ligne {n} du manuel.</seg></tuv></tu>' for n in range(units))
    return ('<?xml version="1.0" encoding="{enc}"?>\n<tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" '
            f'srclang="en" o-tmf="t"/>\n<body>\n{body}\n</body>\n</tmx>\n')


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_preview_is_the_first_units_of_the_file(encoding: str) -> None:
    data = _tmx(1000).replace("{enc}", encoding.upper()).encode(encoding)

    preview = read_tmx_preview(data, units=200)
    full = read_tmx(data)

    assert preview.total_units == 1000
    assert preview.document.units == full.units[:200]


def test_a_small_file_is_read_whole() -> None:
    data = _tmx(10).replace("{enc}", "UTF-8").encode()
    preview = read_tmx_preview(data, units=200)
    assert preview.total_units == 10 and len(preview.document.units) == 10


def test_the_preview_refuses_what_the_reader_refuses() -> None:
    hostile = (b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]>'
               b'<tmx version="1.4"><header/><body></body></tmx>')
    with pytest.raises(TmxReadError, match="entities"):
        read_tmx_preview(hostile)


@pytest.mark.skipif(not LISA.exists(), reason="shared LISA kit not present")
def test_lisa_files_preview_like_their_full_read() -> None:
    for path in sorted(LISA.glob("*.tmx")):
        data = path.read_bytes()
        try:
            full = read_tmx(data)
        except TmxReadError:
            continue
        preview = read_tmx_preview(data, units=1)
        assert preview.document.units == full.units[:1], path.name
        assert preview.total_units == len(full.units), path.name
