"""Running the ffmpeg and ffprobe programs: finding them, progress, cancellation, plain errors.

The workstation uses the system's ffmpeg (Debian's ``ffmpeg`` package, or one
on PATH) rather than a bundled binary, so one program decodes every format
the computer can play. Output is streamed, never collected whole: a two-hour
programme is read in small chunks while the caller reports progress and may
cancel at any point.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

ProgressCallback = Callable[[float], None]
"""Called with the fraction done (0.0 to 1.0) as work goes on."""

CancelCheck = Callable[[], bool]
"""Returns True when the person no longer wants the result."""


class FfmpegMissing(RuntimeError):
    """ffmpeg (or ffprobe) is not installed or not on PATH."""


class MediaAnalysisFailed(RuntimeError):
    """ffmpeg could not read the media file; the message says why in plain words."""


class AnalysisCancelled(Exception):
    """The caller cancelled the work before it finished."""


def find_program(name: str = "ffmpeg") -> str:
    """The path of `name` (``ffmpeg`` or ``ffprobe``), or FfmpegMissing saying how to get it."""
    found = shutil.which(name)
    if found is None:
        raise FfmpegMissing(
            f"{name} is not installed, so the waveform and shot changes cannot be shown. "
            f"Install it (on Debian or Ubuntu: sudo apt install ffmpeg) and open the media again.")
    return found


def media_duration_ms(media: Path) -> int | None:
    """The media's duration from ffprobe, or None when it cannot be told (no ffprobe, a stream)."""
    try:
        ffprobe = find_program("ffprobe")
    except FfmpegMissing:
        return None
    result = subprocess.run(
        [ffprobe, "-v", "error", "-show_entries", "format=duration",
         "-of", "default=noprint_wrappers=1:nokey=1", str(media)],
        capture_output=True, text=True, check=False)
    try:
        return round(float(result.stdout.strip()) * 1000)
    except ValueError:
        return None


class FfmpegRun:
    """One ffmpeg process whose standard output is read in chunks or lines.

    Standard error is drained on a helper thread, so a chatty ffmpeg can
    never block on a full pipe; its last lines explain a failure, and
    ``key=value`` progress lines (``-progress pipe:2``) are passed to
    `on_stderr_line`.
    """

    def __init__(self, arguments: Sequence[str], media: Path,
                 on_stderr_line: Callable[[str], None] | None = None) -> None:
        self.media = media
        self._on_line = on_stderr_line
        self._errors: list[str] = []
        if not media.is_file():
            raise MediaAnalysisFailed(f"The media file {media} does not exist.")
        self._process = subprocess.Popen(
            [find_program("ffmpeg"), "-nostdin", "-hide_banner", *arguments],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._reader = threading.Thread(target=self._drain, daemon=True,
                                         name="ffmpeg-stderr")
        self._reader.start()

    def _drain(self) -> None:
        stream = self._process.stderr
        assert stream is not None
        for raw in stream:
            line = raw.decode("utf-8", "replace").strip()
            if self._on_line is not None and "=" in line and " " not in line:
                self._on_line(line)
            else:
                self._errors.append(line)
                del self._errors[:-20]

    @property
    def stdout(self) -> IO[bytes]:
        assert self._process.stdout is not None
        return self._process.stdout

    def chunks(self, size: int, cancelled: CancelCheck | None) -> Iterator[bytes]:
        """Standard output in chunks of `size` bytes (the last may be shorter)."""
        while True:
            if cancelled is not None and cancelled():
                self.stop()
                raise AnalysisCancelled()
            chunk = self.stdout.read(size)
            if not chunk:
                return
            yield chunk

    def lines(self, cancelled: CancelCheck | None) -> Iterator[str]:
        for raw in self.stdout:
            if cancelled is not None and cancelled():
                self.stop()
                raise AnalysisCancelled()
            yield raw.decode("utf-8", "replace").strip()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._reader.join(timeout=5)

    def finish(self, what: str) -> None:
        """Wait for ffmpeg to end; MediaAnalysisFailed if it failed."""
        code = self._process.wait()
        self._reader.join(timeout=5)
        if code != 0:
            detail = self._errors[-1] if self._errors else f"ffmpeg exit code {code}"
            raise MediaAnalysisFailed(
                f"Could not read {what} from {self.media.name}: {detail}")
