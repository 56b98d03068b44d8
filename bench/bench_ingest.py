"""Ingest cost per sample: buffers + reduction + derived stats + milestone rules,
against a raw numpy write.

What the GUI thread does with every sample a source delivers (the live
session's hub): append to the series buffers, update the derived stats, run the
milestone rules (ladders, personal bests, surge/drop windows), and bring the
display reduction's min/max pyramid up to date (done lazily and vectorised when
a wide window is drawn, so its cost is shared by the samples since). Each
sample carries all 13 metrics, as the simulator delivers them.

Prints the cost per sample with 1k and with 864k samples of history (24 h at
10 Hz) and the ratio to the baseline measured in the same run. Run with
`make bench`; figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import time

import numpy as np

from app.core.metrics import Sample
from app.core.milestones import MilestoneEngine, PersonalBests, RuleSettings
from app.core.series import SeriesSet
from app.core.stats import SessionStats
from app.sources.simulator import LiveShowModel

T0 = 1_700_000_000_000
BATCH = 20_000


def make_samples(n: int, start_s: float = 0.0) -> list[Sample]:
    model = LiveShowModel(seed=1)
    out = []
    for i in range(n):
        values = model.step(0.1)
        out.append(Sample(T0 + int((start_s + i * 0.1) * 1000), values, "bench"))
    return out


def raw_baseline(n: int) -> float:
    """Seconds per sample to write 13 values into preallocated numpy arrays."""
    t = np.empty(n)
    v = np.empty((13, n))
    vals = list(range(13))
    t0 = time.perf_counter()
    for i in range(n):
        t[i] = i * 0.1
        for j in range(13):
            v[j, i] = vals[j]
    return (time.perf_counter() - t0) / n


def genbo_ingest(history: int, samples: list[Sample]) -> float:
    series = SeriesSet(T0, capacity=1024)
    stats = SessionStats(T0)
    bests = PersonalBests(
        peak_viewers=5e4, gmv=5e6, gmv_15m=3e5, gmv_30m=9e5, gpm=3e3, avg_dwell=90
    )
    engine = MilestoneEngine(T0, RuleSettings(), bests, stats=stats)
    warm = make_samples(history) if history else []
    series.add_samples(warm)
    stats.extend(warm)
    engine.prime(warm)
    for buf in series.buffers.values():
        buf.update_pyramid()  # as the last wide view left it
    t0 = time.perf_counter()
    for s in samples:
        series.add_samples((s,))
        stats.add(s)
        engine.feed(s)
    # The display reduction's share: its pyramid catches up, vectorised, when a
    # wide window is next drawn (narrow windows never need it).
    for buf in series.buffers.values():
        buf.update_pyramid()
    return (time.perf_counter() - t0) / len(samples)


def main() -> None:
    batch = make_samples(BATCH, start_s=90_000)
    base = raw_baseline(BATCH)
    small = genbo_ingest(1_000, batch)
    large = genbo_ingest(864_000, batch)
    print(f"raw numpy write            {base * 1e6:8.2f} µs/sample")
    print(f"genbo ingest,   1k history {small * 1e6:8.2f} µs/sample  ({small / base:.2f}× raw)")
    print(f"genbo ingest, 864k history {large * 1e6:8.2f} µs/sample  ({large / base:.2f}× raw)")
    ok = max(small, large) <= 50e-6 and large / small <= 1.2
    print(
        f"history growth ratio       {large / small:8.2f}×   "
        f"targets (≤ 50 µs, growth ≤ 1.2×): {'met' if ok else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
