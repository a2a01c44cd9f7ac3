"""A worker killed between a request's headers and its body must not poison the request.

Found by the soak test: httpx writes a POST's headers and body separately, so
a SIGKILL can land between them. The emulator's idempotency layer then ran
the route with an empty body, stored its 422 under the request's
Idempotency-Key, and refused the complete replay after the restart as "reused
with a different request body", a final refusal: the comment never arrived
and its lane stopped. A request whose body never arrived was never made.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time

from app.storage import CommentStore, Database, Outbox
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, LINGUIST, signed_in_and_pulled


def _headers_then_gone(server: PlatformServer, path: str, key: str, body: bytes) -> None:
    """What a process killed after writing a request's headers leaves on the wire."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {server.access_token(LINGUIST)}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Idempotency-Key: {key}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port)) as connection:
        connection.sendall(head)
        time.sleep(0.1)  # the server has read the headers and waits for the body


def test_a_request_cut_before_its_body_is_replayed_normally(
    platform_server: PlatformServer, database: Database
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        comment = CommentStore(database).add_comment(JOB, "fr", "Cut mid-request", author="me")
        (item,) = Outbox(database).pending_items()
        path = f"/api/v1/language-qc/jobs/{JOB}/languages/fr/comments"
        body = json.dumps({"id": comment.id, "body": comment.body}).encode()
        await asyncio.to_thread(
            _headers_then_gone, platform_server, path, item.idempotency_key, body
        )
        await asyncio.sleep(0.1)

        report = await session.worker.drain()

        assert report.sent == 1 and report.failed == 0 and report.remaining == 0
        count = platform_server.store.scalar(
            "SELECT COUNT(*) FROM qc_comments WHERE id = ?", (comment.id,)
        )
        assert count == 1
        await session.stop()

    asyncio.run(scenario())
