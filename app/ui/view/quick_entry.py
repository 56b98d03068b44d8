"""The quick-entry line: type `v 3500 gmv 1.2万` and Enter. Always one
keystroke away (Ctrl+L), and Esc leaves it again. Autocompletes metric names,
remembers earlier lines (Up/Down), explains mistakes inline, and asks before a
cumulative figure goes backwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.entry import (
    ALIAS_TO_METRIC,
    Contradiction,
    Entry,
    EntryError,
    OutsideSessionError,
    SessionSpan,
    clock_in_session,
    contradictions,
    parse_entry,
)
from app.core.metrics import METRICS
from app.ui.widgets.format import format_clock, format_metric, format_typed, metric_label
from app.ui.widgets.labels import SteadyLabel

HISTORY_SIZE = 200


class EntryTarget(Protocol):
    """The live session typed numbers go to (`LiveSession`)."""

    def entry_span(self) -> SessionSpan: ...

    def neighbours(
        self, key: str, ts_ms: int
    ) -> tuple[tuple[int, float] | None, tuple[int, float] | None]: ...


class QuickEntry(QWidget):
    submitted = Signal(object, object)
    """(values: dict[str, int], ts_ms or None) once a line is accepted."""
    formRequested = Signal()
    leaveRequested = Signal()
    """Esc with nothing left to dismiss: the owner moves the focus elsewhere."""

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
        self.edit.textChanged.connect(self._drop_stale_message)
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
        self._pending: tuple[str, Entry, int | None] | None = None
        self.target: EntryTarget | None = None
        """Where @times are resolved and running totals checked; set per session."""
        self.latest: dict[str, int] = {}
        """The newest known raw values, to catch a cumulative figure going backwards."""
        self.window_keys: tuple[QKeySequence, ...] = ()
        """Shortcuts the window keeps while the line has the focus. A line edit
        claims some keys for itself (Ctrl+End and Ctrl+Home move its cursor);
        these it lets through to the window's actions."""
        self._message_line: str | None = None
        """The line an error, warning or hint is about; changing it drops the message."""
        self.router: Callable[[str], tuple[str, str]] | None = None
        """Where several sessions share the line (the wall): given the typed
        line, makes the session it names (`@杨小姐 gmv 12万`) or the focused
        one the `target` and returns (the rest of the line, that streamer's
        name); raises `EntryError` in words when the name fits none or several."""
        self._routed_to = ""

    # -- completion ------------------------------------------------------------------
    def _last_word(self) -> str:
        text = self.edit.text()[: self.edit.cursorPosition()]
        parts = text.replace("，", " ").split()
        if not parts or text.endswith(" "):
            return ""
        word = parts[-1]
        return "" if word[0].isdigit() else word

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # made on first use in popup completion mode
        return popup

    def _complete_last_word(self, _text: str) -> None:
        word = self._last_word()
        if len(word) < 1:
            self._popup().hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount() == 0 or (
            self._completer.completionCount() == 1 and self._completer.currentCompletion() == word
        ):
            self._popup().hide()
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
        if obj is self.edit and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._is_window_key(event):
                event.ignore()  # not claimed: the window's shortcut runs
                return True
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._popup().isVisible():
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
                self._escape()
                return True
        return super().eventFilter(obj, event)

    def _is_window_key(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return any(
            pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self.window_keys
        )

    def _escape(self) -> None:
        """The first Esc dismisses a confirmation, error or warning; the next
        leaves the line (its text stays, Ctrl+L selects it)."""
        if self._pending is not None:
            self._clear_pending()
            self._show_about_line(self.tr("Not stored. Edit the line and press Enter."), "info")
            return
        if self.message.property("kind") in ("error", "warning"):
            self._clear_message()
            return
        if self.message.property("kind") == "info":
            self._clear_message()
        self.leaveRequested.emit()

    def _drop_stale_message(self, text: str) -> None:
        """A message about a line that has since been changed or cleared goes."""
        if self._message_line is not None and text != self._message_line:
            self._clear_message()

    # -- submitting ------------------------------------------------------------------
    def _clear_pending(self) -> None:
        self._pending = None

    def forget_pending(self) -> bool:
        """Another session takes the line (the wall's focus moved): a line held
        for a second Enter was checked against the old one, so it is not
        stored (True: there was one), and a warning about it goes."""
        if self._pending is not None:
            self._pending = None
            self._show(self.tr("Not stored: another tile was chosen. Press Enter again."), "info")
            return True
        if self.message.property("kind") in ("error", "warning"):
            self._clear_message()
        return False

    def say(self, text: str, kind: str = "ok") -> None:
        """A message under the line from its owner ("Marked …"; "" clears it)."""
        self._pending = None
        self._show(text, kind if text else "")

    def _show(self, text: str, kind: str) -> None:
        self._message_line = None
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _show_about_line(self, text: str, kind: str) -> None:
        """A message about the line as it is now, dropped once the line changes."""
        self._show(text, kind)
        self._message_line = self.edit.text()

    def _clear_message(self) -> None:
        self._pending = None
        self._show("", "")

    def submit(self) -> None:
        line = self.edit.text()
        if self._pending is not None and self._pending[0] == line:
            _line, entry, ts_ms = self._pending
            self._pending = None
            self._accept(line, entry, ts_ms)
            return
        try:
            text = line
            self._routed_to = ""
            if self.router is not None:
                text, self._routed_to = self.router(line)
                if not text.strip() and line.strip():  # "@杨小姐" alone: who is typed for
                    self._show(self.tr("Typing for {name} now").format(name=self._routed_to), "ok")
                    self.edit.clear()
                    return
            entry = parse_entry(text)
            ts_ms, conflicts = self.check(entry)
        except EntryError as exc:
            self._show_about_line(str(exc), "error")
            return
        if conflicts:
            self._pending = (line, entry, ts_ms)
            self._show_about_line(
                self.explain(conflicts)
                + " "
                + self.tr(
                    "It is a running total. Press Enter again to store it anyway, Esc to edit."
                ),
                "warning",
            )
            return
        self._accept(line, entry, ts_ms)

    def check(self, entry: Entry) -> tuple[int | None, list[Contradiction]]:
        """When the entry is for (UTC ms; None for now) and which running totals
        it contradicts. Raises `EntryError` for a time outside the session."""
        target = self.target
        if target is None:
            return None, []
        span = target.entry_span()
        ts_ms = None
        if entry.at is not None:
            try:
                ts_ms = clock_in_session(entry.at, span, entry.at_seconds)
            except OutsideSessionError as exc:
                raise EntryError(self._outside_text(exc)) from None
        when = span.now_ms if ts_ms is None else ts_ms
        return ts_ms, contradictions(entry.values, when, target.neighbours)

    def _outside_text(self, exc: OutsideSessionError) -> str:
        if exc.later:
            text = self.tr(
                "@{time} is later than now; this session runs {span} (now). "
                "Type a time within it, or leave out @ for now."
            )
        else:
            text = self.tr(
                "@{time} is before this session started; it runs {span} (now). "
                "Type a time within it."
            )
        return text.format(time=exc.typed, span=exc.span.describe())

    def check_explained(self, entry: Entry) -> tuple[int | None, list[Contradiction], str]:
        """`check`, with the contradictions in words (for the form)."""
        ts_ms, conflicts = self.check(entry)
        return ts_ms, conflicts, self.explain(conflicts) if conflicts else ""

    def explain(self, conflicts: list[Contradiction]) -> str:
        """Which stored neighbour each typed running total contradicts."""
        span = self.target.entry_span() if self.target is not None else None
        parts = []
        for c in conflicts:
            at = format_clock(span.local(c.other_ms), seconds=True) if span else ""
            args = {
                "metric": metric_label(c.metric),
                "new": format_metric(c.metric, c.value),
                "old": format_metric(c.metric, c.other_value),
                "time": at,
            }
            if c.later:
                text = self.tr("{metric} {new} is above {old}, stored later at {time}")
            else:
                text = self.tr("{metric} {new} is below {old}, stored earlier at {time}")
            parts.append(text.format(**args))
        return "; ".join(parts) + "."

    def accept_entry(self, entry: Entry, ts_ms: int | None = None, line: str = "") -> None:
        """Store an entry that was checked elsewhere (the form)."""
        self._accept(line, entry, ts_ms)

    def _accept(self, line: str, entry: Entry, ts_ms: int | None) -> None:
        self.submitted.emit(entry.values, ts_ms)
        if ts_ms is None:
            for k, v in entry.values.items():
                self.latest[k] = v
        if line.strip() and (not self.history or self.history[-1] != line.strip()):
            self.history.append(line.strip())
            del self.history[:-HISTORY_SIZE]
        self._history_pos = len(self.history)
        saved = " · ".join(
            f"{metric_label(k)} {format_typed(k, v)}" for k, v in entry.values.items()
        )
        when_text = self.tr("now")
        if ts_ms is not None and self.target is not None:
            when_text = format_clock(self.target.entry_span().local(ts_ms), seconds=True)
        text = self.tr("Saved {values} ({when})").format(values=saved, when=when_text)
        if self._routed_to:
            text = self.tr("{name}: {saved}").format(name=self._routed_to, saved=text)
        self._show(text, "ok")
        self.edit.clear()
