"""Big-number tiles. Text refreshes on its own slow timer (about twice a
second) so it can be read, independent of the curves' frame rate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.core.stats import GpmBasis, StatsSnapshot
from app.ui.format import number_format
from app.ui.widgets import SteadyLabel


class Tile(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title, self)
        self.title.setObjectName("tileTitle")
        self.value = SteadyLabel("—", self)
        self.value.setObjectName("tileValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub = SteadyLabel("", self)
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
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for i, tile in enumerate(self.tiles()):
            grid.addWidget(tile, 0, i)
            grid.setColumnStretch(i, 1)

    def tiles(self) -> list[Tile]:
        return [
            self.viewers, self.dwell, self.gmv, self.gmv_rate,
            self.orders, self.followers, self.gpm,
        ]  # fmt: skip

    def set_live(self, live: bool) -> None:
        """A finished session shows the values it ended with."""
        self.viewers.title.setText(self.tr("Viewers now") if live else self.tr("Viewers at end"))

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
            self.tr("Last 5 min {rate}/min").format(
                rate=fmt.money(
                    None if snap.gmv_per_min_recent is None else round(snap.gmv_per_min_recent)
                )
            ),
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
