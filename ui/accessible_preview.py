"""Play as accessible video: the picture holds at each pause point while its description plays.

The preview drives any `PlayerBackend`. It watches the playhead; when it
reaches a pause point it pauses, puts the picture on exactly that frame, and
lets the description be heard:

1. the cached TTS clip when there is one (played through a QMediaPlayer when
   the system has an audio output);
2. otherwise local speech through QtTextToSpeech, when asked for and an engine
   is installed;
3. otherwise a silent hold with the text shown (`stop_started` carries it).

The hold lasts the clip's length (the platform renders the same), measured
by a timer rather than by the audio engine, so a missing audio device or a
slow decoder never changes what the preview shows. Local speech has no known
length: the hold ends when the engine says it finished (or, if it never says,
after twice the estimate). Then playback resumes until the next pause point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
from PySide6.QtTextToSpeech import QTextToSpeech

from ui.player.interface import PlayerBackend

# Ask for the pause this much before the stop, so the picture halts within a frame of it.
_LOOKAHEAD_MS = 120


@dataclass(frozen=True)
class PreviewStop:
    """One pause point as the preview plays it."""

    cue_index: int
    timestamp_ms: int
    hold_ms: int
    text: str
    clip: Path | None = None


class AccessiblePreview(QObject):
    """Plays a video with its extended descriptions.

    Signals:
        stop_started(int, int, str, str): cue index, pause point (ms), the
            description text, and how it is heard: "clip", "speech" or "text".
        stop_finished(int): the hold of that cue index ended; playback resumes.
        finished(): the preview stopped (the media ended, or `stop` was called).
    """

    stop_started = Signal(int, int, str, str)
    stop_finished = Signal(int)
    finished = Signal()

    def __init__(self, player: PlayerBackend, parent: QObject | None = None, *,
                 local_speech: bool = False) -> None:
        super().__init__(parent)
        self._player = player
        self._stops: list[PreviewStop] = []
        self._next = 0
        self._active = False
        self._holding: PreviewStop | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        # A coarse timer may fire 5 % early: a hold must last the whole clip.
        self._hold_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._hold_timer.timeout.connect(self._on_hold_timer_timeout)
        self._approach_timer = QTimer(self)
        self._approach_timer.setSingleShot(True)
        self._approach_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._approach_timer.timeout.connect(self._on_approach_timer_timeout)
        self._clip_player: QMediaPlayer | None = None
        self._speech: QTextToSpeech | None = None
        self._speaking = False  # the engine has started this hold's text
        self._local_speech = local_speech
        player.position_changed.connect(self._on_player_position_changed)
        player.state_changed.connect(self._on_player_state_changed)

    @property
    def active(self) -> bool:
        return self._active

    @property
    def holding(self) -> PreviewStop | None:
        return self._holding

    def set_stops(self, stops: Sequence[PreviewStop]) -> None:
        self._stops = sorted(stops, key=lambda s: s.timestamp_ms)

    def start(self, from_ms: int = 0) -> None:
        """Play from `from_ms`, holding at every pause point after it."""
        self._active = True
        self._holding = None
        self._next = next((i for i, s in enumerate(self._stops) if s.timestamp_ms >= from_ms),
                          len(self._stops))
        self._player.seek(from_ms)
        self._player.play()

    def stop(self) -> None:
        """End the preview where it is; the player pauses."""
        if not self._active:
            return
        self._active = False
        self._hold_timer.stop()
        self._approach_timer.stop()
        self._silence()
        self._holding = None
        self._player.pause()
        self.finished.emit()

    # --- reaching a pause point ----------------------------------------------------------

    def _on_player_position_changed(self, ms: int) -> None:
        if not self._active or self._holding is not None or self._next >= len(self._stops):
            return
        if self._player.state != "playing":
            return
        remaining = self._stops[self._next].timestamp_ms - ms
        if remaining <= 0:
            self._hold(self._stops[self._next])
        elif remaining <= _LOOKAHEAD_MS and not self._approach_timer.isActive():
            # Position news comes about once a frame: a timer stops nearer the mark.
            rate = self._player.rate or 1.0
            self._approach_timer.start(max(0, round(remaining / rate)))

    def _on_approach_timer_timeout(self) -> None:
        if self._active and self._holding is None and self._next < len(self._stops):
            self._hold(self._stops[self._next])

    def _hold(self, stop: PreviewStop) -> None:
        self._approach_timer.stop()
        self._holding = stop
        self._next += 1
        self._player.pause()
        self._player.seek(stop.timestamp_ms)  # the picture of the pause point itself
        how = self._voice(stop)
        self.stop_started.emit(stop.cue_index, stop.timestamp_ms, stop.text, how)
        if how != "speech":
            self._hold_timer.start(max(0, stop.hold_ms))

    def _on_hold_timer_timeout(self) -> None:
        self._resume()

    def _resume(self) -> None:
        stop = self._holding
        if stop is None or not self._active:
            return
        self._hold_timer.stop()
        self._silence()
        self._holding = None
        self.stop_finished.emit(stop.cue_index)
        self._player.play()

    def _on_player_state_changed(self, state: str) -> None:
        # The media ran out: nothing more to hold for.
        if self._active and state == "stopped" and self._holding is None:
            self._active = False
            self.finished.emit()

    # --- how the description is heard ----------------------------------------------------

    def _voice(self, stop: PreviewStop) -> str:
        if stop.clip is not None and stop.clip.is_file():
            self._play_clip(stop.clip)
            return "clip"
        if self._local_speech and self._speak(stop):
            return "speech"
        return "text"

    def _play_clip(self, clip: Path) -> None:
        if not QMediaDevices.audioOutputs():
            return  # no device: the timed hold with the text is all there is
        if self._clip_player is None:
            self._clip_player = QMediaPlayer(self)
            self._clip_player.setAudioOutput(QAudioOutput(self._clip_player))
        self._clip_player.setSource(QUrl.fromLocalFile(str(clip)))
        self._clip_player.play()

    def _speak(self, stop: PreviewStop) -> bool:
        engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
        if not engines:
            return False
        if self._speech is None:
            self._speech = QTextToSpeech(engines[0], self)
            self._speech.stateChanged.connect(self._on_speech_state_changed)
        if self._speech.state() == QTextToSpeech.State.Error:
            return False
        self._speaking = False
        self._speech.say(stop.text)
        # If the engine never reports the end, do not hold forever.
        self._hold_timer.start(max(1000, 2 * stop.hold_ms))
        return True

    def _on_speech_state_changed(self, state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Speaking:
            self._speaking = True
        elif self._holding is not None and (
                state == QTextToSpeech.State.Error
                or (state == QTextToSpeech.State.Ready and self._speaking)):
            self._resume()

    def _silence(self) -> None:
        if self._clip_player is not None:
            self._clip_player.stop()
        if self._speech is not None and self._speech.state() == QTextToSpeech.State.Speaking:
            self._speech.stop()
