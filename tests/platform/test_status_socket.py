"""`/ws/status`: job and language-QC changes are announced to signed-in sockets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.platform.seed import JOB_FINAL_REVIEW, JOB_IN_QC, JOB_PENDING_QC
from tests.platform.server import PlatformServer


def _next(socket: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(socket.recv(timeout=5)))


def test_announces_job_status_and_language_qc(platform_server: PlatformServer) -> None:
    token = platform_server.access_token("reviewer@demo.test")
    with connect(platform_server.ws_url(token)) as socket:
        assert _next(socket) == {"type": "connected", "user_id": "u-reviewer"}
        with platform_server.client("reviewer@demo.test") as reviewer:
            reviewer.post(f"/jobs/{JOB_PENDING_QC}/actions/approve_source").raise_for_status()
            message = _next(socket)
            assert (message["type"], message["job_id"], message["status"]) == (
                "job_status",
                JOB_PENDING_QC,
                "in_qc",
            )
            reviewer.post(f"/language-qc/jobs/{JOB_IN_QC}/languages/es/open-review")
            assert _next(socket) == {
                "type": "language_qc",
                "job_id": JOB_IN_QC,
                "language": "es",
                "state": "in_review",
            }
        socket.send('{"type":"ping"}')
        assert _next(socket) == {"type": "pong"}


def test_client_accounts_hear_only_their_jobs(platform_server: PlatformServer) -> None:
    token = platform_server.access_token("client@demo.test")
    with connect(platform_server.ws_url(token)) as socket:
        _next(socket)
        with platform_server.client("pm@demo.test") as pm:
            pm.post(f"/jobs/{JOB_FINAL_REVIEW}/actions/complete").raise_for_status()
        with platform_server.client("reviewer@demo.test") as reviewer:
            reviewer.post(f"/jobs/{JOB_PENDING_QC}/actions/approve_source").raise_for_status()
        assert _next(socket)["job_id"] == JOB_PENDING_QC  # the other client's job was skipped


def test_bad_token_is_closed_with_4401(platform_server: PlatformServer) -> None:
    with (
        connect(platform_server.ws_url("not-a-token")) as socket,
        pytest.raises(ConnectionClosed) as closed,
    ):
        socket.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
