"""The video player: one small interface, two back ends, captions over the picture.

* `interface.PlayerBackend` — what the window talks to (signals and methods).
* `qt_backend.QtMultimediaBackend` — the default (PySide6's FFmpeg engine):
  exact frame timestamps, frame-accurate seeks and steps both ways.
* `vlc_backend.VlcBackend` — libvlc embedded in a native window, for files
  QtMultimedia cannot play or when chosen in settings.
* `clock.InterpolatedClock` — smooth playhead from libvlc's coarse clock.
* `caption_overlay.CaptionOverlay` — the track's captions over the picture.
* `player_widget.PlayerWidget` — picture, overlay and transport controls.
* `choose` — which back end runs (setting, availability, fallback).
"""

from ui.player.interface import PlayerBackend
from ui.player.player_widget import PlayerWidget

__all__ = ["PlayerBackend", "PlayerWidget"]
