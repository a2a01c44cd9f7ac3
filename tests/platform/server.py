"""Run the emulator in-process: uvicorn on a background thread, on loopback.

    with PlatformServer(tmp_path) as server:
        server.faults.set(fail_next=1)
        httpx.get(server.api_url + "/jobs", headers=server.auth_headers("pm@demo.test"))

The socket is bound before uvicorn starts, so `port=0` gives a free port that
is known at once; `start()` returns only when the server answers.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import uvicorn

from tests.platform.app import build_emulator, create_app
from tests.platform.context import Emulator, EmulatorConfig
from tests.platform.demo_workspace import DEMO_DIR
from tests.platform.faults import FaultController, FaultSettings
from tests.platform.seed import DEMO_PASSWORD
from tests.platform.store import Store


class PlatformServer:
    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        access_token_ttl_s: float = 15 * 60,
        signed_url_ttl_s: float = 15 * 60,
        faults: FaultSettings | None = None,
        demo_dir: Path = DEMO_DIR,
    ) -> None:
        config = EmulatorConfig(
            data_dir=Path(data_dir),
            access_token_ttl_s=access_token_ttl_s,
            signed_url_ttl_s=signed_url_ttl_s,
        )
        self.emulator: Emulator = build_emulator(config, faults, demo_dir)
        self._host = host
        self._requested_port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- life cycle -------------------------------------------------------------
    def start(self, timeout_s: float = 10.0) -> PlatformServer:
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only
        # when the proto says TCP, and without it every answer waits ~40 ms for a
        # delayed ACK (Nagle), since h11 writes headers and body separately.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(self.emulator),
            host=self._host,
            port=self.port,
            http="h11",
            ws="websockets-sansio",
            lifespan="off",
            log_level="warning",
            access_log=False,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=self._serve, args=(server, sock), name="platform-emulator", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout_s
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("platform emulator did not start")
            time.sleep(0.005)
        return self

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()
            self.emulator.store.close()

    def stop(self, wait: bool = True) -> None:
        """Stop serving. `wait=False` returns at once and lets the thread wind down.

        uvicorn's shutdown has ~150 ms of fixed sleeps; a test fixture need not
        wait for them, since every test has its own port and database.
        """
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
            # No graceful wait for idle keep-alive connections or open status
            # sockets: a test double has no work worth finishing.
            server.force_exit = True
        if wait and thread is not None:
            thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> PlatformServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where and what -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    def ws_url(self, token: str) -> str:
        return f"ws://{self._host}:{self.port}/api/v1/ws/status?token={token}"

    @property
    def faults(self) -> FaultController:
        return self.emulator.faults

    @property
    def store(self) -> Store:
        """The emulator's database, for tests that check what was (not) applied."""
        return self.emulator.store

    @property
    def main_job_id(self) -> str:
        """The demo workspace's job (its id comes from resources/demo/job.json)."""
        return self.store.setting("main_job_id") or "demo-0001"

    # -- conveniences for tests -----------------------------------------------------
    def access_token(self, email: str) -> str:
        """A fresh access token for a seeded account, issued without an HTTP login.

        Straight from the token service, so an armed fault is not spent on a
        test's set-up; use `POST /auth/login` to test logging in itself.
        """
        row = self.store.one("SELECT id, role FROM users WHERE email = ?", (email,))
        if row is None:
            raise KeyError(email)
        token, _ = self.emulator.tokens.issue_access(row["id"], row["role"])
        return token

    def http_login(self, client: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> str:
        """Log `client` in over HTTP (it keeps the refresh cookie); returns the access token."""
        answer = client.post(
            f"{self.api_url}/auth/login", json={"email": email, "password": password}
        )
        answer.raise_for_status()
        token = str(answer.json()["access_token"])
        client.headers["Authorization"] = f"Bearer {token}"
        return token

    def auth_headers(self, email: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token(email)}"}

    def client(self, email: str | None = None, **kwargs: Any) -> httpx.Client:
        """An httpx client on the API root, signed in as `email` when given."""
        headers = dict(kwargs.pop("headers", {}))
        if email is not None:
            headers.update(self.auth_headers(email))
        return httpx.Client(base_url=self.api_url, headers=headers, **kwargs)
