"""Stacked live plots with one shared time axis, a crosshair readout, and a
"follow live" mode the operator can leave to zoom and inspect while data keeps
arriving.

Drawing cost does not grow with session length: each redraw hands pyqtgraph
about two points per pixel column (a `ReducedView` per curve keeps the min/max
buckets between frames, so a frame reduces only the newest bucket), and only
curves whose buffer or view changed are redrawn.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.metrics import METRICS
from app.core.numbers import NumberFormat, format_elapsed
from app.core.series import ReducedView, SeriesSet
from app.ui.widgets.format import format_metric, metric_label, number_format
from app.ui.widgets.labels import FitLabel

RENDER_INTERVAL_MS = 33


NICE_TIME_STEPS_S = (
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
)  # fmt: skip
TICK_LABEL_PX = 90


def time_tick_levels(span: float, size: float) -> list[tuple[float, float]]:
    """(step, offset) for the major and (if they fit) minor time ticks of a
    window `span` seconds wide drawn over `size` pixels, at round clock steps."""
    max_ticks = max(2.0, size / TICK_LABEL_PX)
    major = next((s for s in NICE_TIME_STEPS_S if span / s <= max_ticks), 86400 * 7)
    minors = [s for s in NICE_TIME_STEPS_S if s < major and major % s == 0]
    levels = [(float(major), 0.0)]
    if minors and span / minors[-1] <= max_ticks * 6:
        levels.append((float(minors[-1]), 0.0))
    return levels


class TimeAxis(pg.AxisItem):
    """Elapsed session time as m:ss / h:mm:ss, ticked at round clock steps
    (1, 5, 15, 30 minutes, hours) rather than decimal ones."""

    def tickSpacing(
        self,
        minVal: float,  # noqa: N803 - pyqtgraph's parameter names
        maxVal: float,  # noqa: N803
        size: float,
    ) -> list[tuple[float, float]]:
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        return time_tick_levels(span, size)

    def tickValues(
        self,
        minVal: float,  # noqa: N803
        maxVal: float,  # noqa: N803
        size: float,
    ) -> list[tuple[float, list[float]]]:
        # Before the session started there is nothing to label: those ticks
        # would all read "" side by side.
        levels = super().tickValues(minVal, maxVal, size)
        return [(spacing, [v for v in values if v >= 0]) for spacing, values in levels]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [format_elapsed(round(v)) if v >= 0 else "" for v in values]


READABLE_PLOT_PX = 84
"""The least height a plot is shown at, title included (its view then has
room for two value labels `VALUE_LABEL_PX` apart). Plots that would be shorter
wait behind "More plots"."""

VALUE_LABEL_PX = 28
"""At most one value label per this many pixels of plot height, so labels
never touch however short a plot is (a label is about 13 px tall)."""

MINOR_TICK_PX = 12


def label_resolution(metric_key: str, magnitude: float, fmt: NumberFormat) -> float:
    """The smallest difference between two values that their axis labels still
    tell apart around `magnitude`: 1 for counts and whole yuan, 1 s for dwell
    (m:ss), 0.01万 = 100 once the formatter switches to 万 (0.01亿 at 亿; K/M/B
    with western units). Ticks closer than this would repeat a label."""
    m = METRICS[metric_key]
    if m.unit.value == "seconds":
        return 1.0
    magnitude = abs(magnitude)
    steps: tuple[float, ...]
    if fmt.units == "cn":
        steps, threshold = (1e8, 1e4), 1e4
    else:
        steps, threshold = (1e9, 1e6, 1e3), 1e4
    if magnitude < threshold:
        return 1.0
    factor = next((f for f in steps if magnitude >= f), steps[-1])
    return factor / 100


def _value_step_ladder(metric_key: str, resolution: float, span: float) -> list[float]:
    """Candidate tick steps from `resolution` up to at least `span`, each a
    whole multiple of the resolution: 1-2-(2.5)-5 decades for counts and money,
    clock steps (1, 2, 5, 10, 15, 30 s, 1 min, …) for dwell shown as m:ss."""
    if METRICS[metric_key].unit.value == "seconds":
        ladder = [float(s) for s in NICE_TIME_STEPS_S]
        while ladder[-1] < span:
            ladder.append(ladder[-1] * 2)
        return ladder
    ladder = [resolution, 2 * resolution, 5 * resolution]
    decade = 10 * resolution
    while ladder[-1] < span:
        # 2.5 fills the widest gap of 1-2-5, which on a short plot decides
        # between one label and two.
        ladder += [decade, 2 * decade, 2.5 * decade, 5 * decade]
        decade *= 10
    return ladder


def value_tick_levels(
    metric_key: str, lo: float, hi: float, size: float, fmt: NumberFormat
) -> list[tuple[float, float]]:
    """(step, offset) for the labelled and the minor value ticks of a range
    [lo, hi] drawn over `size` pixels. The step is chosen from what the labels
    can show (see `label_resolution`), so no two ticks share a label, and from
    the plot's height, so labels stay `VALUE_LABEL_PX` apart."""
    span = hi - lo
    if span <= 0 or size <= 0:
        return []
    resolution = label_resolution(metric_key, max(abs(lo), abs(hi)), fmt)
    max_labels = max(1.0, size / VALUE_LABEL_PX)
    ladder = _value_step_ladder(metric_key, resolution, span)
    major = next((s for s in ladder if span / s <= max_labels), ladder[-1])
    levels = [(major, 0.0)]
    px_per_unit = size / span
    for step in reversed([s for s in ladder if s < major]):
        ratio = major / step
        if abs(ratio - round(ratio)) < 1e-9 and step * px_per_unit >= MINOR_TICK_PX:
            levels.append((step, 0.0))
            break
    return levels


