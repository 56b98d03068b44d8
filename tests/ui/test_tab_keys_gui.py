"""Ctrl+H and Ctrl+R open the library and the roster with the keys working at
once: the screenshot script (and an operator) pressed Ctrl+H, then Ctrl+F,
and the search box never got the letters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def test_the_library_and_the_roster_take_the_keys_when_opened(qtbot, window) -> None:
    window.activateWindow()
    window.live_view.entry.edit.setFocus()  # typing numbers, as in a live session
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.library
    qtbot.waitUntil(lambda: window.library.isAncestorOf(QApplication.focusWidget()), timeout=2_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.library.search
    qtbot.keyClicks(window.library.search, "Demo")
    assert window.library.search.text() == "Demo"

    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.roster
    qtbot.waitUntil(lambda: window.roster.isAncestorOf(QApplication.focusWidget()), timeout=2_000)
    month = window.roster.month
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.roster.month != month, "Alt+Left went to the previous month"


def test_alt_and_a_number_choose_a_side_tab(qtbot, window, live) -> None:
    view = window.live_view
    view.plots.setFocus()
    funnel = view.side.indexOf(view.funnel)
    assert funnel >= 0
    qtbot.keyClick(view.plots, Qt.Key(Qt.Key.Key_1 + funnel), Qt.KeyboardModifier.AltModifier)
    assert view.side.currentWidget() is view.funnel
    qtbot.keyClick(view.plots, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)  # past the last
    assert view.side.currentWidget() is view.funnel
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.roster.isAncestorOf(QApplication.focusWidget()), timeout=2_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.roster.views.currentWidget() is window.roster.paid_scroll
