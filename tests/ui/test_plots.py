"""The plot panel on its own: marker titles that would collide are hidden at the
current zoom and come back when the operator zooms in; titles at the right edge
turn left."""

import pytest
from PySide6.QtWidgets import QApplication

from app.core.metrics import Sample
from app.core.series import SeriesSet
from app.ui.view.plots import PlotPanel

pytestmark = pytest.mark.gui
T0 = 1_795_000_000_000


def shown_panel(qtbot, seconds: int) -> PlotPanel:
    """A finished session of `seconds` (viewers every 5 s) in a visible panel."""
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    series = SeriesSet(T0)
    series.add_samples([Sample(T0 + s * 1000, {"viewers": 1000 + s}) for s in range(0, seconds, 5)])
    panel.set_series(series)
    return panel


def test_marker_titles_do_not_pile_up(qtbot) -> None:
    panel = shown_panel(qtbot, 3600)
    panel.show_all()
    # Ten labelled marks 20 s apart: at an hour's zoom they would overlap.
    panel.set_highlights([(600 + 20 * i, f"New personal best #{i}", True, True) for i in range(10)])
    labels = [line.label for _t, line in panel._labelled_lines]
    shown = [label.isVisible() for label in labels]
    assert shown[0] and 1 <= sum(shown) < 10
    # Zoomed in to under two minutes, each in view has room.
    panel._set_x_range(590, 700)
    in_view = [line.label for t, line in panel._labelled_lines if t < 700]
    assert len(in_view) == 5 and all(label.isVisible() for label in in_view)


def test_a_title_at_the_right_edge_turns_left_instead_of_being_cut(qtbot) -> None:
    panel = shown_panel(qtbot, 600)
    panel._set_x_range(0, 600)
    panel.set_highlights(
        [(100, "GMV passed ¥100万", True, True), (595, "GMV passed ¥100万", True, True)]
    )
    (_, early), (_, late) = panel._labelled_lines
    assert early.label.anchors == [(0, 0), (0, 0)]
    assert late.label.anchors == [(1, 0), (1, 0)]
    assert late.label.isVisible()


def _y_range(panel: PlotPanel, index: int = 0) -> tuple[float, float]:
    lo, hi = panel.plot_items[index].getViewBox().viewRange()[1]
    return float(lo), float(hi)


def test_the_value_range_holds_the_data_and_moves_only_when_it_must(qtbot) -> None:
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    series = SeriesSet(T0)
    clock = [60.0]
    series.add_samples([Sample(T0 + s * 1000, {"viewers": 2000 + 10 * s}) for s in range(61)])
    panel.set_series(series, clock=lambda: clock[0])
    lo, hi = _y_range(panel)
    assert lo <= 2000 and hi >= 2600, "every value shown is inside the range"
    assert hi > 2600 * 1.01, "with room above for live data to grow into"
    assert lo > 0, "not stretched down to zero for values far above it"

    # More samples that fit: the range (and so the axis) stays as it is.
    for s in range(61, 66):
        series.add_samples([Sample(T0 + s * 1000, {"viewers": 2550})])
        clock[0] = s
        panel.redraw()
        assert _y_range(panel) == (lo, hi)

    # A spike above it: the range grows to hold it, with headroom again.
    series.add_samples([Sample(T0 + 66_000, {"viewers": 9000})])
    clock[0] = 66
    panel.redraw()
    lo2, hi2 = _y_range(panel)
    assert lo2 <= 2000 and hi2 > 9000


def test_zooming_into_a_calm_stretch_fits_the_range_to_it(qtbot) -> None:
    panel = shown_panel(qtbot, 3600)  # viewers 1000 → 4595 over an hour
    panel.show_all()
    panel.redraw()
    lo, hi = _y_range(panel)
    assert lo <= 1000 and hi >= 4595
    panel._set_x_range(600, 660)  # 1600 … 1660: a sliver of the hour's range
    panel.redraw()
    lo2, hi2 = _y_range(panel)
    assert lo2 <= 1600 and hi2 >= 1660 and hi2 - lo2 < (hi - lo) / 10


def test_plots_without_data_have_whole_number_ticks(qtbot) -> None:
    """pyqtgraph's empty 0–1 range labelled counts 0, 0, 0, 1, 1, 1."""
    panel = shown_panel(qtbot, 60)
    panel.set_series(SeriesSet(T0), clock=lambda: 0.0)  # a new session, nothing yet
    for i, plot in enumerate(panel.plot_items):
        assert _y_range(panel, i) == (0.0, 10.0)
        axis = plot.getAxis("left")
        lo, hi = _y_range(panel, i)
        spacing, major = axis.tickValues(lo, hi, 400)[0]
        labels = axis.tickStrings(major, 1.0, spacing)
        assert len(major) >= 3 and len(set(labels)) == len(labels), labels


def test_a_title_near_the_left_edge_is_whole_or_not_shown(qtbot) -> None:
    """A milestone 2 s into the show read "d 1万" instead of "GMV passed ¥1万";
    a title held at the edge after its line had gone read as if it happened there."""
    panel = shown_panel(qtbot, 600)
    panel.set_highlights([(2.0, "GMV passed ¥1万", True, True)])
    ((_, line),) = panel._labelled_lines
    vb = panel.plot_items[0].getViewBox()
    for x0 in (-5.0, 0.0, 1.5):
        panel._set_x_range(x0, x0 + 300)
        QApplication.processEvents()  # pyqtgraph places the label after the move
        assert line.label.isVisible(), x0
        box, text = vb.sceneBoundingRect(), line.label.sceneBoundingRect()
        assert box.left() - 0.5 <= text.left() and text.right() <= box.right() + 0.5, x0
    # Its line out of view: the title goes with it, never cut or pinned.
    for x0 in (2.5, 10.0, 200.0):
        panel._set_x_range(x0, x0 + 300)
        QApplication.processEvents()
        assert not line.label.isVisible(), x0
