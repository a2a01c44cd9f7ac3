"""Sending review work: workflow actions, cue-reviewed marks, comments, pause points, notes.

How each kind of item is made safe to replay (it may have reached the
server before a dropped connection or a crash):

- Comments and note creations carry an id made on this computer; before a
  replay the server is asked whether it already has that id.
- Workflow steps: before a replay, and on a 409, the server's state is read;
  if it already is where the step leads, the step is done.
- Cue-reviewed marks, pause-point moves and note changes set a value, so
  sending them twice changes nothing; deleting a note that is gone is done.

Outbox conventions for queuing these (lanes are job + language, "" for the job):
`enqueue_action(job, lang, "submit")`, `"start-work"`, `"open-review"`, `"approve"`,
`"reopen"`, `("reject", {"reason": ...})`,
`("mark-cue-reviewed", {"cue_index": 3, "reviewed": True})`, and job actions such as
`enqueue_action(job, "", "approve_source", {"reason": ..., "language": ...})`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from app.storage import (
    WHOLE_JOB,
    CommentStore,
    Database,
    JobStore,
    LanguageInfo,
    Outbox,
    OutboxItem,
    ReviewNoteStore,
)
from sync import shapes
from sync.api import PlatformApi
from sync.errors import Conflict, Forbidden, NotFound, StepRefused

# Where a step leads: seeing this state after a replay means the step happened.
LANGUAGE_STEP_RESULTS = {
    "start-work": "in_progress",
    "submit": "submitted",
    "open-review": "in_review",
    "approve": "approved",
    "reject": "rejected",
    "reopen": "in_progress",
}
JOB_ACTION_RESULTS = {
    "approve_source": "in_qc",
    "approve_english": "in_qc",
    "reject": "rejected",
    "complete": "complete",
    "reject_final": "rejected",
    "return_to_qc": "in_qc",
    "blocked_on_source": "blocked_on_source",
    "promote_to_qc": "pending_qc",
}


class ReviewWorkUploader:
    """Sends every outbox item that is not a track upload."""

    def __init__(self, api: PlatformApi, database: Database) -> None:
        self._api = api
        self._outbox = Outbox(database)
        self._jobs = JobStore(database)
        self._comments = CommentStore(database)
        self._notes = ReviewNoteStore(database)

    async def action(self, item: OutboxItem) -> None:
        if item.language == WHOLE_JOB:
            await self._job_action(item)
        else:
            await self._language_step(item)
        await self._done(item)

    async def comment(self, item: OutboxItem) -> None:
        payload = _payload(item)
        comment_id = str(payload["id"])
        if item.attempts > 1:
            for existing in await self._api.comments(item.job_id, item.language):
                if isinstance(existing, Mapping) and existing.get("id") == comment_id:
                    await self._record_comment(comment_id, existing)
                    return await self._done(item)
        answer = await self._api.add_comment(
            item.job_id, item.language, payload, item.idempotency_key
        )
        await self._record_comment(comment_id, answer)
        await self._done(item)

    async def pause_point(self, item: OutboxItem) -> None:
        payload = _payload(item)
        await self._api.move_pause_point(
            item.job_id,
            item.language,
            int(payload["cue_index"]),
            int(payload["timestamp_ms"]),
            item.idempotency_key,
        )
        await self._done(item)

    async def review_note(self, item: OutboxItem) -> None:
        payload = _payload(item)
        note_id = str(payload["id"])
        if item.target == "create":
            await self._create_note(item, note_id, payload)
        elif item.target == "delete":
            server_id = await self._server_note_id(item.job_id, note_id)
            with contextlib.suppress(NotFound):  # already gone is what a delete wants
                await self._api.delete_review_note(item.job_id, server_id, item.idempotency_key)
        else:
            changes = {k: v for k, v in payload.items() if k != "id"}
            server_id = await self._server_note_id(item.job_id, note_id)
            await self._api.change_review_note(
                item.job_id, server_id, changes, item.idempotency_key
            )
        await self._done(item)

    async def _create_note(
        self, item: OutboxItem, note_id: str, payload: Mapping[str, Any]
    ) -> None:
        answer: Any = None
        if item.attempts > 1:
            try:
                answer = await self._api.get_review_note(item.job_id, note_id)
            except NotFound:
                answer = None
        if answer is None:
            answer = await self._api.add_review_note(item.job_id, payload, item.idempotency_key)
        server_id = shapes.text(shapes.mapping(answer, "a review note"), "id") or note_id
        await asyncio.to_thread(self._notes.record_server_id, note_id, server_id)

    async def _server_note_id(self, job_id: str, note_id: str) -> str:
        notes = await asyncio.to_thread(self._notes.list_notes, job_id, include_deleted=True)
        found = next((note for note in notes if note.id == note_id), None)
        return found.server_id if found is not None and found.server_id else note_id

    async def _language_step(self, item: OutboxItem) -> None:
        step, payload = item.target, _payload(item)
        leads_to = LANGUAGE_STEP_RESULTS.get(step)
        if item.attempts > 1 and leads_to and await self._language_state(item) == leads_to:
            return
        try:
            answer = await self._api.language_step(
                item.job_id, item.language, step, payload, item.idempotency_key
            )
        except (Conflict, Forbidden) as error:
            # Read the server's view either way: if the step is refused for
            # good, the language must show what the server holds, not our hope.
            if await self._language_state(item) == leads_to and leads_to:
                return  # it happened (our earlier attempt, or someone else)
            raise _final(error) from None
        await self._store_language(item, answer)

    async def _language_state(self, item: OutboxItem) -> str | None:
        qc_map = await self._api.language_qc(item.job_id)
        for info in shapes.language_infos(qc_map):
            if info.code == item.language:
                await self._save_language(item.job_id, info)
                return info.qc_state
        return None

    async def _store_language(self, item: OutboxItem, answer: Any) -> None:
        if not isinstance(answer, Mapping):
            return
        wrapped = {"languages": {item.language: answer}}
        for info in shapes.language_infos(wrapped):
            await self._save_language(item.job_id, info)

    async def _save_language(self, job_id: str, info: LanguageInfo) -> None:
        with contextlib.suppress(LookupError):  # not cached here; the next pull brings it
            await asyncio.to_thread(self._jobs.save_language, job_id, info)

    async def _job_action(self, item: OutboxItem) -> None:
        action, payload = item.target, _payload(item)
        leads_to = JOB_ACTION_RESULTS.get(action)
        if item.attempts > 1 and leads_to and await self._job_status(item.job_id) == leads_to:
            return
        try:
            answer = await self._api.job_action(item.job_id, action, payload, item.idempotency_key)
        except Conflict as error:
            if leads_to and await self._job_status(item.job_id) == leads_to:
                return
            raise _final(error) from None
        await asyncio.to_thread(self._jobs.upsert_job, shapes.job_info(answer), None)

    async def _job_status(self, job_id: str) -> str:
        detail = await self._api.get_job(job_id)
        return shapes.text(shapes.mapping(detail, "a job"), "status")

    async def _record_comment(self, comment_id: str, answer: Any) -> None:
        server_id = shapes.text(shapes.mapping(answer, "a comment"), "id") or comment_id
        with contextlib.suppress(LookupError):  # queued with no local row to update
            await asyncio.to_thread(self._comments.record_server_id, comment_id, server_id)

    async def _done(self, item: OutboxItem) -> None:
        await asyncio.to_thread(self._outbox.mark_done, item.id)


def _final(error: Conflict | Forbidden) -> Exception:
    """A workflow refusal stays refused: a 409 here is the state, not a stale copy."""
    if isinstance(error, Conflict):
        return StepRefused(error.status, error.detail, error.body)
    return error


def _payload(item: OutboxItem) -> dict[str, Any]:
    return dict(item.payload) if isinstance(item.payload, Mapping) else {}