EMPTY_Y_RANGE = (0.0, 10.0)
"""A plot's value range before it has data: whole-number ticks (pyqtgraph's
0–1 gave counts the labels 0, 0, 0, 1, 1, 1)."""


class NumberAxis(pg.AxisItem):
    """Y ticks through the one number formatter (万/亿, ¥ for money), spaced by
    `value_tick_levels`; only the major level is labelled (the minor one is
    for tick marks and the grid)."""

    def __init__(self, metric_key: str, **kwargs: Any) -> None:
        super().__init__("left", **kwargs)
        self.metric_key = metric_key
        self.setStyle(maxTextLevel=0)

    def tickSpacing(
        self,
        minVal: float,  # noqa: N803 - pyqtgraph's parameter names
        maxVal: float,  # noqa: N803
        size: float,
    ) -> list[tuple[float, float]]:
        return value_tick_levels(self.metric_key, minVal, maxVal, size, number_format())

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        fmt = number_format()
        m = METRICS[self.metric_key]
        out = []
        for v in values:
            if m.is_money:
                out.append(fmt.money(round(v)))
            elif m.unit.value == "seconds":
                out.append(format_elapsed(round(v)))
            else:
                out.append(fmt.count(round(v)))
        return out


class GridItem(pg.GraphicsObject):
    """Grid lines at the time axis's round steps and the value axis's ticks,
    drawn straight into the view (no picture, no text). The axes then draw only
    their own strip, so sliding the view or rescaling a plot costs a few lines
    instead of re-rendering a picture the size of the plot."""

    MAJOR = QColor(222, 222, 222)
    MINOR = QColor(238, 238, 238)

    def __init__(self, value_axis: pg.AxisItem) -> None:
        super().__init__()
        self.setZValue(-100)
        self._value = value_axis
        self._lines: tuple[list[QLineF], list[QLineF]] | None = None
        self._major_pen = pg.mkPen(self.MAJOR, width=1)
        self._minor_pen = pg.mkPen(self.MINOR, width=1)

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return QRectF() if vb is None else vb.viewRect()

    def viewRangeChanged(self) -> None:
        self._lines = None
        self.prepareGeometryChange()
        self.update()

    def _compute(self, vb: pg.ViewBox) -> tuple[list[QLineF], list[QLineF]]:
        rect = vb.viewRect()
        x0, x1, y0, y1 = rect.left(), rect.right(), rect.top(), rect.bottom()
        major: list[QLineF] = []
        minor: list[QLineF] = []
        drawn: set[float] = set()
        levels = time_tick_levels(x1 - x0, vb.width()) if x1 > x0 and vb.width() > 0 else []
        for level, (step, _offset) in enumerate(levels):
            if step <= 0 or (x1 - x0) / step > 400:
                continue
            for k in range(math.ceil(x0 / step), math.floor(x1 / step) + 1):
                t = k * step
                if t not in drawn:
                    drawn.add(t)
                    (major if level == 0 else minor).append(QLineF(t, y0, t, y1))
        lo, hi = min(y0, y1), max(y0, y1)
        if hi > lo and vb.height() > 0:
            levels = self._value.tickValues(lo, hi, vb.height())
            drawn = set()
            for level, (_spacing, values) in enumerate(levels[:2]):
                if level and len(values) > 12:
                    continue  # a plot a few rows tall reads better without them
                for v in values:
                    if v not in drawn and lo <= v <= hi:
                        drawn.add(v)
                        (major if level == 0 else minor).append(QLineF(x0, v, x1, v))
        return major, minor

    def paint(self, p: QPainter, *args: Any) -> None:
        vb = self.getViewBox()
        if vb is None:
            return
        if self._lines is None:
            self._lines = self._compute(vb)
        major, minor = self._lines
        p.setPen(self._minor_pen)
        p.drawLines(minor)
        p.setPen(self._major_pen)
        p.drawLines(major)


@dataclass(frozen=True)
class CurveSpec:
    metric: str
    color: str


@dataclass(frozen=True)
class PlotSpec:
    curves: tuple[CurveSpec, ...]


