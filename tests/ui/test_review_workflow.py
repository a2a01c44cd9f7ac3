"""The language-QC round, driven through the review panel, offline and online, against the emulator.

Each person has their own profile database and sync session, as on their own
laptops. Steps are taken with the panel's buttons while the server is down;
the outbox sends them when it is back, and the emulator's final state is
checked. The server is judged at each hand-over, as the people would see it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.captions.operations import plan_set_text
from app.captions.webvtt_file import parse, write
from app.language_work import Person
from app.storage import Database, TrackStore, open_database
from app.workflow import QcAction
from sync.session import SyncSession
from tests.platform.fixtures import ServerFactory
from tests.platform.server import PlatformServer
from tests.sync.support import JOB, PASSWORD, new_session
from ui.language_panel import LanguagePanel

LANGUAGE = "de"  # seeded: assigned to linguist@demo.test, no reviewer yet


class Desk:
    """One person's laptop: a profile database, a sync session and the review panel."""

    def __init__(self, server: PlatformServer, folder: Path, email: str, qtbot: QtBot,
                 loop: asyncio.AbstractEventLoop) -> None:
        # One loop for the desk's life: its HTTP connections belong to it.
        self.loop = loop
        self.database: Database = open_database(folder / "workstation.sqlite3")
        self.session: SyncSession = new_session(server, self.database)
        self.email = email
        self.person: Person | None = None
        self.panel = LanguagePanel(self.database, lambda: self.person)
        qtbot.addWidget(self.panel)

    def sign_in_and_pull(self) -> None:
        async def run() -> None:
            user = await self.session.sign_in(self.email, PASSWORD)
            self.person = Person(user.id, user.role, user.name)
            await self.session.puller.pull_all()

        self.loop.run_until_complete(run())
        self.panel.show_language(JOB, LANGUAGE, cue_count=self.cue_count())

    def pull(self) -> None:
        self.loop.run_until_complete(self.session.puller.pull_all())
        self.panel.refresh()

    def send(self) -> None:
        self.loop.run_until_complete(self.session.worker.drain())
        self.panel.refresh()

    def click(self, action: QcAction) -> None:
        button = self.panel.buttons[action]
        assert button.isEnabled(), button.toolTip()
        button.click()

    def cue_count(self) -> int:
        stored = TrackStore(self.database).get_track(JOB, LANGUAGE, "captions")
        return 0 if stored is None else len(parse(stored.working_content).cues)

    def edit_first_cue(self, text: str) -> None:
        tracks = TrackStore(self.database)
        stored = tracks.get_track(JOB, LANGUAGE, "captions")
        assert stored is not None
        track = parse(stored.working_content)
        track.apply(plan_set_text(track, 0, text))
        tracks.save_working_copy(JOB, LANGUAGE, "captions", write(track))

    def close(self) -> None:
        self.loop.run_until_complete(self.session.stop())
        self.database.close()


@pytest.fixture
def server(platform_server_factory: ServerFactory) -> PlatformServer:
    return platform_server_factory()


@pytest.fixture
def desks(server: PlatformServer, tmp_path: Path, qtbot: QtBot) -> Iterator[dict[str, Desk]]:
    loop = asyncio.new_event_loop()
    made = {
        name: Desk(server, tmp_path / name, f"{name}@demo.test", qtbot, loop)
        for name in ("linguist", "reviewer")
    }
    yield made
    for desk in made.values():
        desk.close()
    loop.close()


def _server_language(server: PlatformServer) -> dict[str, object]:
    row = server.store.one(
        "SELECT state, reviewer_id, reviewed_cues FROM language_qc WHERE job_id = ? AND lang = ?",
        (JOB, LANGUAGE),
    )
    assert row is not None
    return dict(row)


def test_a_language_goes_round_the_qc_loop_with_offline_steps(
    server: PlatformServer, desks: dict[str, Desk], monkeypatch: pytest.MonkeyPatch
) -> None:
    lina, rita = desks["linguist"], desks["reviewer"]
    data_dir, port = server.emulator.config.data_dir, server.port
    lina.sign_in_and_pull()
    rita.sign_in_and_pull()
    assert not rita.panel.buttons[QcAction.OPEN_REVIEW].isEnabled()  # nothing submitted yet

    # The linguist works on the train: start, edit, submit, all offline.
    server.stop()
    lina.click(QcAction.START_WORK)
    lina.edit_first_cue("Willkommen, offline bearbeitet")
    lina.click(QcAction.SUBMIT)
    assert lina.panel.state_label.text() == "State: submitted — waiting to reach the server"
    assert not lina.panel.buttons[QcAction.SUBMIT].isEnabled()

    server = PlatformServer(data_dir, port=port).start()
    try:
        lina.send()
        assert _server_language(server)["state"] == "submitted"
        assert lina.panel.state_label.text() == "State: submitted"

        # The reviewer pulls, then reviews offline and rejects.
        rita.pull()
        server.stop()
        rita.click(QcAction.OPEN_REVIEW)
        rita.panel.mark_cue_reviewed(0)
        rita.panel.mark_cue_reviewed(1)
        assert rita.panel.progress.value() == 2
        assert rita.panel.comment("Cue 2 reads too fast", cue_index=1)
        monkeypatch.setattr(QInputDialog, "getMultiLineText",
                            lambda *args, **kwargs: ("Timing drifts after cue 3", True))
        rita.click(QcAction.REJECT)
        assert rita.panel.view is not None and rita.panel.view.state == "rejected"
        server = PlatformServer(data_dir, port=port).start()
        rita.send()
        on_server = _server_language(server)
        assert on_server["state"] == "rejected" and on_server["reviewer_id"] == "u-reviewer"
        assert set(json.loads(str(on_server["reviewed_cues"]))) == {0, 1}
        comments = server.store.scalar(
            "SELECT COUNT(*) FROM qc_comments WHERE job_id = ? AND lang = ?", (JOB, LANGUAGE))
        assert comments == 1

        # The linguist reopens and resubmits; the reviewer approves.
        lina.pull()
        assert lina.panel.view is not None and lina.panel.view.state == "rejected"
        lina.click(QcAction.REOPEN)
        lina.click(QcAction.SUBMIT)
        lina.send()
        rita.pull()
        rita.click(QcAction.OPEN_REVIEW)
        rita.click(QcAction.APPROVE)
        rita.send()

        assert _server_language(server)["state"] == "approved"
        latest = server.store.one(
            "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = 'captions'"
            " ORDER BY version DESC LIMIT 1", (JOB, LANGUAGE))
        assert latest is not None and "Willkommen, offline bearbeitet" in latest["content"]
        rita.pull()
        assert rita.panel.state_label.text() == "State: approved"
        assert not any(button.isEnabled() for button in rita.panel.buttons.values())
    finally:
        server.stop()


def test_steps_on_a_language_without_review_say_why_instead_of_failing(
    server: PlatformServer, desks: dict[str, Desk]
) -> None:
    rita = desks["reviewer"]
    rita.sign_in_and_pull()
    rita.panel.show_language(JOB, "en")  # the source language: no review of its own
    said: list[str] = []
    rita.panel.message.connect(said.append)

    rita.panel.take(QcAction.APPROVE)
    rita.panel.mark_cue_reviewed(0)

    assert len(said) == 2 and all("source language" in text for text in said)
