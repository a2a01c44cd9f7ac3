"""Small questions the QC board asks before a job action: why, and for which language.

Each returns None when the person cancels, so nothing is sent. OK stays
disabled until the answer is usable (a reason that is not blank).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.qc_labels import language_label


class ReasonDialog(QDialog):
    """Asks why; the text goes to the server as the action's `reason`."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("Reason")
        self.text.setAccessibleDescription(prompt)
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.setText(title)
        self.text.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.resize(420, 220)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def _update_ok(self) -> None:
        ready = bool(self.reason())
        self.ok_button.setEnabled(ready)
        self.ok_button.setToolTip("" if ready else "Write the reason first")


class LanguageDialog(QDialog):
    """Asks which of the job's languages an action is for (Retry TTS)."""

    def __init__(
        self, title: str, prompt: str, languages: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName("Language")
        for code in languages:
            self.choice.addItem(language_label(code), code)
        label.setBuddy(self.choice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(languages))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.choice)
        layout.addWidget(self.buttons)

    def language(self) -> str | None:
        value = self.choice.currentData()
        return value if isinstance(value, str) else None


def ask_reason(parent: QWidget | None, title: str, prompt: str) -> str | None:
    dialog = ReasonDialog(title, prompt, parent)
    try:
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_language(
    parent: QWidget | None, title: str, prompt: str, languages: Sequence[str]
) -> str | None:
    dialog = LanguageDialog(title, prompt, languages, parent)
    try:
        return dialog.language() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
