"""Paid traffic (投流) in a session's review: the ad report's figures for
its day (磁力金牛: direct, T0, T15, T30; 千川: direct, T7), a small form to
type them when no report was imported, and the spend recorded live (the
session's `ad_spend` metric) with its live ROI.

Every read and write runs on the task pool (`app.session.ads`); the panel
only shows. Report rows are per day × plan, not per session: when the
streamer had several sessions that day the figures are the day's, shared,
and the panel says so. A window that has not settled yet ("-" in the
export, or fewer than 15 or 30 days after the spend when the export was
made) is never shown as a final figure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.ads import (
    DOUYIN,
    KUAISHOU,
    PLATFORM_TOOLS,
    PLATFORM_WINDOWS,
    WINDOW_DAYS,
    AdTotals,
    WindowTotal,
    parse_figures,
    platform_key,
    roi,
    window_label,
)
from app.core.csv_import import parse_value
from app.core.session import SessionInfo
from app.runtime.tasks import TaskRunner
from app.session.ads import SessionPaid, session_paid, set_typed_figures
from app.storage.repository import Repository
from app.ui.widgets.format import format_date, number_format
from app.ui.widgets.style import set_tone, tone

ROI_DECIMALS = 2
PANEL_MIN_W = 300
"""The panel fits the review's side panel (about 420 px) with room to spare."""

_METRIC_OF = {"spend": "ad_spend", "gmv": "gmv", "orders": "orders"}


def roi_text(value: Decimal | None) -> str:
    """ROI as the window shows it: 2.50, or "—" (zero spend, no GMV)."""
    return number_format().ratio(value, ROI_DECIMALS)


def settles_on(day: date, window: str) -> date:
    """The day a window's figures are final: 15 or 30 days after the spend."""
    return day + timedelta(days=WINDOW_DAYS.get(window, 0))


def window_matured(day: date, window: str, as_of: date | None) -> bool:
    """Whether an export made on `as_of` can hold the window's final figures."""
    return as_of is not None and as_of >= settles_on(day, window)


