"""Export a session's highlights for the video editors (or the whole session as JSON)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.session import SessionInfo
from app.exports import ExportError, ExportOptions, ExportResult, parse_offset
from app.exports.formats import EXTENSIONS
from app.runtime.tasks import Progress, TaskRunner
from app.ui.widgets.progress import progress_to_bar
from app.ui.widgets.style import set_tone

REPORT_PDF = "report-pdf"
REPORT_PNG = "report-png"
"""Not export formats of `app.exports`: the report is drawn by the window's
painter (`app.ui.view.report_page`); the dialog offers it beside them."""
REPORT_EXTENSIONS = {REPORT_PDF: "pdf", REPORT_PNG: "png"}
VIDEOLESS = frozenset({"xlsx", REPORT_PDF, REPORT_PNG})
"""Formats that do not place anything on a video's clock."""


class ExportDialog(QDialog):
    finished_export = Signal(object)
    """The `ExportResult` once written (tests wait on it)."""

    def __init__(
        self,
        info: SessionInfo,
        tasks: TaskRunner,
        run_export: Callable[[str, ExportOptions, Progress], ExportResult],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export session {id}").format(id=info.id))
        self.setMinimumWidth(560)
        self.info = info
        self.tasks = tasks
        self.run_export = run_export
        self.format = QComboBox(self)
        for key, text in (
            ("chapters", self.tr("YouTube chapters (text)")),
            ("edl", self.tr("EDL, CMX 3600 (Avid, Premiere, Resolve, Vegas)")),
            ("resolve-edl", self.tr("DaVinci Resolve timeline markers (EDL)")),
            ("premiere", self.tr("Adobe Premiere markers (FCP 7 XML)")),
            ("fcpxml", self.tr("Final Cut Pro X markers (FCPXML)")),
            ("srt", self.tr("Subtitles, one per highlight (SRT)")),
            ("csv", self.tr("Spreadsheet (CSV for Excel)")),
            ("json", self.tr("The whole session (JSON)")),
            ("clips", self.tr("Segments as a ranked clip list (CSV)")),
            ("xlsx", self.tr("复盘 workbook: summary, minutes, highlights, segments (Excel)")),
            (REPORT_PDF, self.tr("复盘 report, one page (PDF)")),
            (REPORT_PNG, self.tr("复盘 report, one page (PNG)")),
        ):
            self.format.addItem(text, key)
        self.offset = QLineEdit("+0:00:00", self)
        self.offset.setToolTip(
            self.tr(
                "When the video recording started before the session, enter a positive "
                "offset (+0:02:00: the session's 0:00 is 2:00 into the video); negative "
                "when it started later."
            )
        )
        self.fps = QSpinBox(self)
        self.fps.setRange(1, 120)
        self.fps.setValue(30)
        self.path = QLineEdit(self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("exportMessage")
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Video offset"), self.offset)
        form.addRow(self.tr("Frame rate"), self.fps)
        form.addRow(self.tr("Save as"), row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._suggest_path)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._form = form
        self._suggest_path()
        self._format_changed()

    def _format_changed(self) -> None:
        """Only the editors' formats use the video offset and the frame rate;
        a message about the previous format goes."""
        fmt = str(self.format.currentData())
        video = fmt not in VIDEOLESS
        for field in (self.offset, self.fps):
            field.setVisible(video)
            label = self._form.labelForField(field)
            if label is not None:
                label.setVisible(video)
        self.message.clear()

    def _suggest_path(self) -> None:
        fmt = str(self.format.currentData())
        stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", f"{self.info.streamer.name}")
        ext = REPORT_EXTENSIONS.get(fmt) or EXTENSIONS[fmt]
        name = f"{stem}_{self.info.started_at.strftime('%Y%m%d_%H%M')}_{fmt}.{ext}"
        current = Path(self.path.text()) if self.path.text() else Path.home() / name
        self.path.setText(str(current.with_name(name)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text())
        if path:
            self.path.setText(path)

    def _show(self, text: str, ok: bool) -> None:
        set_tone(self.message, "good" if ok else "bad")
        self.message.setText(text)

    def start(self) -> None:
        fmt = str(self.format.currentData())
        try:
            opt = ExportOptions(offset_s=parse_offset(self.offset.text()), fps=self.fps.value())
        except ExportError as exc:
            self._show(str(exc), False)
            return
        target = Path(self.path.text().strip())
        if not self.path.text().strip():
            self._show(self.tr("Choose where to save the file."), False)
            return
        ext = REPORT_EXTENSIONS.get(fmt) or EXTENSIONS[fmt]
        if target.suffix.lower() != "." + ext:
            # A workbook saved as report.pdf opens as nothing anywhere.
            self._show(
                self.tr(
                    "The file name ends in “{suffix}”, but this format writes a .{ext} file. "
                    "Nothing was written: change the name or the format."
                ).format(suffix=target.suffix or self.tr("(nothing)"), ext=ext),
                False,
            )
            return
        self.progress.show()
        self.buttons.setEnabled(False)
        self._show(self.tr("Exporting…"), True)

        def work(report: Progress) -> ExportResult:
            result = self.run_export(fmt, opt, report)
            report(1.0, "saving")
            result.save(target)
            return result

        progress = progress_to_bar(
            self.progress,
            {
                "reading": self.tr("Reading the session"),
                "writing": self.tr("Writing"),
                "saving": self.tr("Saving"),
            },
        )
        self.progress.setValue(0)
        self.tasks.submit_with_progress(
            work, progress, lambda r: self._done(r, target), self._failed
        )

    def _done(self, result: ExportResult, target: Path) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        text = self.tr("Saved {path}").format(path=target)
        if result.notes:
            text += (
                "\n" + self.tr("Changed to fit the format:") + "\n• " + "\n• ".join(result.notes)
            )
        self._show(text, True)
        self.finished_export.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        what = str(exc) if isinstance(exc, ExportError | OSError) else repr(exc)
        self._show(self.tr("Nothing was written: {why}").format(why=what), False)
        self.finished_export.emit(None)
