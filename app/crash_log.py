"""The workstation's log file, and the text of a crash report.

`install_log_file` sends Python logging (the database's recovery notes,
sync's warnings, crash reports) to `workstation.log` in the user log folder
(`app.paths.log_dir`), rotated at 1 MB with five old files kept, so a
support person can ask for the folder and get the last days of history
without it ever filling the disk. Every record passes `scrub_secrets` on
its way out: a token in an exception message never reaches the disk.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from app.paths import log_dir
from app.secret_scrubbing import scrub_secrets

LOG_FILE_NAME = "workstation.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then removes secrets from the whole text (traceback included)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_secrets(super().format(record))


def install_log_file(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to the rotating file in `folder` (default: the user log folder); returns its path.

    Calling it again does not add a second handler for the same file.
    """
    path = (folder or log_dir()) / LOG_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in root.handlers:
        if (isinstance(handler, logging.handlers.RotatingFileHandler)
                and Path(handler.baseFilename) == path.absolute()):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)
    handler.setFormatter(ScrubbingFormatter(_FORMAT))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return path


def remove_log_file(path: Path) -> None:
    """Stop logging to `path` and close it (tests, and a clean shutdown)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if (isinstance(handler, logging.handlers.RotatingFileHandler)
                and Path(handler.baseFilename) == path.absolute()):
            root.removeHandler(handler)
            handler.close()


def crash_report(kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None, versions: Mapping[str, str],
                 thread: str | None = None) -> str:
    """The report shown to the person and written to the log, with secrets removed."""
    where = f" in the thread “{thread}”" if thread else ""
    lines = [
        f"What happened: {kind.__name__}{where}: {error}",
        f"When: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"System: {platform.platform()}",
        *(f"{name}: {value}" for name, value in versions.items()),
        "",
        "".join(traceback.format_exception(kind, error, trace)).rstrip(),
    ]
    return scrub_secrets("\n".join(lines))
