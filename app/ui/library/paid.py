"""Paid traffic per streamer: spend and ROI per window over time, as a plot
(spend bars, ROI lines) and a table by day or month, with the gap between
the same-day and the settled ROI (T0 → T30 for 磁力金牛, direct → T7 for
千川) per streamer.

The operator's rule is on screen: judge 金牛 spend by T15/T30, not by the
same day's GMV. So T15 and T30 are the strong lines and T0 is thin and
dashed. Reads run on the task pool (`app.session.ads.roi_table`), one at a
time; a reply to an older question is dropped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.ads import KUAISHOU, PLATFORM_TOOLS, T0, T7, T15, T30, AdTotals, window_label
from app.core.roster import format_month
from app.core.session import Streamer
from app.runtime.tasks import TaskRunner
from app.session.ads import RoiLine, StreamerRoi, roi_table
from app.storage.repository import Repository
from app.ui.view.paid import roi_text
from app.ui.widgets.format import format_date, number_format
from app.ui.widgets.style import tone

SPEND_COLOUR = "#93c5fd"
WINDOW_PENS: dict[str, dict[str, Any]] = {
    "direct": {"color": "#9ca3af", "width": 1, "style": Qt.PenStyle.DotLine},
    T0: {"color": "#9ca3af", "width": 1, "style": Qt.PenStyle.DashLine},
    T7: {"color": "#dc2626", "width": 3},
    T15: {"color": "#f59e0b", "width": 3},
    T30: {"color": "#dc2626", "width": 3},
}
"""T0 (and direct) secondary: thin, grey, dashed. The settled windows strong."""
SECONDARY = frozenset({"direct", T0})
PLOT_MIN_H = 100
GAP_TABLE_ROWS = 4
"""The per-streamer gap table shows this many rows before it scrolls."""


def period_text(period: str) -> str:
    """A RoiLine's period (YYYY-MM-DD or YYYY-MM) in the locale's form."""
    if len(period) == 10:
        return format_date(date.fromisoformat(period))
    if len(period) == 7:
        return format_month(int(period[:4]) * 100 + int(period[5:]))
    return period


def gap_text(gap: Decimal | None) -> str:
    if gap is None:
        return number_format().none_text
    fmt = number_format()
    return ("+" if gap > 0 else "") + fmt.ratio(gap, 2)


def window_roi_text(totals: AdTotals, window: str) -> str:
    """ROI, with * where not every day of the period has settled."""
    w = totals.windows.get(window)
    if w is None or w.roi is None:
        return number_format().none_text
    return roi_text(w.roi) + ("" if w.complete else " *")


class _MoneyAxis(pg.AxisItem):
    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        fmt = number_format()
        return [fmt.money(Decimal(repr(round(v, 2)))) for v in values]


class _PeriodAxis(pg.AxisItem):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels: list[str] = []

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            k = round(v)
            out.append(self.labels[k] if abs(v - k) < 1e-6 and 0 <= k < len(self.labels) else "")
        return out


class RoiChart(QWidget):
    """One streamer's spend (bars, left axis) and ROI per window (lines,
    right axis) by period. One view box: the ROI lines are scaled into the
    spend's range and the right axis is ticked in ROI (a second view box
    in the scene crashed at teardown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period_axis = _PeriodAxis("bottom")
        self.plot = pg.PlotWidget(
            self, axisItems={"left": _MoneyAxis("left"), "bottom": self.period_axis}
        )
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        item = self.plot.getPlotItem()
        item.showAxis("right")
        item.getAxis("left").setWidth(56)
        item.getAxis("right").setWidth(36)
        item.getAxis("right").setLabel(self.tr("ROI"))
        self.roi_scale = 1.0
        """Spend (yuan) per 1 of ROI on the plot: a line's height is ROI × this."""
        self.bars: pg.BarGraphItem | None = None
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.roi_values: dict[str, list[float]] = {}
        """Each window's ROI per period as drawn (NaN: none)."""
        self.legend = QLabel(self)
        self.legend.setObjectName("tileSub")
        self.legend.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.legend)
        lay.addWidget(self.plot, 1)
        self.plot.setMinimumHeight(PLOT_MIN_H)

    def clear(self) -> None:
        item = self.plot.getPlotItem()
        if self.bars is not None:
            item.removeItem(self.bars)
            self.bars = None
        for line in self.lines.values():
            item.removeItem(line)
        self.lines = {}
        self.roi_values = {}
        self.period_axis.labels = []
        self.legend.setText("")

    def set_data(self, data: StreamerRoi | None) -> None:
        self.clear()
        if data is None or not data.lines:
            return
        lines = data.lines
        n = len(lines)
        self.period_axis.labels = [period_text(x.period) for x in lines]
        xs = list(range(n))
        spend = [x.spend_fen / 100 for x in lines]
        item = self.plot.getPlotItem()
        self.bars = pg.BarGraphItem(
            x=xs, height=spend, width=0.5, brush=QColor(SPEND_COLOUR), pen=None
        )
        self.bars.setZValue(0)
        item.addItem(self.bars)
        step = max(1, math.ceil(n / 8))
        self.period_axis.setTicks([[(k, self.period_axis.labels[k]) for k in range(0, n, step)]])
        values = {w: [_roi_float(x.totals, w) for x in lines] for w in data.windows}
        finite = [v for vs in values.values() for v in vs if not math.isnan(v)]
        roi_top = _nice_top(max([*finite, 1.0]))
        spend_top = max([*spend, 1.0]) * 1.15
        self.roi_scale = spend_top / roi_top
        item.setXRange(-0.6, n - 0.4, padding=0)
        item.setYRange(0, spend_top, padding=0)
        roi_step = roi_top / 4
        item.getAxis("right").setTicks(
            [[(k * roi_step * self.roi_scale, roi_text(Decimal(repr(k * roi_step))))
              for k in range(5)], []]
        )  # fmt: skip
        spend_word = self.tr("spend")
        keys = [f'<span style="color:{SPEND_COLOUR}">■</span> {spend_word}']
        for w in data.windows:
            spec = WINDOW_PENS.get(w, {"color": "#6b7280", "width": 2})
            ys = [v * self.roi_scale for v in values[w]]
            shown = any(math.isfinite(y) for y in ys)  # no settled day yet: nothing to draw
            line = pg.PlotDataItem(
                xs if shown else [],
                ys if shown else [],
                pen=pg.mkPen(**spec),
                connect="finite",
                symbol=None if w in SECONDARY else "o",
                symbolSize=6,
                symbolBrush=spec["color"],
                symbolPen=None,
            )
            line.setZValue(1 if w in SECONDARY else 2)  # over the bars
            item.addItem(line)
            self.lines[w] = line
            self.roi_values[w] = values[w]
            dash = "╌" if w in SECONDARY else "━"
            keys.append(f'<span style="color:{spec["color"]}">{dash}</span> {window_label(w)}')
        self.legend.setText("&nbsp; ".join(keys))


