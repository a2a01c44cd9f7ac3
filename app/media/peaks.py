"""Audio peaks of a media file: the lowest and highest sample in each short window.

This is what a waveform is drawn from. ffmpeg decodes the first audio stream
to mono 16-bit samples at 8 kHz (plenty for drawing and fast to read), and
each bucket of `samples_per_bucket` samples becomes one (min, max) pair: by
default 100 pairs a second, 10 ms each. Drawing a whole programme in a few
hundred pixels would need tens of thousands of pairs per pixel, so `Peaks`
also keeps coarser levels, each four times coarser than the last, and a
painter takes the level closest to its pixel width.

Results are cached (see `app.media.analysis_cache`), so reopening a
programme shows its waveform at once.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from app.media import analysis_cache
from app.media.ffmpeg_process import (
    CancelCheck,
    FfmpegRun,
    ProgressCallback,
    media_duration_ms,
)

SAMPLE_RATE = 8000
SAMPLES_PER_BUCKET = 80  # 10 ms at 8 kHz
FULL_SCALE = 32768
_LEVEL_FACTOR = 4
_CHUNK_BUCKETS = 2000  # about 20 s of audio per read
_KIND = "peaks"


@dataclass(frozen=True, slots=True)
class Peaks:
    """Minimum and maximum sample (-32768…32767) of each bucket, bucket 0 at time 0."""

    sample_rate: int
    samples_per_bucket: int
    minimums: array[int]
    maximums: array[int]
    _levels: list[tuple[array[int], array[int]]] = field(
        default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.minimums) != len(self.maximums):
            raise ValueError("peaks need as many minimums as maximums")
        self._levels.append((self.minimums, self.maximums))
        lows, highs = self.minimums, self.maximums
        while len(lows) > 1:
            lows, highs = _coarser(lows, highs, _LEVEL_FACTOR)
            self._levels.append((lows, highs))

    @property
    def bucket_ms(self) -> float:
        return self.samples_per_bucket * 1000.0 / self.sample_rate

    @property
    def duration_ms(self) -> int:
        return round(len(self.minimums) * self.bucket_ms)

    def __len__(self) -> int:
        return len(self.minimums)

    @property
    def loudest(self) -> int:
        """The largest sample magnitude anywhere (read from the coarsest level: no scan)."""
        lows, highs = self._levels[-1]
        return max(max(highs, default=0), -min(lows, default=0))

    def columns(self, start_ms: float, ms_per_column: float, count: int
                ) -> tuple[list[int], list[int]]:
        """(minimums, maximums) for `count` columns, column i covering
        [start + i × width, start + (i+1) × width). Columns past the end are 0.

        Reads the coarsest level whose buckets are no wider than a column, so
        the work is a few buckets per column at any zoom.
        """
        level = 0
        width = self.bucket_ms
        while (level + 1 < len(self._levels)
               and width * _LEVEL_FACTOR <= ms_per_column):
            level += 1
            width *= _LEVEL_FACTOR
        lows, highs = self._levels[level]
        total = len(lows)
        out_low: list[int] = []
        out_high: list[int] = []
        for column in range(count):
            first = int((start_ms + column * ms_per_column) / width)
            last = max(first + 1, int((start_ms + (column + 1) * ms_per_column) / width))
            first, last = max(first, 0), min(last, total)
            if first >= last:
                out_low.append(0)
                out_high.append(0)
            elif last - first == 1:
                out_low.append(lows[first])
                out_high.append(highs[first])
            else:
                out_low.append(min(lows[first:last]))
                out_high.append(max(highs[first:last]))
        return out_low, out_high


def _coarser(lows: array[int], highs: array[int], factor: int
             ) -> tuple[array[int], array[int]]:
    count = (len(lows) + factor - 1) // factor
    new_lows = array("h", (min(lows[i * factor:(i + 1) * factor]) for i in range(count)))
    new_highs = array("h", (max(highs[i * factor:(i + 1) * factor]) for i in range(count)))
    return new_lows, new_highs


def _settings(samples_per_bucket: int) -> dict[str, object]:
    return {"sample_rate": SAMPLE_RATE, "samples_per_bucket": samples_per_bucket, "version": 1}


def cached_peaks(media: Path, samples_per_bucket: int = SAMPLES_PER_BUCKET,
                 cache_folder: Path | None = None) -> Peaks | None:
    """The stored peaks of `media` if they still describe the file, without running ffmpeg."""
    identity = analysis_cache.MediaIdentity.of(media)
    stored = analysis_cache.load(media, _KIND, identity, _settings(samples_per_bucket),
                                 cache_folder)
    if stored is None:
        return None
    header, payload = stored
    count = header.get("count")
    if not isinstance(count, int) or len(payload) != 4 * count:
        return None
    lows, highs = array("h"), array("h")
    lows.frombytes(payload[:2 * count])
    highs.frombytes(payload[2 * count:])
    if sys.byteorder == "big":
        lows.byteswap()
        highs.byteswap()
    return Peaks(SAMPLE_RATE, samples_per_bucket, lows, highs)


def load_peaks(media: Path, *, samples_per_bucket: int = SAMPLES_PER_BUCKET,
               cache_folder: Path | None = None, progress: ProgressCallback | None = None,
               cancelled: CancelCheck | None = None) -> Peaks:
    """The peaks of `media`'s first audio stream: from the cache, or measured and cached.

    Raises FfmpegMissing, MediaAnalysisFailed (no audio, unreadable file) or
    AnalysisCancelled. A media without an audio stream fails with a message
    saying so.
    """
    if samples_per_bucket < 1:
        raise ValueError("a peak bucket needs at least one sample")
    found = cached_peaks(media, samples_per_bucket, cache_folder)
    if found is not None:
        if progress is not None:
            progress(1.0)
        return found
    identity = analysis_cache.MediaIdentity.of(media)
    peaks = measure_peaks(media, samples_per_bucket=samples_per_bucket, progress=progress,
                          cancelled=cancelled)
    lows, highs = array("h", peaks.minimums), array("h", peaks.maximums)
    if sys.byteorder == "big":
        lows.byteswap()
        highs.byteswap()
    analysis_cache.store(media, _KIND, identity, _settings(samples_per_bucket),
                         {"count": len(lows)}, lows.tobytes() + highs.tobytes(), cache_folder)
    return peaks


def measure_peaks(media: Path, *, samples_per_bucket: int = SAMPLES_PER_BUCKET,
                  progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None) -> Peaks:
    """Decode `media` with ffmpeg and reduce it to peaks (no cache)."""
    duration = media_duration_ms(media)
    expected = duration * SAMPLE_RATE / 1000 if duration else None
    run = FfmpegRun(["-v", "error", "-i", str(media), "-map", "0:a:0", "-vn", "-sn", "-dn",
                     "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-acodec", "pcm_s16le",
                     "pipe:1"], media)
    lows, highs = array("h"), array("h")
    bucket_bytes = 2 * samples_per_bucket
    leftover = b""
    done = 0
    try:
        for chunk in run.chunks(bucket_bytes * _CHUNK_BUCKETS, cancelled):
            data = leftover + chunk
            whole = len(data) - len(data) % bucket_bytes
            leftover = data[whole:]
            _reduce(data[:whole], samples_per_bucket, lows, highs)
            done += whole // 2
            if progress is not None and expected:
                progress(min(done / expected, 0.99))
    except BaseException:
        run.stop()
        raise
    run.finish("the sound")
    if len(leftover) >= 2:
        _reduce(leftover[:len(leftover) - len(leftover) % 2], samples_per_bucket, lows, highs)
    if progress is not None:
        progress(1.0)
    return Peaks(SAMPLE_RATE, samples_per_bucket, lows, highs)


def _reduce(data: bytes, samples_per_bucket: int, lows: array[int], highs: array[int]) -> None:
    """Append the (min, max) of each bucket of little-endian 16-bit samples in `data`."""
    samples = array("h")
    samples.frombytes(data)
    if sys.byteorder == "big":
        samples.byteswap()
    # memoryview slices are views, not copies: min/max run over the buffer in C.
    view = memoryview(samples)
    for start in range(0, len(samples), samples_per_bucket):
        window = view[start:start + samples_per_bucket]
        lows.append(min(window))
        highs.append(max(window))
