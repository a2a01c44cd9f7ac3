"""The first units of a big TMX file, read in a fraction of the time the whole file takes.

A reviewer opening a 100,000-unit file should see its first screen at once,
not after the full, lossless read (several seconds). The preview is a small
document made of the file's own header and first units, read by the same
reader (so the same safety checks apply), plus the file's unit count. It is
for showing only: the editable document is the full read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.segments.tmx_file import (  # the reader's own decoding and unit scanner
    TmxDocument,
    _decode,
    _refuse_entities,
    _spans,
    read_tmx,
)

_ENCODING_ATTRIBUTE = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*["'])[^"']+(["'])""")


@dataclass(frozen=True)
class TmxPreview:
    document: TmxDocument
    total_units: int


def read_tmx_preview(data: bytes, units: int = 200) -> TmxPreview:
    """The header and first `units` units of a TMX file, and how many units it has."""
    text, _codec, _bom = _decode(data)
    _refuse_entities(text)
    _header, spans = _spans(text)
    if len(spans) <= units:
        return TmxPreview(read_tmx(data), len(spans))
    cut = spans[units - 1][1]
    # Close what the cut left open; the units after it are simply not there.
    small = _ENCODING_ATTRIBUTE.sub(r"\g<1>UTF-8\g<2>", text[:cut], count=1)
    small += "\n</body>\n</tmx>\n"
    return TmxPreview(read_tmx(small.encode("utf-8")), len(spans))
