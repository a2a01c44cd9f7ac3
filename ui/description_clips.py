"""Spoken descriptions for the accessible-video preview: from the cache, else from the platform.

Clips are fetched from `/tts/preview` on the asyncio loop (never the GUI
thread) and kept in the profile's cache; offline, the preview uses what is
cached and holds the picture silently for the rest, with the text shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.audio_description.clip_cache import ClipCache, Voice
from sync.api import PlatformApi
from sync.errors import SyncError
from ui.accessible_preview import PreviewStop

_SUFFIXES = {"audio/wav": ".wav", "audio/x-wav": ".wav", "audio/mpeg": ".mp3"}


class DescriptionClips:
    def __init__(self, cache: ClipCache, voice: Voice | None = None) -> None:
        self.cache = cache
        self.voice = voice or Voice()

    def cached(self, stops: Sequence[PreviewStop], language: str) -> dict[int, Path]:
        found: dict[int, Path] = {}
        for stop in stops:
            path = self.cache.get(self.voice, language, stop.text) if stop.text else None
            if path is not None:
                found[stop.cue_index] = path
        return found

    async def fetch(self, api: PlatformApi, stops: Sequence[PreviewStop], language: str
                    ) -> tuple[dict[int, Path], list[str]]:
        """Clips for the stops not cached yet; what could not be fetched, in words."""
        found = self.cached(stops, language)
        problems: list[str] = []
        for stop in stops:
            if stop.cue_index in found or not stop.text:
                continue
            try:
                data, media_type = await api.tts_preview(
                    self.voice.provider, self.voice.model, self.voice.voice, language, stop.text)
            except SyncError as error:
                problems.append(f"description {stop.cue_index + 1}: {error.detail}")
                continue
            suffix = _SUFFIXES.get(media_type.split(";")[0].strip(), ".mp3")
            found[stop.cue_index] = self.cache.put(self.voice, language, stop.text, data, suffix)
        return found, problems
