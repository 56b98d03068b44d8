"""The metric catalogue and the `Sample` that carries metric values.

Values travel and are stored as integers in each metric's *raw unit* so that
money stays exact: money in fen (1/100 yuan), durations in tenths of a second,
counts as counts. `Metric.to_raw` / `Metric.from_raw` convert at the edges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
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
    channel: str = ""
    """For a metric by traffic channel ("entries.paid"): the channel's key
    (see `CHANNELS`); "" for the metric as a whole."""

    scale: int = field(init=False, repr=False, compare=False)
    """Raw integers per display unit (100 fen per yuan, 10 per second, 1)."""

    def __post_init__(self) -> None:
        # A plain attribute: it is read for every value of every sample.
        object.__setattr__(self, "scale", _SCALE[self.unit])

    @property
    def base(self) -> str:
        """The metric as a whole ("entries" for "entries.paid")."""
        return self.key.partition(CHANNEL_SEP)[0]

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
    # The funnel: 曝光 → 进入 → 点击 (product_clicks) → 成交 (buyers).
    Metric("impressions", _C, Unit.COUNT, "Impressions", "直播间曝光人数"),
    Metric("entries", _C, Unit.COUNT, "Entries", "进入直播间人数"),
    Metric("exits", _C, Unit.COUNT, "Exits", "离开直播间人数"),
)

# -- traffic channels ----------------------------------------------------------------
# A channel is a dimension of a metric, not a metric of its own: "entries.paid"
# is the entries that came from paid traffic, "gmv.natural" the GMV of the
# viewers the recommendation feed brought. The catalogue lists the channels
# the platforms' dashboards name; any other is accepted by its name.

CHANNEL_SEP = "."


@dataclass(frozen=True, slots=True)
class Channel:
    key: str
    label: str
    """English, short (a table's column, a legend); translated in the context "metrics"."""
    label_zh: str
    aliases: tuple[str, ...]
    """What operators and dashboards call it (after `normalize`: lower case)."""
    paid: bool = False


CHANNELS: tuple[Channel, ...] = (
    Channel("natural", "Feed", "推荐feed",
            ("natural", "feed", "recommend", "自然推荐", "推荐feed", "推荐", "自然流量", "自然")),
    Channel("short_video", "Short video", "短视频",
            ("short_video", "video", "短视频引流", "短视频", "视频引流", "作品")),
    Channel("followers", "Followers", "关注",
            ("followers", "follow", "关注页", "关注", "粉丝")),
    Channel("search", "Search", "搜索", ("search", "搜索")),
    Channel("mall", "Shop", "商城",
            ("mall", "shop", "store", "商城", "店铺", "橱窗")),
    Channel("paid", "Paid", "付费流量",
            ("paid", "ads", "ad", "付费流量", "付费", "投流", "磁力金牛", "金牛", "千川", "随心推",
             "dou+"), paid=True),
    Channel("other", "Other", "其他", ("other", "others", "其他", "其它")),
)  # fmt: skip
CHANNELS_BY_KEY: Mapping[str, Channel] = {c.key: c for c in CHANNELS}
_CHANNEL_ALIASES: dict[str, str] = {a: c.key for c in CHANNELS for a in (c.key, *c.aliases)}

CHANNEL_METRICS: frozenset[str] = frozenset({"impressions", "entries", "gmv", "orders"})
"""The metrics that may be given by channel."""

MAX_CHANNEL_LEN = 16
_CHANNEL_NAME = re.compile(r"^[^\s.,;:=@、，；：]+$")


def channel_key(name: str) -> str | None:
    """A channel's key from its key, any alias ("千川" → "paid") or, for one the
    catalogue does not know, its own name (lower case, at most 16 characters,
    no spaces or separators); None if `name` cannot be a channel."""
    n = unicodedata.normalize("NFKC", name).strip().lower()
    if n in _CHANNEL_ALIASES:
        return _CHANNEL_ALIASES[n]
    if not n or len(n) > MAX_CHANNEL_LEN or not _CHANNEL_NAME.match(n):
        return None
    return n


def split_key(key: str) -> tuple[str, str]:
    """("entries", "paid") for "entries.paid"; (key, "") for a whole metric."""
    base, _, channel = key.partition(CHANNEL_SEP)
    return base, channel


def by_channel(base: str, channel: str) -> str:
    return f"{base}{CHANNEL_SEP}{channel}"


def channel_label(channel: str) -> str:
    """The channel's English label, or its own name."""
    known = CHANNELS_BY_KEY.get(channel)
    return known.label if known else channel


class _Catalogue(Mapping[str, Metric]):
    """The metrics by key. Iterating gives the catalogue (whole metrics); a key
    by channel ("gmv.paid") is found too, as its whole metric with the channel."""

    def __init__(self, metrics: tuple[Metric, ...]) -> None:
        self._whole = {m.key: m for m in metrics}
        self._by_channel: dict[str, Metric] = {}

    def __getitem__(self, key: str) -> Metric:
        found = self._whole.get(key) or self._by_channel.get(key)
        if found is not None:
            return found
        base, channel = split_key(key)
        whole = self._whole.get(base)
        if whole is None or base not in CHANNEL_METRICS or channel_key(channel) != channel:
            raise KeyError(key)
        made = Metric(key, whole.kind, whole.unit, whole.label, whole.label_zh, channel)
        self._by_channel[key] = made  # a handful of channels: a small cache
        return made

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole)

    def __len__(self) -> int:
        return len(self._whole)


METRICS: Mapping[str, Metric] = _Catalogue(CATALOGUE)


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
NOT_FOLLOWED = "not followed (stopped, then resumed)"
"""The reason stored with the gap of a session stopped and resumed on purpose
(a wall's tile): Genbo was running, nobody was following."""


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch of time when a source could not deliver. Stored, drawn, exported.
    `source` is the source's kind, or `EVERY_SOURCE` when Genbo was down."""

    source: str
    start_ms: int
    end_ms: int | None
    reason: str
