"""The review's (复盘) figures: every derived figure of the session against
the streamer's median of their previous sessions, its rank among all of
them, the figure furthest below its median, and the operator's notes.

The figures come from `app.core.figures` (the report and the workbook use
the same ones), worked out off the GUI thread with the review
(`app.session.library.load_library_review`). The notes are one text, stored
in the session's one notes column: what worked and what to change are two
headed paragraphs the placeholder suggests, not two fields, so what the
library shows (the first line), the report prints and an export carries is
exactly what was typed, and notes typed elsewhere (an import, the CLI) need
no format to be read back."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.figures import (
    FIGURE_CONTEXT,
    Better,
    Comparison,
    FigureComparison,
    describe_rank,
    describe_start,
    format_change,
    format_figure,
)
from app.core.schedule import on_time
from app.core.session import SessionInfo
from app.ui.widgets.format import number_format
from app.ui.widgets.style import set_tone, tone

COLUMNS = ("figure", "value", "median", "change", "rank")


def tr_figure(text: str) -> str:
    return QCoreApplication.translate(FIGURE_CONTEXT, text)


class _FocusOut(QObject):
    """Saves the notes when the editor loses the focus."""

    def __init__(self, panel: ReviewStats) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.panel.save_notes()
        return False


class ReviewStats(QWidget):
    notesEdited = Signal(int, str)
    """(session id, notes) to store: the window saves them off the GUI thread
    and answers with `notes_saved` or `notes_failed`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewStats")
        self.info: SessionInfo | None = None
        self.comparison: Comparison | None = None
        self.worst_key: str | None = None
        self._saved_notes = ""
        self._saving: str | None = None

        self.headline = QLabel(self)
        self.headline.setObjectName("reviewHeadline")
        self.headline.setWordWrap(True)
        bold = QFont(self.headline.font())
        bold.setBold(True)
        self.headline.setFont(bold)
        self.basis = QLabel(self)
        self.basis.setWordWrap(True)
        set_tone(self.basis, "muted")
        self.worst = QLabel(self)
        self.worst.setWordWrap(True)
        set_tone(self.worst, "worst")

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("reviewFigures")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Figure"),
                self.tr("This session"),
                self.tr("Median"),
                self.tr("vs median"),
                self.tr("Rank"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(QFontMetrics(self.table.font()).height() + 6)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._set_widths()

        self.notes_label = QLabel(self.tr("Notes: what worked, what to change"), self)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("reviewNotes")
        self.notes.setPlaceholderText(self.tr("What worked: …\nWhat to change: …"))
        self.notes.setToolTip(
            self.tr(
                "Saved when you leave the box, or with Ctrl+S; the first line shows in the library"
            )
        )
        self.notes.setTabChangesFocus(True)
        self.notes.installEventFilter(_FocusOut(self))
        save = QShortcut(QKeySequence.StandardKey.Save, self.notes)
        save.setContext(Qt.ShortcutContext.WidgetShortcut)
        save.activated.connect(self.save_notes)
        self.notes_state = QLabel(self)
        set_tone(self.notes_state, "muted")
        self.notes_state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        figures = QWidget(self)
        top = QVBoxLayout(figures)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.headline)
        top.addWidget(self.basis)
        top.addWidget(self.worst)
        top.addWidget(self.table, 1)
        notes = QWidget(self)
        bottom = QVBoxLayout(notes)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(2)
        head = QHBoxLayout()
        head.addWidget(self.notes_label)
        head.addWidget(self.notes_state, 1)
        bottom.addLayout(head)
        bottom.addWidget(self.notes, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(figures)
        self.split.addWidget(notes)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.split)

    def _set_widths(self) -> None:
        """Widths from the font, never from the figures shown."""
        fm = QFontMetrics(self.table.font())
        hfm = QFontMetrics(self.table.horizontalHeader().font())
        fmt = number_format()
        labels = self.table.horizontalHeaderItem
        samples = {
            1: fmt.currency + fmt.grouped(9999) + fmt.decimal_sep + "99万",
            2: fmt.currency + fmt.grouped(9999) + fmt.decimal_sep + "99万",
            3: "↓" + fmt.percent(9.999),
            4: "888/888",
        }
        for col, sample in samples.items():
            item = labels(col)
            header = hfm.horizontalAdvance(item.text()) + 14 if item is not None else 0
            self.table.setColumnWidth(col, max(fm.horizontalAdvance(sample) + 12, header))
        label_w = max(fm.horizontalAdvance(tr_figure("Average order value")), 90) + 24
        self.setMinimumWidth(label_w + sum(self.table.columnWidth(c) for c in samples) + 24)

    def set_wide(self, wide: bool) -> None:
        """Figures and notes side by side (a review that is only this panel)
        rather than one above the other (the side panel of a full review)."""
        if wide:
            self.split.setOrientation(Qt.Orientation.Horizontal)
            self.split.setStretchFactor(0, 0)
            self.split.setStretchFactor(1, 1)
            width = self.minimumSizeHint().width() + 160
            self.split.setSizes([width, max(self.width() - width, 300)])
        else:
            self.split.setOrientation(Qt.Orientation.Vertical)

    # -- figures -----------------------------------------------------------------------
    def set_data(self, info: SessionInfo, comparison: Comparison) -> None:
        self.info = info
        self.comparison = comparison
        fmt = number_format()
        self.worst_key = comparison.worst.key if comparison.worst is not None else None
        self.headline.setText(self.headline_text(info, comparison))
        if comparison.previous:
            self.basis.setText(
                self.tr(
                    "Median of the streamer's previous {n} sessions; rank among their "
                    "{total} finished sessions, this one included."
                ).format(n=comparison.previous, total=comparison.sessions)
            )
        else:
            self.basis.setText(
                self.tr(
                    "No earlier session of this streamer is stored: nothing to compare "
                    "with yet. The figures are this session's alone."
                )
            )
        worst = comparison.worst
        if worst is not None:
            label = tr_figure(worst.figure.label)
            self.worst.setText(
                self.tr(
                    "Furthest below the median: {figure} {change} ({value} vs {median})"
                ).format(
                    figure=label,
                    change=format_change(worst.change, fmt),
                    value=format_figure(worst.figure.unit, worst.figure.value, fmt),
                    median=format_figure(worst.figure.unit, worst.median, fmt),
                )
            )
        self.worst.setVisible(worst is not None)
        median_item = self.table.horizontalHeaderItem(2)
        if median_item is not None:
            median_item.setToolTip(
                self.tr("The median of the streamer's previous {n} sessions").format(
                    n=comparison.previous
                )
            )
        self.table.setRowCount(len(comparison.rows))
        for r, row in enumerate(comparison.rows):
            self._fill_row(r, row)
        self._show_notes(info.notes)

    def headline_text(self, info: SessionInfo, comparison: Comparison) -> str:
        """ "3rd of 41 by GMV · started 12 min late" (what is known of the two)."""
        parts = []
        gmv = next((r for r in comparison.rows if r.key == "gmv"), None)
        if gmv is not None and gmv.rank is not None and gmv.rank_of > 1:
            parts.append(describe_rank(gmv, tr_figure, tr_figure(gmv.figure.label)))
        start = describe_start(info.late_s, tr_figure)
        if start:
            parts.append(start)
        if not parts:
            return self.tr("The streamer's first session in the library")
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]

    def _fill_row(self, r: int, row: FigureComparison) -> None:
        fmt = number_format()
        fig = row.figure
        label = tr_figure(fig.label)
        worst = row.key == self.worst_key
        cells = [
            ("▼ " + label) if worst else label,
            format_figure(fig.unit, fig.value, fmt),
            format_figure(fig.unit, row.median, fmt),
            format_change(row.change, fmt),
            "" if row.rank is None else f"{row.rank}/{row.rank_of}",
        ]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if worst:
                item.setBackground(QBrush(tone("worst_bg")))
            self.table.setItem(r, c, item)
        change = self.table.item(r, 3)
        if change is not None and row.change is not None:
            if fig.better is Better.NEUTRAL or row.change == 0:
                change.setForeground(QBrush(tone("muted")))
            else:
                change.setForeground(QBrush(tone("good" if row.change > 0 else "bad")))
        first = self.table.item(r, 0)
        if first is not None:
            if worst:
                first.setToolTip(self.tr("The figure furthest below its median"))
                font = first.font()
                font.setBold(True)
                first.setFont(font)
            elif fig.better is Better.NEUTRAL:
                first.setToolTip(self.tr("Neither more nor less is better in itself"))
        median = self.table.item(r, 2)
        if median is not None and row.median_of:
            median.setToolTip(self.tr("Over {n} sessions that have it").format(n=row.median_of))
        rank = self.table.item(r, 4)
        if rank is not None and row.rank is not None:
            rank.setToolTip(describe_rank(row, tr_figure, label))

    def row_texts(self, key: str) -> list[str]:
        """The cells of one figure's row as shown (for tests and the curious)."""
        if self.comparison is None:
            return []
        r = next(i for i, row in enumerate(self.comparison.rows) if row.key == key)
        items = (self.table.item(r, c) for c in range(len(COLUMNS)))
        return [i.text() if i is not None else "" for i in items]

    # -- notes -------------------------------------------------------------------------
    def _show_notes(self, text: str) -> None:
        self._saved_notes = text
        if self.notes.toPlainText() != text:
            self.notes.setPlainText(text)
        self.notes_state.setText("")

    @property
    def notes_dirty(self) -> bool:
        return self.notes.toPlainText().strip() != self._saved_notes.strip()

    def save_notes(self) -> None:
        """Ask the window to store the notes, if they changed since the last save."""
        if self.info is None or not self.notes_dirty:
            return
        text = self.notes.toPlainText()
        if text == self._saving:
            return
        self._saving = text
        self.notes_state.setText(self.tr("Saving…"))
        self.notesEdited.emit(self.info.id, text)

    def notes_saved(self, info: SessionInfo) -> None:
        self._saving = None
        self.info = info
        self._saved_notes = info.notes
        set_tone(self.notes_state, "muted")
        self.notes_state.setText(self.tr("Saved"))

    def notes_failed(self, exc: BaseException) -> None:
        self._saving = None
        set_tone(self.notes_state, "bad")
        self.notes_state.setText(self.tr("Not saved: {why}").format(why=exc))
        self.notes_state.setToolTip(str(exc))


def punctuality_text(info: SessionInfo) -> tuple[str, bool]:
    """The header's "started 12 min late" ("" without a plan), and whether
    it is outside the on-time tolerance."""
    text = describe_start(info.late_s, tr_figure) or ""
    late = info.late_s is not None and on_time(info.late_s) is False
    return text, late