DEFAULT_PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec((CurveSpec("viewers", "#2f7ed8"),)),
    PlotSpec((CurveSpec("gmv", "#e4572e"),)),
    PlotSpec((CurveSpec("orders", "#2a9d4b"), CurveSpec("buyers", "#17becf"))),
    PlotSpec((CurveSpec("dwell_seconds", "#8e5bd1"),)),
    PlotSpec((CurveSpec("new_followers", "#d6478f"),)),
)

FOLLOW_WINDOWS_S: tuple[int | None, ...] = (5 * 60, 15 * 60, 60 * 60, None)
"""Choices for how much recent history "follow live" shows; None = the whole session."""


class _Curve:
    def __init__(
        self, spec: CurveSpec, item: pg.PlotCurveItem, markers: pg.ScatterPlotItem, plot: int
    ) -> None:
        self.spec = spec
        self.item = item
        self.markers = markers
        """Dots for the isolated points of what `item` draws (a line needs two)."""
        self.marked: npt.NDArray[np.float64] = np.empty(0)
        """Times of the points `markers` holds, so an unchanged set is not re-sent."""
        self.plot = plot
        """Index of the plot the curve is drawn on."""
        self.y_extent: tuple[float, float] | None = None
        """Lowest and highest value drawn (None when nothing is)."""
        self.drawn_version = -1
        self.drawn_view: tuple[float, float, int] = (0.0, 0.0, 0)
        self.view: ReducedView | None = None
        """The reduction kept between frames (set with the series)."""


