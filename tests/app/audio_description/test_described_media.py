"""Reading a job's descriptions, dialogue and shot changes from the profile database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audio_description.described_media import NoDescriptions, read_described_media
from app.demo_workspace import import_demo, load_demo
from app.storage import Database, open_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "workstation.sqlite3")
    import_demo(opened)
    try:
        yield opened
    finally:
        opened.close()


def test_the_demo_job_gives_its_descriptions_dialogue_and_cuts(database: Database) -> None:
    manifest = load_demo().manifest
    media = read_described_media(database, "demo-0001", "en", clip_ms={2: 6664})
    assert media.media_ms == 48_000 and media.frame_rate == 25
    assert len(media.descriptions) == 5 and len(media.captions) == 8
    assert list(media.shot_changes_ms) == manifest["shot_changes_ms"]
    assert media.clip_ms == {2: 6664}


def test_a_language_without_descriptions_is_said_plainly(database: Database) -> None:
    with pytest.raises(NoDescriptions, match="has no audio description in fr"):
        read_described_media(database, "demo-0001", "fr")
    with pytest.raises(NoDescriptions, match="not on this computer"):
        read_described_media(database, "nope", "en")
