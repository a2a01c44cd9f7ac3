"""The welcome screen offers three ways in and the recent work, and only emits signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.recent_work import RecentWork
from ui.welcome_screen import WelcomeScreen


def make_screen(qtbot: QtBot, recent: RecentWork) -> WelcomeScreen:
    screen = WelcomeScreen(recent)
    qtbot.addWidget(screen)
    screen.resize(900, 560)
    screen.show()
    return screen


def test_each_choice_emits_its_signal(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, RecentWork())
    for button, signal in ((screen.sign_in_button, screen.sign_in_requested),
                           (screen.demo_button, screen.demo_requested),
                           (screen.open_files_button, screen.open_files_requested)):
        with qtbot.waitSignal(signal, timeout=1000):
            button.click()


def test_the_choices_are_reachable_with_the_keyboard(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, RecentWork())
    screen.sign_in_button.setFocus()
    order = []
    for _ in range(5):
        order.append(screen.focusWidget())
        screen.focusNextChild()
    assert order == [screen.sign_in_button, screen.demo_button, screen.open_files_button,
                     screen.recent_jobs, screen.recent_files]
    with qtbot.waitSignal(screen.demo_requested, timeout=1000):
        screen.demo_button.setFocus()
        qtbot.keyClick(screen.demo_button, Qt.Key.Key_Space)


def test_recent_work_is_listed_newest_first_and_opens_on_enter(
    qtbot: QtBot, tmp_path: Path, artefacts: Path
) -> None:
    episode = tmp_path / "episode-12.fr.vtt"
    episode.write_text("WEBVTT\n", encoding="utf-8")
    recent = (RecentWork().with_file(tmp_path / "older.vtt").with_file(episode)
              .with_job("j2", "Forest walk").with_job("j1", "Harbour"))
    screen = make_screen(qtbot, recent)
    assert [screen.recent_jobs.item(r).text() for r in range(2)] == ["Harbour", "Forest walk"]
    assert screen.recent_files.item(0).text() == f"episode-12.fr.vtt\n{tmp_path}"
    assert screen.recent_files.item(1).text().startswith("older.vtt — not found")
    screen.grab().save(str(artefacts / "welcome-screen.png"))

    screen.recent_jobs.setCurrentRow(1)
    with qtbot.waitSignal(screen.recent_job_chosen, timeout=1000) as job:
        qtbot.keyClick(screen.recent_jobs, Qt.Key.Key_Return)
    assert job.args == ["j2"]

    screen.recent_files.setCurrentRow(0)
    with qtbot.waitSignal(screen.recent_file_chosen, timeout=1000) as chosen:
        qtbot.keyClick(screen.recent_files, Qt.Key.Key_Return)
    assert chosen.args == [episode]


def test_a_missing_file_is_explained_and_taken_off_the_list(
    qtbot: QtBot, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.vtt"
    screen = make_screen(qtbot, RecentWork().with_file(gone))
    screen.recent_files.setCurrentRow(0)
    with qtbot.assertNotEmitted(screen.recent_file_chosen), \
            qtbot.waitSignal(screen.forget_file_requested, timeout=1000) as forget:
        qtbot.keyClick(screen.recent_files, Qt.Key.Key_Return)
    assert forget.args == [gone]
    assert "was moved or deleted" in screen.message.text()
    assert screen.recent_files.item(0).text().startswith("No files yet")


def test_empty_lists_say_what_will_appear_and_cannot_be_chosen(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, RecentWork())
    note = screen.recent_jobs.item(0)
    assert note.text().startswith("No jobs yet")
    assert not note.flags() & Qt.ItemFlag.ItemIsSelectable
    with qtbot.assertNotEmitted(screen.recent_job_chosen):
        screen.recent_jobs.setCurrentRow(0)
        qtbot.keyClick(screen.recent_jobs, Qt.Key.Key_Return)
