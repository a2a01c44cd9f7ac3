"""Hostile files made on the spot: huge, truncated, binary, wrongly encoded, entity attacks.

Each maker writes one file (or folder) under a given folder and returns its
path. Huge files are `HUGE_BYTES` (64 MiB, set `HOSTILE_HUGE_MB` to change),
made from repeated blocks so that making them costs little.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

from tests.hostile.corpus import SHARED

HUGE_BYTES = int(os.environ.get("HOSTILE_HUGE_MB", "64")) * 1024 * 1024
VTT_SAMPLE = SHARED / "corpus" / "vtt" / "sample.vtt"
VTT_ACCENTS = SHARED / "corpus" / "vtt" / "netflix_chicas_del_cable.vtt"
TMX_UTF8 = SHARED / "corpus" / "tmx-lisa-kit" / "ImportTest1E.tmx"

_TMX_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="en"/>\n'
_TMX_UNIT = b'<tu><tuv xml:lang="en"><seg>%s</seg></tuv></tu>\n'

Maker = Callable[[Path], Path]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _huge(folder: Path, name: str, head: bytes, block: bytes, tail: bytes = b"") -> Path:
    path = folder / name
    with open(path, "wb") as handle:
        handle.write(head)
        for _ in range(HUGE_BYTES // len(block)):
            handle.write(block)
        handle.write(tail)
    return path


def huge_binary_vtt(folder: Path) -> Path:
    block = random.Random(11).randbytes(1 << 20)
    return _huge(folder, "huge-binary.vtt", b"", block)


def huge_one_line_vtt(folder: Path) -> Path:
    # 64 MiB without a line end and without the signature.
    return _huge(folder, "huge-one-line.vtt", b"", b"x" * 65536)


def huge_text_node_tmx(folder: Path) -> Path:
    # One segment of 64 MiB: past libxml2's limit for one text node without huge_tree.
    return _huge(folder, "huge-segment.tmx", _TMX_HEAD + b'<body><tu><tuv xml:lang="en"><seg>',
                 b"y" * 65536, b"</seg></tuv></tu></body></tmx>\n")


def truncated_signature_vtt(folder: Path) -> Path:
    return _write(folder, "truncated-signature.vtt", b"WEBV")


def truncated_mid_character_vtt(folder: Path) -> Path:
    data = VTT_ACCENTS.read_bytes()
    cut = data.index("é".encode()) + 1  # inside the two bytes of "é"
    return _write(folder, "truncated-mid-character.vtt", data[:cut])


def truncated_tmx(folder: Path) -> Path:
    data = TMX_UTF8.read_bytes()
    return _write(folder, "truncated.tmx", data[: len(data) // 2])


def binary_vtt(folder: Path) -> Path:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    return _write(folder, "picture.vtt", png)


def binary_tmx(folder: Path) -> Path:
    return _write(folder, "binary.tmx", random.Random(12).randbytes(4096))


def utf16_without_bom_vtt(folder: Path) -> Path:
    text = VTT_SAMPLE.read_text(encoding="utf-8")
    return _write(folder, "utf16-no-bom.vtt", text.encode("utf-16-le"))


def utf16_without_bom_or_declaration_tmx(folder: Path) -> Path:
    text = (_TMX_HEAD.split(b"\n", 1)[1] + b"<body>" + _TMX_UNIT % b"x" + b"</body></tmx>\n")
    return _write(folder, "utf16-no-bom.tmx", text.decode().encode("utf-16-be"))


def latin1_vtt(folder: Path) -> Path:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCafé crème, señor\n"
    return _write(folder, "latin1.vtt", text.encode("latin-1"))


def latin1_declared_utf8_tmx(folder: Path) -> Path:
    body = (_TMX_UNIT % "Café crème".encode("latin-1"))
    return _write(folder, "latin1.tmx", _TMX_HEAD + b"<body>" + body + b"</body></tmx>\n")


def billion_laughs_tmx(folder: Path) -> Path:
    entities = b'<!ENTITY lol "lol">\n' + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n' + entities + b"]>\n"
            + _TMX_HEAD.split(b"\n", 1)[1] + b"<body>" + _TMX_UNIT % b"&lol9;" + b"</body></tmx>\n")
    return _write(folder, "billion-laughs.tmx", data)


def external_entity_tmx(folder: Path) -> Path:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            + _TMX_HEAD.split(b"\n", 1)[1] + b"<body>" + _TMX_UNIT % b"&xxe;" + b"</body></tmx>\n")
    return _write(folder, "external-entity.tmx", data)


def empty_vtt(folder: Path) -> Path:
    return _write(folder, "empty.vtt", b"")


def empty_tmx(folder: Path) -> Path:
    return _write(folder, "empty.tmx", b"")


def folder_vtt(folder: Path) -> Path:
    path = folder / "folder.vtt"
    path.mkdir()
    return path


def folder_tmx(folder: Path) -> Path:
    path = folder / "folder.tmx"
    path.mkdir()
    return path


def missing_vtt(folder: Path) -> Path:
    return folder / "missing.vtt"


# Every one of these must be refused with a plain message by every command.
REFUSED: dict[str, Maker] = {
    "huge-binary.vtt": huge_binary_vtt,
    "huge-one-line.vtt": huge_one_line_vtt,
    "huge-segment.tmx": huge_text_node_tmx,
    "truncated-signature.vtt": truncated_signature_vtt,
    "truncated-mid-character.vtt": truncated_mid_character_vtt,
    "truncated.tmx": truncated_tmx,
    "picture.vtt": binary_vtt,
    "binary.tmx": binary_tmx,
    "utf16-no-bom.vtt": utf16_without_bom_vtt,
    "utf16-no-bom.tmx": utf16_without_bom_or_declaration_tmx,
    "latin1.vtt": latin1_vtt,
    "latin1.tmx": latin1_declared_utf8_tmx,
    "billion-laughs.tmx": billion_laughs_tmx,
    "external-entity.tmx": external_entity_tmx,
    "empty.vtt": empty_vtt,
    "empty.tmx": empty_tmx,
    "folder.vtt": folder_vtt,
    "folder.tmx": folder_tmx,
    "missing.vtt": missing_vtt,
}
