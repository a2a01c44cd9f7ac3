"""The demo workspace arrives whole: job, tracks and the pause point of its descriptions."""

from __future__ import annotations

from pathlib import Path

from app.demo_workspace import import_demo, load_demo
from app.storage import PausePointStore, TrackStore, open_database


def test_the_demo_brings_its_tracks_and_pause_points_once(tmp_path: Path) -> None:
    database = open_database(tmp_path / "profile.sqlite3")
    try:
        job = import_demo(database)
        import_demo(database)  # a second start changes nothing

        tracks = {(t.language, t.kind) for t in TrackStore(database).list_tracks(job)}
        assert tracks == {("en", "captions"), ("en", "descriptions"), ("fr", "captions")}
        (point,) = PausePointStore(database).list_pause_points(job, "en")
        manifest = load_demo().manifest
        expected = manifest["pause_points"][0]
        assert (point.cue_index, point.timestamp_ms) == (expected["cue_index"],
                                                         expected["timestamp_ms"])
        assert point.text and point.ad_duration_ms > 0
    finally:
        database.close()
