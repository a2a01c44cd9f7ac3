"""The IRIS emulator's documents: translation units of two small jobs, as TMX.

A unit has an id (IRIS's own, written as `tuid` and as an `x-segment-id`
prop), a source and a target segment. Some targets carry inline tags and some
are wrong on purpose (a number changed, an untranslated unit) so verification
has something to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass
class Unit:
    id: str
    source: str  # inner XML of the source seg (may hold inline tags)
    target: str


@dataclass
class IrisJob:
    id: str
    status: str
    source_language: str
    target_language: str
    units: list[Unit] = field(default_factory=list)


def seed_jobs() -> dict[str, IrisJob]:
    manual = IrisJob("IRIS-1001", "review", "en-GB", "fr-FR", [
        Unit("u1", "Press <bpt i=\"1\">&lt;b&gt;</bpt>Start<ept i=\"1\">&lt;/b&gt;</ept> to begin.",
             "Appuyez sur <bpt i=\"1\">&lt;b&gt;</bpt>Démarrer<ept i=\"1\">&lt;/b&gt;</ept> "
             "pour commencer."),
        Unit("u2", "The battery lasts 12 hours.", "La batterie dure 21 heures."),
        Unit("u3", "Keep the device dry.", "Keep the device dry."),
        Unit("u4", "Charge it for 3 hours before first use.",
             "Chargez-le pendant 3 heures avant la première utilisation."),
        Unit("u5", "See page <ph x=\"1\">&lt;page/&gt;</ph> for details.",
             "Voir la page pour plus de détails."),
        Unit("u6", "Thank you for choosing us.", "Merci de nous avoir choisis."),
    ])
    pending = IrisJob("IRIS-1002", "processing", "en-GB", "de-DE", [])
    return {job.id: job for job in (manual, pending)}


def _seg(lang: str, inner: str) -> str:
    return f'<tuv xml:lang="{lang}"><seg>{inner}</seg></tuv>'


def job_tmx(job: IrisJob) -> bytes:
    units = "\n".join(
        f'<tu tuid="{unit.id}"><prop type="x-segment-id">{unit.id}</prop>'
        f"{_seg(job.source_language, unit.source)}{_seg(job.target_language, unit.target)}</tu>"
        for unit in job.units
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'<header creationtool="IRIS emulator" creationtoolversion="1" datatype="plaintext" '
        f'segtype="sentence" adminlang="en" srclang="{job.source_language}" '
        'o-tmf="iris"/>\n<body>\n' + units + "\n</body>\n</tmx>\n"
    )
    return text.encode("utf-8")


class InvalidTmx(ValueError):
    pass


def read_targets(data: bytes, target_language: str) -> dict[str, str]:
    """Unit id → inner XML of the target seg, from an uploaded TMX; entities and DTDs refused."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise InvalidTmx("DOCTYPE and entity declarations are not accepted")
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InvalidTmx(f"line {error.lineno}: {error.msg}") from None
    if root.tag != "tmx":
        raise InvalidTmx("not a TMX document")
    found: dict[str, str] = {}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for tu in root.iter("tu"):
        ids = [p.text or "" for p in tu.findall("prop") if p.get("type") == "x-segment-id"]
        unit_id = ids[0] if ids else tu.get("tuid")
        for tuv in tu.findall("tuv"):
            lang = tuv.get(xml_lang) or tuv.get("lang") or ""
            if lang.casefold() != target_language.casefold() or unit_id is None:
                continue
            seg = tuv.find("seg")
            if seg is None:
                continue
            inner = etree.tostring(seg, encoding="unicode", with_tail=False)
            if inner.endswith("/>"):
                found[unit_id] = ""
            else:
                found[unit_id] = inner[inner.index(">") + 1:inner.rindex("</seg>")]
    return found
