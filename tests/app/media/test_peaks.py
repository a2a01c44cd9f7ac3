"""Audio peaks against ffmpeg's own measurement, the cache, progress and cancellation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.media import analysis_cache, ffmpeg_process, peaks
from app.media.ffmpeg_process import AnalysisCancelled, FfmpegMissing, MediaAnalysisFailed
from app.media.peaks import Peaks, load_peaks, measure_peaks

REPO = Path(__file__).resolve().parents[3]
DEMO_VIDEO = REPO / "resources" / "demo" / "demo.mp4"


def astats_levels(media: Path, samples_per_bucket: int) -> tuple[list[int], list[int]]:
    """Per-window min and max sample as ffmpeg's astats filter measures them."""
    graph = (f"aresample={peaks.SAMPLE_RATE},aformat=sample_fmts=s16:channel_layouts=mono,"
             f"asetnsamples=n={samples_per_bucket}:p=0,"
             "astats=metadata=1:reset=1:measure_perchannel=none:"
             "measure_overall=Min_level+Max_level,ametadata=mode=print:file=-")
    output = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(media), "-vn", "-af", graph, "-f", "null", "-"],
        capture_output=True, text=True, check=True).stdout
    lows = [round(float(line.split("=")[1])) for line in output.splitlines()
            if line.startswith("lavfi.astats.Overall.Min_level=")]
    highs = [round(float(line.split("=")[1])) for line in output.splitlines()
             if line.startswith("lavfi.astats.Overall.Max_level=")]
    return lows, highs


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    # A copy, so the cache written next to the media lands in a temporary folder.
    copy = tmp_path / "programme" / "demo.mp4"
    copy.parent.mkdir()
    shutil.copy2(DEMO_VIDEO, copy)
    return copy


def test_peaks_match_ffmpeg_astats_for_the_demo_video(demo_copy: Path) -> None:
    measured = load_peaks(demo_copy)
    lows, highs = astats_levels(demo_copy, peaks.SAMPLES_PER_BUCKET)
    assert len(measured) == len(lows) == 4800  # 48 s at 10 ms
    assert list(measured.minimums) == lows
    assert list(measured.maximums) == highs
    # The demo has speech: the waveform is not flat.
    assert max(measured.maximums) > 10000


def test_second_load_reads_the_cache_next_to_the_media_without_ffmpeg(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_peaks(demo_copy)
    assert (demo_copy.parent / ".demo.mp4.peaks").is_file()

    def no_ffmpeg(*args: object, **kwargs: object) -> None:
        raise AssertionError("ffmpeg ran although the peaks were cached")

    monkeypatch.setattr(ffmpeg_process.FfmpegRun, "__init__", no_ffmpeg)
    reported: list[float] = []
    second = load_peaks(demo_copy, progress=reported.append)
    assert list(second.minimums) == list(first.minimums)
    assert list(second.maximums) == list(first.maximums)
    assert reported == [1.0]


def test_a_changed_file_is_measured_again(demo_copy: Path) -> None:
    load_peaks(demo_copy)
    identity = analysis_cache.MediaIdentity.of(demo_copy)
    with demo_copy.open("r+b") as stream:  # same size, different first megabyte
        stream.seek(100)
        stream.write(b"\0")
    assert analysis_cache.MediaIdentity.of(demo_copy) != identity
    assert peaks.cached_peaks(demo_copy) is None


def test_unwritable_media_folder_falls_back_to_the_workstation_cache(
        demo_copy: Path, workstation_home: Path) -> None:
    # A folder where the cache file should be makes that place unwritable.
    (demo_copy.parent / ".demo.mp4.peaks").mkdir()
    load_peaks(demo_copy)
    stored = list((workstation_home / "cache" / "media-analysis").glob("demo.mp4.*.peaks"))
    assert len(stored) == 1
    assert peaks.cached_peaks(demo_copy) is not None


def test_progress_rises_to_one_and_cancel_stops(demo_copy: Path) -> None:
    reported: list[float] = []
    measure_peaks(demo_copy, samples_per_bucket=8, progress=reported.append)
    assert reported[-1] == 1.0
    assert reported == sorted(reported)
    with pytest.raises(AnalysisCancelled):
        load_peaks(demo_copy, cancelled=lambda: True)
    assert peaks.cached_peaks(demo_copy) is None


def test_columns_take_min_and_max_over_each_column() -> None:
    from array import array
    lows = array("h", [-1, -5, -2, -8, 0, -3, -4, -1])
    highs = array("h", [1, 5, 2, 8, 0, 3, 4, 1])
    measured = Peaks(8000, 80, lows, highs)  # 10 ms buckets, 80 ms in all
    assert measured.columns(0, 20, 4) == ([-5, -8, -3, -4], [5, 8, 3, 4])
    # Wide columns read a coarser level and still see the extremes.
    assert measured.columns(0, 40, 2) == ([-8, -4], [8, 4])
    assert measured.columns(60, 40, 2) == ([-4, 0], [4, 0])
    assert measured.loudest == 8
    assert Peaks(8000, 80, array("h"), array("h")).loudest == 0


def test_plain_errors_for_missing_ffmpeg_and_unreadable_media(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text_file = tmp_path / "notes.mp4"
    text_file.write_text("not a video")
    with pytest.raises(MediaAnalysisFailed, match=r"notes\.mp4"):
        load_peaks(text_file)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FfmpegMissing, match="apt install ffmpeg"):
        measure_peaks(text_file)
