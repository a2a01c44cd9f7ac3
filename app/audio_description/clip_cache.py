"""Spoken descriptions (TTS clips) kept on disk, one file per voice, language and text.

The key includes the description's text, so editing a description makes its
old clip stale by construction: the preview no longer finds it and asks for
a new one (or, offline, holds the picture silently for the estimated time).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Voice:
    """A TTS voice as the platform names it (`/tts/options` gives the default)."""

    provider: str = "gemini"
    model: str = "flash"
    voice: str = "Kore"


class ClipCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, voice: Voice, language: str, text: str, suffix: str = ".wav") -> Path:
        key = "\n".join((voice.provider, voice.model, voice.voice, language, text))
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + suffix)

    def get(self, voice: Voice, language: str, text: str) -> Path | None:
        for suffix in (".wav", ".mp3"):
            path = self.path_for(voice, language, text, suffix)
            if path.exists():
                return path
        return None

    def put(self, voice: Voice, language: str, text: str, data: bytes,
            suffix: str = ".wav") -> Path:
        """Store a clip atomically (a half-written clip would play as noise)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(voice, language, text, suffix)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
