"""The live ghost line: a dashed line of the streamer's median, best or last
session by minute since start on the GMV and viewers plots, a tile saying how
the live session stands against it ("+12% vs median at 0:42"), and the
projected final GMV with its range and method.

The reference is loaded off the GUI thread when the session starts
(`app.session.compare.ghost_reference`); each text refresh then costs a
couple of array lookups (`ghost_standing`, `project_final_gmv`)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject

from app.core.curves import (
    NoProjection,
    Projection,
    ProjectionMethod,
    ghost_standing,
    project_final_gmv,
)
from app.core.metrics import METRICS
from app.core.stats import StatsSnapshot
from app.session.compare import GhostReference
from app.ui.view.plots import PlotPanel
from app.ui.view.tiles import GHOST_OFF as OFF
from app.ui.view.tiles import GhostTile
from app.ui.widgets.format import number_format


def exact_money(fen: int | None) -> str:
    return number_format().money_fen(fen)


def approx_money(fen: int | None) -> str:
    """Money rounded to three significant digits: ¥1,068.37万 → ¥1,070万."""
    if fen is None or fen == 0:
        return exact_money(fen)
    yuan = Decimal(fen) / 100
    digits = yuan.adjusted() - 2  # keep three significant digits
    rounded = yuan.quantize(Decimal(1).scaleb(digits)) if digits > 0 else round(yuan)
    return number_format().money(Decimal(rounded))


def clock_minutes(minute: float) -> str:
    """Minutes since start in words ("42 min", "1 h 05 min"): the session
    clock reads m:ss, so "0:42" here would read as 42 seconds."""
    total = max(0, int(minute))
    if total < 60:
        return QCoreApplication.translate("ghost", "{m} min").format(m=total)
    return QCoreApplication.translate("ghost", "{h} h {m:02d} min").format(
        h=total // 60, m=total % 60
    )


class GhostController(QObject):
    """Keeps the ghost tile and the plots' ghost lines in step with the
    reference and the live figures."""

    def __init__(self, plots: PlotPanel, tile: GhostTile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plots = plots
        self.tile = tile
        self.reference: GhostReference | None = None
        self.loaded = False
        self._base: GhostReference | None = None
        tile.kindChanged.connect(self._on_kind)

    # -- the reference ---------------------------------------------------------------
    def set_loading(self) -> None:
        self.loaded = False
        self.reference = self._base = None
        self.plots.set_ghost("gmv", None, None)
        self.plots.set_ghost("viewers", None, None)
        self.tile.set("…", self.tr("Reading earlier sessions…"))

    def clear(self) -> None:
        """The session ended: no ghost on its plots any more."""
        self.loaded = False
        self._base = self.reference = None
        self._draw()

    def set_reference(self, ref: GhostReference | None) -> None:
        """The loaded reference (None: the streamer has no earlier session
        with samples)."""
        self.loaded = True
        self._base = ref
        self._apply_kind()

    def set_failed(self, message: str) -> None:
        self.loaded = True
        self._base = self.reference = None
        self._draw()
        self.tile.set(
            number_format().none_text, self.tr("Earlier sessions could not be read"), message
        )

    def _on_kind(self, _kind: str) -> None:
        self._apply_kind()

    def _apply_kind(self) -> None:
        kind = self.tile.kind
        base = self._base
        if base is None or kind == OFF:
            self.reference = None if kind == OFF else base
        else:
            self.reference = base if base.kind.value == kind else base.of_kind(kind)
        self._draw()

    def _draw(self) -> None:
        ref = self.reference
        if ref is None or self.tile.kind == OFF:
            self.plots.set_ghost("gmv", None, None)
            self.plots.set_ghost("viewers", None, None)
            return
        curve = ref.curve
        x = np.concatenate(([0.0], curve.x() * 60.0))
        gmv = np.concatenate(([0.0], curve.gmv / METRICS["gmv"].scale))
        viewers = np.concatenate(([np.nan], curve.viewers))
        label = self.tile.title_for(self.tile.kind)
        self.plots.set_ghost("gmv", x, gmv, label)
        self.plots.set_ghost("viewers", x, viewers, label)

    # -- the live figures ------------------------------------------------------------
    def update(self, snap: StatsSnapshot | None) -> None:
        """Called with every text refresh (about twice a second)."""
        if not self.loaded:
            return
        fmt = number_format()
        if self.tile.kind == OFF:
            self.tile.set(fmt.none_text, self.tr("Choose one with ▾"))
            return
        if self._base is None:
            self.tile.set(
                fmt.none_text,
                self.tr("First session: no ghost yet"),
                self.tr(
                    "This is the streamer's first recorded session with samples: there is "
                    "nothing to compare it with yet. From the next session on, the ghost line "
                    "shows the median of the earlier ones."
                ),
            )
            return
        ref = self.reference
        assert ref is not None
        minute = 0.0 if snap is None else snap.elapsed_s / 60.0
        live_fen = None
        if snap is not None and snap.gmv is not None:
            live_fen = int(snap.gmv * METRICS["gmv"].scale)
        standing = ghost_standing(
            None if live_fen is None else float(live_fen), ref.curve, minute, "gmv"
        )
        projection = project_final_gmv(live_fen, minute, self._base.curve)
        at = clock_minutes(minute)
        value = fmt.none_text  # beyond the ghost's end, or nothing to hold against yet
        if standing is not None:
            sign = "+" if standing.change >= 0 else ""
            value = sign + fmt.percent(Decimal(str(round(standing.change, 3))), decimals=0)
        sub = self._projection_text(projection)
        self.tile.set(value, sub, self._tooltip(ref, standing is not None, at, projection, minute))

    def _projection_text(self, p: Projection) -> str:
        """The tile's line: the projection rounded to three significant digits
        (more would claim a precision it does not have); the range and the
        method are in the tooltip."""
        if p.method is ProjectionMethod.SCALED_MEDIAN:
            return self.tr("Projected ≈{value}").format(value=approx_money(p.value_fen))
        if p.method is ProjectionMethod.SO_FAR:
            return self.tr("Projected {value} (so far)").format(value=exact_money(p.value_fen))
        return {
            NoProjection.FIRST_SESSION: self.tr("No projection: no earlier GMV"),
            NoProjection.NO_LIVE_VALUE: self.tr("Projection after the first GMV"),
            NoProjection.NOTHING_SOLD_YET: self.tr("Projection after the first sale"),
            NoProjection.ZERO_MEDIAN: self.tr("No projection: median sold nothing yet"),
            NoProjection.NO_REFERENCE_HERE: self.tr("No projection at this minute"),
        }.get(p.reason or NoProjection.FIRST_SESSION, "")

    def _tooltip(
        self, ref: GhostReference, standing: bool, at: str, p: Projection, minute: float
    ) -> str:
        n = len(ref.sessions)
        lines = [
            self.tr("{kind} at {at}, from {n} earlier sessions with samples").format(
                kind=self.tile.title_for(self.tile.kind), at=at, n=number_format().count(n)
            )
        ]
        if not standing and minute >= ref.curve.minutes:
            lines.append(self.tr("The live session is longer than the ghost's session."))
        if p.method is ProjectionMethod.SO_FAR:
            lines.append(
                self.tr(
                    "The live session is already longer than every earlier one: nothing is "
                    "left of their shape to scale, so the projection is the GMV so far."
                )
            )
        if p.method is ProjectionMethod.SCALED_MEDIAN:
            lines.append(
                self.tr("Projected final GMV {value}, likely {low} – {high}").format(
                    value=exact_money(p.value_fen),
                    low=approx_money(p.low_fen),
                    high=approx_money(p.high_fen),
                )
            )
            lines.append(
                self.tr(
                    "Projection: the median session's remaining shape, scaled by how this "
                    "session stands against it now; the range is the 25th–75th percentile of "
                    "the streamer's earlier sessions ({n} sessions)."
                ).format(n=number_format().count(p.basis))
            )
        if ref.summary_only:
            lines.append(
                self.tr("{n} earlier sessions have only figures, no minutes: not used.").format(
                    n=number_format().count(ref.summary_only)
                )
            )
        return "\n".join(lines)
