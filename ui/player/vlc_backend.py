"""The libvlc back end (python-vlc), for files QtMultimedia cannot play.

libvlc draws into a native window we hand it: ``set_xwindow`` on Linux (X11
only: under Wayland or the offscreen platform there is no X window to embed
into, so this back end reports itself unavailable), ``set_hwnd`` on Windows,
``set_nsobject`` on macOS.

Rules this module keeps, from libvlc's documentation and our measurements:

* libvlc must never be called from its own event callbacks (it deadlocks).
  Callbacks run on libvlc's threads and only copy plain values out of the
  event before re-emitting it through a Qt signal with a queued connection;
  everything else happens on the GUI thread.
* ``get_time()`` moves in coarse steps (250–500 ms here), so the playhead is
  interpolated by `clock.InterpolatedClock`, polled every 10 ms while playing
  (tests/benchmarks/player_clock.py: median error against the picture about
  1–5 ms, max under 10 ms, where raw ``get_time()`` is off by up to 500 ms).
* libvlc cannot step backwards. A step back is a paused seek to the middle of
  the previous frame; a step forward uses ``next_frame()``. Measured with VLC
  3.0.24 on the demo video (25 fps, a keyframe every 2 s), reading the
  burned-in timecode: paused seeks and steps show a frame within ±2 frames of
  the one asked for (about a third exactly), so frame-exact review needs the
  QtMultimedia back end. The reported position is always the frame asked for.
* After paused seeks or ``next_frame()`` libvlc resumes playing up to a second
  ahead of the picture it showed, so `play` re-seeks to the shown position.
  That cures it at 1x; after pausing at another rate libvlc still resumes
  about (rate − 1) × 1 s off (measured at 0.5x, 1.5x, 2x, whatever the order
  of calls), and the playhead follows only at libvlc's next coarse update
  (250–500 ms later).
* Opening a file plays it muted until the first picture is out, pauses, and
  goes to 0, then waits 300 ms before reporting `media_loaded`: libvlc's
  ``:start-paused`` option shows no picture, and a paused seek right after the
  opening pause loses its picture (all measured).
* Stopping and releasing a player joins libvlc's threads, which can take a
  while: old players are retired on a background thread.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPaintEngine, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.player.clock import InterpolatedClock
from ui.player.interface import (
    DEFAULT_FRAME_RATE,
    PlayerBackend,
    State,
    clamp_rate,
    frame_index,
    frame_start_ms,
    mid_frame_ms,
)

POLL_MS = 10
# How long after "playing" a file may go without a video stream before we say it has none.
NO_VIDEO_TIMEOUT_MS = 3000
# After opening, libvlc drops the picture of a paused seek that comes within
# ~300 ms of the opening pause (measured: 2 of 3 lost at 0 ms, none at 300 ms).
OPENING_SETTLE_MS = 300
INSTANCE_ARGS = (
    "--no-xlib",  # Qt owns Xlib; libvlc must use xcb only
    "--quiet",
    "--no-osd",
    "--no-video-title-show",
    "--no-sub-autodetect-file",  # captions come from the track, drawn by our overlay
    "--no-snapshot-preview",
)

try:  # python-vlc raises assorted errors when libvlc itself is missing
    import vlc

    _IMPORT_ERROR = ""
except Exception as error:
    vlc = None
    _IMPORT_ERROR = str(error) or type(error).__name__

_instance: Any = None


def unavailable_reason() -> str:
    """Why this back end cannot run here, in plain words; "" when it can."""
    if vlc is None:
        return f"VLC is not installed (libvlc could not be loaded: {_IMPORT_ERROR})."
    if sys.platform.startswith("linux"):
        platform = QGuiApplication.platformName()
        if platform != "xcb":
            return ("VLC can only show video inside the window under X11; "
                    f"this session uses “{platform}”.")
    try:
        _vlc_instance()
    except Exception as error:
        return f"VLC could not start: {error}"
    return ""


def vlc_version() -> str:
    """libvlc's version, e.g. "3.0.24" ("" without libvlc)."""
    if vlc is None:
        return ""
    raw = vlc.libvlc_get_version()
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    return text.split()[0]