class PaidPanel(QWidget):
    """One session's paid traffic. `set_session(info)` reads its figures on
    `tasks`; `loaded` follows. The form stores typed figures (the session's
    own) with `set_typed_figures`; `saved` follows."""

    loaded = Signal(object)
    """The `SessionPaid` shown."""
    saved = Signal(object)
    """The `SessionPaid` after typed figures were stored or forgotten."""
    failed = Signal(str)
    """What could not be read or stored (also shown in the panel)."""

    def __init__(self, repo: Repository, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paidPanel")
        self.repo = repo
        self.tasks = tasks
        self.info: SessionInfo | None = None
        self.paid: SessionPaid | None = None
        self._reading = 0
        self._saving = False
        self._form_platform: str | None = None
        self._filled: tuple[str, str, dict[str, tuple[str, str]]] | None = None
        """The form as last filled from the database (platform, spend, windows)."""
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        """(window or "", "spend" / "gmv" / "orders") → the form's field."""

        self.headline = QLabel(self)
        self.headline.setObjectName("paidHeadline")
        self.headline.setWordWrap(True)
        bold = QFont(self.headline.font())
        bold.setBold(True)
        self.headline.setFont(bold)
        self.shared_note = QLabel(self)
        self.shared_note.setObjectName("paidShared")
        self.shared_note.setWordWrap(True)
        set_tone(self.shared_note, "warn")
        self.shared_note.hide()

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("paidFigures")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Window"), self.tr("GMV"), self.tr("Orders"), self.tr("ROI")]
        )
        roi_item = self.table.horizontalHeaderItem(3)
        if roi_item is not None:
            roi_item.setToolTip(self.tr("GMV ÷ spend; — when the spend is zero"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(40)
        self.table.verticalHeader().setDefaultSectionSize(
            QFontMetrics(self.table.font()).height() + 6
        )
        self.table.hide()

        self.maturity = QLabel(self)
        self.maturity.setObjectName("paidMaturity")
        self.maturity.setWordWrap(True)
        set_tone(self.maturity, "warn")
        self.maturity.hide()
        self.live = QLabel(self)
        self.live.setObjectName("paidLive")
        self.live.setWordWrap(True)
        self.empty = QLabel(self)
        self.empty.setObjectName("paidEmpty")
        self.empty.setWordWrap(True)
        set_tone(self.empty, "muted")
        self.empty.hide()

        self.form_toggle = QToolButton(self)
        self.form_toggle.setCheckable(True)
        self.form_toggle.setText(self.tr("Type the figures…"))
        self.form_toggle.setToolTip(
            self.tr(
                "Type this session's spend and what the ad report says for each window, "
                "when no report is imported"
            )
        )
        self.form_toggle.toggled.connect(self._show_form)
        self.form = self._build_form()
        self.form.hide()

        self.message = QLabel(self)
        self.message.setObjectName("paidMessage")
        self.message.setWordWrap(True)

        # The panel scrolls rather than asking for more height than a laptop's
        # review gives it (the form open, a shared day, notes on two windows).
        self.body = QWidget(self)
        self.body.setObjectName("paidBody")
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)
        lay = QVBoxLayout(self.body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(6)
        lay.addWidget(self.headline)
        lay.addWidget(self.shared_note)
        lay.addWidget(self.table)
        lay.addWidget(self.maturity)
        lay.addWidget(self.empty)
        lay.addWidget(self.live)
        lay.addWidget(self.form_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.form)
        lay.addWidget(self.message)
        lay.addStretch(1)
        self.scroller.setWidget(self.body)
        self.setMinimumWidth(PANEL_MIN_W)
        self.headline.setText(self.tr("Paid traffic (投流)"))

    # -- the form --------------------------------------------------------------------
    def _build_form(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("paidForm")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.platform = QComboBox(box)
        for key in (KUAISHOU, DOUYIN):
            self.platform.addItem(self._tool_name(key), key)
        self.platform.currentIndexChanged.connect(lambda _i: self._rebuild_windows())
        self.spend_edit = QLineEdit(box)
        self.spend_edit.setObjectName("paidSpend")
        self.spend_edit.setPlaceholderText(self.tr("e.g. 1,234.50 or 1.2万; 0 for none"))
        self.spend_edit.textChanged.connect(lambda _t: self._check_field(("", "spend")))
        head = QFormLayout()
        head.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        head.addRow(self.tr("Ad tool"), self.platform)
        head.addRow(self.tr("Spend (¥)"), self.spend_edit)
        self.window_grid = QGridLayout()
        self.window_grid.setHorizontalSpacing(6)
        self.window_grid.setColumnStretch(1, 3)
        self.window_grid.setColumnStretch(2, 2)
        self.form_help = QLabel(box)
        self.form_help.setWordWrap(True)
        set_tone(self.form_help, "muted")
        self.form_error = QLabel(box)
        self.form_error.setObjectName("paidFormError")
        self.form_error.setWordWrap(True)
        set_tone(self.form_error, "bad")
        self.form_error.hide()
        self.save_button = QPushButton(self.tr("Save"), box)
        self.save_button.clicked.connect(self.save_typed)
        self.forget_button = QPushButton(self.tr("Forget typed figures"), box)
        self.forget_button.setToolTip(self.tr("Remove the figures typed for this session"))
        self.forget_button.clicked.connect(self.forget_typed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.forget_button)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(head)
        lay.addLayout(self.window_grid)
        lay.addWidget(self.form_help)
        lay.addWidget(self.form_error)
        lay.addLayout(buttons)
        return box

    def _tool_name(self, platform: str) -> str:
        if platform == KUAISHOU:
            return self.tr("磁力金牛 (Kuaishou)")
        return self.tr("千川 (Douyin)")

    def _rebuild_windows(self, keep: Mapping[str, tuple[str, str]] | None = None) -> None:
        """One row per window of the chosen platform: never a T15 for 千川."""
        platform = str(self.platform.currentData())
        typed = {w: (self.edits[(w, "gmv")].text(), self.edits[(w, "orders")].text())
                 for w in PLATFORM_WINDOWS.get(self._form_platform or "", ())
                 if (w, "gmv") in self.edits}  # fmt: skip
        if keep is not None:
            typed = dict(keep)
        while self.window_grid.count():
            item = self.window_grid.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.edits = {k: v for k, v in self.edits.items() if k[0] == ""}
        self.edits[("", "spend")] = self.spend_edit
        parent = self.form
        self.window_grid.addWidget(QLabel(self.tr("Window"), parent), 0, 0)
        self.window_grid.addWidget(QLabel(self.tr("GMV (¥)"), parent), 0, 1)
        self.window_grid.addWidget(QLabel(self.tr("Orders"), parent), 0, 2)
        for r, w in enumerate(PLATFORM_WINDOWS[platform], start=1):
            self.window_grid.addWidget(QLabel(window_label(w), parent), r, 0)
            gmv_text, orders_text = typed.get(w, ("", ""))
            for c, part, text in ((1, "gmv", gmv_text), (2, "orders", orders_text)):
                edit = QLineEdit(text, parent)
                edit.setObjectName(f"paid_{w}_{part}")
                edit.setMinimumWidth(60)
                edit.setPlaceholderText(self.tr("- not settled"))
                edit.textChanged.connect(lambda _t, key=(w, part): self._check_field(key))
                self.window_grid.addWidget(edit, r, c)
                self.edits[(w, part)] = edit
        self._form_platform = platform
        if platform == KUAISHOU:
            self.form_help.setText(
                self.tr(
                    "Leave a window empty (or “-”) until it has settled: T15 and T30 are "
                    "final 15 and 30 days after the spend."
                )
            )
        else:
            self.form_help.setText(
                self.tr("千川 reports direct and 7-day (T7) figures; it has no 15-day window.")
            )
        self.form_error.hide()

    def _show_form(self, on: bool) -> None:
        self.form.setVisible(on)
        if on and not self.edits.get(("", "spend")):
            self._rebuild_windows()
        if on:
            self.spend_edit.setFocus()

    def _field_error(self, key: tuple[str, str]) -> str | None:
        edit = self.edits.get(key)
        if edit is None:
            return None
        try:
            parse_value(edit.text(), _METRIC_OF[key[1]])
        except ValueError as exc:
            return str(exc)
        return None

    def _check_field(self, key: tuple[str, str]) -> None:
        edit = self.edits.get(key)
        if edit is None:
            return
        why = self._field_error(key)
        edit.setToolTip(why or "")
        edit.setStyleSheet("" if why is None else f"background: {tone('problem_bg').name()};")

    def form_texts(self) -> tuple[str, dict[str, tuple[str, str]]]:
        """The spend and each window's (GMV, orders) as typed."""
        platform = str(self.platform.currentData())
        return self.spend_edit.text(), {
            w: (self.edits[(w, "gmv")].text(), self.edits[(w, "orders")].text())
            for w in PLATFORM_WINDOWS[platform]
        }

    @property
    def form_dirty(self) -> bool:
        """Typed in the form and not saved yet."""
        return (
            self._filled is not None
            and (str(self.platform.currentData()), *self.form_texts()) != self._filled
        )

    def _fill_form(self, paid: SessionPaid) -> None:
        """The form shows the typed figures stored (empty without). What the
        operator typed and has not saved is left as it is."""
        if self.form_dirty:
            self.forget_button.setEnabled(paid.source == "typed")
            return
        platform = paid.platform or platform_key(self.info.streamer.platform if self.info else "")
        index = self.platform.findData(platform or KUAISHOU)
        self.platform.blockSignals(True)
        self.platform.setCurrentIndex(max(index, 0))
        self.platform.blockSignals(False)
        texts: dict[str, tuple[str, str]] = {}
        spend = ""
        if paid.source == "typed" and paid.totals is not None:
            t = paid.totals

            def plain(fen: int | None) -> str:
                # Digits and "." only: what the form reads back in every locale
                # (1.234,50 from a German locale would not be).
                return "" if fen is None else f"{Decimal(fen) / 100:.2f}"

            spend = plain(t.spend_fen)
            for w in paid.windows:
                wt = t.windows[w]
                texts[w] = (plain(wt.gmv_fen), "" if wt.orders is None else str(wt.orders))
        self.spend_edit.setText(spend)
        self._rebuild_windows(keep=texts)
        if paid.source == "imported":
            self.form_help.setText(
                self.form_help.text()
                + "\n"
                + self.tr(
                    "Typed figures are this session's own: its review shows them instead of "
                    "the day's report, and the streamer's ROI keeps counting the report."
                )
            )
        self.forget_button.setEnabled(paid.source == "typed")
        self._filled = (str(self.platform.currentData()), *self.form_texts())

    def _form_problems(self) -> list[str]:
        labels = {"spend": self.tr("Spend"), "gmv": self.tr("GMV"), "orders": self.tr("Orders")}
        out = []
        if not self.spend_edit.text().strip():
            out.append(self.tr("Spend: type the spend (0 for none)"))
        for key in self.edits:
            why = self._field_error(key)
            if why is not None:
                where = labels[key[1]] if not key[0] else f"{window_label(key[0])} {labels[key[1]]}"
                out.append(
                    self.tr("{field}: “{text}” — {why}").format(
                        field=where, text=self.edits[key].text(), why=why
                    )
                )
        return out

    def save_typed(self) -> None:
        """Store the typed figures on the pool (parse_figures + set_typed_figures)."""
        if self.info is None or self._saving:
            return
        problems = self._form_problems()
        if problems:
            self.form_error.setText("\n".join(problems))
            self.form_error.show()
            return
        self.form_error.hide()
        platform = str(self.platform.currentData())
        spend, windows = self.form_texts()
        repo, sid = self.repo, self.info.id

        def work() -> SessionPaid:
            fen, figures = parse_figures(platform, spend, windows)
            set_typed_figures(repo, sid, fen, figures, platform)
            return session_paid(repo, sid)

        self._submit_write(work, self.tr("Saving…"))

    def forget_typed(self) -> None:
        if self.info is None or self._saving:
            return
        repo, sid = self.repo, self.info.id

        def work() -> SessionPaid:
            set_typed_figures(repo, sid, None, {})
            return session_paid(repo, sid)

        self._submit_write(work, self.tr("Forgetting…"))

    def _submit_write(self, work: object, text: str) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.forget_button.setEnabled(False)
        self._say(text, "muted")
        info = self.info

        def done(paid: SessionPaid) -> None:
            if not isValid(self):
                return  # closed meanwhile
            self._saving = False
            self.save_button.setEnabled(True)
            if info is not self.info:
                return
            self._filled = None  # stored: the form shows what is stored now
            self._show(paid)
            self._say(
                self.tr("Saved.") if paid.source == "typed" else self.tr("Typed figures removed."),
                "good",
            )
            self.saved.emit(paid)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return  # closed meanwhile
            self._saving = False
            self.save_button.setEnabled(True)
            self.forget_button.setEnabled(self.paid is not None and self.paid.source == "typed")
            # What was typed stays in the form: nothing is lost.
            self.form_error.setText(self.tr("Not saved: {why}").format(why=exc))
            self.form_error.show()
            self._say("", None)
            self.failed.emit(str(exc))

        self.tasks.submit(work, done, failed)  # type: ignore[arg-type]

    # -- reading ---------------------------------------------------------------------
    def set_session(self, info: SessionInfo) -> None:
        """Show `info`'s paid figures (read on the pool) and its live spend."""
        self.info = info
        self._show_live(info.summary.spend_fen, info.summary.gmv_fen)
        self.refresh()

    def refresh(self) -> None:
        if self.info is None:
            return
        self._reading += 1
        reading, repo, sid = self._reading, self.repo, self.info.id
        self._say(self.tr("Reading the paid figures…"), "muted")

        def done(paid: SessionPaid) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self._say("", None)
                self._show(paid)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self._say(
                    self.tr("The paid figures could not be read: {why}").format(why=exc), "bad"
                )
                self.failed.emit(str(exc))

        self.tasks.submit(lambda: session_paid(repo, sid), done, failed)

    def set_live_figures(self, spend_fen: int | None, gmv_fen: int | None) -> None:
        """The spend recorded so far (`ad_spend`) and the session's GMV (live)."""
        self._show_live(spend_fen, gmv_fen)

    def _show_live(self, spend_fen: int | None, gmv_fen: int | None) -> None:
        fmt = number_format()
        if spend_fen is None:
            self.live.setText(
                self.tr("No spend was recorded live (the session has no 投流消耗 readings).")
            )
            set_tone(self.live, "muted")
            return
        self.live.setText(
            self.tr(
                "Recorded live: spend {spend}, ROI {roi} (the session's GMV {gmv} ÷ the "
                "spend so far)"
            ).format(
                spend=fmt.money_fen_exact(spend_fen),
                roi=roi_text(roi(gmv_fen, spend_fen)),
                gmv=fmt.money_fen(gmv_fen),
            )
        )
        set_tone(self.live, "soft")

    def _show(self, paid: SessionPaid) -> None:
        self.paid = paid
        fmt = number_format()
        self._fill_form(paid)
        t = paid.totals
        if t is None or paid.platform is None:
            self.headline.setText(self.tr("Paid traffic (投流)"))
            self.table.hide()
            self.maturity.hide()
            self.shared_note.hide()
            self.empty.setText(
                self.tr(
                    "No ad report figures for {day}. Import the 磁力金牛 or 千川 export "
                    "(Import ad report…), or type them below."
                ).format(day=format_date(paid.day))
            )
            self.empty.show()
            self.form_toggle.setText(self.tr("Type the figures…"))
            self.loaded.emit(paid)
            return
        self.empty.hide()
        tool = PLATFORM_TOOLS[paid.platform]
        if paid.source == "typed":
            source = self.tr("typed for this session")
            self.form_toggle.setText(self.tr("Edit the typed figures…"))
        else:
            source = self.tr("imported, {n} plans, as of {as_of}").format(
                n=fmt.count(paid.plans), as_of=format_date(paid.as_of or paid.day)
            )
            self.form_toggle.setText(self.tr("Type this session's own figures…"))
        self.headline.setText(
            self.tr("{tool} · spend {spend} · {source}").format(
                tool=tool, spend=fmt.money_fen_exact(t.spend_fen), source=source
            )
        )
        if paid.shared:
            self.shared_note.setText(
                self.tr(
                    "{day} had {n} sessions of this streamer: the report's rows are the "
                    "day's, so these figures are shared among them, not this session's alone."
                ).format(day=format_date(paid.day), n=len(paid.shared_with) + 1)
            )
        self.shared_note.setVisible(paid.shared)
        self._fill_table(paid, t)
        notes = self.maturity_notes(paid)
        self.maturity.setText("\n".join(notes))
        self.maturity.setVisible(bool(notes))
        self.loaded.emit(paid)

    def _fill_table(self, paid: SessionPaid, t: AdTotals) -> None:
        fmt = number_format()
        self.table.setRowCount(len(paid.windows))
        for r, w in enumerate(paid.windows):
            wt = t.windows[w]
            settled = self._settled(paid, w, wt)
            cells = [
                window_label(w),
                fmt.money_fen_exact(wt.gmv_fen),
                fmt.count(wt.orders),
                roi_text(wt.roi) if wt.gmv_fen is not None else self.tr("not settled"),
            ]
            if wt.gmv_fen is not None and not settled:
                cells[3] += " *"
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not settled:
                    item.setForeground(QBrush(tone("muted")))
                self.table.setItem(r, c, item)
            roi_item = self.table.item(r, 3)
            if roi_item is not None and wt.gmv_fen is not None:
                roi_item.setToolTip(
                    self.tr("{gmv} ÷ {spend}").format(
                        gmv=fmt.money_fen_exact(wt.gmv_fen),
                        spend=fmt.money_fen_exact(wt.spend_fen),
                    )
                )
        rows = len(paid.windows)
        height = self.table.horizontalHeader().sizeHint().height()
        height += rows * self.table.verticalHeader().defaultSectionSize() + 4
        self.table.setFixedHeight(height)
        self.table.show()

    @staticmethod
    def _settled(paid: SessionPaid, window: str, wt: WindowTotal) -> bool:
        if wt.gmv_fen is None or wt.missing_rows:
            return False
        return window_matured(paid.day, window, paid.as_of)

    def maturity_notes(self, paid: SessionPaid) -> list[str]:
        """Why a window's figures are not final yet, one line per window."""
        t = paid.totals
        if t is None:
            return []
        out = []
        for w in paid.windows:
            days = WINDOW_DAYS.get(w, 0)
            if not days:
                continue
            wt = t.windows[w]
            on = format_date(settles_on(paid.day, w))
            label = window_label(w)
            if wt.gmv_fen is None:
                out.append(
                    self.tr(
                        "{window} has not settled yet (“-” in the export): it is final on "
                        "{day}, {n} days after the spend."
                    ).format(window=label, day=on, n=days)
                )
            elif wt.missing_rows:
                out.append(
                    self.tr(
                        "{window} has settled for {done} of {all} plans: its ROI is of those "
                        "plans only (final on {day})."
                    ).format(window=label, done=t.rows - wt.missing_rows, all=t.rows, day=on)
                )
            elif not window_matured(paid.day, w, paid.as_of):
                out.append(
                    self.tr(
                        "* {window} is as of {as_of}, not yet {n} days after the spend: it may "
                        "still grow until {day}. Import a later export then."
                    ).format(
                        window=label,
                        as_of=format_date(paid.as_of or paid.day),
                        n=days,
                        day=on,
                    )
                )
        return out

    def row_texts(self, window: str) -> list[str]:
        """The cells of one window's row as shown (for tests and the curious)."""
        if self.paid is None or window not in self.paid.windows:
            return []
        r = self.paid.windows.index(window)
        items = (self.table.item(r, c) for c in range(self.table.columnCount()))
        return [i.text() if i is not None else "" for i in items]

    def _say(self, text: str, tone_name: str | None) -> None:
        set_tone(self.message, tone_name)
        self.message.setText(text)
        self.message.setVisible(bool(text))
