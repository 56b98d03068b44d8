"""Banners never cover what the operator reads: they have a row of their own."""

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from app.core.milestones import Milestone, MilestoneKind
from tests.ui.helpers import enter

pytestmark = pytest.mark.gui


def rect_in(window: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def scene_rect_in(window: QWidget, view, rect: QRectF) -> QRect:
    """A rectangle of the plots' scene, in the window's coordinates."""
    in_view = view.mapFromScene(rect).boundingRect()
    return QRect(view.viewport().mapTo(window, in_view.topLeft()), in_view.size())


def what_is_read(window) -> dict[str, QRect]:
    """The plot readout and every shown plot's title and view box."""
    plots = window.live_view.plots
    rects = {"readout": rect_in(window, plots.readout)}
    for i, plot in enumerate(plots.plot_items):
        if not plot.isVisible():
            continue
        rects[f"title {i}"] = scene_rect_in(
            window, plots.graphics, plot.titleLabel.sceneBoundingRect()
        )
        rects[f"plot {i}"] = scene_rect_in(
            window, plots.graphics, plot.getViewBox().sceneBoundingRect()
        )
    return rects


@pytest.mark.parametrize("major", [True, False])
def test_a_long_banner_is_one_line_covers_nothing_and_goes(qtbot, window, live, major) -> None:
    """The personal-best banner wrapped and hid the whole Viewers plot, the
    small one printed over the crosshair readout, and a faded one sat over
    the readout for 20 s."""
    view = window.live_view
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280 and window.height() == 720, timeout=5_000)
    enter(qtbot, window, "v 3000 gmv 1000")
    enter(qtbot, window, "v 3500 gmv 2000")
    qtbot.wait(100)
    before = {name: QRect(r) for name, r in what_is_read(window).items()}
    view.banner.show_ms = view.banner.major_show_ms = 600
    best = Milestone(
        live.recorder.session_now_ms(),
        MilestoneKind.PERSONAL_BEST,
        "gmv",
        123_456_700.0,
        "gmv_15m",
        major=major,
    )
    live.milestonesReached.emit([best])
    QApplication.processEvents()
    banner = view.banner
    assert banner.isVisible()
    assert "New personal best" in banner.text.text()
    shown = rect_in(window, banner)
    assert what_is_read(window) == before, "nothing moved or resized"
    for name, r in before.items():
        assert not shown.intersects(r), name
    line = QFontMetrics(banner.text.font()).lineSpacing()
    assert banner.text.height() < 2 * line and banner.height() <= view.strip.height()
    assert not banner.text.wordWrap()
    # Narrower than the text: it is elided, still one line, still covering nothing.
    window.resize(1024, 720)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=5_000)
    long_best = Milestone(
        best.ts_ms + 1, MilestoneKind.CUSTOM, "gmv", 1.0, "很长的自定义提醒 " * 12, major=major
    )
    live.milestonesReached.emit([long_best])
    QApplication.processEvents()
    assert banner.text.is_elided()
    assert banner.height() <= view.strip.height()
    shown = rect_in(window, banner)
    for name, r in what_is_read(window).items():
        assert not shown.intersects(r), name
    # Gone entirely after its time, and the strip tells the newest event quietly.
    qtbot.waitUntil(lambda: banner.isHidden(), timeout=5_000)
    assert view.strip.quiet.isVisible()
    assert view.strip.quiet.text() == view.feed.texts()[0]
    assert any("很长的自定义提醒" in t for t in view.feed.texts())
