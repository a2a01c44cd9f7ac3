"""Uploading one track: `PATCH /vtt` from the known base, and what to do when the server moved on.

The working copy is read when the upload is sent, so one request carries
every edit made since the last upload, however many were queued.

Before a replay (the item was attempted before, so it may have reached the
server, e.g. the connection dropped after the server saved), the server's
version list is checked first. If the server is not at our base any more,
its latest text is fetched: when it equals ours, our earlier attempt
landed and is recorded, with no second upload. When it equals what that
earlier attempt sent (noted in the outbox row before sending), our request
landed and edits were saved since: that version becomes the base and only
the newer edits go up, with no merge (a merge would take our own earlier
words for someone else's and call the cue a conflict). Otherwise the three
texts are merged. A clean merge becomes the working copy, "theirs" the base, and
the item goes straight back to the head of its lane to upload the result.
A conflict is kept (`sync.conflicts`) and stops the lane until resolved.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any

from app.storage import Database, Outbox, OutboxItem, StoredTrack, TrackState, TrackStore
from app.storage.outbox import ATTEMPT_KEY
from sync.api import PlatformApi
from sync.conflicts import ConflictStore, TrackConflict
from sync.errors import Conflict
from sync.outcome import SENT, Result, Settled
from sync.shapes import ServerTrack
from sync.track_merge import EMPTY_TRACK, merge_texts


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one upload sent: which local revision, from which base, which text (by digest)."""

    local_revision: int
    base_version: int
    sha256: str

    def as_payload(self) -> dict[str, Any]:
        return {
            "local_revision": self.local_revision,
            "base_version": self.base_version,
            "sha256": self.sha256,
        }

    @classmethod
    def noted_in(cls, item: OutboxItem) -> Attempt | None:
        """The attempt noted in the item before an earlier send, if any."""
        noted = item.payload.get(ATTEMPT_KEY) if isinstance(item.payload, dict) else None
        if not isinstance(noted, dict):
            return None
        try:
            return cls(
                int(noted["local_revision"]), int(noted["base_version"]), str(noted["sha256"])
            )
        except (KeyError, TypeError, ValueError):
            return None  # a note this version cannot read: fall back to merging

    def landed_as(self, track: StoredTrack, theirs: ServerTrack) -> bool:
        """Whether the server's latest version is exactly this attempt, made on our base."""
        return (
            self.base_version == track.base_version
            and track.synced_revision < self.local_revision <= track.local_revision
            and _digest(theirs.content) == self.sha256
        )


