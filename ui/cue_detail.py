"""The detail pane: the selected cue's times, identifier, settings and text, editable.

A field's change becomes one domain edit when the field is committed (Enter
in a one-line field, Ctrl+Enter or leaving the text box), not per keystroke,
so undo steps are the size a person expects.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.captions.model import Cue, Track, TrackEdit
from app.captions.operations import (
    plan_set_identifier,
    plan_set_settings,
    plan_set_text,
    plan_set_times,
)
from app.captions.quality import visible_lines
from app.captions.timecode import format_timestamp, parse_time_input
from ui.spell_highlighter import SpellCheck


class CueDetail(QWidget):
    """Signals: edit_requested(TrackEdit); edit_refused(str) with the reason."""

    edit_requested = Signal(object)
    edit_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._track: Track | None = None
        self._row: int | None = None
        self.start = self._line("Start", "Start time: HH:MM:SS.mmm. Enter applies.")
        self.end = self._line("End", "End time: HH:MM:SS.mmm. Enter applies.")
        self.identifier = self._line("Identifier", "Optional cue identifier. Enter applies.")
        self.settings = self._line(
            "Cue settings", "WebVTT settings such as line:90% align:center. Enter applies.")
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Cue text")
        self.text.setAccessibleDescription(
            "The selected cue's text. Ctrl+Enter or leaving the box applies it.")
        self.text.setTabChangesFocus(True)
        self.text.installEventFilter(self)
        self.text.textChanged.connect(self._on_text_changed)
        # Spelling is off until the window gives a checker for the track's language.
        self.spell_check = SpellCheck(self.text)
        self.meter = QLabel(self)
        self.meter.setAccessibleName("Reading speed and line lengths")
        layout = QFormLayout(self)
        for label, field in (("&Start", self.start), ("&End", self.end),
                             ("I&D", self.identifier), ("Se&ttings", self.settings)):
            layout.addRow(label, field)
        layout.addRow("Te&xt", self.text)
        layout.addRow("", self.meter)
        for child in self.findChildren(QLabel):
            if child is not self.meter:
                child.setAccessibleName(child.text().replace("&", ""))
        self.setEnabled(False)

    def _line(self, name: str, description: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setAccessibleName(name)
        field.setAccessibleDescription(description)
        field.returnPressed.connect(self._commit_fields)
        field.editingFinished.connect(self._commit_fields)
        return field

    def show_cue(self, track: Track | None, row: int | None) -> None:
        """Show a cue (or nothing); typed but uncommitted text is committed first."""
        if self._track is not None and self._row is not None and self.text.hasFocus():
            self._commit_text()
        self._track, self._row = track, row
        cue = self._cue()
        self.setEnabled(cue is not None)
        for field, value in self._values(cue):
            field.blockSignals(True)
            field.setText(value)
            field.blockSignals(False)
        self.text.blockSignals(True)
        self.text.setPlainText(cue.text if cue else "")
        self.text.blockSignals(False)
        self._update_meter()

    def _values(self, cue: Cue | None) -> list[tuple[QLineEdit, str]]:
        if cue is None:
            return [(self.start, ""), (self.end, ""), (self.identifier, ""), (self.settings, "")]
        return [(self.start, format_timestamp(max(cue.start_ms, 0))),
                (self.end, format_timestamp(max(cue.end_ms, 0))),
                (self.identifier, cue.identifier), (self.settings, cue.settings.strip())]

    def _cue(self) -> Cue | None:
        if self._track is None or self._row is None or self._row >= len(self._track.cues):
            return None
        return self._track.cues[self._row]

    def _commit_fields(self) -> None:
        cue = self._cue()
        if cue is None or self._track is None or self._row is None:
            return
        try:
            start, end = parse_time_input(self.start.text()), parse_time_input(self.end.text())
            planners: list[Callable[[Track], TrackEdit]] = []
            if (start, end) != (cue.start_ms, cue.end_ms):
                row = self._row
                planners.append(lambda t: plan_set_times(t, row, start, end))
            if self.identifier.text().strip() != cue.identifier:
                ident, row = self.identifier.text().strip(), self._row
                planners.append(lambda t: plan_set_identifier(t, row, ident))
            if self.settings.text().strip() != cue.settings.strip():
                settings, row = self.settings.text().strip(), self._row
                planners.append(lambda t: plan_set_settings(t, row, settings))
            for plan in planners:
                self.edit_requested.emit(plan(self._track))
        except ValueError as error:
            self.edit_refused.emit(str(error))
            self.show_cue(self._track, self._row)

    def _commit_text(self) -> None:
        cue = self._cue()
        if cue is None or self._track is None or self._row is None:
            return
        if self.text.toPlainText() == cue.text:
            return
        try:
            self.edit_requested.emit(plan_set_text(self._track, self._row,
                                                   self.text.toPlainText()))
        except ValueError as error:
            self.edit_refused.emit(str(error))

    def _on_text_changed(self) -> None:
        self._update_meter()

    def _update_meter(self) -> None:
        cue = self._cue()
        if cue is None:
            self.meter.setText("")
            return
        lines = visible_lines(self.text.toPlainText())
        seconds = cue.duration_ms / 1000
        characters = sum(len(line) for line in lines)
        cps = f"{characters / seconds:.1f} CPS" if seconds > 0 else "no duration"
        lengths = " / ".join(str(len(line)) for line in lines) or "0"
        self.meter.setText(f"{cps} · characters per line: {lengths}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text:
            if event.type() == QEvent.Type.FocusOut:
                self._commit_text()
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier
                ):
                    self._commit_text()
                    return True
        return super().eventFilter(watched, event)
