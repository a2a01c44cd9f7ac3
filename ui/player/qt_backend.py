"""The default back end: QtMultimedia with its FFmpeg engine.

Why it is the default: it ships inside PySide6 (no system library), works on
Wayland, and hands us every frame with its exact timestamp
(`QVideoFrame.startTime()`, µs), which makes seeks and frame steps exact and
lets `frame_shown` say precisely which frame is on screen.

Frames go to a `QVideoSink` and `FrameView` paints them itself instead of using
`QVideoWidget`: QVideoWidget renders through a native child window on some
platforms, which a caption overlay cannot be drawn on top of, and which
`QWidget.grab()` cannot capture for screenshots.

Measured here: a paused seek that lands exactly on a frame boundary may show
the *previous* frame, so paused seeks and frame steps aim at the middle of the
wanted frame (`interface.mid_frame_ms`) and report the frame's start.

Audio: a `QAudioOutput` is attached only when the system has an output device.
Without one (CI, containers) video plays on its own clock and mute/volume are
remembered for when a device appears.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtMultimedia import (
    QAudioOutput,
    QMediaDevices,
    QMediaMetaData,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.player.interface import (
    DEFAULT_FRAME_RATE,
    PlayerBackend,
    State,
    clamp_rate,
    frame_index,
    frame_start_ms,
    mid_frame_ms,
)

_STATES: dict[QMediaPlayer.PlaybackState, State] = {
    QMediaPlayer.PlaybackState.PlayingState: "playing",
    QMediaPlayer.PlaybackState.PausedState: "paused",
    QMediaPlayer.PlaybackState.StoppedState: "stopped",
}


def fitted_rect(picture: QSize, area: QSize) -> QRectF:
    """Where a picture of size `picture` sits in `area`, scaled to fit, centred (letterboxed)."""
    if picture.isEmpty() or area.isEmpty():
        return QRectF(0, 0, area.width(), area.height())
    scale = min(area.width() / picture.width(), area.height() / picture.height())
    width, height = picture.width() * scale, picture.height() * scale
    return QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)


class FrameView(QWidget):
    """Paints the latest video frame, letterboxed on black.

    Signals: none; the back end feeds it through `show_frame`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Video picture")
        self.setAccessibleDescription("The video frame at the playhead.")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self._frame = QVideoFrame()

    def show_frame(self, frame: QVideoFrame) -> None:
        # An invalid frame arrives at the end of the media; keeping the last
        # picture is what an editor wants (a black screen looks like a fault).
        if frame.isValid():
            self._frame = frame
            self.update()

    def clear(self) -> None:
        self._frame = QVideoFrame()
        self.update()

    def picture_size(self) -> QSize:
        return self._frame.size() if self._frame.isValid() else QSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._frame.isValid():
            target = fitted_rect(self._frame.size(), self.size())
            self._frame.paint(painter, target, QVideoFrame.PaintOptions())
        painter.end()


