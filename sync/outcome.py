"""How a sender settled one outbox item, for the worker to report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Result(StrEnum):
    SENT = "sent"  # done
    MERGED = "merged"  # back to pending at the head of its lane, to send the merge
    CONFLICT = "conflict"  # failed, waiting for a person


@dataclass(frozen=True, slots=True)
class Settled:
    result: Result
    theirs_version: int | None = None
    reason: str = ""


SENT = Settled(Result.SENT)
