"""The rotating log file: secrets scrubbed on the way to disk, bounded in size."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import crash_log
from app.crash_log import crash_report, install_log_file, remove_log_file


@pytest.fixture
def root_level() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


def test_log_records_are_scrubbed_and_go_to_the_user_log_folder(
    workstation_home: Path, root_level: None
) -> None:
    path = install_log_file()
    try:
        assert install_log_file() == path  # no second handler for the same file
        logging.getLogger("sync.test").warning("retrying with Authorization: Bearer FAKE-TOKEN-1")
    finally:
        remove_log_file(path)
    assert path == workstation_home / "logs" / "workstation.log"
    text = path.read_text(encoding="utf-8")
    assert "retrying with Authorization: [removed]" in text
    assert "FAKE-TOKEN-1" not in text


def test_the_log_rotates_and_keeps_a_bounded_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_level: None
) -> None:
    monkeypatch.setattr(crash_log, "MAX_BYTES", 2000)
    path = install_log_file(tmp_path)
    try:
        for number in range(400):
            logging.getLogger("test").info("line %d %s", number, "x" * 40)
    finally:
        remove_log_file(path)
    files = sorted(tmp_path.glob("workstation.log*"))
    assert len(files) == crash_log.BACKUP_COUNT + 1
    assert all(f.stat().st_size <= 2100 for f in files)
    assert "line 399" in path.read_text(encoding="utf-8")


def test_a_report_says_what_happened_with_versions_and_without_secrets() -> None:
    try:
        raise ConnectionError("refused: {'password': 'FAKE-PASSWORD-2'}")
    except ConnectionError:
        kind, error, trace = sys.exc_info()
    assert kind is not None and error is not None
    report = crash_report(kind, error, trace, {"Qt": "6.11.3"}, thread="sync")
    assert report.startswith("What happened: ConnectionError in the thread “sync”: refused")
    assert "Qt: 6.11.3" in report
    assert "test_crash_log.py" in report  # the traceback is there
    assert "FAKE-PASSWORD-2" not in report
