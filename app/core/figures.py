"""The derived figures of one session (复盘), and how they stand against the
streamer's earlier sessions.

**One source of truth.** Every figure is a function of the session's
`SessionSummary`, because that is the one record every session has: a full
recording, an interrupted one rebuilt from its samples, and the summary-only
sessions imported from a platform's list. So the figures of this session and
of the sessions it is compared with are computed the same way. A
`StatsSnapshot` (full sessions) only fills a summary field the stored row
lacks, with the value `SessionStats` gives for it — the same quantity the
recorder would have written there (`summary_from_stats`).

| figure | from |
|---|---|
| duration | `duration_s` (the session clock at its end) |
| peak / average viewers | `peak_viewers`, `avg_viewers` (time-weighted) |
| average dwell | `avg_dwell_ds` (0.1 s) |
| GMV, first 15 / 30 min | `gmv_fen`, `gmv_15m_fen`, `gmv_30m_fen` |
| GMV/min | GMV ÷ duration in minutes (from one minute on) |
| GPM | `gpm_fen` (GMV per 1,000 views, as the platform computes it) |
| orders, AOV (客单价) | `orders`; GMV ÷ orders |
| UV value | GMV ÷ cumulative viewers (`watch_uv`) |
| conversion | buyers ÷ cumulative viewers |
| followers gained | `new_followers` |
| spend, ROI | `spend_fen`; GMV ÷ spend |

GMV/min is a whole-session rate every session has, unlike the live tile's
rise from the first to the newest reading. Ratios with a zero or unknown
denominator have no value (None), never 0.
Money is `Decimal` yuan from integer fen. Labels here are English; the window
and the CLI pass them through Qt's translate() in the context "figures"
(`FIGURE_CONTEXT`), as the metric catalogue's are in "metrics".
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from app.core.numbers import NumberFormat
from app.core.segments import SegmentStats
from app.core.session import SessionSummary
from app.core.stats import MIN_RATE_SPAN_S, StatsSnapshot

FIGURE_CONTEXT = "figures"
"""The translation context of figure labels."""

MEDIAN_SESSIONS = 10
"""How many of the streamer's previous sessions the median is taken over."""


class FigureUnit(Enum):
    """How a figure's value is written."""

    DURATION = "duration"
    """Whole seconds, shown as h:mm:ss."""
    COUNT = "count"
    MONEY = "money"
    """Yuan (`Decimal`)."""
    SECONDS = "seconds"
    """A length of time per viewer (dwell), `Decimal` seconds, shown as m:ss."""
    PERCENT = "percent"
    """A fraction (0.025 is 2.5 %)."""
    RATIO = "ratio"
    """A plain multiple (ROI 3.2)."""


class Better(Enum):
    HIGHER = "higher"
    NEUTRAL = "neutral"
    """Neither more nor less is good in itself (spend); never the worst figure."""


@dataclass(frozen=True, slots=True)
class FigureDef:
    key: str
    label: str
    """English; translated in the context `FIGURE_CONTEXT`."""
    unit: FigureUnit
    better: Better = Better.HIGHER


FIGURE_DEFS: tuple[FigureDef, ...] = (
    FigureDef("duration", "Duration", FigureUnit.DURATION),
    FigureDef("peak_viewers", "Peak viewers", FigureUnit.COUNT),
    FigureDef("avg_viewers", "Average viewers", FigureUnit.COUNT),
    FigureDef("avg_dwell", "Average dwell", FigureUnit.SECONDS),
    FigureDef("gmv", "GMV", FigureUnit.MONEY),
    FigureDef("gmv_15m", "GMV first 15 min", FigureUnit.MONEY),
    FigureDef("gmv_30m", "GMV first 30 min", FigureUnit.MONEY),
    FigureDef("gmv_per_min", "GMV/min", FigureUnit.MONEY),
    FigureDef("gpm", "GPM", FigureUnit.MONEY),
    FigureDef("orders", "Orders", FigureUnit.COUNT),
    FigureDef("aov", "Average order value", FigureUnit.MONEY),
    FigureDef("uv_value", "UV value", FigureUnit.MONEY),
    FigureDef("conversion", "Conversion", FigureUnit.PERCENT),
    FigureDef("new_followers", "Followers gained", FigureUnit.COUNT),
    FigureDef("spend", "Spend", FigureUnit.MONEY, Better.NEUTRAL),
    FigureDef("roi", "ROI", FigureUnit.RATIO),
)
FIGURES: Mapping[str, FigureDef] = {d.key: d for d in FIGURE_DEFS}

