"""Past sessions: a sortable, filterable table; double-click opens one read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import format_elapsed
from app.core.session import SessionInfo, SessionStatus, SessionSummary
from app.ui.widgets.format import number_format

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class SessionTableModel(QAbstractTableModel):
    COLUMNS = (
        "id", "streamer", "title", "started", "duration", "peak",
        "gmv", "gmv15", "gmv30", "samples", "status",
    )  # fmt: skip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[SessionInfo] = []
        self._headers = {
            "id": self.tr("ID"),
            "streamer": self.tr("Streamer"),
            "title": self.tr("Title"),
            "started": self.tr("Started"),
            "duration": self.tr("Duration"),
            "peak": self.tr("Peak viewers"),
            "gmv": self.tr("GMV"),
            "gmv15": self.tr("GMV first 15 min"),
            "gmv30": self.tr("GMV first 30 min"),
            "samples": self.tr("Samples"),
            "status": self.tr("Status"),
        }
        self._status = {
            SessionStatus.LIVE: self.tr("live"),
            SessionStatus.ENDED: self.tr("ended"),
            SessionStatus.INTERRUPTED: self.tr("interrupted"),
        }

    def set_sessions(self, sessions: list[SessionInfo]) -> None:
        """A list of the same sessions (a live one's figures moved on) is updated
        in place, so the selection and the scroll position stay where they are."""
        new = list(sessions)
        if new and [s.id for s in new] == [s.id for s in self.sessions]:
            self.sessions = new
            last = self.index(len(new) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.sessions = new
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[self.COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.sessions[index.row()]
        col = self.COLUMNS[index.column()]
        sm = s.summary
        fmt = number_format()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "id": str(s.id),
                "streamer": s.streamer.name,
                "title": s.title,
                "started": s.started_at.strftime("%Y-%m-%d %H:%M"),
                "duration": format_elapsed(sm.duration_s),
                "peak": fmt.count(sm.peak_viewers),
                "gmv": fmt.money(SessionSummary.yuan(sm.gmv_fen)),
                "gmv15": fmt.money(SessionSummary.yuan(sm.gmv_15m_fen)),
                "gmv30": fmt.money(SessionSummary.yuan(sm.gmv_30m_fen)),
                "samples": fmt.grouped(sm.sample_count),
                "status": self._status[s.status],
            }[col]
        if role == SORT_ROLE:
            return {
                "id": s.id,
                "streamer": s.streamer.name,
                "title": s.title,
                "started": s.started_ms,
                "duration": sm.duration_s,
                "peak": sm.peak_viewers or -1,
                "gmv": sm.gmv_fen or -1,
                "gmv15": sm.gmv_15m_fen or -1,
                "gmv30": sm.gmv_30m_fen or -1,
                "samples": sm.sample_count,
                "status": s.status.value,
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole and col.startswith("gmv"):
            fen = {"gmv": sm.gmv_fen, "gmv15": sm.gmv_15m_fen, "gmv30": sm.gmv_30m_fen}[col]
            return fmt.money_exact(SessionSummary.yuan(fen))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            "id", "duration", "peak", "gmv", "gmv15", "gmv30", "samples",
        ):  # fmt: skip
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryView(QWidget):
    openRequested = Signal(int)
    refreshRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SessionTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by streamer or title"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self._open_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.empty = QLabel(self.tr("Reading the session list…"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Double-click or Enter opens. Not `activated`: on some platforms it
        # fires on a double-click too, and the session would open twice.
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._open_selected)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.refresh_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)

    def set_sessions(self, sessions: list[SessionInfo]) -> None:
        """Show `sessions`; the selected session stays selected if it is still listed."""
        selected = self.selected_id()
        self.model.set_sessions(sessions)
        self.empty.setText(self.tr("No sessions recorded yet."))
        self.empty.setVisible(not sessions)
        if selected is not None and not self.table.selectionModel().hasSelection():
            for row, s in enumerate(self.model.sessions):
                if s.id == selected:
                    index = self.proxy.mapFromSource(self.model.index(row, 0))
                    self.table.selectRow(index.row())
                    break

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        src = self.proxy.mapToSource(rows[0])
        return self.model.sessions[src.row()].id if src.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        src = self.proxy.mapToSource(index)
        if src.isValid():
            self.openRequested.emit(self.model.sessions[src.row()].id)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])
