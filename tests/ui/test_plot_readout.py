"""The crosshair readout never reads a time later than the data, and a
value with no neighbour to draw a line to still shows on its plot."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from app.core.metrics import Gap, Sample
from app.core.series import SeriesSet
from app.ui.view.plots import PlotPanel
from app.ui.widgets.format import format_metric, metric_label

pytestmark = pytest.mark.gui
T0 = 1_795_000_000_000


def live_panel(qtbot, series: SeriesSet, now: float) -> PlotPanel:
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_series(series, clock=lambda: now)
    return panel


def hover(panel: PlotPanel, t: float, plot: int = 0) -> None:
    vb = panel.plot_items[plot].getViewBox()
    y0, y1 = vb.viewRange()[1]
    panel._on_mouse_moved(vb.mapViewToScene(QPointF(t, (y0 + y1) / 2)))


def test_the_crosshair_stops_at_the_newest_sample(qtbot) -> None:
    """At 2:21 into a live show the view reaches 15:00; hovering its empty
    right-hand part read "At 7:16 · Viewers online 3,800"."""
    series = SeriesSet(T0)
    series.add_samples([Sample(T0 + s * 1000, {"viewers": 3000 + s}) for s in range(0, 142)])
    panel = live_panel(qtbot, series, now=141.5)
    assert panel.visible_range()[1] > 400

    hover(panel, 436.0)
    text = panel.readout.text()
    assert text.startswith("At 2:21"), text
    newest = f"{metric_label('viewers')} {format_metric('viewers', 3141)}"
    assert newest in text
    assert panel._cursor_t is not None and panel._cursor_t <= 141.0
    assert all(line.value() <= 141.0 for line in panel._vlines)

    # Inside the data the crosshair reads where it is.
    hover(panel, 60.4)
    assert panel.readout.text().startswith("At 1:00")
    assert panel.readout_at(500.0).startswith("At 2:21")


def test_a_single_typed_value_gets_a_marker(qtbot) -> None:
    """One keyboard entry is a line of one point, which draws nothing."""
    series = SeriesSet(T0)
    series.add_samples([Sample(T0 + 22_000, {"gmv": 12_345_600}, source="keyboard")])
    series.add_samples([Sample(T0 + s * 1000, {"viewers": 500 + s}) for s in range(0, 60)])
    panel = live_panel(qtbot, series, now=60.0)

    gmv = next(c for c in panel.curves if c.spec.metric == "gmv")
    x, y = gmv.markers.getData()
    assert list(x) == [22.0] and list(y) == [123_456.0]
    assert gmv.markers.isVisible() and gmv.markers.getViewBox() is not None
    viewers = next(c for c in panel.curves if c.spec.metric == "viewers")
    assert viewers.markers.getData()[0].size == 0, "a line needs no markers"


def test_the_last_reading_before_a_gap_and_a_lone_one_after_it_get_markers(qtbot) -> None:
    series = SeriesSet(T0)
    series.add_samples([Sample(T0, {"viewers": 100}, source="poll")])
    series.add_gap(Gap("poll", T0 + 500, T0 + 9_000, "timeout"))
    series.add_samples([Sample(T0 + s * 1000, {"viewers": 200}, source="poll") for s in (10, 11)])
    series.add_gap(Gap("poll", T0 + 11_500, None, "timeout"))
    series.add_samples([Sample(T0 + 30_000, {"viewers": 300}, source="poll")])
    panel = live_panel(qtbot, series, now=31.0)

    viewers = next(c for c in panel.curves if c.spec.metric == "viewers")
    x, y = viewers.markers.getData()
    assert np.array_equal(x, [0.0, 30.0]) and np.array_equal(y, [100.0, 300.0])
