"""How much the cache folder holds, and making room in it.

The cache holds only what can be fetched again (downloaded media), so
freeing space deletes files, least recently used first, and never touches
the profile folders. A file that cannot be deleted (open in another program
on Windows) is skipped and counted, not treated as an error.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CacheUse:
    """The bytes and files under a folder."""

    bytes: int
    files: int


@dataclass(frozen=True, slots=True)
class FreedSpace:
    """What freeing space did: bytes and files removed, and files that would not go."""

    bytes: int
    files: int
    kept_in_use: int


def cache_use(folder: Path) -> CacheUse:
    """Add up the files under `folder` (0 when it does not exist). Can be slow: not on the GUI."""
    total = count = 0
    for entry in _files(folder):
        total += entry.stat(follow_symlinks=False).st_size
        count += 1
    return CacheUse(total, count)


def free_space(folder: Path, keep_bytes: int = 0) -> FreedSpace:
    """Delete the least recently used files under `folder` until at most `keep_bytes` remain."""
    entries = []
    for entry in _files(folder):
        status = entry.stat(follow_symlinks=False)
        # atime is often not updated (noatime mounts); the later of the two
        # is the best guess of "last used".
        entries.append((max(status.st_atime, status.st_mtime), status.st_size, Path(entry.path)))
    remaining = sum(size for _used, size, _path in entries)
    freed = removed = kept = 0
    for _used, size, path in sorted(entries):
        if remaining <= keep_bytes:
            break
        try:
            path.unlink()
        except FileNotFoundError:
            remaining -= size
            continue
        except OSError:
            kept += 1
            continue
        remaining -= size
        freed += size
        removed += 1
    _remove_empty_folders(folder)
    return FreedSpace(freed, removed, kept)


def _files(folder: Path) -> Iterator[os.DirEntry[str]]:
    # Symbolic links are neither followed nor counted: a link to a person's
    # video library must never be emptied by "free space".
    try:
        scan = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    with scan:
        for entry in scan:
            if entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry


def _remove_empty_folders(folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()),
                       key=lambda p: len(p.parts), reverse=True):
        # Not empty, or in use: leaving the folder costs nothing.
        with contextlib.suppress(OSError):
            path.rmdir()