class QtMultimediaBackend(PlayerBackend):
    """QMediaPlayer + QVideoSink (+ QAudioOutput when there is a device).

    Signals: those of `PlayerBackend`; `frame_shown` is emitted for every
    displayed frame (exact timestamps).
    """

    backend_name = "QtMultimedia (FFmpeg)"
    exact_frames = True

    def __init__(self, parent: QObject | None = None, *,
                 frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        super().__init__(parent, frame_rate=frame_rate)
        self._view = FrameView()
        self._sink = QVideoSink(self)
        self._player = QMediaPlayer(self)
        self._player.setVideoSink(self._sink)
        self._audio: QAudioOutput | None = None
        self._devices = QMediaDevices(self)
        self._muted = False
        self._volume = 100
        self._rate = 1.0
        self._position = 0
        self._duration = 0
        self._state: State = "stopped"
        self._media_frame_rate = 0.0
        self._path: Path | None = None
        self._loaded = False
        self._failed = False
        self._attach_audio()

        self._sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)
        self._player.durationChanged.connect(self._on_player_duration_changed)
        self._player.playbackStateChanged.connect(self._on_player_playback_state_changed)
        self._player.mediaStatusChanged.connect(self._on_player_media_status_changed)
        self._player.errorOccurred.connect(self._on_player_error_occurred)
        self._player.positionChanged.connect(self._on_player_position_changed)
        self._devices.audioOutputsChanged.connect(self._on_devices_audio_outputs_changed)

    # --- audio --------------------------------------------------------------------------

    def _attach_audio(self) -> None:
        """Attach an audio output only when a device exists (see module notes)."""
        if self._audio is not None or not QMediaDevices.audioOutputs():
            return
        self._audio = QAudioOutput(self)
        self._audio.setMuted(self._muted)
        self._audio.setVolume(self._volume / 100)
        self._player.setAudioOutput(self._audio)

    def _on_devices_audio_outputs_changed(self) -> None:
        self._attach_audio()

    # --- PlayerBackend: media -------------------------------------------------------------

    def video_widget(self) -> QWidget:
        return self._view

    def video_size(self) -> QSize:
        size = self._view.picture_size()
        if size.isEmpty():
            resolution = self._player.metaData().value(QMediaMetaData.Key.Resolution)
            if isinstance(resolution, QSize):
                return resolution
        return size

    def load(self, path: Path | str) -> None:
        path = Path(path)
        self._path = path
        self._loaded = self._failed = False
        self.failure_kind = ""
        self._position = self._duration = 0
        self._media_frame_rate = 0.0
        self._view.clear()
        if not path.is_file():
            self._player.setSource(QUrl())
            kind, message = ("missing", f"The video file “{path.name}” was not found. "
                             "It may have been moved, renamed or deleted.")
            if path.is_dir():
                kind, message = "missing", f"“{path.name}” is a folder, not a video file."
            # Reported from the event loop, like every other failure, so that
            # callers connecting after load() still hear of it.
            QTimer.singleShot(0, self, lambda: self._fail(kind, message))
            return
        self._player.setSource(QUrl.fromLocalFile(str(path.resolve())))

    def close(self) -> None:
        # Safe to call twice, and after the window has already deleted the view.
        self._loaded = False
        self._player.stop()
        self._player.setSource(QUrl())
        if shiboken6.isValid(self._view):
            self._view.deleteLater()

    # --- PlayerBackend: transport ------------------------------------------------------------

    def play(self) -> None:
        if self._loaded:
            self._player.play()

    def pause(self) -> None:
        if self._loaded:
            self._player.pause()

    def seek(self, ms: int) -> None:
        if not self._loaded:
            return
        ms = self._clamp(ms)
        self._position = ms
        if self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._player.setPosition(ms)
        else:
            self._paused_seek(frame_index(ms, self.frame_rate))
        self.position_changed.emit(ms)

    def step_frame(self, delta: int) -> None:
        if not self._loaded:
            return
        if self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._player.pause()
        last = max(0, frame_index(self._duration - 1, self.frame_rate)) if self._duration else 0
        target = min(max(0, frame_index(self._position, self.frame_rate) + delta), last)
        self._position = frame_start_ms(target, self.frame_rate)
        self._paused_seek(target)
        self.position_changed.emit(self._position)

    def _paused_seek(self, frame: int) -> None:
        if self._player.playbackState() == QMediaPlayer.PlaybackState.StoppedState:
            # Stopped (after the end): pausing first makes the seek show a frame.
            self._player.pause()
        self._player.setPosition(min(mid_frame_ms(frame, self.frame_rate),
                                     max(0, self._duration - 1)))

    def _clamp(self, ms: int) -> int:
        return max(0, min(int(ms), self._duration)) if self._duration else max(0, int(ms))

    def set_rate(self, rate: float) -> None:
        self._rate = clamp_rate(rate)
        self._player.setPlaybackRate(self._rate)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if self._audio is not None:
            self._audio.setMuted(muted)

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        if self._audio is not None:
            self._audio.setVolume(self._volume / 100)

    # --- PlayerBackend: state -------------------------------------------------------------------

    @property
    def has_audio_output(self) -> bool:
        """False when the system has no audio device (the video plays silently)."""
        return self._audio is not None

    # --- QMediaPlayer and sink handlers ---------------------------------------------------------

    def _on_sink_video_frame_changed(self, frame: QVideoFrame) -> None:
        self._view.show_frame(frame)
        if not frame.isValid() or frame.startTime() < 0:
            return
        shown = round(frame.startTime() / 1000)
        self.frame_shown.emit(shown)
        if self._state == "playing":
            self._position = shown
            self.position_changed.emit(shown)

    def _on_player_position_changed(self, position: int) -> None:
        # With video the frames drive the playhead; audio-only media has none.
        if self._state == "playing" and not self._player.hasVideo():
            self._position = position
            self.position_changed.emit(position)

    def _on_player_duration_changed(self, duration: int) -> None:
        self._duration = max(0, duration)
        self.duration_changed.emit(self._duration)

    def _on_player_playback_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        new = _STATES.get(state, "stopped")
        if new != self._state:
            self._state = new
            self.state_changed.emit(new)

    def _on_player_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not self._loaded:
            if self._failed:
                return
            if not self._player.hasVideo():
                self._player.setSource(QUrl())
                name = self._path.name if self._path else "the file"
                self._fail("no-video", f"“{name}” contains no video picture. "
                           "Open the video file of this job instead.")
                return
            self._loaded = True
            rate = self._player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
            if isinstance(rate, (int, float)) and rate > 0:
                self._media_frame_rate = float(rate)
            # Pausing from stopped decodes and shows the first frame.
            self._player.pause()
            self.media_loaded.emit()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia and not self._failed:
            self._fail("unsupported", self._unsupported_message())
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.position_changed.emit(self._position)

    def _on_player_error_occurred(self, error: QMediaPlayer.Error, detail: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._failed:
            return
        name = self._path.name if self._path else "the file"
        if error == QMediaPlayer.Error.AccessDeniedError:
            self._fail("missing", f"You do not have permission to read “{name}”.")
        elif error in (QMediaPlayer.Error.FormatError, QMediaPlayer.Error.ResourceError):
            self._fail("unsupported", self._unsupported_message())
        else:
            self._fail("unsupported",
                       f"“{name}” could not be played ({detail or 'unknown error'}).")

    def _unsupported_message(self) -> str:
        name = self._path.name if self._path else "the file"
        return (f"The built-in player cannot open “{name}”: it is not a video file, "
                "it is damaged, or its format is not supported.")

    def _fail(self, kind: str, message: str) -> None:
        self._failed = True
        self._loaded = False
        self.failure_kind = kind
        self.media_failed.emit(message)
