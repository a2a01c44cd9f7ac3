"""A small IRIS emulator (seed 000) for the segment round trip, on loopback.

    with IrisServer() as iris:
        iris.base_url, iris.username, iris.password

Only what the workstation uses: `tmx-export` (an artifact with a signed,
public download URL), the artifact download, `verification-results`, and
`tmx-import` (multipart `file`). HTTP Basic auth; errors in IRIS's
`{"error": {"code", "message"}}` form. A repeated `Idempotency-Key` gets the
first answer back, and `imports` records every import that was applied, so a
test can count duplicates. `fail_next` makes the next N requests answer 503.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from tests.iris.documents import InvalidTmx, IrisJob, job_tmx, read_targets, seed_jobs

USERNAME = "reviewer"
PASSWORD = "iris-password"


def _error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


@dataclass
class IrisState:
    jobs: dict[str, IrisJob] = field(default_factory=seed_jobs)
    artifacts: dict[str, bytes] = field(default_factory=dict)
    imports: list[dict[str, Any]] = field(default_factory=list)
    answers_by_key: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    fail_next: int = 0
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(16))


_TAG = re.compile(r"<(bpt|ept|ph|it|hi|ut)\b.*?</\1>|<[^>]+/>", re.DOTALL)


def _numbers(inner_xml: str) -> list[str]:
    return sorted(re.findall(r"\d+", _TAG.sub("", inner_xml)))


def _token(state: IrisState, artifact_id: str) -> str:
    return hmac.new(state.secret, artifact_id.encode(), hashlib.sha256).hexdigest()


def create_app(state: IrisState) -> FastAPI:
    app = FastAPI(title="IRIS emulator")

    @app.middleware("http")
    async def gate(request: Request, call_next: Any) -> Any:
        state.requests.append((request.method, request.url.path))
        if state.fail_next > 0:
            state.fail_next -= 1
            return _error(503, "unavailable", "IRIS is restarting", **{"Retry-After": "0"})
        if request.url.path.endswith("/download"):
            return await call_next(request)  # signed downloads are public
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return _error(401, "not_authenticated", "Invalid username or password.",
                          **{"WWW-Authenticate": 'Basic realm="api"'})
        return await call_next(request)

    def job_or_error(job_id: str) -> IrisJob | JSONResponse:
        job = state.jobs.get(job_id)
        if job is None:
            return _error(404, "job_not_found", f"Job {job_id} does not exist.")
        return job

    @app.post("/api/v1/jobs/{job_id}/tmx-export")
    async def tmx_export(job_id: str, request: Request) -> Any:
        job = job_or_error(job_id)
        if isinstance(job, JSONResponse):
            return job
        if job.status != "review":
            return _error(409, "job_not_ready",
                          f"Job {job_id} is {job.status}; TMX export needs a job in review.")
        data = job_tmx(job)
        artifact_id = f"art-{len(state.artifacts) + 1}"
        state.artifacts[artifact_id] = data
        url = (f"{request.base_url}api/v1/artifacts/{artifact_id}/download"
               f"?token={_token(state, artifact_id)}")
        return JSONResponse({"artifact": {
            "id": artifact_id, "kind": "tmx", "download_url": url, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}}, status_code=201)

    @app.get("/api/v1/artifacts/{artifact_id}/download")
    async def download(artifact_id: str, token: str = "") -> Any:
        data = state.artifacts.get(artifact_id)
        if data is None or not hmac.compare_digest(token, _token(state, artifact_id)):
            return _error(403, "invalid_token", "This download link is not valid.")
        return Response(data, media_type="application/x-tmx+xml")

    @app.get("/api/v1/jobs/{job_id}/verification-results")
    async def verification(job_id: str) -> Any:
        job = job_or_error(job_id)
        if isinstance(job, JSONResponse):
            return job
        results = []
        for unit in job.units:
            checks = []
            if _numbers(unit.source) != _numbers(unit.target):
                checks.append({"code": "number_mismatch", "severity": "major",
                               "message": "Numbers differ between source and target"})
            if unit.source == unit.target:
                checks.append({"code": "untranslated", "severity": "critical",
                               "message": "The target repeats the source"})
            if unit.source.count("<ph") != unit.target.count("<ph"):
                checks.append({"code": "tag_mismatch", "severity": "major",
                               "message": "A placeholder tag is missing in the target"})
            results.append({"unit_id": unit.id, "status": "failed" if checks else "passed",
                            "checks": checks})
        return {"job_id": job_id, "results": results}

    @app.post("/api/v1/jobs/{job_id}/tmx-import")
    async def tmx_import(job_id: str, request: Request) -> Any:
        key = request.headers.get("idempotency-key")
        if key and key in state.answers_by_key:
            status, body = state.answers_by_key[key]
            return JSONResponse(body, status_code=status)
        job = job_or_error(job_id)
        if isinstance(job, JSONResponse):
            return job
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return _error(400, "file_required", "Send the reviewed TMX as the 'file' field.")
        try:
            targets = read_targets(await upload.read(), job.target_language)
        except InvalidTmx as error:
            return _error(400, "invalid_tmx", f"The TMX could not be read: {error}")
        known = {unit.id: unit for unit in job.units}
        updated = [uid for uid, text in targets.items()
                   if uid in known and known[uid].target != text]
        for uid in updated:
            known[uid].target = targets[uid]
        summary = {"import": {
            "id": f"imp-{len(state.imports) + 1}", "units_total": len(targets),
            "units_updated": len(updated), "units_unchanged": len(targets) - len(updated)
            - len([u for u in targets if u not in known]),
            "unknown_units": sorted(u for u in targets if u not in known)}}
        state.imports.append({"job_id": job_id, "updated": updated})
        if key:
            state.answers_by_key[key] = (200, summary)
        return JSONResponse(summary)

    return app


class IrisServer:
    """The emulator on a loopback port, on a background thread."""

    username = USERNAME
    password = PASSWORD

    def __init__(self, port: int = 0, state: IrisState | None = None) -> None:
        self.state = state or IrisState()
        self._requested_port = port
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> IrisServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._requested_port))
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(
            create_app(self.state), host="127.0.0.1", port=self.port, http="h11",
            lifespan="off", log_level="warning", access_log=False))
        self._server = server
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                        name="iris-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the IRIS emulator did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> IrisServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
