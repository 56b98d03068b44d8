"""The quick-entry line: type `v 3500 gmv 1.2万` and Enter. Always one
keystroke away (Ctrl+L). Autocompletes metric names, remembers earlier lines
(Up/Down), explains mistakes inline, and asks before a cumulative figure goes
backwards."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.entry import ALIAS_TO_METRIC, Entry, EntryError, backwards, parse_entry, resolve_clock
from app.core.metrics import METRICS
from app.ui.format import format_metric, metric_label
from app.ui.widgets import SteadyLabel

HISTORY_SIZE = 200


class QuickEntry(QWidget):
    submitted = Signal(object, object)
    """(values: dict[str, int], ts_ms or None) once a line is accepted."""
    formRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("quickEntry")
        self.edit.setPlaceholderText(
            self.tr(
                "Type numbers as you read them: v 3500 · gmv 1.2万 · dwell 1:35 · "
                "人数 3500 成交 56.8w  (Ctrl+L)"
            )
        )
        self.edit.setClearButtonEnabled(True)
        self.form_button = QPushButton(self.tr("Form…"), self)
        self.form_button.setToolTip(self.tr("Enter numbers in a form with one field per metric"))
        self.form_button.clicked.connect(self.formRequested)
        self.message = SteadyLabel("", self)
        self.message.setObjectName("entryMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        words = sorted(set(ALIAS_TO_METRIC) | set(METRICS), key=lambda w: (len(w), w))
        self._completer = QCompleter(QStringListModel(words, self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self.edit)
        self._completer.activated.connect(self._insert_completion)
        self.edit.textEdited.connect(self._complete_last_word)
        self.edit.textEdited.connect(lambda _t: self._clear_pending())
        self.edit.returnPressed.connect(self.submit)
        self.edit.installEventFilter(self)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.form_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(row)
        lay.addWidget(self.message)

        self.history: list[str] = []
        self._history_pos = 0
        self._pending: tuple[str, Entry] | None = None
        self.latest: dict[str, int] = {}
        """The newest known raw values, to catch a cumulative figure going backwards."""

    # -- completion ------------------------------------------------------------------
    def _last_word(self) -> str:
        text = self.edit.text()[: self.edit.cursorPosition()]
        parts = text.replace("，", " ").split()
        if not parts or text.endswith(" "):
            return ""
        word = parts[-1]
        return "" if word[0].isdigit() else word

    def _complete_last_word(self, _text: str) -> None:
        word = self._last_word()
        if len(word) < 1:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount() == 0 or (
            self._completer.completionCount() == 1 and self._completer.currentCompletion() == word
        ):
            self._completer.popup().hide()
            return
        rect = self.edit.cursorRect()
        rect.setWidth(200)
        self._completer.complete(rect)

    def _insert_completion(self, completion: str) -> None:
        word = self._last_word()
        pos = self.edit.cursorPosition()
        text = self.edit.text()
        start = pos - len(word)
        new = text[:start] + completion + " " + text[pos:]
        self.edit.setText(new)
        self.edit.setCursorPosition(start + len(completion) + 1)

    # -- history ---------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._completer.popup().isVisible():
                return False
            if event.key() == Qt.Key.Key_Up and self.history:
                self._history_pos = max(0, self._history_pos - 1)
                self.edit.setText(self.history[self._history_pos])
                return True
            if event.key() == Qt.Key.Key_Down and self.history:
                self._history_pos = min(len(self.history), self._history_pos + 1)
                self.edit.setText(
                    self.history[self._history_pos] if self._history_pos < len(self.history) else ""
                )
                return True
            if event.key() == Qt.Key.Key_Escape:
                if self._pending is not None:
                    self._clear_pending()
                    self._show(self.tr("Not stored. Edit the line and press Enter."), "info")
                else:
                    self.edit.clear()
                return True
        return super().eventFilter(obj, event)

    # -- submitting ------------------------------------------------------------------
    def _clear_pending(self) -> None:
        self._pending = None

    def _show(self, text: str, kind: str) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def submit(self) -> None:
        line = self.edit.text()
        if self._pending is not None and self._pending[0] == line:
            entry = self._pending[1]
            self._pending = None
            self._accept(line, entry)
            return
        try:
            entry = parse_entry(line)
        except EntryError as exc:
            self._show(str(exc), "error")
            return
        going_back = backwards(entry.values, self.latest)
        if going_back:
            parts = [
                self.tr("{metric} would go back from {old} to {new}").format(
                    metric=metric_label(k),
                    old=format_metric(k, METRICS[k].display_float(self.latest[k])),
                    new=format_metric(k, METRICS[k].display_float(entry.values[k])),
                )
                for k in going_back
            ]
            self._pending = (line, entry)
            self._show(
                "; ".join(parts)
                + ". "
                + self.tr(
                    "It is a running total. Press Enter again to store it anyway, Esc to edit."
                ),
                "warning",
            )
            return
        self._accept(line, entry)

    def accept_entry(self, entry: Entry, line: str = "") -> None:
        """Store an entry that was checked elsewhere (the form)."""
        self._accept(line, entry)

    def _accept(self, line: str, entry: Entry) -> None:
        ts_ms = None
        if entry.at is not None:
            when = resolve_clock(entry.at, datetime.now())
            ts_ms = int(when.timestamp() * 1000)
        self.submitted.emit(entry.values, ts_ms)
        for k, v in entry.values.items():
            self.latest[k] = v
        if line.strip() and (not self.history or self.history[-1] != line.strip()):
            self.history.append(line.strip())
            del self.history[:-HISTORY_SIZE]
        self._history_pos = len(self.history)
        saved = " · ".join(
            f"{metric_label(k)} {format_metric(k, METRICS[k].display_float(v))}"
            for k, v in entry.values.items()
        )
        when_text = entry.at.strftime("%H:%M:%S") if entry.at else self.tr("now")
        self._show(self.tr("Saved {values} ({when})").format(values=saved, when=when_text), "ok")
        self.edit.clear()
