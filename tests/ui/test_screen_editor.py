"""The region editor, driven as an operator would: capture the screen with a
dashboard on it, drag a box over a number, name its metric, try the
reading, save; the saved file read back with json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

pytestmark = pytest.mark.gui


@pytest.fixture
def editor(qtbot, data_dir: Path):
    from app.runtime.tasks import TaskRunner
    from app.ui.dialogs.screen_layout import ScreenLayoutDialog
    from app.ui.widgets.demo_dashboard import DemoDashboard

    tasks = TaskRunner()
    dash = DemoDashboard(seed=5)
    qtbot.addWidget(dash)
    dash._timer.stop()
    dash.move(30, 30)
    dash.show()
    qtbot.waitExposed(dash)
    dlg = ScreenLayoutDialog(data_dir, tasks)
    qtbot.addWidget(dlg)
    dlg.move(0, 520)
    dlg.open()
    qtbot.waitExposed(dlg)
    yield dlg, dash
    dlg.timer.stop()
    tasks.wait(20_000)


def test_draw_try_and_save_a_layout(qtbot, editor, data_dir: Path) -> None:
    dlg, dash = editor
    dlg.capture_screen()
    qtbot.waitUntil(lambda: dlg.canvas.pixmap is not None, timeout=5_000)
    assert dlg.isVisible() and dash.isVisible()
    number = dash.number_rect("gmv").translated(dash.mapToGlobal(QPoint(0, 0)))
    area = dlg.canvas.to_widget(number)
    a = area.topLeft().toPoint() + QPoint(1, 1)
    b = area.bottomRight().toPoint() - QPoint(1, 1)
    qtbot.mousePress(dlg.canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(dlg.canvas, b)
    qtbot.mouseRelease(dlg.canvas, Qt.MouseButton.LeftButton, pos=b)
    assert len(dlg.canvas.boxes) == 1
    box = dlg.canvas.boxes[0].rect
    # The box drawn on the scaled capture lands on the number on the screen.
    assert abs(box.x() - number.x()) <= 4 and abs(box.width() - number.width()) <= 8
    combo = dlg.table.cellWidget(0, 0)
    combo.setCurrentIndex(combo.findData("gmv"))
    assert dlg.canvas.boxes[0].metric == "gmv"
    dlg.live.setChecked(True)
    qtbot.waitUntil(lambda: bool(dlg.readings), timeout=30_000)
    shown = dash.texts()["gmv"]
    assert dlg.readings[0].text == shown
    assert shown in dlg.table.item(0, 2).text()
    assert dlg.table.item(0, 2).text().endswith("reads well")
    dlg.live.setChecked(False)
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "needs a name" in dlg.error.text()
    dlg.name.setText("测试大屏")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dlg.isVisible() and dlg.saved is not None
    doc = json.loads((data_dir / "screen-layouts" / "测试大屏.json").read_text("utf-8"))
    assert doc["name"] == "测试大屏" and doc["regions"][0]["metric"] == "gmv"
    assert doc["regions"][0]["w"] == box.width()


def test_the_editor_fits_a_laptop_screen(qtbot, editor) -> None:
    dlg, _dash = editor
    free = dlg.screen().availableGeometry()
    assert dlg.width() <= free.width() and dlg.height() <= free.height()


def test_a_removed_box_is_gone(qtbot, editor) -> None:
    from PySide6.QtCore import QRect

    dlg, _dash = editor
    dlg.canvas.boxDrawn.emit(QRect(10, 10, 80, 30))
    dlg.canvas.boxDrawn.emit(QRect(10, 60, 80, 30))
    assert [b.metric for b in dlg.canvas.boxes] == ["gmv", "viewers"]
    dlg.table.selectRow(0)
    dlg.remove_selected()
    assert [b.metric for b in dlg.canvas.boxes] == ["viewers"]
    assert dlg.table.rowCount() == 1


def test_a_box_under_a_genbo_window_is_marked_covered(qtbot, editor) -> None:
    """A number on Genbo's own window must never pass for the dashboard's."""
    from PySide6.QtWidgets import QLabel

    from app.ui.widgets.screen_grab import grab_layout

    _dlg, dash = editor
    layout = dash.screen_layout()
    assert grab_layout(layout).covered[0] is False
    gmv = layout.regions[0]
    cover = QLabel("1")
    qtbot.addWidget(cover)
    cover.setGeometry(gmv.x - 10, gmv.y - 10, gmv.w + 20, gmv.h + 20)
    cover.show()
    qtbot.waitExposed(cover)
    shot = grab_layout(layout)
    assert shot.covered[0] is True and not any(shot.covered[1:])


def test_the_demo_dashboard_is_captured_once_shown(qtbot, data_dir: Path) -> None:
    from app.runtime.tasks import TaskRunner
    from app.ui.dialogs.screen_layout import ScreenLayoutDialog

    dlg = ScreenLayoutDialog(data_dir, TaskRunner())
    qtbot.addWidget(dlg)
    dlg.open()
    dlg.show_demo()
    qtbot.waitUntil(lambda: dlg.canvas.pixmap is not None, timeout=5_000)
    assert dlg.demo is not None and dlg.demo.isVisible()
    dlg.reject()
    assert not dlg.demo.isVisible()  # closed with the editor it came with


def test_a_box_marked_as_the_big_screen_is_kept_not_read(qtbot, editor, data_dir: Path) -> None:
    """The operator marks the whole dashboard as the big screen (for the
    moment videos): the editor names it so, does not read it, and saves it."""
    from app.sources.screen import BIG_SCREEN

    dlg, dash = editor
    dlg.capture_screen()
    qtbot.waitUntil(lambda: dlg.canvas.pixmap is not None, timeout=5_000)
    whole = dash.rect().translated(dash.mapToGlobal(QPoint(0, 0))).adjusted(4, 4, -4, -4)
    area = dlg.canvas.to_widget(whole)
    a, b = area.topLeft().toPoint(), area.bottomRight().toPoint()
    qtbot.mousePress(dlg.canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(dlg.canvas, b)
    qtbot.mouseRelease(dlg.canvas, Qt.MouseButton.LeftButton, pos=b)
    combo = dlg.table.cellWidget(0, 0)
    i = combo.findData(BIG_SCREEN)
    assert i >= 0 and combo.itemText(i) == "Big screen (moment videos)"
    combo.setCurrentIndex(i)
    dlg.live.setChecked(True)
    qtbot.waitUntil(lambda: bool(dlg.readings), timeout=30_000)
    dlg.live.setChecked(False)
    assert dlg.readings[0].metric == BIG_SCREEN and dlg.readings[0].value is None
    assert dlg.table.item(0, 2).text() == "kept for the moment videos"
    dlg.name.setText("只有大屏")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dlg.isVisible()
    doc = json.loads((data_dir / "screen-layouts" / "只有大屏.json").read_text("utf-8"))
    assert [r["metric"] for r in doc["regions"]] == [BIG_SCREEN]
