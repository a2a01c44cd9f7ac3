"""A profile database holding the demo job: English source, French target, review work."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import (
    CommentStore,
    Database,
    JobInfo,
    JobStore,
    LanguageInfo,
    ReviewNoteStore,
    TrackStore,
)

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo"
JOB_ID = "demo-0001"
TITLE = "Demo: Colour bars and voices"


def demo_text(name: str) -> str:
    return (DEMO / name).read_text(encoding="utf-8")


@pytest.fixture
def demo_job(database: Database) -> str:
    """The demo job with French in review: cues 1, 2 and 8 reviewed, comments and notes made."""
    JobStore(database).upsert_job(
        JobInfo(id=JOB_ID, title=TITLE, status="in_qc", source_language="en"),
        [
            LanguageInfo(code="en"),
            LanguageInfo(
                code="fr",
                qc_state="in_review",
                linguist={"id": "u-linguist", "name": "Léa Martin"},
                reviewer={"id": "u-reviewer", "name": "Sam Reviewer"},
                reviewed_cues=(0, 1, 7),
            ),
        ],
    )
    tracks = TrackStore(database)
    tracks.save_server_track(JOB_ID, "en", "captions", 2, demo_text("en.captions.vtt"))
    tracks.save_server_track(JOB_ID, "fr", "captions", 2, demo_text("fr.captions.vtt"))
    comments = CommentStore(database)
    comments.add_comment(JOB_ID, "fr", "« démo » reads better here.", author="Sam Reviewer",
                         cue_index=0)
    comments.add_comment(JOB_ID, "fr", "The split at 36.5 s is good.", author="Sam Reviewer",
                         cue_index=6)
    comments.add_comment(JOB_ID, "fr", "Music cue missing around here?", author="Sam Reviewer",
                         timestamp_ms=24_000)
    comments.add_comment(JOB_ID, "fr", "Overall a clean translation.", author="Sam Reviewer")
    comments.add_comment(JOB_ID, "de", "Not for French.", author="Someone")
    notes = ReviewNoteStore(database)
    notes.add_note(JOB_ID, 18_500, "Check the italics on 'Regarde'.", author="Sam Reviewer",
                   language="fr", kind="style")
    resolved = notes.add_note(JOB_ID, 5_600, "Speaker label kept.", author="Sam Reviewer",
                              language="fr")
    notes.resolve_note(resolved.id)
    notes.add_note(JOB_ID, 40_000, "Job-level note for every language.", author="PM Pat")
    notes.add_note(JOB_ID, 1_000, "German only.", author="Someone", language="de")
    return JOB_ID
