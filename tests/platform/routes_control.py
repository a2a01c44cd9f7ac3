"""`/_emulator`: switches for a person driving the emulator by hand.

Not part of the platform. Never faulted, never authenticated (the emulator
listens on loopback only). Tests in-process use `PlatformServer.faults`
directly; these routes are the same controls over HTTP.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from tests.platform.context import EmulatorDep
from tests.platform.faults import FaultSettings
from tests.platform.tracks import Kind

router = APIRouter(prefix="/_emulator", tags=["emulator control"])

_FIELDS = {f.name for f in dataclasses.fields(FaultSettings)}


class ConcurrentEditRequest(BaseModel):
    job_id: str
    lang: str
    kind: Kind = "captions"
    content: str | None = None
    author_id: str = "u-linguist2"


@router.get("/health")
def health(emu: EmulatorDep) -> dict[str, Any]:
    return {
        "ok": True,
        "seeded_from_demo": emu.store.setting("seeded_from_demo") == "yes",
        "main_job_id": emu.store.setting("main_job_id"),
    }


@router.get("/faults")
def get_faults(emu: EmulatorDep) -> dict[str, Any]:
    return emu.faults.snapshot()


@router.post("/faults")
def set_faults(changes: dict[str, Any], emu: EmulatorDep) -> dict[str, Any]:
    unknown = sorted(set(changes) - _FIELDS)
    if unknown:
        raise HTTPException(
            422,
            [
                {"loc": ["body", name], "msg": "unknown fault switch", "type": "value_error"}
                for name in unknown
            ],
        )
    try:
        emu.faults.set(**changes)
    except (TypeError, ValueError, re.error) as exc:
        raise HTTPException(422, str(exc)) from exc
    return emu.faults.snapshot()


@router.post("/faults/reset")
def reset_faults(emu: EmulatorDep) -> dict[str, Any]:
    emu.faults.reset()
    return emu.faults.snapshot()


@router.post("/expire-tokens", status_code=204)
def expire_tokens(emu: EmulatorDep) -> None:
    emu.faults.expire_access_tokens()


@router.post("/concurrent-edit", status_code=204)
def arm_concurrent_edit(body: ConcurrentEditRequest, emu: EmulatorDep) -> None:
    emu.faults.arm_concurrent_edit(body.job_id, body.lang, body.kind, body.content, body.author_id)


@router.get("/requests")
def request_log(emu: EmulatorDep, method: str | None = None, path: str | None = None) -> list[Any]:
    return emu.faults.requests(method, path)