Value = Decimal | int


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    value: Value | None
    """Exact: int for counts and durations, Decimal for money and ratios."""

    @property
    def definition(self) -> FigureDef:
        return FIGURES[self.key]

    @property
    def label(self) -> str:
        return FIGURES[self.key].label

    @property
    def unit(self) -> FigureUnit:
        return FIGURES[self.key].unit

    @property
    def better(self) -> Better:
        return FIGURES[self.key].better


def _money(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def _div(num: Decimal | int | None, den: Decimal | int | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return Decimal(num) / Decimal(den)


def _fen(yuan: Decimal | None) -> int | None:
    return None if yuan is None else int((yuan * 100).quantize(Decimal(1), ROUND_HALF_UP))


def filled_summary(summary: SessionSummary, snapshot: StatsSnapshot | None) -> SessionSummary:
    """`summary` with the fields it lacks taken from `snapshot` (see the module
    docstring); fields it has are kept, so the stored row stays the source."""
    if snapshot is None:
        return summary
    latest = snapshot.latest
    fill: dict[str, object] = {
        "peak_viewers": snapshot.peak_viewers,
        "avg_viewers": None if snapshot.avg_viewers is None else round(snapshot.avg_viewers),
        "avg_dwell_ds": None if snapshot.avg_dwell is None else round(snapshot.avg_dwell * 10),
        "gmv_fen": latest.get("gmv"),
        "gmv_15m_fen": _fen(snapshot.gmv_first_15m),
        "gmv_30m_fen": _fen(snapshot.gmv_first_30m),
        "gpm_fen": _fen(snapshot.gpm),
        "orders": latest.get("orders"),
        "buyers": latest.get("buyers"),
        "watch_uv": latest.get("watch_uv"),
        "watch_pv": latest.get("watch_pv"),
        "new_followers": latest.get("new_followers"),
        "spend_fen": latest.get("ad_spend"),
    }
    changes = {k: v for k, v in fill.items() if getattr(summary, k) is None and v is not None}
    if not summary.duration_s and snapshot.elapsed_s:
        changes["duration_s"] = snapshot.elapsed_s
    return replace(summary, **changes) if changes else summary  # type: ignore[arg-type]


def figure_values(summary: SessionSummary) -> dict[str, Value | None]:
    """Every figure's value from a summary, by key (the table in the module
    docstring)."""
    s = summary
    gmv = _money(s.gmv_fen)
    duration = round(s.duration_s)
    minutes = Decimal(str(s.duration_s)) / 60
    per_min = _div(gmv, minutes) if s.duration_s >= MIN_RATE_SPAN_S else None
    return {
        "duration": duration,
        "peak_viewers": s.peak_viewers,
        "avg_viewers": s.avg_viewers,
        "avg_dwell": None if s.avg_dwell_ds is None else Decimal(s.avg_dwell_ds) / 10,
        "gmv": gmv,
        "gmv_15m": _money(s.gmv_15m_fen),
        "gmv_30m": _money(s.gmv_30m_fen),
        "gmv_per_min": per_min,
        "gpm": _money(s.gpm_fen),
        "orders": s.orders,
        "aov": _div(gmv, s.orders),
        "uv_value": _div(gmv, s.watch_uv),
        "conversion": _div(s.buyers, s.watch_uv),
        "new_followers": s.new_followers,
        "spend": _money(s.spend_fen),
        "roi": _div(gmv, _money(s.spend_fen)),
    }


def session_figures(
    summary: SessionSummary, snapshot: StatsSnapshot | None = None
) -> tuple[Figure, ...]:
    """The figures of one session, in display order (`FIGURE_DEFS`)."""
    values = figure_values(filled_summary(summary, snapshot))
    return tuple(Figure(d.key, values[d.key]) for d in FIGURE_DEFS)


# -- against the streamer's history ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureComparison:
    figure: Figure
    median: Decimal | None
    """Median over the previous sessions that have this figure (None: none has)."""
    median_of: int
    """How many previous sessions the median rests on."""
    change: Decimal | None
    """(value − median) ÷ median; None when either is missing or the median is 0."""
    rank: int | None
    """1 = the highest among every session of the streamer that has this figure,
    this one included (ties share the better rank); None when this one has none."""
    rank_of: int
    worst: bool = False

    @property
    def key(self) -> str:
        return self.figure.key


@dataclass(frozen=True, slots=True)
class Comparison:
    rows: tuple[FigureComparison, ...]
    previous: int
    """How many previous sessions the medians are over (≤ `MEDIAN_SESSIONS`)."""
    sessions: int
    """Every session of the streamer counted for the ranks, this one included."""

    def row(self, key: str) -> FigureComparison:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def worst(self) -> FigureComparison | None:
        """The higher-is-better figure furthest below its median (None: none is below)."""
        return next((r for r in self.rows if r.worst), None)


def _median(values: Iterable[Value | None]) -> tuple[Decimal | None, int]:
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None, 0
    return Decimal(statistics.median(present)), len(present)


def compare_with_history(
    current: Sequence[Figure],
    previous: Sequence[SessionSummary],
    others: Sequence[SessionSummary] | None = None,
) -> Comparison:
    """How this session's figures stand against the streamer's: the median of
    the `previous` sessions (newest first; the first `MEDIAN_SESSIONS` are
    used), the change against it, and the rank among this session and
    `others` (every other session of the streamer, before and after this one;
    default: `previous`). The worst figure is the higher-is-better one with the
    most negative change."""
    recent = [figure_values(s) for s in previous[:MEDIAN_SESSIONS]]
    rest = recent if others is None else [figure_values(s) for s in others]
    rows: list[FigureComparison] = []
    for fig in current:
        median, n = _median(v[fig.key] for v in recent)
        change = None
        if fig.value is not None and median is not None and median != 0:
            change = (Decimal(fig.value) - median) / abs(median)
        peers = [Decimal(x) for v in rest if (x := v[fig.key]) is not None]
        if fig.value is None:
            rank, of = None, len(peers)
        else:
            mine = Decimal(fig.value)
            rank, of = 1 + sum(1 for p in peers if p > mine), len(peers) + 1
        rows.append(FigureComparison(fig, median, n, change, rank, of))
    below = [
        r
        for r in rows
        if r.figure.better is Better.HIGHER and r.change is not None and r.change < 0
    ]
    if below:
        worst = min(below, key=lambda r: r.change if r.change is not None else Decimal(0))
        rows = [replace(r, worst=True) if r is worst else r for r in rows]
    return Comparison(tuple(rows), len(recent), len(rest) + 1)


def ranked_segments(segments: Iterable[SegmentStats]) -> list[SegmentStats]:
    """Segments by what they sold, highest GMV first; those without a GMV
    last, in time order (the report's and the workbook's ranking)."""
    return sorted(
        segments,
        key=lambda s: (s.gmv is None, -(s.gmv or Decimal(0)), s.segment.start_ms),
    )


# -- words -----------------------------------------------------------------------------


def _identity(text: str) -> str:
    return text


def format_figure(unit: FigureUnit, value: Value | None, fmt: NumberFormat) -> str:
    """A figure's value in the one formatter's style."""
    if value is None:
        return fmt.none_text
    if unit is FigureUnit.DURATION or unit is FigureUnit.SECONDS:
        return fmt.duration(value)
    if unit is FigureUnit.COUNT:
        return fmt.count(value)
    if unit is FigureUnit.MONEY:
        return fmt.money(Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP))
    if unit is FigureUnit.PERCENT:
        return fmt.percent(value)
    return fmt.ratio(value, 2)


def format_change(change: Decimal | None, fmt: NumberFormat) -> str:
    """ "↑12.3%", "↓4.0%", "±0.0%"; the none text when there is no median."""
    if change is None:
        return fmt.none_text
    rounded = (change * 1000).quantize(Decimal(1), ROUND_HALF_UP)
    arrow = "↑" if rounded > 0 else "↓" if rounded < 0 else "±"
    return arrow + fmt.percent(abs(change))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st (English; translations use {rank})."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_rank(
    row: FigureComparison, tr: Callable[[str], str] = _identity, label: str | None = None
) -> str:
    """ "3rd of 41 by GMV" ("" when this session has no such figure). A
    translation may use {rank} (the number) instead of {ordinal}."""
    if row.rank is None:
        return ""
    return tr("{ordinal} of {of} by {figure}").format(
        ordinal=ordinal(row.rank),
        rank=row.rank,
        of=row.rank_of,
        figure=label if label is not None else row.figure.label,
    )


def describe_start(late_s: float | None, tr: Callable[[str], str] = _identity) -> str | None:
    """ "started 12 min late", "started 5 min early", "started on time" (within a
    minute either way); None without a planned start."""
    if late_s is None:
        return None
    minutes = round(abs(late_s) / 60)
    if minutes == 0:
        return tr("started on time")
    h, m = divmod(minutes, 60)
    span = (
        tr("{m} min").format(m=m)
        if h == 0
        else tr("{h} h {m} min").format(h=h, m=m)
        if m
        else tr("{h} h").format(h=h)
    )
    text = tr("started {span} late") if late_s > 0 else tr("started {span} early")
    return text.format(span=span)
