"""Moves made in the pause-point editor reach the platform emulator as one PATCH per point."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from app.audio_description.described_media import read_described_media
from app.storage import Database, PausePointStore
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, requests, signed_in_and_pulled
from ui.pause_point_editor import PausePointEditor

LANGUAGE = "fr"  # the demo linguist's language


def server_positions(server: PlatformServer) -> dict[int, int]:
    rows = server.store.all(
        "SELECT cue_index, timestamp_ms FROM pause_points WHERE job_id = ? AND lang = ?",
        (JOB, LANGUAGE))
    return {row["cue_index"]: row["timestamp_ms"] for row in rows}


def test_nudged_pause_points_land_on_the_server_once_each(
        qtbot: QtBot, platform_server: PlatformServer, database: Database) -> None:
    editor = PausePointEditor()
    qtbot.addWidget(editor)

    async def scenario() -> None:
        session = await signed_in_and_pulled(platform_server, database)
        try:
            editor.open_pause_points(PausePointStore(database),
                                    read_described_media(database, JOB, LANGUAGE))
            assert editor.points, "the seeded French descriptions have pause points"
            cue = editor.points[0].cue_index
            before = server_positions(platform_server)[cue]
            # Three 100 ms nudges, later if that is free of dialogue, else earlier.
            sign = 1 if editor.request_move(cue, before + 100) else -1
            if sign < 0:
                assert editor.request_move(cue, before - 100)
            for _ in range(2):
                assert editor.request_move(cue, editor.points[0].timestamp_ms + sign * 100)
            wanted = before + sign * 300
            assert editor.points[0].timestamp_ms == wanted

            report = await session.worker.drain()
            assert report.failed == 0
            assert server_positions(platform_server)[cue] == wanted
            assert len(requests(platform_server, "PATCH", f"/pause-points/{cue}")) == 1
        finally:
            await session.stop()

    asyncio.run(scenario())
