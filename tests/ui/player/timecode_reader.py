"""Which frame of the demo video is on screen, read from its burned-in timecode.

libvlc does not say which frame it shows, so the VLC test and the playhead
benchmark read it off the picture: the demo video carries ``HH:MM:SS:FF`` in a
box at the bottom. The ``SS:FF`` part (unique over the 48 s) is cropped from
every frame of the file with ffmpeg once, binarised (white digits against
anything else, which makes it immune to small colour-conversion differences
between ffmpeg and the player), and a grabbed crop is matched to the
reference with the fewest differing pixels. Matching is XOR + popcount on
Python integers: microseconds per frame, no numpy needed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# "SS:FF" of the timecode in the 640x360 demo picture.
CROP_X, CROP_Y, CROP_W, CROP_H = 300, 318, 130, 30
THRESHOLD = 170  # grey level above which a pixel counts as digit (white)


def binarise(grey: bytes) -> int:
    """A crop of grey bytes (row-major, CROP_W × CROP_H) as a bit mask."""
    return int.from_bytes(bytes(1 if value >= THRESHOLD else 0 for value in grey), "big")


class TimecodeReader:
    """Reference crops of every frame of a video with the demo's burned-in timecode.

    Raises RuntimeError when ffmpeg is missing: the caller then skips
    picture-based checks.
    """

    def __init__(self, video: Path) -> None:
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg is None:
            raise RuntimeError("ffmpeg is not installed; cannot read the burned-in timecode")
        raw = subprocess.run(
            [ffmpeg, "-v", "error", "-i", str(video), "-vf",
             f"crop={CROP_W}:{CROP_H}:{CROP_X}:{CROP_Y},format=gray", "-f", "rawvideo", "-"],
            capture_output=True, check=True, timeout=60).stdout
        size = CROP_W * CROP_H
        self.frames = [binarise(raw[i:i + size]) for i in range(0, len(raw) - size + 1, size)]

    def frame_of(self, grey: bytes) -> tuple[int, int]:
        """(frame index, differing pixels) of the reference closest to a grabbed crop."""
        mask = binarise(grey)
        best = min(range(len(self.frames)), key=lambda k: (mask ^ self.frames[k]).bit_count())
        return best, (mask ^ self.frames[best]).bit_count()
