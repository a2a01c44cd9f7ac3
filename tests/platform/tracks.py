"""VTT tracks as stored versions: read the latest, append a version, who may write.

Shared by the VTT routes and the accessible-video routes (which read the
descriptions track), and home of the concurrent editor: an armed edit is saved
as someone else's version just before the client's write is looked at.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import HTTPException

from tests.platform.context import Emulator
from tests.platform.security import STAFF, User
from tests.platform.store import utc_now
from tests.platform.vtt_text import concurrent_edit

Kind = Literal["captions", "descriptions"]


def latest_version(emu: Emulator, job_id: str, lang: str, kind: str) -> dict[str, Any] | None:
    return emu.store.one(
        "SELECT * FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ? "
        "ORDER BY version DESC LIMIT 1",
        (job_id, lang, kind),
    )


def require_latest(emu: Emulator, job_id: str, lang: str, kind: str) -> dict[str, Any]:
    row = latest_version(emu, job_id, lang, kind)
    if row is None:
        raise HTTPException(404, f"No {kind} track for language '{lang}'")
    return row


def append_version(
    emu: Emulator,
    job_id: str,
    lang: str,
    kind: str,
    content: str,
    author_id: str,
    comment: str | None,
) -> dict[str, Any]:
    """Save `content` as the next version; call inside a transaction."""
    current = emu.store.scalar(
        "SELECT MAX(version) FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = ?",
        (job_id, lang, kind),
    )
    version = int(current or 0) + 1
    now = utc_now()
    emu.store.execute(
        "INSERT INTO vtt_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (job_id, lang, kind, version, content, now, author_id, comment),
    )
    emu.store.execute("UPDATE jobs SET updated_at = ? WHERE id = ?", (now, job_id))
    return {"job_id": job_id, "lang": lang, "kind": kind, "version": version, "updated_at": now}


def ensure_track_writer(emu: Emulator, user: User, job: dict[str, Any], lang: str) -> None:
    """Clients read only; a linguist writes only the languages assigned to them."""
    if user.role in STAFF or user.role == "reviewer":
        return
    if user.role == "linguist":
        assigned = emu.store.scalar(
            "SELECT linguist_id FROM language_qc WHERE job_id = ? AND lang = ?", (job["id"], lang)
        )
        if assigned == user.id:
            return
        raise HTTPException(403, f"Language '{lang}' is not assigned to you")
    raise HTTPException(403, f"Role '{user.role}' may not edit tracks")


def run_concurrent_editor(emu: Emulator, job_id: str, lang: str, kind: str) -> None:
    """If a test armed the concurrent editor on this track, save their version now."""
    edit = emu.faults.take_concurrent_edit(job_id, lang, kind)
    if edit is None:
        return
    with emu.store.tx():
        current = require_latest(emu, job_id, lang, kind)
        content = edit.content if edit.content is not None else concurrent_edit(current["content"])
        append_version(emu, job_id, lang, kind, content, edit.author_id, "Concurrent edit")
