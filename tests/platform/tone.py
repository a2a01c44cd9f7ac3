"""A short WAV clip made in pure Python, standing in for synthesised speech.

The real platform answers `/tts/preview` with MPEG audio from a TTS provider.
The emulator cannot synthesise speech or encode MP3 without extra packages,
so it sends a sine tone as 16-bit mono WAV, whose length grows with the text
like speech would: enough for a client to test playback, caching and timing.
"""

from __future__ import annotations

import io
import math
import struct
import wave

SAMPLE_RATE = 16_000
MS_PER_CHARACTER = 55  # the demo voices' rough speaking rate
MIN_MS = 300
MAX_MS = 8_000


def clip_duration_ms(text: str) -> int:
    return max(MIN_MS, min(MAX_MS, MS_PER_CHARACTER * len(text.strip())))


def tone_wav(text: str, frequency_hz: float = 440.0) -> bytes:
    """A WAV file holding a faded sine tone as long as `text` would take to say."""
    frames = SAMPLE_RATE * clip_duration_ms(text) // 1000
    fade = SAMPLE_RATE // 50  # 20 ms ramps, so the clip does not click
    samples = bytearray()
    for n in range(frames):
        envelope = min(1.0, n / fade, (frames - n) / fade)
        value = 0.3 * envelope * math.sin(2 * math.pi * frequency_hz * n / SAMPLE_RATE)
        samples += struct.pack("<h", int(value * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(samples))
    return buffer.getvalue()