class TrackUploader:
    """Sends track uploads for one profile database."""

    def __init__(self, api: PlatformApi, database: Database) -> None:
        self._api = api
        self._tracks = TrackStore(database)
        self._outbox = Outbox(database)
        self._conflicts = ConflictStore(database)

    async def upload(self, item: OutboxItem) -> Settled:
        """Send the working copy of the item's track (the item is in flight)."""
        job_id, language, kind = item.job_id, item.language, item.target
        track = await asyncio.to_thread(self._tracks.get_track, job_id, language, kind)
        if track is None:
            await asyncio.to_thread(self._outbox.mark_done, item.id)
            return SENT  # the track was forgotten here; nothing left to send
        if track.state == TrackState.CONFLICT:
            reason = "Waiting for the conflict on this track to be resolved"
            await asyncio.to_thread(self._outbox.mark_failed, item.id, reason)
            return Settled(Result.CONFLICT, reason=reason)
        if not track.has_local_changes or (
            track.base_version is not None and track.working_content == track.base_content
        ):
            await self._record(item, track, track.base_version, track.working_content)
            return SENT
        if track.base_version is None:
            return await self._server_moved_on(item, track, None)
        if item.attempts > 1 and await self._latest_version(item) != track.base_version:
            return await self._server_moved_on(item, track, Attempt.noted_in(item))
        return await self._send(item, track)

    async def _send(self, item: OutboxItem, track: StoredTrack) -> Settled:
        """PATCH the working copy on the track's base (known), noting the attempt first."""
        if not track.has_local_changes or track.working_content == track.base_content:
            await self._record(item, track, track.base_version, track.working_content)
            return SENT
        if track.base_version is None:
            return await self._server_moved_on(item, track, None)
        attempt = Attempt(track.local_revision, track.base_version, _digest(track.working_content))
        await asyncio.to_thread(self._outbox.note_attempt, item.id, attempt.as_payload())
        await self._set_state(item, TrackState.UPLOADING)
        try:
            version = await self._api.save_track(
                item.job_id,
                item.language,
                item.target,
                track.working_content,
                track.base_version,
                _request_key(item, track),
            )
        except Conflict:
            return await self._server_moved_on(item, track, attempt)
        except BaseException:
            await asyncio.shield(self._set_state(item, TrackState.LOCAL_CHANGES))
            raise
        await self._record(item, track, version, track.working_content)
        return SENT

    async def refused(self, item: OutboxItem) -> None:
        """The server refused the upload for good: show the track as in error."""
        await self._set_state(item, TrackState.ERROR)

    async def _record(
        self, item: OutboxItem, track: StoredTrack, version: int | None, content: str
    ) -> None:
        if version is None:
            await asyncio.to_thread(self._outbox.mark_done, item.id)
            return
        await asyncio.to_thread(
            lambda: self._tracks.mark_uploaded(
                item.job_id,
                item.language,
                item.target,
                uploaded_revision=track.local_revision,
                version=version,
                content=content,
                outbox_item_id=item.id,
            )
        )

    async def _latest_version(self, item: OutboxItem) -> int | None:
        versions = await self._api.track_versions(item.job_id, item.language, item.target)
        return versions[-1].version if versions else None

    async def _server_moved_on(
        self, item: OutboxItem, track: StoredTrack, sent: Attempt | None
    ) -> Settled:
        """The server is past our base; `sent` is what our last attempt sent, if noted."""
        job_id, language, kind = item.job_id, item.language, item.target
        theirs = await self._api.get_track(job_id, language, kind)
        mine = track.working_content
        if theirs.content == mine:
            await self._record(item, track, theirs.version, mine)  # our earlier attempt landed
            return SENT
        if sent is not None and sent.landed_as(track, theirs):
            # Our earlier request landed (its answer was lost) and the person
            # edited since: their version is our own text, not a change to merge.
            landed = await asyncio.to_thread(
                lambda: self._tracks.mark_uploaded(
                    job_id,
                    language,
                    kind,
                    uploaded_revision=sent.local_revision,
                    version=theirs.version,
                    content=theirs.content,
                )
            )
            return await self._send(item, landed)
        base = track.base_content if track.base_content is not None else EMPTY_TRACK
        outcome = merge_texts(base, mine, theirs.content)
        if outcome.text is None:
            conflict = TrackConflict(
                job_id=job_id,
                language=language,
                kind=kind,
                base_version=track.base_version,
                base_content=base,
                mine_content=mine,
                theirs_version=theirs.version,
                theirs_content=theirs.content,
                reason=outcome.reason,
            )
            await asyncio.to_thread(self._conflicts.save, conflict)
            reason = f"Conflict with version {theirs.version} on the server: {outcome.reason}"
            # The item fails before the track shows "conflict": whoever sees the
            # conflict and resolves it must find the item to put back in its lane.
            await asyncio.to_thread(self._outbox.mark_failed, item.id, reason)
            await self._set_state(item, TrackState.CONFLICT)
            return Settled(Result.CONFLICT, theirs.version, reason)
        await asyncio.to_thread(self._adopt_merge, item, track, outcome.text, theirs)
        return Settled(Result.MERGED, theirs.version)

    def _adopt_merge(
        self, item: OutboxItem, track: StoredTrack, merged: str, theirs: ServerTrack
    ) -> None:
        # One transaction: the merged text and their version as the new base,
        # written only if no edit was saved while the merge was computed.
        adopted = self._tracks.rebase(
            item.job_id, item.language, item.target,
            working_content=merged, base_version=theirs.version, base_content=theirs.content,
            expected_revision=track.local_revision,
        )
        if adopted:
            reason = f"merged with version {theirs.version} from the server"
        else:
            reason = "edited during the merge; merging again"
        self._outbox.retry(item.id, reason=reason)

    async def _set_state(self, item: OutboxItem, state: TrackState) -> None:
        await asyncio.to_thread(
            self._tracks.set_state, item.job_id, item.language, item.target, state
        )


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _request_key(item: OutboxItem, track: StoredTrack) -> str:
    """The Idempotency-Key of this exact request, the same after a restart.

    The item's key alone is not enough: after a merge the same item sends a
    different body (a new base version), and a server must not answer that
    with the first request's stored reply. The local revision fixes the
    content and the base version fixes the rest, so together with the item's
    key they name the request.
    """
    return f"{item.idempotency_key}.r{track.local_revision}.b{track.base_version}"