def _vlc_instance() -> Any:
    """One libvlc instance per process (loading its plugins is the slow part)."""
    global _instance
    if _instance is None:
        assert vlc is not None
        _instance = vlc.Instance(list(INSTANCE_ARGS))
        if _instance is None:
            raise RuntimeError("libvlc refused to start")
    return _instance


class _Graveyard(QObject):
    """Deletes native video windows once the players drawing into them are gone.

    Signals:
        buried(object): a widget whose player has been released (emitted from
            the retiring thread, handled on the GUI thread).
    """

    buried = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.keep: set[QWidget] = set()
        self.buried.connect(self._on_self_buried, Qt.ConnectionType.QueuedConnection)

    def _on_self_buried(self, widget: QWidget) -> None:
        self.keep.discard(widget)
        widget.deleteLater()


_graveyard: _Graveyard | None = None


def _retire(player: Any, media: Any, view: QWidget | None = None) -> None:
    """Stop and release a player off the GUI thread (stop joins libvlc's threads).

    `view`, when given, is deleted afterwards: destroying a window libvlc still
    draws into makes it fail with X errors.
    """
    global _graveyard
    if _graveyard is None:
        _graveyard = _Graveyard()
    graveyard = _graveyard
    if view is not None:
        graveyard.keep.add(view)

    def run() -> None:
        if player is not None:
            player.stop()
            player.release()
        if media is not None:
            media.release()
        if view is not None:
            graveyard.buried.emit(view)

    threading.Thread(target=run, name="vlc-retire", daemon=True).start()


