"""Shot changes found by scene detection, cached like the peaks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from app.captions.model import Cue, Track
from app.captions.shot_change_rule import check_shot_changes
from app.captions.shot_snapping import plan_snap_to_shot_changes
from app.media import ffmpeg_process
from app.media.shot_changes import cached_shot_changes, detect_shot_changes, load_shot_changes

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "resources" / "demo"
BUNNY = REPO.parent / "shared" / "media" / "big-buck-bunny-480p-30s.mp4"


def test_big_buck_bunny_cuts_are_found(tmp_path: Path) -> None:
    found = load_shot_changes(BUNNY, cache_folder=tmp_path)
    for expected in (11_875, 15_750, 23_040):
        assert any(abs(time - expected) <= 42 for time in found), (expected, found)  # a frame


def test_demo_video_shot_changes_match_the_job(tmp_path: Path) -> None:
    job = json.loads((DEMO / "job.json").read_text())
    found = load_shot_changes(DEMO / "demo.mp4", cache_folder=tmp_path)
    assert found == job["shot_changes_ms"]


def test_results_are_cached_per_threshold(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_shot_changes(BUNNY, cache_folder=tmp_path)
    assert cached_shot_changes(BUNNY, cache_folder=tmp_path) == first
    assert cached_shot_changes(BUNNY, threshold=30, cache_folder=tmp_path) is None

    def no_ffmpeg(*args: object, **kwargs: object) -> None:
        raise AssertionError("ffmpeg ran although the shot changes were cached")

    monkeypatch.setattr(ffmpeg_process.FfmpegRun, "__init__", no_ffmpeg)
    assert load_shot_changes(BUNNY, cache_folder=tmp_path) == first


def test_a_higher_threshold_finds_fewer_cuts() -> None:
    scores = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(BUNNY), "-an", "-vf",
         "scdet=threshold=10,metadata=mode=print:key=lavfi.scd.score:file=-", "-f", "null", "-"],
        capture_output=True, text=True, check=True).stdout
    # The score is printed for every frame; the cuts are those above the threshold.
    values = sorted(value for line in scores.splitlines()
                    if line.startswith("lavfi.scd.score=")
                    and (value := float(line.split("=")[1])) > 10)
    assert len(values) >= 3
    # Just above the weakest cut's score: that cut, and only that one, is gone.
    strict = detect_shot_changes(BUNNY, threshold=values[0] + 0.01)
    assert len(strict) == len(values) - 1


def test_threshold_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        detect_shot_changes(BUNNY, threshold=0)


def test_snapping_lands_cue_edges_on_the_detected_cuts(tmp_path: Path) -> None:
    cuts = load_shot_changes(BUNNY, cache_folder=tmp_path)
    # 24 fps: cue 1 ends 5 frames before the first cut, cue 2 starts 3 frames
    # after it, cue 3 ends 8 frames after the third.
    frame = 1000 / 24
    track = Track([Cue(10_000, round(cuts[0] - 5 * frame), "one"),
                   Cue(round(cuts[0] + 3 * frame), 14_000, "two"),
                   Cue(20_000, round(cuts[2] + 8 * frame), "three")])
    track.apply(plan_snap_to_shot_changes(track, cuts, 24))
    assert [(cue.start_ms, cue.end_ms) for cue in track.cues] == [
        (10_000, cuts[0]), (cuts[0], 14_000), (20_000, cuts[2])]
    assert check_shot_changes(track, cuts, 24) == []
