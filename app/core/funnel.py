"""The conversion funnel and the traffic channels of one session, against the
streamer's earlier sessions. Pure: the window feeds it the latest readings
(live, about once a second, or a stored session in review) and the history
read once off the GUI thread (`app.session.funnel`).

**The funnel** is four rates, each an exact `Decimal` fraction of two
counters' latest totals (raw integers):

| step | rate | 中文 |
|---|---|---|
| impressions → entries | entries ÷ impressions | 曝光进入率 |
| entries → product clicks | product_clicks ÷ entries | 商品点击率 |
| product clicks → buyers | buyers ÷ product_clicks | 点击成交率 |
| entries → buyers | buyers ÷ entries | 观看成交率 |

A step whose input has no reading names the input that is missing; a zero
denominator gives no rate (never 0 %). Each rate stands against the median of
the same rate over the streamer's previous sessions (the median of the
sessions' rates, not a rate of medians): as a fraction of the median and as
a rank among those sessions. The **first** step below its median is the place
to act — if it is clearly below (`ACT_MARGIN`, 5 % of the median): a leak
early in the funnel starves every step after it; a step a hair under its
median is the streamer's usual, and no step is marked then.

**The channels** are the `entries.<channel>` and `gmv.<channel>` counters
(`app.core.metrics.CHANNELS`; others by their name): each channel's share of
the session's entries, its GMV and its GPM (GMV per 1,000 entries), and the
streamer's median share. `channel_minutes` gives the stacked plot's per-minute
entries by channel from a `SeriesSet`, the minute rule of `app.core.curves`:
minute *m* ends at (m + 1) min, holds the running total as of then (missing
before the first reading and after a gap marker until the next reading), and
its increment is missing when its total or the previous minute's is (minute 0
counts from zero).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from app.core.columns import SessionColumns
from app.core.messages import QT_TRANSLATE_NOOP
from app.core.metrics import CHANNEL_SEP, CHANNELS, CHANNELS_BY_KEY, METRICS, split_key
from app.core.series import SeriesSet

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

FUNNEL_CONTEXT = "funnel"
"""The translation context of the steps' labels."""

MINUTE_S = 60.0


@dataclass(frozen=True, slots=True)
class StepDef:
    key: str
    label: str
    """English; translated in `FUNNEL_CONTEXT`."""
    label_zh: str
    """The rate's name on the platforms' dashboards."""
    numerator: str
    denominator: str


STEP_DEFS: tuple[StepDef, ...] = (
    StepDef("entry_rate", QT_TRANSLATE_NOOP("funnel", "Impressions → entries"), "曝光进入率",
            "entries", "impressions"),
    StepDef("click_rate", QT_TRANSLATE_NOOP("funnel", "Entries → product clicks"), "商品点击率",
            "product_clicks", "entries"),
    StepDef("click_to_buy", QT_TRANSLATE_NOOP("funnel", "Product clicks → buyers"), "点击成交率",
            "buyers", "product_clicks"),
    StepDef("watch_to_buy", QT_TRANSLATE_NOOP("funnel", "Entries → buyers"), "观看成交率",
            "buyers", "entries"),
)  # fmt: skip
STEPS: Mapping[str, StepDef] = {d.key: d for d in STEP_DEFS}

FUNNEL_METRICS: tuple[str, ...] = ("impressions", "entries", "product_clicks", "buyers")
"""The counters the funnel reads."""
CHANNEL_BASES: tuple[str, ...] = ("entries", "gmv")
"""The metrics by channel the traffic-source view reads."""


