"""Measuring the cache and freeing space in it."""

from __future__ import annotations

import os
from pathlib import Path

from app.cache_folder import cache_use, free_space


def make_file(path: Path, size: int, used_at: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"v" * size)
    os.utime(path, (used_at, used_at))
    return path


def test_cache_use_adds_up_every_file_below_the_folder(tmp_path: Path) -> None:
    make_file(tmp_path / "media" / "a" / "one.mp4", 1000, 1)
    make_file(tmp_path / "media" / "b" / "two.mp4", 234, 2)
    use = cache_use(tmp_path)
    assert (use.bytes, use.files) == (1234, 2)
    assert cache_use(tmp_path / "missing").files == 0


def test_free_space_removes_the_least_recently_used_first(tmp_path: Path) -> None:
    old = make_file(tmp_path / "media" / "a" / "old.mp4", 500, 1_000)
    middle = make_file(tmp_path / "media" / "b" / "middle.mp4", 500, 2_000)
    new = make_file(tmp_path / "media" / "b" / "new.mp4", 500, 3_000)
    freed = free_space(tmp_path, keep_bytes=600)
    assert (freed.bytes, freed.files, freed.kept_in_use) == (1000, 2, 0)
    assert not old.exists() and not middle.exists() and new.exists()
    assert not (tmp_path / "media" / "a").exists()  # emptied folders go too
    assert cache_use(tmp_path).bytes == 500


def test_free_space_with_no_limit_left_empties_the_cache(tmp_path: Path) -> None:
    make_file(tmp_path / "media" / "x.mp4", 10, 1)
    assert free_space(tmp_path).files == 1
    assert cache_use(tmp_path).files == 0
    assert tmp_path.is_dir()


def test_linked_folders_are_never_followed(tmp_path: Path) -> None:
    library = tmp_path / "my videos"
    keep = make_file(library / "precious.mp4", 100, 1)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "link").symlink_to(library, target_is_directory=True)
    assert cache_use(cache).files == 0
    free_space(cache)
    assert keep.exists()