class NativeVideoView(QWidget):
    """A native window libvlc draws the picture into.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Video picture")
        self.setAccessibleDescription("The video frame at the playhead (drawn by VLC).")
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        # libvlc paints this window; Qt must not paint over it.
        self.setAttribute(Qt.WidgetAttribute.WA_PaintOnScreen)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    def paintEngine(self) -> QPaintEngine | None:  # type: ignore[override]
        # libvlc paints this window; no Qt paint engine may touch it.
        return None


class _EventRelay(QObject):
    """Carries libvlc events from libvlc's threads to the GUI thread.

    Signals:
        happened(int, str, int): player generation, event kind, an integer
            value (new length, stream type) or 0.
    """

    happened = Signal(int, str, int)


class VlcBackend(PlayerBackend):
    """python-vlc embedded in a native window.

    Signals: those of `PlayerBackend`; `frame_shown` is never emitted (libvlc
    does not say which frame it shows).
    """

    exact_frames = False

    def __init__(self, parent: QObject | None = None, *,
                 frame_rate: float = DEFAULT_FRAME_RATE) -> None:
        super().__init__(parent, frame_rate=frame_rate)
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.backend_name = f"VLC {vlc_version()}"
        self._instance = _vlc_instance()
        self._view = NativeVideoView()
        self._view.destroyed.connect(self._on_view_destroyed)
        self._closed = False
        self._relay = _EventRelay(self)
        self._relay.happened.connect(self._on_relay_happened,
                                     Qt.ConnectionType.QueuedConnection)
        self._player: Any = None
        self._media: Any = None
        self._generation = 0
        self._callbacks: list[Any] = []
        self._clock = InterpolatedClock()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.setTimerType(Qt.TimerType.PreciseTimer)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._no_video = QTimer(self)
        self._no_video.setSingleShot(True)
        self._no_video.setInterval(NO_VIDEO_TIMEOUT_MS)
        self._no_video.timeout.connect(self._on_no_video_timeout)
        self._path: Path | None = None
        self._state: State = "stopped"
        # Opening (see module notes): "starting" (playing muted until the first
        # picture), "pausing" (until libvlc says it paused), "settling" (a
        # seek right after the pause is lost, measured), then "".
        self._opening = ""
        self._loaded = False
        self._failed = False
        self._ended = False
        self._saw_video = False
        self._want_playing = False  # what the user asked for; libvlc's events may lag
        self._pending_seek = 0
        self._moved_while_paused = False
        self._last_emitted = -1
        self._duration = 0
        self._rate = 1.0
        self._muted = False
        self._volume = 100
        self._media_frame_rate = 0.0

    # --- PlayerBackend: media ---------------------------------------------------------------

    def video_widget(self) -> QWidget:
        return self._view

    def video_size(self) -> QSize:
        if self._player is None or not self._loaded:
            return QSize()
        try:
            width, height = self._player.video_get_size(0)
        except Exception:
            return QSize()
        return QSize(int(width), int(height))

    def load(self, path: Path | str) -> None:
        path = Path(path)
        self._drop_player()
        self._path = path
        self._failed = self._loaded = self._ended = self._saw_video = False
        self.failure_kind = ""
        self._duration = 0
        self._media_frame_rate = 0.0
        self._clock.reset(0, playing=False)
        self._want_playing = False
        self._pending_seek = 0
        self._set_state("stopped")
        if not path.is_file():
            QTimer.singleShot(0, self, lambda: self._fail(
                "missing", f"The video file “{path.name}” was not found. "
                "It may have been moved, renamed or deleted."))
            return
        self._generation += 1
        generation = self._generation
        self._media = self._instance.media_new_path(str(path.resolve()))
        self._player = self._instance.media_player_new()
        self._embed(self._player)
        self._player.video_set_mouse_input(False)
        self._player.video_set_key_input(False)
        self._player.set_media(self._media)
        self._attach_events(self._player, generation)
        self._opening = "starting"
        self._player.audio_set_mute(True)
        self._player.play()

    def _embed(self, player: Any) -> None:
        window = int(self._view.winId())
        if sys.platform.startswith("linux"):
            player.set_xwindow(window)
        elif sys.platform == "win32":
            player.set_hwnd(window)
        elif sys.platform == "darwin":
            player.set_nsobject(window)

    def _attach_events(self, player: Any, generation: int) -> None:
        assert vlc is not None
        kinds = {
            vlc.EventType.MediaPlayerPlaying: "playing",
            vlc.EventType.MediaPlayerPaused: "paused",
            vlc.EventType.MediaPlayerStopped: "stopped",
            vlc.EventType.MediaPlayerEndReached: "ended",
            vlc.EventType.MediaPlayerEncounteredError: "error",
            vlc.EventType.MediaPlayerLengthChanged: "length",
            vlc.EventType.MediaPlayerVout: "vout",
            vlc.EventType.MediaPlayerESAdded: "stream",
        }
        relay = self._relay
        manager = player.event_manager()
        self._callbacks = []
        for event_type, kind in kinds.items():
            def callback(event: Any, kind: str = kind) -> None:
                # On libvlc's thread: copy plain values, call nothing of libvlc.
                value = 0
                if kind == "length":
                    value = int(event.u.new_length)
                elif kind == "stream":
                    value = int(event.u.new_child)  # es_changed.i_type (1 = video)
                relay.happened.emit(generation, kind, value)

            manager.event_attach(event_type, callback)
            self._callbacks.append((manager, event_type, callback))

    def _drop_player(self, view: QWidget | None = None) -> None:
        self._poll.stop()
        self._no_video.stop()
        self._generation += 1  # events still queued from the old player are ignored
        if self._player is not None:
            for manager, event_type, _callback in self._callbacks:
                manager.event_detach(event_type)
            self._callbacks = []
        if self._player is not None or view is not None:
            _retire(self._player, self._media, view)
        self._player = self._media = None

    def close(self) -> None:
        # Safe to call twice, and after the window has already deleted the view.
        self._loaded = False
        if self._closed:
            return
        self._closed = True
        if shiboken6.isValid(self._view):
            self._view.destroyed.disconnect(self._on_view_destroyed)
            self._view.hide()
            self._view.setParent(None)  # its new owner is the graveyard, see _retire
            self._drop_player(self._view)
        else:
            self._drop_player()

    def _on_view_destroyed(self) -> None:
        # The window went away without close(): libvlc must stop drawing into it.
        self._closed = True
        self._loaded = False
        self._drop_player()

    # --- PlayerBackend: transport --------------------------------------------------------------

    def play(self) -> None:
        if not self._loaded or self._player is None:
            return
        self._want_playing = True
        if self._ended:
            # After the end libvlc restarts from the beginning.
            self._ended = False
            self._clock.reset(0, playing=False)
            self._player.play()
        else:
            self._player.set_pause(0)
            if self._moved_while_paused:
                # After paused seeks and next_frame() libvlc resumes up to a second
                # ahead of the picture it showed (measured); a playing seek to the
                # position we show puts it back.
                self._player.set_time(int(self._clock.position()))
        self._moved_while_paused = False
        # The clock starts moving on libvlc's "playing" event, when the picture does.

    def pause(self) -> None:
        if not self._loaded or self._player is None:
            return
        self._want_playing = False
        self._player.set_pause(1)
        self._poll.stop()
        self._emit_position(self._clock.pause())

    def seek(self, ms: int) -> None:
        if not self._loaded or self._player is None:
            return
        ms = max(0, min(int(ms), self._duration)) if self._duration else max(0, int(ms))
        playing = self._state == "playing"
        if self._ended:
            self._restart_paused_at(ms)
            return
        if self._opening:
            self._pending_seek = ms  # applied when the opening pause is done
            self._clock.reset(ms, playing=False)
            self._emit_position(ms)
            return
        self._moved_while_paused = self._moved_while_paused or not playing
        self._clock.reset(ms, playing=playing)
        self._player.set_time(ms if playing else mid_frame_ms(
            frame_index(ms, self.frame_rate), self.frame_rate))
        self._emit_position(ms)

    def step_frame(self, delta: int) -> None:
        if not self._loaded or self._player is None or delta == 0 or self._opening:
            return
        if self._want_playing or self._state == "playing":
            self.pause()
        current = frame_index(self._clock.position(), self.frame_rate)
        last = frame_index(max(0, self._duration - 1), self.frame_rate) if self._duration \
            else current + max(0, delta)
        target = min(max(0, current + delta), last)
        position = frame_start_ms(target, self.frame_rate)
        if self._ended:
            self._restart_paused_at(position)
            return
        self._moved_while_paused = True
        if delta == 1:
            self._player.next_frame()
        else:
            self._player.set_time(mid_frame_ms(target, self.frame_rate))
        self._clock.reset(position, playing=False)
        self._emit_position(position)

    def _restart_paused_at(self, ms: int) -> None:
        """After the end libvlc needs to play again before it can seek."""
        self._ended = False
        self._clock.reset(ms, playing=False)
        self._opening = "starting"
        self._want_playing = False
        self._pending_seek = ms
        self._player.audio_set_mute(True)
        self._player.play()
        self._emit_position(ms)

    def set_rate(self, rate: float) -> None:
        self._rate = clamp_rate(rate)
        self._clock.set_rate(self._rate)
        if self._player is not None:
            self._player.set_rate(self._rate)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if self._player is not None and not self._opening:
            self._player.audio_set_mute(muted)

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        if self._player is not None:
            self._player.audio_set_volume(self._volume)

    # --- PlayerBackend: state --------------------------------------------------------------------

    @property
    def position_ms(self) -> int:
        return int(self._clock.position())

    def coarse_time_ms(self) -> int:
        """libvlc's own, coarse ``get_time()`` (for the interpolation benchmark)."""
        return int(self._player.get_time()) if self._player is not None else 0

    # --- handlers (GUI thread) -------------------------------------------------------------

    def _on_poll_timeout(self) -> None:
        if self._player is None:
            return
        self._clock.observe(self._player.get_time())
        self._emit_position(int(self._clock.position()))

    def _on_no_video_timeout(self) -> None:
        if not self._saw_video and not self._failed:
            self._fail_no_video()

    def _on_relay_happened(self, generation: int, kind: str, value: int) -> None:
        if generation != self._generation or self._player is None:
            return  # from a player we already dropped
        if kind == "length":
            self._duration = max(0, value)
            self.duration_changed.emit(self._duration)
        elif kind == "stream":
            self._saw_video = self._saw_video or value == 1
        elif kind == "vout":
            if self._player.has_vout() > 0:
                self._saw_video = True
                if self._opening == "starting":
                    self._pause_opening()
        elif kind == "playing":
            self._on_vlc_playing()
        elif kind == "paused":
            if self._opening == "pausing":
                self._seek_opening()
            elif not self._opening:
                self._set_state("paused")
        elif kind == "ended":
            self._on_vlc_ended()
        elif kind == "error":
            name = self._path.name if self._path else "the file"
            self._fail("unsupported", f"VLC could not play “{name}”: it is damaged or its "
                       "format is not supported.")

    def _on_vlc_playing(self) -> None:
        self._player.set_rate(self._rate)
        self._player.audio_set_volume(self._volume)
        if self._opening == "starting":
            if self._saw_video and self._player.has_vout() > 0:
                # A restart after the end reuses the video output: no "vout" event comes.
                self._pause_opening()
            elif not self._saw_video:
                self._no_video.start()
            return
        if self._opening:
            return
        if not self._want_playing:
            # A late "playing" from before a pause: libvlc must not run on unseen.
            self._player.set_pause(1)
            return
        self._clock.resume()
        self._poll.start()
        self._set_state("playing")

    def _pause_opening(self) -> None:
        """The first picture is out: pause (then `_seek_opening` on libvlc's "paused")."""
        self._no_video.stop()
        self._opening = "pausing"
        self._player.set_pause(1)

    def _seek_opening(self) -> None:
        """Paused: go where we were asked, and give libvlc time to show it."""
        self._opening = "settling"
        self._player.set_time(mid_frame_ms(frame_index(self._pending_seek, self.frame_rate),
                                           self.frame_rate))
        QTimer.singleShot(OPENING_SETTLE_MS, self, self._finish_opening)

    def _finish_opening(self) -> None:
        """Opened and paused where asked: unmute and tell the world."""
        if self._opening != "settling" or self._player is None:
            return  # failed or reloaded meanwhile
        self._opening = ""
        target = self._pending_seek
        self._pending_seek = 0
        self._player.audio_set_mute(self._muted)
        fps = float(self._player.get_fps() or 0.0)
        if fps > 0:
            self._media_frame_rate = fps
        self._clock.reset(target, playing=False)
        self._set_state("paused")
        self._emit_position(target)
        if not self._loaded:
            self._loaded = True
            if not self._duration:
                self._duration = max(0, int(self._player.get_length()))
                self.duration_changed.emit(self._duration)
            self.media_loaded.emit()

    def _on_vlc_ended(self) -> None:
        if not self._saw_video and not self._failed:
            self._fail_no_video()
            return
        self._poll.stop()
        self._ended = True
        self._clock.reset(self._duration, playing=False)
        self._emit_position(self._duration)
        self._set_state("stopped")

    def _fail_no_video(self) -> None:
        name = self._path.name if self._path else "the file"
        self._fail("no-video", f"“{name}” contains no video picture VLC can show: "
                   "it is not a video file, or it is damaged.")

    # --- helpers ---------------------------------------------------------------------------

    def _emit_position(self, ms: int | float) -> None:
        value = int(ms)
        if value != self._last_emitted:
            self._last_emitted = value
            self.position_changed.emit(value)

    def _set_state(self, state: State) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _fail(self, kind: str, message: str) -> None:
        self._failed = True
        self._loaded = False
        self._opening = ""
        self.failure_kind = kind
        self._drop_player()
        self.media_failed.emit(message)