class PlotPanel(QWidget):
    """The stacked plots. Give it a `SeriesSet` and (for a live session) a clock."""

    followChanged = Signal(bool)

    def __init__(
        self, plots: tuple[PlotSpec, ...] = DEFAULT_PLOTS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.series: SeriesSet | None = None
        self._clock: Callable[[], float] | None = None
        self._follow = True
        self._follow_window: int | None = 15 * 60
        self._cursor_t: float | None = None
        self._cursor_scene: QPointF | None = None
        self._setting_range = False
        self._gap_items: list[list[pg.LinearRegionItem]] = []
        self._marker_lines: list[pg.InfiniteLine] = []
        self._labelled_lines: list[tuple[float, pg.InfiniteLine]] = []
        self._segment_items: list[pg.GraphicsObject] = []
        self._segment_shape: tuple[tuple[float, float, str], ...] = ()
        self._gaps_drawn_at = 0.0
        self._gap_shape: tuple[tuple[float, float | None], ...] = ()
        self._ghosts: dict[str, tuple[pg.PlotCurveItem, np.ndarray, np.ndarray]] = {}
        """Per metric: the dashed reference line (see `set_ghost`) and its data."""
        self._ghost_view: tuple[float, float] | None = None

        # Elided with "…" (the whole line in its tooltip) where the row is too narrow.
        self.readout = FitLabel("", self, min_width=80)
        self.readout.setObjectName("plotReadout")
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.ci.setSpacing(2)
        # Plots too short to read are hidden behind "More plots" rather than
        # the stack always scrolling: on a 1280×720 laptop the operator keeps
        # viewers, GMV and orders readable with the shared time axis under
        # them, the mouse wheel keeps zooming time (in a scrolling stack it
        # would have to choose between zoom and scroll), and the readout row
        # still lists the hidden series' values. Opened, all plots show at a
        # readable height and the stack scrolls (see `_fit_plots`).
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.graphics)
        self.more = QToolButton(self)
        self.more.setObjectName("morePlots")
        self.more.setCheckable(True)
        self.more.setAutoRaise(True)
        self.more.setVisible(False)
        # As tall as the readout, so the row (and every plot below) keeps its
        # height when the toggle comes and goes.
        self.more.setFixedHeight(self.readout.sizeHint().height())
        self.more.toggled.connect(lambda _on: self._fit_plots(force=True))
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.readout, 1)
        top.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)

        self.plot_items: list[pg.PlotItem] = []
        self.curves: list[_Curve] = []
        self._vlines: list[pg.InfiniteLine] = []
        first: pg.PlotItem | None = None
        for i, spec in enumerate(plots):
            last = i == len(plots) - 1
            plot = self.graphics.addPlot(
                row=i,
                col=0,
                axisItems={"bottom": TimeAxis("bottom"), "left": NumberAxis(spec.curves[0].metric)},
            )
            # Axes are redrawn only when their range changes; otherwise each
            # repaint is a cached pixmap. The grid is a `GridItem`.
            for name in ("left", "bottom"):
                plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.showGrid(x=False, y=False)
            plot.getAxis("left").setWidth(64)
            if not last:
                # The shared time axis is drawn once, under the last plot. The
                # vertical grid is a plain item: an axis per plot would re-tick
                # and repaint five pictures every time the view slides.
                plot.hideAxis("bottom")
            plot.addItem(GridItem(plot.getAxis("left")), ignoreBounds=True)
            title = " / ".join(metric_label(c.metric) for c in spec.curves)
            plot.setTitle(title, size="9pt", color="#444", justify="left")
            # pyqtgraph reserves 30 px for a title; a 9 pt line needs about
            # half, and on a laptop those pixels are the plot's.
            title_px = math.ceil(plot.titleLabel.item.boundingRect().height())
            plot.titleLabel.setMaximumHeight(title_px)
            plot.layout.setRowFixedHeight(0, title_px)
            vb = plot.getViewBox()
            vb.setMouseEnabled(x=True, y=False)
            # The value range is set by `_fit_y`, which moves it only when the
            # data leave it or use too little of it: pyqtgraph's auto-range
            # would move it (and re-tick, re-render the axis) with every sample.
            vb.enableAutoRange(axis="y", enable=False)
            vb.setYRange(*EMPTY_Y_RANGE, padding=0)
            vb.setLimits(xMin=-60)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            vb.sigRangeChangedManually.connect(self._on_manual_range)
            for cspec in spec.curves:
                # A bare curve: the arrays are already reduced and finite-checked
                # here, so PlotDataItem's per-frame processing would be waste.
                item = pg.PlotCurveItem(
                    pen=pg.mkPen(cspec.color, width=1), name=cspec.metric, skipFiniteCheck=True
                )
                plot.addItem(item)
                color = QColor(cspec.color)
                markers = pg.ScatterPlotItem(
                    size=6, pen=pg.mkPen(color), brush=pg.mkBrush(color), pxMode=True
                )
                markers.setVisible(False)
                plot.addItem(markers, ignoreBounds=True)
                self.curves.append(_Curve(cspec, item, markers, i))
            vline = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888", width=1))
            vline.setVisible(False)
            plot.addItem(vline, ignoreBounds=True)
            self._vlines.append(vline)
            self.plot_items.append(plot)
        assert first is not None
        self._main_vb = first.getViewBox()
        self._main_vb.sigXRangeChanged.connect(self._declutter_labels)
        self._main_vb.sigResized.connect(self._declutter_labels)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._shown = len(self.plot_items)
        """How many plots, from the top, are shown."""
        self.scroll_area.viewport().installEventFilter(self)

        self._timer = QTimer(self)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self.redraw)
        self._update_readout()

    # -- fitting the plots to the panel ----------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # The scroll area's viewport gets its size after this panel's own
        # resize event, so the plots are fitted when it does.
        if obj is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_plots()
        return super().eventFilter(obj, event)

    def _time_axis_px(self) -> int:
        axis = self.plot_items[self._shown - 1].getAxis("bottom")
        return max(20, math.ceil(axis.height()) if axis.isVisible() else 20)

    def plots_that_fit(self, height: float) -> int:
        """How many plots fit in `height` px with each at least
        `READABLE_PLOT_PX` tall (the last one also carries the time axis)."""
        margins = self.graphics.ci.layout.getContentsMargins()
        spacing = self.graphics.ci.layout.verticalSpacing()
        room = height - margins[1] - margins[3] - self._time_axis_px()
        fit = int((room + spacing) // (READABLE_PLOT_PX + spacing))
        return max(1, min(len(self.plot_items), fit))

    def _fit_plots(self, force: bool = False) -> None:
        """Show the top plots that fit at a readable height and offer the rest
        behind the "More plots" toggle; opened, all are shown and scroll."""
        n = len(self.plot_items)
        available = self.scroll_area.viewport().height()
        fit = self.plots_that_fit(available)
        expanded = self.more.isChecked() and fit < n
        shown = n if expanded else fit
        if expanded:
            margins = self.graphics.ci.layout.getContentsMargins()
            spacing = self.graphics.ci.layout.verticalSpacing()
            need = n * READABLE_PLOT_PX + (n - 1) * spacing + self._time_axis_px()
            self.graphics.setMinimumHeight(int(need + margins[1] + margins[3]))
        else:
            self.graphics.setMinimumHeight(0)
        self.more.setVisible(fit < n)
        if expanded:
            self.more.setText(self.tr("Fewer plots ▴"))
        else:
            count = number_format().count(n - fit)
            self.more.setText(self.tr("More plots ({count}) ▾").format(count=count))
        if shown == self._shown and not force:
            return
        self._shown = shown
        axis_px = self._time_axis_px()
        for i, plot in enumerate(self.plot_items):
            plot.setVisible(i < shown)
            # The shared time axis goes under the lowest plot shown.
            plot.showAxis("bottom", i == shown - 1)
            plot.setMinimumHeight(READABLE_PLOT_PX + (axis_px if i == shown - 1 else 0))
        for c in self.curves:
            if c.plot >= shown:
                c.drawn_version = -1  # drawn afresh when shown again
        self.redraw()

    # -- configuration ---------------------------------------------------------------
    def set_series(self, series: SeriesSet, clock: Callable[[], float] | None = None) -> None:
        """Show a session. With a `clock` the panel follows it live; without one
        it shows the whole (finished) session."""
        self.series = series
        self._clock = clock
        for c in self.curves:
            c.drawn_version = -1
        self._clear_gap_items()
        self._gap_shape = ()
        for plot in self.plot_items:  # until the new session's data arrive
            plot.getViewBox().setYRange(*EMPTY_Y_RANGE, padding=0)
        if clock is None:
            self._follow = False
            end = max(series.last_time(), 60.0)
            self._set_x_range(0, end * 1.01)
        else:
            self._follow = True
        self.followChanged.emit(self._follow)
        self.redraw()
        self._update_readout()
        self._timer.start()

    def clear_clock(self) -> None:
        """The live session ended: keep showing it, stop following."""
        self._clock = None
        self.set_follow(False)

    @property
    def follow(self) -> bool:
        return self._follow

    def set_follow(self, on: bool) -> None:
        on = on and self._clock is not None
        if on != self._follow:
            self._follow = on
            self.followChanged.emit(on)
            self.redraw()

    def set_follow_window(self, seconds: int | None) -> None:
        self._follow_window = seconds
        self.redraw()

    def show_all(self) -> None:
        if self.series is not None:
            self.set_follow(False)
            self._set_x_range(0, max(self.series.last_time(), 60.0) * 1.01)

    # -- drawing ---------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        (x0, x1), _ = self._main_vb.viewRange()
        return float(x0), float(x1)

    def _set_x_range(self, x0: float, x1: float) -> None:
        self._setting_range = True
        try:
            self._main_vb.setXRange(x0, x1, padding=0)
        finally:
            self._setting_range = False

    def redraw(self) -> None:
        """Redraw what changed. Called by the ~30 Hz timer."""
        series = self.series
        if series is None:
            return
        if self._follow and self._clock is not None:
            now = max(self._clock(), series.last_time())
            window = self._follow_window
            cur0, cur1 = self.visible_range()
            # The view moves only when it must, in whole pixel columns: a
            # sub-pixel slide looks the same but would re-tick and repaint every
            # axis and grid 30 times a second.
            if window is None:  # the whole session, grown in 5 % steps
                if not (cur0 == 0.0 and now < cur1 <= max(now, 60.0) * 1.05):
                    self._set_x_range(0.0, max(now, 60.0) * 1.05)
            elif now < window:
                if (cur0, cur1) != (0.0, float(window)):
                    self._set_x_range(0.0, float(window))
            else:
                span = window * 1.02
                px = span / max(1.0, self._main_vb.width())
                x0 = math.floor((now - window) / px) * px
                if abs(cur0 - x0) > px / 4 or abs((cur1 - cur0) - span) > px / 4:
                    self._set_x_range(x0, x0 + span)
        x0, x1 = self.visible_range()
        width = max(50, int(self._main_vb.width()))
        changed: set[int] = set()
        for c in self.curves:
            if c.plot >= self._shown:
                continue  # hidden behind "More plots": nothing to draw
            buf = series.buffers[c.spec.metric]
            view = (x0, x1, width)
            if c.drawn_version == buf.version and c.drawn_view == view:
                continue
            if c.view is None or c.view.buf is not buf:
                c.view = ReducedView(buf)
            t, v = c.view.get(x0, x1, width)
            if t.size:
                c.item.setData(t, v, connect="finite")
            else:
                c.item.setData([], [])
            self._mark_isolated(c, t, v)
            c.y_extent = _extent(t, v, x0, x1)
            c.drawn_version = buf.version
            c.drawn_view = view
            changed.add(c.plot)
        if self._ghosts and self._ghost_view != (x0, x1):
            self._ghost_view = (x0, x1)
            changed.update(self._plot_of(m) for m in self._ghosts)
        for i in changed:
            if i >= 0:
                self._fit_y(i)
        # An open gap's band grows with the clock; moving it twice a second is
        # plenty (every frame would repaint every plot 30 times a second).
        now = time.monotonic()
        shape = tuple((g[0], g[1]) for g in series.gaps)
        open_gap = any(g[1] is None for g in series.gaps)
        if shape != self._gap_shape or (open_gap and now - self._gaps_drawn_at >= 0.5):
            self._draw_gaps()
            self._gaps_drawn_at = now
            self._gap_shape = shape

    # -- the ghost line ----------------------------------------------------------------
    def _plot_of(self, metric: str) -> int:
        return next((c.plot for c in self.curves if c.spec.metric == metric), -1)

    def set_ghost(
        self,
        metric: str,
        t: npt.NDArray[np.float64] | None,
        v: npt.NDArray[np.float64] | None,
        label: str = "",
    ) -> None:
        """Draw (or with None, remove) a dashed reference line on the plot of
        `metric`: `t` in seconds since start, `v` in display units, NaN where
        the reference has no value. A few hundred points at most (one per
        minute), drawn as they are."""
        index = self._plot_of(metric)
        if index < 0:
            return
        old = self._ghosts.pop(metric, None)
        if t is None or v is None:
            if old is not None:
                self.plot_items[index].removeItem(old[0])
                self._fit_y(index)
            return
        item = old[0] if old is not None else None
        if item is None:
            color = next(c.spec.color for c in self.curves if c.spec.metric == metric)
            pen = pg.mkPen(QColor(color).lighter(135), width=1, style=Qt.PenStyle.DashLine)
            item = pg.PlotCurveItem(pen=pen, name=f"ghost:{metric}", skipFiniteCheck=True)
            item.setZValue(-1)  # under the live line
            self.plot_items[index].addItem(item)
        item.setToolTip(label)
        tt = np.asarray(t, dtype=np.float64)
        vv = np.asarray(v, dtype=np.float64)
        item.setData(tt, vv, connect="finite")
        self._ghosts[metric] = (item, tt, vv)
        self._fit_y(index)

    def ghost_data(self, metric: str) -> tuple[np.ndarray, np.ndarray] | None:
        """What the ghost line of `metric` draws (for tests and the readout)."""
        got = self._ghosts.get(metric)
        return None if got is None else (got[1], got[2])

    def _ghost_extents(self) -> dict[str, tuple[float, float]]:
        """Each ghost's lowest and highest value in the visible time range, so
        the plot's value range holds the ghost where it is shown."""
        x0, x1 = self.visible_range()
        newest = self._newest_time()
        if newest is not None and self._clock is not None:
            # While live, the value range follows the present: the ghost's
            # later hours (a big finish) would flatten what is happening now.
            x1 = min(x1, newest + 0.1 * (x1 - x0))
        out = {}
        for metric, (_item, t, v) in self._ghosts.items():
            ext = _extent(t, v, x0, x1)
            if ext is not None:
                out[metric] = ext
        return out

    def _mark_isolated(
        self, c: _Curve, t: npt.NDArray[np.float64], v: npt.NDArray[np.float64]
    ) -> None:
        """Dots where the drawn line has a point with no neighbour on either side
        (a single typed value, the last reading before a gap): a line through
        one point draws nothing. Only those points get a symbol, from the
        reduced arrays, so this costs the same however long the session is."""
        iso = _isolated(v)
        marked_t = t[iso]
        if marked_t.size == c.marked.size and np.array_equal(marked_t, c.marked):
            return
        c.marked = marked_t.copy()
        c.markers.setData(x=marked_t, y=v[iso])
        # Hidden while empty: even an empty scatter item is asked to paint
        # whenever its plot repaints.
        c.markers.setVisible(bool(marked_t.size))

    def _fit_y(self, index: int) -> None:
        """Give plot `index` a value range that holds what it shows, with room
        above for live data to grow into. It stays put while the data fit and
        use at least half of it, so the axis is re-ticked now and then rather
        than with every sample."""
        extents = [c.y_extent for c in self.curves if c.plot == index and c.y_extent]
        extents += [e for m, e in self._ghost_extents().items() if self._plot_of(m) == index]
        if not extents:
            return
        lo = min(e[0] for e in extents)
        hi = max(e[1] for e in extents)
        plot = self.plot_items[index]
        vb = plot.getViewBox()
        cur_lo, cur_hi = (float(x) for x in vb.viewRange()[1])
        # The range is at least two label steps wide, so a calm stretch (45–46
        # viewers, ¥45.10–¥45.80) still gets two labelled ticks, not one or none.
        metric = plot.getAxis("left").metric_key
        fmt = number_format()
        min_width = 2.0 * label_resolution(metric, max(abs(lo), abs(hi)), fmt)
        cur_width = cur_hi - cur_lo
        if (
            cur_lo <= lo
            and hi <= cur_hi
            and ((hi - lo) >= 0.5 * cur_width or cur_width <= 2.0 * min_width)
        ):
            return
        span = hi - lo if hi > lo else max(abs(hi) * 0.1, 1.0)
        new_lo, new_hi = lo - 0.05 * span, hi + 0.15 * span
        if lo >= 0 > new_lo:
            new_lo = 0.0  # counts and money do not go below zero
        for _ in range(2):  # widening may cross 1万, where a label step grows
            min_width = 2.0 * label_resolution(metric, max(abs(new_lo), abs(new_hi)), fmt)
            extra = min_width - (new_hi - new_lo)
            if extra <= 0:
                break
            new_lo = max(new_lo - 0.25 * extra, 0.0 if new_lo >= 0 else -math.inf)
            new_hi = new_lo + min_width
        vb.setYRange(new_lo, new_hi, padding=0)

    def _clear_gap_items(self) -> None:
        for items in self._gap_items:
            for item in items:
                vb = item.getViewBox()
                if vb is not None:
                    vb.removeItem(item)
        self._gap_items.clear()

    def _draw_gaps(self) -> None:
        """One shaded band per gap on every plot. A gap still open reaches "now"
        on the session clock and grows until the source delivers again."""
        assert self.series is not None
        now = self.series.last_time()
        if self._clock is not None:
            now = max(now, self._clock())
        for i, (start, end, reason) in enumerate(self.series.gaps):
            region = (start, end if end is not None else max(now, start))
            if i < len(self._gap_items):
                for item in self._gap_items[i]:
                    item.setRegion(region)
                    item.setToolTip(reason)
                continue
            items = []
            for plot in self.plot_items:
                item = pg.LinearRegionItem(
                    values=region,
                    movable=False,
                    brush=QColor(220, 120, 0, 50),
                    pen=pg.mkPen(QColor(220, 120, 0, 120)),
                )
                item.setToolTip(reason)
                plot.addItem(item, ignoreBounds=True)
                items.append(item)
            self._gap_items.append(items)

    # -- highlights ------------------------------------------------------------------
    def set_highlights(self, marks: list[tuple[float, str, bool, bool]]) -> None:
        """Markers at (session seconds, title, major, labelled). Labelled ones (the
        operator's own marks and major milestones) show their title on the top
        plot; the rest keep it in a tooltip so the plot stays readable."""
        for line in self._marker_lines:
            vb = line.getViewBox()
            if vb is not None:
                vb.removeItem(line)
        self._marker_lines.clear()
        self._labelled_lines.clear()
        for t, title, major, labelled in marks:
            color = QColor("#d97706") if major else QColor("#7c3aed")
            pen = pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine)
            for i, plot in enumerate(self.plot_items):
                if i == 0 and labelled:
                    line = pg.InfiniteLine(
                        pos=t,
                        angle=90,
                        movable=False,
                        pen=pen,
                        label=title,
                        labelOpts={"position": 0.92, "color": color, "anchors": [(0, 0), (0, 0)]},
                    )
                    self._labelled_lines.append((t, line))
                else:
                    line = pg.InfiniteLine(pos=t, angle=90, movable=False, pen=pen)
                line.setToolTip(title)
                plot.addItem(line, ignoreBounds=True)
                self._marker_lines.append(line)
        self._labelled_lines.sort(key=lambda pair: pair[0])
        self._declutter_labels()

    # -- segments --------------------------------------------------------------------
    def set_segments(self, spans: list[tuple[float, float, str]]) -> None:
        """Faint bands for named segments at (start s, end s, name), the name at
        the foot of the bottom plot. Redrawn only when a span changed, so a
        running segment (its end is "now") costs one update per text refresh."""
        shape = tuple((round(a, 1), round(b, 1), name) for a, b, name in spans)
        if shape == self._segment_shape:
            return
        if len(shape) == len(self._segment_shape) and all(
            old[2] == new[2] for old, new in zip(self._segment_shape, shape, strict=True)
        ):
            per = len(self.plot_items) + 1
            for i, (a, b, _name) in enumerate(shape):
                items = self._segment_items[i * per : (i + 1) * per]
                for region in items[:-1]:
                    region.setRegion((a, b))
                items[-1].setPos(a)
            self._segment_shape = shape
            return
        for item in self._segment_items:
            vb = item.getViewBox()
            if vb is not None:
                vb.removeItem(item)
        self._segment_items.clear()
        brush, edge = QColor(37, 99, 235, 22), QColor(37, 99, 235, 70)
        for a, b, name in shape:
            for plot in self.plot_items:
                region = pg.LinearRegionItem(
                    values=(a, b), movable=False, brush=brush, pen=pg.mkPen(edge)
                )
                region.setZValue(-20)
                region.setToolTip(name)
                plot.addItem(region, ignoreBounds=True)
                self._segment_items.append(region)
            label = pg.InfiniteLine(
                pos=a,
                angle=90,
                movable=False,
                pen=pg.mkPen(QColor(0, 0, 0, 0)),
                label=name,
                labelOpts={
                    "position": 0.1,
                    "color": QColor(37, 99, 235),
                    "anchors": [(0, 1), (0, 1)],
                },
            )
            self.plot_items[-1].addItem(label, ignoreBounds=True)
            self._segment_items.append(label)
        self._segment_shape = shape

    def _declutter_labels(self) -> None:
        """Show a marker's title only where it does not run into the previous
        shown one at the current zoom; the rest keep theirs in the tooltip.
        Zooming in brings them back."""
        if not self._labelled_lines:
            return
        x0, x1 = self.visible_range()
        width = self._main_vb.width()
        if x1 <= x0 or width <= 0:
            return
        px_per_s = width / (x1 - x0)
        free_from = -1e9
        for t, line in self._labelled_lines:
            label = line.label
            px = (t - x0) * px_per_s
            w = label.boundingRect().width()
            # Near the right edge the title goes to the left of its line.
            flip = px + w > width and px - w >= 0
            anchor_x = 1.0 if flip else 0.0
            anchors = [(anchor_x, 0), (anchor_x, 0)]
            if label.anchors != anchors:
                label.anchors = anchors
                label.updatePosition()
            left = px - anchor_x * w
            # A title shows only beside its own line, and whole: once the line
            # has slid out of view the title goes too (pyqtgraph cut the start
            # off one near the left edge, "d 1万"; one held at the edge read as
            # if it had happened there).
            fits = 0 <= px <= width and left >= max(free_from, 0) and left + w <= width
            label.setVisible(fits)
            if fits:
                free_from = left + w + 8

    def jump_to(self, t: float) -> None:
        """Show session time `t` in the middle of the view (leaves follow mode)."""
        self.set_follow(False)
        x0, x1 = self.visible_range()
        span = max(x1 - x0, 60.0)
        self._set_x_range(max(-30.0, t - span / 2), t + span / 2)
        self.redraw()

    # -- interaction -----------------------------------------------------------------
    def _on_manual_range(self, *_: object) -> None:
        if not self._setting_range and self._follow:
            self._follow = False
            self.followChanged.emit(False)

    def _newest_time(self) -> float | None:
        """Time of the newest real sample of any plotted series (gap markers
        are not samples), or None before the first."""
        if self.series is None:
            return None
        newest = None
        for c in self.curves:
            last = self.series.buffers[c.spec.metric].last()
            if last is not None and (newest is None or last[0] > newest):
                newest = last[0]
        return newest

    def _bounded(self, t: float) -> float:
        """`t` held inside the session's data: past the newest sample the
        crosshair stays on it instead of reading out a time that has not
        happened yet (the live view keeps room on the right)."""
        newest = self._newest_time()
        return max(0.0, t if newest is None else min(t, newest))

    def _on_mouse_moved(self, pos: QPointF) -> None:
        self._cursor_scene = QPointF(pos)
        for plot in self.plot_items:
            vb = plot.getViewBox()
            if plot.isVisible() and vb.sceneBoundingRect().contains(pos):
                self._cursor_t = self._bounded(float(vb.mapSceneToView(pos).x()))
                break
        else:
            self._cursor_t = None
        for line in self._vlines:
            line.setVisible(self._cursor_t is not None)
            if self._cursor_t is not None:
                line.setPos(self._cursor_t)
        self._update_readout()

    def leaveEvent(self, event: Any) -> None:
        self._cursor_scene = None
        self._cursor_t = None
        for line in self._vlines:
            line.setVisible(False)
        self._update_readout()
        super().leaveEvent(event)

    def readout_at(self, t: float | None) -> str:
        """Every series' value at session time `t` (None: the newest values)."""
        series = self.series
        fmt = number_format()
        if series is None:
            return self.tr("No data yet")
        parts = []
        if t is None:
            t_show = series.last_time()
            parts.append(self.tr("Latest {time}").format(time=format_elapsed(t_show)))
        else:
            t = self._bounded(t)
            parts.append(self.tr("At {time}").format(time=format_elapsed(t)))
        for c in self.curves:
            buf = series.buffers[c.spec.metric]
            if t is None:
                last = buf.last()
                value = None if last is None else last[1]
            else:
                value = buf.value_at(t)
            parts.append(
                f"{metric_label(c.spec.metric)} {format_metric(c.spec.metric, value, fmt)}"
            )
        return "   ·   ".join(parts)

    def _update_readout(self) -> None:
        self.readout.setText(self.readout_at(self._cursor_t))

    def refresh_readout(self) -> None:
        """Called with the tiles' slow text refresh, so the "latest" line and
        the tiles always show the same moment and stay readable."""
        if self._cursor_t is None:
            self._update_readout()
        elif self._follow and self._cursor_scene is not None:
            # The plots slid under a still mouse: the crosshair stays under it.
            self._on_mouse_moved(self._cursor_scene)

    def data_in_view(self, metric: str) -> tuple[np.ndarray, np.ndarray]:
        """What the curve for `metric` currently draws (for tests and tools)."""
        for c in self.curves:
            if c.spec.metric == metric:
                x, y = c.item.getData()
                return (
                    np.asarray(x if x is not None else []),
                    np.asarray(y if y is not None else []),
                )
        raise KeyError(metric)

    def stop_rendering(self) -> None:
        self._timer.stop()


def _isolated(v: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which points of a drawn line have no finite neighbour on either side."""
    finite = np.isfinite(v)
    alone = finite.copy()
    alone[1:] &= ~finite[:-1]
    alone[:-1] &= ~finite[1:]
    return alone


def _extent(
    t: npt.NDArray[np.float64], v: npt.NDArray[np.float64], t0: float, t1: float
) -> tuple[float, float] | None:
    """Lowest and highest value of the points inside [t0, t1] (the reduction
    adds one point on each side for the line to enter and leave by)."""
    inside = v[(t >= t0) & (t <= t1)]
    inside = inside[np.isfinite(inside)]
    if not inside.size:
        return None
    return float(inside.min()), float(inside.max())
