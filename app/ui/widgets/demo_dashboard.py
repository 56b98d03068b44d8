"""A made-up platform big screen (直播大屏) for trying the screen source.

It draws six numbers the way Kuaishou's and Douyin's big screens do (dark,
coloured digits, ¥ and 万, dwell as m:ss) from a simulated show, and moves
them on every second. The region editor offers it ("Show a demo
dashboard"), `genbo --demo` can read it, and the tests read it off the
screen: `shown` keeps every text it showed, so what was recorded can be
checked against what was on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.sources.screen import ScreenLayout, ScreenRegion
from app.sources.simulator import LiveShowModel

TITLE = "Genbo 演示大屏 · demo dashboard"
"""The window's title (what a layout that follows it looks for). The
dashboard stands for a platform's page, so its words are the platform's
(Chinese), not Genbo's, and are not translated."""


@dataclass(frozen=True)
class Tile:
    metric: str
    label: str
    colour: str


TILES = (
    Tile("gmv", "成交金额", "#ffd24d"),
    Tile("viewers", "在线人数", "#3ee6c4"),
    Tile("orders", "成交订单数", "#ff7a45"),
    Tile("dwell_seconds", "人均停留时长", "#8fb3ff"),
    Tile("new_followers", "新增粉丝", "#ff4d6a"),
    Tile("watch_uv", "累计观看人数", "#f5f7fa"),
)
COLUMNS = 3


def dashboard_text(metric: str, raw: int) -> str:
    """A value as the platforms' big screens write it (not Genbo's style)."""
    if metric == "gmv":
        yuan = raw / 100
        return f"¥{yuan / 10_000:.2f}万" if yuan >= 10_000 else f"¥{yuan:,.2f}"
    if metric == "dwell_seconds":
        s = raw // 10
        return f"{s // 60}:{s % 60:02d}"
    if metric == "watch_uv" and raw >= 10_000:
        return f"{raw / 10_000:.1f}万"
    return f"{raw:,}"


class DemoDashboard(QWidget):
    """The demo big screen. `speed`: simulated seconds per second."""

    def __init__(self, seed: int = 7, speed: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(TITLE)
        # A stand-in for a platform's window: the grabber reads what it covers.
        self.setProperty("genboStandsForAnotherProgram", True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.resize(900, 460)
        self.model = LiveShowModel(seed=seed)
        self.speed = speed
        self.values: dict[str, int] = {}
        self.shown: list[dict[str, str]] = []
        """Every set of texts the dashboard showed, oldest first."""
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.advance)
        # Warm the show up: a big screen is opened once the show is running.
        for _ in range(300):
            self._take(self.model.step(1.0))
        self.shown.append(self.texts())
        self._timer.start()

    def _take(self, step: dict[str, int]) -> None:
        self.values.update({k: v for k, v in step.items() if k in {t.metric for t in TILES}})
        self.values["dwell_seconds"] = round(self.model.dwell * 10)
        self.values["new_followers"] = self.model.totals.get("new_followers", 0)

    def texts(self) -> dict[str, str]:
        return {t.metric: dashboard_text(t.metric, self.values.get(t.metric, 0)) for t in TILES}

    def advance(self) -> None:
        self._take(self.model.step(self.speed))
        self.shown.append(self.texts())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 460)

    # -- geometry ----------------------------------------------------------------------
    def _cell(self, i: int) -> QRect:
        rows = (len(TILES) + COLUMNS - 1) // COLUMNS
        top = 56
        w = self.width() // COLUMNS
        h = (self.height() - top) // rows
        return QRect((i % COLUMNS) * w, top + (i // COLUMNS) * h, w, h).adjusted(8, 8, -8, -8)

    def _number_font(self) -> QFont:
        f = QFont("Noto Sans CJK SC")
        f.setPixelSize(max(18, self.height() // 10))
        f.setBold(True)
        return f

    def number_rect(self, metric: str) -> QRect:
        """Where a metric's number is drawn, in the widget (with room for a
        longer number than now)."""
        i = next(k for k, t in enumerate(TILES) if t.metric == metric)
        cell = self._cell(i)
        fm = QFontMetrics(self._number_font())
        return QRect(cell.x() + 12, cell.y() + 44, cell.width() - 24, fm.height() + 12)

    def screen_layout(self, name: str = "演示大屏", follow: bool = False) -> ScreenLayout:
        """A screen layout with a box over each number: in the window's
        coordinates if `follow` (the layout finds the window by its title),
        else at the window's place on the screen now."""
        origin = self.mapToGlobal(self.rect().topLeft())
        regions = []
        for t in TILES:
            r = self.number_rect(t.metric)
            if not follow:
                r = r.translated(origin)
            else:
                r = r.translated(self.mapTo(self.window(), self.rect().topLeft()))
            regions.append(ScreenRegion(t.metric, r.x(), r.y(), r.width(), r.height()))
        size = (self.width(), self.height())
        screen = self.screen().name() if self.screen() else ""
        return ScreenLayout(name, tuple(regions), TITLE if follow else "", screen, size)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#0b1020"))
        title = QFont("Noto Sans CJK SC")
        title.setPixelSize(20)
        p.setFont(title)
        p.setPen(QColor("#c9d1e0"))
        p.drawText(
            QRect(16, 12, self.width() - 32, 32), Qt.AlignmentFlag.AlignLeft, "直播大屏 · 实时"
        )
        label = QFont("Noto Sans CJK SC")
        label.setPixelSize(16)
        number = self._number_font()
        texts = self.texts()
        for i, t in enumerate(TILES):
            cell = self._cell(i)
            p.fillRect(cell, QColor("#141b2e"))
            p.setFont(label)
            p.setPen(QColor("#8893a8"))
            p.drawText(cell.adjusted(12, 10, -12, 0), Qt.AlignmentFlag.AlignLeft, t.label)
            p.setFont(number)
            p.setPen(QColor(t.colour))
            p.drawText(
                self.number_rect(t.metric).adjusted(8, 6, 0, 0),
                Qt.AlignmentFlag.AlignLeft,
                texts[t.metric],
            )
        p.end()
