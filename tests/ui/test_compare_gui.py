"""The comparison on screen, built from a real `Comparison` read back from a
SQLite file: its curves, legend, figures table, the alignment toggle, and a
1280×720 screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.session.compare import Align, Comparison, load_comparison
from app.storage.repository import Repository
from app.ui.view.compare_view import CompareView
from tests.session.test_compare import add_session, add_summary, ms

pytestmark = pytest.mark.gui


def _view(qtbot: QtBot, comparison: Comparison, size: tuple[int, int] = (1280, 720)) -> CompareView:

    view = CompareView(comparison)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    return view


def _rect(top: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def test_curves_legend_and_figures(qtbot: QtBot, repo: Repository) -> None:
    from app.ui.view.compare_view import PALETTE, ClockAxis

    a = add_session(repo, "小杨", ms(1, 20, 0), [600, 1200, 600], [10, 20, 30], "早场")
    b = add_session(repo, "小杨", ms(2, 20, 30), [1200, 1200], [50, 40], "晚场")
    c = add_summary(repo, "小杨", ms(3), 99_900)
    view = _view(qtbot, load_comparison(repo, [a.id, b.id, c.id]))

    gmv, viewers = view.curves["gmv"], view.curves["viewers"]
    assert len(gmv) == len(viewers) == 2  # the summary-only session has nothing to draw
    assert gmv[0].xData.tolist() == [60.0, 120.0, 180.0]
    assert gmv[0].yData.tolist() == [6.0, 18.0, 24.0]  # yuan
    assert viewers[1].yData.tolist() == [50.0, 40.0]
    colours = [item.opts["pen"].color().name().upper() for item in gmv]
    assert colours == [PALETTE[0], PALETTE[1]]
    assert viewers[0].opts["pen"].color().name().upper() == PALETTE[0]
    assert gmv[0].opts["pen"].style() != gmv[1].opts["pen"].style()

    texts = [label.text() for label in view.legend_labels]
    assert len(texts) == 3
    from datetime import datetime

    from app.config.formatting import format_month_day_time

    day = format_month_day_time(datetime(2026, 11, 1, 20, 0))
    assert f"#1 小杨 · 早场 · {day}" in texts[0] and PALETTE[0] in texts[0]
    assert "#2 小杨 · 晚场" in texts[1] and PALETTE[1] in texts[1]
    assert "only its figures are stored" in texts[2]

    table = view.table
    heads = [table.horizontalHeaderItem(i) for i in range(4)]
    assert [h.text() if h else None for h in heads] == ["Figure", "#1", "#2", "#3"]
    first = table.item(0, 0)
    assert first is not None and first.text() == "Duration"
    assert view.figure_text("gmv", 0) == "¥24"
    assert view.figure_text("gmv", 1) == "¥24"
    assert view.figure_text("gmv", 2) == "¥999"
    assert view.figure_text("peak_viewers", 1) == "50"
    assert view.figure_text("duration", 0) == "3:00"
    assert view.figure_text("aov", 2) == "—"

    # by time of day: the same minutes at their local clock, and the axis reads it
    with qtbot.waitSignal(view.alignChanged):
        view.by_clock.click()
    assert view.align is Align.CLOCK
    assert gmv is not view.curves["gmv"]
    assert view.curves["gmv"][0].xData.tolist() == [72_060.0, 72_120.0, 72_180.0]
    assert view.curves["gmv"][1].xData.tolist() == [73_860.0, 73_920.0]
    axis = view.plots["viewers"].getAxis("bottom")
    assert isinstance(axis, ClockAxis)
    assert axis.tickStrings([72_000.0, 86_400.0 + 60.0], 1.0, 60.0) == ["20:00", "00:01"]
    view.set_align(Align.START)
    assert view.by_start.isChecked()
    assert view.curves["gmv"][1].xData.tolist() == [60.0, 120.0]


def test_gaps_break_the_lines(qtbot: QtBot, repo: Repository) -> None:
    from app.core.metrics import Gap

    gap = Gap("http", ms(1, 20, 0, 55), ms(1, 20, 3, 5), "timeout")
    a = add_session(repo, "小杨", ms(1), [600, 600, 600, 600], [1, 2, 3, 4], gaps=(gap,))
    b = add_session(repo, "小杨", ms(2), [600], [5])
    view = _view(qtbot, load_comparison(repo, [a.id, b.id]))
    y = view.curves["gmv"][0].yData
    assert y[0] == 6 and y[3] == 24  # readings inside the outage are readings
    assert np.isfinite(y).all()
    assert view.curves["gmv"][0].opts["connect"] == "finite"
    # only b's one minute stands alone (a line needs two)
    assert [[p.pos().y() for p in d.points()] for d in view.dots["gmv"]] == [[6.0]]

    # a minute with no value either side is drawn as a dot; missing ones break the line
    from dataclasses import replace

    from app.core.curves import MinuteSeries

    comp = load_comparison(repo, [a.id, b.id])
    first = comp.sessions[0]
    assert first.curve is not None
    holes = MinuteSeries(
        np.array([1, 0, 3, 0], dtype=np.int64), np.array([True, False, True, False])
    )
    curve = replace(first.curve, viewers=holes)
    comp = replace(comp, sessions=(replace(first, curve=curve), comp.sessions[1]))
    view = _view(qtbot, comp)
    y = view.curves["viewers"][0].yData
    assert y[0] == 1 and np.isnan(y[1]) and y[2] == 3 and np.isnan(y[3])
    dots, _b_alone = view.dots["viewers"]
    assert [p.pos().x() for p in dots.points()] == [60.0, 180.0]


@pytest.mark.parametrize("count", [2, 5])
def test_fits_a_laptop_screen(qtbot: QtBot, repo: Repository, count: int) -> None:
    infos = [
        add_session(
            repo,
            "一位名字相当长的主播",
            ms(1 + k, 20, 0),
            [123_456_700] * (3 + k),
            [1_234_567] * (3 + k),
            "一个很长很长的直播标题 " * 2,
        )
        for k in range(count)
    ]
    view = _view(qtbot, load_comparison(repo, [i.id for i in infos]))
    assert view.width() <= 1280 and view.height() <= 720
    whole = QRect(0, 0, view.width(), view.height())
    parts = {
        "legend": view.legend,
        "plots": view.graphics,
        "table": view.table,
        "toggle": view.by_clock,
    }
    rects = {name: _rect(view, w) for name, w in parts.items()}
    for name, r in rects.items():
        assert whole.contains(r), (name, r)
    names = list(rects)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not rects[first].intersects(rects[second]), (first, second)
    # every figure and every session's column is readable without scrolling
    assert not view.table.horizontalScrollBar().isVisible()
    assert not view.table.verticalScrollBar().isVisible()
    assert view.graphics.height() >= 300
    for label in view.legend_labels:
        assert label.isVisible() and label.height() >= label.fontMetrics().height()
