"""Media downloads: an interrupted download resumes with Range and is verified."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from app.storage import Database, JobStore
from sync.downloads import ChecksumMismatch, DownloadCancelled, DownloadProgress
from sync.shapes import MediaAsset
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, requests, signed_in_and_pulled


def _media_gets(server: PlatformServer) -> list[dict[str, object]]:
    return [r for r in server.faults.requests("GET") if "/media/" in str(r["path"])]


def test_an_interrupted_download_resumes_and_verifies(
    platform_server: PlatformServer, database: Database, tmp_path: Path
) -> None:
    seen: list[DownloadProgress] = []

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        platform_server.faults.set(
            truncate_next=1, truncate_after_bytes=300_000, path_regex="/media/"
        )
        path = await session.make_available_offline(JOB, progress=seen.append, folder=tmp_path)

        asset = next(a for a in await session.api.downloads(JOB) if a.kind == "proxy_video")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == asset.sha256
        assert path.stat().st_size == asset.size_bytes
        assert not path.with_name(path.name + ".part").exists()
        assert [r["fault"] for r in _media_gets(platform_server)] == ["truncate", None]
        # The second request asked only for the rest: progress never went back.
        done = [p.done_bytes for p in seen]
        assert done == sorted(done) and done[0] <= 300_000 < done[-1]
        assert seen[-1].done_bytes == asset.size_bytes and seen[-1].total_bytes == asset.size_bytes
        assert seen[-1].bytes_per_second > 0
        job = JobStore(database).get_job(JOB)
        assert job is not None and job.media_path == path and job.available_offline
        await session.stop()

    asyncio.run(scenario())


def test_cancel_keeps_the_part_file_and_a_later_try_finishes_it(
    platform_server: PlatformServer, database: Database, tmp_path: Path
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        asset = next(a for a in await session.api.downloads(JOB) if a.kind == "proxy_video")
        cancel = asyncio.Event()

        def cancel_after_first_chunk(progress: DownloadProgress) -> None:
            cancel.set()

        target = tmp_path / "video.mp4"
        with pytest.raises(DownloadCancelled):
            await session.downloader.download(
                asset, target, progress=cancel_after_first_chunk, cancel=cancel
            )
        part = target.with_name("video.mp4.part")
        kept = part.stat().st_size
        assert 0 < kept < (asset.size_bytes or 0)
        await session.downloader.download(asset, target)
        assert hashlib.sha256(target.read_bytes()).hexdigest() == asset.sha256
        await session.stop()

    asyncio.run(scenario())


def test_a_checksum_mismatch_throws_the_bytes_away(
    platform_server: PlatformServer, database: Database, tmp_path: Path
) -> None:
    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        real = next(a for a in await session.api.downloads(JOB) if a.kind == "captions_vtt")
        wrong = MediaAsset(real.kind, real.language, real.url, real.size_bytes, "0" * 64, "x.vtt")
        target = tmp_path / "x.vtt"
        with pytest.raises(ChecksumMismatch):
            await session.downloader.download(wrong, target)
        assert not target.exists() and not target.with_name("x.vtt.part").exists()
        assert requests(platform_server, "GET", ".vtt")
        await session.stop()

    asyncio.run(scenario())
