"""Spoken descriptions for the preview come from the platform once, then from the cache."""

from __future__ import annotations

from pathlib import Path

import qasync

from app.audio_description.clip_cache import ClipCache
from app.storage import Database
from tests.platform.server import PlatformServer
from tests.ui.qc_support import await_result, qt_loop, signed_in, stop  # noqa: F401
from ui.accessible_preview import PreviewStop
from ui.description_clips import DescriptionClips


def test_clips_are_fetched_once_kept_and_a_changed_text_needs_a_new_one(
    platform_server: PlatformServer, database: Database, tmp_path: Path,
    qt_loop: qasync.QEventLoop,  # noqa: F811
) -> None:
    session = signed_in(platform_server, database, "reviewer@demo.test")
    clips = DescriptionClips(ClipCache(tmp_path / "clips"))
    stops = [PreviewStop(2, 20_130, 3_000, "A Mandelbrot set zooms in."),
             PreviewStop(4, 30_000, 2_000, "")]  # no text: nothing to speak
    try:
        found, problems = await_result(clips.fetch(session.api, stops, "en"))
        assert problems == [] and set(found) == {2}
        assert found[2].read_bytes().startswith(b"RIFF")  # the emulator speaks WAV

        assert clips.cached(stops, "en") == found  # offline, the cache answers
        edited = [PreviewStop(2, 20_130, 3_000, "A Mandelbrot set zooms in slowly.")]
        assert clips.cached(edited, "en") == {}  # the old clip is stale for the new text
    finally:
        stop(session)


def test_a_refused_voice_leaves_the_description_silent_with_the_reason(
    platform_server: PlatformServer, database: Database, tmp_path: Path,
    qt_loop: qasync.QEventLoop,  # noqa: F811
) -> None:
    session = signed_in(platform_server, database, "reviewer@demo.test")
    clips = DescriptionClips(ClipCache(tmp_path / "clips"))
    try:
        found, problems = await_result(
            clips.fetch(session.api, [PreviewStop(0, 1000, 1000, "Bonjour.")], "xx"))
        assert found == {} and len(problems) == 1 and "description 1" in problems[0]
    finally:
        stop(session)
