"""The leap ladder (商家跃迁): where each streamer stands in a month against the
monthly GMV thresholds the platform judges a service provider by, and the
provider's monthly KPI (how many streamers crossed each threshold, and how
many for the first time ever).

Pure arithmetic on `StreamerMonth` rows, in integer fen, so the window, the
CLI and the tests agree to the fen. Days are the provider's local calendar
days; months are calendar months (YYYYMM).

Conventions, chosen once so every view says the same:

- **GMV so far** is the platform's monthly figure when one was typed or
  imported (the platform counts every session, Genbo only the recorded ones),
  else the sum of the recorded sessions. A platform figure below the recorded
  sum is still used, but flagged: one of the two is probably mistyped.
- **Days elapsed** counts today (today's sessions are in the sum), **days
  left** are the whole days *after* today. On the last day of the month days
  left is 0 and no daily pace is needed any more, only what is missing.
  A past month has days left 0 and its pace is over all its days; a future
  month has no days elapsed.
- **Pace needed** is rounded up to the fen (reaching it crosses); **pace so
  far** is rounded half up.
- **Projected crossing**: the first day by whose end the pace so far reaches
  the next threshold, if that day is still in the month.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from app.core.library import StreamerMonth
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.numbers import NumberFormat
from app.core.session import ScheduleSlot

LEAP_THRESHOLDS_FEN: tuple[int, ...] = (50_0000_00, 200_0000_00, 500_0000_00)
"""50万, 200万 and 500万 yuan in fen: the platform's leap ladder."""

HISTORY_MONTHS = 12
"""How many months the provider summary's history covers (the viewed one last)."""

EARLIEST_MONTH = 190001
"""Before any real data; a caller asking for "every month so far" starts here."""


MESSAGE_CONTEXT = "roster"
"""The translation context of this module's messages (`app.core.messages`)."""


class RosterInputError(Explained, ValueError):
    """A month, a time of day or a weekday that cannot be read (in the user's
    language: `app.core.messages`)."""

    context = "roster"


# -- months ------------------------------------------------------------------------------
_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str) -> int:
    """YYYYMM from what an operator types: 2026-03, 2026/3, 202603, 2026年3月."""
    m = _MONTH.match(text)
    if m is None:
        raise RosterInputError(
            QT_TRANSLATE_NOOP(
                "roster", "“{text}” is not a month; write it as YYYY-MM, e.g. 2026-03"
            ),
            text=text,
        )
    year, mon = int(m.group(1)), int(m.group(2))
    if not 1 <= mon <= 12:
        raise RosterInputError(
            QT_TRANSLATE_NOOP("roster", "“{text}”: the month must be 01 to 12"), text=text
        )
    return year * 100 + mon


def format_month(month: int) -> str:
    """2026-03 for 202603."""
    return f"{month // 100:04d}-{month % 100:02d}"


def month_of_date(d: date) -> int:
    return d.year * 100 + d.month


