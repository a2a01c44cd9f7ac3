"""Batch work on caption files for the command line: check many files, re-save one.

These functions return plain data and exit codes; printing is the caller's
business. They never raise for a bad file: an unreadable file is a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.captions.model import Track
from app.captions.quality import Finding, QualityProfile, Severity, check_track
from app.captions.webvtt_file import VttReadError, read_file, write_file

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


def check_file(path: Path, profile: QualityProfile) -> FileReport:
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
    """Read and write back through the editor's own reader and writer (raises VttReadError)."""
    track = load_track(source)
    try:
        write_file(track, target)
    except OSError as error:
        raise VttReadError(f"{target} cannot be written: {error.strerror or error}") from None
