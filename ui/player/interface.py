"""The small interface every player back end implements.

The window and the caption editor talk to a `PlayerBackend` only, so the
QtMultimedia and libvlc back ends are interchangeable (and a fake one can
stand in for tests). A back end is a QObject because its news arrives as Qt
signals on the GUI thread, whatever thread the media library reports on.

Times are integer milliseconds of media time throughout.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtWidgets import QWidget

State = Literal["playing", "paused", "stopped"]

MIN_RATE = 0.5
MAX_RATE = 2.0
DEFAULT_FRAME_RATE = 25.0


def clamp_rate(rate: float) -> float:
    """Keep a playback rate within what both back ends play smoothly (0.5x–2x)."""
    return min(MAX_RATE, max(MIN_RATE, rate))


def frame_index(ms: float, frame_rate: float) -> int:
    """The frame on screen at `ms`: frame k covers [start(k), start(k + 1))."""
    # Half a millisecond of slack: frame starts are whole milliseconds, rounded
    # at non-integer frame durations (29.97 fps: frame 1 starts at 33.37 ms,
    # written 33), and 33 ms must still count as frame 1.
    return max(0, math.floor((ms + 0.5) * frame_rate / 1000.0))


def frame_start_ms(index: int, frame_rate: float) -> int:
    """Start of frame `index` in whole milliseconds (the value a frame step lands on)."""
    return round(index * 1000.0 / frame_rate)


def mid_frame_ms(index: int, frame_rate: float) -> int:
    """The middle of frame `index`: where a paused seek must aim to show exactly that frame.

    Aiming at the boundary itself can show the previous frame (measured with
    QtMultimedia's FFmpeg back end) or the next one (libvlc).
    """
    return math.floor((index + 0.5) * 1000.0 / frame_rate)


class PlayerBackend(QObject):
    """One media player engine behind a common, small interface.

    Signals:
        position_changed(int): the playhead in ms, while playing (several
            times per frame at most) and after every seek or frame step.
        duration_changed(int): the media length in ms once known (0 = unknown).
        state_changed(str): "playing", "paused" or "stopped".
        media_failed(str): a plain-language reason the file cannot be played,
            fit to show to a linguist as is.
        frame_shown(int): start time in ms of the frame now on screen; only
            back ends whose `exact_frames` is true emit it.
        media_loaded(): the media is open and its first frame can be shown;
            duration, frame rate and video size are known from here on.

    Subclasses implement every method that raises NotImplementedError.
    """

    position_changed = Signal(int)
    duration_changed = Signal(int)
    state_changed = Signal(str)
    media_failed = Signal(str)
    frame_shown = Signal(int)
    media_loaded = Signal()

    #: Shown in the status bar, e.g. "QtMultimedia (FFmpeg)" or "VLC 3.0.24".
    backend_name: str = ""
    #: True when `frame_shown` reports the exact timestamps of displayed frames.
    exact_frames: bool = False
    #: Why the last load failed: "missing" (no such file or no permission),
    #: "unsupported" (another engine may manage), "no-video", or "" when it did not.
    failure_kind: str = ""

    def __init__(self, parent: QObject | None = None, *,
                 frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        super().__init__(parent)
        self._fallback_frame_rate = frame_rate
        # What every engine reports alike; back ends keep these up to date.
        self._state: State = "stopped"
        self._position = 0
        self._duration = 0
        self._rate = 1.0
        self._muted = False
        self._volume = 100
        self._media_frame_rate = 0.0  # 0 until the media declares one

    # --- media ------------------------------------------------------------------------

    def video_widget(self) -> QWidget:
        """The widget the picture appears in; the player widget lays it out."""
        raise NotImplementedError

    def video_size(self) -> QSize:
        """The picture's display size in pixels (empty until known)."""
        raise NotImplementedError

    def load(self, path: Path | str) -> None:
        """Open a file, paused on its first frame; `media_loaded` or `media_failed` follows."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the media, the engine and the video widget; the back end is unusable after."""
        raise NotImplementedError

    # --- transport ----------------------------------------------------------------------

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def toggle(self) -> None:
        """Play when paused or stopped, pause when playing."""
        if self.state == "playing":
            self.pause()
        else:
            self.play()

    def seek(self, ms: int) -> None:
        """Go to `ms`; when paused, the frame containing `ms` is shown."""
        raise NotImplementedError

    def step_frame(self, delta: int) -> None:
        """Pause and move by `delta` frames (+1 forward, -1 back) to a frame start."""
        raise NotImplementedError

    def set_rate(self, rate: float) -> None:
        """Playback speed, clamped to 0.5–2.0."""
        raise NotImplementedError

    def set_muted(self, muted: bool) -> None:
        raise NotImplementedError

    def set_volume(self, volume: int) -> None:
        """Volume in percent, 0–100."""
        raise NotImplementedError

    # --- state --------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def position_ms(self) -> int:
        return self._position

    @property
    def duration_ms(self) -> int:
        return self._duration

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def frame_rate(self) -> float:
        """Frames per second of the media when it says, else the caller's value."""
        return self._media_frame_rate or self._fallback_frame_rate

    def set_frame_rate(self, frame_rate: float) -> None:
        """The frame rate to assume when the media does not declare one (e.g. from a job)."""
        if frame_rate <= 0:
            raise ValueError(f"frame rate must be positive, got {frame_rate}")
        self._fallback_frame_rate = frame_rate
