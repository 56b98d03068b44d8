"""Import a platform's ad report (磁力金牛 or 千川 export, CSV or XLSX).

The file is read and matched on the task pool (`plan_import`): the dialog
shows what matched a streamer (with that streamer's sessions on the row's
day), what did not and why, and every cell that cannot be read. Import
stores the matched rows (`apply_import`, on the pool). Importing the same
rows again updates them; figures from a newer export are kept. Opened with
open()."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.ads import DOUYIN, KUAISHOU, PLATFORM_TOOLS, PLATFORM_WINDOWS, AdRow, window_label
from app.runtime.tasks import Progress, TaskRunner
from app.session.ads import AdImportResult, AdPreview, apply_import, plan_import
from app.storage.repository import Repository
from app.ui.widgets.format import format_date, number_format
from app.ui.widgets.progress import progress_to_bar
from app.ui.widgets.style import set_tone

ROI_DECIMALS = 2


class AdsImportDialog(QDialog):
    """Pick a report, check the preview, import. `previewed` follows every
    read (see `message` when it failed); `imported` carries the
    `AdImportResult`."""

    previewed = Signal()
    imported = Signal(object)

    def __init__(self, repo: Repository, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.tasks = tasks
        self.preview: AdPreview | None = None
        self.import_result: AdImportResult | None = None
        self._reading = 0
        self._importing = False
        self.setWindowTitle(self.tr("Import an ad report"))
        self.setMinimumSize(600, 420)
        self.resize(1000, 620)

        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(
            self.tr("The 磁力金牛 or 千川 report export (.csv or .xlsx), rows per day and plan")
        )
        self.choose_button = QPushButton(self.tr("Choose file…"), self)
        self.choose_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)

        self.as_of_check = QCheckBox(self.tr("The export was made on"), self)
        self.as_of_check.setToolTip(
            self.tr(
                "T15 and T30 settle 15 and 30 days after the spend, so Genbo keeps the day "
                "each export was made; unticked: today"
            )
        )
        self.as_of = QDateEdit(QDate.currentDate(), self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setEnabled(False)
        self.as_of_check.toggled.connect(self.as_of.setEnabled)
        self.as_of_check.toggled.connect(lambda _on: self._as_of_changed())
        self.as_of.dateChanged.connect(lambda _d: self._as_of_changed())
        self.platform = QComboBox(self)
        self.platform.addItem(self.tr("As its columns say"), None)
        self.platform.addItem(self.tr("磁力金牛 (Kuaishou)"), KUAISHOU)
        self.platform.addItem(self.tr("千川 (Douyin)"), DOUYIN)
        self.platform.currentIndexChanged.connect(lambda _i: self.reload())
        choices = QHBoxLayout()
        choices.addWidget(self.as_of_check)
        choices.addWidget(self.as_of)
        choices.addSpacing(12)
        choices.addWidget(QLabel(self.tr("Report of"), self))
        choices.addWidget(self.platform)
        choices.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setObjectName("adsSummary")
        self.summary.setWordWrap(True)
        self.reimport_note = QLabel(
            self.tr(
                "Importing a report again updates the same rows (platform, account, day and "
                "plan): nothing is counted twice, and newer figures are kept (an older export "
                "never overwrites a later one's)."
            ),
            self,
        )
        self.reimport_note.setWordWrap(True)
        set_tone(self.reimport_note, "muted")

        self.matched = self._table()
        self.matched.setObjectName("adsMatched")
        self.unmatched = self._table()
        self.unmatched.setObjectName("adsUnmatched")
        self.problems = QListWidget(self)
        self.problems.setObjectName("adsProblems")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.matched, self.tr("Matched"))
        self.tabs.addTab(self.unmatched, self.tr("Not matched"))
        self.tabs.addTab(self.problems, self.tr("Problems and notes"))
        self.tabs.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setObjectName("adsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(file_row)
        lay.addLayout(choices)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.reimport_note)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self._update_buttons()

    def _table(self) -> QTableWidget:
        t = QTableWidget(0, 0, self)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setWordWrap(False)
        t.verticalHeader().hide()
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return t

    # -- choosing and reading ----------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import an ad report"),
            self.path.text() or str(Path.home()),
            self.tr("Ad reports (*.csv *.xlsx *.xlsm *.txt);;All files (*)"),
        )
        if path:
            self.load(path)

    def chosen_as_of(self) -> date | None:
        if not self.as_of_check.isChecked():
            return None
        d = self.as_of.date()
        return date(d.year(), d.month(), d.day())

    def load(self, path: str | Path) -> None:
        """Read and match `path` on the task pool; `previewed` follows."""
        if self._importing:
            self._show(
                self.tr("Wait for the import to finish before choosing another file."), False
            )
            return
        self.path.setText(str(path))
        self.reload()

    def reload(self) -> None:
        if not self.path.text() or self._importing:
            return
        self._reading += 1
        reading = self._reading
        path = Path(self.path.text())
        as_of, platform = self.chosen_as_of(), self.platform.currentData()
        self.preview = None
        self.import_result = None
        self.summary.setText(self.tr("Reading…"))
        self._show("", True)
        self._clear_tables()
        self._update_buttons()
        repo = self.repo

        def done(preview: AdPreview) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self._set_preview(preview)
                self.previewed.emit()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return  # closed meanwhile
            if reading == self._reading:
                self.summary.setText("")
                self._show(self.tr("Cannot import this file: {why}").format(why=exc), False)
                self._update_buttons()
                self.previewed.emit()

        self.tasks.submit(lambda: plan_import(repo, path, as_of, platform), done, failed)

    def _as_of_changed(self) -> None:
        """The as-of day changes nothing in the matching: the preview keeps it."""
        if self.preview is not None and not self._importing:
            self.preview = replace(self.preview, as_of=self.chosen_as_of() or date.today())
            self._show_summary(self.preview)

    def _clear_tables(self) -> None:
        for t in (self.matched, self.unmatched):
            t.setRowCount(0)
        self.problems.clear()
        for i, name in enumerate(
            (self.tr("Matched"), self.tr("Not matched"), self.tr("Problems and notes"))
        ):
            self.tabs.setTabText(i, name)

    # -- the preview -------------------------------------------------------------------
    def _set_preview(self, preview: AdPreview) -> None:
        self.preview = preview
        fmt = number_format()
        windows = PLATFORM_WINDOWS[preview.platform]
        self._show_summary(preview)

        heads = [self.tr("Row"), self.tr("Streamer"), self.tr("Day"), self.tr("Plan"),
                 self.tr("Spend")]  # fmt: skip
        heads += [window_label(w) for w in windows]
        heads.append(self.tr("Sessions that day"))
        self.matched.setColumnCount(len(heads))
        self.matched.setHorizontalHeaderLabels(heads)
        self.matched.setRowCount(len(preview.matched))
        for r, m in enumerate(preview.matched):
            if m.sessions:
                sessions = self.tr("{n}: {ids}").format(
                    n=len(m.sessions), ids=", ".join(f"#{i}" for i in m.sessions)
                )
            else:
                sessions = self.tr("none (stored for the day)")
            cells = [str(m.row.row), m.streamer.name, format_date(m.row.day),
                     self._plan(m.row), fmt.money_fen_exact(m.row.spend_fen)]  # fmt: skip
            cells += [self._window_text(m.row, w) for w in windows]
            cells.append(sessions)
            self._fill_row(self.matched, r, cells, right={0, 4, *range(5, 5 + len(windows))})
            if len(m.sessions) > 1:
                item = self.matched.item(r, len(cells) - 1)
                if item is not None:
                    item.setToolTip(
                        self.tr(
                            "The row is the day's: its figures are shared by the streamer's "
                            "sessions that day"
                        )
                    )
        heads = [self.tr("Row"), self.tr("Day"), self.tr("Plan"), self.tr("Account"),
                 self.tr("Spend"), self.tr("Why it is not stored")]  # fmt: skip
        self.unmatched.setColumnCount(len(heads))
        self.unmatched.setHorizontalHeaderLabels(heads)
        self.unmatched.setRowCount(len(preview.unmatched))
        for r, u in enumerate(preview.unmatched):
            cells = [str(u.row.row), format_date(u.row.day), self._plan(u.row),
                     u.row.account_id, fmt.money_fen_exact(u.row.spend_fen), u.reason]  # fmt: skip
            self._fill_row(self.unmatched, r, cells, right={0, 4})
        for t in (self.matched, self.unmatched):
            t.resizeColumnsToContents()
        self.problems.clear()
        for p in preview.problems:
            self.problems.addItem(p.describe())
        report = preview.report
        if report.total_rows:
            self.problems.addItem(
                self.tr("The totals row (合计) is not a plan; skipped: row {rows}").format(
                    rows=", ".join(str(n) for n in report.total_rows)
                )
            )
        for note in preview.notes:
            self.problems.addItem(self.tr("Note: {note}").format(note=note))
        if report.ignored_columns:
            self.problems.addItem(
                self.tr("Columns not read: {cols}").format(cols=", ".join(report.ignored_columns))
            )
        self.tabs.setTabText(0, self.tr("Matched ({n})").format(n=len(preview.matched)))
        self.tabs.setTabText(1, self.tr("Not matched ({n})").format(n=len(preview.unmatched)))
        self.tabs.setTabText(2, self.tr("Problems and notes ({n})").format(n=self.problems.count()))
        if not preview.matched and (preview.unmatched or preview.problems):
            self.tabs.setCurrentIndex(1 if preview.unmatched else 2)
        else:
            self.tabs.setCurrentIndex(0)
        left_out = len(preview.unmatched) + len(report.bad_rows)
        if not preview.matched:
            self._show(self.tr("No row matches a streamer: nothing would be stored."), False)
        elif left_out:
            self._show(
                self.tr(
                    "{n} rows will be stored. Left out: {bad} (“Not matched” and “Problems "
                    "and notes” say why)."
                ).format(n=len(preview.matched), bad=left_out),
                "warn",
            )
        else:
            self._show(self.tr("{n} rows will be stored.").format(n=len(preview.matched)), True)
        self._update_buttons()

    def _show_summary(self, preview: AdPreview) -> None:
        report = preview.report
        self.summary.setText(
            self.tr(
                "{tool} report: {rows} rows read under the headings in row {header}; as of "
                "{as_of}. Windows: {windows}."
            ).format(
                tool=PLATFORM_TOOLS[preview.platform],
                rows=len(report.rows) + len(report.bad_rows),
                header=report.header_row,
                as_of=format_date(preview.as_of),
                windows=", ".join(window_label(w) for w in PLATFORM_WINDOWS[preview.platform]),
            )
        )

    @staticmethod
    def _plan(row: AdRow) -> str:
        return f"{row.plan_id} {row.plan_name}".strip()

    def _window_text(self, row: AdRow, window: str) -> str:
        fig = row.window(window)
        if fig.gmv_fen is None:
            return self.tr("not settled")
        fmt = number_format()
        return self.tr("{gmv} · ROI {roi}").format(
            gmv=fmt.money_fen_exact(fig.gmv_fen), roi=fmt.ratio(row.roi(window), ROI_DECIMALS)
        )

    @staticmethod
    def _fill_row(table: QTableWidget, r: int, cells: list[str], right: set[int]) -> None:
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(text)
            table.setItem(r, c, item)

    def cell(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    # -- importing ---------------------------------------------------------------------
    def _ready(self) -> bool:
        return (
            self.preview is not None
            and bool(self.preview.matched)
            and self.import_result is None
            and not self._importing
        )

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self._ready())

    def start_import(self) -> None:
        if not self._ready():
            return
        assert self.preview is not None
        preview = self.preview
        repo = self.repo
        self._importing = True
        self.choose_button.setEnabled(False)
        self.platform.setEnabled(False)
        self._show(self.tr("Importing…"), True)
        self.progress.setValue(0)
        self.progress.show()
        self._update_buttons()

        def work(report: Progress) -> AdImportResult:
            report(0.1, "storing")
            result = apply_import(repo, preview)
            report(1.0, "done")
            return result

        show = progress_to_bar(
            self.progress, {"storing": self.tr("Storing"), "done": self.tr("Done")}
        )
        self.tasks.submit_with_progress(work, show, self._imported, self._failed)

    def _finish(self) -> None:
        self._importing = False
        self.choose_button.setEnabled(True)
        self.platform.setEnabled(True)
        self.progress.hide()

    def _imported(self, result: AdImportResult) -> None:
        if not isValid(self):
            return  # closed meanwhile
        self._finish()
        self.import_result = result
        o = result.outcome
        left_out = len(result.preview.unmatched) + len(result.preview.report.bad_rows)
        lines = [
            self.tr(
                "Stored: {new} new, {updated} updated, {same} unchanged; {kept} kept as they "
                "were (a newer export is stored); {bad} left out."
            ).format(
                new=len(o.inserted),
                updated=len(o.updated),
                same=len(o.unchanged),
                kept=len(o.kept_newer),
                bad=left_out,
            )
        ]
        for row, stored in o.kept_newer:
            lines.append(
                self.tr(
                    "Row {row}: the stored figures are as of {day}, newer than this export"
                ).format(row=row, day=format_date(stored))
            )
        self._show("\n".join(lines), True)
        self._update_buttons()
        self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return  # closed meanwhile
        self._finish()
        self._show(self.tr("Nothing was imported: {why}").format(why=exc), False)
        self._update_buttons()

    def _show(self, text: str, ok: bool | str) -> None:
        """`ok`: True (good), False (bad) or a tone's name."""
        set_tone(self.message, ok if isinstance(ok, str) else ("good" if ok else "bad"))
        self.message.setText(text)
