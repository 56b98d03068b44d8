"""Mini mode: a small always-on-top window beside the broadcast, in and out
with one key, whose big numbers never move as they change."""

from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPainterPath
from PySide6.QtWidgets import QApplication

from app.ui.shell.mini import MINI_SIZE, MiniWindow
from tests.ui.helpers import enter

pytestmark = pytest.mark.gui


def _mouse(widget, kind, pos: QPoint, buttons) -> None:
    local = QPointF(widget.mapFromGlobal(pos))
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    QApplication.sendEvent(
        widget,
        QMouseEvent(kind, local, QPointF(pos), button, buttons, Qt.KeyboardModifier.NoModifier),
    )


def test_one_key_into_mini_mode_and_back(qtbot, window, live) -> None:
    enter(qtbot, window, "v 9800 gmv 12345 dwell 75")
    assert "Ctrl+Shift+M" in window.mini_action.toolTip()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_M, ctrl_shift)
    mini = window.mini
    qtbot.waitUntil(lambda: mini.isVisible() and not window.isVisible(), timeout=3_000)
    assert window.mini_mode and window.mini_action.isChecked()
    flags = mini.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.FramelessWindowHint
    assert mini.width() <= 400 and mini.height() <= 300

    # It follows the live session: the same snapshot as the tiles.
    mini.refresh()
    assert mini.values["viewers"].text() == "9,800"
    assert mini.values["gmv"].text() == "¥1.23万"
    assert mini.values["dwell"].text() == "1:15"
    assert mini.pages.currentWidget() is mini.live_page
    enter(qtbot, window, "v 12000")
    qtbot.waitUntil(lambda: mini.values["viewers"].text() == "1.2万", timeout=3_000)

    # H marks a moment from the mini window too.
    before = len(live.recorder.highlights)
    mini.activateWindow()
    mini.mark_shortcuts[0].activated.emit()
    assert len(live.recorder.highlights) == before + 1
    assert mini.marked.text().startswith("Marked ")
    assert "H" in mini.mark_button.text()

    # Back: the same key (its shortcut), then the ⤢ button, then a double-click.
    mini.back_shortcut.activated.emit()
    assert window.isVisible() and not mini.isVisible() and not window.mini_action.isChecked()
    window.mini_action.trigger()
    assert mini.isVisible()
    qtbot.mouseClick(mini.back, Qt.MouseButton.LeftButton)
    assert window.isVisible() and not mini.isVisible()
    window.set_mini_mode(True)
    qtbot.mouseDClick(mini, Qt.MouseButton.LeftButton, pos=QPoint(200, 10))
    assert window.isVisible() and not mini.isVisible()
    # Closed by the window system (Alt+F4): back too, never quitting Genbo mid-session.
    window.set_mini_mode(True)
    mini.close()
    assert window.isVisible() and not mini.isVisible() and not live.ended


def test_mini_says_plainly_when_nothing_is_live(qtbot, window) -> None:
    window.set_mini_mode(True)
    mini = window.mini
    assert mini.pages.currentWidget() is mini.empty_page
    assert mini.empty.text() == "No live session"
    assert not mini.context_menu().actions()[1].isEnabled()  # nothing to mark
    window.set_mini_mode(False)


def test_numbers_keep_their_height_crossing_wan_and_yi(qtbot, window, live) -> None:
    window.set_mini_mode(True)
    mini = window.mini
    qtbot.waitExposed(mini)
    base = live.recorder.snapshot()

    def geometry() -> tuple:
        cells = [
            (v.geometry(), v.font().pixelSize(), c.geometry())
            for v, c in zip(mini.values.values(), mini.captions.values(), strict=True)
        ]
        return (*cells, mini.milestone.geometry(), mini.mark_button.geometry(), mini.size())

    mini.update_from(base)
    QApplication.processEvents()
    before = geometry()
    baselines = {id(v): v.baseline for v in mini.values.values()}
    assert mini.value_font.pixelSize() >= 24, "readable at arm's length"
    for gmv, viewers in (
        (9_999, 9_999),
        (10_000, 12_345),
        (99_999_999, 99_999_999),
        (123_456_789, 345_000_000),
        (888_888_888_888, 1_000),
        (None, None),
        (5, 5),
    ):
        snap = replace(
            base,
            gmv=None if gmv is None else Decimal(gmv),
            gmv_per_min=None if gmv is None else Decimal(gmv) / 60,
            latest={**base.latest, **({} if viewers is None else {"viewers": viewers})},
        )
        mini.update_from(snap)
        QApplication.processEvents()
        assert geometry() == before, (gmv, viewers)
        for v in mini.values.values():  # the whole number, never cut
            assert v.shown_text() == v.full_text(), v.text()
            assert v.baseline == baselines[id(v)], "the digits stand where they stood"
            path = QPainterPath()
            path.addText(QPointF(0, v.baseline), v.font(), v.text())  # with fallback fonts
            ink = path.boundingRect()
            assert ink.top() >= 0 and ink.bottom() <= v.height(), (v.text(), ink)
            assert ink.width() <= v.contentsRect().width()
    assert "亿" in mini.values["gmv"].text() or mini.values["gmv"].text() == "¥5"
    window.set_mini_mode(False)


@pytest.mark.qt_log_ignore("This plugin does not support setting window opacity")
def test_mini_is_dragged_and_remembers_its_place_and_opacity(qtbot, window, live) -> None:
    window.set_mini_mode(True)
    mini = window.mini
    qtbot.waitExposed(mini)
    mini.move(QApplication.primaryScreen().availableGeometry().center())
    start = mini.pos()
    grab = mini.mapToGlobal(QPoint(150, 40))
    _mouse(mini, QEvent.Type.MouseButtonPress, grab, Qt.MouseButton.LeftButton)
    for step in (5, 20, 40):
        _mouse(mini, QEvent.Type.MouseMove, grab - QPoint(step, step), Qt.MouseButton.LeftButton)
    _mouse(mini, QEvent.Type.MouseButtonRelease, grab - QPoint(40, 40), Qt.MouseButton.NoButton)
    assert mini.pos() == start - QPoint(40, 40)

    # Translucent from its context menu; the setting keeps it.
    menu = mini.context_menu()
    assert mini.opacity_actions[0].isChecked(), "opaque at first"
    mini.opacity_actions[2].trigger()
    assert mini.opacity == pytest.approx(0.7)
    assert window.ctx.settings.mini_opacity == pytest.approx(0.7)
    menu.deleteLater()
    window.ctx.settings.mini_opacity = 0.55  # the settings dialog's change
    window.apply_look()
    assert mini.opacity == pytest.approx(0.55)
    mini.opacity_actions[2].trigger()

    window.set_mini_mode(False)
    window.save_window_state()
    kept = window.load_window_state()["mini"]
    assert (kept["x"], kept["y"]) == (mini.x(), mini.y())
    assert kept["screen"] == QApplication.primaryScreen().name()

    # The next start: the same place, on the same screen, as translucent.
    other = MiniWindow(opacity=window.ctx.settings.mini_opacity)
    qtbot.addWidget(other)
    other.place(kept)
    assert other.pos() == QPoint(kept["x"], kept["y"])
    assert other.opacity == pytest.approx(0.7)
    # A place off every screen (a monitor since unplugged) comes back inside.
    other.place({"x": 90_000, "y": 90_000, "screen": "gone"})
    free = QApplication.primaryScreen().availableGeometry()
    assert free.contains(other.frameGeometry().topLeft())
    assert other.width() == MINI_SIZE[0]
