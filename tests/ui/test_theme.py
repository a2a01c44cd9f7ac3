"""Themes: every text/background pair meets WCAG AA; high contrast meets AAA; text scales."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.settings import Theme
from ui.theme import PALETTES, apply_theme, palette_for, scaled_font

Role = QPalette.ColorRole
Group = QPalette.ColorGroup
# What people read, on what it is drawn.
TEXT_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
]


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    application = qapp
    yield application
    apply_theme(application, Theme.SYSTEM)


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
@pytest.mark.parametrize("group", [Group.Active, Group.Inactive])
def test_text_meets_wcag_contrast(theme: Theme, group: QPalette.ColorGroup) -> None:
    palette = palette_for(PALETTES[theme])
    needed = 7.0 if theme is Theme.HIGH_CONTRAST else 4.5
    for text, background in TEXT_PAIRS:
        ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
        assert ratio >= needed, f"{theme} {text.name} on {background.name}: {ratio:.2f}"


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_disabled_text_is_still_readable_and_differs_from_enabled(theme: Theme) -> None:
    # WCAG exempts disabled controls; 3:1 keeps them legible while looking unavailable.
    palette = palette_for(PALETTES[theme])
    disabled = palette.color(Group.Disabled, Role.Text)
    assert disabled != palette.color(Group.Active, Role.Text)
    assert contrast_ratio(disabled, palette.color(Group.Disabled, Role.Base)) >= 3.0


def test_applying_a_theme_and_going_back_to_the_system_look(app: QApplication) -> None:
    original_window = app.palette().color(Role.Window)
    original_size = app.font().pointSizeF()
    apply_theme(app, Theme.HIGH_CONTRAST, 150)
    assert app.palette().color(Role.Window) == QColor("#000000")
    assert app.palette().color(Role.Highlight) == QColor("#ffff00")
    # Control edges drawn in white (Fusion's would be black on black), arrows from files.
    sheet = app.styleSheet()
    assert "border: 1px solid #ffffff" in sheet
    arrows = re.findall(r"url\((.+?)\)", sheet)
    assert len(arrows) == 2 and all(Path(arrow).is_file() for arrow in arrows)
    assert app.font().pointSizeF() == pytest.approx(round(original_size * 1.5 * 2) / 2)
    apply_theme(app, Theme.DARK)
    assert app.styleSheet() == ""
    apply_theme(app, Theme.SYSTEM, 100)
    assert app.palette().color(Role.Window) == original_window
    assert app.font().pointSizeF() == original_size


def test_text_size_scales_the_system_font_in_half_points() -> None:
    base = QFont("Sans", 10)
    assert scaled_font(base, 100).pointSizeF() == 10
    assert scaled_font(base, 125).pointSizeF() == 12.5
    assert scaled_font(base, 133).pointSizeF() == 13.5
    pixels = QFont("Sans")
    pixels.setPixelSize(16)
    assert scaled_font(pixels, 150).pixelSize() == 24
