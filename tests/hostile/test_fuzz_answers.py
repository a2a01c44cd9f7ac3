"""Fuzzing the readers of server answers with arbitrary JSON values.

Every reader in `sync.shapes` (and `sync.pages`) takes whatever JSON the
server sent. For any value, of any type, at any depth, each must return
its result or raise `UnexpectedAnswer` (a `SyncError` the window and the
command line show in words), never a `TypeError`, `ValueError` or
`KeyError` that would end a sync with a traceback. Values are drawn both
at random and as near-misses of the real shapes (the right keys holding
wrong types: strings for numbers, numbers for lists, nulls, odd digits).

Example counts: `HOSTILE_EXAMPLES` (default 60 per test);
`HOSTILE_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz_answers.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sync import pages, shapes
from sync.errors import Conflict, UnexpectedAnswer, error_for_status
from tests.hostile.corpus import EXAMPLES, FUZZ

# Strings that look like numbers to a careless check: superscripts pass
# str.isdigit() but not int(); a doubled minus passes lstrip("-").
TRICKY_TEXT = st.sampled_from(["", " ", "7", "-3", "--5", "²", "٣", "1e3", "0x10", "NaN", "∞",
                               "12abc", " 4 ", "1_000", "demo-0001", "fr"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                    TRICKY_TEXT)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=8), TRICKY_TEXT), inner,
                                            max_size=4)),
    max_leaves=20,
)

KEYS = ["id", "email", "role", "name", "job_id", "job_title", "language", "state", "due_at",
        "version", "content", "created_at", "created_by", "comment", "url", "kind", "size_bytes",
        "sha256", "filename", "pause_points", "cue_index", "timestamp_ms", "cue_start_ms",
        "cue_end_ms", "ad_duration_ms", "original_timestamp_ms", "text", "title", "status",
        "source_language", "duration_ms", "frame_rate", "notes", "outputs", "languages",
        "requested_outputs", "reviewed_cues", "linguist", "reviewer", "body", "author",
        "resolved", "items", "results", "total", "count", "page", "size", "next",
        "organization", "org_id", "user", "user_id", "ok", "detail", "captions",
        "descriptions", "fr", "de"]


def near_miss(depth: int = 1) -> st.SearchStrategy[Any]:
    """Objects with the real keys, holding values of any type (objects again, a level down)."""
    value: st.SearchStrategy[Any] = JSON if depth == 0 else st.one_of(
        JSON, near_miss(depth - 1), st.lists(near_miss(depth - 1), max_size=3))
    return st.dictionaries(st.sampled_from(KEYS), value, max_size=8)


ANSWERS = st.one_of(JSON, near_miss())

READERS: dict[str, Callable[[Any], object]] = {
    "SignedInUser": shapes.SignedInUser.from_json,
    "QueueEntry": shapes.QueueEntry.from_json,
    "ServerTrack": shapes.ServerTrack.from_json,
    "TrackVersion": shapes.TrackVersion.from_json,
    "MediaAsset": shapes.MediaAsset.from_json,
    "EditState": lambda value: shapes.EditState.from_json(value, "fr"),
    "job_info": shapes.job_info,
    "track_versions": shapes.track_versions,
    "job_languages": shapes.job_languages,
    "language_infos": shapes.language_infos,
    "comment": lambda value: shapes.comment(value, "demo-0001", "fr"),
    "review_note": lambda value: shapes.review_note(value, "demo-0001"),
    "JobSummary": shapes.JobSummary.from_json,
    "JobsPage": lambda value: shapes.JobsPage.from_json(value, 1, 20),
    "Membership": shapes.Membership.from_json,
    "Member": shapes.Member.from_json,
    "bulk_job_results": shapes.bulk_job_results,
    "read_page": lambda value: pages.read_page(value, 1, 100),
    "error_for_status": lambda value: error_for_status(409, value, "text"),
    "Conflict.current_version": lambda value: Conflict(409, "stale", value).current_version,
}


@pytest.mark.parametrize("reader", sorted(READERS))
@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))  # 20 readers: a quarter each keeps CI quick
@given(value=ANSWERS)
@example(value={"reviewed_cues": 7, "state": None})
@example(value={"pause_points": 3})
@example(value={"languages": 5, "id": "x"})
@example(value={"version": "²", "content": ""})
@example(value={"version": "--5", "content": ""})
@example(value={"items": [], "total": "²", "page": "--1"})
def test_any_json_is_read_or_refused_in_words(reader: str, value: Any) -> None:
    try:
        READERS[reader](value)
    except UnexpectedAnswer as error:
        assert error.detail and "\n" not in error.detail
