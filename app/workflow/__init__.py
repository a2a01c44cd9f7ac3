"""Review workflow rules: who may move a language or a job, and from which state.

Pure functions, no Qt and no network, so the buttons, the offline queue and
the tests all ask the same rules. They mirror the platform's (as the test
emulator implements them): a button is enabled exactly when the server would
accept the action, and the tooltip of a disabled one says why in plain words.
"""

from app.workflow.decision import Decision, Refusal, TransitionError, first_refusal
from app.workflow.job_actions import (
    JobAction,
    JobStatus,
    allowed_job_action,
    apply_job_action,
    available_job_actions,
)
from app.workflow.language_qc import (
    QcAction,
    QcState,
    allowed,
    apply,
    available_actions,
    decisions,
)
from app.workflow.roles import Role
from app.workflow.safety import can_approve, can_submit, decide

__all__ = [
    "Decision",
    "JobAction",
    "JobStatus",
    "QcAction",
    "QcState",
    "Refusal",
    "Role",
    "TransitionError",
    "allowed",
    "allowed_job_action",
    "apply",
    "apply_job_action",
    "available_actions",
    "available_job_actions",
    "can_approve",
    "can_submit",
    "decide",
    "decisions",
    "first_refusal",
]
