"""Drafts of files opened from disk survive until they are saved."""

from __future__ import annotations

from pathlib import Path

from app.storage import Database, DraftStore, open_database


def test_a_draft_is_unsaved_until_marked_saved(database: Database, tmp_path: Path) -> None:
    drafts = DraftStore(database)
    path = tmp_path / "episode.vtt"
    first = drafts.save_draft(path, "WEBVTT\n")
    second = drafts.save_draft(path, "WEBVTT\n\nNOTE edited\n")
    assert (first, second) == (1, 2)
    [draft] = drafts.unsaved_drafts()
    assert draft.path == path.resolve() and draft.content.endswith("NOTE edited\n")
    drafts.mark_saved(path, second)
    assert drafts.unsaved_drafts() == []
    stored = drafts.get_draft(path)
    assert stored is not None and not stored.unsaved


def test_drafts_survive_reopening_the_database(database_path: Path, tmp_path: Path) -> None:
    database = open_database(database_path)
    DraftStore(database).save_draft(tmp_path / "a.vtt", "WEBVTT\n\nNOTE kept\n")
    database.close()
    reopened = open_database(database_path)
    try:
        [draft] = DraftStore(reopened).unsaved_drafts()
        assert draft.content == "WEBVTT\n\nNOTE kept\n"
    finally:
        reopened.close()
