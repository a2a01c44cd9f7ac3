"""Downloads: the signed asset list, and the media route that serves it with Range.

Assets are the job's media file (as `source_video` and `proxy_video`) and the
latest version of every VTT track. `descriptions_mp3` and
`accessible_video_mp4` are not produced by the emulator, so they are not listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.http_ranges import RangeNotSatisfiable, if_range_allows, parse_range
from tests.platform.job_views import job_languages
from tests.platform.security import CurrentUser, visible_job
from tests.platform.signed_urls import check, sign
from tests.platform.tracks import latest_version

router = APIRouter(tags=["media"])

_CHUNK = 64 * 1024
_VIDEO_ASSETS = {"source.mp4": "source_video", "proxy.mp4": "proxy_video"}


@dataclass(frozen=True)
class Asset:
    kind: str
    language: str | None
    name: str
    size: int
    sha256: str
    content_type: str
    last_modified: float
    path: Path | None = None  # a file on disk, or...
    data: bytes | None = None  # ...bytes held in the database


@lru_cache(maxsize=32)
def _file_sha256(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_asset(kind: str, name: str, path: Path) -> Asset:
    stat = path.stat()
    sha = _file_sha256(str(path), stat.st_mtime_ns, stat.st_size)
    return Asset(kind, None, name, stat.st_size, sha, "video/mp4", stat.st_mtime, path=path)


def _track_asset(emu: Emulator, job_id: str, lang: str, kind: str) -> Asset | None:
    row = latest_version(emu, job_id, lang, kind)
    if row is None:
        return None
    data = row["content"].encode("utf-8")
    modified = datetime.fromisoformat(row["created_at"].replace("Z", "+00:00")).timestamp()
    return Asset(
        f"{kind}_vtt",
        lang,
        f"{lang}.{kind}.vtt",
        len(data),
        hashlib.sha256(data).hexdigest(),
        "text/vtt; charset=utf-8",
        modified,
        data=data,
    )


def _assets(emu: Emulator, job: dict[str, Any]) -> list[Asset]:
    media = Path(job["media_path"])
    assets = [_file_asset(kind, name, media) for name, kind in _VIDEO_ASSETS.items()]
    for lang in job_languages(job):
        for kind in ("captions", "descriptions"):
            asset = _track_asset(emu, job["id"], lang, kind)
            if asset is not None:
                assets.append(asset)
    return assets


def _find_asset(emu: Emulator, job: dict[str, Any], name: str) -> Asset:
    if name in _VIDEO_ASSETS:
        return _file_asset(_VIDEO_ASSETS[name], name, Path(job["media_path"]))
    parts = name.split(".")
    if len(parts) == 3 and parts[2] == "vtt" and parts[1] in ("captions", "descriptions"):
        asset = _track_asset(emu, job["id"], parts[0], parts[1])
        if asset is not None:
            return asset
    raise HTTPException(404, "Asset not found")


@router.get("/jobs/{job_id}/downloads")
def list_downloads(
    job_id: str, request: Request, emu: EmulatorDep, user: CurrentUser
) -> dict[str, Any]:
    job = visible_job(emu, job_id, user)
    override = emu.faults.settings.signed_url_ttl_s
    ttl = override if override is not None else emu.config.signed_url_ttl_s
    base = str(request.base_url).rstrip("/")
    items = []
    for asset in _assets(emu, job):
        signed, expires_at = sign(emu.tokens.secret, f"/api/v1/media/{job_id}/{asset.name}", ttl)
        items.append(
            {
                "kind": asset.kind,
                "language": asset.language,
                "filename": asset.name,
                "url": base + signed,
                "expires_at": expires_at,
                "size_bytes": asset.size,
                "sha256": asset.sha256,
                "content_type": asset.content_type,
            }
        )
    return {"assets": items}


@router.get("/media/{job_id}/{name}")
def get_media(
    job_id: str, name: str, request: Request, emu: EmulatorDep, expires: int, signature: str
) -> Response:
    problem = check(emu.tokens.secret, f"/api/v1/media/{job_id}/{name}", expires, signature)
    if problem is not None:
        raise HTTPException(403, problem)
    job = emu.store.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
    if job is None:
        raise HTTPException(404, "Job not found")
    asset = _find_asset(emu, job, name)
    etag = f'"{asset.sha256[:32]}"'
    last_modified = formatdate(asset.last_modified, usegmt=True)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": last_modified,
        "Cache-Control": "private, max-age=0",
    }
    byte_range: tuple[int, int] | None = None
    if if_range_allows(request.headers.get("if-range"), etag, last_modified):
        try:
            byte_range = parse_range(request.headers.get("range"), asset.size)
        except RangeNotSatisfiable:
            headers["Content-Range"] = f"bytes */{asset.size}"
            return Response(status_code=416, headers=headers)
    first, last = byte_range or (0, asset.size - 1)
    headers["Content-Length"] = str(max(last - first + 1, 0))
    status = 200
    if byte_range is not None:
        status = 206
        headers["Content-Range"] = f"bytes {first}-{last}/{asset.size}"
    return StreamingResponse(
        _body(asset, first, last),
        status_code=status,
        headers=headers,
        media_type=asset.content_type,
    )


def _body(asset: Asset, first: int, last: int) -> Iterator[bytes]:
    if asset.data is not None:
        yield asset.data[first : last + 1]
        return
    assert asset.path is not None
    remaining = last - first + 1
    with open(asset.path, "rb") as handle:
        handle.seek(first)
        while remaining > 0:
            block = handle.read(min(_CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block


# HEAD lets a downloader learn size and validator before resuming; kept out of
# the OpenAPI schema, where it would duplicate the GET's operation id.
router.add_api_route("/media/{job_id}/{name}", get_media, methods=["HEAD"], include_in_schema=False)
