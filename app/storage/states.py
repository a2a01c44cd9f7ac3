"""The fixed words the database stores for kinds and states.

They are `StrEnum`s so a value read back from SQLite (a plain `str`) compares
equal to its member, and so the schema's CHECK constraints and the code can
never spell a state two ways.
"""

from __future__ import annotations

from enum import StrEnum


class TrackKind(StrEnum):
    """Which WebVTT track of a language: the captions or the audio description script."""

    CAPTIONS = "captions"
    DESCRIPTIONS = "descriptions"


class TrackState(StrEnum):
    """How the local working copy of a track stands against the server."""

    SYNCED = "synced"
    LOCAL_CHANGES = "local_changes"
    UPLOADING = "uploading"
    CONFLICT = "conflict"
    ERROR = "error"


class OutboxState(StrEnum):
    """Where a queued piece of work is on its way to the server."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    FAILED = "failed"
    DONE = "done"


class OutboxKind(StrEnum):
    """What a queued piece of work is; `target` in the outbox row says which one."""

    TRACK_UPLOAD = "track_upload"
    ACTION = "action"
    COMMENT = "comment"
    PAUSE_POINT = "pause_point"
    REVIEW_NOTE = "review_note"
    IRIS_TMX_IMPORT = "iris_tmx_import"  # a reviewed TMX for an IRIS job (seed 000)


# Work not yet confirmed by the server; "pending count" in the interface.
UNSENT_STATES = (OutboxState.PENDING, OutboxState.IN_FLIGHT)
# Work that still holds its place in its lane.
OPEN_STATES = (OutboxState.PENDING, OutboxState.IN_FLIGHT, OutboxState.FAILED)
