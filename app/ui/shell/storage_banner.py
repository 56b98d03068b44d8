"""The strip under the toolbar that says, in plain words, when the database
cannot be written (a full disk, a read-only file, a lock), how many samples
wait in memory, where older ones were kept, and what was dropped; then, for a
while, that writing works again. The words are `app.session.health`'s, the
same `genbo record` prints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.config.formatting import number_format
from app.session.health import describe, describe_recovery
from app.storage.writer import WriterHealth

RECOVERED_SHOWN_MS = 15_000


class StorageBanner(QFrame):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storageBanner")
        self.database = database
        self.text = QLabel(self)
        self.text.setObjectName("storageBannerText")
        self.text.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.text, 1)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("×")
        self.dismiss.setAutoRaise(True)
        self.dismiss.setToolTip(self.tr("Hide this until something changes"))
        self.dismiss.clicked.connect(self._dismissed)
        lay.addWidget(self.dismiss)
        self._dismissed_text: str | None = None
        self._notes: dict[str, tuple[str, bool]] = {}
        self._last = WriterHealth()
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self._settle)
        self.hide()

    def show_note(self, text: str, key: str = "note", *, warn: bool = False) -> None:
        """Something to know that is not a failure of writing: emergency files
        an earlier run left, a database recovered at start (`warn`: in red, as
        a read-only database). Shown, wrapped in full, until dismissed; an
        empty `text` takes the note of that `key` away."""
        if text:
            self._notes[key] = (text, warn)
        else:
            self._notes.pop(key, None)
        self._settle()

    def update_from(self, health: WriterHealth) -> None:
        fmt = number_format()
        back = describe_recovery(self._last, health, fmt)
        self._last = health
        if back:
            line = describe(health, self.database, fmt)
            self._show("ok", back + (" · " + line if line else ""))
            self._hide_timer.start(RECOVERED_SHOWN_MS)
            return
        if self._hide_timer.isActive():
            if health.ok:
                return  # the "works again" line stays a while
            self._hide_timer.stop()  # failing again: say that instead
        self._settle()

    def _settle(self) -> None:
        line = describe(self._last, self.database, number_format())
        notes = [text for text, _warn in self._notes.values()]
        if notes:
            line = " · ".join([line, *notes] if line else notes)
        warn = any(w for _t, w in self._notes.values())
        if line is None or (self._last.ok and line == self._dismissed_text):
            self.hide()
        else:
            self._show("note" if self._last.ok and not warn else "bad", line)

    def _dismissed(self) -> None:
        """What is said while writing works (a rescue, samples kept aside)
        can be put away; a failure cannot, while it lasts."""
        self._hide_timer.stop()
        self._dismissed_text = self.text.text()
        self.hide()

    def _show(self, kind: str, text: str) -> None:
        self.dismiss.setVisible(self._last.ok)
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            for w in (self, self.text):  # the text's colour follows the strip's kind
                w.style().unpolish(w)
                w.style().polish(w)
        self.text.setText(text)
        self.show()
