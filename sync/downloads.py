"""Media downloads from signed URLs that survive interruption, with verification.

The bytes go to `<name>.part`; beside it `<name>.part.json` remembers which
version of the file they belong to (its ETag / Last-Modified, size and
sha256). A resumed download asks for the rest with `Range` and `If-Range`,
so a server whose file changed answers with the whole new file (200) rather
than a tail that would not fit; only a 206 whose `Content-Range` starts
exactly where the part file ends is appended. `Accept-Encoding: identity`
keeps byte offsets meaning bytes of the file, not of a compressed stream.

The finished part is checked against the sha256 the server listed, and only
then renamed to its final name, so a file under the final name is whole.
Cancelling keeps the part file for a later resume.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sync.backoff import Backoff
from sync.errors import OfflineError, OutcomeUnknown, SyncError, error_for_status
from sync.shapes import MediaAsset
from sync.transport import StreamedResponse, Transport

_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class DownloadCancelled(SyncError):
    """The person cancelled; the part file is kept for a later resume."""


class ChecksumMismatch(SyncError):
    """The downloaded bytes are not the file the server listed; they were thrown away."""


@dataclass(frozen=True, slots=True)
class DownloadProgress:
    done_bytes: int
    total_bytes: int | None
    bytes_per_second: float

    @property
    def fraction(self) -> float | None:
        return self.done_bytes / self.total_bytes if self.total_bytes else None


ProgressSink = Callable[[DownloadProgress], None]
FreshUrl = Callable[[], Awaitable[str]]


class MediaDownloader:
    """Downloads assets through a `Transport` (signed URLs need no sign-in)."""

    def __init__(
        self, transport: Transport, *, attempts: int = 6, backoff: Backoff | None = None
    ) -> None:
        self._transport = transport
        self._attempts = attempts
        self._backoff = backoff or Backoff(base_s=0.5, cap_s=10.0)

    async def download(
        self,
        asset: MediaAsset,
        target: Path,
        *,
        progress: ProgressSink | None = None,
        cancel: asyncio.Event | None = None,
        fresh_url: FreshUrl | None = None,
    ) -> Path:
        """Download `asset` to `target`, resuming a part file left by an earlier try."""
        target.parent.mkdir(parents=True, exist_ok=True)
        job = _Download(asset, target, progress, cancel)
        url = asset.url
        failures = renewals = 0
        while True:
            try:
                finished = await self._one_request(job, url)
            except (OfflineError, OutcomeUnknown) as error:
                failures += 1
                if failures >= self._attempts:
                    raise OfflineError(
                        f"The download stopped and could not be resumed: {error.detail}"
                    ) from None
                await asyncio.sleep(self._backoff.wait(failures))
                continue
            except _UrlExpired:
                renewals += 1
                if fresh_url is None or renewals > 2:
                    raise SyncError("The download link expired") from None
                url = await fresh_url()
                continue
            if finished:
                break
            failures += 1  # the server's answer did not fit our part file; start again
            if failures >= self._attempts:
                raise SyncError("The server kept answering with bytes that do not fit")
        await asyncio.to_thread(job.verify_and_finish)
        return target

    async def _one_request(self, job: _Download, url: str) -> bool:
        """One GET; True when the part file is complete."""
        offset = await asyncio.to_thread(job.resumable_offset)
        if job.expected_size is not None and offset == job.expected_size:
            return True
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = job.validator()
        async with self._transport.stream(url, headers) as response:
            if response.status == 206:
                if not _continues_at(response, offset, job.expected_size):
                    await asyncio.to_thread(job.discard)
                    return False
                await self._receive(job, response, append_at=offset)
            elif response.status == 200:
                job.remember_version(response.headers)
                await self._receive(job, response, append_at=0)
            elif response.status == 416:
                await asyncio.to_thread(job.discard)  # our part file no longer fits
                return False
            elif response.status in (401, 403):
                raise _UrlExpired()
            else:
                raise error_for_status(response.status, None, "")
        return True

    async def _receive(self, job: _Download, response: StreamedResponse, append_at: int) -> None:
        handle = await asyncio.to_thread(job.open_part, append_at)
        started, done = time.monotonic(), append_at
        try:
            async for chunk in response.chunks():
                if job.cancel is not None and job.cancel.is_set():
                    raise DownloadCancelled("Download cancelled")
                await asyncio.to_thread(handle.write, chunk)
                done += len(chunk)
                if job.progress is not None:
                    elapsed = max(time.monotonic() - started, 1e-6)
                    job.progress(
                        DownloadProgress(done, job.expected_size, (done - append_at) / elapsed)
                    )
        finally:
            await asyncio.to_thread(_close_synced, handle)


class _UrlExpired(Exception):
    """The signed URL was refused; a fresh one is needed."""


class _Download:
    """The files of one download: the part, its sidecar, the target."""

    def __init__(
        self,
        asset: MediaAsset,
        target: Path,
        progress: ProgressSink | None,
        cancel: asyncio.Event | None,
    ) -> None:
        self.asset = asset
        self.target = target
        self.part = target.with_name(target.name + ".part")
        self.sidecar = target.with_name(target.name + ".part.json")
        self.progress = progress
        self.cancel = cancel
        self.expected_size = asset.size_bytes
        self._version: dict[str, Any] = {}

    def resumable_offset(self) -> int:
        """How many bytes of the part file can be kept (0: start again)."""
        if not self.part.exists() or not self.sidecar.exists():
            self.discard()
            return 0
        try:
            version = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except ValueError:
            version = {}
        same_file = (
            version.get("sha256") == self.asset.sha256
            and version.get("size") == self.expected_size
            and (version.get("etag") or version.get("last_modified"))
        )
        if not same_file:
            self.discard()
            return 0
        self._version = version
        return self.part.stat().st_size

    def validator(self) -> str:
        etag = str(self._version.get("etag") or "")
        # A weak ETag may not be used in If-Range (RFC 9110 §13.1.5).
        if etag and not etag.startswith("W/"):
            return etag
        return str(self._version.get("last_modified") or "")

    def remember_version(self, headers: Any) -> None:
        self._version = {
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "sha256": self.asset.sha256,
            "size": self.expected_size,
        }
        self.sidecar.write_text(json.dumps(self._version), encoding="utf-8")

    def open_part(self, append_at: int) -> Any:
        # The caller closes the handle (flushed and synced) when the body ends.
        if append_at == 0:
            return open(self.part, "wb")
        handle = open(self.part, "r+b")  # noqa: SIM115
        handle.truncate(append_at)
        handle.seek(append_at)
        return handle

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)
        self.sidecar.unlink(missing_ok=True)

    def verify_and_finish(self) -> None:
        size = self.part.stat().st_size
        if self.expected_size is not None and size != self.expected_size:
            self.discard()
            raise ChecksumMismatch(
                f"The download has {size} bytes, the server listed {self.expected_size}"
            )
        if self.asset.sha256:
            digest = hashlib.sha256()
            with open(self.part, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest().lower() != self.asset.sha256.lower():
                self.discard()
                raise ChecksumMismatch("The downloaded file does not match its sha256 checksum")
        self.part.replace(self.target)
        self.sidecar.unlink(missing_ok=True)


def _continues_at(response: StreamedResponse, offset: int, size: int | None) -> bool:
    match = _CONTENT_RANGE.fullmatch(response.headers.get("content-range", "").strip())
    if match is None or int(match.group(1)) != offset:
        return False
    total = match.group(3)
    return size is None or total == "*" or int(total) == size


def _close_synced(handle: Any) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