def rate(numerator: int | None, denominator: int | None) -> Decimal | None:
    """numerator ÷ denominator, exact; None when either is unknown or the
    denominator is zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


def _median(values: Sequence[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)) if values else None


# -- the latest readings ------------------------------------------------------------------


def wanted(key: str) -> bool:
    """Whether the funnel or the channel view reads metric `key`."""
    base, channel = split_key(key)
    return (base in FUNNEL_METRICS and not channel) or (bool(channel) and base in CHANNEL_BASES)


def latest_values(series: SeriesSet) -> dict[str, int]:
    """The newest reading of every metric the funnel and the channels read, as
    raw integers (fen for GMV), from a session's buffers; a metric without a
    reading is left out. A few look-ups per metric: cheap enough for every
    refresh."""
    out: dict[str, int] = {}
    for key, buf in series.buffers.items():
        if not len(buf) or not wanted(key):
            continue
        last = buf.last()
        if last is not None:
            out[key] = round(last[1] * METRICS[key].scale)
    return out


def final_values(columns: SessionColumns) -> dict[str, int]:
    """A stored session's last reading of every metric the funnel and the
    channels read (a counter's last reading is its final total), raw."""
    out: dict[str, int] = {}
    for key in columns.metrics():
        if key in METRICS and wanted(key):
            col = columns.merged(key)
            if len(col):
                out[key] = int(col.raw[-1])
    return out


# -- the streamer's history ----------------------------------------------------------------


@dataclass(frozen=True)
class FunnelHistory:
    """The streamer's previous sessions' funnel rates and channel shares, with
    their medians worked out once (`from_finals`)."""

    sessions: int = 0
    """How many previous sessions were looked at."""
    rates: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    """Per step, the rates of the previous sessions that have one."""
    medians: Mapping[str, Decimal] = field(default_factory=dict)
    """Per step with any such session, the median rate."""
    shares: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    """Per channel, its share of entries in each previous session with entries by channel."""
    median_shares: Mapping[str, Decimal] = field(default_factory=dict)
    channel_sessions: int = 0
    """How many previous sessions had entries by channel."""
    session_ids: tuple[int, ...] = ()

    @classmethod
    def from_finals(
        cls, finals: Sequence[Mapping[str, int]], session_ids: Sequence[int] = ()
    ) -> FunnelHistory:
        """From each previous session's final readings (`final_values`)."""
        rates: dict[str, tuple[Decimal, ...]] = {}
        for d in STEP_DEFS:
            got = [rate(f.get(d.numerator), f.get(d.denominator)) for f in finals]
            rates[d.key] = tuple(r for r in got if r is not None)
        medians = {k: m for k, v in rates.items() if (m := _median(v)) is not None}
        by_session = [s for f in finals if (s := entry_shares(f))]
        channels = ordered_channels(ch for s in by_session for ch in s)
        # A channel a session with entries by channel did not list brought it none.
        shares = {ch: tuple(s.get(ch, Decimal(0)) for s in by_session) for ch in channels}
        median_shares = {ch: m for ch, v in shares.items() if (m := _median(v)) is not None}
        return cls(
            len(finals), rates, medians, shares, median_shares, len(by_session), tuple(session_ids)
        )


NO_HISTORY = FunnelHistory()


# -- the funnel ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelStep:
    definition: StepDef
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    missing: tuple[str, ...]
    """The inputs without a reading (metric keys, numerator first)."""
    median: Decimal | None = None
    median_of: int = 0
    """How many previous sessions the median rests on (0: no median yet)."""
    of_median: Decimal | None = None
    """rate ÷ median (0.8: at 80 % of the median); None without either, or a zero median."""
    rank: int | None = None
    """1 = the highest rate among this session and the previous ones that have it."""
    rank_of: int = 0
    below: bool = False
    """Below its median."""
    act: bool = False
    """The first step below its median: the place to act."""

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def zero(self) -> bool:
        """Both inputs read, and the denominator is zero (so no rate)."""
        return not self.missing and self.denominator == 0


@dataclass(frozen=True)
class Funnel:
    steps: tuple[FunnelStep, ...]
    history: FunnelHistory

    def step(self, key: str) -> FunnelStep:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def act(self) -> FunnelStep | None:
        """The first step below its median (None: none is)."""
        return next((s for s in self.steps if s.act), None)


ACT_MARGIN = Decimal("0.05")
"""How far below its median (a share of it) a step must be to be the place to act."""


def funnel(latest: Mapping[str, int], history: FunnelHistory = NO_HISTORY) -> Funnel:
    """The four steps from the latest raw readings (`latest_values`), each
    against `history`'s median. A handful of Decimal divisions: no median is
    worked out here."""
    steps: list[FunnelStep] = []
    acted = False
    for d in STEP_DEFS:
        num, den = latest.get(d.numerator), latest.get(d.denominator)
        missing = tuple(k for k, v in ((d.numerator, num), (d.denominator, den)) if v is None)
        r = rate(num, den)
        median = history.medians.get(d.key)
        prev = history.rates.get(d.key, ())
        of_median = rank = None
        rank_of = 0
        below = False
        if r is not None:
            rank, rank_of = 1 + sum(1 for p in prev if p > r), len(prev) + 1
            if median is not None:
                of_median = r / median if median != 0 else None
                below = r < median
        # The place to act is a step clearly below its median: one a hair under
        # it (99 % of the median) is the streamer's usual, not a leak.
        clearly = of_median is not None and of_median <= 1 - ACT_MARGIN
        act = below and clearly and not acted
        acted = acted or act
        steps.append(
            FunnelStep(
                d, num, den, r, missing, median, len(prev), of_median, rank, rank_of, below, act
            )
        )
    return Funnel(tuple(steps), history)


# -- the channels -------------------------------------------------------------------------


def ordered_channels(channels: Iterable[str]) -> list[str]:
    """The known channels in the catalogue's order, then the others by name."""
    seen = set(channels)
    known = [c.key for c in CHANNELS if c.key in seen]
    return known + sorted(seen - set(CHANNELS_BY_KEY))


def channels_of(keys: Iterable[str], base: str = "entries") -> list[str]:
    """The channels that metric keys such as "entries.paid" name, ordered."""
    prefix = base + CHANNEL_SEP
    return ordered_channels(k[len(prefix) :] for k in keys if k.startswith(prefix))


def _entries_total(latest: Mapping[str, int], channels: Sequence[str]) -> int | None:
    """What the shares are of: the session's entries, or the channels' sum when
    that is more (or the whole has no reading)."""
    by_channel = [latest[f"entries.{ch}"] for ch in channels if f"entries.{ch}" in latest]
    if not by_channel:
        return None
    total = sum(by_channel)
    whole = latest.get("entries")
    return total if whole is None else max(whole, total)


def entry_shares(latest: Mapping[str, int]) -> dict[str, Decimal]:
    """Each channel's share of entries ({} without entries by channel, or none yet)."""
    channels = channels_of(latest)
    total = _entries_total(latest, channels)
    if not total:
        return {}
    return {ch: Decimal(latest[f"entries.{ch}"]) / Decimal(total) for ch in channels}


@dataclass(frozen=True, slots=True)
class ChannelRow:
    channel: str
    entries: int | None
    share: Decimal | None
    """Of the session's entries; None without entries by this channel or any entries."""
    gmv_fen: int | None
    gpm: Decimal | None
    """Yuan per 1,000 entries, where both are known and entries are not zero."""
    median_share: Decimal | None = None

    @property
    def known(self) -> bool:
        """One of the catalogue's channels (else named by its source)."""
        return self.channel in CHANNELS_BY_KEY

    @property
    def share_change(self) -> Decimal | None:
        """share − median share (a fraction: 0.05 is 5 points), where both are known."""
        if self.share is None or self.median_share is None:
            return None
        return self.share - self.median_share


@dataclass(frozen=True)
class ChannelTable:
    rows: tuple[ChannelRow, ...]
    total_entries: int | None
    """What the shares are of (see `entry_shares`)."""
    unattributed: int | None
    """Entries no channel accounts for (the whole minus the channels' sum), if any."""
    history: FunnelHistory

    def row(self, channel: str) -> ChannelRow:
        for r in self.rows:
            if r.channel == channel:
                return r
        raise KeyError(channel)

    @property
    def channels(self) -> list[str]:
        return [r.channel for r in self.rows]


def gpm(gmv_fen: int | None, entries: int | None) -> Decimal | None:
    """GMV in yuan per 1,000 entries: fen × 10 ÷ entries."""
    if gmv_fen is None or not entries:
        return None
    return Decimal(gmv_fen) * 10 / Decimal(entries)


def channel_table(latest: Mapping[str, int], history: FunnelHistory = NO_HISTORY) -> ChannelTable:
    """A row per channel with entries or GMV by channel (known ones first, in
    the catalogue's order, then the others by name)."""
    parts = [split_key(k) for k in latest]
    channels = ordered_channels(ch for base, ch in parts if ch and base in CHANNEL_BASES)
    total = _entries_total(latest, channels)
    rows = []
    for ch in channels:
        entries, gmv = latest.get(f"entries.{ch}"), latest.get(f"gmv.{ch}")
        share = rate(entries, total)
        rows.append(ChannelRow(ch, entries, share, gmv, gpm(gmv, entries),
                               history.median_shares.get(ch)))  # fmt: skip
    whole = latest.get("entries")
    summed = sum(r.entries for r in rows if r.entries is not None)
    left = whole - summed if whole is not None and total is not None and whole > summed else None
    return ChannelTable(tuple(rows), total, left, history)


# -- the stacked plot's minutes -------------------------------------------------------------


@dataclass(frozen=True)
class ChannelMinutes:
    """Entries by channel per minute, for the stacked area plot."""

    minutes: int
    channels: tuple[str, ...]
    increments: Mapping[str, FloatArray]
    """Per channel, the entries of each minute (NaN where unknown)."""

    def x(self) -> FloatArray:
        """Seconds since the start at which each minute's row holds (its end)."""
        return (np.arange(self.minutes, dtype=np.float64) + 1) * MINUTE_S

    def stacked(self) -> list[FloatArray]:
        """The top edge of each channel's band, bottom to top (the channels'
        order). A minute where any channel is unknown is NaN in every band, so
        the bands break together and none is drawn from a guess."""
        if not self.channels:
            return []
        arr = np.vstack([self.increments[ch] for ch in self.channels])
        unknown = np.isnan(arr).any(axis=0)
        tops = np.cumsum(np.where(np.isnan(arr), 0.0, arr), axis=0)
        tops[:, unknown] = np.nan
        return [tops[i] for i in range(tops.shape[0])]


def minute_count_live(series: SeriesSet) -> int:
    """The whole minutes a live session has behind it (the open one is left out)."""
    return int(series.last_time() // MINUTE_S)


def minute_count_done(series: SeriesSet) -> int:
    """The minutes of a stored session, the last partial one included."""
    last = series.last_time()
    return max(1, -int(-last // MINUTE_S)) if last > 0 else 0


def minute_totals(t: FloatArray, v: FloatArray, minutes: int) -> tuple[FloatArray, BoolArray]:
    """A counter's running total at each minute's end (seconds since the start
    in `t`), and which minutes have one: the last point at or before the
    minute's end, missing before the first point and where that point is a gap
    marker (NaN)."""
    ends = (np.arange(minutes, dtype=np.float64) + 1) * MINUTE_S
    idx = np.searchsorted(t, ends, side="right") - 1
    seen = idx >= 0
    vals = np.where(seen, v[np.maximum(idx, 0)] if len(v) else 0.0, np.nan)
    present: BoolArray = seen & ~np.isnan(vals)
    return np.where(present, vals, 0.0), present


def minute_increments(totals: FloatArray, present: BoolArray) -> FloatArray:
    """What each minute added (NaN where its total or the previous one is
    missing; minute 0 counts from zero)."""
    prev = np.concatenate([np.zeros(1), totals[:-1]])
    prev_ok = np.concatenate([np.ones(1, dtype=np.bool_), present[:-1]])
    ok = present & prev_ok
    return np.where(ok, totals - prev, np.nan)


def channel_minutes(series: SeriesSet, minutes: int) -> ChannelMinutes:
    """The entries by channel of each of the first `minutes` minutes."""
    keys = [k for k, b in series.buffers.items() if len(b)]
    channels = tuple(channels_of(keys))
    incs: dict[str, FloatArray] = {}
    for ch in channels:
        buf = series.buffers[f"entries.{ch}"]
        totals, present = minute_totals(buf.t, buf.v, minutes)
        incs[ch] = minute_increments(totals, present)
    return ChannelMinutes(minutes, channels, incs)
