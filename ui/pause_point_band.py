"""A timeline band for extended audio description: dialogue, descriptions, shot changes, pauses.

Everything is painted in one `paintEvent` (no widget per item), so a feature
film's thousands of cues cost one pass of drawing. Rows, top to bottom: a time
ruler with shot changes, the dialogue (caption cues), the description cues
with their spoken length drawn from their start (the part that overruns the
gap is hatched and labelled), and the pause points as handles.

A handle is a diamond with a pause sign and the description's number beside
it, so it reads without colour; one whose position breaks a rule carries a
"!" and says why in its tooltip and accessible name. A moved handle leaves a
hollow marker at its original place.

The band only asks for moves; the editor checks them against the rules and
applies them through undo. A drag asks once, on release.

Keys (with the band focused): Tab / Shift+Tab or Up / Down go from handle to
handle; Left / Right move the current one by a frame, Shift+Left / Right by
100 ms; Home or R puts it back where it was; S snaps it to the nearest end of
a dialogue line or shot change; + / - zoom, 0 shows the whole media.
Mouse: drag a handle (it sticks to nearby line ends and shot changes unless
Alt is held), click the ruler to seek, wheel to scroll, Ctrl+wheel to zoom.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.audio_description.pause_points import (
    NUDGE_MS,
    PausePoint,
    clock,
    nudged_by_frames,
    snap_position,
    snap_targets,
)
from app.audio_description.timing import DescriptionTiming, Span, seconds
from app.captions.model import Cue
from app.captions.quality import visible_text

GUTTER = 104  # room for the row names on the left
RIGHT_PAD = 14
RULER_H = 24
ROW_H = 34
HANDLE_ROW_H = 44
HANDLE_R = 8
MAGNET_PX = 6
MIN_VIEW_MS = 1000

_T = TypeVar("_T")


@dataclass(frozen=True)
class BandContent:
    """What the band draws. `problems` maps a cue index to why its pause point is misplaced."""

    media_ms: int = 0
    frame_rate: float = 25.0
    dialogue_cues: Sequence[Cue] = ()
    dialogue: Sequence[Span] = ()
    timings: Sequence[DescriptionTiming] = ()
    shot_changes_ms: Sequence[int] = ()
    points: Sequence[PausePoint] = ()
    problems: dict[int, str] = field(default_factory=dict)


# Colours keep to a few muted hues that read on light and dark palettes; every
# meaning also has a shape or a word.
_DIALOGUE = QColor(74, 128, 191)
_DESCRIPTION = QColor(196, 140, 40)
_OVERRUN = QColor(196, 60, 50)
_PAUSE = QColor(128, 60, 160)
_SHOT = QColor(120, 120, 120)


class PausePointBand(QWidget):
    """The pause-point timeline.

    Signals:
        move_requested(int, int, str): cue index, new position in ms, and
            what the move is called in the undo history.
        current_changed(int): the cue index of the handle that became current.
        seek_requested(int): the person clicked the ruler at this time (ms).
        message(str): something to tell the person (nothing to snap to, …).
    """

    move_requested = Signal(int, int, str)
    current_changed = Signal(int)
    seek_requested = Signal(int)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Pause-point timeline")
        self.setAccessibleDescription(
            "Dialogue, descriptions with their spoken length, shot changes and pause points. "
            "Tab or Up and Down choose a pause point; Left and Right move it by a frame, with "
            "Shift by 100 milliseconds; Home or R resets it; S snaps it to the end of a line "
            "or a shot change.")
        self._content = BandContent()
        # Sorted copies for finding what is in view by bisection (see `_visible`).
        self._dialogue_sorted: list[Cue] = []
        self._dialogue_starts: list[int] = []
        self._longest_dialogue_ms = 0
        self._timings_sorted: list[DescriptionTiming] = []
        self._timing_starts: list[int] = []
        self._longest_description_ms = 0
        self._shots: list[int] = []
        self._view = (0, 1)
        self._origin_ms = 0
        self._px_per_ms = 1.0  # kept up to date by _remap: x_for runs thousands of times a paint
        self._current: int | None = None
        self._drag: int | None = None  # cue index being dragged
        self._drag_ms = 0
        self._drag_moved = False
        self._playhead_ms: int | None = None
        #: Says why a pause point may not go somewhere (cue index, ms), so a drag
        #: shows it before the drop; the editor sets it to the domain's rule check.
        self.problem_at: Callable[[int, int], str | None] = lambda _cue, _ms: None

    # --- content ----------------------------------------------------------------------

    @property
    def content(self) -> BandContent:
        return self._content

    @property
    def current(self) -> int | None:
        """Cue index of the current (focused) handle."""
        return self._current

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def set_content(self, content: BandContent) -> None:
        whole = self._view == (0, max(1, self._content.media_ms))
        if content.dialogue_cues is not self._content.dialogue_cues:
            self._dialogue_sorted = sorted(content.dialogue_cues, key=lambda c: c.start_ms)
            self._dialogue_starts = [c.start_ms for c in self._dialogue_sorted]
            self._longest_dialogue_ms = max(
                (c.duration_ms for c in self._dialogue_sorted), default=0)
        if content.timings is not self._content.timings:
            self._timings_sorted = sorted(content.timings, key=lambda t: t.cue.start_ms)
            self._timing_starts = [t.cue.start_ms for t in self._timings_sorted]
            self._longest_description_ms = max(
                (max(t.cue.duration_ms, t.spoken_ms) for t in self._timings_sorted), default=0)
        self._shots = sorted(content.shot_changes_ms)
        self._content = content
        if whole or self._view[1] > max(1, content.media_ms):
            self._view = (0, max(1, content.media_ms))
        self._remap()
        indexes = [p.cue_index for p in content.points]
        if self._current not in indexes:
            self._current = indexes[0] if indexes else None
        self._announce()
        self.update()

    def set_current(self, cue_index: int | None) -> None:
        if cue_index == self._current:
            return
        if cue_index is not None and self._point(cue_index) is None:
            return
        self._current = cue_index
        if cue_index is not None:
            point = self._point(cue_index)
            assert point is not None
            self.ensure_visible(point.timestamp_ms)
            self.current_changed.emit(cue_index)
        self._announce()
        self.update()

    def set_playhead(self, ms: int | None) -> None:
        self._playhead_ms = ms
        self.update()

    # --- the visible stretch of time ------------------------------------------------------

    @property
    def view(self) -> tuple[int, int]:
        return self._view

    def set_view(self, start_ms: int, end_ms: int) -> None:
        media = max(1, self._content.media_ms)
        span = min(media, max(MIN_VIEW_MS, end_ms - start_ms))
        start = min(max(0, start_ms), media - span)
        self._view = (start, start + span)
        self._remap()
        self.update()

    def _remap(self) -> None:
        start, end = self._view
        self._origin_ms = start
        self._px_per_ms = self._track_width() / max(1, end - start)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._remap()
        super().resizeEvent(event)

    def zoom(self, factor: float, around_ms: int | None = None) -> None:
        start, end = self._view
        around = (start + end) // 2 if around_ms is None else around_ms
        span = (end - start) / factor
        share = (around - start) / max(1, end - start)
        new_start = round(around - share * span)
        self.set_view(new_start, new_start + round(span))

    def ensure_visible(self, ms: int) -> None:
        start, end = self._view
        margin = (end - start) // 10
        if ms < start + margin or ms > end - margin:
            span = end - start
            self.set_view(ms - span // 2, ms - span // 2 + span)

    def x_for(self, ms: float) -> float:
        return GUTTER + (ms - self._origin_ms) * self._px_per_ms

    def ms_at(self, x: float) -> int:
        return round(self._origin_ms + (x - GUTTER) / self._px_per_ms)

    def handle_centre(self, cue_index: int) -> QPointF:
        """Where the handle of a pause point is drawn (for tests and tooltips)."""
        point = self._point(cue_index)
        if point is None:
            raise LookupError(f"no pause point for description {cue_index + 1}")
        return QPointF(self.x_for(point.timestamp_ms), self._handle_y())

    # --- geometry -----------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, RULER_H + 2 * ROW_H + HANDLE_ROW_H + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + 200, self.sizeHint().height())

    def _dialogue_row(self) -> QRectF:
        return QRectF(GUTTER, RULER_H + 4, self._track_width(), ROW_H - 6)

    def _description_row(self) -> QRectF:
        return QRectF(GUTTER, RULER_H + ROW_H + 4, self._track_width(), ROW_H - 6)

    def _handle_y(self) -> float:
        return RULER_H + 2 * ROW_H + 4 + HANDLE_R + 2

    def _track_width(self) -> float:
        return max(1, self.width() - GUTTER - RIGHT_PAD)

    def _point(self, cue_index: int) -> PausePoint | None:
        return next((p for p in self._content.points if p.cue_index == cue_index), None)

    def _hit(self, pos: QPointF) -> int | None:
        if pos.x() < GUTTER - HANDLE_R or pos.y() < RULER_H:
            return None
        best: tuple[float, int] | None = None
        for point in self._content.points:
            distance = abs(self.x_for(point.timestamp_ms) - pos.x())
            if distance <= HANDLE_R + 2 and (best is None or distance < best[0]):
                best = (distance, point.cue_index)
        return best[1] if best else None

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setClipRect(event.rect())
        self._paint_gutter(painter, palette)
        painter.save()
        painter.setClipRect(QRectF(GUTTER, 0, self._track_width(), self.height()))
        self._paint_ruler(painter, palette)
        self._paint_dialogue(painter, palette)
        self._paint_descriptions(painter, palette)
        self._paint_shot_changes(painter)
        self._paint_playhead(painter, palette)
        self._paint_pause_points(painter, palette)
        painter.restore()
        if self.hasFocus():
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_gutter(self, painter: QPainter, palette: QPalette) -> None:
        painter.fillRect(QRectF(0, 0, GUTTER - 4, self.height()),
                         palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        rows = (("Dialogue", RULER_H, ROW_H), ("Descriptions", RULER_H + ROW_H, ROW_H),
                ("Pause points", RULER_H + 2 * ROW_H, HANDLE_ROW_H))
        for name, top, height in rows:
            painter.drawText(QRectF(8, top, GUTTER - 14, height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(self.font())

    def _paint_ruler(self, painter: QPainter, palette: QPalette) -> None:
        start, end = self._view
        text = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(QRectF(GUTTER, 0, self._track_width(), RULER_H),
                         palette.color(QPalette.ColorRole.AlternateBase))
        step = _tick_step(end - start, self._track_width())
        painter.setPen(QPen(text, 1))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        tick = (start // step) * step
        while tick <= end:
            x = self.x_for(tick)
            painter.drawLine(QPointF(x, RULER_H - 7), QPointF(x, RULER_H))
            painter.drawText(QPointF(x + 3, RULER_H - 9), _ruler_label(tick, step))
            tick += step
        painter.setFont(self.font())
        grid = QColor(text)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        for y in (RULER_H, RULER_H + ROW_H, RULER_H + 2 * ROW_H):
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))

    def _visible(self, items: Sequence[_T], starts: Sequence[int], longest_ms: int) -> Sequence[_T]:
        """The items (sorted by start) that may show in the view: a slice, found by bisection."""
        view_start, view_end = self._view
        lo = bisect.bisect_left(starts, view_start - longest_ms)
        hi = bisect.bisect_right(starts, view_end)
        return items[lo:hi]

    def _paint_dialogue(self, painter: QPainter, palette: QPalette) -> None:
        row = self._dialogue_row()
        fill = QColor(_DIALOGUE)
        fill.setAlpha(70)
        text_pen = QPen(palette.color(QPalette.ColorRole.Text))
        outline = QPen(_DIALOGUE, 1)
        metrics = QFontMetrics(self.font())
        runs = _Runs()
        painter.setPen(outline)
        painter.setBrush(fill)
        for cue in self._visible(self._dialogue_sorted, self._dialogue_starts,
                                 self._longest_dialogue_ms):
            left, right = self.x_for(cue.start_ms), self.x_for(cue.end_ms)
            if right - left < 4:
                runs.add(left, right)  # zoomed out: neighbours become one bar
                continue
            box = QRectF(left, row.top(), right - left, row.height())
            painter.drawRoundedRect(box, 3, 3)
            if box.width() > 30:
                painter.setPen(text_pen)
                text = metrics.elidedText(visible_text(cue.text).replace("\n", " "),
                                          Qt.TextElideMode.ElideRight, int(box.width()) - 8)
                painter.drawText(box.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)
                painter.setPen(outline)
        solid = QColor(_DIALOGUE)
        solid.setAlpha(140)
        for left, right in runs.done():
            painter.fillRect(QRectF(left, row.top(), right - left, row.height()), solid)

    def _paint_descriptions(self, painter: QPainter, palette: QPalette) -> None:
        row = self._description_row()
        inner = row.adjusted(0, 5, 0, -5)
        metrics = QFontMetrics(self.font())
        fill = QColor(_DESCRIPTION)
        fill.setAlpha(150)
        outline_pen = QPen(_DESCRIPTION, 1, Qt.PenStyle.DashLine)
        overrun_pen = QPen(_OVERRUN, 1)
        overrun_brush = QBrush(_OVERRUN, Qt.BrushStyle.BDiagPattern)
        text_pen = QPen(palette.color(QPalette.ColorRole.Text))
        label_end = -math.inf  # labels never overlap: a crowded view leaves some out
        fit_runs, over_runs = _Runs(), _Runs()
        for timing in self._visible(self._timings_sorted, self._timing_starts,
                                    self._longest_description_ms):
            cue = timing.cue
            left = self.x_for(cue.start_ms)
            fits = self.x_for(cue.start_ms + min(timing.spoken_ms, timing.room_ms))
            spoken = self.x_for(cue.start_ms + timing.spoken_ms)
            cue_right = self.x_for(cue.end_ms)
            if spoken - left < 4 and cue_right - left < 4:
                # Zoomed out: bars join their neighbours; any overrun still shows, in red.
                fit_runs.add(left, fits)
                if spoken > fits:
                    over_runs.add(fits, spoken)
                continue
            if cue_right - left >= 4:
                painter.setPen(outline_pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(left, row.top(), cue_right - left, row.height()),
                                        3, 3)
            painter.fillRect(QRectF(left, inner.top(), max(1.0, fits - left), inner.height()),
                             fill)
            if spoken > fits:
                over = QRectF(fits, inner.top(), max(1.0, spoken - fits), inner.height())
                painter.setPen(overrun_pen)
                painter.setBrush(overrun_brush)
                painter.drawRect(over)
            if left + 3 < label_end:
                continue
            label = f"D{timing.number}"
            if timing.shortfall_ms:
                label += f"  +{seconds(timing.shortfall_ms)}"
            width = metrics.horizontalAdvance(label) + 6
            painter.setPen(text_pen)
            painter.drawText(QRectF(left + 3, row.top(), width, row.height()),
                             Qt.AlignmentFlag.AlignVCenter, label)
            label_end = left + 3 + width
        for left, right in fit_runs.done():
            painter.fillRect(QRectF(left, inner.top(), right - left, inner.height()), fill)
        for left, right in over_runs.done():
            painter.fillRect(QRectF(left, inner.top(), right - left, inner.height()), _OVERRUN)

    def _paint_shot_changes(self, painter: QPainter) -> None:
        view_start, view_end = self._view
        shots = self._shots
        lo, hi = bisect.bisect_left(shots, view_start), bisect.bisect_right(shots, view_end)
        columns = sorted({round(self.x_for(ms)) for ms in shots[lo:hi]})
        painter.setPen(QPen(_SHOT, 1, Qt.PenStyle.DotLine))
        painter.drawLines([QLineF(x, RULER_H, x, RULER_H + 2 * ROW_H) for x in columns])
        if len(columns) > 1 and min(b - a for a, b in itertools.pairwise(columns)) < 10:
            return  # too dense for cut marks to be told apart: the lines say enough
        # A small "cut" mark on the ruler above each line.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_SHOT)
        for x in columns:
            painter.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0),
                                           QPointF(x, 7)]))

    def _paint_playhead(self, painter: QPainter, palette: QPalette) -> None:
        if self._playhead_ms is None:
            return
        x = self.x_for(self._playhead_ms)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    def _paint_pause_points(self, painter: QPainter, palette: QPalette) -> None:
        y = self._handle_y()
        text_colour = palette.color(QPalette.ColorRole.Text)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view_start, view_end = self._view
        margin = (view_end - view_start) // 20
        label_end = -math.inf
        # The current handle goes last, so its label is never under another handle.
        order = sorted(self._content.points, key=lambda p: p.cue_index == self._current)
        for point in order:
            dragged = point.cue_index == self._drag and self._drag_moved
            ms = self._drag_ms if dragged else point.timestamp_ms
            near = (view_start - margin <= ms <= view_end + margin
                    or view_start - margin <= point.original_ms <= view_end + margin)
            if not near:
                continue
            x = self.x_for(ms)
            if point.moved or dragged:
                ox = self.x_for(point.original_ms)
                painter.setPen(QPen(_PAUSE, 1, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(ox, y), QPointF(x, y))
                painter.setBrush(palette.color(QPalette.ColorRole.Base))
                painter.setPen(QPen(_PAUSE, 1.5))
                painter.drawPolygon(_diamond(ox, y, HANDLE_R - 3))
            current = point.cue_index == self._current
            painter.setPen(QPen(_PAUSE, 2 if current else 1.2))
            painter.drawLine(QPointF(x, RULER_H), QPointF(x, y - HANDLE_R))
            radius = HANDLE_R + (2 if current else 0)
            painter.setBrush(_PAUSE)
            painter.setPen(QPen(text_colour if current and self.hasFocus() else _PAUSE, 2))
            painter.drawPolygon(_diamond(x, y, radius))
            # The pause sign inside the diamond: two bars.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("white"))
            painter.drawRect(QRectF(x - 3, y - 3.5, 2, 7))
            painter.drawRect(QRectF(x + 1, y - 3.5, 2, 7))
            problem = self._content.problems.get(point.cue_index)
            label = f"{point.number} · holds {seconds(point.pause_ms)}"
            if problem:
                label = f"! {label} · misplaced"
            if dragged:
                refused = self.problem_at(point.cue_index, ms)
                problem = refused or ""
                label = f"✕ {clock(ms)}: cannot pause here" if refused else clock(ms)
            if x + radius + 4 < label_end and not (current or dragged):
                continue  # crowded: the current handle's label always shows
            font = QFont(self.font())
            font.setBold(current)
            painter.setFont(font)
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(label)
            if current or dragged:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(QPalette.ColorRole.Base))
                painter.drawRoundedRect(QRectF(x + radius + 1, y - metrics.ascent() + 1,
                                               width + 6, metrics.height() + 2), 3, 3)
            painter.setPen(_OVERRUN if problem else text_colour)
            painter.drawText(QPointF(x + radius + 4, y + 4), label)
            label_end = x + radius + 4 + width + 6
            painter.setFont(self.font())

    # --- mouse --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        hit = self._hit(pos)
        if hit is not None:
            self.set_current(hit)
            point = self._point(hit)
            assert point is not None
            self._drag, self._drag_ms, self._drag_moved = hit, point.timestamp_ms, False
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        elif pos.y() < RULER_H and pos.x() >= GUTTER:
            self.seek_requested.emit(max(0, min(self._content.media_ms, self.ms_at(pos.x()))))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            hit = self._hit(pos)
            self.setCursor(Qt.CursorShape.SizeHorCursor if hit is not None
                           else Qt.CursorShape.ArrowCursor)
            return
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        self._drag_ms = self._drag_position(pos.x(), magnet=not alt)
        self._drag_moved = True
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        cue_index, ms, moved = self._drag, self._drag_ms, self._drag_moved
        self._drag = None
        self._drag_moved = False
        self.unsetCursor()
        self.update()
        point = self._point(cue_index)
        if moved and point is not None and ms != point.timestamp_ms:
            self.move_requested.emit(cue_index, ms,
                                     f"drag pause point {cue_index + 1} to {clock(ms)}")

    def _drag_position(self, x: float, *, magnet: bool) -> int:
        media = self._content.media_ms
        ms = max(0, min(media, self.ms_at(x)))
        if magnet:
            targets = snap_targets(self._content.dialogue, self._content.shot_changes_ms)
            near = [t for t in targets if abs(self.x_for(t) - x) <= MAGNET_PX]
            if near:
                return min(near, key=lambda t: abs(self.x_for(t) - x))
        # Whole frames: a pause lands on the picture a viewer sees.
        rate = self._content.frame_rate
        return min(media, round(round(ms * rate / 1000.0) * 1000.0 / rate))

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if not steps:
            return super().wheelEvent(event)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 ** steps, self.ms_at(event.position().x()))
        else:
            start, end = self._view
            shift = round(-steps * (end - start) / 10)
            self.set_view(start + shift, end + shift)
        event.accept()

    # --- keyboard -----------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab walks the handles first, then leaves the band as usual.
        if self.hasFocus() and self._step_current(1 if next else -1):
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        indexes = [p.cue_index for p in self._content.points]
        if indexes:
            if event.reason() == Qt.FocusReason.TabFocusReason:
                self.set_current(indexes[0])
            elif event.reason() == Qt.FocusReason.BacktabFocusReason:
                self.set_current(indexes[-1])
        self._announce()
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        Key = Qt.Key
        if key in (Key.Key_Plus, Key.Key_Equal):
            self.zoom(1.5)
        elif key == Key.Key_Minus:
            self.zoom(1 / 1.5)
        elif key == Key.Key_0:
            self.set_view(0, self._content.media_ms)
        elif key in (Key.Key_Up, Key.Key_Down):
            self._step_current(-1 if key == Key.Key_Up else 1)
        elif key in (Key.Key_Left, Key.Key_Right):
            self.nudge_current(1 if key == Key.Key_Right else -1, by_frame=not shift)
        elif key in (Key.Key_Home, Key.Key_R):
            self.reset_current()
        elif key == Key.Key_S:
            self.snap_current()
        else:
            return super().keyPressEvent(event)
        event.accept()

    def _current_point(self) -> PausePoint | None:
        point = self._point(self._current) if self._current is not None else None
        if point is None:
            self.message.emit("There is no pause point to move.")
        return point

    def nudge_current(self, sign: int, *, by_frame: bool) -> None:
        """Ask to move the current pause point one frame (or 100 ms) later (+1) or earlier (-1)."""
        point = self._current_point()
        if point is None:
            return
        here = point.timestamp_ms
        if by_frame:
            target, step = nudged_by_frames(here, sign, self._content.frame_rate), "a frame"
        else:
            target, step = here + sign * NUDGE_MS, f"{NUDGE_MS} ms"
        way = "later" if sign > 0 else "earlier"
        self.move_requested.emit(point.cue_index, target,
                                 f"move pause point {point.number} {step} {way}")

    def reset_current(self) -> None:
        """Ask to put the current pause point back where the platform placed it."""
        point = self._current_point()
        if point is None:
            return
        if not point.moved:
            self.message.emit(f"Pause point {point.number} is already where it was.")
            return
        self.move_requested.emit(point.cue_index, point.original_ms,
                                 f"reset pause point {point.number}")

    def snap_current(self) -> None:
        """Ask to move the current pause point to the nearest allowed line end or shot change."""
        point = self._current_point()
        if point is None:
            return
        content = self._content
        snapped = snap_position(content.points, point.cue_index, content.dialogue,
                                content.media_ms, content.shot_changes_ms)
        if snapped is None or snapped == point.timestamp_ms:
            self.message.emit(f"Pause point {point.number}: no nearer line end or shot change "
                              "it may move to.")
            return
        self.move_requested.emit(point.cue_index, snapped,
                                 f"snap pause point {point.number} to {clock(snapped)}")

    def _step_current(self, delta: int) -> bool:
        indexes = [p.cue_index for p in self._content.points]
        if not indexes:
            return False
        if self._current not in indexes:
            self.set_current(indexes[0])
            return True
        at = indexes.index(self._current) + delta
        if not 0 <= at < len(indexes):
            return False
        self.set_current(indexes[at])
        return True

    # --- what assistive technology hears --------------------------------------------------

    def current_summary(self) -> str:
        """The current handle in words, as a screen reader says it."""
        point = self._point(self._current) if self._current is not None else None
        if point is None:
            return "no pause points"
        words = (f"pause point {point.number} at {clock(point.timestamp_ms)}, "
                 f"holds {seconds(point.pause_ms)}")
        if point.moved:
            words += f", moved from {clock(point.original_ms)}"
        problem = self._content.problems.get(point.cue_index)
        if problem:
            words += f". Problem: {problem}"
        return words

    def _announce(self) -> None:
        summary = self.current_summary()
        self.setAccessibleName(f"Pause-point timeline: {summary}")
        self.setToolTip(summary[0].upper() + summary[1:])
        if self.hasFocus():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.NameChanged))


class _Runs:
    """Pixel spans gathered left to right, touching ones joined (for zoomed-out rows)."""

    def __init__(self) -> None:
        self._runs: list[list[float]] = []

    def add(self, left: float, right: float) -> None:
        if self._runs and left <= self._runs[-1][1] + 1:
            self._runs[-1][1] = max(self._runs[-1][1], right)
        else:
            self._runs.append([left, max(right, left + 1)])

    def done(self) -> Iterator[tuple[float, float]]:
        return ((left, right) for left, right in self._runs)


def _diamond(x: float, y: float, r: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r),
                      QPointF(x - r, y)])


def _tick_step(view_ms: int, width_px: float) -> int:
    """A ruler step in ms with labels at least ~70 px apart."""
    for step in (100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000,
                 300_000, 600_000, 900_000, 1_800_000, 3_600_000):
        if step * width_px / max(1, view_ms) >= 70:
            return step
    return 3_600_000


def _ruler_label(ms: int, step: int) -> str:
    minutes, rest = divmod(ms, 60_000)
    if step < 1000:
        return f"{minutes}:{rest / 1000:04.1f}"
    return f"{minutes}:{math.floor(rest / 1000):02d}"

