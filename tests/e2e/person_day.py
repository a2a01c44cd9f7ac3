"""A working day as people live it, in the real window with the libvlc player, on an X display.

Run by ``test_person_day.py`` in a subprocess (libvlc needs a real X11
window, the rest of the tests use the offscreen platform):

    DISPLAY=:99 .venv/bin/python -m tests.e2e.person_day --shots DIR --data DIR

It starts the platform emulator, then:

1. the linguist signs in, opens French of the demo job, makes the job
   available offline;
2. the server goes away (the emulator stops); the linguist edits captions,
   comments and submits, all offline;
3. the server comes back: everything arrives;
4. the reviewer signs in, goes offline, opens review, marks cues reviewed,
   comments; back online, everything arrives; then approves;
5. a concurrent editor changes the same cue on the server; the linguist's
   edit conflicts and is resolved in the conflict dialog.

A screenshot of the whole X screen (the VLC picture included) is saved at each
step. The last line printed is a JSON report the test reads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

FR = "fr"
JOB = "demo-0001"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shots", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["REVIEW_WORKSTATION_HOME"] = str(args.data / "home")
    args.shots.mkdir(parents=True, exist_ok=True)

    import qasync

    from ui.application import create_application

    app = create_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    report: dict[str, Any] = {"steps": [], "shots": []}
    try:
        with loop:
            loop.run_until_complete(Day(app, args.shots, args.data, report).run())
    except BaseException as error:  # the report must say what broke, then fail
        report["error"] = "".join(traceback.format_exception(error))
    print(json.dumps(report), flush=True)
    sys.exit(1 if "error" in report else 0)


class Day:
    def __init__(self, app: Any, shots: Path, data: Path, report: dict[str, Any]) -> None:
        self.app = app
        self.shots = shots
        self.data = data
        self.report = report
        self.server: Any = None
        self.window: Any = None

    # --- helpers ----------------------------------------------------------------------

    async def until(self, what: str, predicate: Callable[[], object],
                    timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() > deadline:
                status = self.window.statusBar().currentMessage() if self.window else ""
                raise AssertionError(f"timed out waiting for: {what} (status: {status!r})")
            await asyncio.sleep(0.03)

    async def shot(self, name: str) -> None:
        await asyncio.sleep(0.4)  # let the picture and the panels settle
        screen = self.app.primaryScreen()
        path = self.shots / f"{len(self.report['shots']) + 1:02d}-{name}.png"
        screen.grabWindow(0).save(str(path))
        self.report["shots"].append(path.name)

    def step(self, text: str) -> None:
        self.report["steps"].append(text)

    def start_server(self) -> None:
        from tests.platform.server import PlatformServer

        port = self.server.port if self.server is not None else 0
        self.server = PlatformServer(self.data / "emulator", port=port).start()

    def outbox_empty(self) -> bool:
        from app.storage import Outbox

        outbox = Outbox(self.window.property("database"))
        return outbox.pending_count() == 0 and not outbox.failed_items()

    def server_one(self, sql: str, *params: object) -> Any:
        return self.server.store.scalar(sql, params)

    async def sign_in(self, email: str) -> None:
        from ui.sign_in_dialog import SignInDialog

        controller = self.window.sync_controller
        controller.open_sign_in()
        await self.until("the sign-in dialog", lambda: any(
            isinstance(w, SignInDialog) and w.isVisible() for w in self.app.topLevelWidgets()))
        dialog = next(w for w in self.app.topLevelWidgets()
                      if isinstance(w, SignInDialog) and w.isVisible())
        dialog.server.setText(self.server.base_url)
        dialog.email.setText(email)
        dialog.password.setText("demo-password")
        await self.shot(f"sign-in-{email.split('@')[0]}")
        dialog.buttons.accepted.emit()
        await self.until("signed in", lambda: controller.bridge.signed_in_now
                         and "Online" in controller.status.text())
        await self.until("jobs pulled", lambda: JOB in {
            t[0] for t in self.window.jobs_panel.listed_tracks()})
        home = self.window.home
        await self.until("the queue on Home", lambda: home.queue.model.rowCount() > 0)
        await self.shot(f"home-{email.split('@')[0]}")

    async def open_track(self, language: str, kind: str = "captions") -> None:
        for job in self.window._workspace.jobs():
            for tracks in job.languages.values():
                for entry in tracks:
                    if (entry.job_id, entry.language, entry.kind) == (JOB, language, kind):
                        self.window.jobs_panel.track_chosen.emit(entry)
                        await self.until("the track in the editor", lambda: (
                            f"{JOB} · {language}" in self.window.editor.title.text()
                            and "loading" not in self.window.editor.title.text()))
                        return
        raise AssertionError(f"{JOB} {language} {kind} is not listed")

    async def go_offline(self) -> None:
        self.server.stop()
        self.window.sync_controller.bridge.sync_now()
        await self.until("offline shown", lambda: "Offline" in
                         self.window.sync_controller.status.text(), 40)

    async def come_back(self) -> None:
        self.start_server()
        self.window.sync_controller.bridge.sync_now()
        await self.until("everything sent", self.outbox_empty, 60)

    # --- the day ----------------------------------------------------------------------

    async def run(self) -> None:
        from app.workflow import QcAction
        from sync.secret_store import MemorySecretStore
        from ui.application import build_window
        from ui.cue_table_model import Column

        self.start_server()
        self.window = build_window([], player="vlc", secrets=MemorySecretStore())
        window = self.window
        window.resize(1400, 900)
        window.move(0, 0)
        window.show()
        await self.until("the demo track", lambda: window.editor.model.rowCount() > 0)
        self.report["player"] = window.player_widget.backend_name
        await self.shot("first-start")

        await self.sign_in("linguist@demo.test")
        self.step("linguist signed in")
        await self.open_track(FR)
        window.sync_controller.download_current_job()
        database = window.property("database")
        from app.storage import JobStore

        await self.until("video downloaded", lambda: (
            (job := JobStore(database).get_job(JOB)) is not None and job.media_path is not None
            and job.available_offline), 60)
        await self.open_track(FR)  # now with the downloaded video
        window.player_widget.player.seek(3000)
        await self.shot("available-offline")
        self.step("job available offline")

        await self.go_offline()
        model = window.editor.model
        model.setData(model.index(0, Column.TEXT), "Bienvenue — écrit hors ligne.")
        window.editor.select_row(1)
        review = window.review
        review.comments_panel.editor.setPlainText("Le deuxième sous-titre est un peu long.")
        review.comments_panel.add_comment()
        review.language_panel.take(QcAction.SUBMIT)
        await self.until("submit shown at once",
                         lambda: "submitted" in review.language_panel.state_label.text())
        await self.shot("linguist-offline-submitted")
        self.step("edited, commented and submitted offline")

        await self.come_back()
        content = self.server_one(
            "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = ? AND kind = "
            "'captions' ORDER BY version DESC LIMIT 1", JOB, FR)
        assert "écrit hors ligne" in content, "the offline edit did not arrive"
        state = self.server_one(
            "SELECT state FROM language_qc WHERE job_id = ? AND lang = ?", JOB, FR)
        assert state == "submitted", f"the server shows {state}"
        await self.shot("linguist-back-online")
        self.step("everything arrived: edit, comment, submit")

        window.sync_controller.bridge.sign_out()
        await self.until("signed out", lambda: not window.sync_controller.bridge.signed_in_now)
        await self.sign_in("reviewer@demo.test")
        await self.open_track(FR)
        await self.go_offline()
        await self.until("open review allowed", lambda: review.language_panel.buttons[
            QcAction.OPEN_REVIEW].isEnabled())
        review.language_panel.take(QcAction.OPEN_REVIEW)
        for row in range(3):
            window.editor.select_row(row)
            review.mark_current_cue_reviewed()
        review.comments_panel.editor.setPlainText("Relu : la ponctuation est bonne.")
        review.comments_panel.add_comment()
        await self.shot("reviewer-offline-reviewed")
        self.step("reviewer opened review, marked 3 cues, commented offline")
        moved_to = await self.nudge_pause_point()
        await self.come_back()
        on_server = self.server_one(
            "SELECT timestamp_ms FROM pause_points WHERE job_id = ? AND lang = 'en'", JOB)
        assert on_server == moved_to, f"pause point on the server: {on_server}, not {moved_to}"
        await self.open_track(FR)
        reviewed = json.loads(self.server_one(
            "SELECT reviewed_cues FROM language_qc WHERE job_id = ? AND lang = ?", JOB, FR))
        assert sorted(reviewed) == [0, 1, 2], f"reviewed on the server: {reviewed}"
        comments = self.server_one(
            "SELECT COUNT(*) FROM qc_comments WHERE job_id = ? AND lang = ?", JOB, FR)
        assert comments >= 2, f"{comments} comments on the server"
        review.language_panel.take(QcAction.APPROVE)
        await self.until("approved on the server", lambda: self.server_one(
            "SELECT state FROM language_qc WHERE job_id = ? AND lang = ?", JOB, FR)
            == "approved", 30)
        await self.shot("reviewer-approved")
        self.step("reviewer work arrived; language approved")

        await self.conflict()
        self.report["ok"] = True
        await window.sync_controller.bridge.stop()
        window.close()
        self.server.stop()

    async def nudge_pause_point(self) -> int:
        """Offline: move the English description's pause point 300 ms later from the keyboard."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        await self.open_track("en")
        editor = self.window.pause_points
        self.window._show_work_view(editor)
        await self.until("the pause points", lambda: editor.isEnabled()
                         and editor.band.current is not None)
        def where() -> int:
            return next(p.timestamp_ms for p in editor.band.content.points
                        if p.cue_index == editor.band.current)

        before = where()
        editor.band.setFocus()
        # The demo's point sits inside a caption: S snaps it to the caption's end,
        # then Shift+Right moves it 100 ms at a time.
        QTest.keyClick(editor.band, Qt.Key.Key_S)
        snapped = where()
        assert snapped > before, f"S did not snap the pause point ({before})"
        for _ in range(2):
            QTest.keyClick(editor.band, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        after = where()
        assert after == snapped + 200, f"nudged from {snapped} to {after}"
        await self.shot("reviewer-offline-pause-point")
        self.step("pause point snapped to the caption end and nudged 200 ms, offline")
        return after

    async def conflict(self) -> None:
        from ui.conflict_view import ConflictDialog
        from ui.cue_table_model import Column

        window = self.window
        window.sync_controller.bridge.sign_out()
        await self.until("signed out", lambda: not window.sync_controller.bridge.signed_in_now)
        await self.sign_in("linguist@demo.test")
        await self.open_track("de")
        self.server.faults.arm_concurrent_edit(JOB, "de", "captions")
        model = window.editor.model
        last = model.rowCount() - 1
        model.setData(model.index(last, Column.TEXT), "Meine Fassung der letzten Zeile.")
        await self.until("the conflict", lambda: any(
            t.state == "conflict" for j in window._workspace.jobs()
            for ts in j.languages.values() for t in ts if (t.job_id, t.language) == (JOB, "de")))
        window.sync_controller.resolve_current_conflict()
        await self.until("the conflict dialog", lambda: any(
            isinstance(w, ConflictDialog) and w.isVisible() for w in self.app.topLevelWidgets()))
        dialog = next(w for w in self.app.topLevelWidgets()
                      if isinstance(w, ConflictDialog) and w.isVisible())
        await self.shot("conflict-dialog")
        rows = dialog.list.model().rowCount()
        for row in range(rows):
            dialog.list.setCurrentIndex(dialog.list.model().index(row, 0))
            dialog.take_mine.click()
        dialog.resolve_button.click()
        await self.until("the resolution sent", self.outbox_empty, 60)
        content = self.server_one(
            "SELECT content FROM vtt_versions WHERE job_id = ? AND lang = 'de' AND kind = "
            "'captions' ORDER BY version DESC LIMIT 1", JOB)
        assert "Meine Fassung der letzten Zeile." in content, "the resolution did not arrive"
        await self.shot("conflict-resolved")
        self.step("a concurrent edit conflicted and was resolved in the window")


if __name__ == "__main__":
    main()
