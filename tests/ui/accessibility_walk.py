"""Walk a widget tree and list the interactive widgets a screen reader cannot name.

A widget counts as named when Qt's accessibility interface reports a name
for it: its accessible name, or what Qt derives from it (a button's text, a
buddy label's text for a line edit). A label merely placed beside a field,
without being its buddy, gives no name, so it does not count.

Parts that belong to a composite control are not listed on their own: the
line edit inside a spin box or combo box, a combo box's popup list, the
headers, scroll bars and corner button of views, a tab bar's scroll arrows,
a line edit's clear button, the overflow arrows of menu and tool bars (Qt
names its own helpers `qt_…`). Screen readers announce those through their owner.

Use it from any test:

    problems = unnamed_widgets(window)
    assert problems == [], describe(problems)
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Buttons (push, tool, check, radio), line edits, combo boxes, spin boxes,
# tables/lists/trees, sliders, text edits.
INTERACTIVE: tuple[type[QWidget], ...] = (
    QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
    QAbstractSlider, QTextEdit, QPlainTextEdit,
)
# Composite controls whose inner widgets are announced through them.
_OWNERS: tuple[type[QWidget], ...] = (QAbstractSpinBox, QComboBox, QLineEdit, QTabBar)
_PARTS: tuple[type[QWidget], ...] = (QHeaderView, QScrollBar)


@dataclass(frozen=True, slots=True)
class UnnamedWidget:
    """One interactive widget without an accessible name, and where it sits."""

    kind: str
    object_name: str
    path: str
    visible: bool
    hint: str

    def __str__(self) -> str:
        name = f" '{self.object_name}'" if self.object_name else ""
        shown = "" if self.visible else " (hidden now)"
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.kind}{name} in {self.path}{shown}{hint}"


def accessible_name(widget: QWidget) -> str:
    """The name Qt's accessibility interface gives the widget ("" when none).

    Qt falls back to a combo box's current item for its name; that is its
    value, not what it is for ("Dark, combo box" never says "Theme"), so it
    does not count.
    """
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return widget.accessibleName().strip()
    name = (interface.text(QAccessible.Text.Name) or "").strip()
    if (isinstance(widget, QComboBox) and not widget.accessibleName()
            and name == widget.currentText().strip()):
        return ""
    return name


def unnamed_widgets(root: QWidget, include_hidden: bool = True) -> list[UnnamedWidget]:
    """Interactive widgets under `root` (itself included) that have no accessible name.

    Hidden widgets are checked too by default: a tab not shown now, a dock
    closed for the moment or a bar that opens on a shortcut must still be
    named when it appears.
    """
    found: list[UnnamedWidget] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _is_part_of_another(widget, root):
            continue
        if not include_hidden and not widget.isVisibleTo(root):
            continue
        if accessible_name(widget):
            continue
        found.append(UnnamedWidget(
            kind=type(widget).__name__,
            object_name=widget.objectName(),
            path=_path(widget, root),
            visible=widget.isVisibleTo(root) or widget is root,
            hint=_hint(widget),
        ))
    return found


def describe(problems: list[UnnamedWidget]) -> str:
    """One line per widget, for an assertion message."""
    return "interactive widgets without an accessible name:\n" + "\n".join(
        f"  {problem}" for problem in problems)


def _is_part_of_another(widget: QWidget, root: QWidget) -> bool:
    if isinstance(widget, _PARTS):
        return True
    if widget.objectName().startswith("qt_"):
        # Qt's own helpers (a table's corner button, the menu and tool bar
        # overflow arrows, a spin box's line edit): announced by their owner.
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, _OWNERS):
            return True
        parent = parent.parentWidget()
    return False


def _path(widget: QWidget, root: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None:
        label = parent.objectName() or parent.accessibleName() or type(parent).__name__
        names.append(label)
        if parent is root:
            break
        parent = parent.parentWidget()
    return " > ".join(reversed(names)) or "(top level)"


def _hint(widget: QWidget) -> str:
    """Something to recognise the widget by: its tool tip, placeholder or current text."""
    if widget.toolTip():
        return f"tool tip {widget.toolTip()!r}"
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return f"placeholder {widget.placeholderText()!r}"
    if isinstance(widget, QAbstractButton) and widget.icon() and not widget.text():
        return "icon only"
    if isinstance(widget, QComboBox) and widget.currentText():
        return f"showing {widget.currentText()!r}"
    return ""
