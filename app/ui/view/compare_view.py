"""2–5 sessions on the same GMV and viewers plots, with their figures side by
side (the library's "Compare").

Each session keeps one colour and one line style everywhere (legend, both
plots, the figures table's header): the Okabe–Ito palette, which stays
distinct with the common colour-vision deficiencies, and a dash pattern per
session so the lines are told apart in greyscale print too. The sessions are
drawn per minute (`app.core.curves`): a value holds as of its minute's end, so
a line runs from the end of the first minute. Minutes without a value (a
gauge with no reading, an outage) break the line rather than being bridged.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.figures import FIGURE_CONTEXT, FIGURE_DEFS, format_figure
from app.session.compare import Align, ComparedSession, Comparison, NoCurve
from app.ui.view.plots import EMPTY_Y_RANGE, GridItem, NumberAxis, TimeAxis
from app.ui.widgets.format import format_month_day_time, metric_label, number_format
from app.ui.widgets.style import tone

PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7")
"""Okabe–Ito blue, orange, bluish green, vermillion, reddish purple."""
DASHES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
)
PLOTTED = ("gmv", "viewers")
SWATCH_W, SWATCH_H = 28, 10


class ClockAxis(TimeAxis):
    """Time of day (seconds after the local midnight of a session's start day)
    as HH:MM, at the same round steps; the next day's hours read 00:00 on."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            minutes = round(v / 60) % 1440
            out.append(f"{minutes // 60:02d}:{minutes % 60:02d}")
        return out


def session_label(n: int, s: ComparedSession) -> str:
    """ "#1 小杨 · 早场 · 11/1 20:00" (the number is the figures table's column)."""
    parts = [s.info.streamer.name, s.info.title, format_month_day_time(s.info.started_at)]
    return f"#{n} " + " · ".join(p for p in parts if p)


class CompareView(QWidget):
    """A `Comparison` drawn. `set_align` (or the toggle) redraws by minutes
    since start or by time of day; the figures table does not change."""

    alignChanged = Signal(object)

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.comparison = comparison
        self.align = comparison.align
        self.curves: dict[str, list[pg.PlotDataItem]] = {k: [] for k in PLOTTED}
        """Per plot, one item per drawn session, in the comparison's order."""
        self.dots: dict[str, list[pg.ScatterPlotItem]] = {k: [] for k in PLOTTED}

        # -- the toggle and the legend ------------------------------------------------
        self.by_start = QRadioButton(self.tr("Minutes since start"), self)
        self.by_clock = QRadioButton(self.tr("Time of day"), self)
        self.by_start.setObjectName("alignStart")
        self.by_clock.setObjectName("alignClock")
        group = QButtonGroup(self)
        group.addButton(self.by_start)
        group.addButton(self.by_clock)
        (self.by_clock if self.align is Align.CLOCK else self.by_start).setChecked(True)
        self.by_start.toggled.connect(self._toggled)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Line up by:"), self))
        top.addWidget(self.by_start)
        top.addWidget(self.by_clock)
        top.addStretch(1)

        self.legend = QFrame(self)
        self.legend.setObjectName("compareLegend")
        legend_layout = QVBoxLayout(self.legend)
        legend_layout.setContentsMargins(0, 0, 0, 0)
        legend_layout.setSpacing(0)
        self.legend_labels: list[QLabel] = []
        for n, s in enumerate(comparison.sessions, 1):
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(6)
            swatch = QLabel(self.legend)
            swatch.setPixmap(self._swatch(n - 1, s.curve is not None))
            label = QLabel(self.legend)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(self._legend_html(n, s))
            label.setToolTip(s.info.title or s.info.streamer.name)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            line.addWidget(swatch)
            line.addWidget(label, 1)
            legend_layout.addLayout(line)
            self.legend_labels.append(label)

        # -- the plots -------------------------------------------------------------
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.plots: dict[str, pg.PlotItem] = {}
        first: pg.PlotItem | None = None
        for row, key in enumerate(PLOTTED):
            plot = self.graphics.addPlot(
                row=row,
                col=0,
                axisItems={"bottom": self._x_axis(), "left": NumberAxis(key)},
            )
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.getAxis("left").setWidth(64)
            plot.addItem(GridItem(plot.getAxis("left")), ignoreBounds=True)
            plot.setTitle(metric_label(key), size="9pt", color="#444", justify="left")
            plot.getViewBox().setMouseEnabled(x=True, y=False)
            plot.getViewBox().setYRange(*EMPTY_Y_RANGE, padding=0)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.plots[key] = plot

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(4)
        left_layout.addLayout(top)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.graphics, 1)

        # -- the figures table -----------------------------------------------------
        self.table = QTableWidget(len(FIGURE_DEFS), len(comparison.sessions) + 1, self)
        self.table.setObjectName("compareFigures")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self._fill_table()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.table.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._draw()

    # -- drawing -----------------------------------------------------------------------
    def _x_axis(self) -> TimeAxis:
        return ClockAxis("bottom") if self.align is Align.CLOCK else TimeAxis("bottom")

    def _legend_html(self, n: int, s: ComparedSession) -> str:
        text = _escape(session_label(n, s))
        if s.curve is None:
            why = (
                self.tr("only its figures are stored: no minutes to draw")
                if s.no_curve is NoCurve.SUMMARY_ONLY
                else self.tr("no GMV or viewer readings: no minutes to draw")
            )
            muted = tone("muted").name()
            return f'<span style="color:{muted}">{text} <i>({_escape(why)})</i></span>'
        return f'<span style="color:{self.colour(n - 1)}">{text}</span>'

    def pen(self, index: int, width: float = 1) -> QPen:
        """The line of the session at `index`: its colour and its dash pattern.
        Plots draw it 1 px wide, as the live plots do: Qt strokes a wider dashed
        line of a day's minutes in about 400 ms a frame, a 1 px one in under 10."""
        pen = pg.mkPen(self.colour(index), width=width, style=DASHES[index % len(DASHES)])
        assert isinstance(pen, QPen)
        return pen

    def _swatch(self, index: int, drawn: bool) -> QPixmap:
        """A short piece of the session's line (its dash pattern shows)."""
        ratio = self.devicePixelRatioF()
        pix = QPixmap(round(SWATCH_W * ratio), round(SWATCH_H * ratio))
        pix.setDevicePixelRatio(ratio)
        pix.fill(Qt.GlobalColor.transparent)
        if drawn:
            painter = QPainter(pix)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self.pen(index, width=2))
            painter.drawLine(1, SWATCH_H // 2, SWATCH_W - 1, SWATCH_H // 2)
            painter.end()
        return pix

    def colour(self, index: int) -> str:
        """The colour of the session at `index` in the comparison."""
        return PALETTE[index % len(PALETTE)]

    def _draw(self) -> None:
        for key, plot in self.plots.items():
            for item in [*self.curves[key], *self.dots[key]]:
                plot.removeItem(item)
            self.curves[key] = []
            self.dots[key] = []
            plot.setAxisItems({"bottom": self._x_axis()})
        # One shared time axis, under the lower plot.
        self.plots["gmv"].hideAxis("bottom")
        self.plots["viewers"].showAxis("bottom")
        lo_x, hi_x = np.inf, -np.inf
        for index, s in enumerate(self.comparison.sessions):
            if s.curve is None:
                continue
            x = s.x(self.align) * 60.0  # seconds, as the time axes count
            pen = self.pen(index)
            for key in PLOTTED:
                y = s.curve.floats(key)
                if key == "gmv":
                    y = y / 100.0  # yuan, as the money axis counts
                item = pg.PlotDataItem(
                    x, y, pen=pen, connect="finite", name=session_label(index + 1, s)
                )
                self.plots[key].addItem(item)
                self.curves[key].append(item)
                # A minute with no value on either side is a dot (a line needs two).
                alone = _isolated(y)
                if alone.any():
                    dots = pg.ScatterPlotItem(
                        x[alone], y[alone], size=5, pen=pg.mkPen(self.colour(index)),
                        brush=pg.mkBrush(self.colour(index)),
                    )  # fmt: skip
                    self.plots[key].addItem(dots)
                    self.dots[key].append(dots)
            if x.size:
                lo_x, hi_x = min(lo_x, float(x[0]) - 60.0), max(hi_x, float(x[-1]))
        for key, plot in self.plots.items():
            values = [v for item in self.curves[key] if (v := item.yData) is not None and len(v)]
            finite = np.concatenate(values) if values else np.empty(0)
            finite = finite[np.isfinite(finite)]
            top = float(finite.max()) if finite.size else EMPTY_Y_RANGE[1]
            plot.getViewBox().setYRange(0.0, max(top * 1.05, 1.0), padding=0)
        if np.isfinite(lo_x):
            self.plots["gmv"].getViewBox().setXRange(max(lo_x, 0.0), hi_x, padding=0.01)

    def _toggled(self, by_start: bool) -> None:
        self.set_align(Align.START if by_start else Align.CLOCK)

    def set_align(self, align: Align) -> None:
        if align is self.align:
            return
        self.align = align
        self.comparison = self.comparison.with_align(align)
        button = self.by_clock if align is Align.CLOCK else self.by_start
        if not button.isChecked():
            button.setChecked(True)
        self._draw()
        self.alignChanged.emit(align)

    # -- the table ---------------------------------------------------------------------
    def _fill_table(self) -> None:
        fmt = number_format()
        head = QTableWidgetItem(self.tr("Figure"))
        self.table.setHorizontalHeaderItem(0, head)
        for index, s in enumerate(self.comparison.sessions):
            item = QTableWidgetItem(f"#{index + 1}")
            item.setToolTip(session_label(index + 1, s))
            if s.curve is not None:
                item.setForeground(QColor(self.colour(index)))
            self.table.setHorizontalHeaderItem(index + 1, item)
        for row, d in enumerate(FIGURE_DEFS):
            name = QTableWidgetItem(_translate(d.label))
            self.table.setItem(row, 0, name)
            for index, s in enumerate(self.comparison.sessions):
                text = format_figure(d.unit, s.figure(d.key).value, fmt)
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, index + 1, cell)

    def figure_text(self, key: str, index: int) -> str:
        """The table's cell for figure `key` of the session at `index`."""
        row = [d.key for d in FIGURE_DEFS].index(key)
        item = self.table.item(row, index + 1)
        return "" if item is None else item.text()


def _isolated(y: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Values with no value just before or after them."""
    ok = np.isfinite(y)
    before = np.concatenate([[False], ok[:-1]])
    after = np.concatenate([ok[1:], [False]])
    alone: npt.NDArray[np.bool_] = ok & ~before & ~after
    return alone


def _translate(label: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(FIGURE_CONTEXT, label)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
