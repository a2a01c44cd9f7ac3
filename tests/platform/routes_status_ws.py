"""`/ws/status`: a WebSocket that announces job status and language-QC changes.

The bearer token comes as `?token=` (browsers cannot set headers on a
WebSocket). A bad or expired token is accepted and then closed with code
4401, so the client can tell "sign in again" from a network failure. The
first message is `{"type": "connected"}`, which tells a test that the
subscription is live; later ones are `job_status` and `language_qc`.
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, HTTPException, WebSocket

from tests.platform.context import EmulatorDep
from tests.platform.events import Subscription
from tests.platform.security import user_from_token

router = APIRouter(tags=["live status"])

AUTH_FAILED = 4401


@router.websocket("/ws/status")
async def status_socket(websocket: WebSocket, emu: EmulatorDep) -> None:
    token = websocket.query_params.get("token", "")
    await websocket.accept()
    try:
        user = user_from_token(emu, token)
    except HTTPException as exc:
        await websocket.close(code=AUTH_FAILED, reason=str(exc.detail))
        return
    sub = emu.hub.subscribe(user.id, user.role, user.client_id)
    try:
        await websocket.send_json({"type": "connected", "user_id": user.id})
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_forward, websocket, sub)
            await _read_until_closed(websocket)
            tasks.cancel_scope.cancel()
    finally:
        emu.hub.unsubscribe(sub)


async def _forward(websocket: WebSocket, sub: Subscription) -> None:
    while True:
        await websocket.send_json(await sub.queue.get())


async def _read_until_closed(websocket: WebSocket) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") in ('{"type":"ping"}', '{"type": "ping"}', "ping"):
            await websocket.send_json({"type": "pong"})
