"""The About box: what this is, and the versions support will ask for.

The versions come from `ui.versions.installed_versions`, the same list
`review-workstation --version` prints, shown as a two-column table a screen
reader reads row by row, with a button that copies them as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from ui.versions import installed_versions

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "review-workstation-64.png"


class AboutDialog(QDialog):
    """Name, purpose and the version table; `extra` adds rows such as the player in use."""

    def __init__(self, extra: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Review Workstation")
        self.setAccessibleName("About Review Workstation")
        self.versions = {**installed_versions(), **(extra or {})}

        icon = QLabel(self)
        icon.setPixmap(QPixmap(str(ICON)))
        icon.setAccessibleName("Review Workstation icon")
        title = QLabel(f"<h2>Review Workstation {__version__}</h2>", self)
        title.setAccessibleName(f"Review Workstation {__version__}")
        purpose = QLabel(
            "Review captions, audio description and translations of accessible video, "
            "offline first: every edit is kept on this computer until the platform has it.",
            self)
        purpose.setWordWrap(True)
        purpose.setAccessibleName("What Review Workstation is for")
        heading = QHBoxLayout()
        heading.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(purpose)
        heading.addLayout(words, 1)

        # A handful of fixed rows: a QTableWidget is right here (no model to keep in sync).
        self.table = QTableWidget(len(self.versions), 2, self)
        self.table.setHorizontalHeaderLabels(["Component", "Version"])
        self.table.setAccessibleName("Versions")
        self.table.setAccessibleDescription("The version of each component, one per row")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for row, (name, value) in enumerate(self.versions.items()):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(value))
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Tall enough for every row, so there is nothing to scroll and no empty band.
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(rows.length() + header.sizeHint().height() + frame)

        self.copy_button = QPushButton("&Copy versions", self)
        self.copy_button.setAccessibleName("Copy versions")
        self.copy_button.setAccessibleDescription("Copy the version list to the clipboard")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def as_text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.versions.items())

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())
