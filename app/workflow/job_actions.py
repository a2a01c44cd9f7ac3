"""Job actions (`/jobs/{id}/actions/{action}`): who may take them, from which status.

The roles are the seed's ("Job State Transitions"). Which statuses each action
leaves from, and where it leads, the platform leaves unsaid (platform-api.md
marks the statuses as assumed); this table follows the test emulator
(tests/platform/routes_job_actions.py), which a test compares against. As
there, the role is judged before the status.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.workflow.decision import Decision, Refusal, TransitionError
from app.workflow.roles import Role, describe, parse_role


class JobStatus(StrEnum):
    INGESTING = "ingesting"
    PROCESSING = "processing"
    PENDING_QC = "pending_qc"
    IN_QC = "in_qc"
    FINAL_REVIEW = "final_review"
    COMPLETE = "complete"
    REJECTED = "rejected"
    FAILED = "failed"
    CANCELLED = "cancelled"
    BLOCKED_ON_SOURCE = "blocked_on_source"


class JobAction(StrEnum):
    APPROVE_SOURCE = "approve_source"
    APPROVE_ENGLISH = "approve_english"
    REJECT = "reject"
    COMPLETE = "complete"
    REJECT_FINAL = "reject_final"
    RETURN_TO_QC = "return_to_qc"
    BLOCKED_ON_SOURCE = "blocked_on_source"
    PROMOTE_TO_QC = "promote_to_qc"
    RETRY_TTS = "retry_tts"


_STATUS_WORDS: dict[str, str] = {
    JobStatus.INGESTING: "ingesting",
    JobStatus.PROCESSING: "processing",
    JobStatus.PENDING_QC: "waiting for QC",
    JobStatus.IN_QC: "in QC",
    JobStatus.FINAL_REVIEW: "in final review",
    JobStatus.COMPLETE: "complete",
    JobStatus.REJECTED: "rejected",
    JobStatus.FAILED: "failed",
    JobStatus.CANCELLED: "cancelled",
    JobStatus.BLOCKED_ON_SOURCE: "blocked on its source",
}

_QC_ROLES = frozenset({Role.REVIEWER, Role.PRODUCTION, Role.ADMIN})
_FINAL_ROLES = frozenset({Role.PROJECT_MANAGER, Role.ADMIN})
_PRODUCTION_ROLES = frozenset({Role.PRODUCTION, Role.ADMIN})


@dataclass(frozen=True)
class JobRule:
    label: str
    roles: frozenset[Role]
    sources: frozenset[JobStatus]
    target: JobStatus | None  # None: the status stays (retry_tts re-runs a step)
    needs_language: bool = False  # retry_tts names the language to re-voice


RULES: dict[JobAction, JobRule] = {
    JobAction.APPROVE_SOURCE: JobRule(
        "Approve source", _QC_ROLES, frozenset({JobStatus.PENDING_QC}), JobStatus.IN_QC
    ),
    JobAction.APPROVE_ENGLISH: JobRule(
        "Approve English", _QC_ROLES, frozenset({JobStatus.PENDING_QC}), JobStatus.IN_QC
    ),
    JobAction.REJECT: JobRule(
        "Reject", _QC_ROLES, frozenset({JobStatus.PENDING_QC, JobStatus.IN_QC}), JobStatus.REJECTED
    ),
    JobAction.COMPLETE: JobRule(
        "Complete", _FINAL_ROLES, frozenset({JobStatus.FINAL_REVIEW}), JobStatus.COMPLETE
    ),
    JobAction.REJECT_FINAL: JobRule(
        "Reject at final review", _FINAL_ROLES, frozenset({JobStatus.FINAL_REVIEW}),
        JobStatus.REJECTED,
    ),
    JobAction.RETURN_TO_QC: JobRule(
        "Return to QC", _FINAL_ROLES, frozenset({JobStatus.FINAL_REVIEW}), JobStatus.IN_QC
    ),
    JobAction.BLOCKED_ON_SOURCE: JobRule(
        "Flag source problem",
        _PRODUCTION_ROLES,
        frozenset(
            {JobStatus.INGESTING, JobStatus.PROCESSING, JobStatus.PENDING_QC, JobStatus.IN_QC}
        ),
        JobStatus.BLOCKED_ON_SOURCE,
    ),
    JobAction.PROMOTE_TO_QC: JobRule(
        "Promote to QC",
        _PRODUCTION_ROLES,
        frozenset({JobStatus.PROCESSING, JobStatus.BLOCKED_ON_SOURCE, JobStatus.FAILED}),
        JobStatus.PENDING_QC,
    ),
    JobAction.RETRY_TTS: JobRule(
        "Retry TTS",
        _PRODUCTION_ROLES,
        frozenset(
            {JobStatus.IN_QC, JobStatus.FINAL_REVIEW, JobStatus.COMPLETE, JobStatus.FAILED}
        ),
        None,
        needs_language=True,
    ),
}

# The two bulk routes and the single action each runs per job.
BULK_ACTIONS: dict[str, JobAction] = {
    "approve": JobAction.APPROVE_SOURCE,
    "return-to-qc": JobAction.RETURN_TO_QC,
}


def status_words(status: str) -> str:
    """'in final review' for final_review; an unknown status is shown as it came."""
    return _STATUS_WORDS.get(status, status.replace("_", " "))


def _either(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _check_status(action: JobAction, status: str) -> Decision:
    rule = RULES[action]
    if status in rule.sources:
        return Decision.yes()
    wanted = _either([status_words(s) for s in JobStatus if s in rule.sources])
    return Decision.no(
        f"{rule.label} needs the job {wanted}; it is {status_words(status)}", Refusal.STATE
    )


def allowed_job_action(
    action: JobAction | str,
    status: JobStatus | str,
    role: Role | str,
    *,
    source_language: str | None = None,
) -> Decision:
    """May someone with `role` take `action` on a job in `status` now?

    `source_language`, when known, lets "Approve English" be refused for a job
    whose source is not English (the server's 409); when unknown (an old
    offline copy) the server decides.
    """
    job_action = JobAction(action)
    rule = RULES[job_action]
    if parse_role(role) not in rule.roles:
        return Decision.no(
            f"Only {describe(rule.roles)} can {rule.label[0].lower()}{rule.label[1:]}",
            Refusal.ROLE,
        )
    decision = _check_status(job_action, str(status))
    if not decision.allowed:
        return decision
    if (
        job_action is JobAction.APPROVE_ENGLISH
        and source_language is not None
        and source_language != "en"
    ):
        return Decision.no(
            f"Approve English needs a job with an English source; its source is "
            f"'{source_language}'",
            Refusal.STATE,
        )
    return decision


def check_retry_language(language: str | None, job_languages: Collection[str]) -> Decision:
    """Retry TTS re-voices one language, which must be one of the job's."""
    if not language:
        return Decision.no("Choose the language to retry TTS for", Refusal.INPUT)
    if language not in job_languages:
        return Decision.no(f"'{language}' is not a language of this job", Refusal.INPUT)
    return Decision.yes()


