"""Reading the platform's JSON answers into the workstation's own types, tolerantly.

Much of platform-api.md is marked "assumed": a real server may add fields,
leave optional ones out, or send a number as a string. So these readers
ignore what they do not know, default what is optional, coerce what is
coercible, and raise `UnexpectedAnswer` only when something the workstation
cannot work without (a track's version, a job's id) is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.storage import Comment, JobInfo, LanguageInfo, PausePoint, ReviewNote
from sync.errors import UnexpectedAnswer

KINDS = ("captions", "descriptions")


@dataclass(frozen=True, slots=True)
class SignedInUser:
    id: str
    email: str
    role: str
    name: str

    @classmethod
    def from_json(cls, value: Any) -> SignedInUser:
        data = mapping(value, "the signed-in user")
        return cls(
            id=required_text(data, "id", "the signed-in user"),
            email=text(data, "email"),
            role=text(data, "role"),
            name=text(data, "name") or text(data, "email"),
        )


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One language waiting on the signed-in person."""

    job_id: str
    job_title: str
    language: str
    state: str
    role: str
    due_at: str | None
    updated_at: str | None

    @classmethod
    def from_json(cls, value: Any) -> QueueEntry:
        data = mapping(value, "a queue entry")
        return cls(
            job_id=required_text(data, "job_id", "a queue entry"),
            job_title=text(data, "job_title"),
            language=required_text(data, "language", "a queue entry"),
            state=text(data, "state"),
            role=text(data, "role"),
            due_at=optional_text(data, "due_at"),
            updated_at=optional_text(data, "updated_at"),
        )


@dataclass(frozen=True, slots=True)
class ServerTrack:
    """A track's content at one version on the server."""

    version: int
    content: str

    @classmethod
    def from_json(cls, value: Any) -> ServerTrack:
        data = mapping(value, "a track")
        content = data.get("content")
        if not isinstance(content, str):
            raise UnexpectedAnswer("The server sent a track without its content")
        return cls(version=required_int(data, "version", "a track"), content=content)


@dataclass(frozen=True, slots=True)
class TrackVersion:
    version: int
    created_at: str | None
    created_by: str | None
    comment: str | None

    @classmethod
    def from_json(cls, value: Any) -> TrackVersion:
        data = mapping(value, "a track version")
        return cls(
            version=required_int(data, "version", "a track version"),
            created_at=optional_text(data, "created_at"),
            created_by=optional_text(data, "created_by"),
            comment=optional_text(data, "comment"),
        )


@dataclass(frozen=True, slots=True)
class MediaAsset:
    """One downloadable file of a job, behind a signed URL that expires."""

    kind: str
    language: str | None
    url: str
    size_bytes: int | None
    sha256: str | None
    filename: str

    @classmethod
    def from_json(cls, value: Any) -> MediaAsset:
        data = mapping(value, "a download")
        url = required_text(data, "url", "a download")
        kind = text(data, "kind")
        fallback_name = url.split("?", 1)[0].rsplit("/", 1)[-1] or kind or "download"
        return cls(
            kind=kind,
            language=optional_text(data, "language"),
            url=url,
            size_bytes=integer(data, "size_bytes"),
            sha256=(optional_text(data, "sha256") or None),
            filename=text(data, "filename") or fallback_name,
        )


@dataclass(frozen=True, slots=True)
class EditState:
    """The pause points of one language of the accessible video."""

    language: str
    version: int | None
    pause_points: tuple[PausePoint, ...]

    @classmethod
    def from_json(cls, value: Any, language: str) -> EditState:
        data = mapping(value, "an edit state")
        points = []
        for entry in listed(data.get("pause_points")):
            point = mapping(entry, "a pause point")
            cue_index = required_int(point, "cue_index", "a pause point")
            timestamp = required_int(point, "timestamp_ms", "a pause point")
            cue_start = integer(point, "cue_start_ms") or 0
            points.append(
                PausePoint(
                    cue_index=cue_index,
                    timestamp_ms=timestamp,
                    original_timestamp_ms=integer(point, "original_timestamp_ms") or timestamp,
                    cue_start_ms=cue_start,
                    cue_end_ms=integer(point, "cue_end_ms") or cue_start,
                    ad_duration_ms=integer(point, "ad_duration_ms") or 0,
                    text=text(point, "text"),
                )
            )
        return cls(
            language=text(data, "language") or language,
            version=integer(data, "version"),
            pause_points=tuple(points),
        )


def job_info(value: Any) -> JobInfo:
    """A job (list item or detail) as the local database keeps it; the raw answer goes too."""
    data = mapping(value, "a job")
    frame_rate = data.get("frame_rate")
    return JobInfo(
        id=required_text(data, "id", "a job"),
        title=text(data, "title"),
        status=text(data, "status") or "unknown",
        source_language=text(data, "source_language"),
        duration_ms=integer(data, "duration_ms"),
        frame_rate=float(frame_rate) if isinstance(frame_rate, int | float) else None,
        notes=text(data, "notes"),
        raw_json=dict(data),
    )


