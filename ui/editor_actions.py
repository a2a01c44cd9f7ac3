"""The editor's commands as Qt actions with their documented shortcuts, and the cheat sheet.

One table lists every command once: its menu, label, shortcut and what it
calls, so menus, shortcuts and the Help → Keyboard shortcuts sheet cannot
disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ui.caption_editor import CaptionEditor
from ui.player.interface import PlayerBackend


@dataclass(frozen=True)
class Command:
    menu: str
    label: str
    shortcuts: tuple[str, ...]
    run: Callable[[], None]
    # "table": only while the cue table has focus, so typing is never taken over.
    scope: str = "window"


class Shuttle:
    """J/K/L like an editing deck: L plays and speeds up, K pauses, J slows down or rewinds.

    Neither back end plays backwards, so J while paused jumps back two seconds
    (press again to go further), and while playing fast it slows down first.
    """

    RATES = (1.0, 1.5, 2.0)

    def __init__(self, player: PlayerBackend) -> None:
        self.player = player

    def forward(self) -> None:
        if self.player.state != "playing":
            self.player.set_rate(1.0)
            self.player.play()
            return
        faster = [rate for rate in self.RATES if rate > self.player.rate]
        if faster:
            self.player.set_rate(faster[0])

    def pause(self) -> None:
        self.player.pause()

    def backward(self) -> None:
        if self.player.state == "playing" and self.player.rate > 1.0:
            slower = [rate for rate in self.RATES if rate < self.player.rate]
            self.player.set_rate(slower[-1])
            return
        self.player.seek(max(0, self.player.position_ms - 2000))


def editor_commands(editor: CaptionEditor, player: PlayerBackend) -> list[Command]:
    shuttle = Shuttle(player)
    return [
        Command("&Edit", "&Insert cue after", ("Insert",), editor.insert_after, "table"),
        Command("&Edit", "Insert cue &before", ("Shift+Insert",), editor.insert_before, "table"),
        Command("&Edit", "Insert cue at &playhead", ("F8",), editor.insert_at_playhead),
        Command("&Edit", "&Delete cues", ("Delete",), editor.delete_selected, "table"),
        Command("&Edit", "&Split at playhead", ("F6",), editor.split_at_playhead),
        Command("&Edit", "Split at &text cursor", ("Ctrl+Shift+Return",),
                editor.split_at_text_cursor),
        Command("&Edit", "&Merge with next", ("F7",), editor.merge_with_next),
        Command("&Edit", "Set s&tart from playhead", ("F9",), editor.set_start_from_playhead),
        Command("&Edit", "Set &end from playhead", ("F10",), editor.set_end_from_playhead),
        Command("&Edit", "Shift selected &later by 100 ms", ("Ctrl+Shift+Right",),
                lambda: editor.shift_selected(100)),
        Command("&Edit", "Shift selected earlier by &100 ms", ("Ctrl+Shift+Left",),
                lambda: editor.shift_selected(-100)),
        Command("&Edit", "Snap selected to &frames", ("Ctrl+Shift+F",),
                editor.snap_selected_to_frames),
        Command("&Edit", "&Find…", ("Ctrl+F",), lambda: editor.open_find(False)),
        Command("&Edit", "&Replace…", ("Ctrl+H",), lambda: editor.open_find(True)),
        Command("&Edit", "Find &next", ("F3",), lambda: editor.find_bar.find_again(False)),
        Command("&Edit", "Find pre&vious", ("Shift+F3",),
                lambda: editor.find_bar.find_again(True)),
        Command("&Playback", "&Play / pause", ("Space",), player.toggle, "table"),
        Command("&Playback", "Play / pause (anywhere)", ("Ctrl+Space",), player.toggle),
        Command("&Playback", "Play, &faster (L)", ("L",), shuttle.forward, "table"),
        Command("&Playback", "P&ause (K)", ("K",), shuttle.pause, "table"),
        Command("&Playback", "Slower or &back (J)", ("J",), shuttle.backward, "table"),
        Command("&Playback", "Next &frame", ("Ctrl+Right",), lambda: player.step_frame(1)),
        Command("&Playback", "Previous fra&me", ("Ctrl+Left",), lambda: player.step_frame(-1)),
        Command("&Playback", "&Go to selected cue", ("Ctrl+G",),
                lambda: _seek_to_current(editor, player)),
        Command("&Playback", "Follow playback in the &table", ("Ctrl+Shift+P",),
                lambda: _toggle_follow(editor)),
    ]


def _seek_to_current(editor: CaptionEditor, player: PlayerBackend) -> None:
    row = editor.current_row()
    if row is not None and editor.track is not None:
        player.seek(editor.track.cues[row].start_ms)


def _toggle_follow(editor: CaptionEditor) -> None:
    editor.follow_playback = not editor.follow_playback
    editor.message.emit("The table follows playback." if editor.follow_playback
                        else "The table no longer follows playback.")


def install_commands(
    commands: list[Command], menus: dict[str, QMenu], window: QWidget, table: QWidget,
    owner: QObject,
) -> list[QAction]:
    """Make one action per command, put it in its menu, and scope its shortcut."""
    actions = []
    for command in commands:
        action = QAction(command.label, owner)
        action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
        action.triggered.connect(command.run)
        if command.scope == "table":
            # Plain-key shortcuts live on the table only: typing elsewhere is safe.
            table.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        else:
            window.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        menus[command.menu].addAction(action)
        actions.append(action)
    return actions
