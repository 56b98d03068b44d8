"""Where the viewers came from: entries by traffic channel over the session, as
a stacked area plot, and a table per channel (share of entries, GMV, GPM, and
the streamer's median share), live and in review.

The plot is per minute (`app.core.funnel.channel_minutes`, the minute rule of
`app.core.curves`): each channel's band is the entries its counter
(`entries.<channel>`) grew by in that minute, stacked in the catalogue's
order, known channels first and any other by its name. A minute in which a
channel's total is unknown (before its first reading, across a gap) breaks
every band there rather than being drawn from a guess. A live session shows
its whole minutes; the open one joins when it ends. Redrawing is a few
hundred points per band, and only when a buffer changed.

Each known channel keeps one colour (the Okabe–Ito palette, as the
comparison's, which stays distinct with the common colour-vision
deficiencies), the same in the plot and as the table's swatch; channels the
catalogue does not know take the palette's remaining colours by name order.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.funnel import (
    ChannelTable,
    FunnelHistory,
    channel_minutes,
    channel_table,
    latest_values,
    minute_count_done,
    minute_count_live,
    rate,
)
from app.core.numbers import NumberFormat
from app.core.series import SeriesSet
from app.ui.view.plots import EMPTY_Y_RANGE, GridItem, NumberAxis, TimeAxis
from app.ui.widgets.format import channel_name, number_format
from app.ui.widgets.style import PLOT_COLOURS, current_scheme, set_tone, tone

CHANNEL_COLOURS: dict[str, str] = {
    "natural": "#0072B2",  # blue
    "short_video": "#E69F00",  # orange
    "followers": "#009E73",  # bluish green
    "search": "#56B4E9",  # sky blue
    "mall": "#CC79A7",  # reddish purple
    "paid": "#D55E00",  # vermillion: the money channel stands out
    "other": "#999999",  # grey
}
"""A fixed colour per known channel (Okabe–Ito)."""
OTHER_COLOURS: tuple[str, ...] = ("#F0E442", "#6E6E6E", "#B8860B", "#7B68AE")
"""Channels the catalogue does not know, in name order."""
FILL_ALPHA = 190

COLUMNS = ("channel", "share", "median", "gmv", "gpm")


def channel_colour(channel: str, others: list[str] | None = None) -> QColor:
    """The colour of `channel`; an unknown one by its place among `others`."""
    if channel in CHANNEL_COLOURS:
        return QColor(CHANNEL_COLOURS[channel])
    place = others.index(channel) if others and channel in others else 0
    return QColor(OTHER_COLOURS[place % len(OTHER_COLOURS)])


class ChannelsView(QWidget):
    """Entries by channel of one session. `set_series` (live or stored), then
    `refresh` as often as wanted; `set_history` adds the median shares."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelsView")
        self.series: SeriesSet | None = None
        self.live = False
        self.history: FunnelHistory | None = None
        self.table_data: ChannelTable | None = None
        self.channels: tuple[str, ...] = ()
        """The channels drawn, bottom band first."""
        self.tops: dict[str, pg.PlotCurveItem] = {}
        self.fills: dict[str, pg.FillBetweenItem] = {}
        self._base: pg.PlotCurveItem | None = None
        self._drawn: dict[str, np.ndarray] = {}
        """Each edge as last handed to its curve ("" the baseline)."""
        self._seen: tuple[object, ...] | None = None
        self._scheme = current_scheme()

        self.caption = QLabel(self)
        self.caption.setObjectName("channelsCaption")
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_tone(self.caption, "soft")

        self.plot_widget = pg.PlotWidget(
            self, axisItems={"bottom": TimeAxis("bottom"), "left": NumberAxis("entries")}
        )
        self.plot_widget.setObjectName("channelsPlot")
        self.plot_widget.setMinimumHeight(90)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getAxis("left").setWidth(48)
        self.plot.addItem(GridItem(self.plot.getAxis("left")), ignoreBounds=True)
        vb = self.plot.getViewBox()
        vb.setMouseEnabled(x=True, y=False)
        vb.setYRange(*EMPTY_Y_RANGE, padding=0)
        vb.setXRange(0, 600, padding=0)
        colours = PLOT_COLOURS["dark" if self._scheme == "dark" else "light"]
        self.plot_widget.setBackground(colours["background"])

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("channelsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Channel"),
                self.tr("Share"),
                self.tr("Median"),
                self.tr("GMV"),
                self.tr("GPM"),
            ]
        )
        head = self.table.horizontalHeaderItem
        tips = {
            1: self.tr("Share of the session's entries"),
            2: self.tr("The channel's median share in the streamer's previous sessions"),
            3: self.tr("GMV of the viewers this channel brought"),
            4: self.tr("GMV per 1,000 entries from this channel, where both are known"),
        }
        for col, tip in tips.items():
            item = head(col)
            if item is not None:
                item.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fm = QFontMetrics(self.table.font())
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(fm.height() + 6)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._set_widths()
        self.table.setColumnHidden(2, True)
        self.table.setMinimumHeight(hh.sizeHint().height() + 2 * (fm.height() + 6) + 4)

        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.plot_widget)
        self.split.addWidget(self.table)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self._split_moved = False
        """The operator dragged the handle: the table keeps the height given."""
        self.split.splitterMoved.connect(self._on_split_moved)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(2)
        lay.addWidget(self.caption)
        lay.addWidget(self.split, 1)
        self._show_table()

    def _set_widths(self) -> None:
        """Widths from the font and the headers, never from the figures shown."""
        fm = QFontMetrics(self.table.font())
        hfm = QFontMetrics(self.table.horizontalHeader().font())
        fmt = number_format()

        def widest(*texts: str) -> str:
            return max(texts, key=fm.horizontalAdvance)

        # GMV as it is shown: ¥9,999.99 or, shortened, ¥9,999.99万 / ¥999K.
        gmv = widest(*(fmt.money(Decimal(v)) for v in ("9999.99", "99999999.99", "999499")))
        samples = {
            1: fmt.percent(0.999) + "↓",
            2: fmt.percent(0.999),
            3: gmv,
            4: widest(fmt.currency + fmt.grouped(9999), fmt.money(Decimal("99990000"))),
        }
        for col, sample in samples.items():
            item = self.table.horizontalHeaderItem(col)
            header = hfm.horizontalAdvance(item.text()) + 14 if item is not None else 0
            self.table.setColumnWidth(col, max(fm.horizontalAdvance(sample) + 12, header))
        # The channel's name never shrinks to nothing: a swatch and 推荐feed / Followers.
        name = max(fm.horizontalAdvance("Followers"), fm.horizontalAdvance("推荐feed")) + 34
        shown = [c for c in samples if not self.table.isColumnHidden(c)]
        self.table.setMinimumWidth(name + sum(self.table.columnWidth(c) for c in shown) + 4)

    # -- input -----------------------------------------------------------------------------
    def set_series(self, series: SeriesSet, live: bool = False) -> None:
        """The session to show: `live` draws whole minutes only."""
        self.series = series
        self.live = live
        self._seen = None
        self.refresh()

    def set_live(self, live: bool) -> None:
        """The session ended (False): its last partial minute is drawn too."""
        if live != self.live:
            self.live = live
            self._seen = None
            self.refresh()

    def set_history(self, history: FunnelHistory | None) -> None:
        """The streamer's previous sessions' channel shares (None: none)."""
        self.history = history
        self.table.setColumnHidden(2, history is None)
        self._seen = None
        self.refresh()

    def refresh(self) -> None:
        """Redraw if the session's buffers changed since the last time (cheap:
        call it live, about once a second). Hidden (another tab), it waits
        until shown."""
        series = self.series
        if series is None or not self.isVisible():
            return
        versions = tuple((k, b.version) for k, b in series.buffers.items() if len(b) and "." in k)
        minutes = minute_count_live(series) if self.live else minute_count_done(series)
        seen = (versions, minutes, series.buffers["entries"].version)
        if seen == self._seen:
            return
        self._seen = seen
        self._draw(minutes)
        self._show_table()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self._fit_table()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_table()

    def _on_split_moved(self, *_: object) -> None:
        self._split_moved = True

    def _fit_table(self) -> None:
        """The table as tall as its rows (at most half the view), the plot the rest."""
        total = sum(self.split.sizes())
        if self._split_moved or total <= 0:
            return
        rows = max(self.table.rowCount(), 2)
        want = (
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        table = max(min(want, total // 2), self.table.minimumHeight())
        plot = total - table
        if plot >= self.plot_widget.minimumHeight() and self.split.sizes()[1] != table:
            self.split.setSizes([plot, table])

    # -- the plot --------------------------------------------------------------------------
    def _others(self) -> list[str]:
        return sorted(ch for ch in self.channels if ch not in CHANNEL_COLOURS)

    def _rebuild(self, channels: tuple[str, ...]) -> None:
        for item in [*self.fills.values(), *self.tops.values()]:
            self.plot.removeItem(item)
        if self._base is not None:
            self.plot.removeItem(self._base)
        self.fills, self.tops = {}, {}
        self.channels = channels
        self._base = pg.PlotCurveItem(pen=None)
        self.plot.addItem(self._base)
        lower = self._base
        for ch in channels:
            top = pg.PlotCurveItem(pen=pg.mkPen(self._line_colour(ch), width=1))
            # theme_plots recolours from this (the light colour), never from the shown one
            top.setProperty("genboColour", channel_colour(ch, self._others()).name())
            self.plot.addItem(top)
            fill = pg.FillBetweenItem(lower, top, brush=self._fill_brush(ch))
            fill.setToolTip(channel_name(ch))
            self.plot.addItem(fill)
            self.tops[ch], self.fills[ch] = top, fill
            lower = top

    def _line_colour(self, ch: str) -> QColor:
        """A band's top line: its colour, a little lighter on a dark background
        (as `style.theme_plots` does for every curve)."""
        colour = channel_colour(ch, self._others())
        return colour.lighter(135) if self._scheme == "dark" else colour

    def _fill_brush(self, ch: str) -> QBrush:
        colour = QColor(channel_colour(ch, self._others()))
        colour.setAlpha(FILL_ALPHA)
        return QBrush(colour)

    def _draw(self, minutes: int) -> None:
        """Hand each band's edge to its curve, only where it changed: live, the
        whole minutes drawn change once a minute (a band's fill is rebuilt
        when either of its edges changes, the costly part)."""
        assert self.series is not None
        m = channel_minutes(self.series, minutes)
        if m.channels != self.channels:
            self._rebuild(m.channels)
            self._drawn = {}
        x = m.x()
        tops = m.stacked()
        known = ~np.isnan(tops[-1]) if tops else np.zeros(0, dtype=np.bool_)
        edges = {"": np.where(known, 0.0, np.nan), **dict(zip(m.channels, tops, strict=True))}
        for key, y in edges.items():
            before = self._drawn.get(key)
            if before is not None and np.array_equal(before, y, equal_nan=True):
                continue
            curve = self._base if key == "" else self.tops[key]
            if curve is not None:
                curve.setData(x, y, connect="finite")
            self._drawn[key] = y
        top = float(np.max(tops[-1][known])) if tops and known.any() else 0.0
        vb = self.plot.getViewBox()
        vb.setYRange(0.0, max(top * 1.08, EMPTY_Y_RANGE[1]), padding=0)
        vb.setXRange(0.0, max(float(minutes) * 60.0, 600.0), padding=0.01)

    def filled_channels(self) -> list[str]:
        """The channels whose band has an area drawn (for tests and screenshots)."""
        return [ch for ch, fill in self.fills.items() if not fill.path().isEmpty()]

    # -- the table -------------------------------------------------------------------------
    def _show_table(self) -> None:
        fmt = number_format()
        latest: Mapping[str, int] = latest_values(self.series) if self.series is not None else {}
        t = channel_table(latest, self.history or FunnelHistory())
        self.table_data = t
        rows = list(t.rows)
        extra = 1 if t.unattributed else 0
        if self.table.rowCount() != len(rows) + extra:
            self.table.setRowCount(len(rows) + extra)
            self._fit_table()
        others = sorted(r.channel for r in rows if not r.known)
        for i, r in enumerate(rows):
            name = self._item(channel_name(r.channel), left=True)
            name.setData(Qt.ItemDataRole.DecorationRole, channel_colour(r.channel, others))
            if not r.known:
                name.setToolTip(
                    self.tr("A channel the source names “{name}”").format(name=r.channel)
                )
            self.table.setItem(i, 0, name)
            share = self._item(fmt.percent(r.share))
            self.table.setItem(i, 1, share)
            median = self._item(fmt.percent(r.median_share))
            change = r.share_change
            if change is not None and r.median_share is not None:
                points = fmt.grouped(abs(change) * 100, 1)
                if change < 0:
                    share.setText(share.text() + "↓")
                    share.setForeground(tone("bad"))
                    median.setToolTip(
                        self.tr("{points} points below the median").format(points=points)
                    )
                elif change > 0:
                    share.setText(share.text() + "↑")
                    share.setForeground(tone("good"))
                    median.setToolTip(
                        self.tr("{points} points above the median").format(points=points)
                    )
            self.table.setItem(i, 2, median)
            self.table.setItem(i, 3, self._item(fmt.money_fen(r.gmv_fen)))
            gpm = self._item(self._gpm_text(r.gpm, fmt))
            if r.gpm is None:
                gpm.setToolTip(self.tr("Needs both the channel's entries and its GMV"))
            self.table.setItem(i, 4, gpm)
        if extra:
            i = len(rows)
            item = self._item(self.tr("Not by channel"), left=True)
            item.setToolTip(self.tr("Entries no channel accounts for"))
            item.setForeground(tone("muted"))
            self.table.setItem(i, 0, item)
            self.table.setItem(i, 1, self._item(fmt.percent(rate(t.unattributed, t.total_entries))))
            for col in (2, 3, 4):
                self.table.setItem(i, col, self._item(""))
        self.caption.setText(self._caption(t, fmt))

    def _caption(self, t: ChannelTable, fmt: NumberFormat) -> str:
        if not t.rows:
            return self.tr("No entries by channel yet")
        total = fmt.count(t.total_entries) if t.total_entries is not None else fmt.none_text
        text = self.tr("Entries by channel per minute · {total} entries").format(total=total)
        h = self.history
        if h is not None and h.channel_sessions:
            text += " · " + self.tr("median of {n} sessions").format(n=h.channel_sessions)
        elif h is not None:
            text += " · " + self.tr("no median yet")
        return text

    @staticmethod
    def _gpm_text(value: Decimal | None, fmt: NumberFormat) -> str:
        """GPM to the yuan (¥20,000), as the platforms show it."""
        if value is None:
            return fmt.none_text
        return fmt.money(value.quantize(Decimal(1)))

    @staticmethod
    def _item(text: str, left: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        align = Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight
        item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        return item

    def cell_text(self, channel: str, column: str) -> str:
        """The table's text for `channel` ("" if not shown) in `column` (`COLUMNS`)."""
        if self.table_data is None or channel not in self.table_data.channels:
            return ""
        item = self.table.item(self.table_data.channels.index(channel), COLUMNS.index(column))
        return "" if item is None else item.text()

    # -- theme -----------------------------------------------------------------------------
    def apply_scheme(self, scheme: str) -> None:
        """Recolour for "light" or "dark" (after `style.theme_plots`)."""
        self._scheme = scheme
        self.plot_widget.setBackground(
            PLOT_COLOURS["dark" if scheme == "dark" else "light"]["background"]
        )
        for ch, top in self.tops.items():
            top.setPen(pg.mkPen(self._line_colour(ch), width=1))
            self.fills[ch].setBrush(self._fill_brush(ch))
        self._seen = None
        self.refresh()
