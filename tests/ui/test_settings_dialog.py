"""The settings dialog: shows stored preferences, hands back edits, frees cache space."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.settings import Preferences, Theme, load_preferences, save_preferences
from ui.player.choose import BACKEND_SETTING, preferred_backend
from ui.settings_dialog import SettingsDialog, edit_preferences


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    for job, size in (("j1", 3_000), ("j2", 5_000)):
        (folder / "media" / job).mkdir(parents=True)
        (folder / "media" / job / "video.mp4").write_bytes(b"v" * size)
    return folder


def open_dialog(qtbot: QtBot, preferences: Preferences, cache: Path) -> SettingsDialog:
    dialog = SettingsDialog(preferences, cache)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Measuring" not in dialog.cache_use_label.text())
    return dialog


def test_the_dialog_shows_the_preferences_it_was_given(qtbot: QtBot, cache: Path) -> None:
    chosen = Preferences(server_url="https://review.example.org", qc_profile="children",
                         qc_overrides={"max_chars_per_line": 37}, autosync=False,
                         spell_check_languages=("fr", "pt-BR"), theme=Theme.DARK,
                         font_scale_percent=130, cache_limit_mb=1024, player_backend="vlc")
    dialog = open_dialog(qtbot, chosen, cache)
    assert dialog.server_url.text() == "https://review.example.org"
    assert not dialog.autosync.isChecked()
    assert dialog.qc_numbers["max_cps"].value() == 17.0  # from the children profile
    assert dialog.qc_numbers["max_chars_per_line"].value() == 37
    assert dialog.spell_languages.text() == "fr, pt-BR"
    assert dialog.theme.currentData() == "dark"
    assert dialog.player_backend.currentData() == "vlc"
    assert dialog.preferences() == chosen  # nothing touched, nothing changed
    assert dialog.cache_use_label.text() == "7.8 KB in 2 files"


def test_edits_come_back_as_preferences_and_only_changed_numbers_are_overrides(
    qtbot: QtBot, cache: Path
) -> None:
    dialog = open_dialog(qtbot, Preferences(), cache)
    dialog.qc_numbers["max_lines"].setValue(3)
    dialog.spell_languages.setText("en, fr, en")
    dialog.theme.setCurrentIndex(dialog.theme.findData("high-contrast"))
    dialog.font_scale.setValue(150)
    with qtbot.waitSignal(dialog.preferences_accepted) as accepted:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    result = accepted.args[0]
    assert isinstance(result, Preferences)
    assert result.qc_overrides == {"max_lines": 3}
    assert result.quality_profile().max_lines == 3
    assert result.spell_check_languages == ("en", "fr")
    assert (result.theme, result.font_scale_percent) == (Theme.HIGH_CONTRAST, 150)


def test_choosing_another_profile_shows_its_numbers(qtbot: QtBot, cache: Path) -> None:
    dialog = open_dialog(qtbot, Preferences(), cache)
    dialog.qc_profile.setCurrentIndex(dialog.qc_profile.findData("children"))
    dialog.qc_profile.activated.emit(dialog.qc_profile.currentIndex())
    assert dialog.qc_numbers["max_cps"].value() == 17.0
    assert dialog.preferences().qc_overrides == {}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("spell", "english", "is not a language code"),
    ("durations", "", "shortest cue must not be longer"),
])
def test_bad_input_is_explained_and_the_dialog_stays_open(
    qtbot: QtBot, cache: Path, field: str, value: str, words: str
) -> None:
    dialog = open_dialog(qtbot, Preferences(), cache)
    dialog.show()
    if field == "spell":
        dialog.spell_languages.setText(value)
    else:
        dialog.qc_numbers["min_duration_ms"].setValue(9000)
        dialog.qc_numbers["max_duration_ms"].setValue(5000)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert words in dialog.message.text()


def test_restore_defaults_fills_in_the_defaults(qtbot: QtBot, cache: Path) -> None:
    dialog = open_dialog(qtbot, Preferences(autosync=False, font_scale_percent=180), cache)
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.preferences() == Preferences()


def test_free_space_empties_the_cache_and_says_how_much(
    qtbot: QtBot, cache: Path, artefacts: Path
) -> None:
    dialog = open_dialog(qtbot, Preferences(), cache)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    dialog.grab().save(str(artefacts / "settings-dialog.png"))
    dialog.free_space_now()
    qtbot.waitUntil(lambda: dialog.cache_use_label.text() == "The cache is empty.")
    assert dialog.message.text() == "Freed 7.8 KB."
    assert not dialog.free_space_button.isEnabled()
    assert not any(path.is_file() for path in cache.rglob("*"))


def test_edit_preferences_saves_applies_and_mirrors_the_player_choice(
    qtbot: QtBot, cache: Path, tmp_path: Path
) -> None:
    # The application's settings location (per-test REVIEW_WORKSTATION_HOME), never ~/.config.
    from ui.application import create_application

    app = create_application()
    profile = tmp_path / "profile"
    save_preferences(profile, Preferences(server_url="https://old.example.org"))
    QSettings().setValue(BACKEND_SETTING, "qtmultimedia")

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, SettingsDialog) and w.isVisible())
        assert dialog.player_backend.currentData() == "qtmultimedia"
        dialog.player_backend.setCurrentIndex(dialog.player_backend.findData("vlc"))
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, answer)
    chosen = edit_preferences(profile, cache)
    try:
        assert chosen is not None and chosen.player_backend == "vlc"
        stored = load_preferences(profile).preferences
        assert stored == chosen and stored.server_url == "https://old.example.org"
        assert preferred_backend() == "vlc"
        assert app.style().name().lower() == "fusion"
        assert app.palette().color(app.palette().ColorRole.Window).name() == "#202124"
    finally:
        from ui.theme import apply_theme

        apply_theme(app, Theme.SYSTEM)
