"""The child process of the durability test: save a track again and again, acknowledging each.

Run as `python -m tests.app.storage.burst_writer <database> <round>`. After
each `save_working_copy` returns it prints `<revision> <edit> <sha256>` and
flushes, so every line the parent reads is a save the program has been told
is durable. The parent kills it at a moment of its choosing.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from app.storage import TrackKind, TrackStore, open_database

JOB_ID = "durability-job"
LANGUAGE = "fr"
MAX_EDITS = 5000  # a bound in case the parent dies without killing us


def content_for(round_number: int, edit: int) -> str:
    """The track text of one edit: about 12 KB, different for every round and edit."""
    cues = "".join(
        f"{cue}\n00:{cue // 60:02d}:{cue % 60:02d}.000 --> 00:{cue // 60:02d}:{cue % 60:02d}.900\n"
        f"Round {round_number}, edit {edit}, cue {cue}.\n\n"
        for cue in range(200)
    )
    return f"WEBVTT\n\nNOTE round {round_number} edit {edit}\n\n{cues}"


def digest(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


def main(arguments: list[str]) -> None:
    database_path, round_number = Path(arguments[0]), int(arguments[1])
    database = open_database(database_path)
    tracks = TrackStore(database)
    for edit in range(MAX_EDITS):
        content = content_for(round_number, edit)
        revision = tracks.save_working_copy(JOB_ID, LANGUAGE, TrackKind.CAPTIONS, content)
        sys.stdout.write(f"{revision} {edit} {digest(content)}\n")
        sys.stdout.flush()
    database.close()


if __name__ == "__main__":
    main(sys.argv[1:])
