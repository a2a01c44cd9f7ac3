"""Copying a profile database safely, even while it is open elsewhere.

SQLite's online backup API copies a consistent snapshot page by page,
including anything still in the WAL file; copying the file with the
operating system could catch it half-written.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def backup_database(source: Path, destination: Path) -> Path:
    """Copy the SQLite database at `source` to a new file `destination` and return it.

    Raises FileExistsError rather than overwrite an earlier backup.
    """
    if destination.exists():
        raise FileExistsError(destination)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(source)) as reader,
        closing(sqlite3.connect(partial)) as writer,
    ):
        reader.backup(writer)
        # The copy is a plain rollback-journal file that opens anywhere,
        # even where the original's WAL companion files are missing.
        writer.execute("PRAGMA journal_mode=DELETE")
    # Renamed only once complete, so a file with the backup's name is
    # always a whole backup, even after a crash during the copy.
    partial.replace(destination)
    return destination
