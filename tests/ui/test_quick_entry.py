"""The quick-entry line and the form, driven with real key presses."""

import re

import pytest
from PySide6.QtCore import Qt

from app.ui.dialogs import NewSessionSpec

pytestmark = pytest.mark.gui


@pytest.fixture
def keyboard_session(qtbot, window):
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("键盘主播", "手动", ()))
    live = started.args[0]
    window.activateWindow()
    return live


def type_line(qtbot, entry, text: str) -> None:
    """Types the line; QTest can only synthesise ASCII key presses, so Chinese
    text arrives as an input-method commit would, in one piece."""
    entry.edit.clear()
    entry.edit.setFocus()
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(entry.edit, chunk)
        else:
            entry.edit.insert(chunk)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)


def stored(window, live) -> list[tuple[str, int]]:
    live.recorder.writer.flush()
    return [
        (k, v)
        for s in window.ctx.repo.load_samples(live.info.id)
        for k, v in sorted(s.values.items())
    ]


def test_typed_line_is_stored_under_the_keyboard_source(qtbot, window, keyboard_session) -> None:
    live = keyboard_session
    entry = window.live_view.entry
    assert entry.isVisible()
    assert "Keyboard entry" in window.live_view.status.text()
    type_line(qtbot, entry, "人数 3500 成交 56.8w")
    assert entry.edit.text() == ""
    assert "Saved" in entry.message.text() and "¥56.8万" in entry.message.text()
    assert stored(window, live) == [("gmv", 56_800_000), ("viewers", 3500)]
    assert window.ctx.repo.source_configs(live.info.id) == [("manual", {})]
    assert live.series.buffers["viewers"].last()[1] == 3500
    window.live_view.refresh_text()
    assert window.live_view.tiles.gmv.value.text() == "¥56.8万"


def test_garbage_is_explained_and_nothing_stored(qtbot, window, keyboard_session) -> None:
    entry = window.live_view.entry
    type_line(qtbot, entry, "v lots")
    assert entry.message.property("kind") == "error"
    assert "not a number" in entry.message.text()
    assert entry.edit.text() == "v lots", "the line stays to be fixed"
    assert stored(window, keyboard_session) == []


def test_a_running_total_going_back_asks_first(qtbot, window, keyboard_session) -> None:
    live = keyboard_session
    entry = window.live_view.entry
    type_line(qtbot, entry, "gmv 98万")
    entry.edit.setText("gmv 1.2万")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.message.property("kind") == "warning"
    assert "would go back from ¥98万 to ¥1.2万" in entry.message.text()
    assert stored(window, live) == [("gmv", 98_000_000)]
    qtbot.keyClick(entry.edit, Qt.Key.Key_Escape)
    assert "Not stored" in entry.message.text()
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.message.property("kind") == "warning", "Esc cancelled the confirmation"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.message.property("kind") == "ok"
    assert stored(window, live) == [("gmv", 98_000_000), ("gmv", 1_200_000)]


def test_history_and_completion(qtbot, window, keyboard_session) -> None:
    entry = window.live_view.entry
    type_line(qtbot, entry, "v 100")
    type_line(qtbot, entry, "o 5 f 2")
    qtbot.keyClick(entry.edit, Qt.Key.Key_Up)
    assert entry.edit.text() == "o 5 f 2"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Up)
    assert entry.edit.text() == "v 100"
    qtbot.keyClick(entry.edit, Qt.Key.Key_Down)
    assert entry.edit.text() == "o 5 f 2"
    entry.edit.clear()
    qtbot.keyClicks(entry.edit, "view")
    assert entry._completer.currentCompletion() in ("viewer", "viewers", "views")
    entry._insert_completion("viewers")
    assert entry.edit.text() == "viewers "


def test_ctrl_l_focuses_the_entry_line(qtbot, window, keyboard_session) -> None:
    window.tabs.setCurrentWidget(window.history)
    window.entry_action.trigger()
    assert window.tabs.currentIndex() == 0
    assert window.live_view.entry.edit.hasFocus() or window.focusWidget() is None


def test_the_form(qtbot, window, keyboard_session) -> None:
    live = keyboard_session
    view = window.live_view
    view.open_form()
    dlg = view._form
    dlg.fields["viewers"].setText("1.2万")
    dlg.fields["dwell_seconds"].setText("1:35")
    dlg.fields["orders"].setText("abc")
    dlg.buttons.accepted.emit()
    assert dlg.isVisible()
    assert dlg.errors["orders"].isVisibleTo(dlg)
    assert "not a number" in dlg.errors["orders"].text()
    dlg.fields["orders"].setText("120")
    dlg.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=2000)
    assert stored(window, live) == [("dwell_seconds", 950), ("orders", 120), ("viewers", 12000)]