def apply_job_action(action: JobAction | str, status: JobStatus | str) -> JobStatus:
    """The job's status after `action`, for the local update; raises TransitionError if refused."""
    job_action = JobAction(action)
    decision = _check_status(job_action, str(status))
    if not decision.allowed:
        raise TransitionError(decision)
    return RULES[job_action].target or JobStatus(status)


def available_job_actions(
    status: JobStatus | str, role: Role | str, *, source_language: str | None = None
) -> list[JobAction]:
    """The job actions the person may take now, in button order."""
    return [
        action
        for action in JobAction
        if allowed_job_action(action, status, role, source_language=source_language)
    ]


def split_bulk(
    action: JobAction | str,
    role: Role | str,
    statuses: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[list[str], dict[str, Decision]]:
    """For a bulk action over {job id: status}: the ids to send, and why the rest are left.

    The server answers per job, so sending all would also work; splitting
    first lets the board say up front which jobs will not move.
    """
    pairs = statuses.items() if isinstance(statuses, Mapping) else statuses
    eligible: list[str] = []
    refused: dict[str, Decision] = {}
    for job_id, status in pairs:
        decision = allowed_job_action(action, status, role)
        if decision.allowed:
            eligible.append(job_id)
        else:
            refused[job_id] = decision
    return eligible, refused
