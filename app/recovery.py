"""What a profile still holds after a run that did not end cleanly, in plain words.

Every edit is in the database when it is made (WAL, synchronous FULL), so a
crash loses nothing that was shown as saved. This reads what is waiting, so
the window can say so instead of leaving the person to wonder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.run_marker import start_run
from app.storage import DraftStore, JobStore, Outbox, TrackState, TrackStore
from app.storage.database import Database


@dataclass(frozen=True, slots=True)
class KeptWork:
    """Unsent work found in the profile: outbox items, changed tracks, unsaved file drafts."""

    outbox_waiting: int
    outbox_failed: int
    changed_tracks: tuple[str, ...]
    unsaved_files: tuple[Path, ...]

    @property
    def empty(self) -> bool:
        return not (self.outbox_waiting or self.outbox_failed or self.changed_tracks
                    or self.unsaved_files)


def kept_work(database: Database) -> KeptWork:
    """Read what is waiting in the profile (a few small queries; fine at start-up)."""
    outbox = Outbox(database)
    tracks = TrackStore(database)
    changed = []
    for job in JobStore(database).list_jobs():
        for track in tracks.list_tracks(job.id):
            if track.state != TrackState.SYNCED:
                changed.append(f"{job.title}: {track.language} {track.kind.value}")
    drafts = DraftStore(database).unsaved_drafts()
    return KeptWork(
        outbox_waiting=outbox.pending_count(),
        outbox_failed=len(outbox.failed_items()),
        changed_tracks=tuple(changed),
        unsaved_files=tuple(draft.path for draft in drafts),
    )


def recovery_message(kept: KeptWork) -> str:
    """What to tell the person at start after an unexpected end."""
    opening = "Review Workstation did not close normally last time. Nothing was lost"
    if kept.empty:
        return f"{opening}: there was no unsent work."
    parts = []
    if kept.changed_tracks:
        parts.append(_count(len(kept.changed_tracks), "track with local changes",
                            "tracks with local changes"))
    if kept.outbox_waiting:
        parts.append(_count(kept.outbox_waiting, "item waiting in the outbox",
                            "items waiting in the outbox"))
    if kept.outbox_failed:
        parts.append(_count(kept.outbox_failed, "outbox item that needs your attention",
                            "outbox items that need your attention"))
    if kept.unsaved_files:
        names = ", ".join(path.name for path in kept.unsaved_files[:3])
        more = "…" if len(kept.unsaved_files) > 3 else ""
        parts.append(_count(len(kept.unsaved_files), "unsaved file recovered as a draft",
                            "unsaved files recovered as drafts") + f" ({names}{more})")
    return f"{opening}. Kept for you: {'; '.join(parts)}."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def note_start(profile_folder: Path, database: Database, version: str) -> str | None:
    """Mark this run as started; the recovery message if the last one ended unexpectedly.

    Call once at start, after taking the profile lock and opening the
    database; call `app.run_marker.end_run` after a clean close.
    """
    previous = start_run(profile_folder, version)
    if not previous.ended_unexpectedly:
        return None
    return recovery_message(kept_work(database))
