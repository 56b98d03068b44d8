"""The metric catalogue and the `Sample` that carries metric values.

Values travel and are stored as integers in each metric's *raw unit* so that
money stays exact: money in fen (1/100 yuan), durations in tenths of a second,
counts as counts. `Metric.to_raw` / `Metric.from_raw` convert at the edges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum


class MetricKind(Enum):
    """How a metric behaves over a session."""

    GAUGE = "gauge"
    """A reading of "now": online viewers, average dwell. It can go up or down."""

    COUNTER = "counter"
    """A cumulative total since the session started: GMV, orders. It only grows."""


class Unit(Enum):
    COUNT = "count"
    MONEY = "money"  # yuan; raw unit is fen
    SECONDS = "seconds"  # raw unit is 0.1 s


_SCALE = {Unit.COUNT: 1, Unit.MONEY: 100, Unit.SECONDS: 10}


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    kind: MetricKind
    unit: Unit
    label: str
    """English label; the UI passes it through Qt's translate() (context "metrics")."""
    label_zh: str
    """The name operators know from the Kuaishou/Douyin dashboards."""

    scale: int = field(init=False, repr=False, compare=False)
    """Raw integers per display unit (100 fen per yuan, 10 per second, 1)."""

    def __post_init__(self) -> None:
        # A plain attribute: it is read for every value of every sample.
        object.__setattr__(self, "scale", _SCALE[self.unit])

    @property
    def is_money(self) -> bool:
        return self.unit is Unit.MONEY

    def to_raw(self, value: Decimal | int | float | str) -> int:
        """Convert a value in display units (yuan, seconds, count) to the raw integer."""
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        if not d.is_finite():
            raise ValueError(f"{self.key}: {value!r} is not a finite number")
        return int((d * self.scale).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))

    def from_raw(self, raw: int) -> Decimal:
        """The exact value in display units."""
        if self.scale == 1:
            return Decimal(raw)
        return Decimal(raw) / Decimal(self.scale)

    def display_float(self, raw: int) -> float:
        """For plotting only: a float in display units (exact up to 2**53 fen)."""
        return raw / self.scale


_C, _G = MetricKind.COUNTER, MetricKind.GAUGE

CATALOGUE: tuple[Metric, ...] = (
    Metric("viewers", _G, Unit.COUNT, "Viewers online", "在线人数"),
    Metric("dwell_seconds", _G, Unit.SECONDS, "Average dwell", "人均停留时长"),
    Metric("watch_uv", _C, Unit.COUNT, "Cumulative viewers", "累计观看人数"),
    Metric("watch_pv", _C, Unit.COUNT, "Views", "观看次数"),
    Metric("gmv", _C, Unit.MONEY, "GMV", "成交金额"),
    Metric("orders", _C, Unit.COUNT, "Orders", "成交订单数"),
    Metric("buyers", _C, Unit.COUNT, "Buyers", "成交人数"),
    Metric("product_clicks", _C, Unit.COUNT, "Product clicks", "商品点击"),
    Metric("new_followers", _C, Unit.COUNT, "New followers", "新增粉丝"),
    Metric("likes", _C, Unit.COUNT, "Likes", "点赞"),
    Metric("comments", _C, Unit.COUNT, "Comments", "评论"),
    Metric("ad_spend", _C, Unit.MONEY, "Paid-traffic spend", "投流消耗"),
    Metric("refunds", _C, Unit.MONEY, "Refunds", "退款金额"),
)

METRICS: Mapping[str, Metric] = {m.key: m for m in CATALOGUE}


def metric(key: str) -> Metric:
    """Look up a metric by key, with an error that lists the known keys."""
    try:
        return METRICS[key]
    except KeyError:
        known = ", ".join(METRICS)
        raise KeyError(f"unknown metric {key!r}; known metrics: {known}") from None


@dataclass(frozen=True, slots=True)
class Sample:
    """Some metric values read at one instant by one source.

    `ts_ms` is UTC epoch milliseconds. `values` maps metric keys to raw integers
    (see the module docstring); any subset of the catalogue may be present.
    """

    ts_ms: int
    values: Mapping[str, int]
    source: str = "manual"

    def __post_init__(self) -> None:
        for key, raw in self.values.items():
            if key not in METRICS:
                metric(key)  # raises with the list of known keys
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise TypeError(f"{key}: raw value must be an int, got {type(raw).__name__}")


EVERY_SOURCE = ""
"""The source of a gap that covers every source: Genbo itself was not running."""
NOT_RUNNING = "Genbo was not running"
"""The reason stored with such a gap (the downtime between a crash and a resume)."""


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch of time when a source could not deliver. Stored, drawn, exported.
    `source` is the source's kind, or `EVERY_SOURCE` when Genbo was down."""

    source: str
    start_ms: int
    end_ms: int | None
    reason: str
