"""Colours and text size for the whole application, from the person's preferences.

`apply_theme` sets a palette on the QApplication (every widget follows it)
and scales the application font from the system's own size, so text still
grows when the desktop's font does. The first call remembers the desktop's
palette, style and font, so "system" can always go back to them.

Light, dark and high-contrast use the Fusion style: it draws every control
from the palette, where some native styles ignore it. Every text/background
pair of these palettes meets WCAG AA (4.5:1); high contrast meets AAA (7:1)
(tests/ui/test_theme.py measures them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.settings import Theme

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Each palette names its colours once; `_palette` spreads them over the roles.
@dataclass(frozen=True, slots=True)
class Colours:
    window: str
    text: str
    base: str
    alternate_base: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    link_visited: str
    placeholder: str
    disabled_text: str
    tooltip_base: str
    tooltip_text: str
    border: str


LIGHT = Colours(
    window="#f3f3f3", text="#1a1a1a", base="#ffffff", alternate_base="#f0f4f8",
    button="#e8e8e8", highlight="#1d4f91", highlighted_text="#ffffff",
    link="#0b57a4", link_visited="#6b2c91", placeholder="#5f5f5f",
    disabled_text="#8a8a8a", tooltip_base="#ffffdc", tooltip_text="#1a1a1a",
    border="#8c8c8c",
)
DARK = Colours(
    window="#202124", text="#e8eaed", base="#17181a", alternate_base="#26282c",
    button="#303134", highlight="#8ab4f8", highlighted_text="#0b1a33",
    link="#8ab4f8", link_visited="#d7aefb", placeholder="#a0a4aa",
    disabled_text="#6f7378", tooltip_base="#303134", tooltip_text="#e8eaed",
    border="#7a7f86",
)
HIGH_CONTRAST = Colours(
    window="#000000", text="#ffffff", base="#000000", alternate_base="#0f0f0f",
    button="#000000", highlight="#ffff00", highlighted_text="#000000",
    link="#66ccff", link_visited="#ff99ff", placeholder="#d0d0d0",
    disabled_text="#a0a0a0", tooltip_base="#000000", tooltip_text="#ffffff",
    border="#ffffff",
)
_ARROWS = Path(__file__).resolve().parents[1] / "resources" / "icons"
# Styling a spin box's or combo box's border makes Qt draw its arrows from the
# style sheet too, so they are given here (white triangles, as SVG files).
HIGH_CONTRAST_OUTLINES = f"""
QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
QPushButton, QToolButton {{
    border: 1px solid #ffffff;
}}
QPushButton {{ padding: 3px 10px; }}
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QAbstractItemView:focus,
QTextEdit:focus, QPlainTextEdit:focus, QPushButton:focus, QToolButton:focus {{
    border: 2px solid #ffff00;
}}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button, QComboBox::drop-down {{
    border: none;
    width: 16px;
}}
QAbstractSpinBox::up-arrow {{ image: url({(_ARROWS / "high-contrast-arrow-up.svg").as_posix()}); }}
QAbstractSpinBox::down-arrow, QComboBox::down-arrow {{
    image: url({(_ARROWS / "high-contrast-arrow-down.svg").as_posix()});
}}
"""
PALETTES: dict[Theme, Colours] = {
    Theme.LIGHT: LIGHT, Theme.DARK: DARK, Theme.HIGH_CONTRAST: HIGH_CONTRAST,
}

_ORIGINAL = "review-workstation-original-look"


@dataclass(frozen=True)
class _OriginalLook:
    palette: QPalette
    style: str
    font: QFont


def palette_for(colours: Colours) -> QPalette:
    """A full QPalette (active, inactive and disabled groups) from one set of colours."""
    palette = QPalette()
    roles = {
        Role.Window: colours.window, Role.WindowText: colours.text,
        Role.Base: colours.base, Role.AlternateBase: colours.alternate_base,
        Role.Text: colours.text, Role.Button: colours.button, Role.ButtonText: colours.text,
        Role.BrightText: colours.highlight, Role.Highlight: colours.highlight,
        Role.HighlightedText: colours.highlighted_text, Role.Link: colours.link,
        Role.LinkVisited: colours.link_visited, Role.PlaceholderText: colours.placeholder,
        Role.ToolTipBase: colours.tooltip_base, Role.ToolTipText: colours.tooltip_text,
        # Fusion draws frames and focus rings from these.
        Role.Light: colours.border, Role.Midlight: colours.border, Role.Mid: colours.border,
        Role.Dark: colours.border, Role.Shadow: colours.border,
    }
    for role, colour in roles.items():
        palette.setColor(Group.All, role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(colours.disabled_text))
    return palette


def apply_theme(app: QApplication, theme: Theme, font_scale_percent: int = 100) -> None:
    """Colour the application and size its text; takes effect at once in open windows."""
    original = _original_look(app)
    if theme is Theme.SYSTEM:
        app.setStyle(original.style)
        app.setPalette(original.palette)
    else:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(palette_for(PALETTES[theme]))
    # Fusion draws field and button outlines a shade darker than the window,
    # which vanishes on black: high contrast draws them in white instead
    # (WCAG 1.4.11 asks 3:1 for the edges of controls), and the focus in yellow.
    app.setStyleSheet(HIGH_CONTRAST_OUTLINES if theme is Theme.HIGH_CONTRAST else "")
    app.setFont(scaled_font(original.font, font_scale_percent))


def scaled_font(system_font: QFont, percent: int) -> QFont:
    """The system font at `percent` of its size (point sizes stay whole halves)."""
    font = QFont(system_font)
    if system_font.pointSizeF() > 0:
        font.setPointSizeF(round(system_font.pointSizeF() * percent / 50) / 2)
    elif system_font.pixelSize() > 0:
        font.setPixelSize(max(6, round(system_font.pixelSize() * percent / 100)))
    return font


def _original_look(app: QApplication) -> _OriginalLook:
    stored = app.property(_ORIGINAL)
    if isinstance(stored, _OriginalLook):
        return stored
    style = app.style()
    look = _OriginalLook(QPalette(app.palette()), style.name() if style else "Fusion",
                         QFont(app.font()))
    app.setProperty(_ORIGINAL, look)
    return look
