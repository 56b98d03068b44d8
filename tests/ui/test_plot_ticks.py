"""Value and time axis labels: spaced from what a label can show (whole counts
and yuan, whole seconds of dwell, 0.01万 past 1万) and from the plot's height,
so no two neighbouring ticks read the same and labels never pile up; on a
laptop's plot area the plots that would be too short to read wait behind
"More plots"."""

from itertools import pairwise

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPicture
from PySide6.QtWidgets import QApplication

from app.core.metrics import METRICS, Sample
from app.core.series import SeriesSet
from app.ui.view.plots import READABLE_PLOT_PX, PlotPanel

pytestmark = pytest.mark.gui
T0 = 1_795_000_000_000

# (metric, lo, hi) in display units: a few viewers, a calm 45–46, one past
# 1万, GMV within a few yuan and within fen, dwell around 1:35.
SMALL_RANGES = (
    ("viewers", 0.0, 2.0),
    ("viewers", 44.9, 46.2),
    ("viewers", 12_300.0, 12_420.0),
    ("gmv", 0.0, 1.5),
    ("gmv", 45.10, 45.80),
    ("gmv", 10_000.0, 10_060.0),
    ("orders", 0.0, 3.0),
    ("dwell_seconds", 95.0, 96.0),
    ("dwell_seconds", 94.6, 96.4),
    ("new_followers", 0.0, 10.0),
)


def panel_of(qtbot, width: int, height: int) -> PlotPanel:
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def drawn_labels(axis) -> list[tuple[QRectF, str]]:
    """The tick labels the axis draws at its current size and range, in order
    along the axis, as pyqtgraph lays them out for painting."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return []
    texts = [(rect, text) for rect, _flags, text in specs[2]]
    vertical = axis.orientation in ("left", "right")
    return sorted(texts, key=lambda item: item[0].center().y() if vertical else item[0].left())


def labelled_values(axis) -> list[float]:
    lo, hi = axis.range
    return axis.tickValues(lo, hi, axis.size().height())[0][1]


def plot_for(panel: PlotPanel, metric: str) -> int:
    return next(c.plot for c in panel.curves if c.spec.metric == metric)


@pytest.mark.parametrize("height", [520, 900, 1400])  # plots about 90, 170, 270 px
def test_no_two_neighbouring_ticks_read_the_same(qtbot, height: int) -> None:
    panel = panel_of(qtbot, 1280, height)
    for metric, lo, hi in SMALL_RANGES:
        plot = panel.plot_items[plot_for(panel, metric)]
        plot.getViewBox().setYRange(lo, hi, padding=0)
        axis = plot.getAxis("left")
        labels = [text for _rect, text in drawn_labels(axis)]
        assert all(a != b for a, b in pairwise(labels)), (metric, labels)
        # Counts, money in whole yuan and dwell in whole seconds: whole ticks.
        values = labelled_values(axis)
        assert all(v == round(v) for v in values), (metric, values)
        if METRICS[metric].unit.value != "seconds" and hi < 10_000:
            assert all(float(v).is_integer() for v in values)

    time_axis = panel.plot_items[-1].getAxis("bottom")
    for x0, x1 in ((-60.0, 30.0), (0.0, 3.0), (95.0, 97.5), (3590.0, 3610.0)):
        panel._set_x_range(x0, x1)
        labels = [text for _rect, text in drawn_labels(time_axis)]
        assert labels and all(a != b for a, b in pairwise(labels)), labels


def test_a_calm_stretch_is_fitted_with_at_least_two_distinct_labels(qtbot) -> None:
    """A value range is never narrower than two label steps: GMV between
    ¥45.10 and ¥45.80 would otherwise get no whole-yuan tick at all."""
    panel = panel_of(qtbot, 1280, 800)
    series = SeriesSet(T0)
    series.add_samples(
        [
            Sample(T0 + s * 1000, {"gmv": 4510 + s, "viewers": 45 + s % 2, "dwell_seconds": 953})
            for s in range(0, 60)
        ]
    )
    panel.set_series(series)
    for metric in ("gmv", "viewers", "dwell_seconds"):
        axis = panel.plot_items[plot_for(panel, metric)].getAxis("left")
        labels = [text for _rect, text in drawn_labels(axis)]
        assert len(labels) >= 2, (metric, labels)
        assert all(a != b for a, b in pairwise(labels)), (metric, labels)


def test_a_laptop_plot_area_shows_readable_plots_and_keeps_the_rest_behind_more(qtbot) -> None:
    panel = panel_of(qtbot, 1280, 330)
    series = SeriesSet(T0)
    series.add_samples(
        [
            Sample(
                T0 + s * 1000,
                {
                    "viewers": 3000 + 7 * s,
                    "gmv": 100 * s * s,
                    "orders": s,
                    "buyers": s // 2,
                    "dwell_seconds": 900 + s,
                    "new_followers": s // 3,
                },
            )
            for s in range(0, 600, 2)
        ]
    )
    panel.set_series(series)

    def check_shown(expect_all: bool) -> None:
        shown = [plot for plot in panel.plot_items if plot.isVisible()]
        assert len(shown) >= 2
        assert (len(shown) == len(panel.plot_items)) == expect_all
        for plot in shown:
            axis = plot.getAxis("bottom")
            own = plot.height() - (axis.height() if axis.isVisible() else 0)
            assert own >= READABLE_PLOT_PX - 0.5, own
            labels = drawn_labels(plot.getAxis("left"))
            assert labels
            for (a, _), (b, _) in pairwise(labels):
                assert a.bottom() <= b.top(), "value labels overlap"
        # The time axis sits under the lowest plot shown, and only there.
        assert [p.getAxis("bottom").isVisible() for p in shown] == [False] * (len(shown) - 1) + [
            True
        ]

    check_shown(expect_all=False)
    assert panel.more.isVisible() and "▾" in panel.more.text()

    panel.more.click()  # all of them, at a readable height, in a scrolling stack
    QApplication.processEvents()
    check_shown(expect_all=True)
    assert panel.scroll_area.verticalScrollBar().maximum() > 0

    panel.more.click()
    QApplication.processEvents()
    check_shown(expect_all=False)

    panel.resize(1280, 900)  # a tall window has room for every plot
    qtbot.waitUntil(lambda: all(p.isVisible() for p in panel.plot_items), timeout=2_000)
    assert not panel.more.isVisible()
