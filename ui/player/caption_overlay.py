"""Captions of the selected track drawn over the video picture.

Placement follows the WebVTT cue settings in a deliberately simple way, close
to what browsers show for the settings caption files actually use:

* Font: 5 % of the picture height (the browsers' default of 5vh), at least
  12 px; white text on a black box (75 % opaque, fully opaque over a native
  video window where the overlay cannot be translucent, see below).
* ``align:start|left|center|end|right`` aligns the lines inside the cue box.
  ``start``/``end`` are taken as left/right (left-to-right text).
* ``position:N%[,line-left|center|line-right]`` is the horizontal anchor of
  the cue box; without it, 50 % for centred cues, 0 % for start/left and
  100 % for end/right, and the anchor alignment follows ``align``.
* ``size:N%`` limits the box width (default 100 %, never past the edges).
* ``line:N%[,start|center|end]`` puts the box's top (start, the default),
  middle or bottom at N % of the picture height. ``line:n`` counts lines of
  text: 0 is the top line, -1 the bottom one. ``line:auto`` or no setting
  puts the cue at the bottom, 4 % above the edge; several such cues stack
  upwards in track order so they never overlap. Explicitly placed cues are
  not moved. ``vertical`` and regions are not supported (drawn horizontally).
* Markup: ``<i>``, ``<b>`` and ``<u>`` are rendered; other tags (``<v>``,
  ``<c>``, ``<lang>``, ``<ruby>``, timestamps) are removed keeping their text;
  character references are decoded.

Over QtMultimedia's painted picture the overlay is an ordinary transparent
child widget. Over libvlc's native X11/Win32 window a non-native widget would
be hidden underneath, so `set_native_video(True)` turns the overlay into a
native window shaped (with `setMask`) to the caption boxes: no compositor
needed, but the boxes are opaque.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from app.captions.model import Cue

FONT_SHARE = 0.05  # of picture height, per line
MIN_FONT_PX = 12
BOTTOM_MARGIN_SHARE = 0.04
BOX_PADDING_SHARE = 0.25  # of the font size, around the text
BOX_ALPHA = 0.75

_TAG = re.compile(r"<(/?)([^\s.>/]*)[^>]*>")
_KEPT_TAGS = frozenset({"i", "b", "u"})


# --- markup ------------------------------------------------------------------------------


def cue_html(text: str) -> str:
    """WebVTT cue text as safe HTML keeping only italic, bold and underline."""
    out: list[str] = []
    open_tags: list[str] = []
    last = 0
    for match in _TAG.finditer(text):
        out.append(_text_html(text[last:match.start()]))
        last = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in _KEPT_TAGS:
            continue
        if not closing:
            open_tags.append(name)
            out.append(f"<{name}>")
        elif name in open_tags:
            # WebVTT closes implicitly; HTML needs proper nesting, so close
            # everything opened after this tag as well.
            while open_tags:
                tag = open_tags.pop()
                out.append(f"</{tag}>")
                if tag == name:
                    break
    out.append(_text_html(text[last:]))
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def _text_html(text: str) -> str:
    return html.escape(html.unescape(text), quote=False).replace("\n", "<br>")


def plain_text(text: str) -> str:
    """Cue text with all markup removed and references decoded (for screen readers)."""
    return html.unescape(_TAG.sub("", text))


# --- placement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """The cue settings that place a cue, parsed and defaulted.

    `line` is None for auto, a float percentage when `line_is_percent`, else a
    line number. Percentages are 0–100.
    """

    align: str = "center"  # left | center | right
    position: float = 50.0
    position_align: str = "center"  # line-left | center | line-right
    size: float = 100.0
    line: float | None = None
    line_is_percent: bool = False
    line_align: str = "start"  # start | center | end


def _percent(text: str) -> float | None:
    if not text.endswith("%"):
        return None
    try:
        value = float(text[:-1])
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None


def parse_placement(settings: dict[str, str]) -> Placement:
    """Read line/position/size/align from `Cue.setting_map()`; bad values are ignored."""
    align = {"start": "left", "left": "left", "end": "right", "right": "right",
             "center": "center", "middle": "center"}.get(settings.get("align", ""), "center")
    position_text, _, position_align = settings.get("position", "auto").partition(",")
    position = _percent(position_text)
    if position is None:
        position = {"left": 0.0, "right": 100.0}.get(align, 50.0)
    if position_align not in ("line-left", "center", "line-right"):
        position_align = {"left": "line-left", "right": "line-right"}.get(align, "center")
    size = _percent(settings.get("size", "")) or 100.0
    line_text, _, line_align = settings.get("line", "auto").partition(",")
    if line_align not in ("start", "center", "end"):
        line_align = "start"
    line: float | None = _percent(line_text)
    is_percent = line is not None
    if line is None and re.fullmatch(r"-?\d+", line_text):
        line = float(line_text)
    return Placement(align, position, position_align, size, line, is_percent, line_align)


def box_width_limit(placement: Placement, video_width: float) -> float:
    """The widest the cue box may be: its size, within the picture from its anchor."""
    position = placement.position
    room = {"line-left": 100.0 - position, "line-right": position,
            "center": 2 * min(position, 100.0 - position)}[placement.position_align]
    return max(1.0, min(placement.size, room) * video_width / 100.0)


def place_box(placement: Placement, box_width: float, box_height: float, line_height: float,
              video: QRectF) -> QRectF | None:
    """Where a cue box of the given size goes; None for auto lines (stacked by the caller)."""
    anchor = video.left() + placement.position * video.width() / 100.0
    x = {"line-left": anchor, "line-right": anchor - box_width,
         "center": anchor - box_width / 2}[placement.position_align]
    x = min(max(x, video.left()), video.right() - box_width)
    if placement.line is None:
        return None
    if placement.line_is_percent:
        at = video.top() + placement.line * video.height() / 100.0
        y = {"start": at, "center": at - box_height / 2, "end": at - box_height}[
            placement.line_align]
    elif placement.line >= 0:
        y = video.top() + placement.line * line_height
    else:
        y = video.bottom() + (placement.line + 1) * line_height - box_height
    y = min(max(y, video.top()), video.bottom() - box_height)
    return QRectF(x, y, box_width, box_height)


# --- which cues are showing ----------------------------------------------------------------


class ActiveCueFinder:
    """Finds the cues showing at a time (start ≤ t < end) among many, quickly.

    Cues are indexed by start; only cues starting within the longest cue
    duration before `t` can be active, so a lookup touches a handful of cues
    even in a 20,000-cue track.
    """

    def __init__(self, cues: Sequence[Cue]) -> None:
        order = sorted(range(len(cues)), key=lambda i: cues[i].start_ms)
        self._order = order
        self._starts = [cues[i].start_ms for i in order]
        self._ends = [cues[i].end_ms for i in order]
        self._longest = max((c.end_ms - c.start_ms for c in cues), default=0)

    def active(self, ms: int) -> tuple[int, ...]:
        """Indexes (into the sequence given) of the cues showing at `ms`, in track order."""
        found = []
        j = bisect.bisect_right(self._starts, ms) - 1
        while j >= 0 and self._starts[j] > ms - self._longest - 1:
            if self._ends[j] > ms:
                found.append(self._order[j])
            j -= 1
        return tuple(sorted(found))


# --- the widget --------------------------------------------------------------------------------


@dataclass
class _Laid:
    document: QTextDocument
    box: QRectF  # background rectangle, widget coordinates
    padding: float


class CaptionOverlay(QWidget):
    """Draws the active cues of a track over the video picture.

    Signals:
        active_cues_changed(object): a tuple of indexes into the cues given to
            `set_cues` (track order) whenever the showing cues change.
    """

    active_cues_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Captions on video")
        self.setAccessibleDescription("No caption is showing.")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._cues: Sequence[Cue] = ()
        self._finder = ActiveCueFinder(())
        self._active: tuple[int, ...] = ()
        self._position = 0
        self._video = QRectF()
        self._native = False
        self._laid: list[_Laid] = []

    # --- feeding ------------------------------------------------------------------------------

    def set_cues(self, cues: Sequence[Cue]) -> None:
        """Show this track's cues (an immutable snapshot; call again after edits)."""
        self._cues = cues
        self._finder = ActiveCueFinder(cues)
        self._active = ()
        self.set_position(self._position, force=True)

    def set_position(self, ms: int, *, force: bool = False) -> None:
        """Move to a media time; repaints only when the showing cues change."""
        self._position = ms
        active = self._finder.active(ms)
        if active == self._active and not force:
            return
        self._active = active
        self._relayout()
        text = " / ".join(plain_text(self._cues[i].text).replace("\n", " ") for i in active)
        self.setAccessibleDescription(text or "No caption is showing.")
        self.active_cues_changed.emit(active)

    def set_video_rect(self, rect: QRectF) -> None:
        """The picture's rectangle in this widget's coordinates (letterbox excluded)."""
        if rect != self._video:
            self._video = QRectF(rect)
            self._relayout()

    def set_native_video(self, native: bool) -> None:
        """Switch to a shaped native window, for video that libvlc draws natively."""
        self._native = native
        if native:
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self._relayout()

    @property
    def native_video(self) -> bool:
        """True when shaped to its caption boxes over a native (libvlc) picture."""
        return self._native

    @property
    def active_cues(self) -> tuple[int, ...]:
        return self._active

    def active_texts(self) -> list[str]:
        """The plain text of the showing cues (for tests and screen readers)."""
        return [plain_text(self._cues[i].text) for i in self._active]

    def caption_boxes(self) -> list[QRectF]:
        """Where the showing cues are drawn, in widget coordinates."""
        return [laid.box for laid in self._laid]

    # --- layout and painting ---------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout()

    def _relayout(self) -> None:
        video = self._video if not self._video.isEmpty() else QRectF(self.rect())
        self._laid = []
        if video.isEmpty():
            self._apply_mask()
            return
        font = QFont(self.font())
        font.setPixelSize(max(MIN_FONT_PX, round(video.height() * FONT_SHARE)))
        line_height = font.pixelSize() * 1.25
        padding = font.pixelSize() * BOX_PADDING_SHARE
        bottom = video.bottom() - video.height() * BOTTOM_MARGIN_SHARE
        for index in self._active:  # track order: the first auto cue sits lowest
            cue = self._cues[index]
            placement = parse_placement(cue.setting_map())
            document = self._document(cue, placement, font,
                                      box_width_limit(placement, video.width()) - 2 * padding)
            width = document.idealWidth() + 2 * padding
            height = document.size().height() + 2 * padding
            box = place_box(placement, width, height, line_height, video)
            if box is None:  # auto line: stack upwards from the bottom
                box = place_box(Placement(placement.align, placement.position,
                                          placement.position_align, placement.size, 0.0, True),
                                width, height, line_height, video)
                assert box is not None
                box.moveBottom(bottom)
                bottom = box.top() - padding
            self._laid.append(_Laid(document, box, padding))
        self._apply_mask()
        self.update()

    def _document(self, cue: Cue, placement: Placement, font: QFont,
                  width_limit: float) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font)
        option = QTextOption({"left": Qt.AlignmentFlag.AlignLeft,
                              "right": Qt.AlignmentFlag.AlignRight}.get(
            placement.align, Qt.AlignmentFlag.AlignHCenter))
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(option)
        document.setHtml(cue_html(cue.text))
        document.setTextWidth(max(1.0, width_limit))
        # Shrink to the text so the box hugs it and alignment applies within it.
        document.setTextWidth(min(document.idealWidth() + 1, max(1.0, width_limit)))
        return document

    def _apply_mask(self) -> None:
        if not self._native:
            return
        if not self._laid:
            # An empty mask means "no mask" to Qt: hide instead.
            self.hide()
            return
        region = QRegion()
        for laid in self._laid:
            region = region.united(QRegion(laid.box.toAlignedRect()))
        self.setMask(region)
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._laid:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = QColor(0, 0, 0)
        if not self._native:
            background.setAlphaF(BOX_ALPHA)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.white))
        context.palette = palette
        for laid in self._laid:
            painter.fillRect(laid.box, background)
            painter.save()
            painter.translate(laid.box.topLeft() + QPointF(laid.padding, laid.padding))
            laid.document.documentLayout().draw(painter, context)
            painter.restore()
        painter.end()
