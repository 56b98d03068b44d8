"""Live frame cost with a day of history: ingest → update curves → repaint.

Eight series with 24 h × 10 Hz of history (864,000 points each) in a 1600×900
plot panel, offscreen. Each frame (1/30 s of session time) appends one sample
to every series — three times the 10 Hz rate, so every frame has new data —
lets the panel redraw what changed and repaints it synchronously, the way the
~30 Hz render timer does. Measured for "follow live" over the last 15 minutes and
over the whole session.

Baseline, in the same run: the same five plots drawing the same reduced arrays
with plain `pg.PlotCurveItem(skipFiniteCheck=True)` (no reduction work at all),
set and repainted each frame. Targets: median ≤ 16 ms, p99 ≤ 33 ms, median
≤ 1.5× the baseline.

The naive way (the whole history handed to pyqtgraph every frame) is printed
too, for scale, over fewer frames.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from app.core.series import SeriesSet
from app.ui.shell.main import make_application
from app.ui.view.plots import CurveSpec, PlotPanel, PlotSpec

HZ = 10
HOURS = 24
N = HOURS * 3600 * HZ
FRAMES = 300

PLOTS = (
    PlotSpec((CurveSpec("viewers", "#2f7ed8"), CurveSpec("watch_uv", "#999999"))),
    PlotSpec((CurveSpec("gmv", "#e4572e"), CurveSpec("refunds", "#aa3333"))),
    PlotSpec((CurveSpec("orders", "#2a9d4b"), CurveSpec("buyers", "#17becf"))),
    PlotSpec((CurveSpec("dwell_seconds", "#8e5bd1"),)),
    PlotSpec((CurveSpec("new_followers", "#d6478f"),)),
)
METRICS = [c.metric for p in PLOTS for c in p.curves]


def history() -> SeriesSet:
    rng = np.random.default_rng(1)
    t = np.arange(N, dtype=np.float64) / HZ
    series = SeriesSet(0, capacity=N + FRAMES * 2)
    for i, key in enumerate(METRICS):
        v = np.cumsum(rng.normal(0, 1, N)) + 1000 * (i + 1)
        v[rng.choice(N, 20, replace=False)] += 5e4  # one-sample spikes
        series.buffers[key].extend(t, v)
    return series


def stats(ms: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(ms, n=100)
    return statistics.median(ms), q[98], max(ms)


def genbo_frames(panel: PlotPanel, series: SeriesSet, window: int | None) -> list[float]:
    clock_now = [series.last_time()]
    panel.set_series(series, clock=lambda: clock_now[0])
    panel.set_follow_window(window)
    panel.set_follow(True)
    panel.redraw()
    panel.graphics.viewport().repaint()
    rng = np.random.default_rng(2)
    out = []
    for _ in range(FRAMES):
        t0 = time.perf_counter()
        clock_now[0] += 1 / 30  # the frame's wall-clock step
        for key in METRICS:
            buf = series.buffers[key]
            buf.append(clock_now[0], float(buf.v[-1] + rng.normal()))
        panel.redraw()
        panel.graphics.viewport().repaint()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def baseline_frames(panel: PlotPanel) -> list[float]:
    """The same layout drawing the arrays Genbo reduced, with nothing else."""
    arrays = [c.item.getData() for c in panel.curves]
    x0, x1 = panel.visible_range()
    win = pg.GraphicsLayoutWidget()
    win.resize(panel.graphics.size())
    win.show()
    QApplication.processEvents()
    items = []
    i = 0
    for row, spec in enumerate(PLOTS):
        plot = win.addPlot(row=row, col=0)
        plot.setXRange(x0, x1, padding=0)
        for cspec in spec.curves:
            item = pg.PlotCurveItem(pen=pg.mkPen(cspec.color, width=1), skipFiniteCheck=True)
            plot.addItem(item)
            items.append((item, arrays[i]))
            i += 1
    win.repaint()
    out = []
    for _ in range(FRAMES):
        t0 = time.perf_counter()
        for item, (x, y) in items:
            item.setData(x, y, connect="finite", skipFiniteCheck=True)
        win.viewport().repaint()
        out.append((time.perf_counter() - t0) * 1000)
    win.close()
    return out


def naive_frames(panel: PlotPanel, series: SeriesSet, frames: int = 5) -> list[float]:
    """The whole history handed to pyqtgraph every frame (what not to do)."""
    out = []
    for _ in range(frames):
        t0 = time.perf_counter()
        for c in panel.curves:
            buf = series.buffers[c.spec.metric]
            c.item.setData(buf.t, buf.v, connect="finite")
        panel.graphics.viewport().repaint()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    make_application()
    t0 = time.perf_counter()
    series = history()
    print(
        f"history: {len(METRICS)} series × {N:,} points "
        f"({HOURS} h at {HZ} Hz), built in {time.perf_counter() - t0:.1f} s"
    )
    panel = PlotPanel(PLOTS)
    panel.resize(1600, 900)
    panel.show()
    QApplication.processEvents()  # exposed, so repaint() really paints
    for label, window in (("follow, last 15 min", 15 * 60), ("follow, whole session", None)):
        ours = genbo_frames(panel, series, window)
        points = sum(len(c.item.getData()[0]) for c in panel.curves)
        base = baseline_frames(panel)
        m, p99, worst = stats(ours)
        bm, bp99, _ = stats(base)
        ok = m <= 16 and p99 <= 33 and m <= 1.5 * bm
        print(
            f"{label:24s} genbo  median {m:6.2f} ms  p99 {p99:6.2f} ms  max {worst:6.2f} ms"
            f"   ({points:,} points drawn)"
        )
        print(
            f"{'':24s} base   median {bm:6.2f} ms  p99 {bp99:6.2f} ms"
            f"   ratio {m / bm:4.2f}×   targets (≤16, ≤33, ≤1.5×): {'met' if ok else 'NOT met'}"
        )
    naive = naive_frames(panel, series)
    print(f"{'naive (whole history)':24s} median {statistics.median(naive):7.1f} ms per frame")


if __name__ == "__main__":
    main()
