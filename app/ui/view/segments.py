"""The segments table: each named stretch of the show with what it brought in,
ranked by GMV or GMV per minute (click a column), and exportable as a clip list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import format_elapsed
from app.core.segments import SegmentStats
from app.ui.widgets.format import number_format

_UID_ROLE = Qt.ItemDataRole.UserRole + 1


class _Num(QTableWidgetItem):
    """Sorts by the number behind the text (None sorts lowest)."""

    def __init__(self, text: str, value: float | None) -> None:
        super().__init__(text)
        self.value = float("-inf") if value is None else float(value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _Num):
            return self.value < other.value
        return super().__lt__(other)


class SegmentsPanel(QWidget):
    jumpRequested = Signal(object)
    exportRequested = Signal()

    COLUMNS = ("name", "time", "gmv", "gmv_per_min", "orders", "peak")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.started_ms = 0
        self.rows: list[SegmentStats] = []
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Segment"),
                self.tr("Time"),
                self.tr("GMV"),
                self.tr("/min"),
                self.tr("Orders"),
                self.tr("Peak"),
            ]
        )
        for col, tip in (
            (1, self.tr("From – to, in session time")),
            (2, self.tr("GMV that came in while the segment ran")),
            (3, self.tr("GMV per minute of the segment")),
            (5, self.tr("Most viewers online during the segment")),
        ):
            head = self.table.horizontalHeaderItem(col)
            assert head is not None  # set by setHorizontalHeaderLabels above
            head.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.cellClicked.connect(self._clicked)
        self.empty = QLabel(
            self.tr("Press S to start a named segment (e.g. 讲解 商品A) and E to end it."), self
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("feedEmpty")
        self.export = QPushButton(self.tr("Export clip list…"), self)
        self.export.clicked.connect(self.exportRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)

    def set_stats(self, rows: list[SegmentStats], started_ms: int) -> None:
        self.rows = rows
        self.started_ms = started_ms
        fmt = number_format()
        selected = self._selected_uid()
        sorting = self.table.isSortingEnabled()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, st in enumerate(rows):
            seg = st.segment
            start_s = (seg.start_ms - started_ms) / 1000
            name = QTableWidgetItem(seg.name + ("  ●" if seg.end_ms is None else ""))
            name.setData(Qt.ItemDataRole.UserRole, seg.start_ms)
            name.setData(_UID_ROLE, seg.uid)
            name.setToolTip(seg.name)
            span = _Num(
                f"{format_elapsed(start_s)}–{format_elapsed(start_s + st.duration_s)}", start_s
            )
            span.setToolTip(self.tr("{length} long").format(length=format_elapsed(st.duration_s)))
            cells = [
                name,
                span,
                _Num(fmt.money(st.gmv), None if st.gmv is None else float(st.gmv)),
                _Num(
                    fmt.money(None if st.gmv_per_min is None else round(st.gmv_per_min)),
                    None if st.gmv_per_min is None else float(st.gmv_per_min),
                ),
                _Num(fmt.count(st.orders), st.orders),
                _Num(fmt.count(st.peak_viewers), st.peak_viewers),
            ]
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(sorting)
        if selected is not None:  # a refresh keeps the operator's selection
            for r in range(self.table.rowCount()):
                first = self.table.item(r, 0)
                if first is not None and first.data(_UID_ROLE) == selected:
                    self.table.selectRow(r)
        self.empty.setVisible(not rows)
        self.export.setEnabled(bool(rows))

    def _selected_uid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else item.data(_UID_ROLE)

    def ranked_names(self) -> list[str]:
        names = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            assert item is not None  # `set_stats` fills every cell
            names.append(item.text())
        return names

    def _clicked(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.jumpRequested.emit(item.data(Qt.ItemDataRole.UserRole))
