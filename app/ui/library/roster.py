"""The roster: every streamer's month against the leap ladder (商家跃迁), the
provider's KPI for the month and its 12-month history, and the streamers
themselves (add, edit, archive, the platform's monthly figure).

Every read and write runs on the task pool (`RosterService` calls through
`TaskRunner`), one read at a time like the History list: asking while one
runs reads once more after it, so the table never shows an older read over
a newer one, and a read for a month the operator has already left is
dropped."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.numbers import NumberFormat
from app.core.roster import (
    GmvBasis,
    ProviderSummary,
    add_months,
    format_month,
    gmv_shown,
    month_of_date,
    shown_progress,
)
from app.runtime.tasks import TaskRunner
from app.session.month_import import MonthImportResult
from app.session.roster import Roster, RosterRow, RosterService
from app.session.wall import WALL_MAX
from app.ui.dialogs.streamer import LadderDialog, MonthGmvDialog, StreamerDialog
from app.ui.library.paid import PaidRosterView
from app.ui.widgets.format import format_date, number_format, platform_label
from app.ui.widgets.operators import fill_operators
from app.ui.widgets.style import tone
from app.ui.widgets.tabkeys import side_keys_tabs
from app.ui.widgets.tables import ColumnsModel

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
"""The progress towards the next threshold, 0..1, for the bar."""
Index = QModelIndex | QPersistentModelIndex

SUMMARY_HEIGHT_PX = 140
"""The tiles and the chart: room for the table below on a 720-px screen."""

LADDER_COLORS = ("#60a5fa", "#f59e0b", "#dc2626", "#8b5cf6", "#10b981")
"""One colour per threshold, lowest first (tiles and chart agree)."""


def _threshold(fmt: NumberFormat, fen: int) -> str:
    return fmt.money_fen(fen)


def _none_low(v: int | None) -> int:
    return -1 if v is None else v


_SORT_KEYS: dict[str, Any] = {
    "streamer": lambda r: r.streamer.name,
    "platform": lambda r: r.streamer.platform or "",
    "gmv": lambda r: r.standing.gmv_fen,
    "basis": lambda r: r.standing.basis.value,
    "sessions": lambda r: r.standing.sessions,
    "next": lambda r: (
        1 << 62 if r.standing.next_threshold_fen is None else r.standing.next_threshold_fen
    ),
    "progress": lambda r: r.standing.progress,
    "days_left": lambda r: r.standing.days_left,
    "pace_needed": lambda r: _none_low(r.standing.pace_needed_fen),
    "pace_so_far": lambda r: _none_low(r.standing.pace_so_far_fen),
    "projected": lambda r: (
        "9999"
        if r.standing.projected_crossing is None
        else r.standing.projected_crossing.isoformat()
    ),
    "streak": lambda r: _none_low(r.on_time_streak),
    "leaps": lambda r: len(r.standing.past_leaps),
}


class RosterModel(ColumnsModel):
    COLUMNS = (
        "streamer", "platform", "gmv", "basis", "sessions", "next", "progress",
        "days_left", "pace_needed", "pace_so_far", "projected", "streak", "leaps",
    )  # fmt: skip
    RIGHT = frozenset(
        {"gmv", "sessions", "next", "days_left", "pace_needed", "pace_so_far", "streak"}
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[RosterRow] = []
        self.rows: list[RosterRow] = []
        """What the table shows: filtered and sorted."""
        self._filter_text = ""
        self._sort: tuple[str, bool] = ("progress", True)
        self._text: dict[tuple[int, int], str] = {}
        self.headers = {
            "streamer": self.tr("Streamer"),
            "platform": self.tr("Platform"),
            "gmv": self.tr("GMV so far"),
            "basis": self.tr("Basis"),
            "sessions": self.tr("Sessions"),
            "next": self.tr("Next threshold"),
            "progress": self.tr("Progress"),
            "days_left": self.tr("Days left"),
            "pace_needed": self.tr("Needed / day"),
            "pace_so_far": self.tr("So far / day"),
            "projected": self.tr("Crosses on"),
            "leaps": self.tr("Past leaps"),
            "streak": self.tr("On time"),
        }
        self.header_tips = {
            "days_left": self.tr("Whole days after today"),
            "pace_needed": self.tr(
                "GMV per remaining day to reach the next threshold by month end"
            ),
            "pace_so_far": self.tr("GMV so far over the days elapsed (today included)"),
            "projected": self.tr("When the pace so far reaches the next threshold, if this month"),
            "leaps": self.tr("The first month each threshold was reached; * this month"),
            "streak": self.tr("Sessions in a row that started within 5 min of the planned time"),
        }

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.all_rows = list(rows)
        self._arrange()

    def set_filter(self, text: str) -> None:
        self._filter_text = " ".join(text.split()).casefold()
        self._arrange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, in one Python sort: a proxy model asks for some 25,000
        keys across the bridge to sort 1,200 rows."""
        self._sort = (self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [(i, self.rows[i.row()], i.column()) for i in before if i.isValid()]
        self._apply_sort()
        where = {id(r): k for k, r in enumerate(self.rows)}
        for old, row, column in held:  # the selection follows its streamer
            self.changePersistentIndex(old, self.index(where[id(row)], column))
        self._text.clear()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        col, descending = self._sort
        key = _SORT_KEYS[col]
        self.rows.sort(key=lambda r: r.streamer.name)
        self.rows.sort(key=key, reverse=descending)

    def _arrange(self) -> None:
        self.beginResetModel()
        text = self._filter_text
        self.rows = [
            r
            for r in self.all_rows
            if not text
            or text in r.streamer.name.casefold()
            or text in (r.streamer.platform or "").casefold()
        ]
        self._apply_sort()
        self._text.clear()
        self.endResetModel()

    def row_items(self) -> list[Any]:
        return self.rows

    def basis_text(self, row: RosterRow) -> str:
        st = row.standing
        if st.basis is GmvBasis.RECORDED:
            return self.tr("recorded")
        if st.platform_source == "imported":
            return self.tr("platform (imported)")
        return self.tr("platform figure")

    def streak_text(self, row: RosterRow, fmt: NumberFormat) -> str:
        if row.on_time_streak is None:
            return fmt.none_text
        return ("≥" if row.streak_at_least else "") + fmt.count(row.on_time_streak)

    def leaps_text(self, row: RosterRow, fmt: NumberFormat) -> str:
        parts = []
        for lp in row.standing.past_leaps:
            assert lp.first_month is not None
            star = "*" if lp.first_time_this_month else ""
            parts.append(
                f"{_threshold(fmt, lp.threshold_fen)} {format_month(lp.first_month)}{star}"
            )
        return ", ".join(parts) or fmt.none_text

    def display(self, row: RosterRow, col: str) -> str:
        fmt = number_format()
        st = row.standing
        if col == "streamer":
            name = row.streamer.name
            return name + " " + self.tr("(archived)") if row.streamer.archived else name
        if col == "platform":
            return platform_label(row.streamer.platform)
        if col == "gmv":
            return gmv_shown(fmt, st.gmv_fen, st.next_threshold_fen)
        if col == "basis":
            return self.basis_text(row) + (" ⚠" if st.platform_below_recorded else "")
        if col == "sessions":
            return fmt.count(st.sessions)
        if col == "next":
            if st.next_threshold_fen is None:
                return self.tr("top reached")
            return _threshold(fmt, st.next_threshold_fen)
        if col == "progress":
            return fmt.percent(shown_progress(st.progress), 0)
        if col == "days_left":
            return fmt.count(st.days_left)
        if col == "pace_needed":
            return fmt.money_fen(st.pace_needed_fen)
        if col == "pace_so_far":
            return fmt.money_fen(st.pace_so_far_fen)
        if col == "projected":
            d = st.projected_crossing
            return fmt.none_text if d is None else format_date(d)
        if col == "leaps":
            return self.leaps_text(row, fmt)
        if col == "streak":
            return self.streak_text(row, fmt)
        raise KeyError(col)

    def _tooltip(self, row: RosterRow, col: str) -> str | None:
        fmt = number_format()
        st = row.standing
        if col in ("gmv", "basis"):
            recorded = fmt.money_fen_exact(st.recorded_gmv_fen)
            lines = [
                self.tr("Recorded: {amount} in {n} sessions").format(
                    amount=recorded, n=fmt.count(st.sessions)
                )
            ]
            if st.platform_gmv_fen is not None:
                lines.append(
                    self.tr("Platform: {amount}").format(
                        amount=fmt.money_fen_exact(st.platform_gmv_fen)
                    )
                )
            if st.platform_below_recorded:
                lines.append(
                    self.tr("The platform's figure is below the recorded sum; check one of them.")
                )
            return "\n".join(lines)
        if col == "progress" and st.next_threshold_fen is not None:
            return self.tr("{missing} to go").format(missing=fmt.money_fen_exact(st.remaining_fen))
        if col in ("pace_needed", "pace_so_far"):
            fen = st.pace_needed_fen if col == "pace_needed" else st.pace_so_far_fen
            return fmt.money_fen_exact(fen)
        if col == "streak" and row.last_late_s is not None:
            minutes = round(row.last_late_s / 60)
            if minutes > 0:
                return self.tr("Last session started {n} min late").format(n=minutes)
            if minutes < 0:
                return self.tr("Last session started {n} min early").format(n=-minutes)
            return self.tr("Last session started on time")
        if col == "streamer" and row.streamer.notes:
            return row.streamer.notes
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = (index.row(), index.column())
            text = self._text.get(key)
            if text is None:
                text = self._text[key] = self.display(row, col)
            return text
        if role == PROGRESS_ROLE:
            return row.standing.progress
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == "basis" and row.standing.platform_below_recorded:
                return tone("warn")
            if col == "pace_so_far" and row.standing.on_pace is not None:
                return tone("good" if row.standing.on_pace else "bad")
            if row.streamer.archived:
                return tone("faint")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProgressDelegate(QStyledItemDelegate):
    """The progress towards the next threshold as a bar with its percentage."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        rect = QRect(option.rect)
        bar.rect = rect.adjusted(3, 3, -3, -3)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = round(float(value) * 1000)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class LeapTile(QFrame):
    """One threshold's month: streamers reaching it for the first time ever
    (the platform's KPI, the big number), and how many reached it in all."""

    def __init__(self, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.title = QLabel(self)
        self.title.setObjectName("tileTitle")
        self.value = QLabel(self)
        self.value.setObjectName("tileValue")
        self.value.setStyleSheet(f"color: {color};")
        self.sub = QLabel(self)
        self.sub.setObjectName("tileSub")
        self.crossed = QLabel(self)
        self.crossed.setObjectName("tileSub")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(1)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.sub)
        lay.addWidget(self.crossed)
        lay.addStretch(1)
        # As wide as the widest it will say, whatever the numbers: the tiles
        # and the chart beside them never move as the month changes.
        hint = self.tr("{n} crossed this month").format(n="8,888")
        width = max(self.sub.fontMetrics().horizontalAdvance(hint), 120) + 24
        self.setFixedWidth(width)

    def show_count(self, threshold: str, first_time: int, crossed: int) -> None:
        fmt = number_format()
        self.title.setText(threshold)
        self.value.setText(fmt.count(first_time))
        self.sub.setText(self.tr("first time ever"))
        self.crossed.setText(self.tr("{n} crossed this month").format(n=fmt.count(crossed)))


class LeapHistoryChart(QWidget):
    """The last 12 months as grouped bars, one per threshold: how many
    streamers reached it for the first time ever (the KPI), or how many
    reached it at all (the operator switches). One count at a time, so the
    few first-timers are not flattened under the many who reach 50万 every
    month."""

    FIRST, CROSSED = "first", "crossed"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = self.FIRST
        self.summary: ProviderSummary | None = None
        self.plot = pg.PlotWidget(self)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.getPlotItem().getAxis("left").setWidth(36)
        self.bars: list[pg.BarGraphItem] = []
        self.months: list[int] = []
        self.legend = QLabel(self)
        self.legend.setObjectName("tileSub")
        self.first_button = QPushButton(self.tr("First time ever"), self)
        self.crossed_button = QPushButton(self.tr("Crossed"), self)
        for b, mode in ((self.first_button, self.FIRST), (self.crossed_button, self.CROSSED)):
            b.setCheckable(True)
            b.setAutoExclusive(True)
            b.setFlat(True)
            b.clicked.connect(lambda _on=False, mode=mode: self.set_mode(mode))
        self.first_button.setChecked(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.legend, 1)
        top.addWidget(self.first_button)
        top.addWidget(self.crossed_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(top)
        lay.addWidget(self.plot, 1)
        self.setMinimumWidth(320)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        (self.first_button if mode == self.FIRST else self.crossed_button).setChecked(True)
        if self.summary is not None:
            self.set_summary(self.summary)

    def heights(self, index: int) -> list[int]:
        """The bars of threshold `index` (lowest first), oldest month first."""
        assert self.summary is not None
        return [
            m.counts[index].first_time if self.mode == self.FIRST else m.counts[index].crossed
            for m in self.summary.history
        ]

    def set_summary(self, summary: ProviderSummary) -> None:
        fmt = number_format()
        self.summary = summary
        plot = self.plot.getPlotItem()
        for item in self.bars:
            plot.removeItem(item)
        self.bars = []
        self.months = [m.month for m in summary.history]
        n = len(summary.thresholds)
        width = 0.8 / max(1, n)
        peak = 1
        keys = []
        for i, t in enumerate(summary.thresholds):
            color = QColor(LADDER_COLORS[i % len(LADDER_COLORS)])
            xs = [k + (i - (n - 1) / 2) * width for k in range(len(self.months))]
            heights = self.heights(i)
            peak = max(peak, *heights)
            bar = pg.BarGraphItem(x=xs, height=heights, width=width * 0.9, brush=color, pen=None)
            plot.addItem(bar)
            self.bars.append(bar)
            keys.append(f'<span style="color:{color.name()}">■</span> {_threshold(fmt, t)}')
        what = self.tr("first time ever") if self.mode == self.FIRST else self.tr("crossed")
        self.legend.setText(
            self.tr("12 months, streamers ({what}):").format(what=what)
            + "&nbsp; "
            + " &nbsp;".join(keys)
        )
        start = summary.figures_start
        self.legend.setToolTip(
            ""
            if start is None
            else self.tr(
                "Genbo's figures start in {month}: a streamer already past a threshold then "
                "is not counted as crossing it for the first time."
            ).format(month=format_month(start))
        )
        ticks = []
        for k, m in enumerate(self.months):
            label = format_month(m) if k == 0 or m % 100 == 1 else f"{m % 100:02d}"
            ticks.append((k, label))
        plot.getAxis("bottom").setTicks([ticks])
        plot.setXRange(-0.6, len(self.months) - 0.4, padding=0)
        plot.setYRange(0, peak * 1.1, padding=0)
        # Counts of streamers: whole-number ticks only (never 0.2, 0.4, …).
        peak = int(peak)
        step = max(1, math.ceil(peak / 4))
        plot.getAxis("left").setTicks(
            [[(v, number_format().count(v)) for v in range(0, peak + 1, step)], []]
        )


class RosterView(QWidget):
    """The month's roster. `service` does the blocking work, on `tasks`."""

    rosterLoaded = Signal(object)
    """A roster was read and shown (the `Roster`)."""
    streamersChanged = Signal()
    """A streamer was added, edited or (un)archived: other lists may refresh."""
    ladderChanged = Signal(object)
    """The operator set new thresholds (a tuple of fen): the window saves them."""
    failed = Signal(str, object)
    """What could not be done, and the error."""
    followRequested = Signal(object)
    """The selected streamers' ids (1 to 12): follow them together on the wall."""

    def __init__(
        self,
        service: RosterService,
        tasks: TaskRunner,
        month: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.month = month if month is not None else month_of_date(service.today())
        self.roster: Roster | None = None
        self._loading = False
        self._again = False
        self.dialog: StreamerDialog | MonthGmvDialog | LadderDialog | None = None

        self.prev_button = QPushButton("‹", self)
        self.prev_button.setToolTip(self.tr("Previous month (Alt+Left)"))
        self.prev_button.setFixedWidth(32)
        self.next_button = QPushButton("›", self)
        self.next_button.setToolTip(self.tr("Next month (Alt+Right)"))
        self.next_button.setFixedWidth(32)
        self.month_label = QLabel(format_month(self.month), self)
        self.month_label.setObjectName("headerTitle")
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.month_label.setMinimumWidth(
            self.month_label.fontMetrics().horizontalAdvance("8888-88") + 16
        )
        self.this_month = QPushButton(self.tr("This month"), self)
        self.prev_button.clicked.connect(lambda: self.set_month(add_months(self.month, -1)))
        self.next_button.clicked.connect(lambda: self.set_month(add_months(self.month, 1)))
        self.this_month.clicked.connect(lambda: self.set_month(month_of_date(self.service.today())))
        for key, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda step=step: self.set_month(add_months(self.month, step)))
        # Who rode along: shown once a session names someone (a team's server).
        self.operator = QComboBox(self)
        self.operator.setToolTip(
            self.tr(
                "Only the streamers this operator rode along with in the month, each with "
                "their whole month (what the leap ladder counts)"
            )
        )
        self.operator.addItem(self.tr("All operators"), None)
        self.operator.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.operator.currentIndexChanged.connect(lambda _i: self.refresh())
        self.operator.hide()
        self._operators_read = False
        self.ladder_label = QLabel(self)
        self.ladder_button = QPushButton(self.tr("Ladder…"), self)
        self.ladder_button.setToolTip(self.tr("Change the leap thresholds"))
        self.ladder_button.clicked.connect(self.edit_ladder)

        self.tiles: list[LeapTile] = []
        self.tiles_box = QHBoxLayout()
        self.tiles_box.setSpacing(6)
        self.chart = LeapHistoryChart(self)
        self.chart.setFixedHeight(SUMMARY_HEIGHT_PX)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by streamer or platform"))
        self.filter.setClearButtonEnabled(True)
        self.show_archived = QCheckBox(self.tr("Show archived"), self)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.add_button = QPushButton(self.tr("Add streamer…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.archive_button = QPushButton(self.tr("Archive"), self)
        self.gmv_button = QPushButton(self.tr("Platform GMV…"), self)
        self.gmv_button.setToolTip(
            self.tr("Type the platform's own GMV for the month (used instead of the recorded sum)")
        )
        self.import_button = QPushButton(self.tr("Import GMV…"), self)
        self.import_button.setToolTip(
            self.tr(
                "Import the platform's monthly GMV per streamer from a month report (CSV: "
                "streamer or account, month, GMV); used instead of the recorded sums"
            )
        )
        self.import_button.clicked.connect(self.choose_month_report)
        self.import_message = ""
        self.last_import: MonthImportResult | None = None
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.follow_button = QPushButton(self.tr("Follow ▶"), self)
        self.follow_button.setObjectName("followButton")
        self.follow_button.setToolTip(
            self.tr(
                "Follow the selected streamers together on the Wall, each with the sources "
                "of its newest session (select up to 12 with Ctrl or Shift)"
            )
        )
        self.follow_button.clicked.connect(self.follow_selected)
        self.add_button.clicked.connect(self.add_streamer)
        self.edit_button.clicked.connect(self.edit_streamer)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.gmv_button.clicked.connect(self.edit_platform_gmv)
        self.refresh_button.clicked.connect(self.refresh_all)

        self.model = RosterModel(self)
        self.filter.textChanged.connect(self._filter)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RosterModel.COLUMNS.index("progress"), Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several at once for Follow (the wall); one for Edit, Archive and GMV.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.progress_delegate = ProgressDelegate(self.table)
        self.table.setItemDelegateForColumn(
            RosterModel.COLUMNS.index("progress"), self.progress_delegate
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_streamer())
        for enter in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(enter), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.edit_streamer)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._update_buttons())

        self.status = QLabel(self.tr("Reading the roster…"), self)
        self.status.setWordWrap(True)

        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.month_label)
        nav.addWidget(self.next_button)
        nav.addWidget(self.this_month)
        nav.addSpacing(12)
        nav.addWidget(self.operator)
        nav.addSpacing(12)
        nav.addWidget(self.ladder_label, 1)
        nav.addWidget(self.ladder_button)
        summary = QHBoxLayout()
        summary.addLayout(self.tiles_box)
        summary.addWidget(self.chart, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.filter, 1)
        actions.addWidget(self.show_archived)
        for b in (
            self.follow_button, self.add_button, self.edit_button, self.archive_button,
            self.gmv_button, self.import_button, self.refresh_button,
        ):  # fmt: skip
            actions.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(nav)
        lay.addLayout(summary)
        lay.addLayout(actions)
        self.paid = PaidRosterView(service.repo, tasks, parent=self)
        self.views = QTabWidget(self)
        self.views.setDocumentMode(True)
        self.views.addTab(self.table, self.tr("Month"))
        # In a scroll area: on a 1280×720 laptop the chart and its tables are
        # taller than what is left under the month's tiles, and the window
        # must never grow past the screen.
        self.paid_scroll = QScrollArea(self)
        self.paid_scroll.setWidget(self.paid)
        self.paid_scroll.setWidgetResizable(True)
        self.paid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.views.addTab(self.paid_scroll, self.tr("Paid traffic"))
        self.views.setTabToolTip(
            1, self.tr("Each streamer's spend and T0/T15/T30 ROI over time (投流)")
        )
        self.views.currentChanged.connect(
            lambda i: self.paid.refresh() if self.views.widget(i) is self.paid_scroll else None
        )
        side_keys_tabs(self, self.views)
        lay.addWidget(self.views, 1)
        lay.addWidget(self.status)
        self._show_ladder(self.service.thresholds)
        self._update_buttons()

    # -- reading ---------------------------------------------------------------------
    def set_month(self, month: int) -> None:
        if month == self.month and self.roster is not None and self.roster.month == month:
            return
        self.month = month
        self.month_label.setText(format_month(month))
        self.status.setText(self.tr("Reading the roster…"))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (its tab chosen, Ctrl+R): Alt+Left/Right and the table's keys
        work at once, wherever the focus was before."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Read the viewed month again on the pool (one read at a time)."""
        if not self._operators_read:
            self._read_operators()
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._again = False
        month, archived = self.month, self.show_archived.isChecked()
        operator = self.operator.currentData()
        self.tasks.submit(
            lambda: self.service.load(month, archived, operator),
            self._on_loaded,
            self._on_load_failed,
        )

    def refresh_all(self) -> None:
        """The Refresh button: the operators' names too, then the month."""
        self._operators_read = False
        self.refresh()

    def _read_operators(self) -> None:
        self._operators_read = True
        self.tasks.submit(self.service.operators, self.set_operators, lambda exc: None)

    def set_operators(self, names: list[str]) -> None:
        """The operator filter's names (every one named on a session), then
        "Not said"; shown once there is one. A chosen name no longer there
        falls back to all."""
        if not isValid(self.operator):
            return  # its window closed while the names were read
        current = self.operator.currentData()
        index = fill_operators(
            self.operator,
            names,
            self.tr("All operators"),
            self.tr("Not said"),
            self.tr("Streamers of sessions nobody is named on"),
        )
        if current is not None and index < 0:
            self.refresh()

    def _on_loaded(self, roster: Roster) -> None:
        self._loading = False
        if roster.month == self.month and not self._again:
            self.set_roster(roster)
        if self._again or roster.month != self.month:
            self.refresh()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._fail(self.tr("Could not read the roster."), exc)
        if self._again:
            self.refresh()

    def set_roster(self, roster: Roster) -> None:
        """Show `roster`; the selected streamer stays selected if listed."""
        selected = self.selected_id()
        self.roster = roster
        self.month = roster.month
        self.month_label.setText(format_month(roster.month))
        self.model.set_rows(list(roster.rows))
        self._fit_columns()
        self._show_ladder(roster.thresholds)
        self._show_summary(roster.summary)
        if selected is not None:
            self.select(selected)
        self._show_status(roster)
        self._update_buttons()
        self.rosterLoaded.emit(roster)

    def _fit_columns(self) -> None:
        """Widths from the widest text each column can hold (names measured,
        figures from samples): Qt's own fit reads every cell, 0.5 s for 1,200
        streamers."""
        fm = self.table.fontMetrics()
        hfm = self.table.horizontalHeader().fontMetrics()
        fmt = number_format()
        pad = 18
        widest_money = fmt.money_fen(9_999_99_0000)  # ¥9,999.99万: wider than any 亿 figure
        samples: dict[str, list[str]] = {
            "gmv": [widest_money],
            "basis": [
                QCoreApplication.translate("RosterModel", "recorded") + " ⚠",
                QCoreApplication.translate("RosterModel", "platform figure") + " ⚠",
                QCoreApplication.translate("RosterModel", "platform (imported)") + " ⚠",
            ],
            "sessions": ["8,888"],
            "next": [QCoreApplication.translate("RosterModel", "top reached"), widest_money],
            "progress": ["100%"],
            "days_left": ["31"],
            "pace_needed": [widest_money],
            "pace_so_far": [widest_money],
            "projected": ["2026-12-31"],
            "streak": ["≥888"],
        }
        rows = self.model.rows
        samples["streamer"] = [self.model.display(r, "streamer") for r in rows] or ["—"]
        samples["platform"] = list({self.model.display(r, "platform") for r in rows}) or ["—"]
        samples["leaps"] = [self.model.leaps_text(r, fmt) for r in rows[:200]] or ["—"]
        caps = {"streamer": 200, "platform": 120, "leaps": 320}
        for i, col in enumerate(RosterModel.COLUMNS):
            text_w = max(fm.horizontalAdvance(t) for t in samples[col])
            head_w = hfm.horizontalAdvance(self.model.headers[col]) + 24  # the sort arrow
            width = max(text_w + pad, head_w)
            if col == "progress":
                width = max(width, 96)
            self.table.setColumnWidth(i, min(width, caps.get(col, width)))

    def _show_ladder(self, thresholds: tuple[int, ...]) -> None:
        fmt = number_format()
        self.ladder_label.setText(
            self.tr("Ladder: {steps}").format(
                steps=" / ".join(_threshold(fmt, t) for t in thresholds)
            )
        )

    def _show_summary(self, summary: ProviderSummary) -> None:
        fmt = number_format()
        while len(self.tiles) < len(summary.thresholds):
            color = LADDER_COLORS[len(self.tiles) % len(LADDER_COLORS)]
            tile = LeapTile(color, self)
            self.tiles.append(tile)
            self.tiles_box.addWidget(tile)
        for tile in self.tiles[len(summary.thresholds) :]:
            tile.hide()
        for tile, c in zip(self.tiles, summary.current.counts, strict=False):
            tile.show()
            tile.setFixedHeight(SUMMARY_HEIGHT_PX)
            tile.show_count(_threshold(fmt, c.threshold_fen), c.first_time, c.crossed)
        self.chart.set_summary(summary)

    def _show_status(self, roster: Roster) -> None:
        fmt = number_format()
        today = roster.today
        if month_of_date(today) == roster.month:
            st_days = roster.rows[0].standing.days_left if roster.rows else None
            text = self.tr("{n} streamers · today {today} · {days} days left after today").format(
                n=fmt.count(len(roster.rows)),
                today=format_date(today),
                days=fmt.count(st_days) if st_days is not None else fmt.none_text,
            )
        elif roster.month < month_of_date(today):
            text = self.tr("{n} streamers · {month} is over").format(
                n=fmt.count(len(roster.rows)), month=format_month(roster.month)
            )
        else:
            text = self.tr("{n} streamers · {month} has not begun").format(
                n=fmt.count(len(roster.rows)), month=format_month(roster.month)
            )
        if roster.operator:
            text = self.tr("{name}'s streamers in {month}: {text}").format(
                name=roster.operator, month=format_month(roster.month), text=text
            )
        elif roster.operator is not None:
            text = self.tr("Nobody named, {month}: {text}").format(
                month=format_month(roster.month), text=text
            )
        if not roster.rows and roster.operator:
            text = self.tr("{name} rode along with no streamer in {month}.").format(
                name=roster.operator, month=format_month(roster.month)
            )
        elif not roster.rows and roster.operator is not None:
            text = self.tr("No session in {month} without an operator's name.").format(
                month=format_month(roster.month)
            )
        elif not roster.rows:
            text = self.tr("No streamers yet: add one, or record a session.")
        if self.import_message:  # what the last import did stays readable once
            text = self.import_message + " · " + text
            self.import_message = ""
        self.status.setText(text)

    # -- selection -------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        selected = self.selected_id()
        self.model.set_filter(text)
        if selected is not None:
            self.select(selected)
        self._update_buttons()

    def selected_row(self) -> RosterRow | None:
        """The one selected streamer (None when none or several are)."""
        rows = self.table.selectionModel().selectedRows()
        if len(rows) != 1:
            return None
        return self.model.rows[rows[0].row()]

    def selected_ids(self) -> list[int]:
        """Every selected streamer, in the table's order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.rows[k].streamer.id for k in rows]

    def follow_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.followRequested.emit(ids)

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return None if row is None else row.streamer.id

    def select(self, streamer_id: int) -> None:
        for k, row in enumerate(self.model.rows):
            if row.streamer.id == streamer_id:
                self.table.selectRow(k)
                return

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for b in (self.edit_button, self.archive_button, self.gmv_button):
            b.setEnabled(row is not None)
        n = len(self.table.selectionModel().selectedRows())
        self.follow_button.setEnabled(1 <= n <= WALL_MAX)
        self.follow_button.setText(
            self.tr("Follow {n} ▶").format(n=number_format().count(n))
            if n > 1
            else self.tr("Follow ▶")
        )
        archived = row is not None and row.streamer.archived
        self.archive_button.setText(self.tr("Unarchive") if archived else self.tr("Archive"))

    # -- writing ---------------------------------------------------------------------
    def _fail(self, what: str, exc: BaseException) -> None:
        self.status.setText(f"{what} {exc}")
        self.failed.emit(what, exc)

    def add_streamer(self) -> None:
        self._open_streamer_dialog(None)

    def edit_streamer(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._open_streamer_dialog(row.streamer)

    def _open_streamer_dialog(self, streamer: Any, error: str | None = None) -> None:
        platforms = sorted({r.streamer.platform for r in self.model.rows if r.streamer.platform})
        dialog = StreamerDialog(streamer, platforms, self)
        if error:
            dialog.fail(error)
        dialog.accepted.connect(lambda: self._save_streamer(dialog))
        if streamer is not None and streamer.id:
            paid = PaidRosterView(self.service.repo, self.tasks, streamer=streamer, parent=dialog)
            dialog.add_page(paid, self.tr("Paid traffic"))
            paid.refresh()
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: StreamerDialog | MonthGmvDialog | LadderDialog) -> None:
        """Open it (never exec), freed once closed; `dialog` is the one shown."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _save_streamer(self, dialog: StreamerDialog) -> None:
        wanted = dialog.result_streamer()

        def saved(s: Any) -> None:
            self.streamersChanged.emit()
            self._after_write(s.id)

        def refused(exc: BaseException) -> None:
            # Open it again with what was typed, and say why it was not kept.
            self._open_streamer_dialog(wanted, str(exc))
            self.failed.emit(self.tr("The streamer was not saved."), exc)

        self.tasks.submit(lambda: self.service.save_streamer(wanted), saved, refused)

    def toggle_archived(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        sid, archived = row.streamer.id, not row.streamer.archived

        def done(_s: Any) -> None:
            self.streamersChanged.emit()
            self._after_write(sid)

        self.tasks.submit(
            lambda: self.service.set_archived(sid, archived),
            done,
            lambda e: self._fail(self.tr("Could not change the streamer."), e),
        )

    def edit_platform_gmv(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        st = row.standing
        dialog = MonthGmvDialog(
            row.streamer.name,
            format_month(self.month),
            st.recorded_gmv_fen,
            st.sessions,
            st.platform_gmv_fen,
            self,
        )
        sid, month = row.streamer.id, self.month
        dialog.accepted.connect(lambda: self._save_platform_gmv(sid, month, dialog.fen))
        self._show_dialog(dialog)

    def _save_platform_gmv(self, streamer_id: int, month: int, fen: int | None) -> None:
        self.tasks.submit(
            lambda: self.service.set_platform_gmv(streamer_id, month, fen),
            lambda _r: self._after_write(streamer_id),
            lambda e: self._fail(self.tr("The platform GMV was not saved."), e),
        )

    def edit_ladder(self) -> None:
        dialog = LadderDialog(self.service.thresholds, self)
        dialog.ladderAccepted.connect(self.set_ladder)
        self._show_dialog(dialog)

    def set_ladder(self, thresholds: tuple[int, ...]) -> None:
        self.service.thresholds = tuple(thresholds)
        self._show_ladder(self.service.thresholds)
        self.ladderChanged.emit(self.service.thresholds)
        self.refresh()

    def choose_month_report(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import monthly GMV"),
            "",
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.import_month_report(Path(path))

    def import_month_report(self, path: Path) -> None:
        """Read a month report off the GUI thread; the rows it names are
        stored, the others listed with their reasons in the status line."""
        month = self.month
        self.status.setText(self.tr("Importing {name}…").format(name=path.name))

        def done(result: MonthImportResult) -> None:
            text = self.tr("Imported {n} monthly figures from {name}.").format(
                n=len(result.stored), name=path.name
            )
            if result.problems:
                shown = "; ".join(
                    self.tr("row {row}: {problem}").format(row=p.row, problem=p.text)
                    for p in result.problems[:5]
                )
                more = len(result.problems) - 5
                text += " " + self.tr("{n} rows left out: {rows}").format(
                    n=len(result.problems), rows=shown
                )
                if more > 0:
                    text += " " + self.tr("(and {n} more)").format(n=more)
            self.last_import = result
            self.refresh()
            self.import_message = text
            self.status.setText(text)

        self.tasks.submit(
            lambda: self.service.import_month_figures(path, month),
            done,
            lambda e: self._fail(self.tr("Nothing was imported."), e),
        )

    def _after_write(self, streamer_id: int) -> None:
        self.refresh()

        # Keep the streamer selected once the new read arrives.
        def once(roster: Roster) -> None:
            self.rosterLoaded.disconnect(once)
            self.select(streamer_id)
            self._update_buttons()

        self.rosterLoaded.connect(once)
