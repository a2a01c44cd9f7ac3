"""The review panel of the open language: its state, its people, and the steps the person may take.

Every button asks `LanguageWork.decide` on each refresh, so it is enabled
exactly when the step is allowed, and a disabled button's tooltip (and
accessible description) says why. A step is queued in the outbox and shows at
once; the panel says when the state shown has not reached the server yet, and
shows the server's reason when it refused a step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.language_work import LanguageNotFound, LanguageView, LanguageWork, Person
from app.storage import Database
from app.workflow import Decision, QcAction
from app.workflow.language_qc import RULES, state_words

STEP_BUTTONS = (
    QcAction.START_WORK,
    QcAction.SUBMIT,
    QcAction.OPEN_REVIEW,
    QcAction.APPROVE,
    QcAction.REJECT,
    QcAction.REOPEN,
)
_WHAT_IT_DOES = {
    QcAction.START_WORK: "Start working on this language (you are its linguist).",
    QcAction.SUBMIT: "Send the language for review; pending track changes upload first.",
    QcAction.OPEN_REVIEW: "Start reviewing this language; it becomes yours to review.",
    QcAction.APPROVE: "Approve the language; pending track changes upload first.",
    QcAction.REJECT: "Send the language back to the linguist, with a reason.",
    QcAction.REOPEN: "Take a rejected language back into work.",
}

PersonSource = Callable[[], Person | None]


class LanguagePanel(QWidget):
    """Signals: message(str) for the status bar; work_queued() after any step is queued."""

    message = Signal(str)
    work_queued = Signal()

    def __init__(self, database: Database, person: PersonSource,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._person = person
        self._job_id: str | None = None
        self._language: str | None = None
        self._cue_count = 0
        self._error_findings = 0
        self._view: LanguageView | None = None
        self.setAccessibleName("Language review")

        self.heading = QLabel("No job language open", self)
        self.heading.setAccessibleName("Open language")
        self.heading.setStyleSheet("QLabel { font-weight: 600; }")
        self.state_label = QLabel("", self)
        self.state_label.setAccessibleName("Review state")
        self.state_label.setWordWrap(True)
        self.people_label = QLabel("", self)
        self.people_label.setAccessibleName("Linguist and reviewer")
        self.people_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Cues reviewed")
        self.progress.setFormat("%v of %m cues reviewed")
        self.progress.setTextVisible(True)

        self.refusal_label = QLabel("", self)
        self.refusal_label.setAccessibleName("Step refused by the server")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(
            "QLabel { background: #fde2e1; color: #1a1a1a; padding: 6px; }")
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss the refused step")
        self.dismiss_button.setToolTip(
            "Clear the refused step from the outbox so later work can go; "
            "the language stays as the server has it.")
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        refusal_row = QHBoxLayout()
        refusal_row.addWidget(self.refusal_label, 1)
        refusal_row.addWidget(self.dismiss_button)

        self.buttons: dict[QcAction, QPushButton] = {}
        grid = QGridLayout()
        for position, action in enumerate(STEP_BUTTONS):
            label = RULES[action].label + ("…" if action is QcAction.REJECT else "")
            button = QPushButton(label, self)
            button.setAccessibleName(RULES[action].label)
            button.clicked.connect(lambda _=False, a=action: self.take(a))
            self.buttons[action] = button
            grid.addWidget(button, position // 2, position % 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state_label)
        layout.addWidget(self.people_label)
        layout.addWidget(self.progress)
        layout.addLayout(refusal_row)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    # --- what is shown ------------------------------------------------------------------

    @property
    def view(self) -> LanguageView | None:
        return self._view

    def work(self) -> LanguageWork | None:
        person = self._person()
        return None if person is None else LanguageWork(self._database, person)

    def show_language(self, job_id: str | None, language: str | None, cue_count: int = 0) -> None:
        self._job_id, self._language, self._cue_count = job_id, language, cue_count
        self.refresh()

    def set_cue_count(self, count: int) -> None:
        self._cue_count = count
        self.refresh()

    def set_error_findings(self, count: int) -> None:
        if count != self._error_findings:
            self._error_findings = count
            self.refresh()

    def reviewed_cues(self) -> frozenset[int]:
        return frozenset() if self._view is None else self._view.reviewed_cues

    def refresh(self) -> None:
        self._view = self._read_view()
        view = self._view
        if view is None:
            self._show_nothing()
            return
        waiting = " — waiting to reach the server" if view.is_waiting else ""
        self.heading.setText(f"Language {view.code} · job {view.job_id}")
        self.state_label.setText(f"State: {state_words(view.state)}{waiting}")
        self.people_label.setText(
            f"Linguist: {view.linguist_name or 'nobody yet'} · "
            f"Reviewer: {view.reviewer_name or 'nobody yet'}")
        self.progress.setMaximum(max(self._cue_count, 1))
        self.progress.setValue(min(len(view.reviewed_cues), max(self._cue_count, 1)))
        self.progress.setVisible(self._cue_count > 0)
        self._show_refusal(view)
        work = self.work()
        for action, button in self.buttons.items():
            if work is None:
                self._set_button(button, action, None)
            else:
                self._set_button(button, action, work.decide(
                    view, action, error_findings=self._error_findings))

    def _read_view(self) -> LanguageView | None:
        if self._job_id is None or self._language is None:
            return None
        work = self.work() or LanguageWork(self._database, Person("", ""))
        try:
            return work.view(self._job_id, self._language)
        except LanguageNotFound:
            return None

    def _show_nothing(self) -> None:
        self.heading.setText("No job language open")
        self.state_label.setText(
            "Open a track of a job to see its review state." if self._job_id is None
            else "This language has no review state yet; sync to fetch it.")
        self.people_label.setText("")
        self.progress.hide()
        self.refusal_label.hide()
        self.dismiss_button.hide()
        for action, button in self.buttons.items():
            button.setEnabled(False)
            self._describe(button, action, "Open a job's track first")

    def _show_refusal(self, view: LanguageView) -> None:
        if not view.refused:
            self.refusal_label.hide()
            self.dismiss_button.hide()
            return
        refused = view.refused[0]
        self.refusal_label.setText(
            f"The server refused “{refused.action.replace('-', ' ')}”: {refused.reason}. "
            f"The language shows the server's state again.")
        self.refusal_label.show()
        self.dismiss_button.show()

    def _set_button(self, button: QPushButton, action: QcAction,
                    decision: Decision | None) -> None:
        if decision is None:
            button.setEnabled(False)
            self._describe(button, action, "Sign in once to take review steps")
            return
        button.setEnabled(decision.allowed)
        why = decision.reason if not decision.allowed else decision.note
        self._describe(button, action, why)

    @staticmethod
    def _describe(button: QPushButton, action: QcAction, why: str) -> None:
        text = _WHAT_IT_DOES[action] + (f"\n{why}" if why else "")
        button.setToolTip(text)
        button.setAccessibleDescription(text)

    # --- taking steps -------------------------------------------------------------------

    def take(self, action: QcAction) -> None:
        """Take a step, asking for a reason or a confirmation where it needs one."""
        work = self._work_on_a_language("take review steps")
        if work is None or self._job_id is None or self._language is None:
            return
        reason: str | None = None
        if action is QcAction.REJECT:
            reason, ok = QInputDialog.getMultiLineText(
                self, "Reject language", "Why is it rejected? The linguist will read this:")
            if not ok:
                return
        decision = work.take(self._job_id, self._language, action, reason=reason,
                             error_findings=self._error_findings)
        if decision.allowed and decision.needs_confirmation:
            answer = QMessageBox.question(
                self, RULES[action].label, f"{decision.reason}\n\nThe QC findings panel "
                "lists them.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
            decision = work.take(self._job_id, self._language, action, reason=reason,
                                 error_findings=self._error_findings, confirmed=True)
        self._after(decision, f"{RULES[action].label}: queued")

    def mark_cue_reviewed(self, row: int, reviewed: bool | None = None) -> None:
        """Mark (or, when already marked and `reviewed` is None, unmark) one cue."""
        work = self._work_on_a_language("mark cues reviewed")
        if work is None or self._job_id is None or self._language is None:
            return
        wanted = (row not in self.reviewed_cues()) if reviewed is None else reviewed
        decision = work.mark_cue_reviewed(self._job_id, self._language, row, wanted)
        word = "reviewed" if wanted else "not reviewed"
        self._after(decision, f"Cue {row + 1} marked {word}")

    def comment(self, body: str, *, cue_index: int | None = None,
                timestamp_ms: int | None = None) -> bool:
        work = self._work_on_a_language("comment")
        if work is None or self._job_id is None or self._language is None:
            return False
        decision = work.comment(self._job_id, self._language, body, cue_index=cue_index,
                                timestamp_ms=timestamp_ms)
        self._after(decision, "Comment queued")
        return decision.allowed

    def _work_on_a_language(self, what: str) -> LanguageWork | None:
        """The person's work on the shown language, or None (and why, on the status bar)."""
        work = self.work()
        if work is None:
            self.message.emit(f"Sign in once to {what}.")
            return None
        self.refresh()
        if self._view is None:
            self.message.emit(f"To {what}, open a track of a language under review "
                              "(the source language has no review of its own).")
            return None
        return work

    def _after(self, decision: Decision, done: str) -> None:
        if not decision.allowed:
            self.message.emit(decision.reason)
            return
        self.message.emit(done + (f" — {decision.note}" if decision.note else ""))
        self.refresh()
        self.work_queued.emit()

    def _on_dismiss_clicked(self) -> None:
        work = self.work()
        if work is None or self._view is None or not self._view.refused:
            return
        work.dismiss_refusal(self._view.refused[0].item_id)
        self.refresh()
        self.work_queued.emit()

