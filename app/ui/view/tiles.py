"""Big-number tiles. Text refreshes on its own slow timer (about twice a
second) so it can be read, independent of the curves' frame rate.

No tile asks for the width of the number it shows: a long number is drawn
in a smaller font, then elided, so the window's minimum width never grows with
the numbers (it widened from 1235 to 1375 px as a show went on). On a narrow
window the tiles go to two rows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.curves import ReferenceKind
from app.core.stats import RECENT_WINDOW_S, GpmBasis, StatsSnapshot
from app.ui.widgets.format import number_format
from app.ui.widgets.labels import FitLabel

ONE_ROW_MIN_TILE_W = 150
"""Below this width per tile (all seven in one row) the tiles go to two rows."""
TWO_ROW_COLUMNS = 4
VALUE_HINT = "¥8,888.88万"
"""The width a tile would like for its number; longer ones shrink, then elide."""
SUB_HINT = "Peak 8,888 · avg 8,888"
GHOST_OFF = "off"
"""The ghost picker's choice that hides the ghost line."""


class Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = FitLabel(title, self, min_width=30)
        self.title.setObjectName("tileTitle")
        self.value = FitLabel("—", self, min_width=60, hint_text=VALUE_HINT, shrink=0.6)
        self.value.setObjectName("tileValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub = FitLabel("", self, min_width=40, hint_text=SUB_HINT, shrink=0.85)
        self.sub.setObjectName("tileSub")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(0)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.sub)

    def set(self, value: str, sub: str = "", tooltip: str = "") -> None:
        self.value.setText(value)
        self.sub.setText(sub)
        self.setToolTip(tooltip)


class GhostTile(Tile):
    """The ghost's tile: its title is a button whose menu picks the ghost
    (median of the last sessions, best, last, or none)."""

    kindChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.picker = QToolButton(self)
        self.picker.setObjectName("ghostPicker")
        self.picker.setAutoRaise(True)
        self.picker.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # One arrow: the text's, not the style's menu indicator beside it.
        self.picker.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.picker.setToolTip(self.tr("What the live session is held against"))
        menu = QMenu(self.picker)
        group = QActionGroup(menu)
        self._actions: dict[str, QAction] = {}
        for key, text in (
            (ReferenceKind.MEDIAN.value, self.tr("Median of earlier sessions")),
            (ReferenceKind.BEST.value, self.tr("Best earlier session")),
            (ReferenceKind.LAST.value, self.tr("Last session")),
            (GHOST_OFF, self.tr("No ghost line")),
        ):
            act = QAction(text, menu)
            act.setCheckable(True)
            act.setData(key)
            group.addAction(act)
            menu.addAction(act)
            self._actions[key] = act
        group.triggered.connect(lambda a: self.set_kind(str(a.data()), emit=True))
        self.picker.setMenu(menu)
        # The picker takes the title's place, in the same row.
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.removeWidget(self.title)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.title, 1)
        row.addWidget(self.picker)
        lay.insertLayout(0, row)
        self.kind = ReferenceKind.MEDIAN.value
        self.set_kind(self.kind)

    def title_for(self, kind: str) -> str:
        return {
            ReferenceKind.MEDIAN.value: self.tr("vs median"),
            ReferenceKind.BEST.value: self.tr("vs best"),
            ReferenceKind.LAST.value: self.tr("vs last"),
        }.get(kind, self.tr("Ghost line off"))

    def set_kind(self, kind: str, emit: bool = False) -> None:
        self.kind = kind
        self._actions[kind].setChecked(True)
        self.title.setText(self.title_for(kind))
        self.picker.setText("▾")
        if emit:
            self.kindChanged.emit(kind)


