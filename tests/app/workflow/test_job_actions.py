"""Job actions: the role × status matrix, reasons, apply and the bulk split."""

from __future__ import annotations

import pytest

from app.workflow import (
    JobAction,
    JobStatus,
    Refusal,
    Role,
    TransitionError,
    allowed_job_action,
    apply_job_action,
    available_job_actions,
)
from app.workflow.job_actions import check_retry_language, split_bulk

# Cells per status, in JobStatus order: Y allowed, S refused for the status.
# Roles not listed are refused every time (the seed's roles).
STATUSES = "ingest proc pend inqc final compl rejd fail canc block"
MATRIX = """
approve_source     .      .    Y    .    .     .     .    .    .    .
approve_english    .      .    Y    .    .     .     .    .    .    .
reject             .      .    Y    Y    .     .     .    .    .    .
complete           .      .    .    .    Y     .     .    .    .    .
reject_final       .      .    .    .    Y     .     .    .    .    .
return_to_qc       .      .    .    .    Y     .     .    .    .    .
blocked_on_source  Y      Y    Y    Y    .     .     .    .    .    .
promote_to_qc      .      Y    .    .    .     .     .    Y    .    Y
retry_tts          .      .    .    Y    Y     Y     .    Y    .    .
"""
ROLES = {
    "approve_source": {"reviewer", "production", "admin"},
    "approve_english": {"reviewer", "production", "admin"},
    "reject": {"reviewer", "production", "admin"},
    "complete": {"project_manager", "admin"},
    "reject_final": {"project_manager", "admin"},
    "return_to_qc": {"project_manager", "admin"},
    "blocked_on_source": {"production", "admin"},
    "promote_to_qc": {"production", "admin"},
    "retry_tts": {"production", "admin"},
}


def _matrix() -> dict[JobAction, list[str]]:
    rows = [line.split() for line in MATRIX.strip().splitlines()]
    return {JobAction(cells[0]): cells[1:] for cells in rows}


def test_matrix_is_complete() -> None:
    assert set(_matrix()) == set(JobAction)
    assert len(STATUSES.split()) == len(JobStatus)


@pytest.mark.parametrize("action", list(JobAction))
def test_every_role_and_status(action: JobAction) -> None:
    for role in Role:
        for status, cell in zip(JobStatus, _matrix()[action], strict=True):
            decision = allowed_job_action(action, status, role, source_language="en")
            if role.value not in ROLES[action.value]:
                assert decision.refusal is Refusal.ROLE, (role, status)
            elif cell == "Y":
                assert decision, (role, status)
            else:
                assert decision.refusal is Refusal.STATE, (role, status)


@pytest.mark.parametrize(
    ("action", "status", "role", "reason"),
    [
        ("complete", "in_qc", "project_manager",
         "Complete needs the job in final review; it is in QC"),
        ("complete", "final_review", "production",
         "Only a project manager or an admin can complete"),
        ("approve_source", "pending_qc", "linguist",
         "Only a reviewer, production or an admin can approve source"),
        ("reject", "complete", "reviewer",
         "Reject needs the job waiting for QC or in QC; it is complete"),
        ("promote_to_qc", "in_qc", "admin",
         "Promote to QC needs the job processing, failed or blocked on its source; it is in QC"),
    ],
)
def test_reasons(action: str, status: str, role: str, reason: str) -> None:
    decision = allowed_job_action(action, status, role)
    assert not decision
    assert decision.reason == reason


def test_approve_english_needs_an_english_source_when_known() -> None:
    assert allowed_job_action("approve_english", "pending_qc", "reviewer", source_language="en")
    assert allowed_job_action("approve_english", "pending_qc", "reviewer")
    decision = allowed_job_action("approve_english", "pending_qc", "reviewer", source_language="fr")
    assert decision.refusal is Refusal.STATE
    assert decision.reason == (
        "Approve English needs a job with an English source; its source is 'fr'"
    )


def test_apply_job_action() -> None:
    assert apply_job_action("approve_source", "pending_qc") is JobStatus.IN_QC
    assert apply_job_action("return_to_qc", "final_review") is JobStatus.IN_QC
    assert apply_job_action("retry_tts", "complete") is JobStatus.COMPLETE
    assert apply_job_action("promote_to_qc", "failed") is JobStatus.PENDING_QC
    with pytest.raises(TransitionError, match="it is cancelled"):
        apply_job_action("complete", "cancelled")


def test_available_job_actions() -> None:
    assert available_job_actions("final_review", "project_manager") == [
        JobAction.COMPLETE, JobAction.REJECT_FINAL, JobAction.RETURN_TO_QC,
    ]
    assert available_job_actions("in_qc", "production") == [
        JobAction.REJECT, JobAction.BLOCKED_ON_SOURCE, JobAction.RETRY_TTS,
    ]
    assert available_job_actions("pending_qc", "reviewer", source_language="de") == [
        JobAction.APPROVE_SOURCE, JobAction.REJECT,
    ]
    assert available_job_actions("in_qc", "client") == []
    assert available_job_actions("in_qc", "linguist") == []


def test_retry_tts_names_one_of_the_jobs_languages() -> None:
    assert check_retry_language("fr", ["fr", "de"])
    assert check_retry_language(None, ["fr"]).refusal is Refusal.INPUT
    assert check_retry_language("es", ["fr"]).reason == "'es' is not a language of this job"


def test_split_bulk() -> None:
    jobs = {"j1": "final_review", "j2": "in_qc", "j3": "final_review"}
    eligible, refused = split_bulk("return_to_qc", "project_manager", jobs)
    assert eligible == ["j1", "j3"]
    assert list(refused) == ["j2"]
    assert refused["j2"].reason == "Return to QC needs the job in final review; it is in QC"
    eligible, refused = split_bulk("approve_source", "linguist", [("j1", "pending_qc")])
    assert eligible == []
    assert refused["j1"].refusal is Refusal.ROLE
