"""The bundled demo job: put it in a profile's database so the app has real data offline.

The demo lives in the `resources/demo/` folder (made by
`packaging/make_demo_workspace.py`). Importing it is idempotent: a job that is
already in the database keeps its local edits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from app.captions.webvtt_file import parse
from app.storage import (
    JobInfo,
    JobStore,
    LanguageInfo,
    PausePoint,
    PausePointStore,
    TrackStore,
)
from app.storage.database import Database


@dataclass(frozen=True)
class DemoJob:
    folder: Path
    manifest: dict[str, Any]

    @property
    def job_id(self) -> str:
        return str(self.manifest["id"])

    @property
    def media(self) -> Path:
        return self.folder / str(self.manifest["media"])


def demo_folder() -> Path:
    return Path(str(resources.files("resources") / "demo"))


def load_demo(folder: Path | None = None) -> DemoJob:
    folder = folder or demo_folder()
    manifest = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    return DemoJob(folder, manifest)


def import_demo(database: Database, demo: DemoJob | None = None) -> str:
    """Store the demo job and its tracks (version 1) unless it is there already; return its id."""
    demo = demo or load_demo()
    jobs = JobStore(database)
    if jobs.get_job(demo.job_id) is not None:
        return demo.job_id
    manifest = demo.manifest
    job = JobInfo(
        id=demo.job_id,
        title=str(manifest["title"]),
        status=str(manifest.get("status", "in_qc")),
        source_language=str(manifest.get("source_language", "")),
        duration_ms=manifest.get("duration_ms"),
        frame_rate=manifest.get("frame_rate"),
        notes="Demo job bundled with the Review Workstation.",
        raw_json=manifest,
    )
    languages = [LanguageInfo(code=code, qc_state="in_progress") for code in manifest["languages"]]
    jobs.upsert_job(job, languages)
    jobs.set_media_path(demo.job_id, demo.media)
    tracks = TrackStore(database)
    for code, files in manifest["languages"].items():
        for kind, name in files.items():
            content = (demo.folder / name).read_text(encoding="utf-8")
            tracks.save_server_track(demo.job_id, code, kind, 1, content)
    _store_pause_points(database, demo)
    return demo.job_id


def _store_pause_points(database: Database, demo: DemoJob) -> None:
    """The demo's pause points, as the platform's edit state would give them."""
    manifest = demo.manifest
    language = next((code for code, files in manifest["languages"].items()
                     if "descriptions" in files), None)
    if language is None:
        return
    descriptions = {d["cue_index"]: d for d in manifest.get("descriptions", [])}
    texts = [cue.text for cue in parse(
        (demo.folder / manifest["languages"][language]["descriptions"]).read_text(
            encoding="utf-8")).cues]
    points = []
    for point in manifest.get("pause_points", []):
        index = int(point["cue_index"])
        described = descriptions.get(index)
        if described is None:
            continue
        points.append(PausePoint(
            cue_index=index,
            timestamp_ms=int(point["timestamp_ms"]),
            original_timestamp_ms=int(point.get("original_timestamp_ms", point["timestamp_ms"])),
            cue_start_ms=int(described["start_ms"]),
            cue_end_ms=int(described["end_ms"]),
            ad_duration_ms=int(described["spoken_ms"]),
            text=texts[index] if index < len(texts) else "",
        ))
    PausePointStore(database).save_server_pause_points(demo.job_id, language, points)
