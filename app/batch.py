"""Batch work for the command line: check many files, re-save one.

WebVTT caption files and TMX translation memories (by the ``.tmx``
suffix) go through the editor's and the segment grid's own readers,
writers and checks. These functions return plain data and exit codes;
printing is the caller's business. Checking never raises for a bad file:
an unreadable file is a result.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.captions.model import Track
from app.captions.quality import Finding, QualityProfile, Severity, check_track
from app.captions.webvtt_file import VttReadError, read_file, write_file
from app.segments.qa_checks import QaFinding, QaSettings, run_qa
from app.segments.tmx_file import TmxDocument, TmxReadError, read_tmx, write_tmx
from app.segments.tmx_segments import language_pair, open_tmx_review

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


@dataclass(frozen=True)
class FileReport:
    """What checking one file found: its cues and findings, or why it could not be read."""

    path: Path
    cues: int = 0
    findings: tuple[Finding, ...] = ()
    error_line: int | None = None
    error: str | None = None
    fmt: str = "webvtt"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        if self.error is not None:
            return {"file": str(self.path), "error": {"line": self.error_line,
                                                       "message": self.error}}
        if self.fmt == "tmx":
            # units, languages and the QA findings are in `extra` (see check_tmx_file)
            return {"file": str(self.path), "format": self.fmt, **self.extra}
        return {
            "file": str(self.path),
            "format": self.fmt,
            "cues": self.cues,
            **self.extra,
            "findings": [finding_json(f) for f in self.findings],
        }


def finding_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cue": finding.cue,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "value": finding.value,
        "limit": finding.limit,
        "hint": finding.hint,
    }
    if finding.line is not None:
        data["line"] = finding.line
    return data


def load_track(path: Path) -> Track:
    """Read a caption file, turning every way it can fail into a VttReadError."""
    try:
        return read_file(path)
    except VttReadError:
        raise
    except IsADirectoryError:
        raise VttReadError(f"{path} is a folder, not a file") from None
    except FileNotFoundError:
        raise VttReadError(f"{path} does not exist") from None
    except PermissionError:
        raise VttReadError(f"{path} cannot be read: permission denied") from None
    except OSError as error:
        raise VttReadError(f"{path} cannot be read: {error.strerror or error}") from None
    except MemoryError:
        raise VttReadError(f"{path} is too large to read") from None


def is_tmx(path: Path) -> bool:
    return path.suffix.casefold() == ".tmx"


def check_file(path: Path, profile: QualityProfile) -> FileReport:
    """Check a caption file against `profile`, or a TMX file (by suffix) with the QA checks."""
    if is_tmx(path):
        return check_tmx_file(path)
    try:
        track = load_track(path)
    except VttReadError as error:
        return FileReport(path, error_line=error.line, error=error.reason)
    return FileReport(path, cues=len(track.cues), findings=tuple(check_track(track, profile)))


def exit_code(reports: list[FileReport]) -> int:
    if any(not r.readable for r in reports):
        return EXIT_UNREADABLE
    if any(r.has_errors for r in reports):
        return EXIT_FINDINGS
    return EXIT_OK


def resave(source: Path, target: Path) -> None:
    """Read and write back through the editor's own reader and writer.

    A ``.tmx`` source goes through the segment grid's TMX reader and writer.
    Raises `VttReadError` (`UnreadableFile` for TMX) when reading or writing fails.
    """
    if is_tmx(source):
        _resave_tmx(source, target)
        return
    track = load_track(source)
    try:
        write_file(track, target)
    except OSError as error:
        raise VttReadError(f"{target} cannot be written: {error.strerror or error}") from None


# --- TMX -------------------------------------------------------------------------


class UnreadableFile(VttReadError):
    """A TMX file batch work could not read or write.

    A `VttReadError`, so callers that handle unreadable caption files handle
    these the same way.
    """


_LINE = re.compile(r"\bline (\d+)\b")


def _line_of(error: TmxReadError) -> int | None:
    found = _LINE.search(str(error))
    return int(found.group(1)) if found else None


def load_tmx(path: Path) -> TmxDocument:
    """Read a TMX file, turning every way it can fail into a `TmxReadError`."""
    try:
        return read_tmx(path)
    except MemoryError:
        raise TmxReadError(f"{path} is too large to read") from None


def tmx_languages(document: TmxDocument) -> tuple[str | None, tuple[str, ...]]:
    """The source language and the other languages, each once (case-insensitively)."""
    pair = language_pair(document)
    if pair is None:
        languages = document.languages
        return (languages[0] if languages else None), ()
    source = pair[0]
    seen = {source.casefold()}
    targets = []
    for lang in document.languages:
        if lang.casefold() not in seen:
            seen.add(lang.casefold())
            targets.append(lang)
    return source, tuple(targets)


def _qa_json(finding: QaFinding, language: str, unit: int) -> dict[str, Any]:
    return {"segment": finding.segment_id, "unit": unit, "language": language,
            "check": finding.check.value, "message": finding.message}


def check_tmx_file(path: Path, settings: QaSettings | None = None) -> FileReport:
    """Run the QA checks on every language of a TMX file against its source language.

    Findings are warnings (a translation memory with QA findings still
    reads and saves); `findings` carries them in the caption report's
    shape for the text printout, with `cue` the 0-based unit number.
    """
    try:
        document = load_tmx(path)
    except TmxReadError as error:
        return FileReport(path, error_line=_line_of(error), error=str(error), fmt="tmx")
    source, targets = tmx_languages(document)
    findings: list[Finding] = []
    qa: list[dict[str, Any]] = []
    base = settings or QaSettings()
    for language in targets:
        assert source is not None  # there are targets only when there is a source
        review = open_tmx_review(document, source, language, "check", stamp_ids=False)
        run = run_qa(review.segments.segments(), replace(base, target_language=language))
        for finding in run.findings:
            unit = review.rows[finding.segment_id]  # 0-based index into the units
            qa.append(_qa_json(finding, language, unit + 1))
            findings.append(Finding(cue=unit, rule=f"qa-{finding.check.value}",
                                    severity=Severity.WARNING, value=None, limit=None,
                                    hint=f"{language}: {finding.message}"))
    extra = {
        "units": len(document.units),
        "source_language": source,
        "languages": list(targets),
        "findings": qa,
    }
    return FileReport(path, cues=len(document.units), findings=tuple(findings), fmt="tmx",
                      extra=extra)


def _resave_tmx(source: Path, target: Path) -> None:
    try:
        data = write_tmx(load_tmx(source))
    except TmxReadError as error:
        raise UnreadableFile(str(error)) from None
    temporary = target.with_name(f".{target.name}.saving")
    try:
        # Atomic, like caption files: a crash leaves the old file or the new one.
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UnreadableFile(f"{target} cannot be written: {error.strerror or error}") from None