def _nice_top(peak: float) -> float:
    """The right axis' top: 1, 2 or 5 × 10^k, at least 1.15 × `peak`, so its
    four steps are round ROI values."""
    want = peak * 1.15
    base = 10 ** math.floor(math.log10(want))
    for m in (1.0, 2.0, 4.0, 5.0, 8.0, 10.0):
        if m * base >= want:
            return m * base
    return 10 * base  # pragma: no cover


def _roi_float(totals: AdTotals, window: str) -> float:
    w = totals.windows.get(window)
    value = None if w is None else w.roi
    return math.nan if value is None else float(value)


class PaidRosterView(QWidget):
    """Every streamer's paid traffic (`streamer` None: the roster's view),
    or one streamer's (their page). `refresh()` reads on `tasks`; `loaded`
    follows with the list of `StreamerRoi`."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        repo: Repository,
        tasks: TaskRunner,
        streamer: Streamer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paidRoster")
        self.repo = repo
        self.tasks = tasks
        self.streamer = streamer
        self.by = "day"
        self.first: date | None = None
        self.last: date | None = None
        self.table_data: list[StreamerRoi] = []
        self.current: StreamerRoi | None = None
        self._reading = 0

        self.caption = QLabel(self.tr("Judge 金牛 spend by T15/T30, not by same-day GMV."), self)
        self.caption.setObjectName("paidRule")
        self.caption.setWordWrap(True)
        bold = QFont(self.caption.font())
        bold.setBold(True)
        self.caption.setFont(bold)
        self.caption.setToolTip(
            self.tr(
                "磁力金牛's T0 counts only the day's orders; T15 and T30 add what the spend "
                "brought in the 15 and 30 days after. T0 is drawn thin and dashed."
            )
        )
        self.by_combo = QComboBox(self)
        self.by_combo.addItem(self.tr("By day"), "day")
        self.by_combo.addItem(self.tr("By month"), "month")
        self.by_combo.currentIndexChanged.connect(
            lambda _i: self.set_by(str(self.by_combo.currentData()))
        )
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.by_combo)
        top.addWidget(self.refresh_button)

        self.gaps = QTableWidget(0, 7, self)
        self.gaps.setObjectName("paidGaps")
        self.gaps.setHorizontalHeaderLabels(
            [
                self.tr("Streamer"),
                self.tr("Ad tool"),
                self.tr("Spend"),
                self.tr("Same-day ROI"),
                self.tr("Settled ROI"),
                self.tr("Gap"),
                self.tr("Windows"),
            ]
        )
        for col, tip in (
            (3, self.tr("T0 for 磁力金牛, direct for 千川: what the day's GMV says")),
            (4, self.tr("T30 for 磁力金牛, T7 for 千川: what the spend brought in the end")),
            (5, self.tr("Settled ROI minus same-day ROI: how much the day's view under-reads")),
        ):
            head = self.gaps.horizontalHeaderItem(col)
            if head is not None:
                head.setToolTip(tip)
        self._setup_table(self.gaps)
        self.gaps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gaps.itemSelectionChanged.connect(self._gap_selected)
        self._fit_gaps(1)
        self.gaps.setVisible(streamer is None)

        self.chart = RoiChart(self)
        self.lines = QTableWidget(0, 0, self)
        self.lines.setObjectName("paidLines")
        self._setup_table(self.lines)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.chart)
        self.split.addWidget(self.lines)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

        self.status = QLabel(self)
        self.status.setObjectName("paidStatus")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.gaps)
        lay.addWidget(self.split, 1)
        lay.addWidget(self.status)

    def _fit_gaps(self, rows: int) -> None:
        """As tall as its rows, up to `GAP_TABLE_ROWS` (then it scrolls): the
        plot and the table below keep the room."""
        shown = max(1, min(rows, GAP_TABLE_ROWS))
        height = self.gaps.verticalHeader().defaultSectionSize() * shown
        self.gaps.setFixedHeight(height + self.gaps.horizontalHeader().sizeHint().height() + 6)

    @staticmethod
    def _setup_table(t: QTableWidget) -> None:
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setWordWrap(False)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- choosing ----------------------------------------------------------------------
    def set_streamer(self, streamer: Streamer | None) -> None:
        self.streamer = streamer
        self.gaps.setVisible(streamer is None)
        self.refresh()

    def set_by(self, by: str) -> None:
        if by not in ("day", "month"):
            raise ValueError(by)
        self.by = by
        index = self.by_combo.findData(by)
        if index != self.by_combo.currentIndex():
            self.by_combo.setCurrentIndex(index)  # comes back here
            return
        self.refresh()

    def set_span(self, first: date | None, last: date | None) -> None:
        """Only the days from `first` to `last` (None: no bound)."""
        self.first, self.last = first, last
        self.refresh()

    # -- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        self._reading += 1
        reading = self._reading
        repo, streamer, first, last, by = self.repo, self.streamer, self.first, self.last, self.by
        self.status.setText(self.tr("Reading the paid figures…"))

        def done(table: list[StreamerRoi]) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self.set_table(table)
                self.loaded.emit(table)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self.status.setText(
                    self.tr("The paid figures could not be read: {why}").format(why=exc)
                )
                self.failed.emit(str(exc))

        self.tasks.submit(lambda: roi_table(repo, streamer, first, last, by), done, failed)

    def set_table(self, table: Sequence[StreamerRoi]) -> None:
        keep = self.current.streamer.id if self.current is not None else None
        self.table_data = list(table)
        fmt = number_format()
        self.gaps.blockSignals(True)
        self.gaps.setRowCount(len(table))
        for r, item in enumerate(table):
            first, last = item.gap_windows
            o = item.overall
            cells = [
                item.streamer.name,
                PLATFORM_TOOLS[item.platform],
                fmt.money_fen_exact(o.spend_fen),
                window_roi_text(o.totals, first),
                window_roi_text(o.totals, last),
                gap_text(o.gap),
                f"{window_label(first)} → {window_label(last)}",
            ]
            self._fill(self.gaps, r, cells, right={2, 3, 4, 5})
            gap_item = self.gaps.item(r, 5)
            if gap_item is not None and o.gap is not None and o.gap > 0:
                gap_item.setForeground(QBrush(tone("good")))
            secondary = self.gaps.item(r, 3)
            if secondary is not None:
                secondary.setForeground(QBrush(tone("muted")))
        self.gaps.resizeColumnsToContents()
        self._fit_gaps(len(table))
        platforms = {item.platform for item in table}
        if platforms and KUAISHOU not in platforms:
            self.caption.setText(self.tr("Judge 千川 spend by T7, not by same-day GMV."))
        elif len(platforms) > 1:
            self.caption.setText(
                self.tr("Judge 金牛 spend by T15/T30 and 千川 by T7, not by same-day GMV.")
            )
        else:
            self.caption.setText(self.tr("Judge 金牛 spend by T15/T30, not by same-day GMV."))
        self.gaps.blockSignals(False)
        if not table:
            self.current = None
            self.chart.set_data(None)
            self.lines.setRowCount(0)
            self.status.setText(
                self.tr(
                    "No paid-traffic figures stored yet: import a 磁力金牛 or 千川 report, or "
                    "type a session's figures in its review."
                )
            )
            return
        index = next((k for k, x in enumerate(table) if x.streamer.id == keep), 0)
        self.gaps.selectRow(index)
        self.show_streamer(table[index])

    def select_streamer(self, streamer_id: int) -> None:
        """Show this streamer's plot and table (their row in the gap table)."""
        for r, x in enumerate(self.table_data):
            if x.streamer.id == streamer_id:
                self.gaps.selectRow(r)
                self.show_streamer(x)
                return

    def _gap_selected(self) -> None:
        rows = self.gaps.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.table_data):
            self.show_streamer(self.table_data[rows[0].row()])

    def show_streamer(self, data: StreamerRoi) -> None:
        """One streamer's plot and table."""
        self.current = data
        fmt = number_format()
        self.chart.set_data(data)
        first, last = data.gap_windows
        heads = [self.tr("Day") if self.by == "day" else self.tr("Month"), self.tr("Spend")]
        for w in data.windows:
            label = window_label(w)
            heads += [
                self.tr("{w} GMV").format(w=label),
                self.tr("{w} ROI").format(w=label),
            ]
        heads.append(f"{window_label(first)} → {window_label(last)}")
        self.lines.clear()
        self.lines.setColumnCount(len(heads))
        self.lines.setHorizontalHeaderLabels(heads)
        rows: list[tuple[str, RoiLine]] = [
            (period_text(x.period) + (" ✎" if x.typed else ""), x) for x in data.lines
        ]
        rows.append((self.tr("Overall"), data.overall))
        self.lines.setRowCount(len(rows))
        for r, (period, x) in enumerate(rows):
            cells = [period, fmt.money_fen_exact(x.spend_fen)]
            for w in data.windows:
                cells += [
                    fmt.money_fen_exact(x.totals.windows[w].gmv_fen),
                    window_roi_text(x.totals, w),
                ]
            cells.append(gap_text(x.gap))
            self._fill(self.lines, r, cells, right=set(range(1, len(cells))))
            for k, w in enumerate(data.windows):
                if w in SECONDARY:
                    for c in (2 + 2 * k, 3 + 2 * k):
                        cell = self.lines.item(r, c)
                        if cell is not None:
                            cell.setForeground(QBrush(tone("muted")))
            if x.typed:
                first_cell = self.lines.item(r, 0)
                if first_cell is not None:
                    first_cell.setToolTip(
                        self.tr("Typed in a session's review (no report imported for that day)")
                    )
        overall = self.lines.item(len(rows) - 1, 0)
        if overall is not None:
            font = overall.font()
            font.setBold(True)
            overall.setFont(font)
        self.lines.resizeColumnsToContents()
        notes = []
        if data.platform != KUAISHOU:
            notes.append(self.tr("No 15-day window: judge its spend by T7, not by direct GMV."))
        if any(not w.complete for w in data.overall.totals.windows.values()):
            notes.append(
                self.tr("* not settled for every day yet: the ROI is of the days that have.")
            )
        if any(x.typed for x in data.lines):
            notes.append(self.tr("✎ typed in a session's review."))
        self.status.setText(
            " ".join(
                [
                    self.tr("{name} · {tool}").format(
                        name=data.streamer.name, tool=PLATFORM_TOOLS[data.platform]
                    ),
                    *notes,
                ]
            )
        )

    @staticmethod
    def _fill(table: QTableWidget, r: int, cells: list[str], right: set[int]) -> None:
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)

    def line_texts(self, row: int) -> list[str]:
        """The cells of one row of the streamer's table as shown."""
        return [
            (self.lines.item(row, c).text() if self.lines.item(row, c) is not None else "")  # type: ignore[union-attr]
            for c in range(self.lines.columnCount())
        ]

    def gap_texts(self, name: str) -> list[str]:
        """The cells of one streamer's row in the gap table."""
        for r in range(self.gaps.rowCount()):
            first = self.gaps.item(r, 0)
            if first is not None and first.text() == name:
                return [
                    (self.gaps.item(r, c).text() if self.gaps.item(r, c) is not None else "")  # type: ignore[union-attr]
                    for c in range(self.gaps.columnCount())
                ]
        return []
