"""A stored session's samples as columns: per source, per metric, numpy arrays
of times and raw values.

Reading a day-long session as `Sample` objects means building 864,000 of them;
review, statistics and exports work on these arrays instead and never do.
`to_samples()` rebuilds the samples where something needs them one by one
(resuming a session replays them through the rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.metrics import Sample

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Column:
    """One metric's points, sorted by time (ties keep the order they came in)."""

    ts_ms: IntArray
    raw: IntArray

    def __len__(self) -> int:
        return int(self.ts_ms.shape[0])

    @staticmethod
    def sorted(ts_ms: IntArray, raw: IntArray) -> Column:
        """A column of points in any order, put in time order (stably)."""
        if ts_ms.shape[0] > 1 and bool(np.any(ts_ms[1:] < ts_ms[:-1])):
            order = np.argsort(ts_ms, kind="stable")
            ts_ms, raw = ts_ms[order], raw[order]
        return Column(ts_ms, raw)


EMPTY = Column(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


@dataclass(frozen=True)
class SourceColumns:
    """What one source delivered. `source` is the name a `Sample` carries (the
    source's kind: "simulator", "http", …)."""

    source: str
    series: dict[str, Column] = field(default_factory=dict)

    def sample_times(self) -> IntArray:
        """The distinct instants this source delivered a sample at, sorted."""
        cols = [c.ts_ms for c in self.series.values() if len(c)]
        if not cols:
            return np.empty(0, dtype=np.int64)
        first = cols[0]
        same = all(c.shape == first.shape and np.array_equal(c, first) for c in cols[1:])
        if same and (first.shape[0] < 2 or bool(np.all(first[1:] > first[:-1]))):
            return first  # the usual case: every sample carries every metric
        return np.unique(np.concatenate(cols))


@dataclass(frozen=True)
class SessionColumns:
    """Every source's columns, in the order the sources were added."""

    sources: tuple[SourceColumns, ...] = ()

    @classmethod
    def from_samples(cls, samples: Iterable[Sample]) -> SessionColumns:
        """Columns of samples in any order (sources grouped by name)."""
        acc: dict[str, dict[str, tuple[list[int], list[int]]]] = {}
        for s in samples:
            per_metric = acc.setdefault(s.source, {})
            for key, raw in s.values.items():
                ts, vals = per_metric.setdefault(key, ([], []))
                ts.append(s.ts_ms)
                vals.append(raw)
        return cls(
            tuple(
                SourceColumns(
                    name,
                    {
                        key: Column.sorted(
                            np.array(ts, dtype=np.int64), np.array(vals, dtype=np.int64)
                        )
                        for key, (ts, vals) in per_metric.items()
                    },
                )
                for name, per_metric in acc.items()
            )
        )

    def __bool__(self) -> bool:
        return any(len(c) for src in self.sources for c in src.series.values())

    def metrics(self) -> list[str]:
        seen: dict[str, None] = {}
        for src in self.sources:
            for key, col in src.series.items():
                if len(col):
                    seen[key] = None
        return list(seen)

    def merged(self, metric: str) -> Column:
        """One metric from every source, in time order; at the same instant the
        earlier-added source comes first."""
        cols = [src.series[metric] for src in self.sources if len(src.series.get(metric, EMPTY))]
        if not cols:
            return EMPTY
        if len(cols) == 1:
            return cols[0]
        return Column.sorted(
            np.concatenate([c.ts_ms for c in cols]), np.concatenate([c.raw for c in cols])
        )

    def value_count(self) -> int:
        return sum(len(c) for src in self.sources for c in src.series.values())

    def sample_count(self) -> int:
        """How many samples (one source's reading at one instant) there are."""
        return sum(int(src.sample_times().shape[0]) for src in self.sources)

    def last_ms(self) -> int | None:
        ends = [int(c.ts_ms[-1]) for src in self.sources for c in src.series.values() if len(c)]
        return max(ends, default=None)

    def rows(
        self, convert: Callable[[str, IntArray], list[Any]] | None = None
    ) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(time, source, values) of every sample, in time order (sources in
        their order at the same instant), values in the order the metrics were
        stored. `convert(metric, raw)` turns a whole column into the values to
        give (raw integers by default), which is far cheaper than value by value.
        The building block of `to_samples` and of row-wise exports."""
        per_source: list[tuple[IntArray, list[dict[str, Any]]]] = []
        for src in self.sources:
            times = src.sample_times()
            values: list[dict[str, Any]] = [{} for _ in range(times.shape[0])]
            for key, col in src.series.items():
                if not len(col):
                    continue
                pos = np.searchsorted(times, col.ts_ms)
                vals = col.raw.tolist() if convert is None else convert(key, col.raw)
                for i, v in zip(pos.tolist(), vals, strict=True):
                    values[i][key] = v
            per_source.append((times, values))
        if not per_source:
            return
        if len(per_source) == 1:
            name = self.sources[0].source
            times, values = per_source[0]
            for t, vals in zip(times.tolist(), values, strict=True):
                yield t, name, vals
            return
        all_t = np.concatenate([t for t, _ in per_source])
        which = np.concatenate(
            [np.full(t.shape[0], k, dtype=np.int64) for k, (t, _) in enumerate(per_source)]
        )
        index = np.concatenate([np.arange(t.shape[0]) for t, _ in per_source])
        order = np.lexsort((which, all_t))
        for k in order.tolist():
            src_k = int(which[k])
            yield int(all_t[k]), self.sources[src_k].source, per_source[src_k][1][int(index[k])]

    def to_samples(self) -> list[Sample]:
        return [Sample(t, vals, name) for t, name, vals in self.rows()]
