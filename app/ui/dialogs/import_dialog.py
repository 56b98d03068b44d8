"""Import a session: Genbo's own JSON export, or a CSV of timed rows mapped
column by column in a preview.

Reading the file, re-reading a CSV with changed choices and storing the
session all run on the task pool; the dialog only shows. A JSON file shows
its session; a CSV shows its first rows under one choice per column (a
metric, per-minute or a running total, the time, or nothing), the time's
kind, the show's date and UTC offset, and every cell that cannot be read,
highlighted with its reason. Nothing is stored while such cells remain,
unless the operator chooses to leave out their rows. Opened with open()."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.csv_import import (
    IGNORE,
    ColumnMap,
    CsvData,
    CsvMapping,
    MappingError,
    TimeMode,
    check_mapping,
    format_utc_offset,
    split_unit,
    unit_factor,
)
from app.core.metrics import CATALOGUE, METRICS, MetricKind
from app.core.session import SessionInfo, Streamer, local_utc_offset_min
from app.runtime.tasks import Progress, TaskRunner
from app.session.importing import (
    AlreadyImportedError,
    ImportPlan,
    SessionImportError,
    import_session,
    preview_csv,
    read_import,
)
from app.storage.database import StorageError
from app.storage.repository import Repository
from app.ui.widgets.format import format_datetime, metric_label, number_format
from app.ui.widgets.progress import progress_to_bar
from app.ui.widgets.style import set_tone, tone

TIME = "time"
PER_MINUTE = ":per-minute"
MAX_LISTED = 200
"""Problems listed one by one; the rest are counted."""

_OFFSETS = sorted(
    {h * 60 for h in range(-12, 15)} | {-210, 210, 270, 330, 345, 390, 525, 570, 630, 765}
)


class ImportDialog(QDialog):
    imported = Signal(int)
    """The new session's id, once stored."""
    loaded = Signal()
    """A file was read (or could not be: see `message`)."""
    previewUpdated = Signal()
    """A CSV was read again with the current choices."""

    def __init__(self, repo: Repository, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.tasks = tasks
        self.plan: ImportPlan | None = None
        self.preview: CsvData | None = None
        self.mapping: CsvMapping | None = None
        self.mapping_error: str | None = None
        self.info: SessionInfo | None = None
        self._generation = 0
        self._combos: list[QComboBox] = []
        self._filling = False
        self.fmt = number_format()
        self.setWindowTitle(self.tr("Import a session"))
        self.setMinimumSize(640, 420)
        self.resize(980, 640)

        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("Genbo's JSON export, or a CSV with a time column"))
        self.choose_button = QPushButton(self.tr("Choose file…"), self)
        self.choose_button.clicked.connect(self._browse)
        self._reading = 0
        """Which read of a file is the newest: an older one's reply is dropped
        (a large JSON read after a small CSV was picked would replace it)."""
        self._importing = False
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")

        # -- the CSV's choices ------------------------------------------------------
        self.csv_box = QWidget(self)
        self.time_mode = QComboBox(self)
        for mode, text in (
            (TimeMode.DATETIME, self.tr("Date and time")),
            (TimeMode.CLOCK, self.tr("Clock time (HH:MM) on the show's date")),
            (TimeMode.MINUTES, self.tr("Minutes since the start")),
            (TimeMode.EPOCH, self.tr("Unix time")),
        ):
            self.time_mode.addItem(text, mode.value)
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.start = QTimeEdit(QTime(0, 0), self)
        self.start.setDisplayFormat("HH:mm")
        self.start.setToolTip(self.tr("With minutes since the start: when the show started"))
        self.offset = QComboBox(self)
        local = local_utc_offset_min()
        for minutes in sorted(set(_OFFSETS) | {local}):
            self.offset.addItem("UTC" + format_utc_offset(minutes), minutes)
        self.offset.setCurrentIndex(self.offset.findData(local))
        choices = QHBoxLayout()
        for label, widget in (
            (self.tr("Time"), self.time_mode),
            (self.tr("Date"), self.day),
            (self.tr("Start"), self.start),
            (self.tr("Offset"), self.offset),
        ):
            choices.addWidget(QLabel(label, self))
            choices.addWidget(widget)
        choices.addStretch(1)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.problems = QListWidget(self)
        self.problems.setMaximumHeight(96)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setObjectName("importNotes")
        self.skip = QCheckBox(self)
        self.skip.toggled.connect(self._update_buttons)
        csv_lay = QVBoxLayout(self.csv_box)
        csv_lay.setContentsMargins(0, 0, 0, 0)
        csv_lay.addLayout(choices)
        csv_lay.addWidget(self.table, 1)
        csv_lay.addWidget(self.notes)
        csv_lay.addWidget(self.problems_label)
        csv_lay.addWidget(self.problems)
        csv_lay.addWidget(self.skip)
        self.csv_box.hide()

        self.streamer = QComboBox(self)
        self.streamer.setEditable(True)
        self.streamer.setMinimumWidth(220)
        line = self.streamer.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("whose session it is"))
            line.textChanged.connect(self._update_buttons)
        self.title_edit = QLineEdit(self)
        who = QFormLayout()
        who.addRow(self.tr("Streamer"), self.streamer)
        who.addRow(self.tr("Title"), self.title_edit)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("importMessage")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.copy_button = self.buttons.addButton(
            self.tr("Import as a copy"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setToolTip(
            self.tr("Keep the session already in the library and add this one as a new session")
        )
        self.copy_button.hide()
        self.import_button.clicked.connect(lambda: self.start_import(as_copy=False))
        self.copy_button.clicked.connect(lambda: self.start_import(as_copy=True))
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(file_row)
        lay.addWidget(self.summary)
        lay.addWidget(self.csv_box, 1)
        lay.addLayout(who)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

        for w in (self.time_mode, self.offset):
            w.currentIndexChanged.connect(self._choices_changed)
        self.day.dateChanged.connect(self._choices_changed)
        self.start.timeChanged.connect(self._choices_changed)
        self._update_buttons()
        self.tasks.submit(self.repo.list_streamers, self._fill_streamers, lambda exc: None)

    # -- choosing and reading a file ----------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a session"),
            self.path.text() or str(Path.home()),
            self.tr("Sessions (*.json *.jsonl *.csv *.tsv *.txt);;All files (*)"),
        )
        if path:
            self.load(path)

    def load(self, path: str | Path) -> None:
        """Read `path` on the task pool; `loaded` follows. Not while an import
        is running (what is being stored stays what the dialog shows)."""
        if self._importing:
            self._show(
                self.tr("Wait for the import to finish before choosing another file."), False
            )
            return
        self._reading += 1
        reading = self._reading
        self.path.setText(str(path))
        self.plan = None
        self.preview = None
        self.info = None
        self.csv_box.hide()
        self.copy_button.hide()
        self.summary.setText(self.tr("Reading…"))
        self._show("", True)
        self._start_progress()
        offset = int(self.offset.currentData())
        self._update_buttons()

        def failed(exc: BaseException) -> None:
            if reading != self._reading:
                return  # another file was chosen meanwhile
            self.progress.hide()
            self.summary.setText("")
            self._show(self.tr("Cannot import this file: {why}").format(why=_why(exc)), False)
            self.loaded.emit()

        def done(plan: ImportPlan) -> None:
            if reading == self._reading:
                self._loaded(plan)

        self.tasks.submit_with_progress(
            lambda report: read_import(path, report, utc_offset_min=offset),
            self._progress_shower(),
            done,
            failed,
        )

    def _loaded(self, plan: ImportPlan) -> None:
        self.progress.hide()
        self.plan = plan
        if plan.unsaved is not None:
            spill = plan.unsaved
            about = spill.header.get("sessions", {})
            names = sorted(
                {str(v.get("streamer", "")) for v in about.values() if isinstance(v, dict)} - {""}
            )
            self.summary.setText(
                self.tr(
                    "Emergency file: {samples} samples that could not be written to the "
                    "database ({sessions}). Importing puts them back into their sessions; "
                    "samples already stored are left out."
                ).format(
                    samples=self.fmt.count(spill.samples),
                    sessions=", ".join(names)
                    or self.tr("sessions {ids}").format(ids=", ".join(sorted(about)) or "?"),
                )
            )
            self.streamer.setEnabled(False)
            self.title_edit.setEnabled(False)
            self._update_buttons()
            self.loaded.emit()
            return
        self.streamer.setEnabled(True)
        self.title_edit.setEnabled(True)
        if plan.json is not None:
            js = plan.json
            fmt = self.fmt
            gmv = js.summary.get("gmv")
            tz = timezone(timedelta(minutes=js.utc_offset_min))
            started = datetime.fromtimestamp(js.started_ms / 1000, tz=UTC).astimezone(tz)
            self.summary.setText(
                self.tr(
                    "Genbo export (version {version}) of {streamer} “{title}”, started "
                    "{started}, {duration} long: {samples} samples, {events} events, {gaps} "
                    "gaps, GMV {gmv}."
                ).format(
                    version=js.version,
                    streamer=js.streamer,
                    title=js.title,
                    started=format_datetime(started),
                    duration=fmt.duration(js.duration_s),
                    samples=fmt.count(js.sample_count),
                    events=fmt.count(len(js.events)),
                    gaps=fmt.count(len(js.gaps)),
                    gmv=fmt.money(None if gmv is None else Decimal(repr(gmv))),
                )
            )
            self.streamer.setCurrentText(js.streamer)
            self.title_edit.setText(js.title)
        else:
            assert plan.csv is not None
            cp = plan.csv
            self.summary.setText(
                self.tr(
                    "CSV ({encoding}), {rows} rows under the headings in row {header}. "
                    "Choose what each column is; cells that cannot be read are marked."
                ).format(
                    encoding=cp.table.encoding,
                    rows=self.fmt.count(len(cp.table.rows)),
                    header=cp.table.header_row,
                )
            )
            self.title_edit.setText(plan.path.stem)
            self._fill_csv(cp.mapping)
            self.csv_box.show()
            self._set_preview(cp.preview, cp.mapping, cp.mapping_error)
            self._recompute()  # with the dialog's date
        self._update_buttons()
        self.loaded.emit()

    def _fill_streamers(self, streamers: list[Streamer]) -> None:
        current = self.streamer.currentText()
        self.streamer.clear()
        self.streamer.addItems([s.name for s in streamers if not s.archived])
        self.streamer.setCurrentText(current)

    # -- the CSV's mapping ----------------------------------------------------------------
    def _fill_csv(self, mapping: CsvMapping) -> None:
        assert self.plan is not None and self.plan.csv is not None
        table = self.plan.csv.table
        rows = self.plan.csv.preview_rows
        self._filling = True
        self.time_mode.setCurrentIndex(self.time_mode.findData(mapping.time_mode.value))
        self.table.clear()
        self.table.setColumnCount(table.width)
        self.table.setRowCount(1 + len(rows))
        self.table.setHorizontalHeaderLabels([h or f"#{i + 1}" for i, h in enumerate(table.header)])
        self.table.setVerticalHeaderLabels(
            [self.tr("Use as")] + [str(table.row_number(k)) for k in range(len(rows))]
        )
        self._combos = []
        for col in range(table.width):
            combo = QComboBox(self.table)
            combo.addItem(self.tr("Ignore"), IGNORE)
            combo.addItem(self.tr("Time"), TIME)
            for m in CATALOGUE:
                name = metric_label(m.key)
                if m.kind is MetricKind.COUNTER:
                    combo.addItem(self.tr("{metric} (running total)").format(metric=name), m.key)
                    combo.addItem(
                        self.tr("{metric} (per minute)").format(metric=name), m.key + PER_MINUTE
                    )
                else:
                    combo.addItem(name, m.key)
            value = IGNORE
            if col == mapping.time_column:
                value = TIME
            elif col in mapping.columns:
                c = mapping.columns[col]
                value = c.metric + (PER_MINUTE if c.per_minute else "")
            combo.setCurrentIndex(combo.findData(value))
            combo.currentIndexChanged.connect(lambda _i, c=col: self._column_changed(c))
            self.table.setCellWidget(0, col, combo)
            self._combos.append(combo)
            for k, row in enumerate(rows):
                item = QTableWidgetItem(row[col] if col < len(row) else "")
                self.table.setItem(1 + k, col, item)
        self.table.resizeColumnsToContents()
        self._filling = False
        self._sync_enabled()

    def _column_changed(self, col: int) -> None:
        if self._filling:
            return
        value = self._combos[col].currentData()
        self._filling = True
        for other, combo in enumerate(self._combos):
            # One time column, and one column per metric.
            if other != col and value != IGNORE and combo.currentData() in _same(value):
                combo.setCurrentIndex(combo.findData(IGNORE))
        self._filling = False
        self._choices_changed()

    def _choices_changed(self) -> None:
        if self._filling or self.plan is None or self.plan.csv is None:
            return
        self._sync_enabled()
        self._recompute()

    def _sync_enabled(self) -> None:
        mode = TimeMode(self.time_mode.currentData())
        self.day.setEnabled(mode in (TimeMode.CLOCK, TimeMode.MINUTES))
        self.start.setEnabled(mode is TimeMode.MINUTES)

    def current_mapping(self) -> CsvMapping:
        """The mapping the dialog's choices make."""
        assert self.plan is not None and self.plan.csv is not None
        cp = self.plan.csv
        header = cp.table.header
        time_col = None
        columns: dict[int, ColumnMap] = {}
        for col, combo in enumerate(self._combos):
            value = str(combo.currentData())
            if value == TIME:
                time_col = col
            elif value != IGNORE:
                key = value.removesuffix(PER_MINUTE)
                guessed = cp.mapping.columns.get(col)
                if guessed is not None and guessed.metric == key:
                    factor = guessed.factor
                else:
                    factor = unit_factor(key, split_unit(header[col])[1]) or Decimal(1)
                columns[col] = ColumnMap(key, value.endswith(PER_MINUTE), factor)
        d = self.day.date()
        t = self.start.time()
        return CsvMapping(
            time_column=time_col,
            time_mode=TimeMode(self.time_mode.currentData()),
            columns=columns,
            utc_offset_min=int(self.offset.currentData()),
            day=date(d.year(), d.month(), d.day()),
            start_min=t.hour() * 60 + t.minute(),
        )

    def _recompute(self) -> None:
        assert self.plan is not None
        plan = self.plan
        mapping = self.current_mapping()
        self._generation += 1
        generation = self._generation

        def work() -> tuple[CsvMapping, CsvData | None, str | None]:
            try:
                check_mapping(plan.csv.table, mapping)  # type: ignore[union-attr]
                return mapping, preview_csv(plan, mapping), None
            except MappingError as exc:
                return mapping, None, str(exc)

        def done(result: tuple[CsvMapping, CsvData | None, str | None]) -> None:
            if generation == self._generation and plan is self.plan:
                self._set_preview(result[1], result[0], result[2])
                self.previewUpdated.emit()

        self.tasks.submit(work, done, self._failed_preview)

    def _failed_preview(self, exc: BaseException) -> None:
        self._show(self.tr("Cannot read the file this way: {why}").format(why=_why(exc)), False)
        self.previewUpdated.emit()

    def _set_preview(self, data: CsvData | None, mapping: CsvMapping, error: str | None) -> None:
        self.preview, self.mapping, self.mapping_error = data, mapping, error
        assert self.plan is not None and self.plan.csv is not None
        table = self.plan.csv.table
        shown = len(self.plan.csv.preview_rows)
        for r in range(1, self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self.problems.clear()
        problems = data.problems if data is not None else ()
        for p in problems:
            k = p.row - table.header_row - 1
            if 0 <= k < shown:
                item = self.table.item(1 + k, p.column)
                if item is not None:
                    item.setBackground(QBrush(tone("problem_bg")))
                    item.setToolTip(p.reason)
        for p in problems[:MAX_LISTED]:
            self.problems.addItem(
                self.tr("Row {row}, {column}: “{text}” — {reason}").format(
                    row=p.row, column=p.header or f"#{p.column + 1}", text=p.text, reason=p.reason
                )
            )
        if len(problems) > MAX_LISTED:
            self.problems.addItem(
                self.tr("… and {n} more").format(n=self.fmt.count(len(problems) - MAX_LISTED))
            )
        self.problems.setVisible(bool(problems))
        if error is not None:
            self.problems_label.setText(error)
            set_tone(self.problems_label, "bad")
        elif problems:
            self.problems_label.setText(
                self.tr(
                    "Cells that cannot be read: {cells}. They are marked, with their reasons in "
                    "the tooltips and below. Nothing is imported while they remain."
                ).format(cells=self.fmt.count(len(problems)))
            )
            set_tone(self.problems_label, "bad")
        elif data is not None:
            metrics = [metric_label(c.metric) for c in mapping.columns.values()]
            self.problems_label.setText(
                self.tr("Every cell can be read: {rows} rows of {metrics}.").format(
                    rows=self.fmt.count(data.rows_read), metrics=", ".join(metrics)
                )
            )
            set_tone(self.problems_label, "good")
        # What was guessed and what reading changed (the file's own words).
        notes = list(self.plan.csv.notes) + (list(data.notes) if data is not None else [])
        self.notes.setText("\n".join("• " + n for n in notes))
        self.notes.setVisible(bool(notes))
        bad_rows = len(data.bad_rows) if data is not None else 0
        self.skip.setText(
            self.tr("Leave out the rows with cells that cannot be read ({n})").format(
                n=self.fmt.count(bad_rows)
            )
        )
        self.skip.setVisible(bad_rows > 0)
        if bad_rows == 0:
            self.skip.setChecked(False)
        self._update_buttons()

    # -- importing --------------------------------------------------------------------
    def _ready(self) -> bool:
        if self.plan is None or self.progress.isVisible() or self.info is not None:
            return False
        if self.plan.unsaved is not None:
            return True  # the file names its sessions
        if not self.streamer.currentText().strip():
            return False
        if self.plan.csv is not None:
            if self.mapping_error is not None or self.preview is None:
                return False
            if self.preview.problems and not self.skip.isChecked():
                return False
        return True

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self._ready())
        self.copy_button.setEnabled(self._ready())

    def start_import(self, as_copy: bool = False) -> None:
        if not self._ready():
            return
        assert self.plan is not None
        plan = self.plan
        mapping = self.mapping if plan.csv is not None else None
        streamer = self.streamer.currentText().strip()
        title = self.title_edit.text()
        skip = self.skip.isChecked()
        repo = self.repo
        self._show(self.tr("Importing…"), True)
        self._importing = True
        self.choose_button.setEnabled(False)
        self._start_progress()
        self._update_buttons()

        def work(report: Progress) -> SessionInfo:
            return import_session(
                repo,
                plan,
                mapping=mapping,
                streamer=streamer,
                title=title,
                as_copy=as_copy,
                skip_bad_rows=skip,
                progress=report,
            )

        self.tasks.submit_with_progress(
            work, self._progress_shower(), self._imported, self._failed_import
        )

    def _imported(self, info: SessionInfo) -> None:
        self._importing = False
        self.choose_button.setEnabled(True)
        self.progress.hide()
        self.info = info
        self.copy_button.hide()
        self._show(
            self.tr(
                "Imported as session {id}: {streamer} “{title}”, {samples} samples, GMV {gmv}."
            ).format(
                id=info.id,
                streamer=info.streamer.name,
                title=info.title,
                samples=self.fmt.count(info.summary.sample_count),
                gmv=self.fmt.money(info.summary.yuan(info.summary.gmv_fen)),
            ),
            True,
        )
        self._update_buttons()
        self.imported.emit(info.id)

    def _failed_import(self, exc: BaseException) -> None:
        self._importing = False
        self.choose_button.setEnabled(True)
        self.progress.hide()
        if isinstance(exc, AlreadyImportedError):
            self.copy_button.show()
            self._show(str(exc), False)
        else:
            self._show(self.tr("Nothing was imported: {why}").format(why=_why(exc)), False)
        self._update_buttons()

    # -- helpers ------------------------------------------------------------------------
    def _start_progress(self) -> None:
        self.progress.setValue(0)
        self.progress.show()

    def _progress_shower(self) -> Progress:
        return progress_to_bar(
            self.progress,
            {
                "reading": self.tr("Reading the file"),
                "parsing": self.tr("Reading the samples"),
                "storing": self.tr("Storing"),
                "done": self.tr("Done"),
            },
        )

    def _show(self, text: str, ok: bool) -> None:
        set_tone(self.message, "good" if ok else "bad")
        self.message.setText(text)


def _same(value: str) -> set[str]:
    """Choices that clash with `value` in another column."""
    if value == TIME:
        return {TIME}
    key = value.removesuffix(PER_MINUTE)
    return {key, key + PER_MINUTE} if key in METRICS else set()


def _why(exc: BaseException) -> str:
    if isinstance(exc, (SessionImportError, StorageError, MappingError, OSError)):
        return str(exc)
    return repr(exc)
