"""The session library: every stored session, a page at a time.

Filtering, sorting and paging happen in the database
(`Repository.query_sessions`), off the GUI thread: a year of 1,200 streamers
is some 438,000 rows, and the table only ever holds the page on screen. The
page on screen stays while the next one is read; a query asked for while one
runs replaces any other waiting one, and a result overtaken by a newer
question is never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFontMetrics, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.library import TRASH_DAYS, LibraryPage, LibraryQuery
from app.core.numbers import format_elapsed
from app.core.schedule import on_time
from app.core.session import SessionDetail, SessionInfo, SessionStatus, SessionSummary
from app.runtime.tasks import TaskRunner
from app.storage.repository import Repository
from app.ui.widgets.format import format_clock, format_datetime, number_format, platform_label
from app.ui.widgets.labels import FitLabel
from app.ui.widgets.operators import fill_operators
from app.ui.widgets.style import set_tone, tone
from app.ui.widgets.tables import ColumnsModel

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
SEARCH_DELAY_MS = 200
"""Typing pauses this long before the library is asked again."""
UNDO_MS = 12_000
"""How long the Undo bar stays after sessions were moved to the trash."""
COMPARE_MIN, COMPARE_MAX = 2, 5
COMPARE_KEY = "Ctrl+Shift+C"
OPERATOR_WIDTH_MAX = 140
"""The Operator column is no wider than this (a longer name's tooltip has it)."""
MESSAGE_MS = 8_000
"""How long a line saying what was just done stays."""

SORT_KEYS: dict[str, str] = {
    "streamer": "streamer",
    "title": "title",
    "started": "started",
    "late": "late",
    "duration": "duration",
    "peak": "peak",
    "avg_viewers": "avg_viewers",
    "gmv": "gmv",
    "gmv15": "gmv15",
    "gmv30": "gmv30",
    "gpm": "gpm",
    "orders": "orders",
    "spend": "spend",
    "status": "status",
    "id": "id",
}
"""Table column → `LIBRARY_SORT_KEYS` key; columns not here do not sort."""

NUMERIC = frozenset(
    {"duration", "peak", "avg_viewers", "gmv", "gmv15", "gmv30", "gpm", "orders", "spend", "id"}
)
MONEY = {"gmv": "gmv_fen", "gmv15": "gmv_15m_fen", "gmv30": "gmv_30m_fen", "gpm": "gpm_fen",
         "spend": "spend_fen"}  # fmt: skip


def _local(ms: int, utc_offset_min: int) -> datetime:
    """A time in a session's own offset, as its start is shown."""
    tz = timezone(timedelta(minutes=utc_offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz)


def _fen(summary: SessionSummary, field: str) -> int | None:
    value: int | None = getattr(summary, field)
    return value


class LibraryModel(ColumnsModel):
    """One page of sessions. Every cell's text is worked out once per page,
    so scrolling and repainting never format a number."""

    COLUMNS = (
        "detail", "streamer", "operator", "title", "started", "deleted", "late", "duration",
        "peak", "avg_viewers", "gmv", "gmv15", "gmv30", "gpm", "orders", "spend", "status", "id",
        "notes",
    )  # fmt: skip
    renameRequested = Signal(int, str)
    """(session id, new title) after the title cell was edited."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[SessionInfo] = []
        self._rows: list[tuple[str, ...]] = []
        self.headers = {
            "detail": "",
            "streamer": self.tr("Streamer"),
            "operator": self.tr("Operator"),
            "title": self.tr("Title"),
            "started": self.tr("Started"),
            "late": self.tr("Punctuality"),
            "duration": self.tr("Duration"),
            "peak": self.tr("Peak viewers"),
            "avg_viewers": self.tr("Avg viewers"),
            "gmv": self.tr("GMV"),
            "gmv15": self.tr("GMV 15 min"),
            "gmv30": self.tr("GMV 30 min"),
            "gpm": self.tr("GPM"),
            "orders": self.tr("Orders"),
            "spend": self.tr("Spend"),
            "status": self.tr("Status"),
            "id": self.tr("ID"),
            "deleted": self.tr("Deleted"),
            "notes": self.tr("Notes"),
        }
        self.header_tips = {
            "detail": self.tr("Σ: only the summary figures are stored (no samples)"),
            "operator": self.tr("Who rode along (blank: nobody named)"),
            "started": self.tr("When it started, in the session's own local time"),
            "late": self.tr("When it started against the streamer's planned start"),
            "avg_viewers": self.tr("Average viewers online, weighted by time"),
            "gmv15": self.tr("GMV in the first 15 minutes"),
            "gmv30": self.tr("GMV in the first 30 minutes"),
            "gpm": self.tr("GMV per 1,000 views"),
            "spend": self.tr("Paid-traffic spend"),
            "deleted": self.tr(
                "When it was moved to the trash; it is removed for good {days} days later"
            ).format(days=TRASH_DAYS),
            "notes": self.tr("The 复盘 notes: what worked, what to change"),
        }
        self._status = {
            SessionStatus.LIVE: self.tr("live"),
            SessionStatus.ENDED: self.tr("ended"),
            SessionStatus.INTERRUPTED: self.tr("interrupted"),
        }

    def header_text(self, column: str) -> str:
        return self.headers[column]

    # -- contents --------------------------------------------------------------------
    def set_sessions(self, sessions: Sequence[SessionInfo]) -> None:
        """A page of the same sessions (a live one's figures moved on) is
        updated in place, so the selection and the scroll position stay."""
        new = list(sessions)
        rows = [self._row(s) for s in new]
        if new and [s.id for s in new] == [s.id for s in self.sessions]:
            self.sessions, self._rows = new, rows
            last = self.index(len(new) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.sessions, self._rows = new, rows
        self.endResetModel()

    def replace_session(self, info: SessionInfo) -> bool:
        """Show `info` in its row (renamed, new notes); False if not on this page."""
        for row, s in enumerate(self.sessions):
            if s.id == info.id:
                self.sessions[row] = info
                self._rows[row] = self._row(info)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return True
        return False

    def row_of(self, session_id: int) -> int | None:
        for row, s in enumerate(self.sessions):
            if s.id == session_id:
                return row
        return None

    def punctuality(self, late_s: float | None) -> str:
        """ "12 min late", "3 min early", "on time" (to the minute, as the
        review header and the report say it); "" without a planned start."""
        if late_s is None:
            return ""
        minutes = round(abs(late_s) / 60)
        if minutes == 0:
            return self.tr("on time")
        h, m = divmod(minutes, 60)
        if h == 0:
            span = self.tr("{m} min").format(m=m)
        elif m:
            span = self.tr("{h} h {m} min").format(h=h, m=m)
        else:
            span = self.tr("{h} h").format(h=h)
        text = self.tr("{span} late") if late_s > 0 else self.tr("{span} early")
        return text.format(span=span)

    def _row(self, s: SessionInfo) -> tuple[str, ...]:
        sm = s.summary
        fmt = number_format()

        def money(fen: int | None) -> str:
            return fmt.money(SessionSummary.yuan(fen))

        deleted = ""
        if s.deleted_ms is not None:
            deleted = format_datetime(_local(s.deleted_ms, s.utc_offset_min))
        cells = {
            "detail": "Σ" if s.detail is SessionDetail.SUMMARY else "",
            "streamer": s.streamer.name,
            "operator": s.operator or "",
            "title": s.title,
            "started": format_datetime(s.started_at),
            "late": self.punctuality(s.late_s),
            "duration": format_elapsed(sm.duration_s),
            "peak": fmt.count(sm.peak_viewers),
            "avg_viewers": fmt.count(sm.avg_viewers),
            "gmv": money(sm.gmv_fen),
            "gmv15": money(sm.gmv_15m_fen),
            "gmv30": money(sm.gmv_30m_fen),
            "gpm": money(sm.gpm_fen),
            "orders": fmt.count(sm.orders),
            "spend": money(sm.spend_fen),
            "status": self._status[s.status],
            "id": str(s.id),
            "deleted": deleted,
            "notes": s.notes.strip().split("\n", 1)[0] if s.notes else "",
        }
        return tuple(cells[c] for c in self.COLUMNS)

    # -- Qt model --------------------------------------------------------------------
    def row_items(self) -> list[Any]:
        return self.sessions

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.COLUMNS[index.column()] == "title":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[row][index.column()]
        s = self.sessions[row]
        if role == Qt.ItemDataRole.EditRole:
            return s.title if col == "title" else self._rows[row][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == "detail":
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == "late" and s.late_s is not None and s.late_s > 0 and not on_time(s.late_s):
                return QBrush(tone("late"))
            if col == "status" and s.status is SessionStatus.LIVE:
                return QBrush(tone("good"))
            if col == "status" and s.status is SessionStatus.INTERRUPTED:
                return QBrush(tone("late"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(s, col)
        return None

    def _tooltip(self, s: SessionInfo, col: str) -> str | None:
        fmt = number_format()
        if col in MONEY:
            fen = _fen(s.summary, MONEY[col])
            return None if fen is None else fmt.money_exact(SessionSummary.yuan(fen))
        if col == "notes":
            return s.notes or None
        if col == "operator":
            return s.operator or None
        if col == "title":
            return s.title or None
        if col == "detail" and s.detail is SessionDetail.SUMMARY:
            return self.tr(
                "Only the summary figures of this session are stored; it has no samples to plot."
            )
        if col == "late" and s.planned_start_ms is not None:
            planned = format_clock(_local(s.planned_start_ms, s.utc_offset_min))
            text = self.tr("Planned {planned}, started {started}").format(
                planned=planned, started=format_clock(s.started_at)
            )
            if on_time(s.late_s):
                text += " · " + self.tr("on time")
            return text
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if self.COLUMNS[index.column()] != "title":
            return False
        title = " ".join(str(value).split())
        s = self.sessions[index.row()]
        if title == s.title:
            return False
        # Asked first, while the row still holds the old title: a refused
        # rename (a teammate's session) puts that one back.
        self.renameRequested.emit(s.id, title)
        self.replace_session(replace(s, title=title))
        return True


class _SearchKeys(QObject):
    """Down or Enter in the search box goes to the table's first row, so
    Ctrl+F, a few letters, Enter, Enter opens a session without the mouse."""

    def __init__(self, view: LibraryView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in keys
        ):
            self.view.focus_table()
            return True
        return False


class LibraryView(QWidget):
    openRequested = Signal(int)
    compareRequested = Signal(list)
    """The selected session ids (2–5), in the table's order."""
    importRequested = Signal()
    sessionChanged = Signal(object)
    """A `SessionInfo` renamed or given notes here."""
    errorOccurred = Signal(str, object)
    """(what failed, the exception) for something the operator asked for."""
    pageShown = Signal()
    """A page was read and is on screen (or the read failed)."""

    def __init__(self, repo: Repository, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.tasks = tasks
        self.confirm = True
        """Ask before emptying the trash (tests turn it off)."""
        self.stale = True
        """The page on screen may be out of date: not read yet, or a read failed."""
        self.query = LibraryQuery(limit=PAGE_SIZE)
        self.page: LibraryPage | None = None
        self._loading = False
        self._pending: tuple[LibraryQuery, bool] | None = None
        self._platforms_read = False
        self._undo_ids: list[int] = []
        self._keep_selection: list[int] = []
        self._select_row_after: int | None = None
        self._message = ""
        """What was last done ("Put back 2 sessions."), told until it times out."""
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(MESSAGE_MS)
        self._message_timer.timeout.connect(lambda: self.tell(""))

        self.model = LibraryModel(self)
        self.model.renameRequested.connect(self._rename)
        self.proxy = self.model
        """The table shows the model itself (the database sorts); tests written
        for the History tab's sort proxy use this name."""
        self._build_filters()
        self._build_actions_row()
        self._build_undo_bar()
        self._build_table()
        self.empty = QLabel(self.tr("Reading the session list…"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.trash_note = QLabel(
            self.tr(
                "Sessions in the trash are removed for good {days} days after they were "
                "deleted. Restore brings them back to the library."
            ).format(days=TRASH_DAYS),
            self,
        )
        self.trash_note.setWordWrap(True)
        set_tone(self.trash_note, "muted")
        self.trash_note.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addLayout(self._filters_row)
        lay.addLayout(self._actions_row)
        lay.addWidget(self.undo_bar)
        lay.addWidget(self.trash_note)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)

        search_key = QShortcut(QKeySequence.StandardKey.Find, self)
        search_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        search_key.activated.connect(self.focus_search)
        for key, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            page_key = QShortcut(QKeySequence(key), self)
            page_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            page_key.activated.connect(lambda step=step: self.go_page(step))
        compare_key = QShortcut(QKeySequence(COMPARE_KEY), self)
        compare_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        compare_key.activated.connect(self._compare_selected)
        self._update_buttons()

    # -- construction ----------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search streamer, title or tag (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.installEventFilter(_SearchKeys(self))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.range = QComboBox(self)
        self.range.setToolTip(self.tr("Which days: the session's start day in its own local time"))
        for key, text in (
            ("any", self.tr("Any date")),
            ("7d", self.tr("Last 7 days")),
            ("month", self.tr("This month")),
            ("last_month", self.tr("Last month")),
            ("custom", self.tr("From – to")),
        ):
            self.range.addItem(text, key)
        self.range.currentIndexChanged.connect(self._on_range_picked)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-6), self)
        self.date_to = QDateEdit(today, self)
        for edit, tip in (
            (self.date_from, self.tr("From this day (inclusive)")),
            (self.date_to, self.tr("To this day (inclusive)")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip(tip)
            edit.setEnabled(False)
            edit.dateChanged.connect(self._on_date_edited)

        self.platform = QComboBox(self)
        self.platform.setToolTip(self.tr("Only sessions of streamers on this platform"))
        self.platform.addItem(self.tr("All platforms"), None)
        self.platform.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.platform.currentIndexChanged.connect(lambda _i: self._filters_changed())

        self.status = QComboBox(self)
        self.status.addItem(self.tr("Any status"), None)
        self.status.addItem(self.tr("Live"), SessionStatus.LIVE)
        self.status.addItem(self.tr("Ended"), SessionStatus.ENDED)
        self.status.addItem(self.tr("Interrupted"), SessionStatus.INTERRUPTED)
        self.status.currentIndexChanged.connect(lambda _i: self._filters_changed())

        # Who rode along: shown once a session names someone (a team's server),
        # so a single user's library looks as it always did.
        self.operator = QComboBox(self)
        self.operator.setToolTip(self.tr("Only the sessions this operator rode along with"))
        self.operator.addItem(self.tr("All operators"), None)
        self.operator.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.operator.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.operator.hide()

        self.trash_toggle = QToolButton(self)
        self.trash_toggle.setText(self.tr("Trash"))
        self.trash_toggle.setCheckable(True)
        self.trash_toggle.setToolTip(self.tr("Show the sessions in the trash instead"))
        self.trash_toggle.toggled.connect(self._on_trash_toggled)

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.search, 1)
        row.addWidget(self.range)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.date_to)
        row.addWidget(self.platform)
        row.addWidget(self.status)
        row.addWidget(self.operator)
        row.addWidget(self.trash_toggle)
        self._filters_row = row

    def _build_actions_row(self) -> None:
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the selected session for review (Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.clicked.connect(self._compare_selected)
        self.rename_button = QPushButton(self.tr("Rename"), self)
        self.rename_button.setToolTip(self.tr("Rename the session's title (F2)"))
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button = QPushButton(self.tr("Move to trash"), self)
        self.delete_button.setToolTip(self.tr("Move the selected sessions to the trash (Delete)"))
        self.delete_button.clicked.connect(self.trash_selected)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setToolTip(
            self.tr("Import a session from Genbo's JSON export or a CSV of minutes")
        )
        self.import_button.clicked.connect(self.importRequested)
        self.restore_button = QPushButton(self.tr("Restore"), self)
        self.restore_button.setToolTip(self.tr("Put the selected sessions back in the library"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_trash_button = QPushButton(self.tr("Empty trash…"), self)
        self.empty_trash_button.clicked.connect(self.ask_empty_trash)
        self.restore_button.hide()
        self.empty_trash_button.hide()

        # Fixed-width texts: a page count or a message never moves the buttons.
        self.state = FitLabel("", self, min_width=120, hint_text="M" * 22)
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.page_label = FitLabel(
            "", self, min_width=80, hint_text=self.tr("{first}–{last} of {total}").format(
                first="88,888", last="88,888", total="888,888"
            )
        )  # fmt: skip
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.prev_button = QToolButton(self)
        self.prev_button.setText("◀")
        self.prev_button.setToolTip(self.tr("Previous page (Alt+Left)"))
        self.prev_button.clicked.connect(lambda: self.go_page(-1))
        self.next_button = QToolButton(self)
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next page (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.go_page(1))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(lambda: self.refresh(explicit=True))

        row = QHBoxLayout()
        row.setSpacing(6)
        for w in (
            self.open_button,
            self.compare_button,
            self.rename_button,
            self.delete_button,
            self.restore_button,
            self.empty_trash_button,
            self.import_button,
        ):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.state, 1)
        row.addWidget(self.page_label)
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        row.addWidget(self.refresh_button)
        self._actions_row = row

    def _build_undo_bar(self) -> None:
        self.undo_bar = QFrame(self)
        self.undo_bar.setObjectName("undoBar")
        self.undo_text = QLabel(self.undo_bar)
        self.undo_button = QPushButton(self.tr("Undo"), self.undo_bar)
        self.undo_button.setToolTip(self.tr("Put them back (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_trash)
        close = QToolButton(self.undo_bar)
        close.setText("×")
        close.setAutoRaise(True)
        close.clicked.connect(self._hide_undo)
        lay = QHBoxLayout(self.undo_bar)
        lay.setContentsMargins(10, 3, 6, 3)
        lay.addWidget(self.undo_text, 1)
        lay.addWidget(self.undo_button)
        lay.addWidget(close)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_MS)
        self._undo_timer.timeout.connect(self._hide_undo)

    def _build_table(self) -> None:
        t = self.table = QTableView(self)
        t.setModel(self.model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideRight)
        t.setAlternatingRowColors(True)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._context_menu)
        vh = t.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(QFontMetrics(t.font()).height() + 8)
        hh = t.horizontalHeader()
        hh.setSectionsClickable(True)
        hh.setSortIndicatorShown(True)
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSortIndicator(self.model.COLUMNS.index("started"), Qt.SortOrder.DescendingOrder)
        hh.sectionClicked.connect(self._on_header_clicked)
        self._set_column_widths()
        t.setColumnHidden(self.model.COLUMNS.index("deleted"), True)
        t.setColumnHidden(self.model.COLUMNS.index("operator"), True)
        # Double-click opens, or renames on the title; Enter opens. Not
        # `activated`: on some platforms it fires on a double-click too, and
        # the session would open twice.
        t.doubleClicked.connect(self._on_double_click)
        keys: list[tuple[QKeySequence | QKeySequence.StandardKey, Callable[[], None]]] = [
            (QKeySequence(Qt.Key.Key_Return), self._open_selected),
            (QKeySequence(Qt.Key.Key_Enter), self._open_selected),
            (QKeySequence(Qt.Key.Key_Delete), self._delete_key),
            (QKeySequence(Qt.Key.Key_F2), self.rename_current),
        ]
        for key, slot in keys:
            shortcut = QShortcut(key, t)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        t.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

    def _set_column_widths(self) -> None:
        """Widths from the font and the headers, never from the numbers on
        the page: the columns stand still from one page to the next."""
        fm = QFontMetrics(self.table.font())
        header_fm = QFontMetrics(self.table.horizontalHeader().font())
        fmt = number_format()
        money = fmt.currency + fmt.grouped(9999) + fmt.decimal_sep + "99万"
        count = fmt.grouped(9999) + fmt.decimal_sep + "99万"
        widest_time = max(
            (format_datetime(datetime(2088, 12, 28, h, 58)) for h in (10, 22)),
            key=fm.horizontalAdvance,
        )
        samples = {
            "detail": "Σ",
            "started": widest_time,
            "deleted": widest_time,
            "late": max(
                (
                    self.model.punctuality(late)
                    for late in (-59 * 60.0, 59 * 60.0, 7140.0, -7140.0, 0.0)
                ),
                key=fm.horizontalAdvance,
            ),
            "duration": "88:88:88",
            "peak": count,
            "avg_viewers": count,
            "gmv": money,
            "gmv15": money,
            "gmv30": money,
            "gpm": fmt.currency + fmt.grouped(8888) + fmt.decimal_sep + "88",
            "orders": count,
            "spend": money,
            "status": max(self.model._status.values(), key=fm.horizontalAdvance),
            "id": fmt.grouped(8888888),
        }
        fixed = {"streamer": 130, "operator": 96, "title": 220, "notes": 200}
        for i, col in enumerate(self.model.COLUMNS):
            if col == "detail":
                width = fm.horizontalAdvance("Σ") + 18
            elif col in fixed:
                width = fixed[col]
            else:
                width = max(
                    fm.horizontalAdvance(samples[col]) + 16,
                    header_fm.horizontalAdvance(self.model.header_text(col)) + 28,
                )
            self.table.setColumnWidth(i, width)

    # -- reading -----------------------------------------------------------------------
    def refresh(self, explicit: bool = False) -> None:
        """Read the page on screen again (same filters, same page)."""
        if not self._platforms_read or explicit:
            self._read_platforms()
            self._read_operators()
        self._submit(self.query, explicit)

    def _submit(self, q: LibraryQuery, explicit: bool = False) -> None:
        self.query = q
        if self._loading:
            self._pending = (q, explicit or (self._pending is not None and self._pending[1]))
            return
        self._loading = True
        self._set_state(self.tr("Loading…"))
        repo = self.repo
        self.tasks.submit(
            lambda: repo.query_sessions(q),
            lambda page: self._on_page(q, page),
            lambda exc: self._on_failed(exc, explicit),
        )

    def _run_pending(self) -> bool:
        if self._pending is None:
            return False
        q, explicit = self._pending
        self._pending = None
        self._submit(q, explicit)
        return True

    def _on_page(self, q: LibraryQuery, page: LibraryPage) -> None:
        if not isValid(self.table):
            return  # its window closed while the page was read
        self._loading = False
        if self._run_pending():
            return  # overtaken: a newer question is being read
        if not page.sessions and page.total and q.offset:
            # The last page emptied (deleted from elsewhere): show the new last one.
            last = (page.total - 1) // q.limit * q.limit
            self._submit(replace(q, offset=last))
            return
        self.stale = False
        self.page = page
        keep = self._keep_selection or self.selected_ids()
        current = self.table.currentIndex()
        self.model.set_sessions(page.sessions)
        if any(s.operator for s in page.sessions) and self.operator.isHidden():
            self._read_operators()  # someone is named since the names were read
        self._restore_selection(keep, current.column())
        self._keep_selection = []
        self._show_counts(q, page)
        self._set_state(self._message)
        self._update_buttons()
        self.pageShown.emit()

    def _on_failed(self, exc: BaseException, explicit: bool) -> None:
        if not isValid(self.table):
            return
        self._loading = False
        if self._run_pending():
            return
        self.stale = True
        what = self.tr("Could not read the session list.")
        log.error("%s %s", what, exc)
        self._set_state(what, error=True)
        self.state.setToolTip(str(exc))
        if explicit:
            self.errorOccurred.emit(what, exc)
        self.pageShown.emit()

    def _show_counts(self, q: LibraryQuery, page: LibraryPage) -> None:
        fmt = number_format()
        n = len(page.sessions)
        if page.total:
            self.page_label.setText(
                self.tr("{first}–{last} of {total}").format(
                    first=fmt.grouped(q.offset + 1),
                    last=fmt.grouped(q.offset + n),
                    total=fmt.grouped(page.total),
                )
            )
        else:
            self.page_label.setText("")
        self.prev_button.setEnabled(q.offset > 0)
        self.next_button.setEnabled(q.offset + n < page.total)
        filtered = self._filtered(q)
        if q.trash:
            text = self.tr("The trash is empty.")
        elif filtered:
            text = self.tr("No sessions match these filters.")
        else:
            text = self.tr("No sessions recorded yet.")
        self.empty.setText(text)
        self.empty.setVisible(not page.sessions)

    @staticmethod
    def _filtered(q: LibraryQuery) -> bool:
        return bool(
            q.text
            or q.day_from
            or q.day_to
            or q.platform
            or q.statuses
            or q.streamer_id
            or q.operator is not None
        )

    def tell(self, text: str) -> None:
        """Say what was just done, for a few seconds (a read in between keeps it)."""
        self._message = text
        if not self._loading:
            self._set_state(text)
        if text:
            self._message_timer.start()

    def _set_state(self, text: str, error: bool = False) -> None:
        self.state.setText(text)
        set_tone(self.state, "bad" if error else "muted")
        if not error:
            self.state.setToolTip("")

    def _read_platforms(self) -> None:
        self._platforms_read = True
        self.tasks.submit(self.repo.platforms, self._set_platforms, lambda exc: None)

    def _set_platforms(self, platforms: list[str]) -> None:
        current = self.platform.currentData()
        self.platform.blockSignals(True)
        self.platform.clear()
        self.platform.addItem(self.tr("All platforms"), None)
        for p in platforms:
            self.platform.addItem(platform_label(p), p)
        index = self.platform.findData(current) if current is not None else 0
        self.platform.setCurrentIndex(max(0, index))
        self.platform.blockSignals(False)
        if current is not None and index < 0:
            self._filters_changed()

    def _read_operators(self) -> None:
        self.tasks.submit(self.repo.operators, self.set_operators, lambda exc: None)

    def set_operators(self, names: Sequence[str]) -> None:
        """The operator filter's names (every one named on a session), then
        "Not said"; the filter and the Operator column show once there is
        one. A chosen name no longer there falls back to all."""
        if not isValid(self.operator):
            return  # its window closed while the names were read
        current = self.operator.currentData()
        index = fill_operators(
            self.operator,
            names,
            self.tr("All operators"),
            self.tr("Not said"),
            self.tr("Sessions nobody is named on"),
        )
        column = self.model.COLUMNS.index("operator")
        was_hidden = self.table.isColumnHidden(column)
        self.table.setColumnHidden(column, not names)
        if names and was_hidden:
            # As wide as the longest name (up to a point: a long one is cut,
            # its tooltip says it whole), never narrower than the header.
            fm = QFontMetrics(self.table.font())
            header = QFontMetrics(self.table.horizontalHeader().font())
            widest = max(fm.horizontalAdvance(n) for n in names) + 16
            least = header.horizontalAdvance(self.model.header_text("operator")) + 28
            self.table.setColumnWidth(column, max(least, min(widest, OPERATOR_WIDTH_MAX)))
        if current is not None and index < 0:
            self._filters_changed()

    # -- filters, sort, pages --------------------------------------------------------
    def _days(self) -> tuple[int | None, int | None]:
        key = self.range.currentData()
        if key == "any":
            return None, None

        def day(d: QDate) -> int:
            return d.year() * 10000 + d.month() * 100 + d.day()

        return day(self.date_from.date()), day(self.date_to.date())

    def _on_range_picked(self, _index: int) -> None:
        key = self.range.currentData()
        custom = key == "custom"
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(custom)
        if key not in ("any", "custom"):
            first, last = quick_range(key, date.today())
            for edit, d in ((self.date_from, first), (self.date_to, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(d.year, d.month, d.day))
                edit.blockSignals(False)
        self._filters_changed()

    def _on_date_edited(self, _d: QDate) -> None:
        if self.range.currentData() == "custom":
            self._filters_changed()

    def _filters_changed(self) -> None:
        self._search_timer.stop()
        day_from, day_to = self._days()
        status = self.status.currentData()
        q = replace(
            self.query,
            text=self.search.text().strip(),
            day_from=day_from,
            day_to=day_to,
            platform=self.platform.currentData(),
            statuses=frozenset({status}) if status is not None else frozenset(),
            operator=self.operator.currentData(),
            offset=0,
        )
        if q != self.query:
            self._submit(q)

    def _on_header_clicked(self, section: int) -> None:
        col = self.model.COLUMNS[section]
        key = SORT_KEYS.get(col)
        hh = self.table.horizontalHeader()
        sorted_col = next(
            (i for i, c in enumerate(self.model.COLUMNS) if SORT_KEYS.get(c) == self.query.sort),
            -1,
        )
        if key is None:  # not a sortable column: the indicator stays where it was
            order = Qt.SortOrder.DescendingOrder if self.query.descending else (
                Qt.SortOrder.AscendingOrder
            )  # fmt: skip
            hh.setSortIndicator(sorted_col, order)
            return
        if key == self.query.sort:
            descending = not self.query.descending
        else:  # names read A→Z first; figures and times biggest and newest first
            descending = key not in ("streamer", "title", "status")
        self.sort_by(key, descending)

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort the whole library by a `LIBRARY_SORT_KEYS` key, from the first page."""
        section = next(i for i, c in enumerate(self.model.COLUMNS) if SORT_KEYS.get(c) == key)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self._submit(replace(self.query, sort=key, descending=descending, offset=0))

    def go_page(self, step: int) -> None:
        total = self.page.total if self.page is not None else 0
        offset = self.query.offset + step * self.query.limit
        if offset < 0 or (step > 0 and offset >= total):
            return
        self._submit(replace(self.query, offset=offset))
        self.table.scrollToTop()

    def _on_trash_toggled(self, on: bool) -> None:
        self._hide_undo()
        self.table.setColumnHidden(self.model.COLUMNS.index("deleted"), not on)
        self.trash_note.setVisible(on)
        for w in (self.restore_button, self.empty_trash_button):
            w.setVisible(on)
        for w in (
            self.open_button,
            self.compare_button,
            self.rename_button,
            self.delete_button,
            self.import_button,
        ):
            w.setVisible(not on)
        self._submit(replace(self.query, trash=on, offset=0))

    # -- selection -------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The selected sessions, in the table's order."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.sessions[r].id for r in rows if r < len(self.model.sessions)]

    def selected_id(self) -> int | None:
        ids = self.selected_ids()
        return ids[0] if ids else None

    def current_session(self) -> SessionInfo | None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.sessions) and self.table.selectionModel().isRowSelected(row):
            return self.model.sessions[row]
        ids = self.selected_ids()
        row_of = self.model.row_of(ids[0]) if ids else None
        return self.model.sessions[row_of] if row_of is not None else None

    def select_ids(self, ids: Sequence[int]) -> None:
        sm = self.table.selectionModel()
        selection = QItemSelection()
        first: int | None = None
        for sid in ids:
            row = self.model.row_of(sid)
            if row is None:
                continue
            first = row if first is None else min(first, row)
            left, right = (
                self.model.index(row, 0),
                self.model.index(row, self.model.columnCount() - 1),
            )
            selection.select(left, right)
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            sm.setCurrentIndex(
                self.model.index(first, 1), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _restore_selection(self, keep: Sequence[int], column: int) -> None:
        if self._select_row_after is not None:
            row = min(self._select_row_after, self.model.rowCount() - 1)
            self._select_row_after = None
            if row >= 0:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, max(column, 1)))
            return
        if keep and not self.table.selectionModel().hasSelection():
            self.select_ids(keep)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (its tab chosen, Ctrl+H): the keys work at once (Ctrl+F, the
        arrows, Enter), wherever the focus was before."""
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, 1))

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        self.open_button.setEnabled(n >= 1)
        self.rename_button.setEnabled(n >= 1)
        self.delete_button.setEnabled(n >= 1)
        self.restore_button.setEnabled(n >= 1)
        self.empty_trash_button.setEnabled(bool(self.page and self.page.total and self.query.trash))
        self.compare_button.setEnabled(COMPARE_MIN <= n <= COMPARE_MAX)
        self.compare_button.setToolTip(
            self.tr("Overlay {lo}–{hi} selected sessions on the same plots ({key})").format(
                lo=COMPARE_MIN, hi=COMPARE_MAX, key=COMPARE_KEY
            )
        )

    # -- actions ---------------------------------------------------------------------
    def _on_double_click(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if self.model.COLUMNS[index.column()] == "title" and not self.query.trash:
            self.table.edit(index)
            return
        self.openRequested.emit(self.model.sessions[index.row()].id)

    def _open_selected(self) -> None:
        if self.query.trash:
            return
        s = self.current_session()
        if s is not None:
            self.openRequested.emit(s.id)

    def _compare_selected(self) -> None:
        ids = self.selected_ids()
        if COMPARE_MIN <= len(ids) <= COMPARE_MAX:
            self.compareRequested.emit(ids)

    def rename_current(self) -> None:
        s = self.current_session()
        if s is None or self.query.trash:
            return
        row = self.model.row_of(s.id)
        if row is None:
            return
        index = self.model.index(row, self.model.COLUMNS.index("title"))
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _rename(self, session_id: int, title: str) -> None:
        repo = self.repo
        before = next((s for s in self.model.sessions if s.id == session_id), None)

        def done(info: SessionInfo) -> None:
            self.model.replace_session(info)
            self.sessionChanged.emit(info)

        def failed(exc: BaseException) -> None:
            if before is not None:
                self.model.replace_session(before)
            self.errorOccurred.emit(self.tr("The session could not be renamed."), exc)

        self.tasks.submit(lambda: repo.rename_session(session_id, title), done, failed)

    def show_session(self, info: SessionInfo) -> None:
        """A session changed elsewhere (its notes in the review): show it."""
        if not self.model.replace_session(info):
            self.stale = True

    def _delete_key(self) -> None:
        if not self.query.trash:
            self.trash_selected()

    def trash_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.query.trash:
            return
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        self._select_row_after = min(rows) if rows else None
        repo = self.repo

        def done(_none: object) -> None:
            self._undo_ids = ids
            if len(ids) == 1:
                text = self.tr("Moved session {id} to the trash.").format(id=ids[0])
            else:
                text = self.tr("Moved {n} sessions to the trash.").format(n=len(ids))
            self.undo_text.setText(text)
            self.undo_button.show()
            self.undo_bar.show()
            self._undo_timer.start()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._select_row_after = None
            self.errorOccurred.emit(self.tr("The sessions could not be moved to the trash."), exc)

        self.tasks.submit(lambda: repo.trash_sessions(ids), done, failed)

    def undo_trash(self) -> bool:
        """Put back what the last Delete moved to the trash (False: nothing to undo)."""
        ids = self._undo_ids
        if not ids or not self.undo_bar.isVisible():
            return False
        self._undo_ids = []
        self._hide_undo()
        self._restore(ids, self.tr("Put back {n} sessions."), self.tr("Put back session {id}."))
        return True

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.query.trash:
            rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
            self._select_row_after = min(rows) if rows else None
            self._restore(
                ids,
                self.tr("Restored {n} sessions to the library."),
                self.tr("Restored session {id} to the library."),
            )

    def _restore(self, ids: list[int], many: str, one: str) -> None:
        repo = self.repo

        def done(_none: object) -> None:
            if not self.query.trash:
                self._keep_selection = ids
            self.tell(one.format(id=ids[0]) if len(ids) == 1 else many.format(n=len(ids)))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.errorOccurred.emit(self.tr("The sessions could not be restored."), exc)

        self.tasks.submit(lambda: repo.restore_sessions(ids), done, failed)

    def _hide_undo(self) -> None:
        self._undo_timer.stop()
        self.undo_bar.hide()

    def ask_empty_trash(self) -> None:
        if not self.confirm:
            self.empty_trash()
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Empty trash"),
            self.tr(
                "Remove every session in the trash for good, with its samples, highlights "
                "and notes? This cannot be undone."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Empty trash"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.empty_trash)
        box.open()
        self._empty_box = box

    def empty_trash(self) -> None:
        repo = self.repo

        def done(n: int) -> None:
            if n == 1:
                self.tell(self.tr("Removed 1 session for good."))
            else:
                self.tell(self.tr("Removed {n} sessions for good.").format(n=n))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.errorOccurred.emit(self.tr("The trash could not be emptied."), exc)

        self.tasks.submit(lambda: repo.purge_trash(None), done, failed)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        n = len(self.selected_ids())
        menu = QMenu(self)
        if self.query.trash:
            menu.addAction(self.tr("Restore"), self.restore_selected).setEnabled(n >= 1)
            menu.addAction(self.tr("Empty trash…"), self.ask_empty_trash)
        else:
            menu.addAction(self.tr("Open for review"), self._open_selected).setEnabled(n >= 1)
            compare = menu.addAction(self.tr("Compare"), self._compare_selected)
            compare.setEnabled(COMPARE_MIN <= n <= COMPARE_MAX)
            menu.addAction(self.tr("Rename title"), self.rename_current).setEnabled(n >= 1)
            menu.addSeparator()
            menu.addAction(self.tr("Move to trash"), self.trash_selected).setEnabled(n >= 1)
            menu.addSeparator()
            imp = menu.addAction(self.tr("Import…"), self.importRequested.emit)
            imp.setEnabled(self.import_button.isEnabled())
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self._menu = menu


def quick_range(key: str, today: date) -> tuple[date, date]:
    """The first and last day of a quick pick: "7d" (the last seven days,
    today included), "month" (this calendar month), "last_month"."""
    if key == "7d":
        return today - timedelta(days=6), today
    first = today.replace(day=1)
    if key == "month":
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1)
    if key == "last_month":
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    raise ValueError(f"unknown range {key!r}")
