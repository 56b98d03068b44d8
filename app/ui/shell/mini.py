"""Mini mode: a small always-on-top window for riding along next to the broadcast.

It shows viewers, GMV, GMV/min and dwell in digits big enough to read at arm's
length, the latest milestone and the highlight key (H marks a moment from it
too). The digits' font is chosen once, for the widest number the formatter
makes (¥8,888.88万), and every value's row has a fixed height, so nothing moves
as the numbers change (crossing 万 or 亿 included).

It is frameless and dragged by any spot of it; it remembers where it was (the
window saves `position()`), may be made translucent from its context menu, and
goes back to the full window with the same key (Ctrl+Shift+M), its ⤢ button or
a double-click.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import format_elapsed
from app.core.stats import StatsSnapshot
from app.runtime.live import LiveSession
from app.ui.widgets.format import number_format
from app.ui.widgets.labels import FitLabel

MINI_SIZE = (400, 292)
"""The mini window's size: at most 400×300."""
MINI_KEY = "Ctrl+Shift+M"
"""Into mini mode and back."""
REFRESH_MS = 500
"""As often as the tiles: the same snapshot, twice a second."""
VALUE_SAMPLES = ("¥8,888.88万", "¥888.88亿", "8,888.88万", "88:88:88", "—")
"""The widest and tallest texts a value shows; its font and its row are measured on them."""
MAX_VALUE_PX = 42
VALUE_PAD = 2
VALUES_H = 180
"""The four rows of numbers share this many pixels of the window's height."""
CELL_GAP = 8
CAPTION_W = 92
"""The captions' column; the numbers have the rest of the width."""
MIN_VALUE_PX = 18
OPACITIES = (1.0, 0.85, 0.7, 0.55)
MIN_OPACITY = 0.3


def clamp_opacity(value: float) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 1.0
    return min(1.0, max(MIN_OPACITY, v))


