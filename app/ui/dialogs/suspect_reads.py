"""The suspect screen reads of a live session, to confirm, correct or dismiss.

Each row is a read the guard kept out of the data: when, which metric, the
crop as it was on the screen, the text OCR saw, and why it was held. A
confirmed or corrected value is stored as a sample of the screen source's
"corrected" feed at the time of the read; a dismissed read stays out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config.formatting import format_clock
from app.core.entry import metric_value
from app.core.metrics import METRICS
from app.sources.screen import ResolveKind, ScreenSource, SuspectRead
from app.ui.widgets.format import format_metric, metric_label
from app.ui.widgets.labels import form_error

THUMB = QSize(140, 40)
REFRESH_MS = 1000


def _value_text(metric: str, raw: int | None) -> str:
    if raw is None:
        return "—"
    return format_metric(metric, METRICS[metric].display_float(raw))


class SuspectReadsDialog(QDialog):
    """Opened with open(); follows the source's list while it is open."""

    def __init__(
        self, source: ScreenSource, utc_offset_min: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.tz = timezone(timedelta(minutes=utc_offset_min))
        self.setWindowTitle(self.tr("Suspect reads · {layout}").format(layout=source.layout.name))
        free = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, free.width() - 40), min(520, free.height() - 60))
        intro = QLabel(
            self.tr(
                "These reads were kept out of the data. Confirm a value that was right, "
                "correct one that was misread, or dismiss it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Metric"),
                self.tr("On the screen"),
                self.tr("Read"),
                self.tr("Value"),
                self.tr("Why"),
                self.tr("Now"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in range(7):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, THUMB.width() + 8)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.confirm = QPushButton(self.tr("Confirm value"), self)
        self.confirm.clicked.connect(self._confirm)
        self.correction = QLineEdit(self)
        self.correction.setPlaceholderText(self.tr("the right value, e.g. 1.2万 or 1:35"))
        self.correction.returnPressed.connect(self._correct)
        self.correct = QPushButton(self.tr("Correct"), self)
        self.correct.clicked.connect(self._correct)
        self.dismiss = QPushButton(self.tr("Dismiss"), self)
        self.dismiss.clicked.connect(self._dismiss)
        row = QHBoxLayout()
        row.addWidget(self.confirm)
        row.addWidget(self.correction, 1)
        row.addWidget(self.correct)
        row.addWidget(self.dismiss)
        self.error = form_error(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.rows: list[SuspectRead] = []
        self._pending: dict[str, str] = {}
        """uid → what the operator asked, until the source has done it."""
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def state_text(self, s: SuspectRead) -> str:
        if s.uid in self._pending and s.state == "open":
            return self.tr("storing…")
        return {
            "open": self.tr("to review"),
            ResolveKind.CONFIRM: self.tr("confirmed"),
            ResolveKind.CORRECT: self.tr("corrected to {value}").format(
                value=_value_text(s.metric, s.resolved_value)
            ),
            ResolveKind.DISMISS: self.tr("dismissed"),
            ResolveKind.LEVEL: self.tr("taken as the new level"),
        }.get(s.state, s.state)

    def refresh(self) -> None:
        rows = self.source.suspects()
        selected = self._current()
        keep = selected.uid if selected is not None else None
        if [(r.uid, r.state) for r in rows] == [(r.uid, r.state) for r in self.rows]:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, s in enumerate(rows):
            when = datetime.fromtimestamp(s.ts_ms / 1000, UTC).astimezone(self.tz)
            self.table.setItem(i, 0, QTableWidgetItem(format_clock(when, seconds=True)))
            self.table.setItem(i, 1, QTableWidgetItem(metric_label(s.metric)))
            crop = QLabel(self.table)
            crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pix = QPixmap()
            if pix.loadFromData(s.crop_png, "PNG"):
                crop.setPixmap(
                    pix.scaled(
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            self.table.setCellWidget(i, 2, crop)
            read = QTableWidgetItem(f"“{s.text}”")
            read.setToolTip(self.tr("confidence {c:.0%}").format(c=s.confidence))
            self.table.setItem(i, 3, read)
            self.table.setItem(i, 4, QTableWidgetItem(_value_text(s.metric, s.value)))
            self.table.setItem(i, 5, QTableWidgetItem(s.why))
            self.table.setItem(i, 6, QTableWidgetItem(self.state_text(s)))
            if s.uid == keep:
                self.table.selectRow(i)
        self._selected()

    def _current(self) -> SuspectRead | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selected(self) -> None:
        s = self._current()
        open_ = s is not None and s.state == "open" and s.uid not in self._pending
        self.confirm.setEnabled(open_ and s is not None and s.value is not None)
        self.correct.setEnabled(open_)
        self.correction.setEnabled(open_)
        self.dismiss.setEnabled(open_)

    def _ask(self, s: SuspectRead, kind: str, value: int | None = None) -> None:
        if not self.source.resolve(s.uid, kind, value):
            # The source has stopped (the session ended), or it was resolved meanwhile.
            self.error.setText(
                self.tr(
                    "Not stored: the screen source is no longer reading, "
                    "or this read was already resolved."
                )
            )
            self.error.show()
            self.rows = []
            self.refresh()
            return
        self._pending[s.uid] = kind
        self.error.hide()
        self.rows = []  # redraw with "storing…"
        self.refresh()

    def _confirm(self) -> None:
        s = self._current()
        if s is not None and s.value is not None:
            self._ask(s, ResolveKind.CONFIRM)

    def _dismiss(self) -> None:
        s = self._current()
        if s is not None:
            self._ask(s, ResolveKind.DISMISS)

    def _correct(self) -> None:
        s = self._current()
        if s is None:
            return
        text = self.correction.text().strip()
        try:
            value = metric_value(s.metric, text)
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.correction.clear()
        self._ask(s, ResolveKind.CORRECT, value)

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)
