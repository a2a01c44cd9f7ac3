"""Caption overlay: markup, cue settings placement, active cue lookup, drawing."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest
from PySide6.QtCore import QRectF
from pytestqt.qtbot import QtBot

from app.captions.model import Cue
from ui.player.caption_overlay import (
    ActiveCueFinder,
    CaptionOverlay,
    Placement,
    box_width_limit,
    cue_html,
    parse_placement,
    place_box,
    plain_text,
)

VIDEO = QRectF(0, 0, 640, 360)


@pytest.mark.parametrize(("text", "expected"), [
    ("<i>Look,</i> the picture", "<i>Look,</i> the picture"),
    ("<v Nadia>Thanks.</v>", "Thanks."),
    ("<c.yellow.bg_blue>two</c> &amp; <b>bold", "two &amp; <b>bold</b>"),
    ("<b><i>both</b> after", "<b><i>both</i></b> after"),
    ("line one\nline two", "line one<br>line two"),
    ("1 &lt; 2 <00:00:01.000>karaoke", "1 &lt; 2 karaoke"),
    ("<ruby>漢<rt>kan</rt></ruby>", "漢kan"),
    ("<script>alert(1)</script>", "alert(1)"),
])
def test_markup_keeps_italic_bold_underline_only(text: str, expected: str) -> None:
    assert cue_html(text) == expected


def test_plain_text_strips_all_markup() -> None:
    assert plain_text("<v Sam><i>Hi</i> &amp; bye</v>") == "Hi & bye"


def test_settings_are_parsed_with_webvtt_defaults() -> None:
    assert parse_placement({}) == Placement()
    top_left = parse_placement({"line": "10%", "align": "start"})
    assert (top_left.line, top_left.line_is_percent) == (10.0, True)
    assert (top_left.align, top_left.position, top_left.position_align) == \
        ("left", 0.0, "line-left")
    custom = parse_placement({"position": "30%,line-right", "size": "40%", "line": "-1",
                              "align": "end"})
    assert (custom.position, custom.position_align, custom.size) == (30.0, "line-right", 40.0)
    assert (custom.line, custom.line_is_percent, custom.align) == (-1.0, False, "right")
    nonsense = parse_placement({"line": "lots", "position": "120%", "align": "diagonal"})
    assert nonsense == Placement()


def test_boxes_go_where_the_settings_say() -> None:
    line_height = 22.5
    top = place_box(parse_placement({"line": "10%", "align": "start"}), 200, 50, line_height,
                    VIDEO)
    assert top == QRectF(0, 36, 200, 50)
    centred = place_box(parse_placement({"line": "50%,center"}), 200, 50, line_height, VIDEO)
    assert centred == QRectF(220, 155, 200, 50)
    bottom_line = place_box(parse_placement({"line": "-1"}), 200, 50, line_height, VIDEO)
    assert bottom_line is not None and bottom_line.bottom() == pytest.approx(360)
    first_line = place_box(parse_placement({"line": "0", "position": "90%,line-right"}),
                           200, 50, line_height, VIDEO)
    assert first_line == QRectF(376, 0, 200, 50)
    # never past the edges
    clamped = place_box(parse_placement({"line": "100%", "position": "100%,line-left"}),
                        200, 50, line_height, VIDEO)
    assert clamped == QRectF(440, 310, 200, 50)
    assert place_box(parse_placement({}), 200, 50, line_height, VIDEO) is None  # auto
    assert box_width_limit(parse_placement({"size": "40%"}), 640) == pytest.approx(256)
    assert box_width_limit(parse_placement({"position": "25%"}), 640) == pytest.approx(320)


def cue(start: int, end: int, text: str = "x", settings: str = "") -> Cue:
    return Cue(start, end, text, settings=settings)


def test_active_cues_include_start_and_exclude_end() -> None:
    cues = [cue(1000, 2000), cue(1500, 6000), cue(2000, 2500), cue(7000, 8000)]
    finder = ActiveCueFinder(cues)
    assert finder.active(999) == ()
    assert finder.active(1000) == (0,)
    assert finder.active(1999) == (0, 1)
    assert finder.active(2000) == (1, 2)
    assert finder.active(6500) == ()
    assert finder.active(7999) == (3,)
    assert ActiveCueFinder([]).active(0) == ()


def test_active_cue_lookup_is_fast_on_a_long_track() -> None:
    cues = [cue(i * 2000, i * 2000 + 1800) for i in range(20_000)]
    finder = ActiveCueFinder(cues)
    began = time.perf_counter()
    for ms in range(0, 40_000_000, 4000):
        finder.active(ms)
    assert (time.perf_counter() - began) / 10_000 < 50e-6  # well under a frame


def overlay_with(qtbot: QtBot, cues: Sequence[Cue]) -> CaptionOverlay:
    overlay = CaptionOverlay()
    qtbot.addWidget(overlay)
    overlay.resize(640, 360)
    overlay.set_video_rect(VIDEO)
    overlay.set_cues(cues)
    return overlay


def test_overlay_reports_and_lays_out_the_showing_cues(qtbot: QtBot) -> None:
    cues = [cue(0, 5000, "First, at the bottom"), cue(1000, 4000, "<i>Second</i> overlaps"),
            cue(2000, 3000, "Top", "line:0")]
    overlay = overlay_with(qtbot, cues)
    with qtbot.waitSignal(overlay.active_cues_changed) as changed:
        overlay.set_position(2500)
    assert changed.args == [(0, 1, 2)]
    assert overlay.active_texts() == ["First, at the bottom", "Second overlaps", "Top"]
    assert overlay.accessibleDescription() == "First, at the bottom / Second overlaps / Top"
    first, second, top = overlay.caption_boxes()
    assert first.bottom() == pytest.approx(360 - 360 * 0.04)  # above the bottom edge
    assert second.bottom() < first.top()  # stacked, no overlap
    assert top.top() == pytest.approx(0)
    assert abs(first.center().x() - 320) < 1  # centred by default
    overlay.set_position(4500)
    assert overlay.active_cues == (0,)
    overlay.set_position(9000)
    assert overlay.caption_boxes() == []
    assert overlay.accessibleDescription() == "No caption is showing."


def test_overlay_follows_the_picture_rectangle(qtbot: QtBot) -> None:
    overlay = overlay_with(qtbot, [cue(0, 1000, "Hello", "line:10% align:start")])
    overlay.set_position(0)
    overlay.set_video_rect(QRectF(100, 50, 320, 180))  # letterboxed picture
    (box,) = overlay.caption_boxes()
    assert box.left() == pytest.approx(100)
    assert box.top() == pytest.approx(50 + 18)