def add_months(month: int, n: int) -> int:
    """The month `n` calendar months after (negative: before) `month`."""
    index = (month // 100) * 12 + (month % 100 - 1) + n
    return (index // 12) * 100 + index % 12 + 1


def months_between(first: int, last: int) -> list[int]:
    """Every month from `first` to `last`, both included (empty if `last` is earlier)."""
    out: list[int] = []
    m = first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def days_in_month(month: int) -> int:
    return calendar.monthrange(month // 100, month % 100)[1]


def first_day(month: int) -> date:
    return date(month // 100, month % 100, 1)


def last_day(month: int) -> date:
    return date(month // 100, month % 100, days_in_month(month))


# -- thresholds --------------------------------------------------------------------------
def thresholds_from_yuan(values: Iterable[float | int | str | Decimal]) -> tuple[int, ...]:
    """The ladder in fen from the settings' yuan figures: sorted, without
    duplicates or non-positive steps; the platform's ladder when none is left."""
    fen: set[int] = set()
    for v in values:
        try:
            d = Decimal(str(v)) * 100
        except (InvalidOperation, ValueError):
            continue
        if not d.is_finite():
            continue
        f = int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if f > 0:
            fen.add(f)
    return tuple(sorted(fen)) or LEAP_THRESHOLDS_FEN


def thresholds_to_yuan(thresholds: Sequence[int]) -> list[float]:
    """The settings' form of a ladder (whole yuan stay ints, so JSON shows 500000)."""
    out: list[float] = []
    for t in thresholds:
        out.append(t // 100 if t % 100 == 0 else float(Decimal(t) / 100))
    return out


# -- one streamer's month ----------------------------------------------------------------
class GmvBasis(Enum):
    RECORDED = "recorded"
    """The sum of the sessions Genbo recorded or imported."""
    PLATFORM = "platform"
    """The platform's own monthly figure, typed or imported."""


def month_gmv(row: StreamerMonth) -> tuple[int, GmvBasis]:
    """A month's GMV and what it rests on: the platform's figure wins when given."""
    if row.platform_gmv_fen is not None:
        return row.platform_gmv_fen, GmvBasis.PLATFORM
    return row.recorded_gmv_fen, GmvBasis.RECORDED


def first_crossings(
    history: Iterable[StreamerMonth], thresholds: Sequence[int], up_to: int | None = None
) -> dict[int, int | None]:
    """The first month each threshold was reached (None: never), from one
    streamer's monthly rows (any order), counting months up to `up_to`."""
    first: dict[int, int | None] = dict.fromkeys(thresholds)
    for row in sorted(history, key=lambda r: r.month):
        if up_to is not None and row.month > up_to:
            break
        gmv, _ = month_gmv(row)
        for t in thresholds:
            if first[t] is None and gmv >= t:
                first[t] = row.month
    return first


@dataclass(frozen=True, slots=True)
class Leap:
    threshold_fen: int
    first_month: int | None
    """The first month (YYYYMM) the streamer's GMV reached it, up to the viewed
    month (None: not yet)."""
    crossed_this_month: bool
    """Reached in the viewed month, for the first time or again."""
    first_time_this_month: bool
    """The viewed month is the first ever it was reached (the KPI counts these)."""


class MonthPhase(Enum):
    PAST = "past"
    CURRENT = "current"
    FUTURE = "future"


@dataclass(frozen=True, slots=True)
class Standing:
    """One streamer in one month against the ladder."""

    streamer_id: int
    month: int
    gmv_fen: int
    basis: GmvBasis
    recorded_gmv_fen: int
    platform_gmv_fen: int | None
    platform_source: str | None
    sessions: int
    next_threshold_fen: int | None
    """The lowest threshold not reached this month (None: past the top)."""
    remaining_fen: int
    """What is missing to the next threshold (0 past the top)."""
    progress: float
    """GMV so far over the next threshold, 0..1 (1 past the top)."""
    phase: MonthPhase
    days_in_month: int
    days_elapsed: int
    """Days of the month up to and including today (all of a past month)."""
    days_left: int
    """Whole days after today (0 for a past month)."""
    pace_so_far_fen: int | None
    """GMV per elapsed day (None: no day has passed)."""
    pace_needed_fen: int | None
    """GMV per remaining day to reach the next threshold by month end
    (None: past the top, or no day left)."""
    projected_crossing: date | None
    """When the pace so far reaches the next threshold, if within the month."""
    leaps: tuple[Leap, ...]
    """One per threshold, lowest first."""

    @property
    def platform_below_recorded(self) -> bool:
        """The platform's figure is less than what Genbo recorded: one is wrong."""
        return self.platform_gmv_fen is not None and self.platform_gmv_fen < self.recorded_gmv_fen

    @property
    def on_pace(self) -> bool | None:
        """Whether the pace so far is at least the pace needed (None: not applicable)."""
        if self.pace_needed_fen is None or self.pace_so_far_fen is None:
            return None
        return self.pace_so_far_fen >= self.pace_needed_fen

    @property
    def past_leaps(self) -> tuple[Leap, ...]:
        return tuple(leap for leap in self.leaps if leap.first_month is not None)

    @property
    def first_time_leaps(self) -> tuple[int, ...]:
        """The thresholds first ever reached in this month."""
        return tuple(leap.threshold_fen for leap in self.leaps if leap.first_time_this_month)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _round_div(a: int, b: int) -> int:
    """a / b rounded half up, for non-negative a and positive b."""
    return (2 * a + b) // (2 * b)


def standing(
    streamer_id: int,
    month: int,
    today: date,
    this_month: StreamerMonth | None,
    history: Iterable[StreamerMonth] = (),
    thresholds: Sequence[int] = LEAP_THRESHOLDS_FEN,
) -> Standing:
    """Where `streamer_id` stands in `month` seen on `today`. `history` is the
    streamer's monthly rows (may include `this_month`; later months are ignored)."""
    ladder = tuple(sorted(thresholds))
    row = this_month or StreamerMonth(streamer_id, month, 0, 0)
    gmv, basis = month_gmv(row)
    dim = days_in_month(month)
    today_month = month_of_date(today)
    if month < today_month:
        phase, elapsed, left = MonthPhase.PAST, dim, 0
    elif month == today_month:
        phase, elapsed, left = MonthPhase.CURRENT, today.day, dim - today.day
    else:
        phase, elapsed, left = MonthPhase.FUTURE, 0, dim

    nxt = next((t for t in ladder if gmv < t), None)
    remaining = 0 if nxt is None else nxt - gmv
    progress = 1.0 if nxt is None else max(0.0, min(1.0, gmv / nxt))
    pace_so_far = _round_div(max(gmv, 0), elapsed) if elapsed else None
    pace_needed = _ceil_div(remaining, left) if nxt is not None and left > 0 else None
    projected: date | None = None
    if phase is MonthPhase.CURRENT and nxt is not None and gmv > 0:
        # At gmv/elapsed a day, the end of day d holds gmv*d/elapsed.
        crossing_day = _ceil_div(nxt * elapsed, gmv)
        if crossing_day <= dim:
            projected = today + timedelta(days=crossing_day - today.day)

    rows = [r for r in history if r.month != month]
    rows.append(row)
    first = first_crossings(rows, ladder, up_to=month)
    leaps = tuple(Leap(t, first[t], gmv >= t, first[t] == month) for t in ladder)
    return Standing(
        streamer_id=streamer_id,
        month=month,
        gmv_fen=gmv,
        basis=basis,
        recorded_gmv_fen=row.recorded_gmv_fen,
        platform_gmv_fen=row.platform_gmv_fen,
        platform_source=row.platform_source,
        sessions=row.sessions,
        next_threshold_fen=nxt,
        remaining_fen=remaining,
        progress=progress,
        phase=phase,
        days_in_month=dim,
        days_elapsed=elapsed,
        days_left=left,
        pace_so_far_fen=pace_so_far,
        pace_needed_fen=pace_needed,
        projected_crossing=projected,
        leaps=leaps,
    )


# -- the provider's month ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ThresholdCount:
    threshold_fen: int
    crossed: int
    """Streamers whose GMV that month reached it."""
    first_time: int
    """…of whom it was the first month ever (the platform's KPI)."""


@dataclass(frozen=True, slots=True)
class MonthCounts:
    month: int
    counts: tuple[ThresholdCount, ...]
    """One per threshold, lowest first."""

    def count(self, threshold_fen: int) -> ThresholdCount:
        return next(c for c in self.counts if c.threshold_fen == threshold_fen)


@dataclass(frozen=True, slots=True)
class ProviderSummary:
    month: int
    thresholds: tuple[int, ...]
    history: tuple[MonthCounts, ...]
    """`HISTORY_MONTHS` months, oldest first, the viewed month last."""
    figures_start: int | None = None
    """The first month Genbo has any figures for (YYYYMM). Nothing is known
    before it, so a streamer already past a threshold then is not counted as
    crossing it for the first time (every streamer would be, in the month a
    provider starts using Genbo)."""

    @property
    def current(self) -> MonthCounts:
        return self.history[-1]


def provider_summary(
    month: int,
    rows: Iterable[StreamerMonth],
    thresholds: Sequence[int] = LEAP_THRESHOLDS_FEN,
    months: int = HISTORY_MONTHS,
    streamer_ids: Collection[int] | None = None,
) -> ProviderSummary:
    """The KPI for `month` and the `months - 1` before it. `rows` should hold
    every streamer's months from their first on (a "first time" needs the
    whole past); months after `month` are ignored. `streamer_ids`: count
    only these streamers (one operator's); the figures still start where
    everyone's do."""
    ladder = tuple(sorted(thresholds))
    window = months_between(add_months(month, -(months - 1)), month)
    in_window = set(window)
    crossed: dict[tuple[int, int], int] = defaultdict(int)
    first_time: dict[tuple[int, int], int] = defaultdict(int)
    per_streamer: dict[int, list[StreamerMonth]] = defaultdict(list)
    for r in rows:
        if r.month <= month:
            per_streamer[r.streamer_id].append(r)
    start = min((r.month for rs in per_streamer.values() for r in rs), default=None)
    for sid, streamer_rows in per_streamer.items():
        if streamer_ids is not None and sid not in streamer_ids:
            continue
        for t, m in first_crossings(streamer_rows, ladder).items():
            if m is not None and m in in_window and m != start:
                first_time[(m, t)] += 1
        for r in streamer_rows:
            if r.month in in_window:
                gmv, _ = month_gmv(r)
                for t in ladder:
                    if gmv >= t:
                        crossed[(r.month, t)] += 1
    history = tuple(
        MonthCounts(
            m, tuple(ThresholdCount(t, crossed[(m, t)], first_time[(m, t)]) for t in ladder)
        )
        for m in window
    )
    return ProviderSummary(month, ladder, history, start)


# -- planned starts as typed and shown -----------------------------------------------------
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""How the CLI names weekdays (0 = Monday, as `ScheduleSlot.weekday`)."""

_CLOCK = re.compile(r"^\s*(\d{1,2})[:：.](\d{2})\s*$")


def parse_clock(text: str) -> int:
    """Minutes after midnight from HH:MM (06:30, 6:30, 18:05)."""
    m = _CLOCK.match(text)
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise RosterInputError(
            QT_TRANSLATE_NOOP(
                "roster", "“{text}” is not a time of day; write it as HH:MM, e.g. 06:30"
            ),
            text=text,
        )
    return int(m.group(1)) * 60 + int(m.group(2))


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_weekdays(text: str) -> list[int]:
    """Weekdays (0 = Monday) from `mon`, `sat,sun`, `mon-fri` or `monday`."""
    days: list[int] = []

    def one(word: str) -> int:
        w = word.strip().lower()[:3]
        if w not in WEEKDAY_KEYS:
            raise RosterInputError(
                QT_TRANSLATE_NOOP("roster", "“{text}” is not a weekday; use mon, tue, … sun"),
                text=word.strip(),
            )
        return WEEKDAY_KEYS.index(w)

    for part in text.split(","):
        if not part.strip():
            continue
        if "-" in part:
            a, b = (one(x) for x in part.split("-", 1))
            span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            days.extend(span)
        else:
            days.append(one(part))
    if not days:
        raise RosterInputError(
            QT_TRANSLATE_NOOP(
                "roster", "“{text}” names no weekday; use mon, tue, … sun or mon-fri"
            ),
            text=text,
        )
    return sorted(set(days))


def describe_schedule(
    slots: Sequence[ScheduleSlot], day_names: Sequence[str], daily: str, none: str = "—"
) -> str:
    """A schedule in one line, such as `daily 06:30; Sat 10:00, Sun 10:00`:
    the words come from the caller (translated), the times are HH:MM."""
    if not slots:
        return none
    every = [s for s in slots if s.weekday is None]
    own = sorted((s for s in slots if s.weekday is not None), key=lambda s: s.weekday or 0)
    parts = [f"{daily} {format_clock(s.start_min)}" for s in every[:1]]
    days = ", ".join(f"{day_names[s.weekday or 0]} {format_clock(s.start_min)}" for s in own)
    if days:
        parts.append(days)
    return "; ".join(parts)


def shown_progress(progress: float) -> float:
    """Progress as shown: rounded down to a whole per cent, so 99.5 % reads
    99 %, never 100 % before the threshold is reached."""
    return math.floor(progress * 100 + 1e-9) / 100


def gmv_shown(fmt: NumberFormat, gmv_fen: int, next_threshold_fen: int | None) -> str:
    """The month's GMV as the roster shows it: rounded (¥199.99万) unless the
    rounding would read as the next threshold itself (¥1,999,999.50 is not
    ¥200万): then exactly."""
    text = fmt.money_fen(gmv_fen)
    below = next_threshold_fen is not None and gmv_fen < next_threshold_fen
    if below and text == fmt.money_fen(next_threshold_fen):
        return fmt.money_fen_exact(gmv_fen)
    return text
