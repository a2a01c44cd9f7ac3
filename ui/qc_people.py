"""The QC board's people row: choose a linguist and a reviewer, assign one language or several.

The choosers list the organization's linguists and reviewers. With one
language selected, the buttons assign or reassign (whichever the language
needs); with several, "Assign to all selected languages" gives them the
same people in one step. Each button is enabled exactly when
`app.workflow` allows it for the signed-in role, and its tooltip says why not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from app.storage import LanguageInfo
from app.workflow import Decision, QcAction, Refusal, Role, allowed
from sync.shapes import Member
from ui.qc_labels import language_label

WHO = ("linguist", "reviewer")


def set_gate(button: QPushButton, decision: Decision, help_text: str = "") -> None:
    """Enable the button exactly when allowed; the tooltip says what it does, or why not."""
    button.setEnabled(decision.allowed)
    tip = (decision.note or help_text) if decision.allowed else decision.reason
    button.setToolTip(tip)
    button.setAccessibleDescription(tip)


def not_yet(reason: str) -> Decision:
    """A refusal that is about what the person has not chosen yet, not about rules."""
    return Decision.no(reason, Refusal.INPUT)


def languages_words(codes: Sequence[str]) -> str:
    if not codes:
        return "the selected languages"
    if len(codes) == 1:
        return language_label(codes[0])
    return f"{len(codes)} languages ({', '.join(codes)})"


def person_id(person: object) -> str | None:
    if isinstance(person, Mapping) and person.get("id"):
        return str(person["id"])
    return None


def assign_decision(info: LanguageInfo, which: str, role: Role | str) -> tuple[QcAction, Decision]:
    """Which assign step the language needs for `which`, and whether the role may take it."""
    linguist, reviewer = person_id(info.linguist), person_id(info.reviewer)
    if which == "linguist":
        action = QcAction.ASSIGN if info.qc_state == "unassigned" else QcAction.REASSIGN
    else:
        action = QcAction.ASSIGN_REVIEWER if reviewer is None else QcAction.REASSIGN_REVIEWER
    return action, allowed(action, info.qc_state, role, me="", linguist=linguist,
                           reviewer=reviewer)


def _with_mnemonic(label: str) -> str:
    """Alt+A for the linguist button, Alt+V for the reviewer one, whatever the verb."""
    if label.endswith("linguist"):
        return label.replace("assign", "&assign", 1) if label.startswith("Re") else "&" + label
    return label.replace("reviewer", "re&viewer")


class PeoplePanel(QWidget):
    """Signals:
    assignRequested(language, which, user_id) — which is 'linguist' or 'reviewer';
    bulkAssignRequested(languages, linguist_id | None, reviewer_id | None).
    """

    assignRequested = Signal(str, str, str)
    bulkAssignRequested = Signal(list, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role: Role | str = ""
        self._languages: list[LanguageInfo] = []
        self.choosers: dict[str, QComboBox] = {}
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        for row, which in enumerate(WHO):
            combo = QComboBox(self)
            combo.setAccessibleName(f"{which.capitalize()} to assign")
            combo.setAccessibleDescription(
                f"The {which} the assign buttons give the selected languages to")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(16)
            combo.addItem(f"Choose a {which}…", None)
            combo.currentIndexChanged.connect(lambda *_: self._refresh())
            caption = QLabel("&Linguist:" if which == "linguist" else "&Reviewer:", self)
            caption.setBuddy(combo)
            button = QPushButton(_with_mnemonic(f"Assign {which}"), self)
            button.setAccessibleName(f"Assign {which}")
            button.clicked.connect(lambda _=False, w=which: self._request(w))
            self.choosers[which], self.buttons[which] = combo, button
            grid.addWidget(caption, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(button, row, 2)
        self.bulk = QPushButton("Assign to all &selected languages", self)
        self.bulk.setAccessibleName("Assign to all selected languages")
        self.bulk.clicked.connect(self._request_bulk)
        grid.addWidget(self.bulk, 0, 3)
        hint = QLabel("Select several languages (Shift or Ctrl) to give them the same people "
                      "at once.", self)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn muted: a hint, not a control
        grid.addWidget(hint, 1, 3, 1, 2)
        grid.setColumnStretch(4, 1)
        self._refresh()

    # --- data in ---------------------------------------------------------------------

    def set_role(self, role: Role | str) -> None:
        self._role = role
        self._refresh()

    def set_members(self, members: Sequence[Member]) -> None:
        """The organization's people; linguists and reviewers fill the two choosers."""
        for which, combo in self.choosers.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"Choose a {which}…", None)
            for member in sorted((m for m in members if m.role == which),
                                 key=lambda m: m.name.casefold()):
                combo.addItem(member.name, member.user_id)
                combo.setItemData(combo.count() - 1, member.email, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)
        self._refresh()

    def set_languages(self, selected: Sequence[LanguageInfo]) -> None:
        """The languages selected in the map, as they are now."""
        self._languages = list(selected)
        self._refresh()

    def choose_person(self, which: str, user_id: str) -> bool:
        combo = self.choosers[which]
        found = combo.findData(user_id)
        if found >= 0:
            combo.setCurrentIndex(found)
        return found >= 0

    def chosen(self, which: str) -> str | None:
        value = self.choosers[which].currentData()
        return value if isinstance(value, str) and value else None

    # --- gates -----------------------------------------------------------------------

    def _refresh(self) -> None:
        codes = [info.code for info in self._languages]
        for which, button in self.buttons.items():
            label = f"Assign {which}"
            if not self._languages:
                decision = not_yet("Select a language first")
            elif len(self._languages) > 1:
                decision = not_yet("Several languages are selected; use Assign to all "
                                   "selected languages, or select one")
            else:
                info = self._languages[0]
                action, decision = assign_decision(info, which, self._role)
                if action in (QcAction.REASSIGN, QcAction.REASSIGN_REVIEWER):
                    label = f"Reassign {which}"
                if decision.allowed:
                    decision = self._person_check(which, info)
            button.setText(_with_mnemonic(label))
            button.setAccessibleName(label)
            set_gate(button, decision, f"{label} for {languages_words(codes)}")
        set_gate(self.bulk, self._bulk_decision(),
                 f"Give {languages_words(codes)} the chosen people in one step")

    def _person_check(self, which: str, info: LanguageInfo) -> Decision:
        chosen = self.chosen(which)
        if chosen is None:
            return not_yet(f"Choose a {which} first")
        if chosen == person_id(info.linguist if which == "linguist" else info.reviewer):
            return not_yet(f"{self.choosers[which].currentText()} is already the {which}")
        return Decision.yes()

    def _bulk_decision(self) -> Decision:
        if not self._languages:
            return not_yet("Select one or more languages first")
        wanted = [which for which in WHO if self.chosen(which)]
        if not wanted:
            return not_yet("Choose a linguist, a reviewer or both first")
        # The platform assigns all or none, so one refusal disables the button.
        for info in self._languages:
            for which in wanted:
                _, verdict = assign_decision(info, which, self._role)
                if not verdict.allowed:
                    return Decision.no(f"{language_label(info.code)}: {verdict.reason}",
                                       verdict.refusal or Refusal.STATE)
        return Decision.yes()

    # --- requests out ----------------------------------------------------------------

    def _request(self, which: str) -> None:
        user_id = self.chosen(which)
        if len(self._languages) == 1 and user_id and self.buttons[which].isEnabled():
            self.assignRequested.emit(self._languages[0].code, which, user_id)

    def _request_bulk(self) -> None:
        if self._languages and self.bulk.isEnabled():
            self.bulkAssignRequested.emit([info.code for info in self._languages],
                                          self.chosen("linguist"), self.chosen("reviewer"))
