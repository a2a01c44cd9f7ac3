"""The QC board: production, project managers and admins steer jobs and their languages.

A page of jobs (filters: status, organization, client, project), and for
the chosen job its language QC map, the people assigned, and the job
actions. Every button asks `app.workflow` whether the signed-in role may
act on the job or language as it is now; a disabled button's tooltip (and
accessible description) says why. The board holds no rules and makes no
requests: data comes in through the `set_*` methods, wishes go out as
signals, and the loader (`ui.qc_board_loader`) does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.storage import LanguageInfo
from app.workflow import Decision, JobAction, JobStatus, Role
from app.workflow.job_actions import BULK_ACTIONS, RULES, split_bulk
from app.workflow.job_actions import status_words as job_status_words
from app.workflow.roles import ASSIGNERS, parse_role
from sync.shapes import JobsPage, JobSummary, Member, Membership
from ui.qc_board_models import (
    JobColumn,
    JobRole,
    JobsModel,
    LanguageColumn,
    LanguageMapModel,
    LanguageRole,
)
from ui.qc_job_actions import (
    BOARD_ACTIONS,
    REASON_PROMPTS,
    AskLanguage,
    AskReason,
    JobActionBar,
)
from ui.qc_labels import compact_rows, language_label, role_label, sentence
from ui.qc_people import PeoplePanel, languages_words, not_yet, set_gate

_BULK_LABELS = {"approve": "Approve source for selected", "return-to-qc": "Return selected to QC"}
PAGE_SIZES = (10, 20, 50, 100)
LOADING_JOBS = "Loading jobs…"


@dataclass(frozen=True)
class JobFilters:
    """What the job list is narrowed to (None: any) and how many jobs a page holds."""

    status: str | None = None
    org_id: str | None = None
    client_id: str | None = None
    project_id: str | None = None
    size: int = 20


class QcBoard(QWidget):
    """Signals:
    pageRequested(JobFilters, page) — show this page of jobs;
    jobSelected(job_id) — the chosen job changed (load its language map);
    assignRequested(job_id, language, which, user_id) — which is 'linguist' or 'reviewer';
    bulkAssignRequested(job_id, languages, linguist_id | None, reviewer_id | None);
    jobActionRequested(job_id, action, reason) — reason "" when none was asked;
    retryTtsRequested(job_id, language) — Retry TTS, for one language;
    bulkJobActionRequested(bulk, job_ids) — bulk is 'approve' or 'return-to-qc'.
    """

    pageRequested = Signal(object, int)
    jobSelected = Signal(str)
    assignRequested = Signal(str, str, str, str)
    bulkAssignRequested = Signal(str, list, object, object)
    jobActionRequested = Signal(str, str, str)
    retryTtsRequested = Signal(str, str)
    bulkJobActionRequested = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("QC board")
        self._role: Role | str = ""
        self._page: JobsPage | None = None
        self._map_job_id: str | None = None
        self._clients: set[str] = set()
        self._projects: set[str] = set()
        self._filling = False

        self.jobs_model = JobsModel(self)
        self.languages_model = LanguageMapModel(self)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_jobs())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 380])
        layout.addWidget(splitter, 1)
        self._refresh_gates()

    # --- building ---------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        heading = QLabel("QC board", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.role_label = QLabel("", self)
        self.role_label.setAccessibleName("Signed-in role")
        self.status = QLabel("", self)
        self.status.setAccessibleName("QC board status")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addWidget(self.role_label)
        row.addStretch(1)
        row.addWidget(self.status, 2)
        return row

    def _combo(self, name: str, description: str, label: str) -> tuple[QLabel, QComboBox]:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setAccessibleDescription(description)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption = QLabel(label, self)
        caption.setBuddy(combo)
        return caption, combo

    def _build_filters(self) -> QHBoxLayout:
        status_caption, self.status_filter = self._combo(
            "Job status filter", "Shows only jobs in this status", "S&tatus:")
        self.status_filter.addItem("Any status", None)
        for status in JobStatus:
            self.status_filter.addItem(sentence(job_status_words(status)), status.value)
        org_caption, self.org_filter = self._combo(
            "Organization filter", "Shows only jobs of this organization", "&Organization:")
        self.org_filter.addItem("Any organization", None)
        client_caption, self.client_filter = self._combo(
            "Client filter", "Shows only jobs of this client", "&Client:")
        self.client_filter.addItem("Any client", None)
        project_caption, self.project_filter = self._combo(
            "Project filter", "Shows only jobs of this project", "Pro&ject:")
        self.project_filter.addItem("Any project", None)
        for combo in (self.status_filter, self.org_filter, self.client_filter,
                      self.project_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.reset_filters = QPushButton("Clear filters", self)
        self.reset_filters.setAccessibleName("Clear filters")
        self.reset_filters.setToolTip("Show jobs of every status, organization, client, project")
        self.reset_filters.clicked.connect(self.clear_filters)
        row = QHBoxLayout()
        for caption, combo in ((status_caption, self.status_filter),
                               (org_caption, self.org_filter),
                               (client_caption, self.client_filter),
                               (project_caption, self.project_filter)):
            row.addWidget(caption)
            row.addWidget(combo)
            row.addSpacing(8)
        row.addStretch(1)
        row.addWidget(self.reset_filters)
        return row

    def _build_jobs(self) -> QWidget:
        box = QGroupBox("Jobs", self)
        self.jobs_table = QTableView(box)
        self.jobs_table.setModel(self.jobs_model)
        self.jobs_table.setAccessibleName("Jobs")
        self.jobs_table.setAccessibleDescription(
            "Choose a job to see its languages. Shift or Control with the arrow keys "
            "selects several jobs for the bulk actions.")
        self.jobs_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.jobs_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.jobs_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.jobs_table.setAlternatingRowColors(True)
        self.jobs_table.setWordWrap(False)
        self.jobs_table.verticalHeader().setVisible(False)
        compact_rows(self.jobs_table)
        header = self.jobs_table.horizontalHeader()
        header.setSectionResizeMode(JobColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (JobColumn.STATUS, JobColumn.LANGUAGES, JobColumn.PROJECT,
                       JobColumn.UPDATED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        selection = self.jobs_table.selectionModel()
        selection.currentRowChanged.connect(self._on_current_job)
        selection.selectionChanged.connect(lambda *_: self._refresh_bulk_gates())

        self.previous_page = QPushButton("◀ &Previous", box)
        self.previous_page.setAccessibleName("Previous page")
        self.previous_page.clicked.connect(lambda: self._go_to_page(-1))
        self.next_page = QPushButton("&Next ▶", box)
        self.next_page.setAccessibleName("Next page")
        self.next_page.clicked.connect(lambda: self._go_to_page(+1))
        for button, keys in ((self.previous_page, "Ctrl+PgUp"), (self.next_page, "Ctrl+PgDown")):
            action = QAction(button.accessibleName(), self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(button.click)
            self.addAction(action)
            button.setToolTip(f"{button.accessibleName()} ({keys})")
        self.page_label = QLabel("Page 1 of 1", box)
        self.page_label.setAccessibleName("Page")
        size_caption, self.page_size = self._combo(
            "Jobs per page", "How many jobs one page shows", "Per pa&ge:")
        for size in PAGE_SIZES:
            self.page_size.addItem(str(size), size)
        self.page_size.setCurrentIndex(PAGE_SIZES.index(20))
        self.page_size.currentIndexChanged.connect(self._on_filter_changed)

        self.bulk_buttons: dict[str, QPushButton] = {}
        for bulk, label in _BULK_LABELS.items():
            button = QPushButton(label, box)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, b=bulk: self._request_bulk(b))
            self.bulk_buttons[bulk] = button

        paging = QHBoxLayout()
        paging.addWidget(self.previous_page)
        paging.addWidget(self.page_label)
        paging.addWidget(self.next_page)
        paging.addSpacing(12)
        paging.addWidget(size_caption)
        paging.addWidget(self.page_size)
        paging.addStretch(1)
        for button in self.bulk_buttons.values():
            paging.addWidget(button)
        inner = QVBoxLayout(box)
        inner.addWidget(self.jobs_table, 1)
        inner.addLayout(paging)
        return box

    def _build_detail(self) -> QWidget:
        box = QGroupBox("Chosen job", self)
        self.detail_box = box
        self.job_title = QLabel("Choose a job above to see its languages.", box)
        self.job_title.setAccessibleName("Chosen job")
        self.job_title.setWordWrap(True)
        self.job_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.action_bar = JobActionBar(box)
        self.action_bar.jobActionRequested.connect(self._forward_action)
        self.action_bar.retryTtsRequested.connect(self._forward_retry_tts)
        self.action_buttons = self.action_bar.buttons

        self.languages_table = QTableView(box)
        self.languages_table.setModel(self.languages_model)
        self.languages_table.setAccessibleName("Languages of the chosen job")
        self.languages_table.setAccessibleDescription(
            "Each language's QC state, linguist, reviewer and reviewed cues. Select several "
            "to assign the same people to all of them.")
        self.languages_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.languages_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.languages_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.languages_table.setAlternatingRowColors(True)
        self.languages_table.verticalHeader().setVisible(False)
        compact_rows(self.languages_table)
        header = self.languages_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        for column in (LanguageColumn.LINGUIST, LanguageColumn.REVIEWER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.languages_table.selectionModel().selectionChanged.connect(
            lambda *_: self._refresh_people())

        self.people = PeoplePanel(box)
        self.people.assignRequested.connect(self._forward_assign)
        self.people.bulkAssignRequested.connect(self._forward_bulk_assign)
        self.linguist_choice = self.people.choosers["linguist"]
        self.reviewer_choice = self.people.choosers["reviewer"]
        self.assign_linguist = self.people.buttons["linguist"]
        self.assign_reviewer = self.people.buttons["reviewer"]
        self.bulk_assign = self.people.bulk

        inner = QVBoxLayout(box)
        inner.addWidget(self.job_title)
        inner.addWidget(self.action_bar)
        inner.addWidget(self.languages_table, 1)
        inner.addWidget(self.people)
        return box

    # --- data in ---------------------------------------------------------------------

    def set_role(self, role: Role | str) -> None:
        """The signed-in person's role: it decides which buttons are enabled."""
        self._role = role
        known = parse_role(role)
        self.role_label.setText(f"— signed in as {role_label(str(role))}" if role else "")
        if known not in ASSIGNERS:
            self.set_status("Your role can look at the board but not change jobs or people.")
        self.action_bar.set_role(role)
        self.people.set_role(role)
        self._refresh_gates()

    def set_organizations(self, memberships: Sequence[Membership]) -> None:
        chosen = self.org_filter.currentData()
        self._filling = True
        self.org_filter.clear()
        self.org_filter.addItem("Any organization", None)
        for membership in memberships:
            self.org_filter.addItem(membership.org_name, membership.org_id)
        self.org_filter.setCurrentIndex(max(0, self.org_filter.findData(chosen)) if chosen else 0)
        self._filling = False

    def set_members(self, members: Sequence[Member]) -> None:
        """The organization's people; linguists and reviewers fill the two choosers."""
        self.people.set_members(members)

    def set_jobs(self, page: JobsPage) -> None:
        """Show one page of jobs; the chosen job stays chosen when it is on the new page."""
        current = self.current_job()
        self._page = page
        self.jobs_model.set_jobs(page.items)
        self._remember_choices(page.items)
        self.page_label.setText(
            f"Page {page.page} of {page.page_count} · {page.total} "
            f"{'job' if page.total == 1 else 'jobs'}")
        self.previous_page.setEnabled(page.page > 1)
        self.next_page.setEnabled(page.page < page.page_count)
        row = self.jobs_model.row_of(current.id) if current is not None else None
        if row is None and page.items:
            row = 0
        if row is not None:
            self.jobs_table.selectionModel().setCurrentIndex(
                self.jobs_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._show_job(None)
        self._refresh_gates()

    def set_language_map(
        self,
        job_id: str,
        languages: Sequence[LanguageInfo],
        cue_totals: dict[str, int] | None = None,
    ) -> None:
        """The chosen job's languages; an answer for a job no longer chosen is dropped."""
        current = self.current_job()
        if current is None or current.id != job_id:
            return
        selected = set(self.selected_languages())
        self._map_job_id = job_id
        self.languages_model.set_languages(languages, cue_totals)
        selection = self.languages_table.selectionModel()
        for row, info in enumerate(self.languages_model.languages()):
            if info.code in selected:
                selection.select(self.languages_model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self._refresh_people()

    def set_cue_totals(self, job_id: str, cue_totals: dict[str, int]) -> None:
        if job_id == self._map_job_id:
            self.languages_model.set_cue_totals(cue_totals)

    def set_status(self, text: str) -> None:
        """A plain-words line at the top: loading, done, or what went wrong."""
        self.status.setText(text)

    # --- what is chosen --------------------------------------------------------------

    def filters(self) -> JobFilters:
        def value(combo: QComboBox) -> str | None:
            data = combo.currentData()
            return data if isinstance(data, str) and data else None

        size = self.page_size.currentData()
        return JobFilters(
            status=value(self.status_filter),
            org_id=value(self.org_filter),
            client_id=value(self.client_filter),
            project_id=value(self.project_filter),
            size=size if isinstance(size, int) else 20,
        )

    def current_job(self) -> JobSummary | None:
        index = self.jobs_table.selectionModel().currentIndex()
        job = self.jobs_model.data(index, JobRole) if index.isValid() else None
        return job if isinstance(job, JobSummary) else None

    def selected_jobs(self) -> list[JobSummary]:
        rows = sorted({i.row() for i in self.jobs_table.selectionModel().selectedRows()})
        return [self.jobs_model.job(row) for row in rows]

    def selected_languages(self) -> list[str]:
        if self._map_job_id is None:
            return []
        rows = sorted({i.row() for i in self.languages_table.selectionModel().selectedRows()})
        return [self.languages_model.language(row).code for row in rows]

    def choose_job(self, job_id: str) -> bool:
        """Make a listed job the chosen one (keyboard users and tests); False when not listed."""
        row = self.jobs_model.row_of(job_id)
        if row is None:
            return False
        self.jobs_table.selectionModel().setCurrentIndex(
            self.jobs_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def choose_languages(self, codes: Sequence[str]) -> None:
        selection = self.languages_table.selectionModel()
        selection.clearSelection()
        for row, info in enumerate(self.languages_model.languages()):
            if info.code in codes:
                selection.select(self.languages_model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def choose_person(self, which: str, user_id: str) -> bool:
        return self.people.choose_person(which, user_id)

    @property
    def ask_reason(self) -> AskReason:
        return self.action_bar.ask_reason

    @ask_reason.setter
    def ask_reason(self, ask: AskReason) -> None:
        self.action_bar.ask_reason = ask

    @property
    def ask_language(self) -> AskLanguage:
        return self.action_bar.ask_language

    @ask_language.setter
    def ask_language(self, ask: AskLanguage) -> None:
        self.action_bar.ask_language = ask

    # --- filters and pages -----------------------------------------------------------

    def clear_filters(self) -> None:
        self._filling = True
        for combo in (self.status_filter, self.org_filter, self.client_filter,
                      self.project_filter):
            combo.setCurrentIndex(0)
        self._filling = False
        self._on_filter_changed()

    def request_page(self, page: int) -> None:
        self.set_status(LOADING_JOBS)
        self.pageRequested.emit(self.filters(), max(1, page))

    def _on_filter_changed(self, *_: object) -> None:
        if not self._filling:
            self.request_page(1)

    def _go_to_page(self, step: int) -> None:
        if self._page is None:
            return
        wanted = min(max(1, self._page.page + step), self._page.page_count)
        if wanted != self._page.page:
            self.request_page(wanted)

    def _remember_choices(self, jobs: Sequence[JobSummary]) -> None:
        # The platform has no client or project list for these roles, so the
        # choices grow from the jobs seen.
        self._filling = True
        for combo, known, values in (
            (self.client_filter, self._clients, {j.client_id for j in jobs if j.client_id}),
            (self.project_filter, self._projects, {j.project_id for j in jobs if j.project_id}),
        ):
            for value in sorted(values - known):
                combo.addItem(value, value)
            known |= values
        self._filling = False

    # --- the chosen job --------------------------------------------------------------

    def _on_current_job(self, current: QModelIndex, _previous: QModelIndex) -> None:
        job = self.jobs_model.data(current, JobRole) if current.isValid() else None
        self._show_job(job if isinstance(job, JobSummary) else None)

    def _show_job(self, job: JobSummary | None) -> None:
        if job is None or job.id != self._map_job_id:
            # Another job: its map is loading; the same job (a page reload) keeps
            # its map and language selection until the fresh one arrives.
            self._map_job_id = None
            self.languages_model.set_languages([])
        if job is None:
            self.job_title.setText("Choose a job above to see its languages.")
        else:
            self.job_title.setText(
                f"<b>{_escape(job.title or job.id)}</b> &nbsp;·&nbsp; {_escape(job.id)} "
                f"&nbsp;·&nbsp; {_escape(sentence(job_status_words(job.status)))}")
            self.jobSelected.emit(job.id)
        self._refresh_gates()

    # --- gates -----------------------------------------------------------------------

    def _refresh_gates(self) -> None:
        self.action_bar.set_job(self.current_job())
        self._refresh_bulk_gates()
        self._refresh_people()

    def _refresh_people(self) -> None:
        chosen = set(self.selected_languages())
        self.people.set_languages(
            [info for info in self.languages_model.languages() if info.code in chosen])

    def _refresh_bulk_gates(self) -> None:
        jobs = self.selected_jobs()
        for bulk, button in self.bulk_buttons.items():
            action = BULK_ACTIONS[bulk]
            if not jobs:
                set_gate(button, not_yet("Select one or more jobs first"))
                continue
            eligible, refused = split_bulk(action, self._role, [(j.id, j.status) for j in jobs])
            if not eligible:
                first = next(iter(refused.values()))
                set_gate(button, first)
                continue
            help_text = f"{RULES[action].label}: {len(eligible)} of {len(jobs)} selected jobs"
            if refused:
                titles = {j.id: j.title or j.id for j in jobs}
                left = "; ".join(f"{titles[job_id]}: {d.reason}" for job_id, d in refused.items())
                help_text += f". Left as they are: {left}"
            set_gate(button, Decision.yes(), help_text)

    # --- requests out ----------------------------------------------------------------

    def _forward_action(self, job_id: str, action: str, reason: str) -> None:
        self.set_status(f"{RULES[JobAction(action)].label} requested for {job_id}…")
        self.jobActionRequested.emit(job_id, action, reason)

    def _forward_retry_tts(self, job_id: str, language: str) -> None:
        self.set_status(f"Retry TTS for {language_label(language)} requested…")
        self.retryTtsRequested.emit(job_id, language)

    def _request_bulk(self, bulk: str) -> None:
        jobs = self.selected_jobs()
        if not jobs or not self.bulk_buttons[bulk].isEnabled():
            return
        eligible, _ = split_bulk(BULK_ACTIONS[bulk], self._role, [(j.id, j.status) for j in jobs])
        if eligible:
            self.set_status(f"{_BULK_LABELS[bulk]}: {len(eligible)} jobs requested…")
            self.bulkJobActionRequested.emit(bulk, eligible)

    def _forward_assign(self, language: str, which: str, user_id: str) -> None:
        if self._map_job_id is not None:
            who = self.people.choosers[which].currentText()
            self.set_status(f"Assigning {who} to {language_label(language)}…")
            self.assignRequested.emit(self._map_job_id, language, which, user_id)

    def _forward_bulk_assign(
        self, languages: list[str], linguist_id: object, reviewer_id: object
    ) -> None:
        if self._map_job_id is not None:
            self.set_status(f"Assigning people to {languages_words(languages)}…")
            self.bulkAssignRequested.emit(self._map_job_id, languages, linguist_id, reviewer_id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = [
    "BOARD_ACTIONS", "LOADING_JOBS", "REASON_PROMPTS", "JobFilters", "LanguageRole", "QcBoard",
]
