"""Keyboard focus around the entry line, driven with real key presses: Esc
leaves it (after dismissing a message), a stale message goes when the line
changes, and Ctrl+End / Ctrl+Home work while typing."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.view.quick_entry import QuickEntry

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def focus_entry(qtbot, window) -> QuickEntry:
    """Ctrl+L, as the operator presses it, then wait for the line to have the focus."""
    entry = window.live_view.entry
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(entry.edit.hasFocus, timeout=2_000)
    return entry


def type_and_enter(qtbot, entry, text: str) -> None:
    qtbot.keyClicks(entry.edit, text)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)


def press(
    qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press where a real one goes: to the widget with the focus."""
    widget = QApplication.focusWidget()
    assert widget is not None, "something has the keyboard focus"
    qtbot.keyClick(widget, key, modifier)


def test_esc_after_enter_leaves_the_line_and_the_one_key_shortcuts_work(
    qtbot, window, live
) -> None:
    plots = window.live_view.plots
    entry = focus_entry(qtbot, window)
    type_and_enter(qtbot, entry, "v 100")
    assert entry.message.property("kind") == "ok"
    assert entry.edit.hasFocus(), "Enter keeps the line for the next number"

    press(qtbot, Qt.Key.Key_Escape)
    assert plots.graphics.hasFocus(), "Esc hands the keyboard to the plots"

    press(qtbot, Qt.Key.Key_Home)
    assert not plots.follow, "Home shows the whole session"
    assert not window.follow_action.isChecked()
    press(qtbot, Qt.Key.Key_End)
    assert plots.follow, "End goes back to following live"
    assert window.follow_action.isChecked()
    press(qtbot, Qt.Key.Key_F)
    assert not plots.follow, "F switches following off"
    press(qtbot, Qt.Key.Key_F)
    assert plots.follow, "and on again"
    assert entry.edit.text() == "", "no key went into the entry line"


def test_esc_dismisses_an_error_first_and_leaves_with_the_next(qtbot, window, live) -> None:
    entry = focus_entry(qtbot, window)
    type_and_enter(qtbot, entry, "v lots")
    assert entry.message.property("kind") == "error"

    press(qtbot, Qt.Key.Key_Escape)
    assert entry.message.text() == "", "the first Esc clears the error"
    assert entry.edit.text() == "v lots", "and keeps the line"
    assert entry.edit.hasFocus()

    press(qtbot, Qt.Key.Key_Escape)
    assert window.live_view.plots.graphics.hasFocus(), "the next Esc leaves"
    assert entry.edit.text() == "v lots"


def test_esc_cancels_a_confirmation_and_then_leaves(qtbot, window, live) -> None:
    entry = focus_entry(qtbot, window)
    type_and_enter(qtbot, entry, "gmv 98")
    type_and_enter(qtbot, entry, "gmv 12")
    assert entry.message.property("kind") == "warning"
    press(qtbot, Qt.Key.Key_Escape)
    assert "Not stored" in entry.message.text()
    assert entry.edit.hasFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert window.live_view.plots.graphics.hasFocus()
    assert entry.message.text() == "", "the hint about the line goes with it"


def test_a_stale_error_goes_once_the_line_is_changed_or_cleared(qtbot, window, live) -> None:
    entry = focus_entry(qtbot, window)
    type_and_enter(qtbot, entry, "v lots")
    assert entry.message.property("kind") == "error"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Backspace)
    assert entry.message.text() == "", "the error was about the line before the change"
    assert entry.message.property("kind") != "error"

    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)  # "v lot": wrong again
    assert entry.message.property("kind") == "error"
    qtbot.keyClick(entry.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Delete)
    assert entry.edit.text() == ""
    assert entry.message.text() == "", "clearing the line clears its error"

    type_and_enter(qtbot, entry, "gmv 98")
    type_and_enter(qtbot, entry, "gmv 12")
    assert entry.message.property("kind") == "warning"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Backspace)  # "gmv 1"
    assert entry.message.text() == "", "the question was about the line before the change"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.message.property("kind") == "warning", "the new line is checked afresh"


def test_ctrl_end_and_ctrl_home_work_while_typing(qtbot, window, live) -> None:
    plots = window.live_view.plots
    assert plots.follow
    entry = focus_entry(qtbot, window)
    qtbot.keyClicks(entry.edit, "v 12")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Left)

    qtbot.keyClick(entry.edit, Qt.Key.Key_Home, CTRL)
    assert not plots.follow, "Ctrl+Home shows the whole session from the entry line"
    assert entry.edit.hasFocus() and entry.edit.text() == "v 12"
    assert entry.edit.cursorPosition() == 3, "the line's cursor did not move"

    qtbot.keyClick(entry.edit, Qt.Key.Key_End, CTRL)
    assert plots.follow, "Ctrl+End follows live again"
    assert window.follow_action.isChecked()
    qtbot.keyClick(entry.edit, Qt.Key.Key_End, CTRL)
    assert plots.follow, "Ctrl+End always means live; it does not toggle"
    assert entry.edit.hasFocus() and entry.edit.cursorPosition() == 3

    qtbot.keyClicks(entry.edit, "f")
    assert entry.edit.text() == "v 1f2", "plain letters still type while in the line"
    assert plots.follow

    assert "Ctrl+End" in window.follow_action.toolTip()
    assert "Ctrl+Home" in window.show_all_action.toolTip()
