"""A person's review work on one language: what they see and what they may do, offline too.

The local database keeps the server's view of a language (`JobStore`) apart
from the person's own unsent work (the outbox). What the window shows is the
server's view with that work replayed on top, so:

* a step taken offline shows at once (submit → "submitted") and survives a
  pull that brings the server's older view;
* when the server refuses a step for good (403, 409), the outbox item is
  failed, it is no longer replayed, and the language shows the server's state
  again by itself: the rollback cannot be forgotten or done twice. The item
  stays in the outbox with the server's reason, which the window shows;
* the buttons ask the workflow rules (`app.workflow`) with the state the
  person sees, and with the submit-safety facts (conflicts, error findings,
  pending track uploads) read from the same database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.storage import (
    CommentStore,
    Database,
    JobStore,
    Outbox,
    OutboxItem,
    TrackStore,
)
from app.storage.states import OutboxKind, OutboxState, TrackState
from app.workflow import Decision, QcAction, QcState, Refusal, Role, decide
from app.workflow.language_qc import TransitionError, check_reject_reason
from app.workflow.language_qc import apply as apply_step

# Outbox targets are the platform's route names (`start-work`); actions are the enum's.
_STEP_OF_ACTION = {action: action.path for action in QcAction}
_ACTION_OF_STEP = {step: action for action, step in _STEP_OF_ACTION.items()}
_UNSENT = (OutboxState.PENDING, OutboxState.IN_FLIGHT)


@dataclass(frozen=True, slots=True)
class Person:
    """The signed-in person as the workflow rules need them."""

    id: str
    role: Role | str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Refused:
    """A step the server refused for good: it no longer counts, and this says why."""

    item_id: int
    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class LanguageView:
    """One language as the person sees it: the server's view plus their unsent work."""

    job_id: str
    code: str
    state: str
    server_state: str
    linguist_id: str | None
    linguist_name: str
    reviewer_id: str | None
    reviewer_name: str
    reviewed_cues: frozenset[int]
    unsent_steps: tuple[str, ...]
    refused: tuple[Refused, ...]
    pending_track_uploads: int
    has_conflict: bool

    @property
    def is_waiting(self) -> bool:
        """True when the state shown has not reached the server yet."""
        return bool(self.unsent_steps)


class LanguageNotFound(LookupError):
    """The job or language is not in the local database (not pulled yet)."""


def _person_fields(value: Mapping[str, Any] | None) -> tuple[str | None, str]:
    if not isinstance(value, Mapping) or value.get("id") is None:
        return None, ""
    return str(value["id"]), str(value.get("name") or value.get("email") or value["id"])


def _replay(
    state: str, reviewed: set[int], items: Iterable[OutboxItem]
) -> tuple[str, frozenset[int], tuple[str, ...], tuple[Refused, ...]]:
    unsent: list[str] = []
    refused: list[Refused] = []
    for item in items:
        if item.kind != OutboxKind.ACTION:
            continue
        if item.state == OutboxState.FAILED:
            refused.append(Refused(item.id, item.target, item.last_error or "refused"))
            continue
        payload = item.payload if isinstance(item.payload, Mapping) else {}
        if item.target == QcAction.MARK_CUE_REVIEWED.path:
            index = int(payload.get("cue_index", -1))
            if payload.get("reviewed", True):
                reviewed.add(index)
            else:
                reviewed.discard(index)
            continue
        action = _ACTION_OF_STEP.get(item.target)
        if action is None:
            continue
        unsent.append(item.target)
        try:
            state = apply_step(action, state)
        except TransitionError:
            # The server moved on since this was queued; the server will judge it.
            continue
    return state, frozenset(reviewed), tuple(unsent), tuple(refused)


