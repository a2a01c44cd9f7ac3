"""`/jobs/{id}/accessible-video/{language}`: pause-point edit state and patch.

A pause point is where the accessible video stops so the description clip of
cue `cue_index` can play in full. The cue times and text are read from the
latest descriptions track each time, so they follow edits to that track.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, visible_job
from tests.platform.tracks import ensure_track_writer, require_latest
from tests.platform.vtt_text import Cue, estimated_speech_ms, parse_cues

router = APIRouter(prefix="/jobs/{job_id}/accessible-video/{language}", tags=["accessible video"])


class PausePointPatch(BaseModel):
    timestamp_ms: int


def _cues(emu: Emulator, job_id: str, language: str) -> list[Cue]:
    return parse_cues(require_latest(emu, job_id, language, "descriptions")["content"])


def _ad_duration(emu: Emulator, job: dict[str, Any], language: str, cue: Cue) -> int:
    if language == job["source_language"]:
        # The demo manifest knows how long its real TTS clips are.
        spoken = json.loads(emu.store.setting("demo_spoken_ms", "{}") or "{}")
        if str(cue.index) in spoken:
            return int(spoken[str(cue.index)])
    return estimated_speech_ms(cue.text)


def _point(
    emu: Emulator, job: dict[str, Any], language: str, row: dict[str, Any], cue: Cue
) -> dict[str, Any]:
    return {
        "cue_index": row["cue_index"],
        "timestamp_ms": row["timestamp_ms"],
        "original_timestamp_ms": row["original_timestamp_ms"],
        "cue_start_ms": cue.start_ms,
        "cue_end_ms": cue.end_ms,
        "ad_duration_ms": _ad_duration(emu, job, language, cue),
        "text": cue.text,
    }


def _edit_version(emu: Emulator, job_id: str, language: str) -> int:
    return int(
        emu.store.scalar(
            "SELECT version FROM edit_states WHERE job_id = ? AND lang = ?", (job_id, language)
        )
        or 1
    )


@router.get("/edit-state")
def edit_state(job_id: str, language: str, emu: EmulatorDep, user: CurrentUser) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    cues = _cues(emu, job_id, language)
    rows = emu.store.all(
        "SELECT * FROM pause_points WHERE job_id = ? AND lang = ? ORDER BY cue_index",
        (job_id, language),
    )
    points = [
        _point(emu, job, language, r, cues[r["cue_index"]])
        for r in rows
        if r["cue_index"] < len(cues)
    ]
    return {
        "language": language,
        "version": _edit_version(emu, job_id, language),
        "duration_ms": job["duration_ms"],
        "pause_points": points,
    }


@router.patch("/pause-points/{cue_index}")
def patch_pause_point(
    job_id: str,
    language: str,
    cue_index: int,
    body: PausePointPatch,
    emu: EmulatorDep,
    user: CurrentUser,
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    ensure_track_writer(emu, user, job, language)
    if not 0 <= body.timestamp_ms <= job["duration_ms"]:
        raise HTTPException(
            422,
            [
                {
                    "loc": ["body", "timestamp_ms"],
                    "msg": f"timestamp_ms must lie within the media (0..{job['duration_ms']})",
                    "type": "value_error",
                }
            ],
        )
    cues = _cues(emu, job_id, language)
    if not 0 <= cue_index < len(cues):
        raise HTTPException(404, f"No description cue {cue_index}")
    cue = cues[cue_index]
    with emu.store.tx() as db:
        db.execute(
            "INSERT INTO pause_points VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(job_id, lang, cue_index) "
            "DO UPDATE SET timestamp_ms = excluded.timestamp_ms",
            (job_id, language, cue_index, body.timestamp_ms, cue.start_ms),
        )
        db.execute(
            "INSERT INTO edit_states VALUES (?, ?, 2) ON CONFLICT(job_id, lang) "
            "DO UPDATE SET version = version + 1",
            (job_id, language),
        )
        row = db.one(
            "SELECT * FROM pause_points WHERE job_id = ? AND lang = ? AND cue_index = ?",
            (job_id, language, cue_index),
        )
    assert row is not None
    return {**_point(emu, job, language, row, cue), "version": _edit_version(emu, job_id, language)}
