"""Draw the Review Workstation icon and write every size the installers need.

Run from the repository root after changing the drawing, then commit the
results (the build machines do not run this script):

    .venv/bin/python packaging/make_icons.py

It writes `resources/icons/review-workstation-<size>.png` for the Linux
sizes Briefcase asks for (16 to 512), one `.svg` for desktop entries that
prefer vectors, an `.ico` for Windows and an `.icns` for macOS. They live
in `resources/` so the wheel ships them too and the window can use them.

The drawing: a video frame (rounded dark-blue square) with a play mark and
two caption lines below it, the lower one shorter, as captions sit on screen.
Shapes only and high contrast, so it reads at 16 pixels.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

ICON_NAME = "review-workstation"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICONS_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "icons"

_NAVY_TOP = QColor("#1d4f91")
_NAVY_BOTTOM = QColor("#0f2d57")
_CAPTION_YELLOW = QColor("#ffd84d")


def paint_icon(painter: QPainter, size: float) -> None:
    """Draw the icon into a `size` x `size` square whose top-left is the origin."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 64.0  # designed on a 64-unit grid

    frame = QRectF(2 * unit, 2 * unit, 60 * unit, 60 * unit)
    gradient = QLinearGradient(frame.topLeft(), frame.bottomLeft())
    gradient.setColorAt(0.0, _NAVY_TOP)
    gradient.setColorAt(1.0, _NAVY_BOTTOM)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(frame, 12 * unit, 12 * unit)

    # The play mark, optically centred in the upper part of the frame.
    play = QPainterPath()
    play.moveTo(QPointF(25 * unit, 12 * unit))
    play.lineTo(QPointF(44 * unit, 23.5 * unit))
    play.lineTo(QPointF(25 * unit, 35 * unit))
    play.closeSubpath()
    painter.setBrush(QColor("white"))
    painter.drawPath(play)

    # Two caption lines: wide ones read as text even at 16 px.
    pen = QPen(_CAPTION_YELLOW, 6 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(14 * unit, 44 * unit), QPointF(50 * unit, 44 * unit))
    painter.drawLine(QPointF(21 * unit, 53 * unit), QPointF(43 * unit, 53 * unit))


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_icon(painter, float(size))
    painter.end()
    return image


def write_svg(path: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(64, 64))
    generator.setViewBox(QRectF(0, 0, 64, 64))
    generator.setTitle("Review Workstation")
    generator.setDescription("A video frame with a play mark and two caption lines")
    painter = QPainter(generator)
    paint_icon(painter, 64.0)
    painter.end()


def write_all(folder: Path = ICONS_FOLDER) -> list[Path]:
    """Write every icon file into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in PNG_SIZES:
        path = folder / f"{ICON_NAME}-{size}.png"
        if not render(size).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    # Qt's ICO and ICNS writers take one image; Windows and macOS scale a
    # 256/512 pixel master well, and the small PNGs cover Linux menus.
    for suffix, size in (("ico", 256), ("icns", 512)):
        path = folder / f"{ICON_NAME}.{suffix}"
        if not render(size).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)
    svg = folder / f"{ICON_NAME}.svg"
    write_svg(svg)
    written.append(svg)
    return written


def main() -> int:
    # No window is shown: drawing works the same on a machine without a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in write_all():
        print(path.relative_to(ICONS_FOLDER.parents[1]))
    del application
    return 0


if __name__ == "__main__":
    sys.exit(main())