class LanguageWork:
    """Reads what a person sees of a language and queues the steps they take."""

    def __init__(self, database: Database, person: Person) -> None:
        self._database = database
        self._jobs = JobStore(database)
        self._outbox = Outbox(database)
        self._tracks = TrackStore(database)
        self._comments = CommentStore(database)
        self.person = person

    # --- reading -------------------------------------------------------------------

    def view(self, job_id: str, language: str) -> LanguageView:
        job = self._jobs.get_job(job_id)
        stored = None if job is None else job.language(language)
        if stored is None:
            raise LanguageNotFound(f"Language {language} of job {job_id} is not stored here")
        lane = self._outbox.lane(job_id, language)
        state, reviewed, unsent, refused = _replay(
            stored.qc_state, set(stored.reviewed_cues), lane
        )
        linguist_id, linguist_name = _person_fields(stored.linguist)
        reviewer_id, reviewer_name = _person_fields(stored.reviewer)
        # Only the states: this runs on every refresh of the panel, after every edit.
        states = self._tracks.track_states(job_id, language)
        uploads = sum(
            1
            for item in lane
            if item.kind == OutboxKind.TRACK_UPLOAD and item.state in _UNSENT
        )
        return LanguageView(
            job_id=job_id,
            code=language,
            state=state,
            server_state=stored.qc_state,
            linguist_id=linguist_id,
            linguist_name=linguist_name,
            reviewer_id=reviewer_id,
            reviewer_name=reviewer_name,
            reviewed_cues=reviewed,
            unsent_steps=unsent,
            refused=refused,
            pending_track_uploads=uploads,
            has_conflict=TrackState.CONFLICT in states.values(),
        )

    def decide(
        self, view: LanguageView, action: QcAction | str, *, error_findings: int = 0
    ) -> Decision:
        """May the person take `action` now, and if so, is there a question or a note?"""
        # Offline, the language may show a claim the server has not seen yet
        # (open review claims it): the rules judge what the person sees.
        reviewer = view.reviewer_id
        claimed = QcAction.OPEN_REVIEW.path in view.unsent_steps
        if view.state == QcState.IN_REVIEW and reviewer is None and claimed:
            reviewer = self.person.id
        return decide(
            action,
            view.state,
            self.person.role,
            me=self.person.id,
            linguist=view.linguist_id,
            reviewer=reviewer,
            has_unresolved_conflict=view.has_conflict,
            error_findings_count=error_findings,
            pending_track_uploads=view.pending_track_uploads,
        )

    # --- acting ----------------------------------------------------------------------

    def take(
        self,
        job_id: str,
        language: str,
        action: QcAction | str,
        *,
        reason: str | None = None,
        error_findings: int = 0,
        confirmed: bool = False,
    ) -> Decision:
        """Queue a language step if the rules allow it; the refusal otherwise.

        A step that needs confirmation is queued only with `confirmed=True`.
        It queues behind the language's pending track uploads, so the server
        judges the text the person saw.
        """
        qc_action = QcAction(action)
        view = self.view(job_id, language)
        decision = self.decide(view, qc_action, error_findings=error_findings)
        if decision.allowed and qc_action is QcAction.REJECT:
            decision = check_reject_reason(reason)
        if not decision.allowed:
            return decision
        if decision.needs_confirmation and not confirmed:
            return decision
        payload: dict[str, Any] = {}
        if qc_action is QcAction.REJECT:
            payload["reason"] = (reason or "").strip()
        self._outbox.enqueue_action(job_id, language, qc_action.path, payload)
        return decision

    def mark_cue_reviewed(
        self, job_id: str, language: str, cue_index: int, reviewed: bool = True
    ) -> Decision:
        view = self.view(job_id, language)
        decision = self.decide(view, QcAction.MARK_CUE_REVIEWED)
        if not decision.allowed:
            return decision
        if (cue_index in view.reviewed_cues) == reviewed:
            return Decision.yes()  # already so: queue nothing
        self._outbox.enqueue_action(
            job_id,
            language,
            QcAction.MARK_CUE_REVIEWED.path,
            {"cue_index": cue_index, "reviewed": reviewed},
        )
        return decision

    def comment(
        self,
        job_id: str,
        language: str,
        body: str,
        *,
        cue_index: int | None = None,
        timestamp_ms: int | None = None,
    ) -> Decision:
        view = self.view(job_id, language)
        decision = self.decide(view, QcAction.COMMENT)
        if decision.allowed and not body.strip():
            decision = Decision.no("Write the comment first", Refusal.INPUT)
        if not decision.allowed:
            return decision
        self._comments.add_comment(
            job_id,
            language,
            body.strip(),
            author=self.person.name or self.person.id,
            cue_index=cue_index,
            timestamp_ms=timestamp_ms,
        )
        return decision

    def dismiss_refusal(self, item_id: int) -> None:
        """The person has read why the server refused a step: clear it from the lane.

        A refused step holds its lane (later work waits behind it); once read,
        it is discarded so the rest can go, and the server's state stands.
        """
        self._outbox.discard(item_id, "refused by the server; the person dismissed it")
