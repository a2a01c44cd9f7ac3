"""How a job row is shown: list items, the detail with its language output map."""

from __future__ import annotations

import json
from typing import Any

from tests.platform.context import Emulator

_SOURCE_OUTPUT_STATUS = {
    "in_qc": "approved",
    "final_review": "approved",
    "complete": "approved",
}
_TARGET_OUTPUT_STATUS = {
    "submitted": "in_review",
    "in_review": "in_review",
    "approved": "approved",
}


def job_languages(row: dict[str, Any]) -> list[str]:
    """Source first, then the requested target languages."""
    targets = json.loads(row["requested_outputs"]).get("languages", [])
    return [row["source_language"], *[t for t in targets if t != row["source_language"]]]


def list_item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "status": row["status"],
        "title": row["title"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "source_language": row["source_language"],
        "languages": job_languages(row),
        "org_id": row["org_id"],
        "client_id": row["client_id"],
        "project_id": row["project_id"],
    }


def detail(emu: Emulator, row: dict[str, Any]) -> dict[str, Any]:
    latest = {
        (r["lang"], r["kind"]): r["version"]
        for r in emu.store.all(
            "SELECT lang, kind, MAX(version) AS version FROM vtt_versions "
            "WHERE job_id = ? GROUP BY lang, kind",
            (row["id"],),
        )
    }
    qc_states = {
        r["lang"]: r["state"]
        for r in emu.store.all("SELECT lang, state FROM language_qc WHERE job_id = ?", (row["id"],))
    }
    outputs: dict[str, dict[str, Any]] = {}
    for lang in job_languages(row):
        if lang == row["source_language"]:
            status = _SOURCE_OUTPUT_STATUS.get(row["status"], "draft")
        else:
            status = _TARGET_OUTPUT_STATUS.get(qc_states.get(lang, ""), "draft")
        outputs[lang] = {
            kind: {"status": status, "version": latest[(lang, kind)]}
            for kind in ("captions", "descriptions")
            if (lang, kind) in latest
        }
    return {
        **list_item(row),
        "notes": row["notes"],
        "requested_outputs": json.loads(row["requested_outputs"]),
        "duration_ms": row["duration_ms"],
        "frame_rate": row["frame_rate"],
        "outputs": outputs,
    }
