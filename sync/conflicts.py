"""Track conflicts waiting for a person: both versions kept, and how one is settled.

When the same cues changed here and on the server, the worker stops that
track's upload and keeps all three texts the resolution view needs:
`base` (the common ancestor, still the track's `base_content`), `mine` (the
working copy, still in the track) and `theirs` (the server's version, kept
here, so the conflict can be worked on offline).

The record is a small JSON file per track beside the profile's database,
written atomically before the track is marked as in conflict. (The local
database has no column for "their" text; a migration can move it there.)

`resolve_conflict` is what the resolution view calls with the text the
person settled on: it becomes the working copy, "theirs" becomes the base,
and the upload goes back in its place in the lane.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from app.storage import Database, Outbox, OutboxKind, TrackStore


@dataclass(frozen=True, slots=True)
class TrackConflict:
    """Everything needed to show and settle one track's conflict."""

    job_id: str
    language: str
    kind: str
    base_version: int | None
    base_content: str
    mine_content: str
    theirs_version: int
    theirs_content: str
    reason: str


class ConflictStore:
    """The conflict records of one profile."""

    def __init__(self, database: Database) -> None:
        self._folder = database.path.parent / "conflicts"

    def save(self, conflict: TrackConflict) -> None:
        """Keep a conflict on disk (replacing an older one for the same track)."""
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._path(conflict.job_id, conflict.language, conflict.kind)
        temporary = path.with_name(f".{path.name}.saving")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(asdict(conflict), handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)

    def get(self, job_id: str, language: str, kind: str) -> TrackConflict | None:
        path = self._path(job_id, language, kind)
        if not path.exists():
            return None
        return TrackConflict(**json.loads(path.read_text(encoding="utf-8")))

    def list(self, job_id: str | None = None) -> list[TrackConflict]:
        """Every waiting conflict (of one job, when given)."""
        if not self._folder.is_dir():
            return []
        found = [
            TrackConflict(**json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(self._folder.glob("*.json"))
        ]
        return [c for c in found if job_id is None or c.job_id == job_id]

    def remove(self, job_id: str, language: str, kind: str) -> None:
        self._path(job_id, language, kind).unlink(missing_ok=True)

    def _path(self, job_id: str, language: str, kind: str) -> Path:
        # quote() keeps ids with slashes or dots from escaping the folder.
        name = ".".join(quote(part, safe="") for part in (job_id, language, kind))
        return self._folder / f"{name}.json"


def resolve_conflict(
    database: Database, job_id: str, language: str, kind: str, resolved_content: str
) -> int:
    """Settle a conflict with the person's text and queue its upload; returns the local revision.

    The order keeps every crash point safe: the resolved text is saved
    first (a crash leaves the conflict open, nothing lost); only then does
    "theirs" become the base that the next upload is made from.
    """
    conflicts = ConflictStore(database)
    conflict = conflicts.get(job_id, language, kind)
    if conflict is None:
        raise LookupError(f"no conflict on the {kind} of job {job_id!r}, language {language!r}")
    tracks, outbox = TrackStore(database), Outbox(database)
    revision = tracks.save_working_copy(job_id, language, kind, resolved_content)
    tracks.rebase(
        job_id, language, kind, working_content=resolved_content,
        base_version=conflict.theirs_version, base_content=conflict.theirs_content,
    )
    for item in outbox.failed_items():
        if (item.job_id, item.language, item.kind, item.target) == (
            job_id,
            language,
            OutboxKind.TRACK_UPLOAD.value,
            kind,
        ):
            outbox.retry(item.id, reason="conflict resolved")
    conflicts.remove(job_id, language, kind)
    return revision
