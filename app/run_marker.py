"""Did the last run end cleanly? A marker file in the profile says so.

`start_run` writes `running.json` when the window opens and `end_run`
removes it after a clean close. If the marker is still there at the next
start, the last run was killed, crashed or lost power; the window then
says what was kept (see `app.recovery`).

Call `start_run` only while holding the profile lock (`app.profile_lock`):
the lock guarantees the marker belongs to this profile's one running
workstation, not to a second one started beside it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MARKER_FILE_NAME = "running.json"


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """How the last run of this profile ended; `started_at` and `version` when it did not."""

    ended_unexpectedly: bool
    started_at: str | None = None
    version: str | None = None


def start_run(profile_folder: Path, version: str) -> PreviousRun:
    """Note that a run has started; report whether the previous one ended cleanly."""
    marker = profile_folder / MARKER_FILE_NAME
    previous = _read(marker)
    profile_folder.mkdir(parents=True, exist_ok=True)
    content = json.dumps({
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": version,
        "process": os.getpid(),
    })
    temporary = marker.with_name(f".{MARKER_FILE_NAME}.saving")
    temporary.write_text(content, encoding="utf-8")
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())  # a power cut right after start must still leave it
    temporary.replace(marker)
    return previous


def end_run(profile_folder: Path) -> None:
    """Note a clean end: the next start will not report a crash."""
    (profile_folder / MARKER_FILE_NAME).unlink(missing_ok=True)


def _read(marker: Path) -> PreviousRun:
    try:
        text = marker.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PreviousRun(ended_unexpectedly=False)
    except OSError:
        return PreviousRun(ended_unexpectedly=True)
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = {}  # the crash may have cut the marker short; it still means "not clean"
    if not isinstance(data, dict):
        data = {}
    started = data.get("started_at")
    version = data.get("version")
    return PreviousRun(
        ended_unexpectedly=True,
        started_at=started if isinstance(started, str) else None,
        version=version if isinstance(version, str) else None,
    )
