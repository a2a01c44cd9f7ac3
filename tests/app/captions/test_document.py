"""A document autosaves every edit and undo, and keeps edits a failed save could not store."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from app.captions.document import FileDraft, TrackDocument, WorkspaceTrack
from app.captions.operations import plan_set_text, plan_split
from app.captions.webvtt_file import parse
from app.storage import DraftStore, JobInfo, JobStore, LanguageInfo, TrackStore, open_database

TEXT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there, world.\n"


@pytest.fixture
def tracks(tmp_path: Path) -> TrackStore:
    database = open_database(tmp_path / "profile.sqlite3")
    JobStore(database).upsert_job(JobInfo(id="j1", title="Job", status="in_qc"),
                                  [LanguageInfo(code="fr")])
    store = TrackStore(database)
    store.save_server_track("j1", "fr", "captions", 3, TEXT)
    return store


def test_each_edit_and_undo_is_in_the_database_when_it_returns(tracks: TrackStore) -> None:
    document = TrackDocument(parse(TEXT), WorkspaceTrack(tracks, "j1", "fr", "captions"))
    edit = plan_set_text(document.track, 0, "Bonjour.")
    document.apply(edit)
    stored = tracks.get_track("j1", "fr", "captions")
    assert stored is not None and "Bonjour." in stored.working_content
    assert stored.has_local_changes and stored.base_version == 3

    document.revert(edit)
    stored = tracks.get_track("j1", "fr", "captions")
    assert stored is not None and stored.working_content == TEXT


def test_listeners_hear_the_applied_edit_and_the_inverse(tracks: TrackStore) -> None:
    document = TrackDocument(parse(TEXT), WorkspaceTrack(tracks, "j1", "fr", "captions"))
    heard: list[str] = []
    document.add_listener(lambda edit: heard.append(edit.description))
    edit = plan_split(document.track, 0, 2000)
    document.apply(edit)
    document.revert(edit)
    assert heard == [edit.description, f"Undo {edit.description}"]
    assert len(document.track.cues) == 1


class FullDisk:
    """A target whose disk is full until `free()` is called."""

    def __init__(self, drafts: DraftStore, path: Path) -> None:
        self.inner = FileDraft(drafts, path)
        self.full = True

    def save(self, content: str) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.inner.save(content)

    def describe(self) -> str:
        return "full disk"


def test_a_failed_save_keeps_the_edit_and_a_retry_stores_it(tmp_path: Path) -> None:
    drafts = DraftStore(open_database(tmp_path / "profile.sqlite3"))
    target = FullDisk(drafts, tmp_path / "a.vtt")
    document = TrackDocument(parse(TEXT), target)
    document.apply(plan_set_text(document.track, 0, "Kept in memory."))
    assert isinstance(document.save_error, OSError)
    assert document.track.cues[0].text == "Kept in memory."
    target.full = False
    assert document.retry_save()
    assert document.save_error is None
    draft = drafts.get_draft(tmp_path / "a.vtt")
    assert draft is not None and "Kept in memory." in draft.content


TWO_CUES = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n"
            "00:00:03.000 --> 00:00:04.000\nTwo.\n")


def test_an_edit_on_a_copy_replaced_meanwhile_is_merged_not_written_over(
    tracks: TrackStore,
) -> None:
    tracks.save_server_track("j1", "fr", "descriptions", 1, TWO_CUES)
    document = TrackDocument(parse(TWO_CUES),
                             WorkspaceTrack(tracks, "j1", "fr", "descriptions", TWO_CUES))
    # A pull brings a newer server copy (no local work, so it replaces the working copy).
    tracks.save_server_track("j1", "fr", "descriptions", 2, TWO_CUES.replace("Two.", "Deux."))
    document.apply(plan_set_text(document.track, 0, "Un."))
    stored = tracks.get_track("j1", "fr", "descriptions")
    assert stored is not None
    assert [c.text for c in parse(stored.working_content).cues] == ["Un.", "Deux."]
    assert [c.text for c in document.track.cues] == ["Un.", "Deux."]
    assert document.notice is not None and "merged" in document.notice


def test_the_same_cue_changed_meanwhile_keeps_the_newer_copy_and_says_what_was_typed(
    tracks: TrackStore,
) -> None:
    tracks.save_server_track("j1", "fr", "descriptions", 1, TWO_CUES)
    document = TrackDocument(parse(TWO_CUES),
                             WorkspaceTrack(tracks, "j1", "fr", "descriptions", TWO_CUES))
    tracks.save_server_track("j1", "fr", "descriptions", 2, TWO_CUES.replace("One.", "Uno."))
    document.apply(plan_set_text(document.track, 0, "Un."))
    stored = tracks.get_track("j1", "fr", "descriptions")
    assert stored is not None and parse(stored.working_content).cues[0].text == "Uno."
    assert document.notice is not None and "“Un.”" in document.notice
