"""Shot changes (cuts) of a media file, found by ffmpeg's ``scdet`` scene-change filter.

``scdet`` scores how much each frame differs from the previous one (0–100)
and reports the frames scoring above a threshold; the time of such a frame
is the first frame of the new shot, which is where a cue edge belongs.
The default threshold of 10 is the filter's own default and finds the hard
cuts of ordinary programmes; a lower one also catches dissolves and flashes.

Results are cached per file and threshold like the audio peaks.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.media import analysis_cache
from app.media.ffmpeg_process import (
    CancelCheck,
    FfmpegRun,
    ProgressCallback,
    media_duration_ms,
)

DEFAULT_THRESHOLD = 10.0
_KIND = "shots"
_TIME_KEY = "lavfi.scd.time="


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold <= 100:
        raise ValueError(f"The shot change threshold must be between 0 and 100, not {threshold}")


def _settings(threshold: float) -> dict[str, object]:
    return {"threshold": threshold, "version": 1}


def cached_shot_changes(media: Path, threshold: float = DEFAULT_THRESHOLD,
                        cache_folder: Path | None = None) -> list[int] | None:
    """The stored shot changes (ms) of `media` if they still describe the file."""
    identity = analysis_cache.MediaIdentity.of(media)
    stored = analysis_cache.load(media, _KIND, identity, _settings(threshold), cache_folder)
    if stored is None:
        return None
    try:
        times = json.loads(stored[1].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(times, list) or not all(isinstance(t, int) for t in times):
        return None
    return times


def load_shot_changes(media: Path, *, threshold: float = DEFAULT_THRESHOLD,
                      cache_folder: Path | None = None, progress: ProgressCallback | None = None,
                      cancelled: CancelCheck | None = None) -> list[int]:
    """Times (ms, ascending) where a new shot starts: from the cache, or detected and cached."""
    _check_threshold(threshold)
    found = cached_shot_changes(media, threshold, cache_folder)
    if found is not None:
        if progress is not None:
            progress(1.0)
        return found
    identity = analysis_cache.MediaIdentity.of(media)
    times = detect_shot_changes(media, threshold=threshold, progress=progress,
                                cancelled=cancelled)
    analysis_cache.store(media, _KIND, identity, _settings(threshold), {},
                         json.dumps(times).encode("utf-8"), cache_folder)
    return times


def detect_shot_changes(media: Path, *, threshold: float = DEFAULT_THRESHOLD,
                        progress: ProgressCallback | None = None,
                        cancelled: CancelCheck | None = None) -> list[int]:
    """Run scene detection on `media`'s first video stream (no cache)."""
    _check_threshold(threshold)
    duration = media_duration_ms(media)

    def on_progress(line: str) -> None:
        # -progress writes key=value lines; out_time_us is the position reached.
        key, _, value = line.partition("=")
        if progress is not None and duration and key == "out_time_us" and value.isdigit():
            progress(min(int(value) / 1000 / duration, 0.99))

    run = FfmpegRun(["-v", "error", "-progress", "pipe:2", "-nostats", "-i", str(media),
                     "-map", "0:v:0", "-an", "-sn", "-dn",
                     "-vf", f"scdet=threshold={threshold:g},"
                            f"metadata=mode=print:key=lavfi.scd.time:file=-",
                     "-f", "null", "-"], media, on_stderr_line=on_progress)
    times: list[int] = []
    try:
        for line in run.lines(cancelled):
            if line.startswith(_TIME_KEY):
                times.append(round(float(line[len(_TIME_KEY):]) * 1000))
    except BaseException:
        run.stop()
        raise
    run.finish("the picture")
    if progress is not None:
        progress(1.0)
    return sorted(set(times))
