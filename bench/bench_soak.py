"""Soak: a day of samples through the live path, then 20,000 frames.

1. Ingest 864,000 samples (24 h at 10 Hz, 8 metrics each) the way the live
   session's hub does: series buffers, derived stats, milestone rules.
2. Draw 20,000 frames in a 1600×900 plot panel following live (last 15 min),
   each frame ingesting one more sample, as in bench_frame.

RSS is read from /proc before and after the frames (after warm-up: the day is
loaded and the first 1,000 frames drawn). The frames' own data adds 19,000
samples × 8 metrics to the buffers, which the report subtracts. Target:
growth ≤ 10 MB, no crash.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from app.core.metrics import Sample
from app.core.milestones import MilestoneEngine, RuleSettings
from app.core.series import SeriesSet
from app.core.stats import SessionStats
from app.sources.simulator import LiveShowModel
from app.ui.shell.main import make_application, settle_garbage_collector
from app.ui.view.plots import DEFAULT_PLOTS, PlotPanel

T0 = 1_700_000_000_000
DAY = 864_000
FRAMES = 20_000
WARM_FRAMES = 1_000
KEYS = ("viewers", "dwell_seconds", "gmv", "orders", "buyers", "new_followers", "watch_uv")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    make_application()
    model = LiveShowModel(seed=9, planned_s=DAY / 10)
    series = SeriesSet(T0, capacity=DAY + FRAMES + 16)
    stats = SessionStats(T0)
    engine = MilestoneEngine(T0, RuleSettings(), stats=stats)

    def one(i: int) -> None:
        values = model.step(0.1)
        s = Sample(T0 + i * 100, {k: values[k] for k in KEYS} | {"likes": values["likes"]}, "sim")
        series.add_samples((s,))
        stats.add(s)
        engine.feed(s)

    t0 = time.perf_counter()
    for i in range(DAY):
        one(i)
    ingest_s = time.perf_counter() - t0
    print(f"ingested {DAY:,} samples (8 metrics) in {ingest_s:.1f} s, RSS {rss_mb():.0f} MB")

    panel = PlotPanel(DEFAULT_PLOTS)
    panel.resize(1600, 900)
    panel.show()
    QApplication.processEvents()
    clock = [series.last_time()]
    panel.set_series(series, clock=lambda: clock[0])
    panel.set_follow_window(15 * 60)
    panel.set_follow(True)
    settle_garbage_collector()
    i = DAY
    start = 0.0
    rss0 = 0.0
    t0 = time.perf_counter()
    for frame in range(FRAMES):
        if frame == WARM_FRAMES:
            gc.collect()
            rss0, start = rss_mb(), time.perf_counter()
        one(i)
        i += 1
        clock[0] = series.last_time()
        panel.redraw()
        panel.graphics.viewport().repaint()
        if frame % 5000 == 4999:
            print(f"  frame {frame + 1:,}: RSS {rss_mb():.1f} MB")
    gc.collect()
    rss1 = rss_mb()
    frames_s = time.perf_counter() - start
    data_mb = (FRAMES - WARM_FRAMES) * 8 * 2 * 8 / 2**20
    growth = rss1 - rss0 - data_mb
    print(
        f"{FRAMES - WARM_FRAMES:,} frames after warm-up in {frames_s:.0f} s "
        f"({frames_s / (FRAMES - WARM_FRAMES) * 1000:.1f} ms each)"
    )
    print(
        f"RSS {rss0:.1f} → {rss1:.1f} MB; the frames' own samples {data_mb:.1f} MB; "
        f"growth {growth:+.1f} MB   target ≤ 10 MB: {'met' if growth <= 10 else 'NOT met'}"
    )
    print(f"total time {time.perf_counter() - t0 + ingest_s:.0f} s, no crash")


if __name__ == "__main__":
    main()