def track_versions(job: Any) -> dict[tuple[str, str], int]:
    """(language, kind) -> latest version, from a job detail's `outputs` map (may be empty)."""
    outputs = mapping(job, "a job").get("outputs")
    found: dict[tuple[str, str], int] = {}
    if not isinstance(outputs, Mapping):
        return found
    for language, kinds in outputs.items():
        if not isinstance(kinds, Mapping):
            continue
        for kind in KINDS:
            entry = kinds.get(kind)
            if isinstance(entry, Mapping) and (version := integer(entry, "version")) is not None:
                found[(str(language), kind)] = version
    return found


def job_languages(job: Any) -> list[str]:
    """Every language of a job: the source, then the targets, without repeats."""
    data = mapping(job, "a job")
    found: list[str] = []
    candidates: list[Any] = [data.get("source_language")]
    candidates += listed(data.get("languages"))
    requested = data.get("requested_outputs")
    if isinstance(requested, Mapping):
        candidates += listed(requested.get("languages"))
    outputs = data.get("outputs")
    if isinstance(outputs, Mapping):
        candidates += list(outputs)
    for code in candidates:
        if isinstance(code, str) and code and code not in found:
            found.append(code)
    return found


def language_infos(value: Any) -> list[LanguageInfo]:
    """The language-QC map of a job."""
    data = mapping(value, "the language-QC map")
    languages = data.get("languages")
    if not isinstance(languages, Mapping):
        return []
    infos = []
    for code, entry in languages.items():
        if not isinstance(entry, Mapping):
            continue
        reviewed = listed(entry.get("reviewed_cues"))
        infos.append(
            LanguageInfo(
                code=str(code),
                qc_state=text(entry, "state") or "unassigned",
                linguist=_person(entry.get("linguist")),
                reviewer=_person(entry.get("reviewer")),
                reviewed_cues=tuple(
                    n for n in (whole_number(i) for i in reviewed) if n is not None
                ),
            )
        )
    return infos


def comment(value: Any, job_id: str, language: str) -> Comment:
    data = mapping(value, "a comment")
    comment_id = required_text(data, "id", "a comment")
    return Comment(
        id=comment_id,
        job_id=job_id,
        language=text(data, "language") or language,
        body=text(data, "body"),
        cue_index=integer(data, "cue_index"),
        timestamp_ms=integer(data, "timestamp_ms"),
        author=_person_name(data.get("author")),
        created_at=timestamp(data.get("created_at")),
        server_id=comment_id,
    )


def review_note(value: Any, job_id: str) -> ReviewNote:
    data = mapping(value, "a review note")
    note_id = required_text(data, "id", "a review note")
    return ReviewNote(
        id=note_id,
        job_id=job_id,
        language=optional_text(data, "language"),
        timestamp_ms=integer(data, "timestamp_ms") or 0,
        body=text(data, "body"),
        kind=optional_text(data, "kind"),
        resolved=bool(data.get("resolved")),
        author=_person_name(data.get("author")),
        created_at=timestamp(data.get("created_at")),
        server_id=note_id,
        deleted=False,
    )


# --- small readers -----------------------------------------------------------


def mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise UnexpectedAnswer(f"The server sent {type(value).__name__} where {what} belongs")
    return value


def listed(value: Any) -> list[Any]:
    """A JSON array's items; anything else (null, a number, a string, an object) is none.

    `list(value or [])` would crash on a number and split a string into
    letters; a server that sends either here sent nothing usable.
    """
    return list(value) if isinstance(value, list) else []


def text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def required_text(data: Mapping[str, Any], key: str, what: str) -> str:
    value = text(data, key)
    if not value:
        raise UnexpectedAnswer(f"The server sent {what} without its {key}")
    return value


def integer(data: Mapping[str, Any], key: str) -> int | None:
    return whole_number(data.get(key))


def whole_number(value: Any) -> int | None:
    """An int from a JSON number or a string of one; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        # int() itself decides: "²" passes str.isdigit() and "--5" passes
        # lstrip("-"), yet neither is a number int() can read.
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def required_int(data: Mapping[str, Any], key: str, what: str) -> int:
    value = integer(data, key)
    if value is None:
        raise UnexpectedAnswer(f"The server sent {what} without a usable {key}")
    return value


def timestamp(value: Any) -> datetime:
    """An ISO 8601 time as an aware UTC datetime; now when missing or unreadable."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return datetime.now(UTC)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _person(value: Any) -> dict[str, Any] | None:
    return dict(value) if isinstance(value, Mapping) else None


