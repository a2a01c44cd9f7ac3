"""The IRIS document-translation server (seed 000): TMX out for review, QA flags, TMX back in.

A connection is a base URL and a user name; the password lives in the
keyring (`SecretStore`) under `iris_secret_name(...)`, never in files. IRIS
answers errors as `{"error": {"code", "message"}}`; `sync.errors` reads that
form, so the person sees IRIS's own message.

Uploading a reviewed file goes through the outbox (`queue_tmx_import` in
`app/`, sent by `IrisSender` here): the file is kept on disk, the item is
retried until it lands, and it carries an Idempotency-Key so IRIS can tell a
replay from a second import.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from app.storage import OutboxItem
from sync.errors import CannotSend, UnexpectedAnswer
from sync.secret_store import SecretStore
from sync.transport import Transport


@dataclass(frozen=True, slots=True)
class IrisConnection:
    base_url: str
    username: str

    @property
    def secret_name(self) -> str:
        return iris_secret_name(self.base_url, self.username)


def iris_secret_name(base_url: str, username: str) -> str:
    return f"iris:{base_url.rstrip('/')}|{username}"


@dataclass(frozen=True, slots=True)
class UnitFlag:
    """One QA result IRIS reported for a unit."""

    unit_id: str
    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    units_total: int
    units_updated: int
    unknown_units: tuple[str, ...]


class IrisClient:
    """Talks to one IRIS server as one user."""

    def __init__(self, connection: IrisConnection, password: str,
                 transport: Transport | None = None) -> None:
        self.connection = connection
        self._transport = transport or Transport(connection.base_url)
        token = base64.b64encode(f"{connection.username}:{password}".encode()).decode()
        self._auth = {"Authorization": f"Basic {token}"}

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def _json(self, method: str, path: str, **options: Any) -> Any:
        answer = await self._transport.request(method, path, headers=self._auth, **options)
        try:
            return json.loads(answer.content or b"null")
        except ValueError:
            raise UnexpectedAnswer(f"IRIS answered {path} with something that is not JSON") \
                from None

    async def export_tmx(self, job_id: str) -> bytes:
        """Ask IRIS for the job's TMX and download it (the link is signed and public)."""
        answer = await self._json("POST", f"/api/v1/jobs/{job_id}/tmx-export")
        artifact = answer.get("artifact", answer) if isinstance(answer, Mapping) else None
        url = artifact.get("download_url") if isinstance(artifact, Mapping) else None
        if not isinstance(url, str) or not url:
            raise UnexpectedAnswer("IRIS's export answer has no download link")
        absolute = urljoin(self.connection.base_url.rstrip("/") + "/", url)
        # A plain GET: signed links are public, and IRIS's credentials stay with IRIS.
        download = await self._transport.request("GET", absolute,
                                                 headers={"Accept": "*/*"})
        return download.content

    async def verification_results(self, job_id: str) -> list[UnitFlag]:
        """IRIS's QA results as flags on units (passed units give none)."""
        answer = await self._json("GET", f"/api/v1/jobs/{job_id}/verification-results")
        results = answer.get("results", []) if isinstance(answer, Mapping) else answer
        flags: list[UnitFlag] = []
        for result in results if isinstance(results, list) else []:
            if not isinstance(result, Mapping):
                continue
            unit = str(result.get("unit_id") or result.get("tuid") or "")
            for check in result.get("checks") or []:
                if isinstance(check, Mapping) and unit:
                    flags.append(UnitFlag(unit, str(check.get("code", "check")),
                                          str(check.get("severity", "")),
                                          str(check.get("message", ""))))
        return flags

    async def import_tmx(self, job_id: str, data: bytes, file_name: str,
                         idempotency_key: str) -> ImportSummary:
        answer = await self._json(
            "POST", f"/api/v1/jobs/{job_id}/tmx-import", idempotency_key=idempotency_key,
            files={"file": (file_name, data, "application/x-tmx+xml")})
        summary = answer.get("import", answer) if isinstance(answer, Mapping) else {}
        if not isinstance(summary, Mapping):
            summary = {}
        return ImportSummary(
            int(summary.get("units_total") or 0), int(summary.get("units_updated") or 0),
            tuple(str(u) for u in summary.get("unknown_units") or ()))


class IrisSender:
    """Sends queued reviewed-TMX uploads; one client per connection, made on first use."""

    def __init__(self, secrets: SecretStore, transport: Transport | None = None) -> None:
        self._secrets = secrets
        self._transport = transport
        self._clients: dict[IrisConnection, IrisClient] = {}
        self.summaries: dict[int, ImportSummary] = {}

    async def send(self, item: OutboxItem) -> None:
        payload = item.payload if isinstance(item.payload, Mapping) else {}
        connection = IrisConnection(str(payload.get("base_url", "")),
                                    str(payload.get("username", "")))
        path = Path(str(payload.get("file", "")))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CannotSend(f"The reviewed file {path} cannot be read: "
                             f"{error.strerror or error}") from None
        client = await self._client(connection)
        summary = await client.import_tmx(str(payload.get("job_id")), data, path.name,
                                          item.idempotency_key)
        self.summaries[item.id] = summary

    async def _client(self, connection: IrisConnection) -> IrisClient:
        if connection not in self._clients:
            password = await self._secrets.get(connection.secret_name)
            if password is None:
                raise CannotSend(f"No password for IRIS at {connection.base_url} is stored; "
                                 "add the IRIS connection again, then retry.")
            self._clients[connection] = IrisClient(connection, password, self._transport)
        return self._clients[connection]

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
