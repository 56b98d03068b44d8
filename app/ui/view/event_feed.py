"""The event feed: what happened in this session, newest first — sources going
stale and coming back, gaps, and (later) milestones and highlights."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.core.metrics import EVERY_SOURCE, Gap
from app.core.numbers import format_elapsed
from app.ui.widgets.format import format_clock
from app.ui.widgets.style import current_scheme

COLORS = {"warning": "#b45309", "ok": "#166534", "info": "#374151", "error": "#b91c1c"}
DARK_COLORS = {"warning": "#fbbf24", "ok": "#4ade80", "info": "#d1d5db", "error": "#f87171"}
"""The same kinds, readable on the dark theme's background."""


class EventFeed(QWidget):
    newestChanged = Signal(str)
    """The newest entry's text ("" once cleared), for the window's quiet strip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setObjectName("eventFeed")
        self.empty = QLabel(self.tr("Nothing yet. Source problems and gaps show up here."), self)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("feedEmpty")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.empty)
        lay.addWidget(self.list, 1)
        self.started_ms = 0
        self._tz: timezone | None = None

    def clear(self, started_ms: int, utc_offset_min: int | None = None) -> None:
        """Empty the feed for a session; its clock times are shown in the
        session's own offset (the same times a typed @HH:MM means)."""
        self.list.clear()
        self.started_ms = started_ms
        self._tz = None if utc_offset_min is None else timezone(timedelta(minutes=utc_offset_min))
        self.empty.show()
        self.newestChanged.emit("")

    def add(self, ts_ms: int, text: str, kind: str = "info") -> QListWidgetItem:
        clock = format_clock(datetime.fromtimestamp(ts_ms / 1000, tz=self._tz), seconds=True)
        elapsed = format_elapsed((ts_ms - self.started_ms) / 1000)
        item = QListWidgetItem(f"{clock}  {text}")
        item.setToolTip(self.tr("{elapsed} into the session").format(elapsed=elapsed))
        colors = DARK_COLORS if current_scheme() == "dark" else COLORS
        item.setForeground(QColor(colors.get(kind, colors["info"])))
        item.setData(Qt.ItemDataRole.UserRole, ts_ms)
        self.list.insertItem(0, item)
        self.empty.hide()
        self.newestChanged.emit(item.text())
        return item

    def add_gap(self, source: str, gap: Gap) -> None:
        """A gap opening, or the same gap closing (the opening entry is updated)."""
        if gap.source == EVERY_SOURCE and gap.end_ms is not None:
            self.add(
                gap.end_ms,
                self.tr("Genbo was not running for {duration}: no data from any source").format(
                    duration=format_elapsed((gap.end_ms - gap.start_ms) / 1000)
                ),
                "warning",
            )
            return
        if gap.end_ms is None:
            self.add(
                gap.start_ms,
                self.tr("{source}: no data since then — {reason}").format(
                    source=source, reason=gap.reason
                ),
                "warning",
            )
            return
        seconds = (gap.end_ms - gap.start_ms) / 1000
        self.add(
            gap.end_ms,
            self.tr("{source}: gap of {duration} ended ({reason})").format(
                source=source, duration=format_elapsed(seconds), reason=gap.reason
            ),
            "ok",
        )

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
