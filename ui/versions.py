"""Versions of the workstation and what it runs on, for the About box, `--version` and reports.

Loads no widgets (only QtCore, and libvlc if it is installed), so the
command line can print it quickly on a machine without a display.
"""

from __future__ import annotations

import platform
import sqlite3

from app import __version__


def installed_versions() -> dict[str, str]:
    """Name → version, in the order people read them; "not installed" where missing."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return {
        "Review Workstation": __version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Qt": qVersion(),
        "Qt for Python (PySide6)": pyside_version,
        "libvlc": libvlc_version() or "not installed (video plays through QtMultimedia)",
        "SQLite": sqlite3.sqlite_version,
        "Database schema": database_schema(),
    }


def libvlc_version() -> str:
    """libvlc's full version ("3.0.24 Vetinari"), or "" when it cannot be loaded."""
    try:
        import vlc

        raw = vlc.libvlc_get_version()
    except Exception:  # python-vlc raises OSError, NameError or AttributeError without libvlc
        return ""
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw or "")


def database_schema() -> str:
    """The schema revision this build writes (the newest migration)."""
    try:
        from app.storage.upgrade import head_revision

        return f"revision {head_revision()}"
    except Exception as error:  # a broken install should still print the other versions
        return f"unknown ({error})"


def version_text() -> str:
    """The lines `review-workstation --version` prints."""
    return "\n".join(f"{name}: {value}" for name, value in installed_versions().items())
