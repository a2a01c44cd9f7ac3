"""The Segments view's sources: a TMX file and an IRIS job, QA flags, false positives, score."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.segments import read_tmx
from app.segments.review import ReviewStatus
from app.storage import Database, Outbox
from app.storage.tmx_uploads import iris_lane
from sync.iris import IrisConnection, UnitFlag
from sync.secret_store import MemorySecretStore
from ui.segment_grid import SegmentGrid
from ui.segment_review import SegmentReview

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext"
 segtype="sentence" adminlang="en" srclang="en" o-tmf="t"/>
<body>
<tu tuid="a"><tuv xml:lang="en"><seg>Press Start to begin.</seg></tuv>
<tuv xml:lang="fr"><seg>Appuyez sur Démarrer pour commencer.</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="en"><seg>Keep the device dry.</seg></tuv>
<tuv xml:lang="fr"><seg>Keep the device dry.</seg></tuv></tu>
</body></tmx>
"""


def _review(qtbot: QtBot, database: Database) -> SegmentReview:
    grid = SegmentGrid()
    qtbot.addWidget(grid)
    return SegmentReview(grid, database, lambda: "Rita", MemorySecretStore(), grid)


def _flags(review: SegmentReview) -> dict[str, list[tuple[str, str]]]:
    qa = review._qa
    assert qa is not None
    return review._flags(qa)


def test_a_tmx_opens_with_qa_flags_and_a_false_positive_stays_hidden_next_time(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "manual.tmx"
    path.write_text(TMX, encoding="utf-8")
    review = _review(qtbot, database)
    review.open_tmx_file(path)
    qtbot.waitUntil(lambda: review.review is not None, timeout=10_000)

    untranslated = [sid for sid, flags in _flags(review).items()
                    if any("ntranslated" in check for check, _ in flags)]
    assert len(untranslated) == 1
    assert "MQM raw" in review.grid.score_label.text()
    assert review.grid.select_segment(untranslated[0])
    review.suppress_current_flags()
    assert untranslated[0] not in _flags(review)

    again = _review(qtbot, database)  # a later session, same profile
    again.open_tmx_file(path)
    qtbot.waitUntil(lambda: again.review is not None, timeout=10_000)
    assert untranslated[0] not in _flags(again)


def test_an_iris_review_is_saved_and_queued_for_upload_with_its_flags(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    review = _review(qtbot, database)
    connection = IrisConnection("http://iris.invalid", "rita")
    review.open_iris_download(connection, "IRIS-7", TMX.encode(),
                              (UnitFlag("a", "number_mismatch", "major", "Numbers differ"),))
    qtbot.waitUntil(lambda: review.review is not None, timeout=10_000)
    first = review.grid.segment_list.segments()[0]
    assert any(check == "IRIS number mismatch" for check, _ in _flags(review).get(first.id, []))

    review.grid.select_segment(first.id)
    review.grid.set_status(ReviewStatus.OK)
    assert review.upload_to_iris()
    (item,) = Outbox(database).lane(iris_lane("IRIS-7"), "")
    uploaded = read_tmx(Path(item.payload["file"]).read_bytes())
    assert uploaded.units[0].review_status == "ok"

    saved = tmp_path / "reviewed.tmx"
    assert review.save_as(saved)
    assert read_tmx(saved.read_bytes()).units[0].review_status == "ok"
