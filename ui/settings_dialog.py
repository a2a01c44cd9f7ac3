"""The preferences dialog: server, captions QC, player and files, appearance.

The dialog edits an `app.settings.Preferences` value and hands back a new
one; it stores nothing itself. `edit_preferences` is the whole round trip
for the window: load from the profile, show, save, apply the theme and
mirror the player choice to the QSettings key `ui.player.choose` reads.
Window layout is never touched here (it stays under `window/` in QSettings).

Signals: `preferences_accepted(Preferences)` when OK is pressed with valid
values.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cache_folder import CacheUse, FreedSpace, cache_use, free_space
from app.captions.quality_profiles import PROFILE_NAMES, QualityProfile, profile_named
from app.settings import (
    FONT_SCALE_RANGE,
    QC_NUMBERS,
    Preferences,
    Theme,
    load_preferences,
    save_preferences,
)
from ui.background import Background
from ui.player.choose import preferred_backend, set_preferred_backend
from ui.theme import apply_theme

THEME_LABELS = {
    Theme.SYSTEM: "Same as the system",
    Theme.LIGHT: "Light",
    Theme.DARK: "Dark",
    Theme.HIGH_CONTRAST: "High contrast (black and white)",
}
PLAYER_LABELS = {
    "auto": "Automatic (QtMultimedia, VLC for files it cannot play)",
    "qtmultimedia": "QtMultimedia only",
    "vlc": "VLC (QtMultimedia where VLC cannot run)",
}
# (label with its Alt key, accessible description, whole number?, minimum, maximum, suffix)
QC_FIELDS: dict[str, tuple[str, str, bool, float, float, str]] = {
    "max_cps": ("Reading spee&d", "Most characters per second a cue may ask viewers to read",
                False, 1, 60, " characters/s"),
    "max_chars_per_line": ("Line &length", "Most characters on one caption line",
                           True, 1, 200, " characters"),
    "max_lines": ("Li&nes per cue", "Most lines in one cue", True, 1, 10, " lines"),
    "min_duration_ms": ("Shor&test cue", "Shortest time a cue may stay on screen",
                        True, 0, 60_000, " ms"),
    "max_duration_ms": ("Lon&gest cue", "Longest time a cue may stay on screen",
                        True, 1, 600_000, " ms"),
    "min_gap_frames": ("Gap bet&ween cues", "Fewest video frames between two cues",
                       True, 0, 100, " frames"),
}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _weakly(method: Callable[[Any], None]) -> Callable[[Any], None]:
    """A callback that does not keep the dialog alive.

    A finished job's relay drops its callbacks while Qt is deleting it; if
    a callback held the last reference to a dialog Python owns, the dialog
    would be deleted in the middle of that, and delete the relay a second
    time (a crash seen in tests). With a weak reference the dialog's life
    stays with its owner.
    """
    reference = weakref.WeakMethod(method)

    def call(value: Any) -> None:
        bound = reference()
        if bound is not None:
            bound(value)

    return call


def _size_in_words(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


class SettingsDialog(QDialog):
    """Preferences in four tabs; `preferences()` reads the values back."""

    preferences_accepted = Signal(object)

    def __init__(self, preferences: Preferences, cache_folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._initial = preferences
        self._cache_folder = cache_folder
        self._background = Background(self)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(560)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Settings pages")
        self.tabs.addTab(self._server_page(), "&Server")
        self.tabs.addTab(self._captions_page(), "&Captions")
        self.tabs.addTab(self._files_page(), "Pla&yer and files")
        self.tabs.addTab(self._appearance_page(), "Appea&rance")

        self.message = QLabel("", self)
        self.message.setAccessibleName("Settings problem")
        self.message.setWordWrap(True)
        self.message.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        for button, name in (
            (QDialogButtonBox.StandardButton.Ok, "Save settings"),
            (QDialogButtonBox.StandardButton.Cancel, "Cancel"),
            (QDialogButtonBox.StandardButton.RestoreDefaults, "Restore defaults"),
        ):
            self.buttons.button(button).setAccessibleName(name)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._on_restore_defaults_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.show_preferences(preferences)
        self.refresh_cache_use()

    # --- pages ------------------------------------------------------------------------

    def _server_page(self) -> QWidget:
        page = QWidget(self)
        self.server_url = QLineEdit(page)
        self.server_url.setAccessibleName("Server address")
        self.server_url.setAccessibleDescription(
            "The platform address offered when you sign in, such as https://review.example.org")
        self.server_url.setPlaceholderText("https://review.example.org")
        self.autosync = QCheckBox("Send and fetch &work automatically", page)
        self.autosync.setAccessibleName("Sync automatically")
        self.autosync.setAccessibleDescription(
            "When off, nothing is sent until you choose Sync now; edits are always saved locally.")
        form = QFormLayout(page)
        form.addRow("Server a&ddress", self.server_url)
        form.addRow("", self.autosync)
        form.addRow(self._note(page, "Signing in to a different server takes effect at the "
                                     "next sign-in. Work waiting in the outbox stays with the "
                                     "server it was made for."))
        return page

    def _captions_page(self) -> QWidget:
        page = QWidget(self)
        self.qc_profile = QComboBox(page)
        self.qc_profile.setAccessibleName("Caption QC profile")
        self.qc_profile.setAccessibleDescription(
            "The style guide captions are checked against; the numbers below start from it.")
        for name in PROFILE_NAMES:
            self.qc_profile.addItem(profile_named(name).label, name)
        self.qc_profile.activated.connect(self._on_qc_profile_activated)
        form = QFormLayout(page)
        form.addRow("QC &profile", self.qc_profile)
        self.qc_numbers: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for key in QC_NUMBERS:
            label, description, whole, low, high, suffix = QC_FIELDS[key]
            box: QSpinBox | QDoubleSpinBox
            if whole:
                box = QSpinBox(page)
                box.setRange(int(low), int(high))
            else:
                box = QDoubleSpinBox(page)
                box.setDecimals(1)
                box.setRange(low, high)
            box.setSuffix(suffix)
            box.setAccessibleName(label.replace("&", ""))
            box.setAccessibleDescription(description)
            self.qc_numbers[key] = box
            form.addRow(label, box)
        self.spell_languages = QLineEdit(page)
        self.spell_languages.setAccessibleName("Spell-check languages")
        self.spell_languages.setAccessibleDescription(
            "Language codes separated by commas, such as en, fr, pt-BR")
        self.spell_languages.setPlaceholderText("en, fr, pt-BR")
        form.addRow("Spell-check lang&uages", self.spell_languages)
        return page

    def _files_page(self) -> QWidget:
        page = QWidget(self)
        self.player_backend = QComboBox(page)
        self.player_backend.setAccessibleName("Video player back end")
        for key, label in PLAYER_LABELS.items():
            self.player_backend.addItem(label, key)

        self.download_folder = QLineEdit(page)
        self.download_folder.setAccessibleName("Download folder")
        self.download_folder.setAccessibleDescription(
            "Where downloaded videos go; empty means the workstation's cache folder.")
        self.download_folder.setPlaceholderText("The cache folder (default)")
        choose = QPushButton("C&hoose…", page)
        choose.setAccessibleName("Choose download folder")
        choose.clicked.connect(self._on_choose_folder_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.download_folder, 1)
        folder_row.addWidget(choose)

        self.cache_limit = QSpinBox(page)
        self.cache_limit.setRange(0, 1024 * 1024)
        self.cache_limit.setSingleStep(512)
        self.cache_limit.setSuffix(" MB")
        self.cache_limit.setSpecialValueText("No limit")
        self.cache_limit.setAccessibleName("Cache size limit")
        self.cache_limit.setAccessibleDescription(
            "The oldest downloaded videos are removed when the cache grows past this size.")

        self.cache_use_label = QLabel("Measuring…", page)
        self.cache_use_label.setAccessibleName("Cache in use")
        self.free_space_button = QPushButton("&Free space", page)
        self.free_space_button.setAccessibleName("Free space")
        self.free_space_button.setAccessibleDescription(
            "Delete downloaded videos from the cache; they are downloaded again when needed. "
            "Your edits and unsent work are not in the cache.")
        self.free_space_button.clicked.connect(self._on_free_space_clicked)
        cache_row = QHBoxLayout()
        cache_row.addWidget(self.cache_use_label, 1)
        cache_row.addWidget(self.free_space_button)

        form = QFormLayout(page)
        form.addRow("&Video player", self.player_backend)
        folder_label = QLabel("&Download folder", page)
        folder_label.setBuddy(self.download_folder)
        form.addRow(folder_label, folder_row)
        form.addRow("Cache &limit", self.cache_limit)
        form.addRow("Cache in use", cache_row)
        form.addRow(self._note(page, "The cache holds only what can be downloaded again. "
                                     "Files in a download folder you chose are never deleted."))
        return page

    def _appearance_page(self) -> QWidget:
        page = QWidget(self)
        self.theme = QComboBox(page)
        self.theme.setAccessibleName("Theme")
        for theme, label in THEME_LABELS.items():
            self.theme.addItem(label, theme.value)
        self.font_scale = QSpinBox(page)
        self.font_scale.setRange(*FONT_SCALE_RANGE)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" % of the system size")
        self.font_scale.setAccessibleName("Text size")
        self.font_scale.setAccessibleDescription(
            "Text size relative to the system font; 100 % follows the system exactly.")
        form = QFormLayout(page)
        form.addRow("&Theme", self.theme)
        form.addRow("Te&xt size", self.font_scale)
        form.addRow(self._note(page, "The theme and text size change as soon as you press OK."))
        return page

    @staticmethod
    def _note(parent: QWidget, text: str) -> QLabel:
        note = QLabel(text, parent)
        note.setWordWrap(True)
        return note

    # --- values -----------------------------------------------------------------------

    def show_preferences(self, preferences: Preferences) -> None:
        """Fill every field from `preferences`."""
        self.server_url.setText(preferences.server_url)
        self.autosync.setChecked(preferences.autosync)
        self.qc_profile.setCurrentIndex(max(0, self.qc_profile.findData(preferences.qc_profile)))
        self._show_qc_numbers(preferences.quality_profile())
        self.spell_languages.setText(", ".join(preferences.spell_check_languages))
        self.player_backend.setCurrentIndex(
            max(0, self.player_backend.findData(preferences.player_backend)))
        self.download_folder.setText(preferences.download_folder)
        self.cache_limit.setValue(preferences.cache_limit_mb)
        self.theme.setCurrentIndex(max(0, self.theme.findData(preferences.theme.value)))
        self.font_scale.setValue(preferences.font_scale_percent)

    def _show_qc_numbers(self, profile: QualityProfile) -> None:
        for key, box in self.qc_numbers.items():
            box.setValue(getattr(profile, key))

    def preferences(self) -> Preferences:
        """The values in the dialog; ValueError in plain words when one cannot be used."""
        languages = [code.strip() for code in self.spell_languages.text().split(",")
                     if code.strip()]
        bad = [code for code in languages if not _LANGUAGE_CODE.fullmatch(code)]
        if bad:
            raise ValueError(f"“{bad[0]}” is not a language code. Use codes such as en, fr "
                             "or pt-BR, separated by commas.")
        base_name = str(self.qc_profile.currentData())
        base = profile_named(base_name)
        overrides = {key: box.value() for key, box in self.qc_numbers.items()
                     if box.value() != getattr(base, key)}
        preferences = replace(
            self._initial,
            server_url=self.server_url.text().strip(),
            autosync=self.autosync.isChecked(),
            qc_profile=base_name,
            qc_overrides=overrides,
            spell_check_languages=tuple(dict.fromkeys(languages)),
            player_backend=str(self.player_backend.currentData()),
            download_folder=self.download_folder.text().strip(),
            cache_limit_mb=self.cache_limit.value(),
            theme=Theme(str(self.theme.currentData())),
            font_scale_percent=self.font_scale.value(),
        )
        try:
            preferences.quality_profile()
        except ValueError:
            raise ValueError("The shortest cue must not be longer than the longest cue.") from None
        return preferences

    def _on_buttons_accepted(self) -> None:
        try:
            chosen = self.preferences()
        except ValueError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.preferences_accepted.emit(chosen)
        self.accept()

    def _on_restore_defaults_clicked(self) -> None:
        self.show_preferences(Preferences())

    def _on_qc_profile_activated(self, _index: int) -> None:
        self._show_qc_numbers(profile_named(str(self.qc_profile.currentData())))

    def _on_choose_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Download folder",
                                                  self.download_folder.text())
        if folder:
            self.download_folder.setText(folder)

    # --- the cache --------------------------------------------------------------------

    def refresh_cache_use(self) -> None:
        """Measure the cache off the GUI thread (it may hold thousands of files)."""
        self.cache_use_label.setText("Measuring…")
        folder = self._cache_folder
        self._background.run(lambda: cache_use(folder), _weakly(self._show_cache_use),
                             _weakly(self._on_cache_failed))

    def _show_cache_use(self, use: object) -> None:
        assert isinstance(use, CacheUse)
        if use.files == 0:
            self.cache_use_label.setText("The cache is empty.")
        else:
            files = "file" if use.files == 1 else "files"
            self.cache_use_label.setText(f"{_size_in_words(use.bytes)} in {use.files} {files}")
        self.free_space_button.setEnabled(use.files > 0)

    def _on_cache_failed(self, error: BaseException) -> None:
        self.cache_use_label.setText(f"The cache could not be read: {error}")
        self.free_space_button.setEnabled(True)

    def _on_free_space_clicked(self) -> None:
        answer = QMessageBox.question(
            self, "Free space",
            "Delete the downloaded videos in the cache? They are downloaded again when a job "
            "needs them. Your edits and unsent work are kept.")
        if answer == QMessageBox.StandardButton.Yes:
            self.free_space_now()

    def free_space_now(self) -> None:
        """Empty the cache off the GUI thread, then say what was freed."""
        self.free_space_button.setEnabled(False)
        self.cache_use_label.setText("Freeing space…")
        folder = self._cache_folder
        self._background.run(lambda: free_space(folder), _weakly(self._on_space_freed),
                             _weakly(self._on_cache_failed))

    def _on_space_freed(self, freed: object) -> None:
        assert isinstance(freed, FreedSpace)
        kept = (f"; {freed.kept_in_use} in use by another program were kept"
                if freed.kept_in_use else "")
        # Measure again after this callback has returned and its job is cleaned up.
        QTimer.singleShot(0, self.refresh_cache_use)
        self.message.setText(f"Freed {_size_in_words(freed.bytes)}{kept}.")
        self.message.show()

    def wait_for_background(self, msecs: int = 5000) -> bool:
        return self._background.wait(msecs)


def edit_preferences(profile_folder: Path, cache_folder: Path,
                     parent: QWidget | None = None) -> Preferences | None:
    """Show the dialog over the profile's stored preferences; save and apply on OK.

    Returns the new preferences, or None when the person cancelled.
    """
    # The player choice lives in QSettings, where ui.player.choose reads it.
    loaded = replace(load_preferences(profile_folder).preferences,
                     player_backend=preferred_backend())
    dialog = SettingsDialog(loaded, cache_folder, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.preferences() if accepted else None
    dialog.wait_for_background()
    dialog.deleteLater()  # parented to the window: would otherwise live as long as it
    if chosen is None:
        return None
    save_preferences(profile_folder, chosen)
    apply_preferences(chosen)
    return chosen


def apply_preferences(preferences: Preferences) -> None:
    """What takes effect at once: theme, text size and the player choice for the next file."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, preferences.theme, preferences.font_scale_percent)
    set_preferred_backend(preferences.player_backend)
