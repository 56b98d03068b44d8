"""The quick-entry line and the form, driven with real key presses."""

import re

import pytest
from PySide6.QtCore import Qt

from app.ui.dialogs.session import NewSessionSpec

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
    assert "GMV ¥1.2万 is below ¥98万, stored earlier at" in entry.message.text()
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


def test_the_form_shows_current_values_apart_from_its_placeholders(
    qtbot, window, keyboard_session
) -> None:
    entry = window.live_view.entry
    type_line(qtbot, entry, "gmv 98万 v 3500")
    window.live_view.open_form()
    dlg = window.live_view._form
    assert dlg.current["gmv"].text() == "now: ¥98万"
    assert dlg.current["viewers"].text() == "now: 3,500"
    assert dlg.current["orders"].text() == "now: —", "nothing typed for it yet"
    for key, unit in (("gmv", "yuan"), ("viewers", "count"), ("dwell_seconds", "seconds")):
        placeholder = dlg.fields[key].placeholderText()
        assert "e.g." in placeholder and unit in placeholder, placeholder
    assert dlg.current["gmv"].isVisibleTo(dlg)
    dlg.reject()


def _clock(live, ts_ms: int) -> str:
    """`ts_ms` as the session's own wall clock, HH:MM:SS."""
    return live.entry_span().local(ts_ms).strftime("%H:%M:%S")


def test_a_typed_time_later_than_now_is_refused(qtbot, window, keyboard_session) -> None:
    # It was stored on the previous day, 23.7 h before the session started.
    live = keyboard_session
    entry = window.live_view.entry
    later = live.entry_span().now_ms + 30 * 60_000
    type_line(qtbot, entry, f"gmv 98万 @{_clock(live, later)}")
    assert entry.message.property("kind") == "error"
    assert "is later than now; this session runs" in entry.message.text()
    earlier = live.info.started_ms - 30 * 60_000
    type_line(qtbot, entry, f"gmv 98万 @{_clock(live, earlier)}")
    assert "is before this session started" in entry.message.text()
    assert stored(window, live) == []


def test_a_back_dated_total_is_checked_against_both_neighbours(
    qtbot, window, keyboard_session
) -> None:
    from app.core.session import now_ms

    live = keyboard_session
    entry = window.live_view.entry
    t0 = live.info.started_ms
    second = -(-t0 // 1000) * 1000  # the first whole second of the session
    qtbot.waitUntil(lambda: now_ms() > second + 200, timeout=3_000)
    live.enter({"gmv": 97_000_000}, t0)
    live.enter({"gmv": 99_500_000})
    at = _clock(live, second)

    type_line(qtbot, entry, f"gmv 99.6万 @{at}")
    assert entry.message.property("kind") == "warning"
    assert "GMV ¥99.6万 is above ¥99.5万, stored later at" in entry.message.text()
    type_line(qtbot, entry, f"gmv 96万 @{at}")
    assert "GMV ¥96万 is below ¥97万, stored earlier at" in entry.message.text()
    type_line(qtbot, entry, f"gmv 98万 @{at}")
    assert entry.message.property("kind") == "ok"
    from app.config.formatting import format_clock

    assert f"({format_clock(live.entry_span().local(second), seconds=True)})" in (
        entry.message.text()
    )
    live.recorder.writer.flush()
    samples = window.ctx.repo.load_samples(live.info.id)
    assert [(s.ts_ms, s.values["gmv"]) for s in samples][1] == (second, 98_000_000)


def test_the_saved_echo_shows_every_digit_typed(qtbot, window, keyboard_session) -> None:
    """`v 12345` was echoed as 1.23万: the operator could not check the digits."""
    entry = window.live_view.entry
    type_line(qtbot, entry, "v 12345 gmv 12345.67万 o 120")
    text = entry.message.text()
    assert "12,345" in text and "¥123,456,700" in text and "120" in text
    type_line(qtbot, entry, "gmv 123.4万")
    assert "¥123.4万" in entry.message.text(), "a short form that is exact stays short"
