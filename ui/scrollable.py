"""A view that can shrink below its natural width by scrolling, for small laptop screens.

Wide views (the QC board, the segment grid) have rows of controls whose
minimum widths add up; inside a tab, that minimum becomes the whole window's.
Wrapped in a scroll area, the window fits a 1366-pixel screen and the view
scrolls sideways only when it truly has no room.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrollable(view: QWidget, name: str) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{view.objectName() or name}-scroll")
    area.setAccessibleName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(view)
    return area
