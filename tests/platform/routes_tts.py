"""`/tts`: voices, languages, provider options and a preview clip.

The catalogue is static: the emulator has no providers behind it. Preview
answers `audio/wav` (see `tone.py`); the real platform answers `audio/mpeg`,
so a client must go by the Content-Type it receives.
"""

from __future__ import annotations

import zlib
from typing import Any

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field

from tests.platform.security import CurrentUser
from tests.platform.tone import tone_wav

router = APIRouter(prefix="/tts", tags=["tts"])

LANGUAGES = ["de", "en", "es", "fr", "it", "ja", "nl", "pt"]
OPTIONS = {
    "providers": [
        {
            "id": "gemini",
            "name": "Gemini TTS",
            "models": ["flash", "pro"],
            "default_model": "flash",
        },
        {
            "id": "google",
            "name": "Google Cloud TTS",
            "models": ["neural2", "wavenet"],
            "default_model": "neural2",
        },
    ],
    "default": {"provider": "gemini", "model": "flash", "voice": "Kore"},
    "speaking_rate": {"min": 0.5, "max": 2.0, "default": 1.0},
}
VOICES = [
    {
        "provider": "gemini",
        "id": "Kore",
        "name": "Kore",
        "gender": "female",
        "languages": LANGUAGES,
    },
    {"provider": "gemini", "id": "Puck", "name": "Puck", "gender": "male", "languages": LANGUAGES},
    {
        "provider": "gemini",
        "id": "Charon",
        "name": "Charon",
        "gender": "male",
        "languages": LANGUAGES,
    },
    {
        "provider": "google",
        "id": "en-GB-Neural2-A",
        "name": "Neural2 A",
        "gender": "female",
        "languages": ["en"],
    },
    {
        "provider": "google",
        "id": "fr-FR-Neural2-B",
        "name": "Neural2 B",
        "gender": "male",
        "languages": ["fr"],
    },
    {
        "provider": "google",
        "id": "de-DE-Neural2-C",
        "name": "Neural2 C",
        "gender": "female",
        "languages": ["de"],
    },
]


class PreviewRequest(BaseModel):
    provider: str = "gemini"
    model: str | None = None
    voice: str
    language: str
    text: str = Field(min_length=1, max_length=1000)


@router.get("/voices")
def voices(
    user: CurrentUser, provider: str | None = None, language: str | None = None
) -> dict[str, Any]:
    items = [
        v
        for v in VOICES
        if (provider is None or v["provider"] == provider)
        and (language is None or language in v["languages"])
    ]
    return {"items": items, "total": len(items)}


@router.get("/languages")
def languages(user: CurrentUser) -> dict[str, Any]:
    return {"items": LANGUAGES, "total": len(LANGUAGES)}


@router.get("/options")
def options(user: CurrentUser) -> dict[str, Any]:
    return OPTIONS


@router.post("/preview")
def preview(body: PreviewRequest, user: CurrentUser) -> Response:
    voice = next(
        (v for v in VOICES if v["id"] == body.voice and v["provider"] == body.provider), None
    )
    if voice is None:
        raise HTTPException(
            422,
            [
                {
                    "loc": ["body", "voice"],
                    "msg": "unknown voice for provider",
                    "type": "value_error",
                }
            ],
        )
    if body.language not in voice["languages"]:
        raise HTTPException(
            422,
            [
                {
                    "loc": ["body", "language"],
                    "msg": "voice does not speak this language",
                    "type": "value_error",
                }
            ],
        )
    # A different pitch per voice, so a listener can tell previews apart.
    pitch = 330 + zlib.crc32(body.voice.encode()) % 330
    return Response(tone_wav(body.text, pitch), media_type="audio/wav")
