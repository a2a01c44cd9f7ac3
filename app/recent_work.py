"""The jobs and files a person opened last, for the welcome screen.

Kept in `recent.json` beside the profile's preferences rather than inside
them: the list changes with every file opened, and a settings dialog that
saves stale preferences must never wipe it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "recent.json"
KEEP = 10


@dataclass(frozen=True, slots=True)
class RecentJob:
    job_id: str
    title: str


@dataclass(frozen=True, slots=True)
class RecentWork:
    """Newest first, at most `KEEP` of each, no repeats."""

    jobs: tuple[RecentJob, ...] = ()
    files: tuple[Path, ...] = ()

    def with_job(self, job_id: str, title: str) -> RecentWork:
        others = tuple(job for job in self.jobs if job.job_id != job_id)
        return RecentWork(((RecentJob(job_id, title), *others))[:KEEP], self.files)

    def with_file(self, path: Path) -> RecentWork:
        path = path.absolute()
        others = tuple(known for known in self.files if known != path)
        return RecentWork(self.jobs, ((path, *others))[:KEEP])

    def without_file(self, path: Path) -> RecentWork:
        return RecentWork(self.jobs, tuple(known for known in self.files if known != path))


def load_recent_work(profile_folder: Path) -> RecentWork:
    """The stored lists; empty ones when the file is missing or damaged."""
    try:
        data: Any = json.loads((profile_folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return RecentWork()
    if not isinstance(data, dict):
        return RecentWork()
    jobs = tuple(
        RecentJob(item["job_id"], item["title"])
        for item in data.get("jobs", [])
        if isinstance(item, dict)
        and isinstance(item.get("job_id"), str) and isinstance(item.get("title"), str)
    )
    files = tuple(Path(item) for item in data.get("files", []) if isinstance(item, str) and item)
    return RecentWork(jobs[:KEEP], files[:KEEP])


def save_recent_work(profile_folder: Path, recent: RecentWork) -> None:
    """Write atomically, like the other profile files."""
    profile_folder.mkdir(parents=True, exist_ok=True)
    data = {
        "jobs": [{"job_id": job.job_id, "title": job.title} for job in recent.jobs],
        "files": [str(path) for path in recent.files],
    }
    path = profile_folder / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.saving")
    temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(path)
