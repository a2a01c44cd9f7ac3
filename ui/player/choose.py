"""Which player back end runs: the user's setting, availability, and fallback.

The setting ``player/backend`` (in the application's QSettings) is one of:

* ``auto`` (the default): QtMultimedia, and libvlc for a file QtMultimedia
  reports it cannot play;
* ``qtmultimedia``: QtMultimedia only;
* ``vlc``: libvlc, or QtMultimedia when libvlc cannot run here (not
  installed, or a Wayland/offscreen session where it cannot embed).

`PlayerWidget` asks `initial_backend` what to start with and
`fallback_after_failure` whether to retry a failed file with libvlc; the
window shows `PlayerWidget.backend_name` in its status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings

from ui.player import vlc_backend
from ui.player.interface import DEFAULT_FRAME_RATE, PlayerBackend
from ui.player.qt_backend import QtMultimediaBackend

BACKEND_SETTING = "player/backend"
AUTO = "auto"
QTMULTIMEDIA = "qtmultimedia"
VLC = "vlc"
CHOICES = (AUTO, QTMULTIMEDIA, VLC)
QT_NAME = QtMultimediaBackend.backend_name


def preferred_backend(settings: QSettings | None = None) -> str:
    """The back end chosen in settings (`AUTO` when unset or unknown)."""
    value = (settings or QSettings()).value(BACKEND_SETTING, AUTO)
    return value if isinstance(value, str) and value in CHOICES else AUTO


def set_preferred_backend(choice: str, settings: QSettings | None = None) -> None:
    """Store the choice (for a settings dialog); takes effect for the next file."""
    if choice not in CHOICES:
        raise ValueError(f"unknown player back end {choice!r}; expected one of {CHOICES}")
    (settings or QSettings()).setValue(BACKEND_SETTING, choice)


def vlc_unavailable_reason() -> str:
    """Why libvlc cannot run in this session, or "" when it can."""
    return vlc_backend.unavailable_reason()


def initial_backend(choice: str) -> str:
    """`QTMULTIMEDIA` or `VLC`: what to open files with first."""
    if choice == VLC and not vlc_unavailable_reason():
        return VLC
    return QTMULTIMEDIA


def fallback_after_failure(choice: str, failed_kind: str, failed: PlayerBackend) -> bool:
    """Whether to retry with libvlc after back end `failed` (of kind `failed_kind`) failed.

    Only for QtMultimedia under ``auto``, only when the file exists but could
    not be decoded (libvlc cannot find a missing file either), and only when
    libvlc can run here.
    """
    return (choice == AUTO and failed_kind == QTMULTIMEDIA
            and failed.failure_kind == "unsupported" and not vlc_unavailable_reason())


def create_backend(kind: str, parent: QObject | None = None, *,
                   frame_rate: float = DEFAULT_FRAME_RATE) -> PlayerBackend:
    """A new back end of the given kind (`QTMULTIMEDIA` or `VLC`)."""
    if kind == VLC:
        return vlc_backend.VlcBackend(parent, frame_rate=frame_rate)
    return QtMultimediaBackend(parent, frame_rate=frame_rate)
