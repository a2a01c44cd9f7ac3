"""Where analysis results (peaks, shot changes) of a media file are kept between sessions.

A result is stored next to the media when its folder can be written, so it
travels with the file (a shared drive, a USB disk), and otherwise in the
workstation's cache folder. Each stored result carries the media's identity
— size, modification time and a hash of its first megabyte — and is only
used while the file still has that identity, so a replaced file is analysed
again instead of showing a stale waveform.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

from app.paths import cache_dir

_MAGIC = b"RWMEDIA1"
_HEAD_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class MediaIdentity:
    """What has to stay the same for a cached result to still describe the file."""

    size: int
    mtime_ns: int
    head_sha256: str

    @classmethod
    def of(cls, media: Path) -> MediaIdentity:
        status = media.stat()
        digest = hashlib.sha256()
        with media.open("rb") as stream:
            digest.update(stream.read(_HEAD_BYTES))
        return cls(status.st_size, status.st_mtime_ns, digest.hexdigest())


def cache_candidates(media: Path, kind: str, cache_folder: Path | None = None) -> list[Path]:
    """The files a result of `kind` may be stored in, in order of preference.

    With `cache_folder`, only a file there; otherwise next to the media, then
    in the workstation's cache folder.
    """
    name = f".{media.name}.{kind}"
    if cache_folder is not None:
        return [cache_folder / _unique_name(media, kind)]
    return [media.with_name(name), cache_dir() / "media-analysis" / _unique_name(media, kind)]


def _unique_name(media: Path, kind: str) -> str:
    # Two files called demo.mp4 in different folders must not share a result.
    where = hashlib.sha256(str(media.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{media.name}.{where}.{kind}"


def load(media: Path, kind: str, identity: MediaIdentity, settings: dict[str, object],
         cache_folder: Path | None = None) -> tuple[dict[str, object], bytes] | None:
    """The stored header and payload for this media, kind and settings, or None."""
    for candidate in cache_candidates(media, kind, cache_folder):
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        stored = _decode(data)
        if stored is None:
            continue
        header, payload = stored
        if header.get("identity") == asdict(identity) and header.get("settings") == settings:
            return header, payload
    return None


def store(media: Path, kind: str, identity: MediaIdentity, settings: dict[str, object],
          extra: dict[str, object], payload: bytes,
          cache_folder: Path | None = None) -> Path | None:
    """Keep a result in the first place that can be written; None when none could."""
    header = {"identity": asdict(identity), "settings": settings, **extra}
    encoded = json.dumps(header, sort_keys=True).encode("utf-8")
    data = _MAGIC + struct.pack("<I", len(encoded)) + encoded + payload
    for candidate in cache_candidates(media, kind, cache_folder):
        temporary = candidate.with_name(candidate.name + ".partial")
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            # Replace in one step: a reader never sees half a file.
            os.replace(temporary, candidate)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            continue
        return candidate
    return None


def _decode(data: bytes) -> tuple[dict[str, object], bytes] | None:
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 4:
        return None
    (length,) = struct.unpack_from("<I", data, len(_MAGIC))
    start = len(_MAGIC) + 4
    try:
        header = json.loads(data[start:start + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(header, dict):
        return None
    return header, data[start + length:]
