"""The painted part of the timeline: waveform, cue blocks, shot changes, playhead, notes.

`TimelineCanvas` draws one view of a programme (a start time and a zoom in
milliseconds per pixel) and turns mouse and keys into requests: a seek, a
cue selection, or at the end of a drag one `TrackEdit` planned by
`app.captions.operations`. Snapping asks `app.captions.shot_snapping`. It
holds no business rules. `ui.waveform_timeline` puts it in a panel with its
tools, scroll bar and the background analysis.

Drawing stays within a frame at any zoom: the waveform comes from the
level of `Peaks` that matches the zoom, one batched line per pixel column,
and cues, reference cues and shot changes too narrow to tell apart are
merged into bands of at most one per pixel.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.captions.model import Track, TrackEdit
from app.captions.operations import plan_set_times
from app.captions.quality import time_order, visible_text
from app.captions.shot_snapping import DEFAULT_SNAP_FRAMES, nearest_shot_change
from app.captions.timecode import format_timestamp, frame_duration_ms
from app.media.peaks import FULL_SCALE, Peaks

RULER_HEIGHT = 22
REFERENCE_LANE_HEIGHT = 26
EDGE_GRAB_PX = 6
NARROW_CUE_PX = 6  # narrower cues are drawn as merged bands
DRAG_START_PX = 3
MIN_MS_PER_PX = 0.5
MAX_MS_PER_PX = 60_000.0
ZOOM_STEP = 1.25

# A dark, low-glare palette, as video tools use, so the picture above stays
# the brightest thing on screen.
BACKGROUND = QColor("#17191d")
RULER_BACKGROUND = QColor("#23262c")
RULER_TEXT = QColor("#aeb4be")
RULER_TICK = QColor("#4a505a")
CENTRE_LINE = QColor("#2c3038")
WAVE_FILL = QColor("#3fa58d")
CUE_FILL = QColor(74, 128, 222, 70)
NARROW_STRIP_PX = 6  # the solid band that marks a narrow cue (see _paint_cues)
CUE_EDGE = QColor("#7fa8f0")
CUE_TEXT = QColor("#e9edf3")
SELECTED_EDGE = QColor("#f2b84b")
SELECTED_FILL = QColor(242, 184, 75, 55)
REFERENCE_FILL = QColor("#30343c")
REFERENCE_EDGE = QColor("#596070")
REFERENCE_TEXT = QColor("#b6bcc6")
SHOT_CHANGE = QColor("#d59bff")
MARKER = QColor("#ff9f43")
PLAYHEAD = QColor("#ff4d4d")


@dataclass(frozen=True, slots=True)
class TimelineMarker:
    """A point of interest drawn as a flag on the ruler (a review note, a finding)."""

    ms: int
    label: str


class DragPart(Enum):
    START = "start"
    END = "end"
    MOVE = "move"


@dataclass(slots=True)
class _Drag:
    index: int
    part: DragPart
    press_x: float
    start_ms: int
    end_ms: int
    new_start_ms: int
    new_end_ms: int
    active: bool = False


_TICK_STEPS_MS = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000,
                  60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000)


def _ruler_label(ms: int, step: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    head = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return head if step >= 1000 else f"{head}.{millis:03d}"


class TimelineCanvas(QWidget):
    """The painted part of the timeline. Times are integer ms; x is in widget pixels.

    Signals: seek_requested(int ms); cue_selected(int index); edit_requested(TrackEdit);
    message(str); view_changed() after a zoom or scroll.
    """

    seek_requested = Signal(int)
    cue_selected = Signal(int)
    edit_requested = Signal(object)
    message = Signal(str)
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "Waveform, cues, shot changes and playhead. Click to seek; drag a cue or its "
            "edges to retime it; wheel or +/- zooms; Left/Right step a frame.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.track: Track | None = None
        self.reference: Track | None = None
        self.reference_label = ""
        self.peaks: Peaks | None = None
        self.shot_changes: list[int] = []
        self.markers: list[TimelineMarker] = []
        self.playhead_ms = 0
        self.selected: int | None = None
        self.frame_rate = 25.0
        self.snap_enabled = True
        self.snap_frames: float = DEFAULT_SNAP_FRAMES
        self.follow_playback = True
        self.media_duration_ms = 0
        self.start_ms = 0.0
        self.ms_per_px = 20.0
        self._order: list[int] = []
        self._starts: list[int] = []
        self._reference_order: list[int] = []
        self._reference_starts: list[int] = []
        self._wave_gain = 1.0
        self._drag: _Drag | None = None
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7))
        self._metrics = QFontMetrics(self._font)

    # --- content ------------------------------------------------------------------

    def set_track(self, track: Track | None) -> None:
        self.track = track
        self._drag = None
        self.refresh()

    def refresh(self) -> None:
        """Re-read the track after an edit or undo."""
        track = self.track
        self._order = time_order(track.cues) if track else []
        self._starts = [track.cues[i].start_ms for i in self._order] if track else []
        if track is not None and self.selected is not None and self.selected >= len(track.cues):
            self.selected = None
        self.update()

    def set_reference(self, track: Track | None, label: str = "") -> None:
        self.reference, self.reference_label = track, label
        self._reference_order = time_order(track.cues) if track else []
        self._reference_starts = [track.cues[i].start_ms for i in self._reference_order] \
            if track else []
        self.update()

    def set_peaks(self, peaks: Peaks | None) -> None:
        self.peaks = peaks
        loudest = peaks.loudest if peaks is not None else 0
        # Quiet recordings are drawn larger, but never more than 8×, so
        # silence with a little hiss does not fill the lane.
        self._wave_gain = min(FULL_SCALE / loudest, 8.0) if loudest else 1.0
        self.update()

    @property
    def duration_ms(self) -> int:
        ends = [self.media_duration_ms, self.peaks.duration_ms if self.peaks else 0]
        if self.track and self.track.cues:
            ends.append(max(cue.end_ms for cue in self.track.cues))
        return max(ends) or 60_000

    # --- view ---------------------------------------------------------------------

    def x_of(self, ms: float) -> float:
        return (ms - self.start_ms) / self.ms_per_px

    def ms_at(self, x: float) -> int:
        return max(0, round(self.start_ms + x * self.ms_per_px))

    @property
    def visible_ms(self) -> float:
        return self.width() * self.ms_per_px

    def scroll_to(self, start_ms: float) -> None:
        latest = max(0.0, self.duration_ms - self.visible_ms * 0.9)
        start = min(max(0.0, start_ms), latest)
        if start != self.start_ms:
            self.start_ms = start
            self.update()
            self.view_changed.emit()

    def zoom(self, factor: float, around_x: float | None = None) -> None:
        """Zoom in (factor < 1: fewer ms per pixel) keeping the time under `around_x` still."""
        x = self.width() / 2 if around_x is None else around_x
        anchor = self.start_ms + x * self.ms_per_px
        self.ms_per_px = min(max(self.ms_per_px * factor, MIN_MS_PER_PX), MAX_MS_PER_PX)
        self.start_ms = anchor - x * self.ms_per_px
        self.scroll_to(self.start_ms)
        self.update()
        self.view_changed.emit()

    def show_all(self) -> None:
        self.ms_per_px = min(max(self.duration_ms / max(self.width(), 1), MIN_MS_PER_PX),
                             MAX_MS_PER_PX)
        self.start_ms = 0.0
        self.update()
        self.view_changed.emit()

    def set_playhead(self, ms: int) -> None:
        """Move the playhead; while following playback the view pages along with it."""
        if ms == self.playhead_ms:
            return
        self.playhead_ms = ms
        in_view = self.start_ms <= ms <= self.start_ms + self.visible_ms * 0.95
        if self.follow_playback and self._drag is None and not in_view:
            self.scroll_to(ms - self.visible_ms * 0.1)
        self.update()

    # --- geometry -----------------------------------------------------------------

    def _wave_rect(self) -> QRectF:
        bottom = self.height() - (REFERENCE_LANE_HEIGHT if self.reference is not None else 0)
        return QRectF(0, RULER_HEIGHT, self.width(), max(bottom - RULER_HEIGHT, 10))

    def _visible(self, order: list[int], starts: list[int], track: Track) -> list[int]:
        """Indexes of the cues that overlap the view (cues start-sorted; long cues handled)."""
        left, right = self.start_ms, self.start_ms + self.visible_ms
        last = bisect.bisect_right(starts, right)
        # Cues are short next to a view, so looking back a little is enough;
        # a cue longer than that still shows once its start is in range.
        first = bisect.bisect_left(starts, left - 60_000)
        return [order[i] for i in range(first, last) if track.cues[order[i]].end_ms >= left]

    def cue_at(self, x: float, y: float) -> tuple[int, DragPart] | None:
        """The cue of the current track under a point, and which part of it."""
        if self.track is None or not self._wave_rect().contains(QPointF(x, y)):
            return None
        hits = []
        for index in self._visible(self._order, self._starts, self.track):
            cue = self.track.cues[index]
            left, right = self.x_of(cue.start_ms), self.x_of(cue.end_ms)
            grab = min(EDGE_GRAB_PX, max((right - left) / 3, 2))
            if left - grab <= x <= right + grab:
                hits.append((index, left, right, grab))
        if not hits:
            return None
        # The selected cue wins where cues overlap, then the one starting last.
        hits.sort(key=lambda hit: (hit[0] == self.selected, hit[1]))
        index, left, right, grab = hits[-1]
        if abs(x - left) <= grab:
            return index, DragPart.START
        if abs(x - right) <= grab:
            return index, DragPart.END
        return index, DragPart.MOVE

    # --- dragging -----------------------------------------------------------------

    def _snap(self, ms: int) -> tuple[int, int | None]:
        """`ms` on a shot change within reach (with that change), or unchanged."""
        if not self.snap_enabled or not self.shot_changes:
            return ms, None
        cut = nearest_shot_change(ms, self.shot_changes, self.frame_rate, self.snap_frames)
        return (ms, None) if cut is None else (cut, cut)

    def _neighbour_limits(self, index: int) -> tuple[int, int | None]:
        """The end of the cue before and the start of the cue after, in time order."""
        assert self.track is not None
        position = self._order.index(index)
        earliest = self.track.cues[self._order[position - 1]].end_ms if position > 0 else 0
        latest = (self.track.cues[self._order[position + 1]].start_ms
                  if position + 1 < len(self._order) else None)
        return earliest, latest

    def _drag_to(self, drag: _Drag, x: float) -> None:
        delta = round((x - drag.press_x) * self.ms_per_px)
        shortest = max(1, round(frame_duration_ms(self.frame_rate)))
        earliest, latest = self._neighbour_limits(drag.index)
        start, end = drag.start_ms, drag.end_ms
        if drag.part is DragPart.START:
            start, _ = self._snap(drag.start_ms + delta)
            start = min(max(start, earliest), end - shortest)
        elif drag.part is DragPart.END:
            end, _ = self._snap(drag.end_ms + delta)
            end = max(end, start + shortest)
            if latest is not None:
                end = min(end, max(latest, start + shortest))
        else:
            length = drag.end_ms - drag.start_ms
            start, end = drag.start_ms + delta, drag.end_ms + delta
            snapped_start, cut_start = self._snap(start)
            snapped_end, cut_end = self._snap(end)
            # Whichever edge is nearer its cut decides; the cue keeps its length.
            if cut_start is not None and (cut_end is None
                                          or abs(snapped_start - start) <= abs(snapped_end - end)):
                start = snapped_start
            elif cut_end is not None:
                start = snapped_end - length
            start = max(start, earliest)
            if latest is not None and start + length > latest:
                start = max(latest - length, earliest)
            end = start + length
        drag.new_start_ms, drag.new_end_ms = start, end

    def _finish_drag(self, drag: _Drag) -> None:
        if self.track is None or (drag.new_start_ms, drag.new_end_ms) == (drag.start_ms,
                                                                           drag.end_ms):
            return
        try:
            edit = plan_set_times(self.track, drag.index, drag.new_start_ms, drag.new_end_ms)
        except ValueError as error:
            self.message.emit(str(error))
            return
        what = {DragPart.START: "Retime start of", DragPart.END: "Retime end of",
                DragPart.MOVE: "Move"}[drag.part]
        # The same edit, named after the gesture, as the undo menu shows it.
        self.edit_requested.emit(TrackEdit(f"{what} cue {drag.index + 1}", edit.steps))

    # --- events -------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        position = event.position()
        hit = self.cue_at(position.x(), position.y())
        if hit is None or self.track is None:
            self.seek_requested.emit(self.ms_at(position.x()))
            return
        index, part = hit
        cue = self.track.cues[index]
        if self.selected != index:
            self.selected = index
            self.cue_selected.emit(index)
        self._drag = _Drag(index, part, position.x(), cue.start_ms, cue.end_ms,
                           cue.start_ms, cue.end_ms)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        drag = self._drag
        if drag is None:
            marker = self.marker_near(position.x()) if position.y() < RULER_HEIGHT else None
            self.setToolTip(f"{format_timestamp(marker.ms)} {marker.label}" if marker else "")
            hit = self.cue_at(position.x(), position.y())
            if hit is None:
                self.unsetCursor()
            elif hit[1] is DragPart.MOVE:
                self.setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.setCursor(Qt.CursorShape.SizeHorCursor)
            return
        if not drag.active and abs(position.x() - drag.press_x) < DRAG_START_PX:
            return
        drag.active = True
        self._drag_to(drag, position.x())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and drag.active and event.button() == Qt.MouseButton.LeftButton:
            self._drag_to(drag, event.position().x())
            self._finish_drag(drag)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.cue_at(event.position().x(), event.position().y())
        if hit is not None and self.track is not None:
            self.seek_requested.emit(self.track.cues[hit[0]].start_ms)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        horizontal = delta.x() != 0 or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        steps = (delta.x() or delta.y()) / 120
        if horizontal:
            self.scroll_to(self.start_ms - steps * self.visible_ms * 0.1)
        elif steps:
            self.zoom(ZOOM_STEP ** -steps, event.position().x())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.update()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.show_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1000 if shift else round(frame_duration_ms(self.frame_rate))
            sign = -1 if key == Qt.Key.Key_Left else 1
            self.seek_requested.emit(max(0, self.playhead_ms + sign * step))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            sign = -1 if key == Qt.Key.Key_PageUp else 1
            self.scroll_to(self.start_ms + sign * self.visible_ms * 0.9)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view_changed.emit()

    def sizeHint(self) -> QSize:
        return QSize(900, 170)

    # --- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setFont(self._font)
        wave = self._wave_rect()
        self._paint_waveform(painter, wave)
        self._paint_shot_changes(painter, wave)
        self._paint_cues(painter, wave)
        if self.reference is not None:
            self._paint_reference(painter, QRectF(0, wave.bottom(), self.width(),
                                                  REFERENCE_LANE_HEIGHT))
        self._paint_ruler(painter)
        self._paint_markers(painter)
        self._paint_playhead(painter)
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(SELECTED_EDGE, 1, Qt.PenStyle.DotLine))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _paint_waveform(self, painter: QPainter, rect: QRectF) -> None:
        middle = rect.center().y()
        painter.setPen(QPen(CENTRE_LINE, 1))
        painter.drawLine(QLineF(0, middle, rect.width(), middle))
        if self.peaks is None:
            return
        columns = int(rect.width())
        lows, highs = self.peaks.columns(self.start_ms, self.ms_per_px, columns)
        scale = (rect.height() / 2 - 3) * self._wave_gain / FULL_SCALE
        # One vertical line per pixel column, drawn in one batch: a filled
        # polygon of noisy audio costs the raster engine several times more.
        lines = [QLineF(x + 0.5, middle - max(high, 0) * scale - 0.5,
                        x + 0.5, middle - min(low, 0) * scale + 0.5)
                 for x, (low, high) in enumerate(zip(lows, highs, strict=True)) if high > low]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(WAVE_FILL, 1))
        painter.drawLines(lines)

    def _paint_shot_changes(self, painter: QPainter, rect: QRectF) -> None:
        if not self.shot_changes:
            return
        left, right = self.start_ms, self.start_ms + self.visible_ms
        first = bisect.bisect_left(self.shot_changes, left)
        last = bisect.bisect_right(self.shot_changes, right)
        # Dashed as well as coloured, so a cut is not told by colour alone.
        xs = sorted({round(self.x_of(cut)) for cut in self.shot_changes[first:last]})
        pen = QPen(SHOT_CHANGE, 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLines([QLineF(x + 0.5, rect.top(), x + 0.5, rect.bottom()) for x in xs])
        if len(xs) * 8 > rect.width():
            return  # too dense for the notches to tell anything apart
        # A small "cut" notch under the ruler marks it where a cue covers the line.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SHOT_CHANGE)
        for x in xs:
            painter.drawPolygon(QPolygonF([QPointF(x - 3.5, rect.top()),
                                           QPointF(x + 4.5, rect.top()),
                                           QPointF(x + 0.5, rect.top() + 6)]))

    def _cue_times(self, index: int) -> tuple[int, int]:
        assert self.track is not None
        drag = self._drag
        if drag is not None and drag.active and drag.index == index:
            return drag.new_start_ms, drag.new_end_ms
        cue = self.track.cues[index]
        return cue.start_ms, cue.end_ms

    def _paint_cues(self, painter: QPainter, rect: QRectF) -> None:
        track = self.track
        if track is None:
            return
        visible = self._visible(self._order, self._starts, track)
        drag = self._drag
        if drag is not None and drag.active and drag.index not in visible:
            visible.append(drag.index)
        text_top = rect.top() + 4
        dense: list[tuple[int, int]] = []
        # Narrow boxes share one pen and brush: drawn in one batch after the loop,
        # which costs the raster engine far less than a call per cue.
        narrow: list[QRectF] = []
        for index in sorted(visible, key=lambda i: i == self.selected):
            start, end = self._cue_times(index)
            left, right = self.x_of(start), self.x_of(end)
            chosen = index == self.selected
            if right - left < NARROW_CUE_PX and not chosen:
                _add_span(dense, left, right)
                continue
            box = QRectF(left, rect.top() + 1, max(right - left, 1.0), rect.height() - 2)
            wide = right - left > 40
            if not wide and not chosen:
                narrow.append(box)
                if right - left > 24:
                    self._paint_cue_text(painter, index, start, end,
                                         QRectF(left + 5, text_top, right - left - 10,
                                                rect.height() - 8))
                continue
            painter.setPen(QPen(SELECTED_EDGE if chosen else CUE_EDGE, 2 if chosen else 1))
            painter.setBrush(SELECTED_FILL if chosen else CUE_FILL)
            # Rounded, antialiased corners only where they show: they cost.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, wide)
            if wide:
                painter.drawRoundedRect(box, 3, 3)
            else:
                painter.drawRect(box)
            if chosen:
                # Grab handles on both edges: the selection shows by shape too.
                painter.setBrush(SELECTED_EDGE)
                for x in (left, right):
                    painter.drawRect(QRectF(x - 2, rect.center().y() - 9, 4, 18))
            if right - left > 24:
                self._paint_cue_text(painter, index, start, end,
                                     QRectF(left + 5, text_top, right - left - 10,
                                            rect.height() - 8))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if narrow:
            # Outlines, and a solid strip along the top: blending a translucent fill
            # over hundreds of tall narrow boxes was most of a zoomed-out frame.
            edge = QPen(CUE_EDGE, 1)
            edge.setCosmetic(True)  # the raster engine's fast path for thin outlines
            painter.setPen(edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects([box.toRect() for box in narrow])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(CUE_EDGE)
            painter.drawRects([QRectF(box.left(), box.top(), box.width(), NARROW_STRIP_PX)
                               for box in narrow])
        _paint_spans(painter, dense, rect, CUE_FILL, CUE_EDGE)

    def _paint_cue_text(self, painter: QPainter, index: int, start: int, end: int,
                        box: QRectF) -> None:
        assert self.track is not None
        width = int(box.width())
        line_height = self._metrics.height()
        lines = visible_text(self.track.cues[index].text).split("\n")
        painter.setPen(CUE_TEXT)
        texts = [f"{index + 1}  {lines[0]}", *lines[1:]]
        room = max(1, int((box.height() - line_height) // line_height))
        for row, text in enumerate(texts[:room]):
            painter.drawText(QPointF(box.left(), box.top() + self._metrics.ascent()
                                     + row * line_height),
                             self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        duration = f"{(end - start) / 1000:.2f} s"
        if self._metrics.horizontalAdvance(duration) < width:
            painter.setPen(RULER_TEXT)
            painter.drawText(QPointF(box.left(), box.bottom() - self._metrics.descent()),
                             duration)

    def _paint_reference(self, painter: QPainter, rect: QRectF) -> None:
        track = self.reference
        assert track is not None
        painter.fillRect(rect, RULER_BACKGROUND)
        dense: list[tuple[int, int]] = []
        painter.setBrush(REFERENCE_FILL)
        painter.setPen(QPen(REFERENCE_EDGE, 1))
        for index in self._visible(self._reference_order, self._reference_starts, track):
            cue = track.cues[index]
            left, right = self.x_of(cue.start_ms), self.x_of(cue.end_ms)
            if right - left < NARROW_CUE_PX:
                _add_span(dense, left, right)
                continue
            box = QRectF(left, rect.top() + 3, max(right - left, 1.0), rect.height() - 6)
            painter.setPen(QPen(REFERENCE_EDGE, 1))
            painter.drawRect(box)
            if right - left > 24:
                painter.setPen(REFERENCE_TEXT)
                painter.drawText(box.adjusted(4, 0, -4, 0),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 self._metrics.elidedText(
                                     visible_text(cue.text).replace("\n", " / "),
                                     Qt.TextElideMode.ElideRight, int(right - left - 8)))
        _paint_spans(painter, dense, rect.adjusted(0, 2, 0, -2), REFERENCE_FILL, REFERENCE_EDGE)
        if self.reference_label:
            width = self._metrics.horizontalAdvance(self.reference_label) + 10
            tag = QRectF(self.width() - width - 4, rect.top() + 4, width, rect.height() - 8)
            painter.fillRect(tag, BACKGROUND)
            painter.setPen(RULER_TEXT)
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, self.reference_label)

    def _paint_ruler(self, painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, self.width(), RULER_HEIGHT), RULER_BACKGROUND)
        label_ms = self.ms_per_px * (self._metrics.horizontalAdvance("0:00:00.000") + 24)
        step = next((s for s in _TICK_STEPS_MS if s >= label_ms), _TICK_STEPS_MS[-1])
        minor = step / 5
        first = int(self.start_ms // minor)
        last = int((self.start_ms + self.visible_ms) // minor) + 1
        painter.setPen(QPen(RULER_TICK, 1))
        xs = [round(self.x_of(n * minor)) + 0.5 for n in range(first, last)]
        painter.drawLines([QLineF(x, RULER_HEIGHT - 5, x, RULER_HEIGHT) for x in xs])
        painter.setPen(RULER_TEXT)
        end = self.start_ms + self.visible_ms
        for n in range(int(self.start_ms // step), int(end // step) + 1):
            ms = n * step
            x = round(self.x_of(ms)) + 0.5
            painter.setPen(QPen(RULER_TICK, 1))
            painter.drawLine(QLineF(x, RULER_HEIGHT - 10, x, RULER_HEIGHT))
            painter.setPen(RULER_TEXT)
            painter.drawText(QPointF(x + 3, RULER_HEIGHT - 8), _ruler_label(ms, step))
        painter.setPen(QPen(RULER_TICK, 1))
        painter.drawLine(QLineF(0, RULER_HEIGHT - 0.5, self.width(), RULER_HEIGHT - 0.5))

    def _paint_markers(self, painter: QPainter) -> None:
        if not self.markers:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MARKER)
        for marker in self.markers:
            x = self.x_of(marker.ms)
            if -8 <= x <= self.width() + 8:
                # A flag shape, not just a colour: a review note at this time.
                painter.drawPolygon(QPolygonF([QPointF(x, 2), QPointF(x + 9, 6),
                                               QPointF(x, 10)]))
                painter.drawRect(QRectF(x - 0.75, 2, 1.5, RULER_HEIGHT - 2))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_playhead(self, painter: QPainter) -> None:
        x = round(self.x_of(self.playhead_ms)) + 0.5
        if not -6 <= x <= self.width() + 6:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(PLAYHEAD, 1.5))
        painter.drawLine(QLineF(x, 0, x, self.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PLAYHEAD)
        painter.drawPolygon(QPolygonF([QPointF(x - 6, 0), QPointF(x + 6, 0),
                                       QPointF(x, 8)]))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def marker_near(self, x: float) -> TimelineMarker | None:
        for marker in self.markers:
            if abs(self.x_of(marker.ms) - x) <= 5:
                return marker
        return None


def _add_span(spans: list[tuple[int, int]], left: float, right: float) -> None:
    """Add a pixel span, merged with the last one when they touch (spans come in time order)."""
    start, end = int(left), int(right) + 1
    if spans and start <= spans[-1][1]:
        spans[-1] = (spans[-1][0], max(spans[-1][1], end))
    else:
        spans.append((start, end))


def _paint_spans(painter: QPainter, spans: list[tuple[int, int]], rect: QRectF,
                 fill: QColor, edge: QColor) -> None:
    """Cues too narrow to draw one by one, as merged bands: at most one per pixel."""
    if not spans:
        return
    for start, end in spans:
        painter.fillRect(QRectF(start, rect.top() + 1, end - start, rect.height() - 2), fill)
    painter.setPen(QPen(edge, 1))
    painter.drawLines([QLineF(start, y, end, y) for start, end in spans
                       for y in (rect.top() + 1.5, rect.bottom() - 1.5)])
