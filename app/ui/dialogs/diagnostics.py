"""Help ▸ Diagnostics: what `genbo doctor` prints, gathered off the GUI thread,
shown read-only and copied in one click for a bug report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets.style import set_tone

if TYPE_CHECKING:
    from app.config.paths import AppPaths
    from app.config.secret_store import SecretStore
    from app.runtime.live import LiveSession
    from app.runtime.tasks import TaskRunner
    from app.session.diagnostics import Diagnostics
    from app.storage.database import Database


class DiagnosticsContext(Protocol):
    """What the dialog takes from the window's `AppContext`."""

    paths: AppPaths
    db: Database
    tasks: TaskRunner
    secrets: SecretStore
    writer: Any


class DiagnosticsDialog(QDialog):
    gathered = Signal(str)
    """The text, once it is shown (tests wait on it)."""

    def __init__(
        self,
        ctx: DiagnosticsContext,
        live: LiveSession | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diagnostics"))
        self.ctx = ctx
        self.live = live
        self.report: Diagnostics | None = None
        self.summary = QLabel(self.tr("Gathering…"), self)
        self.summary.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no share to show: it moves until the text is there
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(self.tr("Gathering the diagnostics…"))
        self.copy = QPushButton(self.tr("Copy diagnostics"), self)
        self.copy.setToolTip(
            self.tr("Put the whole text on the clipboard, to paste into a bug report")
        )
        self.copy.setEnabled(False)
        self.copy.clicked.connect(self.copy_to_clipboard)
        self.refresh = QPushButton(self.tr("Gather again"), self)
        self.refresh.setEnabled(False)
        self.refresh.clicked.connect(self.start)
        self.copied = QLabel("", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy)
        row.addWidget(self.refresh)
        row.addWidget(self.copied, 1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.resize(self._start_size())

    def _start_size(self) -> Any:
        """About 100 columns by 36 lines, within a 1280×720 screen's room."""
        from PySide6.QtCore import QSize

        metrics = self.text.fontMetrics()
        want = QSize(metrics.horizontalAdvance("M") * 104 + 48, metrics.lineSpacing() * 36 + 120)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry().size()
            want = want.boundedTo(QSize(int(room.width() * 0.9), int(room.height() * 0.85)))
        return want.expandedTo(QSize(560, 360))

    def start(self) -> None:
        """Gather on a pool thread; the window's live sources' status is read
        here, on the GUI thread, first."""
        from app.session.diagnostics import gather

        self.copy.setEnabled(False)
        self.refresh.setEnabled(False)
        self.busy.show()
        self.summary.setText(self.tr("Gathering…"))
        set_tone(self.summary, None)
        self.copied.clear()
        status = dict(self.live.statuses) if self.live is not None else None
        sources = dict(self.live.recorder.sources) if self.live is not None else None
        ctx = self.ctx

        def work() -> Diagnostics:
            return gather(
                ctx.paths,
                ctx.db,
                sources_status=status,
                live_sources=sources,
                secrets=ctx.secrets,
                writer=ctx.writer,
            )

        ctx.tasks.submit(work, self._show, self._failed)

    def _show(self, report: Diagnostics) -> None:
        self.report = report
        text = report.as_text()
        self.busy.hide()
        self.summary.setText(report.summary())
        set_tone(self.summary, None if report.healthy else "bad")
        self.text.setPlainText(text)
        self.copy.setEnabled(True)
        self.refresh.setEnabled(True)
        self.gathered.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.summary.setText(
            self.tr("The diagnostics could not be gathered: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
        )
        set_tone(self.summary, "bad")
        self.refresh.setEnabled(True)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied.setText(self.tr("Copied."))


def open_diagnostics(
    parent: QWidget | None, ctx: DiagnosticsContext, live: LiveSession | None = None
) -> DiagnosticsDialog:
    """Show the diagnostics (not modal) and start gathering them. `live` is
    the window's live session, if any: its sources' status is included."""
    dialog = DiagnosticsDialog(ctx, live, parent)
    dialog.show()
    dialog.start()
    return dialog