def _person_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return text(value, "name") or text(value, "email") or text(value, "id")
    return "" if value is None else str(value)


# --- the QC board: job pages, people, bulk answers ------------------------------


@dataclass(frozen=True, slots=True)
class JobSummary:
    """One row of the job list, as the QC board shows it."""

    id: str
    title: str
    status: str
    source_language: str
    languages: tuple[str, ...]
    org_id: str | None
    client_id: str | None
    project_id: str | None
    created_at: str | None
    updated_at: str | None

    @classmethod
    def from_json(cls, value: Any) -> JobSummary:
        data = mapping(value, "a job")
        return cls(
            id=required_text(data, "id", "a job"),
            title=text(data, "title"),
            status=text(data, "status") or "unknown",
            source_language=text(data, "source_language"),
            languages=tuple(job_languages(data)),
            org_id=optional_text(data, "org_id"),
            client_id=optional_text(data, "client_id"),
            project_id=optional_text(data, "project_id"),
            created_at=optional_text(data, "created_at"),
            updated_at=optional_text(data, "updated_at"),
        )


@dataclass(frozen=True, slots=True)
class JobsPage:
    """One page of the job list and how many jobs match in all."""

    items: tuple[JobSummary, ...]
    total: int
    page: int
    size: int

    @property
    def page_count(self) -> int:
        """At least 1, so an empty list still reads "Page 1 of 1"."""
        return max(1, -(-self.total // self.size)) if self.size > 0 else 1

    @classmethod
    def from_json(cls, value: Any, page: int, size: int) -> JobsPage:
        """`{items, total, page, size}`, or `{count, results}`, or a bare list."""
        if isinstance(value, list):
            rows: list[Any] = value
            data: Mapping[str, Any] = {}
        else:
            data = mapping(value, "a page of jobs")
            found = data.get("items", data.get("results"))
            if not isinstance(found, list):
                raise UnexpectedAnswer("The server sent a page of jobs without its items")
            rows = found
        items = tuple(JobSummary.from_json(row) for row in rows)
        total = integer(data, "total")
        if total is None:
            total = integer(data, "count")
        page_number = integer(data, "page") or page
        page_size = integer(data, "size") or size
        # A missing or short total must not hide the rows that did come.
        floor = (page_number - 1) * page_size + len(items)
        return cls(items, max(total or 0, floor), page_number, page_size)


@dataclass(frozen=True, slots=True)
class Membership:
    """An organization the signed-in person belongs to, and their role there."""

    org_id: str
    org_name: str
    role: str

    @classmethod
    def from_json(cls, value: Any) -> Membership:
        data = mapping(value, "a membership")
        organization = data.get("organization")
        org = organization if isinstance(organization, Mapping) else {}
        org_id = text(data, "org_id") or text(org, "id")
        if not org_id:
            raise UnexpectedAnswer("The server sent a membership without its organization")
        return cls(org_id=org_id, org_name=text(org, "name") or text(data, "org_name") or org_id,
                   role=text(data, "role"))


@dataclass(frozen=True, slots=True)
class Member:
    """A person in an organization: someone a language can be assigned to."""

    user_id: str
    name: str
    email: str
    role: str

    @classmethod
    def from_json(cls, value: Any) -> Member:
        data = mapping(value, "a member")
        user = data.get("user")
        nested = user if isinstance(user, Mapping) else {}
        user_id = text(data, "user_id") or text(data, "id") or text(nested, "id")
        if not user_id:
            raise UnexpectedAnswer("The server sent a member without their id")
        email = text(data, "email") or text(nested, "email")
        return cls(
            user_id=user_id,
            name=text(data, "name") or text(nested, "name") or email or user_id,
            email=email,
            role=text(data, "role") or text(nested, "role"),
        )


@dataclass(frozen=True, slots=True)
class BulkJobResult:
    """How one job of a bulk action went; `detail` says why when it did not."""

    job_id: str
    ok: bool
    status: str | None
    detail: str

    @classmethod
    def from_json(cls, value: Any) -> BulkJobResult:
        data = mapping(value, "a bulk result")
        detail = data.get("detail")
        return cls(
            job_id=required_text(data, "job_id", "a bulk result"),
            ok=bool(data.get("ok")),
            status=optional_text(data, "status"),
            detail=detail if isinstance(detail, str) else ("" if detail is None else str(detail)),
        )


def bulk_job_results(value: Any) -> list[BulkJobResult]:
    """The per-job answers of `/jobs/bulk/*`; a server that sends none gives an empty list."""
    results = mapping(value, "a bulk answer").get("results")
    if not isinstance(results, list):
        return []
    return [BulkJobResult.from_json(entry) for entry in results]
