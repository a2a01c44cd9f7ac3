"""Which server a profile syncs with, and who last signed in there (no secrets).

Kept as a small JSON file in the profile's folder so the command line and
the window agree on the server, and the window can show "signed in as"
while offline. The refresh token is never here: it lives in the keyring.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "sync.json"
API_PREFIX = "/api/v1"


def normalise_server_url(url: str) -> str:
    """`https://host/` or `https://host/api/v1` -> `https://host`; no scheme means https."""
    cleaned = url.strip().rstrip("/")
    if "://" not in cleaned:
        cleaned = f"https://{cleaned}"
    if cleaned.endswith(API_PREFIX):
        cleaned = cleaned[: -len(API_PREFIX)]
    return cleaned.rstrip("/")


def api_url(server_url: str) -> str:
    return normalise_server_url(server_url) + API_PREFIX


@dataclass(frozen=True, slots=True)
class SyncSettings:
    server_url: str | None = None
    user_id: str | None = None
    user_email: str | None = None
    user_name: str | None = None
    user_role: str | None = None


def load_settings(profile_folder: Path) -> SyncSettings:
    path = profile_folder / FILE_NAME
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SyncSettings()
    if not isinstance(data, dict):
        return SyncSettings()
    known = set(SyncSettings.__dataclass_fields__)
    return SyncSettings(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_settings(profile_folder: Path, settings: SyncSettings) -> None:
    """Write atomically, so a crash never leaves half a settings file."""
    profile_folder.mkdir(parents=True, exist_ok=True)
    path = profile_folder / FILE_NAME
    temporary = path.with_name(f".{FILE_NAME}.saving")
    temporary.write_text(json.dumps(asdict(settings)), encoding="utf-8")
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    temporary.replace(path)
