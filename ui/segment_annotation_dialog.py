"""The dialog that logs an error on a segment: category, severity and a short comment."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.segments.review import ERROR_CATEGORIES, SEVERITIES
from app.segments.segment import MqmError


class AnnotationDialog(QDialog):
    """Asks for one MQM error; `error()` gives it once the dialog is accepted."""

    def __init__(self, segment_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log an error")
        self.setAccessibleName("Log an error")
        self.category = QComboBox(self)
        self.category.addItems(list(ERROR_CATEGORIES))
        self.category.setAccessibleName("Error category")
        self.severity = QComboBox(self)
        self.severity.addItems(list(SEVERITIES))
        self.severity.setCurrentText("Minor")
        self.severity.setAccessibleName("Severity")
        self.severity.setAccessibleDescription(
            "Preferential is logged but not scored; Minor counts 1, Major 5, Critical 25.")
        self.comment = QLineEdit(self)
        self.comment.setAccessibleName("Comment")
        self.comment.setPlaceholderText("What is wrong, in a few words")
        form = QFormLayout()
        form.addRow("&Category:", self.category)
        form.addRow("&Severity:", self.severity)
        form.addRow("C&omment:", self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Error in {segment_label}:", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def error(self) -> MqmError:
        return MqmError(category=self.category.currentText(),
                        severity=self.severity.currentText(),
                        comment=self.comment.text().strip())
