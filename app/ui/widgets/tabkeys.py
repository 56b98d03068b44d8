"""Alt+1 … Alt+9 choose a tab of a panel's tab widget (the live view's side
panel: Events, Highlights, Segments, Funnel, Sources; the roster's Month and
Paid traffic), wherever the focus is within the panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

MAX_KEYS = 9


def side_keys_tabs(owner: QWidget, tabs: QTabWidget) -> list[QShortcut]:
    """Alt+N shows the Nth tab of `tabs` (tabs added later count too), while
    the focus is anywhere in `owner`; a number past the last tab does nothing."""

    def choose(index: int) -> None:
        if index < tabs.count() and tabs.isTabEnabled(index) and tabs.isTabVisible(index):
            tabs.setCurrentIndex(index)

    keys = []
    for n in range(1, MAX_KEYS + 1):
        sc = QShortcut(QKeySequence(f"Alt+{n}"), owner)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(lambda index=n - 1: choose(index))
        keys.append(sc)
    return keys
