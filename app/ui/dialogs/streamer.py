"""Dialogs of the roster: a streamer (new or edited), the platform's figure for
a streamer's month, and the leap ladder. Opened with open(), never exec();
each says what is wrong in its own error line instead of closing."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.numbers import NUMBER_EXAMPLES, NumberParseError, parse_money_fen
from app.core.session import ScheduleSlot, Streamer, local_utc_offset_min
from app.ui.widgets.format import number_format
from app.ui.widgets.labels import form_error


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h:02d}:{m:02d}"


def _time(minutes: int) -> QTime:
    return QTime(minutes // 60, minutes % 60)


def _minutes(edit: QTimeEdit) -> int:
    t = edit.time()
    return t.hour() * 60 + t.minute()


class StreamerDialog(QDialog):
    """Name, platform, account ID, planned start (every day and/or on chosen
    weekdays, a weekday's own time winning), notes, archived. `streamer` is
    what is being edited (None: a new one); `result_streamer()` is the edited
    record (id 0 for a new one)."""

    def __init__(
        self,
        streamer: Streamer | None = None,
        platforms: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = streamer
        editing = streamer is not None and streamer.id != 0
        self.setWindowTitle(self.tr("Edit streamer") if editing else self.tr("New streamer"))
        self.setMinimumWidth(460)
        s = streamer or Streamer(0, "")
        self.offset = s.schedule[0].utc_offset_min if s.schedule else local_utc_offset_min()

        self.name = QLineEdit(s.name, self)
        self.name.setPlaceholderText(self.tr("e.g. 小杨"))
        self.platform = QComboBox(self)
        self.platform.setEditable(True)
        self.platform.addItems(sorted(set(platforms or []) | {"douyin", "kuaishou"}))
        self.platform.setCurrentText(s.platform or "")
        self.account = QLineEdit(s.account_id or "", self)
        self.account.setPlaceholderText(self.tr("the platform's own ID for the account"))

        daily = next((x for x in s.schedule if x.weekday is None), None)
        self.daily = QCheckBox(self.tr("Every day at"), self)
        self.daily.setChecked(daily is not None)
        self.daily_time = QTimeEdit(_time(daily.start_min if daily else 18 * 60), self)
        self.daily_time.setDisplayFormat("HH:mm")
        self.daily.toggled.connect(self.daily_time.setEnabled)
        self.daily_time.setEnabled(daily is not None)
        names = [
            self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
            self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday"),
        ]  # fmt: skip
        own = {x.weekday: x for x in s.schedule if x.weekday is not None}
        self.days: list[tuple[QCheckBox, QTimeEdit]] = []
        grid = QGridLayout()
        grid.addWidget(self.daily, 0, 0)
        grid.addWidget(self.daily_time, 0, 1)
        for i, name in enumerate(names):
            box = QCheckBox(name, self)
            slot = own.get(i)
            box.setChecked(slot is not None)
            start = slot.start_min if slot else (daily.start_min if daily else 18 * 60)
            edit = QTimeEdit(_time(start), self)
            edit.setDisplayFormat("HH:mm")
            edit.setEnabled(slot is not None)
            box.toggled.connect(edit.setEnabled)
            grid.addWidget(box, 1 + i // 2, (i % 2) * 2)
            grid.addWidget(edit, 1 + i // 2, (i % 2) * 2 + 1)
            self.days.append((box, edit))
        grid.setColumnStretch(4, 1)
        self.zone = QLabel(
            self.tr("Times in {zone}. A weekday's own time wins over the daily one.").format(
                zone=_offset_text(self.offset)
            ),
            self,
        )
        self.zone.setWordWrap(True)
        schedule = QWidget(self)
        sched_lay = QVBoxLayout(schedule)
        sched_lay.setContentsMargins(0, 0, 0, 0)
        sched_lay.addLayout(grid)
        sched_lay.addWidget(self.zone)

        self.notes = QPlainTextEdit(s.notes, self)
        self.notes.setPlaceholderText(self.tr("e.g. goes live at 6:30; fans expect her on time"))
        self.notes.setFixedHeight(72)
        self.archived = QCheckBox(
            self.tr("Archived (kept with every session, left off the roster)"), self
        )
        self.archived.setChecked(s.archived)

        self.error = form_error(self)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Platform"), self.platform)
        form.addRow(self.tr("Account ID"), self.account)
        form.addRow(self.tr("Planned start"), schedule)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow("", self.archived)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        details = QWidget(self)
        details_lay = QVBoxLayout(details)
        details_lay.setContentsMargins(0, 0, 0, 0)
        details_lay.addLayout(form)
        details_lay.addWidget(self.error)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(details, self.tr("Details"))
        self.pages.tabBar().hide()  # one page: no tabs
        lay = QVBoxLayout(self)
        lay.addWidget(self.pages, 1)
        lay.addWidget(self.buttons)

    def add_page(self, widget: QWidget, title: str) -> None:
        """Another page beside the details (the roster adds the streamer's
        paid traffic)."""
        self.pages.addTab(widget, title)
        self.pages.tabBar().show()

    def schedule(self) -> tuple[ScheduleSlot, ...]:
        slots: list[ScheduleSlot] = []
        if self.daily.isChecked():
            slots.append(ScheduleSlot(None, _minutes(self.daily_time), self.offset))
        for i, (box, edit) in enumerate(self.days):
            if box.isChecked():
                slots.append(ScheduleSlot(i, _minutes(edit), self.offset))
        return tuple(slots)

    def result_streamer(self) -> Streamer:
        base = self.original or Streamer(0, "")
        return Streamer(
            id=base.id,
            name=" ".join(self.name.text().split()),
            platform=self.platform.currentText().strip() or None,
            account_id=self.account.text().strip() or None,
            notes=self.notes.toPlainText().strip(),
            archived=self.archived.isChecked(),
            uid=base.uid,
            schedule=self.schedule(),
        )

    def fail(self, message: str) -> None:
        """Show why it was not saved (also used when the database refuses)."""
        self.error.setText(message)
        self.error.show()

    def _try_accept(self) -> None:
        if not " ".join(self.name.text().split()):
            self.fail(self.tr("Enter the streamer's name."))
            self.name.setFocus()
            return
        self.accept()


class MonthGmvDialog(QDialog):
    """The platform's own GMV for one streamer's month, typed the way
    operators write it (123.4万); echoed with every digit before it is kept.
    `cleared` says the operator asked for the recorded sum again."""

    def __init__(
        self,
        name: str,
        month_text: str,
        recorded_fen: int,
        sessions: int,
        platform_fen: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Platform GMV"))
        self.setMinimumWidth(420)
        fmt = number_format()
        self.fen: int | None = platform_fen
        self.cleared = False
        intro = QLabel(
            self.tr(
                "{name}'s GMV for {month} as the platform reports it. Genbo recorded "
                "{recorded} in {n} sessions; the platform's figure is used instead "
                "when given (not every session may have been recorded)."
            ).format(
                name=name,
                month=month_text,
                recorded=fmt.money_fen_exact(recorded_fen),
                n=fmt.count(sessions),
            ),
            self,
        )
        intro.setWordWrap(True)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText(self.tr("e.g. {examples}").format(examples=NUMBER_EXAMPLES))
        if platform_fen is not None:
            self.amount.setText(
                fmt.grouped(Decimal(platform_fen) / 100, 2).replace(fmt.group_sep, "")
            )
        self.echo = QLabel(self)
        self.echo.setWordWrap(True)
        self.error = form_error(self)
        self.amount.textChanged.connect(self._echo)
        self._echo(self.amount.text())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.clear_button = QPushButton(self.tr("Use the recorded sum"), self)
        self.clear_button.setEnabled(platform_fen is not None)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self._clear)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Platform GMV"), self.amount)
        form.addRow("", self.echo)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def _echo(self, text: str) -> None:
        fmt = number_format()
        if not text.strip():
            self.echo.setText("")
            return
        try:
            fen = parse_money_fen(text)
        except NumberParseError:
            self.echo.setText("")
            return
        self.echo.setText("= " + fmt.money_fen_exact(fen))

    def _clear(self) -> None:
        self.fen = None
        self.cleared = True
        self.accept()

    def _try_accept(self) -> None:
        try:
            self.fen = parse_money_fen(self.amount.text())
        except NumberParseError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.cleared = False
        self.accept()


class LadderDialog(QDialog):
    """The leap ladder's thresholds, typed as 50万, 200万, 500万."""

    ladderAccepted = Signal(object)
    """The new thresholds in fen, lowest first (a tuple of ints)."""

    def __init__(self, thresholds: tuple[int, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Leap ladder"))
        self.setMinimumWidth(420)
        fmt = number_format()
        intro = QLabel(
            self.tr(
                "The monthly GMV thresholds a streamer's leap (商家跃迁) is counted at, "
                "separated by commas."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.edit = QLineEdit(
            ", ".join(fmt.money_fen(t).removeprefix(fmt.currency) for t in thresholds),
            self,
        )
        self.thresholds = thresholds
        self.error = form_error(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def _try_accept(self) -> None:
        parts = [p for p in self.edit.text().replace("，", ",").split(",") if p.strip()]
        try:
            fen = sorted({parse_money_fen(p) for p in parts})
        except NumberParseError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        if not fen or fen[0] <= 0:
            self.error.setText(
                self.tr("Give at least one amount above zero, e.g. 50万, 200万, 500万.")
            )
            self.error.show()
            return
        self.thresholds = tuple(fen)
        self.ladderAccepted.emit(self.thresholds)
        self.accept()
