"""TMX 1.4 for the segment round trip: one translation unit per cue index.

Units pair the source and target captions cue by cue (`tuid` = cue index);
where the two tracks have different cue counts the missing side is empty.
The emulator's own writer and reader, with the standard library only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from tests.platform.vtt_text import Cue

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Unit:
    tuid: str
    source: str
    target: str | None  # None: the unit has no segment in the target language


class TmxError(ValueError):
    """The uploaded file is not a TMX we can read."""


def build_tmx(source_lang: str, target_lang: str, source: list[Cue], target: list[Cue]) -> bytes:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "platform-emulator",
            "creationtoolversion": "1",
            "segtype": "block",
            "o-tmf": "webvtt",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(root, "body")
    for index in range(max(len(source), len(target))):
        unit = ET.SubElement(body, "tu", tuid=str(index))
        timing = source[index] if index < len(source) else target[index]
        ET.SubElement(unit, "prop", type="x-cue-start-ms").text = str(timing.start_ms)
        ET.SubElement(unit, "prop", type="x-cue-end-ms").text = str(timing.end_ms)
        for lang, cues in ((source_lang, source), (target_lang, target)):
            variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
            ET.SubElement(variant, "seg").text = cues[index].text if index < len(cues) else ""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def read_tmx(data: bytes, source_lang: str, target_lang: str) -> list[Unit]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise TmxError(f"Not well-formed XML: {exc}") from exc
    if root.tag != "tmx":
        raise TmxError("The root element is not <tmx>")
    units: list[Unit] = []
    for position, unit in enumerate(root.iter("tu")):
        segments: dict[str, str] = {}
        for variant in unit.iter("tuv"):
            lang = (variant.get(XML_LANG) or variant.get("lang") or "").lower()
            seg = variant.find("seg")
            # itertext keeps inline text when a tool wrapped parts in <ph>/<bpt> tags.
            segments[lang] = "".join(seg.itertext()) if seg is not None else ""
        units.append(
            Unit(
                tuid=unit.get("tuid", str(position)),
                source=segments.get(source_lang.lower(), ""),
                target=segments.get(target_lang.lower()),
            )
        )
    return units
