"""The QC board's job action buttons: complete, reject, return to QC, promote, retry TTS, ...

One button per action, enabled exactly when `app.workflow` allows it for the
signed-in role and the chosen job's status; a disabled button's tooltip and
accessible description say why. Actions that need a reason ask for it in a
small dialog first, Retry TTS asks for the language; cancelling sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.workflow import JobAction, Role
from app.workflow.job_actions import RULES, allowed_job_action
from sync.shapes import JobSummary
from ui import qc_dialogs
from ui.qc_people import not_yet, set_gate

# The job actions on the board, in button order.
BOARD_ACTIONS: tuple[JobAction, ...] = (
    JobAction.APPROVE_SOURCE,
    JobAction.REJECT,
    JobAction.COMPLETE,
    JobAction.REJECT_FINAL,
    JobAction.RETURN_TO_QC,
    JobAction.PROMOTE_TO_QC,
    JobAction.BLOCKED_ON_SOURCE,
    JobAction.RETRY_TTS,
)

# What an enabled button does, for its tooltip.
ACTION_HELP: dict[JobAction, str] = {
    JobAction.APPROVE_SOURCE: "Approve the source-language track; the job goes into QC",
    JobAction.REJECT: "Reject the job and return it to its creator",
    JobAction.COMPLETE: "Mark the job fully complete",
    JobAction.REJECT_FINAL: "Reject the job at final review",
    JobAction.RETURN_TO_QC: "Send the job back from final review to QC",
    JobAction.PROMOTE_TO_QC: "Move the job on to waiting for QC by hand",
    JobAction.BLOCKED_ON_SOURCE: "Flag a problem with the source video",
    JobAction.RETRY_TTS: "Generate the audio description voice again for one language",
}

# The actions the board asks a reason for first: the question on the dialog.
REASON_PROMPTS: dict[JobAction, str] = {
    JobAction.REJECT: "Why is this job rejected? The creator reads this.",
    JobAction.REJECT_FINAL: "Why is this job rejected at final review?",
    JobAction.RETURN_TO_QC: "What must QC look at again?",
    JobAction.BLOCKED_ON_SOURCE: "What is wrong with the source video?",
}

AskReason = Callable[[QWidget | None, str, str], str | None]
AskLanguage = Callable[[QWidget | None, str, str, Sequence[str]], str | None]


class JobActionBar(QWidget):
    """Signals:
    jobActionRequested(job_id, action, reason) — reason "" when none was asked;
    retryTtsRequested(job_id, language).
    """

    jobActionRequested = Signal(str, str, str)
    retryTtsRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role: Role | str = ""
        self._job: JobSummary | None = None
        # Replaceable, so tests (and a future non-modal flow) can answer for the person.
        self.ask_reason: AskReason = qc_dialogs.ask_reason
        self.ask_language: AskLanguage = qc_dialogs.ask_language
        self.buttons: dict[JobAction, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Job actions:", self))
        for action in BOARD_ACTIONS:
            label = RULES[action].label
            asks = action in REASON_PROMPTS or action is JobAction.RETRY_TTS
            button = QPushButton(label + ("…" if asks else ""), self)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, a=action: self._request(a))
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        self._refresh()

    def set_role(self, role: Role | str) -> None:
        self._role = role
        self._refresh()

    def set_job(self, job: JobSummary | None) -> None:
        """The chosen job as listed now (its status decides the buttons)."""
        self._job = job
        self._refresh()

    def _refresh(self) -> None:
        job = self._job
        for action, button in self.buttons.items():
            if job is None:
                decision = not_yet("Choose a job first")
            else:
                decision = allowed_job_action(action, job.status, self._role,
                                              source_language=job.source_language or None)
            set_gate(button, decision, ACTION_HELP[action])

    def _request(self, action: JobAction) -> None:
        job = self._job
        if job is None or not self.buttons[action].isEnabled():
            return
        label = RULES[action].label
        if action is JobAction.RETRY_TTS:
            targets = [c for c in job.languages if c != job.source_language] or list(job.languages)
            language = self.ask_language(self, label, "Retry TTS for which language?", targets)
            if language:
                self.retryTtsRequested.emit(job.id, language)
            return
        reason = ""
        if action in REASON_PROMPTS:
            answer = self.ask_reason(self, label, REASON_PROMPTS[action])
            if answer is None or not answer.strip():
                return
            reason = answer.strip()
        self.jobActionRequested.emit(job.id, action.value, reason)
