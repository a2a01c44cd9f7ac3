"""Hostile files fed to `review-workstation check`, `resave` and `import`.

Each file in `tests/hostile/hostile_files.py` (huge, truncated, binary,
UTF-16 without a BOM, Latin-1, billion laughs, an external entity, empty,
a folder, missing) must give exit code 2 and a one-line message naming the
file, never a traceback; `resave` must leave no output file behind; and
the profile database must hold exactly the rows it held before (compared
as a full SQL dump). Files with odd timestamps (out of order, ending
before they start, past 100 hours) are valid WebVTT: they are read, the
checker reports what it knows, and `resave` gives them back byte for byte.

The commands run in this process through `ui.command_line.main` (as the
installed `review-workstation` script does), so a stray exception fails
the test with its traceback; one test runs the real process as well.
Huge files are 64 MiB (`HOSTILE_HUGE_MB` changes that) and made once per
run.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import profile
from app.storage import JobInfo, JobStore, TrackStore, open_profile
from tests.hostile.hostile_files import REFUSED, VTT_SAMPLE
from ui.command_line import main

JOB = "job-hostile"
TRACK = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nKept as it was.\n"
REPO = Path(__file__).resolve().parents[2]


# What the message must say, where a vaguer one would leave a person guessing.
EXPECTED_WORDS = {
    "utf16-no-bom.vtt": ("UTF-16", "UTF-8"),
    "latin1.vtt": ("line 4", "UTF-8"),
    "latin1.tmx": ("utf-8",),
    "billion-laughs.tmx": ("entities",),
    "external-entity.tmx": ("entities",),
    "picture.vtt": ("UTF-8",),
    "empty.vtt": ("empty",),
    "folder.vtt": ("folder",),
    "missing.vtt": ("does not exist",),
    "truncated-signature.vtt": ("WEBVTT",),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-files")
    return {name: make(folder) for name, make in REFUSED.items()}


@pytest.fixture
def cached_track(workstation_home: Path) -> Path:
    """A profile holding one job with a cached French caption track; its database path."""
    chosen = profile()
    database = open_profile(chosen)
    try:
        JobStore(database).upsert_job(JobInfo(JOB, "Hostile input", "in_qc", "en"), None)
        TrackStore(database).save_server_track(JOB, "fr", "captions", 1, TRACK)
    finally:
        database.close()
    return chosen.database_path


def dump(database_path: Path) -> list[str]:
    """Every row of every table, as SQL; read-only, so looking changes nothing."""
    if not database_path.exists():
        return []
    connection = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def assert_plain(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_resave_and_import_refuse_plainly_and_change_nothing(
    name: str, hostile: dict[str, Path], cached_track: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = dump(cached_track)
    assert before  # the profile holds the job and its track
    path = hostile[name]

    assert main(["check", str(path)]) == 2, "check"
    out, err = capsys.readouterr()
    assert out.startswith(f"{path}: cannot be read: "), out
    assert out.count("\n") == 1 and len(out) < 400, out
    assert_plain(out + err)
    for word in EXPECTED_WORDS.get(name, ()):
        assert word in out, out

    target = tmp_path / "saved" / ("out" + path.suffix)
    target.parent.mkdir()
    assert main(["resave", str(path), str(target)]) == 2, "resave"
    out, err = capsys.readouterr()
    assert err.startswith("review-workstation: ") and not out, err
    assert err.count("\n") == 1 and len(err) < 400, err
    assert_plain(out + err)
    assert list(target.parent.iterdir()) == []  # no output, no half-written temporary

    assert main(["import", JOB, "fr", "captions", str(path)]) == 2, "import"
    out, err = capsys.readouterr()
    assert err.startswith("review-workstation: ") and str(path) in err and not out, err
    assert err.count("\n") == 1 and len(err) < 400, err
    assert_plain(out + err)

    assert dump(cached_track) == before


def test_the_real_process_prints_no_traceback(hostile: dict[str, Path], cached_track: Path,
                                              tmp_path: Path) -> None:
    files = [str(hostile[name]) for name in ("billion-laughs.tmx", "folder.vtt", "latin1.vtt",
                                             "utf16-no-bom.vtt")]
    before = dump(cached_track)
    commands = [["check", *files], ["resave", files[0], str(tmp_path / "x.tmx")],
                ["import", JOB, "fr", "captions", files[1]]]
    for words in commands:
        result = subprocess.run([sys.executable, "-m", "ui.command_line", *words], cwd=REPO,
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 2, result
        assert_plain(result.stdout + result.stderr)
    assert dump(cached_track) == before


ODD_TIMES = {
    "end-before-start": "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards.\n",
    "starts-out-of-order": (
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nSecond.\n\n"
        "00:00:01.000 --> 00:00:02.000\nFirst.\n"
    ),
    "past-100-hours": "WEBVTT\n\n100:00:00.000 --> 100:00:02.000\nLate.\n\n"
    "12345:59:59.999 --> 12346:00:00.000\nLater.\n",
}


@pytest.mark.parametrize("name", sorted(ODD_TIMES))
def test_odd_timestamps_are_read_and_saved_back_exactly(
    name: str, tmp_path: Path, cached_track: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / f"{name}.vtt"
    source.write_text(ODD_TIMES[name], encoding="utf-8")
    before = dump(cached_track)
    code = main(["check", str(source)])
    out, err = capsys.readouterr()
    cues = ODD_TIMES[name].count("-->")
    assert code in (0, 1) and out.startswith(f"{source}: {cues} cues, "), out
    assert_plain(out + err)
    if name == "end-before-start":
        assert code == 1 and "timing-order" in out
    target = tmp_path / "again.vtt"
    assert main(["resave", str(source), str(target)]) == 0
    assert target.read_bytes() == source.read_bytes()
    assert dump(cached_track) == before


def test_import_refuses_a_cue_that_ends_before_it_starts(
    tmp_path: Path, cached_track: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "backwards.vtt"
    source.write_text(ODD_TIMES["end-before-start"], encoding="utf-8")
    before = dump(cached_track)
    assert main(["import", JOB, "fr", "captions", str(source)]) == 2
    assert dump(cached_track) == before


def test_a_good_import_does_change_the_database(
    cached_track: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: the dump comparison above can see a change."""
    before = dump(cached_track)
    assert main(["import", JOB, "fr", "captions", str(VTT_SAMPLE)]) == 0
    assert dump(cached_track) != before
