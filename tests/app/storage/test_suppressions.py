"""False positives stay suppressed across sessions, and can be lifted again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from app.segments.qa_checks import QaCheck, QaSettings, run_qa
from app.segments.review import Segment
from app.storage import Database, SuppressionStore, open_database
from app.storage.upgrade import upgrade_database

KEY = ("end-punctuation", "Done.", "Fini !")


def test_suppress_list_and_lift(database: Database) -> None:
    store = SuppressionStore(database)
    other = ("numbers", "Call 555.", "Appelez le 556.")
    assert store.suppress([KEY, KEY, other]) == 2
    assert store.suppress([KEY]) == 0  # already there
    assert store.suppressed_keys() == {KEY, other}
    assert store.suppressed_keys("numbers") == {other}
    assert store.is_suppressed(KEY)
    store.lift([KEY])
    assert store.suppressed_keys() == {other} and not store.is_suppressed(KEY)


def test_texts_are_kept_exactly(database: Database) -> None:
    store = SuppressionStore(database)
    key = ("whitespace", " Hello\n<i>there</i>  ", "  Bonjour\tici ")
    store.suppress([key])
    assert store.suppressed_keys() == {key}
    assert not store.is_suppressed(("whitespace", "Hello\n<i>there</i>", "Bonjour\tici"))


def test_a_suppressed_finding_stays_suppressed_after_reopening(database_path: Path) -> None:
    segments = [Segment("a", ("Done.",), ("Fini !",)), Segment("b", ("Go.",), ("Allez !",))]
    settings = QaSettings().only(QaCheck.END_PUNCTUATION)
    database = open_database(database_path)
    first = run_qa(segments, settings)
    SuppressionStore(database).suppress([first.findings[0].suppression_key])
    database.close()

    reopened = open_database(database_path)
    try:
        suppressed = SuppressionStore(reopened).suppressed_keys()
        again = run_qa(segments, settings, suppressed=suppressed)
        assert [f.segment_id for f in again.findings] == ["b"] and again.suppressed == 1
    finally:
        reopened.close()


def test_an_older_profile_gets_the_table_on_upgrade(database_path: Path) -> None:
    database_path.parent.mkdir(parents=True)
    upgrade_database(database_path, "0003")
    with closing(sqlite3.connect(database_path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "qa_suppressions" not in tables
    database = open_database(database_path)
    try:
        SuppressionStore(database).suppress([KEY])
        assert SuppressionStore(database).suppressed_keys() == {KEY}
    finally:
        database.close()