class TileBoard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewers = Tile(self.tr("Viewers now"), self)
        self.dwell = Tile(self.tr("Average dwell"), self)
        self.gmv = Tile(self.tr("GMV"), self)
        self.gmv_rate = Tile(self.tr("GMV / min"), self)
        self.orders = Tile(self.tr("Orders"), self)
        self.followers = Tile(self.tr("New followers"), self)
        self.gpm = Tile(self.tr("GPM"), self)
        self.ghost = GhostTile(self)
        """Live only: how the session stands against the streamer's earlier ones."""
        self._live = False
        self.ghost.setVisible(False)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(6)
        self.columns = 0
        self._arrange(len(self.tiles()))

    def tiles(self) -> list[Tile]:
        """The tiles shown (the ghost's only while live)."""
        shown: list[Tile] = [
            self.viewers, self.dwell, self.gmv, self.gmv_rate,
            self.orders, self.followers, self.gpm,
        ]  # fmt: skip
        if self._live:
            shown.append(self.ghost)
        return shown

    def _arrange(self, columns: int, force: bool = False) -> None:
        """All tiles in one row, or in rows of `columns`."""
        if columns == self.columns and not force:
            return
        self.columns = columns
        for tile in [*self.tiles(), self.ghost]:
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles()):
            self.grid.addWidget(tile, i // columns, i % columns)
        for c in range(len(self.tiles()) + 1):  # + 1: the ghost's column when it leaves
            self.grid.setColumnStretch(c, 1 if c < min(columns, len(self.tiles())) else 0)

    def columns_for(self, width: int) -> int:
        n = len(self.tiles())
        one_row = n * ONE_ROW_MIN_TILE_W + (n - 1) * self.grid.horizontalSpacing()
        return n if width >= one_row else TWO_ROW_COLUMNS

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(self.columns_for(event.size().width()))
        super().resizeEvent(event)

    def set_live(self, live: bool) -> None:
        """A finished session shows the values it ended with, and no ghost."""
        self.viewers.title.setText(self.tr("Viewers now") if live else self.tr("Viewers at end"))
        # The platform's running average at the end; the review's figures hold
        # the average over the show, so the two are told apart.
        self.dwell.title.setText(self.tr("Average dwell") if live else self.tr("Dwell at end"))
        if live != self._live:
            self._live = live
            self.ghost.setVisible(live)
            self._arrange(
                self.columns_for(self.width()) if self.width() > 0 else len(self.tiles()),
                force=True,
            )

    def update_from(self, snap: StatsSnapshot | None) -> None:
        fmt = number_format()
        if snap is None:
            for t in self.tiles():
                t.set("—")
            return
        lt = snap.latest
        self.viewers.set(
            fmt.count(lt.get("viewers")),
            self.tr("Peak {peak} · avg {avg}").format(
                peak=fmt.count(snap.peak_viewers),
                avg=fmt.count(None if snap.avg_viewers is None else round(snap.avg_viewers)),
            ),
        )
        dwell = snap.value("dwell_seconds")
        self.dwell.set(
            fmt.duration(dwell),
            self.tr("{n} cumulative viewers").format(n=fmt.count(lt.get("watch_uv"))),
        )
        self.gmv.set(
            fmt.money(snap.gmv),
            self.tr("First 15 min {g15} · 30 min {g30}").format(
                g15=fmt.money(snap.gmv_first_15m), g30=fmt.money(snap.gmv_first_30m)
            ),
            fmt.money_exact(snap.gmv),
        )
        self.gmv_rate.set(
            fmt.money(None if snap.gmv_per_min is None else round(snap.gmv_per_min)),
            self._recent_rate_text(snap),
        )
        self.orders.set(
            fmt.count(lt.get("orders")),
            self.tr("{buyers} buyers · AOV {aov}").format(
                buyers=fmt.count(lt.get("buyers")),
                aov=fmt.money(
                    None if snap.avg_order_value is None else round(snap.avg_order_value, 2)
                ),
            ),
        )
        self.followers.set(
            fmt.count(lt.get("new_followers")),
            self.tr("{likes} likes · {comments} comments").format(
                likes=fmt.count(lt.get("likes")), comments=fmt.count(lt.get("comments"))
            ),
        )
        basis = (
            self.tr("per 1,000 views")
            if snap.gpm_basis is GpmBasis.VIEWS
            else self.tr("per 1,000 unique viewers (no view count)")
            if snap.gpm_basis is GpmBasis.UNIQUE_VIEWERS
            else self.tr("needs views")
        )
        self.gpm.set(
            fmt.money(None if snap.gpm is None else round(snap.gpm, 2)),
            basis,
            self.tr("UV value {uv} · conversion {conv}").format(
                uv=fmt.money(None if snap.uv_value is None else round(snap.uv_value, 2)),
                conv=fmt.percent(snap.conversion),
            ),
        )

    def _recent_rate_text(self, snap: StatsSnapshot) -> str:
        """ "Last 5 min ¥X/min" once the rate covers five minutes, "Last 47 s
        ¥X/min" (what it really covers) before that, "—" while there is none."""
        fmt = number_format()
        rate, span = snap.gmv_per_min_recent, snap.gmv_recent_span_s
        if rate is None or span is None:
            return self.tr("Last 5 min {rate}").format(rate=fmt.none_text)
        per_min = fmt.money(round(rate))
        if span >= RECENT_WINDOW_S:
            return self.tr("Last 5 min {rate}/min").format(rate=per_min)
        seconds = int(span)
        if seconds < 60:
            covered = self.tr("{s} s").format(s=fmt.count(seconds))
        elif seconds % 60 == 0:
            covered = self.tr("{m} min").format(m=fmt.count(seconds // 60))
        else:
            covered = self.tr("{m} min {s} s").format(
                m=fmt.count(seconds // 60), s=fmt.count(seconds % 60)
            )
        return self.tr("Last {span} {rate}/min").format(span=covered, rate=per_min)
