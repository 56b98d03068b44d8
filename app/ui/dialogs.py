"""The new-session dialog. Opened with open(), never exec(), never from a constructor."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.entry import ALIASES, Entry, EntryError, backwards, parse_entry
from app.core.metrics import CATALOGUE
from app.sources.base import Source
from app.sources.simulator import SimulatorSource
from app.ui.format import metric_label


@dataclass(frozen=True)
class NewSessionSpec:
    streamer: str
    title: str
    sources: tuple[Source, ...]


class NewSessionDialog(QDialog):
    def __init__(
        self,
        streamers: list[str],
        last_streamer: str = "",
        demo_speed: float = 10.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New live session"))
        self.setMinimumWidth(420)
        self.streamer = QComboBox(self)
        self.streamer.setEditable(True)
        self.streamer.addItems(streamers)
        self.streamer.setCurrentText(last_streamer)
        self.streamer.lineEdit().setPlaceholderText(self.tr("Streamer name, e.g. 小杨哥"))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. 双11 returning customers special"))
        self.source = QComboBox(self)
        self.source.addItem(self.tr("Simulator (demo data)"), "simulator")
        self.speed = QDoubleSpinBox(self)
        self.speed.setRange(1.0, 1000.0)
        self.speed.setDecimals(0)
        self.speed.setValue(demo_speed)
        self.speed.setSuffix("×")
        self.speed.setToolTip(self.tr("How many times faster than real time the simulator runs"))
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setSpecialValueText(self.tr("until stopped"))
        self.seed = QLineEdit(self)
        self.seed.setPlaceholderText(self.tr("random"))
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Streamer"), self.streamer)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Speed"), self.speed)
        form.addRow(self.tr("Length"), self.duration)
        form.addRow(self.tr("Seed"), self.seed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
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
        seed_text = self.seed.text().strip()
        seed: int | None = None
        if seed_text:
            try:
                seed = int(seed_text)
            except ValueError:
                self._fail(self.tr("The seed must be a whole number, or empty for a random show."))
                self.seed.setFocus()
                return
        minutes = self.duration.value()
        source = SimulatorSource(
            seed=seed,
            speed=self.speed.value(),
            duration_s=minutes * 60 if minutes else None,
        )
        self.spec = NewSessionSpec(name, self.title.text().strip(), (source,))
        self.accept()


class ManualEntryDialog(QDialog):
    """A field per metric, for those who prefer a form to the entry line. Each
    field accepts what the entry line accepts (1.2万, 3.5w, 1:35 …)."""

    def __init__(self, latest: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enter numbers"))
        self.latest = latest
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for m in CATALOGUE:
            edit = QLineEdit(self)
            edit.setPlaceholderText(
                "1:35" if m.unit.value == "seconds" else ("¥1.2万" if m.is_money else "3500")
            )
            err = QLabel(self)
            err.setObjectName("formError")
            err.hide()
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(edit)
            box.addWidget(err)
            form.addRow(f"{metric_label(m.key)} · {m.label_zh}", box)
            self.fields[m.key] = edit
            self.errors[m.key] = err
        self.at = QLineEdit(self)
        self.at.setPlaceholderText(self.tr("now, or a clock time like 21:03"))
        form.addRow(self.tr("Time"), self.at)
        self.message = QLabel(self)
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.hide()
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
        entry = Entry(values, at)
        going_back = backwards(values, self.latest)
        if going_back and self._confirm_backwards != entry:
            self._confirm_backwards = entry
            names = ", ".join(metric_label(k) for k in going_back)
            self.message.setText(
                self.tr(
                    "{names} would go back below the last value, but it is a running total. "
                    "Press Store again to keep it anyway."
                ).format(names=names)
            )
            self.message.show()
            return
        self.entry = entry
        self.accept()
