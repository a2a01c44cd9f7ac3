"""A caption language reviewed segment by segment against its source language.

The target track is the one open in the cue editor. Editing a target segment
becomes an edit of that track through the cue editor (same undo history,
autosave and outbox); edits made in the cue editor come back into the
segments. Review statuses and error notes stay with the segments. Choosing
a segment shows its moment in the video.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.captions.model import Track
from app.segments.caption_pairs import pair_captions, plan_caption_edit, refresh_caption_segments
from app.segments.review import SegmentChange, SegmentList
from ui.caption_editor import CaptionEditor
from ui.segment_grid import SegmentGrid


class CaptionPairReview(QObject):
    """Binds the grid to the cue editor's target track. Signals: none."""

    def __init__(self, grid: SegmentGrid, editor: CaptionEditor, source: Track,
                 seek: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.editor = editor
        self.source = source
        self._seek = seek
        self._following_track = False  # the segments are being brought in step with the track
        self.segments = self._pair(None)
        grid.segmentActivated.connect(self._on_grid_segment_activated)
        editor.document_changed.connect(self._on_editor_document_changed)

    def _pair(self, previous: SegmentList | None) -> SegmentList:
        target = self.editor.track
        assert target is not None
        segments = pair_captions(self.source, target, previous)
        segments.add_listener(self._on_segments_changed)
        self.grid.set_segments(segments)
        return segments

    def _on_segments_changed(self, change: SegmentChange) -> None:
        if self._following_track:
            return
        source, target = self.source, self.editor.track
        if target is None:
            return
        try:
            edit = plan_caption_edit(source, target, change)
        except ValueError as error:
            self.editor.message.emit(str(error))
            return
        if not edit.is_empty():
            self.editor.request(edit)

    def _on_editor_document_changed(self) -> None:
        target = self.editor.track
        if target is None:
            return
        change = refresh_caption_segments(self.segments, self.source, target)
        if change is None:  # cues split, merged or retimed: pair again, keeping the review
            self.segments = self._pair(self.segments)
        elif not change.is_empty():
            self._following_track = True
            try:
                self.segments.apply(change)
            finally:
                self._following_track = False

    def _on_grid_segment_activated(self, segment_id: str) -> None:
        try:
            start = self.segments.get(segment_id).context.start_ms
        except KeyError:
            return
        if start is not None:
            self._seek(start)

    def close(self) -> None:
        self.grid.segmentActivated.disconnect(self._on_grid_segment_activated)
        self.editor.document_changed.disconnect(self._on_editor_document_changed)
