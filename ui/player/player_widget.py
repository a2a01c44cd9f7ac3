r"""The player the window embeds: the picture, captions over it, transport controls.

Shortcuts (window-wide, so they work from the cue table; a focused text
editor keeps the keys it uses itself, so Ctrl+Left/Right still move by word
while typing):

==================  =====================  ==========================================
Control             Shortcut               Note
==================  =====================  ==========================================
Play / pause        Ctrl+Space             bound by the window's command table *
Frame back/forward  Ctrl+Left / Ctrl+Right bound by the window's command table *
Slower / faster     Ctrl+Shift+Down / Up   0.5x, 0.75x, 1x, 1.25x, 1.5x, 2x
Mute                Ctrl+Shift+M
Volume down / up    Ctrl+Shift+PgDown/PgUp 10 % a press
Seek slider         arrows: 1 s, Page Up/Down: 10 s, Home/End (when focused)
==================  =====================  ==========================================

\* The main window binds these keys in its own command table (with J/K/L
and Space), and two actions with one key in one window cancel each other
out ("ambiguous shortcut"), so the player binds them itself only when asked
(``transport_shortcuts=True``, for a player used outside the main window);
its tooltips name them either way. Every action is public (`actions()`), so
the window can list them in menus and the cheat sheet or change their keys;
tooltips follow key changes.

The window holds on to `PlayerWidget.player`: a stable `PlayerBackend` that
forwards to whichever back end runs, so its connections survive the switch to
libvlc when QtMultimedia cannot play a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.captions.model import Cue
from app.captions.timecode import format_timestamp
from ui.player import choose
from ui.player.caption_overlay import CaptionOverlay
from ui.player.interface import DEFAULT_FRAME_RATE, PlayerBackend, State, frame_index
from ui.player.qt_backend import fitted_rect

RATES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
VOLUME_STEP = 10
BackendFactory = Callable[[str, QObject | None, float], PlayerBackend]


def _default_factory(kind: str, parent: QObject | None, frame_rate: float) -> PlayerBackend:
    return choose.create_backend(kind, parent, frame_rate=frame_rate)


def format_playhead(ms: int, duration_ms: int, frame_rate: float) -> str:
    """The time label: ``HH:MM:SS.mmm / HH:MM:SS.mmm · frame N``."""
    return (f"{format_timestamp(max(0, ms))} / {format_timestamp(max(0, duration_ms))}"
            f" · frame {frame_index(ms, frame_rate)}")


class VideoArea(QWidget):
    """Holds the back end's picture widget with the caption overlay on top of it.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Video")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._picture: QWidget | None = None
        self._overlay: CaptionOverlay | None = None
        self._backend: PlayerBackend | None = None

    def set_parts(self, backend: PlayerBackend, overlay: CaptionOverlay) -> None:
        self._backend = backend
        self._picture = backend.video_widget()
        self._picture.setParent(self)
        self._picture.show()
        self._overlay = overlay
        overlay.setParent(self)
        # A native overlay with nothing to show must stay hidden: unmasked, it
        # would cover libvlc's picture; it shows itself when a cue appears.
        overlay.setVisible(not overlay.native_video)
        overlay.raise_()
        self.relayout()

    def relayout(self) -> None:
        if self._picture is None or self._overlay is None or self._backend is None:
            return
        self._picture.setGeometry(self.rect())
        self._overlay.setGeometry(self.rect())
        self._overlay.set_video_rect(fitted_rect(self._backend.video_size(), self.size()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.relayout()


class PlayerProxy(PlayerBackend):
    """The player the window keeps: forwards to the back end the widget runs now.

    Signals: those of `PlayerBackend`, re-emitted from the current back end;
    `media_failed` only once no back end is left to try.
    """

    def __init__(self, widget: PlayerWidget) -> None:
        super().__init__(widget)
        self._widget = widget

    def _attach(self, backend: PlayerBackend) -> None:
        self.backend_name = backend.backend_name
        self.exact_frames = backend.exact_frames
        backend.position_changed.connect(self.position_changed)
        backend.duration_changed.connect(self.duration_changed)
        backend.state_changed.connect(self.state_changed)
        backend.frame_shown.connect(self.frame_shown)
        backend.media_loaded.connect(self.media_loaded)

    @property
    def _current(self) -> PlayerBackend:
        return self._widget.backend

    def video_widget(self) -> QWidget:
        return self._current.video_widget()

    def video_size(self) -> QSize:
        return self._current.video_size()

    def load(self, path: Path | str) -> None:
        self._widget.load(path)

    def close(self) -> None:
        self._current.close()

    def play(self) -> None:
        self._current.play()

    def pause(self) -> None:
        self._current.pause()

    def seek(self, ms: int) -> None:
        self._current.seek(ms)

    def step_frame(self, delta: int) -> None:
        self._current.step_frame(delta)

    def set_rate(self, rate: float) -> None:
        self._widget.set_rate(rate)

    def set_muted(self, muted: bool) -> None:
        self._widget.set_muted(muted)

    def set_volume(self, volume: int) -> None:
        self._widget.set_volume(volume)

    @property
    def state(self) -> State:
        return self._current.state

    @property
    def position_ms(self) -> int:
        return self._current.position_ms

    @property
    def duration_ms(self) -> int:
        return self._current.duration_ms

    @property
    def rate(self) -> float:
        return self._current.rate

    @property
    def muted(self) -> bool:
        return self._current.muted

    @property
    def volume(self) -> int:
        return self._current.volume

    @property
    def frame_rate(self) -> float:
        return self._current.frame_rate

    def set_frame_rate(self, frame_rate: float) -> None:
        self._widget.set_frame_rate(frame_rate)


class PlayerWidget(QWidget):
    """Video with captions and transport controls, over a switchable back end.

    Transport, position and the player's signals are on `player` (a
    `PlayerBackend`); the widget adds what only it knows.

    Signals:
        backend_changed(str): the name of the back end now in use
            (``backend_name``), for the status bar.
        active_cues_changed(object): tuple of indexes (into the cues given to
            `set_cues`) of the captions now showing.
    """

    backend_changed = Signal(str)
    active_cues_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, backend: str | None = None,
                 frame_rate: float = DEFAULT_FRAME_RATE, transport_shortcuts: bool = False,
                 factory: BackendFactory = _default_factory) -> None:
        """`backend`: "auto", "qtmultimedia" or "vlc"; None reads the setting (see `choose`)."""
        super().__init__(parent)
        self.setAccessibleName("Video player")
        self._factory = factory
        self._transport_shortcuts = transport_shortcuts
        self._choice = backend if backend in choose.CHOICES else choose.preferred_backend()
        self._frame_rate = frame_rate
        self._cues: Sequence[Cue] = ()
        self._path: Path | None = None
        self._tried_fallback = False
        self._backend: PlayerBackend | None = None
        self._kind = ""
        self._overlay: CaptionOverlay | None = None
        self.backend_notice = ""  # why the chosen back end is not the one running, if so
        self.player = PlayerProxy(self)

        self.video_area = VideoArea(self)
        self._build_actions()
        self._build_controls()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.video_area, 1)
        layout.addLayout(self._controls)

        kind = choose.initial_backend(self._choice)
        if self._choice == choose.VLC and kind != choose.VLC:
            self.backend_notice = f"VLC was chosen but cannot run: " \
                                  f"{choose.vlc_unavailable_reason()}"
        self._kind = kind
        self._install(kind, self._factory(kind, self, frame_rate))

    # --- building ------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str, handler: Callable[[], None], *,
                icon: QStyle.StandardPixmap | None = None, window_owns: bool = False) -> QAction:
        action = QAction(text, self)
        if window_owns and not self._transport_shortcuts:
            action.setProperty("shortcut_hint", shortcut)  # named in tooltips only
        else:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(handler)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pixmap = QStyle.StandardPixmap
        self.play_pause_action = self._action("Play", "Ctrl+Space", self._on_play_pause_triggered,
                                              icon=pixmap.SP_MediaPlay, window_owns=True)
        self.frame_back_action = self._action("Previous frame", "Ctrl+Left",
                                              self._on_frame_back_triggered,
                                              icon=pixmap.SP_MediaSeekBackward, window_owns=True)
        self.frame_forward_action = self._action("Next frame", "Ctrl+Right",
                                                 self._on_frame_forward_triggered,
                                                 icon=pixmap.SP_MediaSeekForward,
                                                 window_owns=True)
        self.slower_action = self._action("Slower", "Ctrl+Shift+Down", self._on_slower_triggered)
        self.faster_action = self._action("Faster", "Ctrl+Shift+Up", self._on_faster_triggered)
        self.mute_action = self._action("Mute", "Ctrl+Shift+M", self._on_mute_triggered,
                                        icon=pixmap.SP_MediaVolume)
        self.mute_action.setCheckable(True)
        self.volume_down_action = self._action("Volume down", "Ctrl+Shift+PgDown",
                                               self._on_volume_down_triggered)
        self.volume_up_action = self._action("Volume up", "Ctrl+Shift+PgUp",
                                             self._on_volume_up_triggered)
        for action in self.actions():
            action.changed.connect(self._refresh_tooltips)

    def _button(self, action: QAction, accessible_name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAccessibleName(accessible_name)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def _build_controls(self) -> None:
        self.frame_back_button = self._button(self.frame_back_action, "Previous frame")
        self.play_button = self._button(self.play_pause_action, "Play or pause")
        self.frame_forward_button = self._button(self.frame_forward_action, "Next frame")

        self.seek_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.seek_slider.setAccessibleName("Playhead position")
        self.seek_slider.setRange(0, 0)
        self.seek_slider.setSingleStep(1000)
        self.seek_slider.setPageStep(10_000)
        self.seek_slider.setTracking(True)
        self.seek_slider.valueChanged.connect(self._on_seek_slider_value_changed)

        self.time_label = QLabel(format_playhead(0, 0, self._frame_rate), self)
        self.time_label.setAccessibleName("Playhead time and frame")
        self.time_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.rate_box = QComboBox(self)
        self.rate_box.setAccessibleName("Playback speed")
        for rate in RATES:
            self.rate_box.addItem(f"{rate:g}x", rate)
        self.rate_box.setCurrentIndex(RATES.index(1.0))
        self.rate_box.currentIndexChanged.connect(self._on_rate_box_current_index_changed)

        self.mute_button = self._button(self.mute_action, "Mute")

        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setAccessibleName("Volume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(100)
        self.volume_slider.setSingleStep(VOLUME_STEP)
        self.volume_slider.setPageStep(VOLUME_STEP)
        self.volume_slider.setMaximumWidth(100)
        self.volume_slider.valueChanged.connect(self._on_volume_slider_value_changed)

        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 2)
        for button in (self.frame_back_button, self.play_button, self.frame_forward_button):
            row.addWidget(button)
        row.addWidget(self.seek_slider, 1)
        for widget in (self.time_label, self.rate_box, self.mute_button, self.volume_slider):
            row.addWidget(widget)
        self._controls = row
        self._refresh_tooltips()

    def _refresh_tooltips(self) -> None:
        def keys(*actions: QAction) -> str:
            return " / ".join(
                (a.shortcut() if not a.shortcut().isEmpty()
                 else QKeySequence(str(a.property("shortcut_hint") or "")))
                .toString(QKeySequence.SequenceFormat.NativeText) for a in actions)

        playing = self._backend is not None and self.backend.state == "playing"
        tips = {
            self.play_pause_action:
                f"{'Pause' if playing else 'Play'} ({keys(self.play_pause_action)})",
            self.frame_back_action: f"Step back one frame ({keys(self.frame_back_action)})",
            self.frame_forward_action:
                f"Step forward one frame ({keys(self.frame_forward_action)})",
            self.slower_action: f"Slower ({keys(self.slower_action)})",
            self.faster_action: f"Faster ({keys(self.faster_action)})",
            self.mute_action: f"Mute ({keys(self.mute_action)})",
            self.volume_down_action: f"Volume down ({keys(self.volume_down_action)})",
            self.volume_up_action: f"Volume up ({keys(self.volume_up_action)})",
        }
        for action, tip in tips.items():
            if action.toolTip() != tip:
                action.blockSignals(True)  # setToolTip emits changed: do not recurse
                action.setToolTip(tip)
                action.blockSignals(False)
        for button in (self.frame_back_button, self.play_button, self.frame_forward_button,
                       self.mute_button):
            button.setToolTip(button.defaultAction().toolTip())
        self.seek_slider.setToolTip("Playhead: drag, or focus and use the arrows (1 s), "
                                    "Page Up/Down (10 s), Home/End")
        self.time_label.setToolTip("Playhead time and frame number; step frames with "
                                   f"{keys(self.frame_back_action, self.frame_forward_action)}")
        self.rate_box.setToolTip("Playback speed: slower / faster with "
                                 f"{keys(self.slower_action, self.faster_action)}")
        self.volume_slider.setToolTip("Volume: down / up with "
                                      f"{keys(self.volume_down_action, self.volume_up_action)}")

    # --- back ends ------------------------------------------------------------------------

    def _install(self, kind: str, backend: PlayerBackend) -> None:
        """Put a back end in place (first, or instead of one that failed)."""
        self._kind = kind
        old = self._backend
        if old is not None:
            old.close()  # takes its video widget with it
            old.deleteLater()
        if self._overlay is not None:
            self._overlay.deleteLater()
        backend.set_frame_rate(self._frame_rate)
        backend.set_rate(self.rate_box.currentData())
        backend.set_muted(self.mute_action.isChecked())
        backend.set_volume(self.volume_slider.value())
        # A fresh overlay each time: a widget cannot stop being native once it
        # is, and only libvlc's native picture needs a native overlay.
        overlay = CaptionOverlay()
        overlay.set_native_video(not backend.exact_frames and backend.video_widget()
                                 .testAttribute(Qt.WidgetAttribute.WA_NativeWindow))
        overlay.set_cues(self._cues)
        overlay.active_cues_changed.connect(self.active_cues_changed)
        self._overlay = overlay
        self._backend = backend
        self.video_area.set_parts(backend, overlay)
        # The widget hears first (the overlay and controls are up to date when
        # the window's handlers run), then the proxy passes news on.
        backend.position_changed.connect(self._on_backend_position_changed)
        backend.duration_changed.connect(self._on_backend_duration_changed)
        backend.state_changed.connect(self._on_backend_state_changed)
        backend.media_failed.connect(self._on_backend_media_failed)
        backend.media_loaded.connect(self._on_backend_media_loaded)
        self.player._attach(backend)
        self.backend_changed.emit(backend.backend_name)

    @property
    def backend(self) -> PlayerBackend:
        assert self._backend is not None
        return self._backend

    @property
    def overlay(self) -> CaptionOverlay:
        assert self._overlay is not None
        return self._overlay

    @property
    def backend_name(self) -> str:
        """For the status bar: "QtMultimedia (FFmpeg)" or "VLC 3.0.24"."""
        return self.backend.backend_name

    # --- the interface the window uses ----------------------------------------------------------

    def load(self, path: Path | str) -> None:
        """Open a video, paused on its first frame."""
        self._path = Path(path)
        self._tried_fallback = False
        first = choose.initial_backend(self._choice)
        if self._kind != first:
            # The previous file needed libvlc; give the default engine its chance again.
            self._install(first, self._factory(first, self, self._frame_rate))
        self.backend.load(self._path)

    def set_cues(self, cues: Sequence[Cue]) -> None:
        """The cues of the track whose captions show over the video."""
        self._cues = cues
        self.overlay.set_cues(cues)

    def set_frame_rate(self, frame_rate: float) -> None:
        """The frame rate to assume when the media does not declare one."""
        self._frame_rate = frame_rate
        self.backend.set_frame_rate(frame_rate)

    def set_rate(self, rate: float) -> None:
        """Set the speed; the speed box shows the nearest offered value."""
        nearest = min(range(len(RATES)), key=lambda i: abs(RATES[i] - rate))
        self.rate_box.blockSignals(True)
        self.rate_box.setCurrentIndex(nearest)
        self.rate_box.blockSignals(False)
        self.backend.set_rate(rate)

    def set_muted(self, muted: bool) -> None:
        self.mute_action.setChecked(muted)
        self._on_mute_triggered()

    def set_volume(self, volume: int) -> None:
        self.volume_slider.setValue(volume)  # the slider tells the back end

    # --- handlers: controls --------------------------------------------------------------

    def _on_play_pause_triggered(self) -> None:
        self.backend.toggle()

    def _on_frame_back_triggered(self) -> None:
        self.backend.step_frame(-1)

    def _on_frame_forward_triggered(self) -> None:
        self.backend.step_frame(+1)

    def _on_slower_triggered(self) -> None:
        self.rate_box.setCurrentIndex(max(0, self.rate_box.currentIndex() - 1))

    def _on_faster_triggered(self) -> None:
        self.rate_box.setCurrentIndex(min(len(RATES) - 1, self.rate_box.currentIndex() + 1))

    def _on_mute_triggered(self) -> None:
        muted = self.mute_action.isChecked()
        self.backend.set_muted(muted)
        self.mute_action.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaVolumeMuted if muted
            else QStyle.StandardPixmap.SP_MediaVolume))
        self.mute_action.setText("Unmute" if muted else "Mute")

    def _on_volume_down_triggered(self) -> None:
        self.volume_slider.setValue(self.volume_slider.value() - VOLUME_STEP)

    def _on_volume_up_triggered(self) -> None:
        self.volume_slider.setValue(self.volume_slider.value() + VOLUME_STEP)

    def _on_seek_slider_value_changed(self, value: int) -> None:
        if self.seek_slider.signalsBlocked():
            return
        self.backend.seek(value)

    def _on_rate_box_current_index_changed(self, index: int) -> None:
        if self._backend is not None and index >= 0:
            self.backend.set_rate(RATES[index])

    def _on_volume_slider_value_changed(self, value: int) -> None:
        self.backend.set_volume(value)

    # --- handlers: back end --------------------------------------------------------------

    def _on_backend_position_changed(self, ms: int) -> None:
        if not self.seek_slider.isSliderDown():
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(ms)
            self.seek_slider.blockSignals(False)
        self.time_label.setText(format_playhead(ms, self.backend.duration_ms,
                                                self.backend.frame_rate))
        self.overlay.set_position(ms)

    def _on_backend_duration_changed(self, duration: int) -> None:
        self.seek_slider.blockSignals(True)
        self.seek_slider.setRange(0, max(0, duration))
        self.seek_slider.blockSignals(False)
        self.time_label.setText(format_playhead(self.backend.position_ms, duration,
                                                self.backend.frame_rate))


    def _on_backend_state_changed(self, state: str) -> None:
        playing = state == "playing"
        self.play_pause_action.setText("Pause" if playing else "Play")
        self.play_pause_action.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay))
        self._refresh_tooltips()

    def _on_backend_media_loaded(self) -> None:
        self.video_area.relayout()
        self.time_label.setText(format_playhead(self.backend.position_ms,
                                                self.backend.duration_ms, self.backend.frame_rate))

    def _on_backend_media_failed(self, message: str) -> None:
        if self._path is not None and not self._tried_fallback and \
                choose.fallback_after_failure(self._choice, self._kind, self.backend):
            self._tried_fallback = True
            try:
                vlc = self._factory(choose.VLC, self, self._frame_rate)
            except RuntimeError as error:  # libvlc would not start after all
                self._report_failure(f"{message} ({error})")
                return
            self.backend_notice = f"QtMultimedia could not play {self._path.name}: {message}"
            self._install(choose.VLC, vlc)
            self.backend.load(self._path)
            return
        self._report_failure(message)

    def _report_failure(self, message: str) -> None:
        self.player.failure_kind = self.backend.failure_kind
        self.player.media_failed.emit(message)
