"""Sign in to a server: its address, your email and password.

The dialog never waits on the network itself: it asks the sync bridge to sign
in, shows "Signing in…", and closes when the bridge says it worked (or shows
the server's reason and stays open).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.sync_bridge import SyncBridge


class SignInDialog(QDialog):
    def __init__(self, bridge: SyncBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.setWindowTitle("Sign in")
        self.setAccessibleName("Sign in to the platform")
        settings = bridge.settings
        self.server = QLineEdit(settings.server_url or "http://127.0.0.1:8012", self)
        self.server.setAccessibleName("Server address")
        self.email = QLineEdit(settings.user_email or "", self)
        self.email.setAccessibleName("Email")
        self.password = QLineEdit(self)
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("", self)
        self.message.setAccessibleName("Sign-in result")
        self.message.setWordWrap(True)
        if bridge.memory_only_reason:
            self.message.setText(f"Your session will be kept for this run only: "
                                 f"{bridge.memory_only_reason}.")
        form = QFormLayout()
        form.addRow("&Server", self.server)
        form.addRow("&Email", self.email)
        form.addRow("&Password", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        ok.setAccessibleName("Sign in")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        bridge.signed_in.connect(self._on_bridge_signed_in)
        bridge.sign_in_failed.connect(self._on_bridge_sign_in_failed)
        (self.password if self.email.text() else self.email).setFocus()

    def _on_buttons_accepted(self) -> None:
        if not self.server.text().strip() or not self.email.text().strip():
            self.message.setText("Type the server address and your email.")
            return
        self.message.setText("Signing in…")
        self.buttons.setEnabled(False)
        self._bridge.sign_in(self.server.text().strip(), self.email.text().strip(),
                             self.password.text())

    def _on_bridge_signed_in(self, who: str) -> None:
        self.password.clear()
        self.accept()

    def _on_bridge_sign_in_failed(self, reason: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"Not signed in: {reason}")
        self.password.setFocus()
        self.password.selectAll()
