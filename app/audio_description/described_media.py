"""What pause points are timed against, read from the local database: one job and language.

The dialogue is the captions track of the same language (its cues follow the
speech of the picture), or the source language's when that language has none.
Shot changes come from the job's manifest when it lists them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.audio_description.timing import Delivery, SpeakingRates
from app.captions.model import Cue
from app.captions.webvtt_file import parse
from app.storage import Database, JobStore, TrackKind, TrackStore

DEFAULT_FRAME_RATE = 25.0


@dataclass(frozen=True)
class DescribedMedia:
    """One job's media, dialogue and descriptions in one language.

    `clip_ms` maps a description's cue index to the length of its cached TTS
    clip; descriptions without one are estimated with `rates`. `overrides`
    holds the inline/extended choices a person made by hand.
    """

    job_id: str
    language: str
    title: str
    media_ms: int
    descriptions: Sequence[Cue]
    captions: Sequence[Cue]
    frame_rate: float = DEFAULT_FRAME_RATE
    shot_changes_ms: Sequence[int] = ()
    clip_ms: Mapping[int, int] = field(default_factory=dict)
    rates: SpeakingRates = field(default_factory=SpeakingRates)
    overrides: Mapping[int, Delivery] = field(default_factory=dict)


class NoDescriptions(LookupError):
    """The job has no descriptions track in that language here; the message says so."""


def read_described_media(
    database: Database, job_id: str, language: str, *, clip_ms: Mapping[int, int] | None = None,
    rates: SpeakingRates | None = None,
) -> DescribedMedia:
    """Gather a job's descriptions, dialogue and timing facts from the profile database."""
    job = JobStore(database).get_job(job_id)
    if job is None:
        raise NoDescriptions(f"Job {job_id} is not on this computer; sync it first.")
    tracks = TrackStore(database)
    described = tracks.get_track(job_id, language, TrackKind.DESCRIPTIONS)
    if described is None:
        raise NoDescriptions(f"“{job.title}” has no audio description in {language}.")
    captions = tracks.get_track(job_id, language, TrackKind.CAPTIONS) or tracks.get_track(
        job_id, job.source_language, TrackKind.CAPTIONS)
    descriptions = parse(described.working_content).cues
    dialogue = parse(captions.working_content).cues if captions is not None else []
    manifest = job.raw_json or {}
    shots = manifest.get("shot_changes_ms") or []
    last_cue = max((cue.end_ms for cue in [*descriptions, *dialogue]), default=0)
    return DescribedMedia(
        job_id=job_id, language=language, title=job.title,
        media_ms=job.duration_ms or last_cue, descriptions=descriptions, captions=dialogue,
        frame_rate=job.frame_rate or DEFAULT_FRAME_RATE,
        shot_changes_ms=sorted(int(ms) for ms in shots if isinstance(ms, int | float)),
        clip_ms=dict(clip_ms or {}), rates=rates or SpeakingRates())
