"""Reviewed TMX files waiting to go back to an IRIS server, kept on disk and queued.

The file is written beside the profile database first (atomically), then the
upload is queued in the outbox; the outbox row names the file, so a crash
between the two leaves at worst an unused file, never a queued upload
without its content. Each IRIS job has its own lane (`iris:<job id>`).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from app.storage.database import Database
from app.storage.outbox import Outbox, OutboxItem
from app.storage.states import OutboxKind

UPLOADS_FOLDER = "iris-uploads"


def iris_lane(job_id: str) -> str:
    return f"iris:{job_id}"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "job"


def queue_tmx_import(database: Database, *, base_url: str, username: str, job_id: str,
                     data: bytes) -> OutboxItem:
    """Keep `data` on disk and queue its upload to IRIS job `job_id`."""
    folder = database.path.parent / UPLOADS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    target = folder / f"{_safe(job_id)}-{digest[:16]}.tmx"
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return Outbox(database).enqueue(
        iris_lane(job_id), "", OutboxKind.IRIS_TMX_IMPORT.value, job_id,
        {"base_url": base_url, "username": username, "job_id": job_id, "file": str(target),
         "sha256": digest})