class _Value(QLabel):
    """A big number on a fixed baseline: a fixed font, a fixed height, and the
    digits drawn at the same height whatever the text (a label centres its line,
    and a line with 万 from a fallback font is taller, so its digits sat lower).
    A text too wide for its cell (none the formatter makes) is elided."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("—", parent)
        self.setObjectName("miniValue")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.baseline = 0.0
        """Where the digits stand, from the top."""

    def set_value(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.update()

    def full_text(self) -> str:
        return self.text()

    def shown_text(self) -> str:
        """The text as drawn (elided only where it cannot fit)."""
        fm = QFontMetrics(self.font())
        width = self.contentsRect().width()
        if width > 0 and fm.horizontalAdvance(self.text()) > width:
            return fm.elidedText(self.text(), Qt.TextElideMode.ElideRight, width)
        return self.text()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setFont(self.font())
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text = self.shown_text()
        rect = self.contentsRect()
        x = rect.right() + 1 - QFontMetrics(self.font()).horizontalAdvance(text)
        p.drawText(QPointF(max(rect.left(), x), rect.top() + self.baseline), text)
        p.end()


class MiniWindow(QWidget):
    backRequested = Signal()
    """Back to the full window (its key, ⤢, a double-click or the menu)."""
    markRequested = Signal()
    """H (or Ctrl+M, or the button): mark a moment."""
    opacityChanged = Signal(float)
    moved = Signal()
    """Dragged to a new place (the window remembers it)."""

    def __init__(self, parent: QWidget | None = None, opacity: float = 1.0) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("miniWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Genbo mini"))
        self.setFixedSize(*MINI_SIZE)
        self.live: LiveSession | None = None
        self._drag_from: QPoint | None = None
        self._press_at = QPoint()
        self._system_move = False
        self._milestone: Milestone | None = None

        self.streamer = FitLabel("", self, min_width=40)
        self.streamer.setObjectName("miniHeader")
        self.clock = QLabel("", self)
        self.clock.setObjectName("miniClock")
        self.back = QToolButton(self)
        self.back.setObjectName("miniBack")
        self.back.setText("⤢")
        self.back.setToolTip(
            self.tr("Back to the full window ({key}, or double-click)").format(
                key=QKeySequence(MINI_KEY).toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.back.clicked.connect(self.backRequested.emit)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(6)
        head.addWidget(self.streamer, 1)
        head.addWidget(self.clock)
        head.addWidget(self.back)

        # The live page: four numbers, the latest milestone, the highlight key.
        live_page = QWidget(self)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(CELL_GAP)
        grid.setVerticalSpacing(0)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, _Value] = {}
        for i, (key, caption) in enumerate(
            (
                ("viewers", self.tr("Viewers")),
                ("gmv", self.tr("GMV")),
                ("gmv_rate", self.tr("GMV / min")),
                ("dwell", self.tr("Avg dwell")),
            )
        ):
            cap = QLabel(caption, live_page)
            cap.setObjectName("miniCaption")
            cap.setWordWrap(True)
            cap.setFixedWidth(CAPTION_W)
            value = _Value(live_page)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.captions[key] = cap
            self.values[key] = value
            grid.addWidget(cap, i, 0)
            grid.addWidget(value, i, 1)
        grid.setColumnStretch(1, 1)
        self.milestone = FitLabel("", live_page, min_width=40)
        self.milestone.setObjectName("miniMilestone")
        self.mark_button = QPushButton(self.tr("★ Mark moment (H)"), live_page)
        self.mark_button.setObjectName("miniMark")
        self.mark_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mark_button.setToolTip(self.tr("Mark what just happened (H or Ctrl+M)"))
        self.mark_button.clicked.connect(self.markRequested.emit)
        self.marked = FitLabel("", live_page, min_width=40)
        self.marked.setObjectName("miniCaption")
        foot = QHBoxLayout()
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.mark_button)
        foot.addWidget(self.marked, 1)
        live_lay = QVBoxLayout(live_page)
        live_lay.setContentsMargins(0, 0, 0, 0)
        live_lay.setSpacing(4)
        live_lay.addLayout(grid)
        live_lay.addWidget(self.milestone)
        live_lay.addStretch(1)
        live_lay.addLayout(foot)

        empty_page = QWidget(self)
        self.empty = QLabel(self.tr("No live session"), empty_page)
        self.empty.setObjectName("miniEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        empty_lay = QVBoxLayout(empty_page)
        empty_lay.addWidget(self.empty)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(live_page)
        self.pages.addWidget(empty_page)
        self.live_page, self.empty_page = live_page, empty_page

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 8)
        lay.setSpacing(4)
        lay.addLayout(head)
        lay.addWidget(self.pages, 1)

        self._fit_value_font()

        self.back_shortcut = QShortcut(QKeySequence(MINI_KEY), self)
        self.back_shortcut.activated.connect(self.backRequested.emit)
        self.mark_shortcuts = [QShortcut(QKeySequence(k), self) for k in ("H", "Ctrl+M")]
        for sc in self.mark_shortcuts:
            sc.activated.connect(self.markRequested.emit)

        self._opacity = clamp_opacity(opacity)
        self.setWindowOpacity(self._opacity)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.set_live(None)

    # -- the digits ------------------------------------------------------------------
    def _fit_value_font(self) -> None:
        """The largest bold font (up to `MAX_VALUE_PX`) in which the widest
        sample fits a value's cell and the four rows fit the window; each row's
        height and baseline are measured on the ink of every sample (a 万 or 亿
        comes from a fallback font, taller than the digits)."""
        lay = self.layout()
        margins = lay.contentsMargins() if lay is not None else None
        side = margins.left() + margins.right() if margins is not None else 24
        cell_w = MINI_SIZE[0] - side - CELL_GAP - CAPTION_W
        font = QFont(self.font())
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        px = MAX_VALUE_PX
        while True:
            font.setPixelSize(px)
            top, bottom = self._ink(font)
            height = math.ceil(bottom - top) + 2 * VALUE_PAD
            fits = max(QFontMetrics(font).horizontalAdvance(s) for s in VALUE_SAMPLES) <= cell_w
            if px <= MIN_VALUE_PX or (fits and 4 * height <= VALUES_H):
                break
            px -= 1
        self.value_font = font
        self.value_height = height
        for v in self.values.values():
            # The style sheet sets the weight and colour; the size is the one measured.
            v.setFont(font)
            v.setStyleSheet(f"font-size: {px}px;")
            v.setFixedHeight(height)
            v.baseline = VALUE_PAD - top

    @staticmethod
    def _ink(font: QFont) -> tuple[float, float]:
        """The highest and lowest ink of the samples, from the baseline (fallback
        fonts included: a path of the text is drawn with them)."""
        top, bottom = 0.0, 0.0
        for s in VALUE_SAMPLES:
            path = QPainterPath()
            path.addText(QPointF(0, 0), font, s)
            r = path.boundingRect()
            top, bottom = min(top, r.top()), max(bottom, r.bottom())
        return top, bottom

    # -- the session -----------------------------------------------------------------
    def set_live(self, live: LiveSession | None) -> None:
        """Follow this live session (None: "no live session")."""
        if self.live is not None:
            for sig, slot in (
                (self.live.milestonesReached, self._on_milestones),
                (self.live.stopped, self._on_stopped),
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect(slot)
        self.live = live
        self._milestone = None
        self.marked.setText("")
        if live is None or live.ended:
            self.live = None
            self._timer.stop()
            self.pages.setCurrentWidget(self.empty_page)
            self.streamer.setText(self.tr("Genbo"))
            self.clock.setText("")
            self.update_from(None)
            return
        live.milestonesReached.connect(self._on_milestones)
        live.stopped.connect(self._on_stopped)
        self.streamer.setText(live.info.streamer.name)
        self.pages.setCurrentWidget(self.live_page)
        self._on_milestones(list(live.recorder.milestones))
        self._timer.start()
        self.refresh()

    def _on_stopped(self, _info: object) -> None:
        self.set_live(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # the numbers of now, not of when it was last shown

    def refresh(self) -> None:
        if self.live is None or not self.isVisible():
            return  # hidden (the main window is shown): its tiles do this work
        snap = self.live.recorder.snapshot()
        self.clock.setText(format_elapsed(snap.elapsed_s))
        self.update_from(snap)

    def update_from(self, snap: StatsSnapshot | None) -> None:
        """The four numbers, formatted as the tiles format them."""
        fmt = number_format()
        if snap is None:
            for v in self.values.values():
                v.set_value(fmt.none_text)
            return
        self.values["viewers"].set_value(fmt.count(snap.latest.get("viewers")))
        self.values["gmv"].set_value(fmt.money(snap.gmv))
        rate = snap.gmv_per_min
        self.values["gmv_rate"].set_value(fmt.money(None if rate is None else round(rate)))
        self.values["dwell"].set_value(fmt.duration(snap.value("dwell_seconds")))

    def _on_milestones(self, found: Sequence[Milestone]) -> None:
        shown = [m for m in found if m.kind is not MilestoneKind.JOINED]
        if shown:
            self._milestone = shown[-1]
        m = self._milestone
        if m is None:
            self.milestone.setText(self.tr("No milestone yet"))
            return
        text = m.describe(number_format(), lambda t: QCoreApplication.translate("milestones", t))
        started = self.live.info.started_ms if self.live is not None else m.ts_ms
        at = format_elapsed(max(0.0, (m.ts_ms - started) / 1000))
        self.milestone.setText(("★ " if m.major else "◆ ") + f"{text} · {at}")

    def show_marked(self, at_s: float | None) -> None:
        """Say a moment was marked (at this many seconds into the session)."""
        if at_s is None:
            self.marked.setText("")
            return
        self.marked.setText(self.tr("Marked {time}").format(time=format_elapsed(at_s)))

    # -- translucency ----------------------------------------------------------------
    @property
    def opacity(self) -> float:
        return self._opacity

    def set_opacity(self, value: float) -> None:
        self._opacity = clamp_opacity(value)
        self.setWindowOpacity(self._opacity)
        self.opacityChanged.emit(self._opacity)

    def context_menu(self) -> QMenu:
        """Back, mark, and how opaque the window is."""
        menu = QMenu(self)
        back = menu.addAction(self.tr("Back to the full window"))
        back.setShortcut(QKeySequence(MINI_KEY))
        back.triggered.connect(self.backRequested.emit)
        mark = menu.addAction(self.tr("Mark moment"))
        mark.setShortcut(QKeySequence("H"))
        mark.setEnabled(self.live is not None)
        mark.triggered.connect(self.markRequested.emit)
        menu.addSeparator()
        sub = menu.addMenu(self.tr("Opacity"))
        group = QActionGroup(sub)
        fmt = number_format()
        self.opacity_actions: list[QAction] = []
        for value in OPACITIES:
            text = (
                self.tr("Opaque")
                if value >= 1.0
                else self.tr("{p} (translucent)").format(p=fmt.percent(value, decimals=0))
            )
            act = QAction(text, sub)
            act.setCheckable(True)
            act.setChecked(abs(value - self._opacity) < 0.01)
            act.triggered.connect(lambda _on=False, v=value: self.set_opacity(v))
            group.addAction(act)
            sub.addAction(act)
            self.opacity_actions.append(act)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(event.globalPos())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed by the window system (Alt+F4): back to the full window. The
        mini window is never the last one to close, which would quit Genbo
        without stopping and saving a live session."""
        event.ignore()
        self.backRequested.emit()

    # -- dragging and the double-click back ------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.globalPosition().toPoint()
            self._drag_from = self._press_at - self.pos()
            self._system_move = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            now = event.globalPosition().toPoint()
            if not self._system_move and (
                (now - self._press_at).manhattanLength() >= QApplication.startDragDistance()
            ):
                # Where the window system can move it (Wayland allows nothing
                # else), it does; the window is told where it went once it is there.
                handle = self.windowHandle()
                if handle is not None and handle.startSystemMove():
                    self._drag_from = None
                    QTimer.singleShot(500, self.moved.emit)
                    event.accept()
                    return
                self._system_move = True  # not possible: move it here
            if self._system_move:
                self.move(now - self._drag_from)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.button() == Qt.MouseButton.LeftButton:
            moved = self._system_move
            self._drag_from = None
            self._system_move = False
            if moved:
                self.moved.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = None
            self.backRequested.emit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- where it is -----------------------------------------------------------------
    def position(self) -> dict[str, object]:
        """Where the window is: its top-left corner and its screen's name."""
        screen = self.screen()
        return {"x": self.x(), "y": self.y(), "screen": screen.name() if screen else ""}

    def place(self, saved: object) -> None:
        """Put the window where `position()` said, on that screen if it is still
        there (else the primary one), and wholly inside the screen; the top right
        corner of the primary screen the first time."""
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        screen: QScreen | None = primary
        x = y = None
        if isinstance(saved, dict):
            name = saved.get("screen")
            screen = next((s for s in screens if s.name() == name), primary)
            if isinstance(saved.get("x"), int) and isinstance(saved.get("y"), int):
                x, y = saved["x"], saved["y"]
        if screen is None:
            return
        free: QRect = screen.availableGeometry()
        if x is None or y is None or not free.intersects(QRect(x, y, self.width(), self.height())):
            x, y = free.right() - self.width() - 24, free.top() + 24
        x = max(free.left(), min(x, free.right() - self.width() + 1))
        y = max(free.top(), min(y, free.bottom() - self.height() + 1))
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(screen)
        self.move(x, y)
