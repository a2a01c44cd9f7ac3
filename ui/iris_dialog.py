"""Open a job from an IRIS server: its address, your IRIS user, the job id.

The password goes to the keyring (through the `SecretStore`) and is asked
for only when none is stored. The dialog fetches the job's TMX and its QA
results on the asyncio loop (never blocking the window), then hands them over
with `downloaded` and closes; on failure it shows IRIS's own message and
stays open.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sync.errors import SyncError
from sync.iris import IrisClient, IrisConnection, UnitFlag
from sync.secret_store import SecretStore


@dataclass(frozen=True)
class IrisDownload:
    """A job's TMX as IRIS exported it, with IRIS's QA flags per unit."""

    connection: IrisConnection
    job_id: str
    tmx: bytes
    flags: tuple[UnitFlag, ...]


class IrisJobDialog(QDialog):
    """Signals: downloaded(IrisDownload) once the TMX and its QA results are here."""

    downloaded = Signal(object)

    def __init__(self, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self._task: asyncio.Task[None] | None = None
        self.setWindowTitle("Open IRIS job")
        self.setAccessibleName("Open a job from an IRIS server")
        remembered = QSettings()
        self.server = QLineEdit(str(remembered.value("iris/base_url", "") or ""), self)
        self.server.setAccessibleName("IRIS server address")
        self.server.setPlaceholderText("https://iris.example.org")
        self.username = QLineEdit(str(remembered.value("iris/username", "") or ""), self)
        self.username.setAccessibleName("IRIS user name")
        self.password = QLineEdit(self)
        self.password.setAccessibleName("IRIS password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("only needed the first time")
        self.job = QLineEdit(str(remembered.value("iris/job", "") or ""), self)
        self.job.setAccessibleName("IRIS job id")
        self.message = QLabel("", self)
        self.message.setAccessibleName("Result")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Server", self.server)
        form.addRow("&User", self.username)
        form.addRow("&Password", self.password)
        form.addRow("&Job id", self.job)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Open job")
        ok.setAccessibleName("Open job")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _on_buttons_accepted(self) -> None:
        base_url = self.server.text().strip().rstrip("/")
        user, job = self.username.text().strip(), self.job.text().strip()
        if not base_url or not user or not job:
            self.message.setText("Type the server address, your IRIS user and the job id.")
            return
        self.message.setText(f"Fetching {job} from IRIS…")
        self.buttons.setEnabled(False)
        connection = IrisConnection(base_url, user)
        self._task = asyncio.ensure_future(self._fetch(connection, job, self.password.text()))

    async def _fetch(self, connection: IrisConnection, job_id: str, typed: str) -> None:
        try:
            password = typed or await self._secrets.get(connection.secret_name)
            if not password:
                self._failed("No IRIS password is stored for this user yet: type it once.")
                return
            client = IrisClient(connection, password)
            try:
                tmx = await client.export_tmx(job_id)
                flags = await client.verification_results(job_id)
            finally:
                await client.aclose()
            if typed:
                await self._secrets.set(connection.secret_name, typed)
        except SyncError as error:
            self._failed(f"IRIS said: {error.detail}")
            return
        settings = QSettings()
        settings.setValue("iris/base_url", connection.base_url)
        settings.setValue("iris/username", connection.username)
        settings.setValue("iris/job", job_id)
        self.password.clear()
        self.downloaded.emit(IrisDownload(connection, job_id, tmx, tuple(flags)))
        self.accept()

    def _failed(self, text: str) -> None:
        self.message.setText(text)
        self.buttons.setEnabled(True)
