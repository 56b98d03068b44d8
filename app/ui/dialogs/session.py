"""Dialogs: a new session, and the entry form. Opened with open(), never exec(),
never from a constructor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.config.secret_store import SecretStore
from app.core.entry import ALIASES, Contradiction, Entry, EntryError, parse_entry
from app.core.metrics import CATALOGUE, Metric
from app.runtime.tasks import TaskRunner
from app.sources.base import Source
from app.ui.dialogs.source_panels import (
    FilePanel,
    HttpPanel,
    IngestPanel,
    ScreenPanel,
    SimulatorPanel,
    SourcePanel,
    SourceSetupError,
)
from app.ui.widgets.format import format_metric, metric_label, number_format
from app.ui.widgets.labels import form_error


@dataclass(frozen=True)
class NewSessionSpec:
    streamer: str
    title: str
    sources: tuple[Source, ...]


DIALOG_MARGIN_PX = 60
"""Room a dialog leaves on a small screen for its title bar and the panel."""


class NewSessionDialog(QDialog):
    """Who, what, and where the numbers come from. Typing is always available;
    any number of other sources can be added."""

    def __init__(
        self,
        streamers: list[str],
        store: SecretStore,
        tasks: TaskRunner,
        last_streamer: str = "",
        demo_speed: float = 10.0,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
    ) -> None:
        """`data_dir`: where the screen layouts are (None: no screen source)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("New live session"))
        self.setMinimumWidth(620)
        # 760 px tall where there is room; on a 720-px laptop its buttons fell
        # off the screen (the sources scroll inside it instead).
        screen = (parent.screen() if parent is not None else None) or self.screen()
        free = screen.availableGeometry()
        self.resize(min(680, free.width()), min(760, free.height() - DIALOG_MARGIN_PX))
        self.streamer = QComboBox(self)
        self.streamer.setEditable(True)
        self.streamer.addItems(streamers)
        self.streamer.setCurrentText(last_streamer)
        streamer_edit = self.streamer.lineEdit()
        assert streamer_edit is not None  # an editable combo box has one
        streamer_edit.setPlaceholderText(self.tr("Streamer name, e.g. 小杨哥"))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. 双11 returning customers special"))
        self.error = form_error(self)

        self.sim = SimulatorPanel(demo_speed, self)
        self.http = HttpPanel(store, tasks, self)
        self.ingest = IngestPanel(store, self)
        self.file = FilePanel(self)
        self.panels: list[SourcePanel] = [self.http, self.ingest, self.file]
        self.screen_panel: ScreenPanel | None = None
        if data_dir is not None:
            self.screen_panel = ScreenPanel(data_dir, tasks, self)
            self.panels.append(self.screen_panel)
        self.panels.append(self.sim)
        keyboard = QLabel(
            self.tr("Typing numbers (Ctrl+L) is always on. Add any sources that can feed it:"),
            self,
        )
        keyboard.setWordWrap(True)
        inner = QWidget(self)
        inner_lay = QVBoxLayout(inner)
        inner_lay.addWidget(keyboard)
        for panel in self.panels:
            inner_lay.addWidget(panel)
        inner_lay.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)

        form = QFormLayout()
        form.addRow(self.tr("Streamer"), self.streamer)
        form.addRow(self.tr("Title"), self.title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.spec: NewSessionSpec | None = None

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _try_accept(self) -> None:
        name = self.streamer.currentText().strip()
        if not name:
            self._fail(self.tr("Enter the streamer's name (a new name creates the streamer)."))
            self.streamer.setFocus()
            return
        chosen = [p for p in self.panels if p.isChecked()]
        if self.sim in chosen and len(chosen) > 1 and self.sim.speed.value() != 1:
            self._fail(
                self.tr(
                    "The simulator runs faster than real time only on its own; set its "
                    "speed to 1× to combine it with other sources."
                )
            )
            return
        sources: list[Source] = []
        for panel in chosen:
            try:
                sources.append(panel.build())
            except (SourceSetupError, ValueError) as exc:
                self._fail(f"{panel.title()}: {exc}")
                return
        self.spec = NewSessionSpec(name, self.title.text().strip(), tuple(sources))
        self.accept()


EntryCheck = Callable[[Entry], tuple[int | None, list[Contradiction], str]]
"""(when the entry is for, the running totals it contradicts, those explained)."""


class ManualEntryDialog(QDialog):
    """A field per metric, for those who prefer a form to the entry line. Each
    field accepts what the entry line accepts (1.2万, 3.5w, 1:35 …)."""

    def __init__(
        self,
        latest: dict[str, int],
        parent: QWidget | None = None,
        check: EntryCheck | None = None,
    ) -> None:
        """`check`: the entry line's, which resolves the time within the session
        and names the running totals an entry contradicts."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter numbers"))
        self.latest = latest
        self._check = check
        self.ts_ms: int | None = None
        """When the accepted entry is for (UTC ms), None for now."""
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.current: dict[str, QLabel] = {}
        """Beside each field, the metric's newest value ("now: ¥98万")."""
        form = QFormLayout()
        for m in CATALOGUE:
            edit = QLineEdit(self)
            edit.setPlaceholderText(self._placeholder(m))
            now = QLabel(self._current_text(m), self)
            now.setObjectName("formCurrent")
            now.setEnabled(False)  # drawn dimmed: context, not input
            err = QLabel(self)
            err.setObjectName("formError")
            err.setWordWrap(True)  # a long explanation wraps instead of widening the form
            err.hide()
            line = QHBoxLayout()
            line.addWidget(edit, 1)
            line.addWidget(now)
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addLayout(line)
            box.addWidget(err)
            form.addRow(f"{metric_label(m.key)} · {m.label_zh}", box)
            self.fields[m.key] = edit
            self.errors[m.key] = err
            self.current[m.key] = now
        self.at = QLineEdit(self)
        self.at.setPlaceholderText(self.tr("now, or a clock time like 21:03"))
        form.addRow(self.tr("Time"), self.at)
        self.message = form_error(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Store"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.entry: Entry | None = None
        self._confirm_backwards: Entry | None = None

    def _placeholder(self, m: Metric) -> str:
        """What to type, in the metric's unit: never a number that could be read
        as the current value."""
        fmt = number_format()
        if m.unit.value == "seconds":
            return self.tr("minutes:seconds, e.g. {example}").format(example=fmt.duration(95))
        if m.is_money:
            return self.tr("yuan, e.g. {example}").format(example=fmt.money(12_000))
        return self.tr("a count, e.g. {example}").format(example=fmt.count(3500))

    def _current_text(self, m: Metric) -> str:
        raw = self.latest.get(m.key)
        value = None if raw is None else m.display_float(raw)
        return self.tr("now: {value}").format(value=format_metric(m.key, value))

    def _try_accept(self) -> None:
        values: dict[str, int] = {}
        ok = True
        for key, edit in self.fields.items():
            err = self.errors[key]
            err.hide()
            text = edit.text().strip()
            if not text:
                continue
            try:
                values.update(parse_entry(f"{ALIASES[key][0]} {text}").values)
            except EntryError as exc:
                err.setText(str(exc).split(": ", 1)[-1])
                err.show()
                ok = False
        at_text = self.at.text().strip()
        at = None
        if at_text:
            try:
                at = parse_entry(f"v 0 @{at_text}").at
            except EntryError as exc:
                self.message.setText(str(exc))
                self.message.show()
                ok = False
        if not ok:
            return
        if not values:
            self.message.setText(self.tr("Fill in at least one number."))
            self.message.show()
            return
        entry = Entry(values, at, at_text.count(":") == 2)
        ts_ms: int | None = None
        conflicts: list[Contradiction] = []
        if self._check is not None:
            try:
                ts_ms, conflicts, explained = self._check(entry)
            except EntryError as exc:
                self.message.setText(str(exc))
                self.message.show()
                return
        if conflicts and self._confirm_backwards != entry:
            self._confirm_backwards = entry
            self.message.setText(
                explained
                + " "
                + self.tr("It is a running total. Press Store again to keep it anyway.")
            )
            self.message.show()
            return
        self.entry = entry
        self.ts_ms = ts_ms
        self.accept()
