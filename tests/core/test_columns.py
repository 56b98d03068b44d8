"""Columns of a stored session, and the whole-array paths built on them: they
must give what the one-sample-at-a-time paths give."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from app.core.columns import SessionColumns
from app.core.metrics import Gap, Sample
from app.core.series import SeriesSet
from app.core.stats import SessionStats

T0 = 1_700_000_000_000


def _session(seed: int, n: int = 3000, ties: bool = False) -> list[Sample]:
    """Two sources with their own metrics and rates, shared instants, a pause
    longer than a viewer reading holds, and with `ties` a source reading twice
    at the same instant; in time order, as the database gives them back."""
    rng = random.Random(seed)
    out: list[Sample] = []
    t = T0 - 2_000  # a few readings before the official start
    gmv = 0
    for i in range(n):
        t += rng.choice((100, 100, 250, 1000, 0 if ties else 100)) + (90_000 if i == n // 2 else 0)
        gmv += rng.randrange(0, 5000)
        values = {"viewers": rng.randrange(100, 50_000), "gmv": gmv}
        if i % 4 == 0:
            values["dwell_seconds"] = rng.randrange(50, 900)
        out.append(Sample(t, values, "simulator"))
        if i % 7 == 0:
            out.append(Sample(t, {"viewers": rng.randrange(100, 50_000), "orders": i}, "http"))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_columns_give_back_the_samples(seed: int) -> None:
    samples = _session(seed)
    cols = SessionColumns.from_samples(samples)
    assert [s.source for s in cols.sources] == ["simulator", "http"]
    assert cols.to_samples() == samples
    assert cols.sample_count() == len(samples)
    assert cols.value_count() == sum(len(s.values) for s in samples)
    assert cols.last_ms() == samples[-1].ts_ms
    merged = cols.merged("viewers")
    assert merged.ts_ms.tolist() == [s.ts_ms for s in samples if "viewers" in s.values]
    assert merged.raw.tolist() == [s.values["viewers"] for s in samples if "viewers" in s.values]


def test_empty_columns() -> None:
    cols = SessionColumns()
    assert not cols and cols.sample_count() == 0 and cols.to_samples() == []
    assert cols.last_ms() is None and len(cols.merged("gmv")) == 0


@pytest.mark.parametrize(("seed", "ties"), [(1, False), (2, False), (3, True), (4, True)])
def test_stats_from_columns_match_the_incremental_stats(seed: int, ties: bool) -> None:
    samples = _session(seed, n=2000 + 500 * seed, ties=ties)
    # The order a database gives back: time, then source, then arrival.
    samples.sort(key=lambda s: (s.ts_ms, s.source != "simulator"))
    slow = SessionStats(started_ms=T0)
    slow.extend(samples)
    fast = SessionStats.from_columns(T0, SessionColumns.from_samples(samples))
    a, b = slow.snapshot(), fast.snapshot()
    for name in a.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if name == "sample_count" and ties:
            # Two readings of one source at one instant are one stored sample.
            assert y == len({(s.ts_ms, s.source) for s in samples}) < x
            continue
        if isinstance(x, float):
            assert y == pytest.approx(x, rel=1e-12), name
        else:
            assert x == y, name
    # ...and both go on the same way (a resumed session keeps recording).
    later = Sample(samples[-1].ts_ms + 400_000, {"gmv": 10**9, "viewers": 5, "dwell_seconds": 1})
    slow.add(later)
    fast.add(later)
    assert slow.snapshot().gmv_per_min_recent == fast.snapshot().gmv_per_min_recent
    assert slow.snapshot().avg_viewers == pytest.approx(fast.snapshot().avg_viewers, rel=1e-12)


def test_stats_from_columns_of_short_sessions() -> None:
    for samples in ([], [Sample(T0 + 5, {"gmv": 10})], [Sample(T0, {"viewers": 3})]):
        slow = SessionStats(started_ms=T0)
        slow.extend(samples)
        fast = SessionStats.from_columns(T0, SessionColumns.from_samples(samples))
        assert slow.snapshot() == fast.snapshot()


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


@pytest.mark.parametrize("seed", [1, 2])
def test_series_loaded_at_once_match_series_built_sample_by_sample(seed: int) -> None:
    samples = _session(seed)
    mid = samples[len(samples) // 3].ts_ms
    gaps = [
        Gap("http", mid, mid + 20_000, "HTTP 503"),
        Gap("http", mid, mid + 20_000, "HTTP 503"),  # reported twice: one gap
        Gap("simulator", samples[-10].ts_ms, None, "stalled"),
        Gap("file", mid, mid + 1, "nobody delivers these metrics"),
    ]
    slow = SeriesSet(T0)
    slow.add_samples(samples)
    for gap in gaps:
        slow.add_gap(gap)
    fast = SeriesSet(T0)
    fast.load(SessionColumns.from_samples(samples), gaps)
    assert fast.gaps == slow.gaps
    for key, buf in slow.buffers.items():
        assert _same(fast.buffers[key].t, buf.t), key
        assert _same(fast.buffers[key].v, buf.v), key
    assert sum(math.isnan(v) for v in fast.buffers["viewers"].v) == 2
    # Live gaps after loading still break the right lines.
    fast.add_gap(Gap("http", samples[-1].ts_ms + 1, None, "late"))
    assert math.isnan(fast.buffers["orders"].v[-1])
    assert not math.isnan(fast.buffers["gmv"].v[-1])
