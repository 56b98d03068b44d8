"""The funnel and the traffic-source tabs in the window: a live session typed
in by keyboard, and a stored session's review with the streamer's medians."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import enter
from tests.ui.test_funnel_gui import review_sessions

pytestmark = pytest.mark.gui


def test_live_funnel_and_channels_tabs(qtbot, window, live) -> None:
    view = window.live_view
    for line in ("曝光 1000", "进入 50", "商品点击 10", "成交人数 2", "付费流量 20"):
        enter(qtbot, window, line)
    view.side.setCurrentWidget(view.funnel)
    qtbot.waitUntil(lambda: view.funnel.rows["entry_rate"].value.text() == "5.0%", timeout=5_000)
    qtbot.waitUntil(lambda: view.funnel.history is not None, timeout=5_000)
    assert view.funnel.basis.text().startswith("No median yet")
    assert view.funnel.rows["click_to_buy"].value.text() == "20.0%"
    view.side.setCurrentWidget(view.channels)
    qtbot.waitUntil(lambda: view.channels.cell_text("paid", "share") == "40.0%", timeout=5_000)


def test_review_tabs_get_the_medians(qtbot, window) -> None:
    sid = review_sessions(window.ctx.repo)
    with qtbot.waitSignal(window.reviewOpened, timeout=10_000) as opened:
        window.open_review(sid)
    view = opened.args[0]
    view.side.setCurrentWidget(view.funnel)
    qtbot.waitUntil(lambda: view.funnel.history is not None, timeout=5_000)
    assert view.funnel.rows["entry_rate"].detail.text() == "60% of median 5.0% · 4th of 4"
    assert view.funnel.act_key == "entry_rate"
    view.side.setCurrentWidget(view.channels)
    QApplication.processEvents()
    assert view.channels.filled_channels() == ["natural", "paid"]
    assert view.channels.cell_text("paid", "median") == "50.0%"
