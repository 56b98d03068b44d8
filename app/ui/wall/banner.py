"""The wall's milestone banner: a queue, not a slot.

Twelve sessions can cross a step in the same minute. Every major milestone
queues here, oldest first, each naming its streamer; the one shown says
"1 of 3" and has Next and Dismiss (Esc). A newer one never drops or hides the
one shown: it waits its turn. One stays until it is dismissed, or for
`SHOW_MS` after it was shown, then the next comes. The row is always there
and one line tall (the newest event quietly while none is queued), so the
tiles below never move when a milestone arrives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.widgets.format import number_format
from app.ui.widgets.labels import FitLabel, line_height
from app.ui.widgets.style import MAJOR_BANNER_PT

if TYPE_CHECKING:
    from app.runtime.wall import WallEvent

SHOW_MS = 20_000
"""How long one milestone stays shown before the next takes its place."""
MARGIN = 3


def event_line(event: WallEvent) -> str:
    """An event as the wall says it: its streamer first ("杨小姐 · GMV passed ¥100万")."""
    return f"{event.streamer} · {event.text}"


class _Banner(QFrame):
    """The shown milestone (the celebration colours of the live view's banner)."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _rank(event: WallEvent) -> int:
    """0 for a GMV milestone, 1 for any other (the order they are shown in)."""
    m = event.milestone
    return 0 if m is not None and m.metric == "gmv" else 1


class BannerQueue(QFrame):
    activated = Signal(object)
    """The `WallEvent` of the milestone shown, clicked (to focus its tile)."""
    changed = Signal()
    """What is shown changed (one came, went or was passed over)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerStrip")
        self.queue: list[WallEvent] = []
        """Waiting and shown, oldest first."""
        self.at = 0
        """Which of `queue` is shown (its index)."""
        self.show_ms = SHOW_MS
        self.quiet = FitLabel("", self, min_width=40)
        self.quiet.setObjectName("bannerQuiet")
        self.banner = _Banner(self)
        self.banner.setObjectName("milestoneBanner")
        self.banner.setProperty("major", True)
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.clicked.connect(self._on_clicked)
        self.text = FitLabel("", self.banner, min_width=80, shrink=0.8)
        self.text.setObjectName("bannerText")
        self.count = QLabel("", self.banner)
        self.count.setObjectName("wallBannerCount")
        self.next_button = QPushButton(self.tr("Next"), self.banner)
        self.next_button.setObjectName("wallBannerNext")
        self.next_button.setToolTip(self.tr("Show the next milestone; this one comes round again"))
        self.next_button.clicked.connect(self.next)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self.banner)
        self.dismiss_button.setObjectName("wallBannerDismiss")
        self.dismiss_button.setToolTip(self.tr("Take this milestone away (Esc)"))
        self.dismiss_button.clicked.connect(self.dismiss)
        for b in (self.next_button, self.dismiss_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QHBoxLayout(self.banner)
        lay.setContentsMargins(12, 0, 4, 0)
        lay.setSpacing(6)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.count, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.quiet, 0, 0)
        grid.addWidget(self.banner, 0, 0)
        self.banner.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        big = QFont(self.text.font())
        big.setPointSizeF(MAJOR_BANNER_PT)
        big.setWeight(QFont.Weight.ExtraBold)
        buttons = max(self.next_button.sizeHint().height(), self.dismiss_button.sizeHint().height())
        self.setFixedHeight(max(line_height(big), buttons) + 2 * MARGIN + 4)  # + the border

    # -- the queue -------------------------------------------------------------------
    def current(self) -> WallEvent | None:
        return self.queue[self.at] if self.queue else None

    def push(self, event: WallEvent) -> None:
        """Queue a major milestone; it is shown at once only when none is. A
        GMV milestone (破百万) goes ahead of the others still waiting (never
        ahead of the one shown): the biggest news is not kept behind viewers'."""
        if not self.queue:
            self.queue.append(event)
            self.at = 0
            self._show(restart=True)
            return
        place = len(self.queue)
        if _rank(event) == 0:
            n = len(self.queue)
            waiting = [(self.at + k) % n for k in range(1, n)]  # in the order they come round
            later = next((k for k in waiting if _rank(self.queue[k]) > 0), None)
            if later is not None:
                place = later
        self.queue.insert(place, event)
        if place <= self.at:
            self.at += 1
        self._show(restart=False)  # only "1 of n" changes

    def next(self) -> None:
        """Show the next one (the one shown stays queued and comes round again)."""
        if len(self.queue) < 2:
            return
        self.at = (self.at + 1) % len(self.queue)
        self._show(restart=True)

    def dismiss(self) -> None:
        """Take the shown one away; the next (the one after it) is shown."""
        if not self.queue:
            return
        del self.queue[self.at]
        if self.at >= len(self.queue):
            self.at = 0
        self._show(restart=True)

    def clear(self) -> None:
        self.queue.clear()
        self.at = 0
        self.quiet.setText("")
        self._show(restart=True)

    def set_quiet(self, text: str) -> None:
        """The newest event, shown quietly while no milestone is."""
        self.quiet.setText(text)

    def shown_text(self) -> str:
        """The milestone shown ("" for none), as written."""
        event = self.current()
        return "" if event is None else event_line(event)

    def _show(self, restart: bool) -> None:
        event = self.current()
        if event is None:
            self._timer.stop()
            self.banner.hide()
            self.quiet.show()
            self.changed.emit()
            return
        fmt = number_format()
        n = len(self.queue)
        self.text.setText("★  " + event_line(event) + "  ★")
        self.count.setText(self.tr("{i} of {n}").format(i=fmt.count(self.at + 1), n=fmt.count(n)))
        self.count.setVisible(n > 1)
        self.next_button.setVisible(n > 1)
        self.quiet.hide()
        self.banner.show()
        if restart or not self._timer.isActive():
            self._timer.start(self.show_ms)
        self.changed.emit()

    def _on_clicked(self) -> None:
        event = self.current()
        if event is not None:
            self.activated.emit(event)
