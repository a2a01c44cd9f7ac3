"""Batch check and resave dispatch TMX files to the segment grid's reader, writer and QA checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.batch import (
    EXIT_OK,
    EXIT_UNREADABLE,
    UnreadableFile,
    check_file,
    check_tmx_file,
    exit_code,
    resave,
)
from app.captions.quality import QualityProfile, Severity, profile_named
from app.captions.webvtt_file import VttReadError
from app.segments.qa_checks import QaCheck, QaSettings

KIT = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tmx-lisa-kit"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
KIT_FILES = sorted(KIT.glob("*.tmx"))

pytestmark = pytest.mark.skipif(not KIT_FILES, reason="LISA TMX kit not present")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>
"""


@pytest.fixture
def profile() -> QualityProfile:
    return profile_named("netflix-en")


def test_check_reports_units_languages_and_qa_findings(profile: QualityProfile) -> None:
    path = KIT / "ExportTest2A.tmx"
    report = check_file(path, profile)
    data = json.loads(json.dumps(report.as_json()))
    assert data["format"] == "tmx" and data["units"] == 6
    assert data["source_language"] == "en-us" and data["languages"] == ["fr-ca"]
    # "Sentence one." became "Phrase 1.": a number the source does not have.
    numbers = [f for f in data["findings"] if f["check"] == "numbers"]
    assert [f["unit"] for f in numbers] == [5, 6]
    assert numbers[0] == {"segment": "pos:5", "unit": 5, "language": "fr-ca",
                          "check": "numbers", "message": "Numbers differ — not in the source: 1"}
    # The same findings in the caption report's shape, for the text printout.
    assert [f.cue for f in report.findings if f.rule == "qa-numbers"] == [4, 5]
    assert all(f.severity is Severity.WARNING for f in report.findings)
    assert exit_code([report]) == EXIT_OK  # QA findings are warnings


def test_every_language_is_checked_against_the_source() -> None:
    report = check_tmx_file(KIT / "ImportTest1C.tmx")
    assert report.extra["source_language"] == "en-us"
    assert report.extra["languages"] == ["en-gb", "ja-jp", "fr-ca", "es-es"]
    quiet = check_tmx_file(KIT / "ExportTest2A.tmx",
                           QaSettings().without(QaCheck.NUMBERS, QaCheck.UNTRANSLATED))
    assert all(f["check"] not in {"numbers", "untranslated"} for f in quiet.extra["findings"])


def test_the_suffix_decides_in_any_case(tmp_path: Path, profile: QualityProfile) -> None:
    upper = tmp_path / "MEMORY.TMX"
    upper.write_bytes((KIT / "ImportTest1D.tmx").read_bytes())
    assert check_file(upper, profile).fmt == "tmx"
    vtt = check_file(DEMO / "fr.captions.vtt", profile)
    assert vtt.fmt == "webvtt" and vtt.as_json()["cues"] == 8


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (BILLION_LAUGHS, "entities"),
        (b'<?xml version="1.0"?>\n<tmx version="1.4"><header/>\n<body><tu></body></tmx>',
         "line 3"),
        (b"<html><body/></html>", "not a TMX file"),
    ],
)
def test_unreadable_tmx_is_a_result_not_a_crash(
    tmp_path: Path, profile: QualityProfile, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    report = check_file(path, profile)
    assert not report.readable and fragment in (report.error or "")
    assert report.as_json()["error"]["message"] == report.error
    assert exit_code([report]) == EXIT_UNREADABLE


def test_a_missing_tmx_file_is_reported(tmp_path: Path, profile: QualityProfile) -> None:
    report = check_file(tmp_path / "nowhere.tmx", profile)
    assert not report.readable and "cannot read" in (report.error or "")


@pytest.mark.parametrize("path", KIT_FILES, ids=lambda p: p.name)
def test_resave_writes_every_kit_file_back_byte_for_byte(tmp_path: Path, path: Path) -> None:
    target = tmp_path / path.name
    resave(path, target)
    assert target.read_bytes() == path.read_bytes()
    assert not list(tmp_path.glob(".*.saving"))


def test_resave_refuses_unreadable_tmx_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "laughs.tmx"
    source.write_bytes(BILLION_LAUGHS)
    target = tmp_path / "out.tmx"
    with pytest.raises(UnreadableFile, match="entities") as caught:
        resave(source, target)
    assert isinstance(caught.value, VttReadError)  # what the command line catches
    assert not target.exists()


def test_resave_names_a_target_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="cannot be written"):
        resave(KIT / "ImportTest1D.tmx", tmp_path / "no-such-folder" / "out.tmx")
