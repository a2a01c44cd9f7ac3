"""Feeds "My queue" and the QC board from the platform, and carries their requests out.

The glue between the two views (which know no HTTP) and `sync.api.PlatformApi`
(which knows no Qt). Calls run as asyncio tasks on the qasync loop, so the
GUI thread never waits on the network; the newest page or language map
wins over an older one still in flight. Failures are shown in plain words in
the view's status line, never as a traceback.

Assignments and job actions go through `on_assign` / `on_job_action`, which
the window may replace (the lead's offline workflow applies them locally
first). The default queues them in the outbox, as review work is sent
(`sync.review_work_upload`): `enqueue_action(job, lang, "assign", {"user_id": ...})`,
and `enqueue_action(job, "", action, {"reason"?, "language"?})` for a job.
Bulk assignment and the bulk job actions have no outbox item the sender
knows, so they are sent directly and need a connection.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection, Coroutine, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject

from app.captions.webvtt_file import parse
from app.storage import Database, JobStore, LanguageInfo, Outbox, OutboxItem, OutboxState
from app.workflow.job_actions import RULES as JOB_RULES
from app.workflow.job_actions import JobAction
from app.workflow.language_qc import RULES as QC_RULES
from app.workflow.language_qc import QcAction
from app.workflow.roles import ASSIGNERS, parse_role
from sync import shapes
from sync.api import PlatformApi
from sync.errors import SyncError
from sync.shapes import JobsPage, Member
from ui.my_queue import MyQueueView
from ui.qc_board import LOADING_JOBS, JobFilters, QcBoard
from ui.qc_labels import language_label

_log = logging.getLogger(__name__)

# (job_id, language, step, payload): step is assign, reassign, assign-reviewer
# or reassign-reviewer, payload {"user_id": ...}; may be a coroutine function.
AssignHandler = Callable[[str, str, str, dict[str, Any]], Awaitable[None] | None]
# (job_id, action, payload): payload {"reason"?, "language"?}.
JobActionHandler = Callable[[str, str, dict[str, Any]], Awaitable[None] | None]

# How long the default handlers watch a queued item before leaving it to the outbox panel.
WATCH_SECONDS = 60.0
_WATCH_STEP = 0.2


def _problem(error: BaseException) -> str:
    if isinstance(error, SyncError):
        return error.detail
    return "something unexpected went wrong (the log has the details)"


class QcBoardLoader(QObject):
    """Loads the queue and the board for the signed-in person; sends what the board asks."""

    def __init__(
        self,
        api: Callable[[], PlatformApi | None],
        *,
        role: str,
        board: QcBoard | None = None,
        queue: MyQueueView | None = None,
        database: Database | None = None,
        on_assign: AssignHandler | None = None,
        on_job_action: JobActionHandler | None = None,
        offline_jobs: Callable[[], Collection[str]] | None = None,
        wake: Callable[[], None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._role = role
        self.board = board
        self.queue = queue
        self._database = database
        self._offline_jobs = offline_jobs or self._jobs_kept_offline
        self._wake = wake
        self.on_assign: AssignHandler = on_assign or self.queue_assignment
        self.on_job_action: JobActionHandler = on_job_action or self.queue_job_action
        self._tasks: set[asyncio.Task[Any]] = set()
        self._latest: dict[str, asyncio.Task[Any]] = {}
        self._cue_totals: dict[tuple[str, str], int] = {}
        self._filters = JobFilters()
        self._page = 1
        self._job_id: str | None = None
        if board is not None:
            board.set_role(role)
            board.pageRequested.connect(self._on_page_requested)
            board.jobSelected.connect(self._on_job_selected)
            board.assignRequested.connect(self._on_assign_requested)
            board.bulkAssignRequested.connect(self._on_bulk_assign_requested)
            board.jobActionRequested.connect(self._on_job_action_requested)
            board.retryTtsRequested.connect(self._on_retry_tts_requested)
            board.bulkJobActionRequested.connect(self._on_bulk_job_action_requested)

    # --- commands --------------------------------------------------------------------

    def start(self) -> None:
        """First load after sign-in: the queue, and for staff the people and first page."""
        self.reload_queue()
        if self.board is not None:
            self._start("people", self._load_people())
            self._filters = self.board.filters()
            self.board.set_status(LOADING_JOBS)
            self.reload_jobs()

    def set_role(self, role: str) -> None:
        """Another person signed in: the board's buttons follow the new role."""
        self._role = role
        if self.board is not None:
            self.board.set_role(role)

    def reload_queue(self) -> None:
        if self.queue is not None:
            self.queue.set_status("Loading your queue…")
            self._start("queue", self._load_queue(self.queue))

    def reload_jobs(self) -> None:
        if self.board is not None:
            self._start("page", self._load_page(self.board, self._filters, self._page))

    def reload_language_map(self) -> None:
        if self.board is not None and self._job_id is not None:
            self._start("map", self._load_map(self.board, self._job_id))

    def refresh(self) -> None:
        """Everything again (after a live status message, or Sync now)."""
        self._cue_totals.clear()  # a track may have gained or lost cues meanwhile
        self.reload_queue()
        self.reload_jobs()
        self.reload_language_map()

    async def stop(self) -> None:
        """On sign-out or quit: cancel and wait for every call in flight."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    @property
    def busy(self) -> bool:
        return any(not task.done() for task in self._tasks)

    def _jobs_kept_offline(self) -> Collection[str]:
        """The jobs whose video "make available offline" has put on this computer."""
        if self._database is None:
            return frozenset()
        return {job.id for job in JobStore(self._database).list_jobs() if job.available_offline}

    # --- default handlers: the outbox ------------------------------------------------

    async def queue_assignment(
        self, job_id: str, language: str, step: str, payload: dict[str, Any]
    ) -> None:
        item = await self._enqueue(job_id, language, step, payload)
        await self._watch(item, f"{language_label(language)}: {_step_words(step)}")
        self.reload_language_map()
        self.reload_queue()

    async def queue_job_action(self, job_id: str, action: str, payload: dict[str, Any]) -> None:
        item = await self._enqueue(job_id, "", action, payload)
        label = JOB_RULES[JobAction(action)].label if action in set(JobAction) else action
        await self._watch(item, label)
        self.reload_jobs()

    async def _enqueue(
        self, job_id: str, language: str, target: str, payload: dict[str, Any]
    ) -> OutboxItem:
        if self._database is None:
            raise SyncError("This window has no outbox to queue the change in")
        outbox = Outbox(self._database)
        item = await asyncio.to_thread(outbox.enqueue_action, job_id, language, target, payload)
        self._wake()
        return item

    async def _watch(self, item: OutboxItem, what: str) -> None:
        """Say when the queued item reached the server, or why it did not."""
        assert self._database is not None
        outbox = Outbox(self._database)
        self._say(f"{what}: queued, waiting to be sent…")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WATCH_SECONDS
        told = ""
        while loop.time() < deadline:
            now = await asyncio.to_thread(outbox.get, item.id)
            if now is None or now.state == OutboxState.DONE:
                self._say(f"{what}: done.")
                return
            if now.state == OutboxState.FAILED:
                self._say(f"{what}: the server refused it — {now.last_error or 'no reason given'}."
                          " The outbox panel can retry or discard it.")
                return
            if now.last_error and now.last_error != told:
                # Still queued after an answer: say what the server said, once.
                told = now.last_error
                self._say(f"{what}: not accepted yet — {told}. It stays in the outbox, "
                          "where the outbox panel can retry or discard it.")
            await asyncio.sleep(_WATCH_STEP)
        self._say(f"{what}: still waiting in the outbox; it is sent when the server is reachable.")

    # --- slots (they only start tasks) -----------------------------------------------

    def _on_page_requested(self, filters: object, page: int) -> None:
        if isinstance(filters, JobFilters) and self.board is not None:
            self._filters, self._page = filters, page
            self._start("page", self._load_page(self.board, filters, page))

    def _on_job_selected(self, job_id: str) -> None:
        self._job_id = job_id
        if self.board is not None:
            self._start("map", self._load_map(self.board, job_id))

    def _on_assign_requested(self, job_id: str, language: str, which: str, user_id: str) -> None:
        self._start(None, self._assign(job_id, language, which, user_id))

    def _on_bulk_assign_requested(
        self, job_id: str, languages: list[str], linguist_id: object, reviewer_id: object
    ) -> None:
        self._start(None, self._bulk_assign(
            job_id, list(languages),
            linguist_id if isinstance(linguist_id, str) else None,
            reviewer_id if isinstance(reviewer_id, str) else None))

    def _on_job_action_requested(self, job_id: str, action: str, reason: str) -> None:
        payload = {"reason": reason} if reason else {}
        self._start(None, self._handle(
            lambda: self.on_job_action(job_id, action, payload), "The job action"))

    def _on_retry_tts_requested(self, job_id: str, language: str) -> None:
        self._start(None, self._handle(
            lambda: self.on_job_action(job_id, JobAction.RETRY_TTS.value, {"language": language}),
            "Retry TTS"))

    def _on_bulk_job_action_requested(self, bulk: str, job_ids: list[str]) -> None:
        self._start(None, self._bulk_job_action(bulk, list(job_ids)))

    # --- coroutines ------------------------------------------------------------------

    def _start(self, slot: str | None, work: Coroutine[Any, Any, None]) -> None:
        """Run `work`; a named slot (page, map, …) cancels the older call it replaces."""
        if slot is not None and (older := self._latest.get(slot)) is not None:
            older.cancel()
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if slot is not None:
            self._latest[slot] = task

    def _connected(self) -> PlatformApi:
        api = self._api()
        if api is None:
            raise SyncError("you are not signed in")
        return api

    def _say(self, text: str) -> None:
        if self.board is not None:
            self.board.set_status(text)
        elif self.queue is not None:
            self.queue.set_status(text)

    async def _load_queue(self, queue: MyQueueView) -> None:
        try:
            entries = await self._connected().my_queue()
            offline = await asyncio.to_thread(lambda: frozenset(self._offline_jobs()))
        except Exception as error:  # shown to the person, never raised
            self._log_unexpected(error)
            queue.set_status(f"Could not load your queue: {_problem(error)}")
            return
        queue.set_entries(entries, offline)
        queue.set_status("")

    async def _load_people(self) -> None:
        try:
            api = self._connected()
            memberships = await api.my_memberships()
            people: dict[str, Member] = {}
            for membership in memberships:
                for member in await api.organization_members(membership.org_id):
                    people.setdefault(member.user_id, member)
        except Exception as error:
            self._log_unexpected(error)
            self._say(f"Could not load the people to assign: {_problem(error)}")
            return
        assert self.board is not None
        self.board.set_organizations(memberships)
        self.board.set_members(list(people.values()))

    async def _load_page(self, board: QcBoard, filters: JobFilters, page: int) -> None:
        try:
            found: JobsPage = await self._connected().jobs_page(
                status=filters.status, org_id=filters.org_id, client_id=filters.client_id,
                project_id=filters.project_id, page=page, size=filters.size)
        except Exception as error:
            self._log_unexpected(error)
            board.set_status(f"Could not load the jobs: {_problem(error)}")
            return
        if found.items == () and found.page > 1 and found.total > 0:
            # The list shrank under us (jobs moved on): show its last page instead.
            self._page = found.page_count
            self._start("page", self._load_page(board, filters, found.page_count))
            return
        board.set_jobs(found)
        # The page label counts the jobs; the status line keeps an action's outcome.
        if not found.total:
            board.set_status("No jobs match these filters.")
        elif board.status.text() in (LOADING_JOBS, "No jobs match these filters."):
            board.set_status("")

    async def _load_map(self, board: QcBoard, job_id: str) -> None:
        try:
            api = self._connected()
            infos = shapes.language_infos(await api.language_qc(job_id))
        except Exception as error:
            self._log_unexpected(error)
            board.set_status(f"Could not load the languages of {job_id}: {_problem(error)}")
            return
        board.set_language_map(job_id, infos, self._known_totals(job_id, infos))
        missing = [i.code for i in infos if (job_id, i.code) not in self._cue_totals]
        if missing:
            await self._load_cue_totals(board, api, job_id, missing, infos)

    def _known_totals(self, job_id: str, infos: Sequence[LanguageInfo]) -> dict[str, int]:
        return {i.code: self._cue_totals[(job_id, i.code)] for i in infos
                if (job_id, i.code) in self._cue_totals}

    async def _load_cue_totals(
        self, board: QcBoard, api: PlatformApi, job_id: str, codes: list[str],
        infos: Sequence[LanguageInfo],
    ) -> None:
        # The QC map says which cues are reviewed, not how many there are;
        # the captions track does. Missing totals only leave "3 reviewed".
        answers = await asyncio.gather(
            *(api.get_track(job_id, code, "captions") for code in codes), return_exceptions=True)
        for code, answer in zip(codes, answers, strict=True):
            if isinstance(answer, shapes.ServerTrack):
                try:
                    track = await asyncio.to_thread(parse, answer.content)
                except ValueError:
                    continue
                self._cue_totals[(job_id, code)] = len(track.cues)
            elif isinstance(answer, BaseException) and not isinstance(answer, SyncError):
                self._log_unexpected(answer)
        board.set_cue_totals(job_id, self._known_totals(job_id, infos))

    async def _assign(self, job_id: str, language: str, which: str, user_id: str) -> None:
        info = None
        if self.board is not None:
            info = next((i for i in self.board.languages_model.languages()
                         if i.code == language), None)
        step = _assign_step(which, info)
        await self._handle(lambda: self.on_assign(job_id, language, step, {"user_id": user_id}),
                           f"The {which} for {language_label(language)}")

    async def _bulk_assign(
        self, job_id: str, languages: list[str], linguist_id: str | None, reviewer_id: str | None
    ) -> None:
        what = f"Assigning people to {len(languages)} languages"
        try:
            await self._connected().bulk_assign(
                job_id, languages, linguist_id, reviewer_id, key=f"bulk-assign-{uuid.uuid4()}")
        except Exception as error:
            self._log_unexpected(error)
            self._say(f"{what} did not work: {_problem(error)}")
        else:
            self._say(f"{what}: done.")
        self.reload_language_map()
        self.reload_queue()

    async def _bulk_job_action(self, bulk: str, job_ids: list[str]) -> None:
        try:
            results = await self._connected().bulk_job_action(
                bulk, job_ids, key=f"bulk-{bulk}-{uuid.uuid4()}")
        except Exception as error:
            self._log_unexpected(error)
            self._say(f"The bulk action did not work: {_problem(error)}")
        else:
            done = sum(result.ok for result in results)
            refused = [f"{r.job_id} ({r.detail})" for r in results if not r.ok]
            text = f"{done} of {len(job_ids)} jobs changed."
            if refused:
                text += " Not changed: " + "; ".join(refused)
            self._say(text)
        self.reload_jobs()

    async def _handle(self, call: Callable[[], Awaitable[None] | None], what: str) -> None:
        """Run a handler (awaiting it when it is a coroutine); its failure is shown, not raised."""
        try:
            outcome = call()
            if inspect.isawaitable(outcome):
                await outcome
        except Exception as error:
            self._log_unexpected(error)
            self._say(f"{what} could not be sent: {_problem(error)}")

    @staticmethod
    def _log_unexpected(error: BaseException) -> None:
        if not isinstance(error, SyncError):
            _log.error("QC board call failed", exc_info=error)


def _assign_step(which: str, info: LanguageInfo | None) -> str:
    """The platform route for giving a language a person: assign when nobody has it yet."""
    if which == "linguist":
        return "assign" if info is None or info.qc_state == "unassigned" else "reassign"
    has_reviewer = info is not None and isinstance(info.reviewer, Mapping) and info.reviewer
    return "reassign-reviewer" if has_reviewer else "assign-reviewer"


def _step_words(step: str) -> str:
    """'reassign-reviewer' -> 'reassign reviewer', as the board's button says it."""
    try:
        label = QC_RULES[QcAction(step.replace("-", "_"))].label
    except ValueError:
        return step.replace("-", " ")
    return label[:1].lower() + label[1:]


def can_use_board(role: str) -> bool:
    """Whether the window offers the QC board to this role (production, PMs, admins)."""
    return parse_role(role) in ASSIGNERS
