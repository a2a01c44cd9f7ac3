"""Recent jobs and files: newest first, no repeats, a short list that survives restarts."""

from __future__ import annotations

from pathlib import Path

from app.recent_work import FILE_NAME, KEEP, RecentJob, load_recent_work, save_recent_work


def test_newest_first_without_repeats_and_capped(tmp_path: Path) -> None:
    recent = load_recent_work(tmp_path)
    for number in range(KEEP + 3):
        recent = recent.with_file(tmp_path / f"episode-{number}.vtt")
    recent = recent.with_file(tmp_path / "episode-5.vtt")
    recent = recent.with_job("j1", "Harbour").with_job("j2", "Forest").with_job("j1", "Harbour")
    save_recent_work(tmp_path, recent)
    again = load_recent_work(tmp_path)
    assert again == recent
    assert len(again.files) == KEEP
    assert again.files[0].name == "episode-5.vtt"
    assert again.files[1].name == f"episode-{KEEP + 2}.vtt"
    assert again.jobs == (RecentJob("j1", "Harbour"), RecentJob("j2", "Forest"))
    assert again.without_file(again.files[0]).files == again.files[1:]


def test_a_damaged_file_gives_empty_lists(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('{"jobs": [{"job_id": 3}], "files": [7, "a.vtt"]}',
                                      encoding="utf-8")
    recent = load_recent_work(tmp_path)
    assert recent.jobs == ()
    assert recent.files == (Path("a.vtt"),)
    (tmp_path / FILE_NAME).write_text("nonsense", encoding="utf-8")
    assert load_recent_work(tmp_path).files == ()
