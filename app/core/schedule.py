"""Planned start times: which one a session answers to, how late it began, and
the on-time streak the roster shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone

from app.core.session import ScheduleSlot

ON_TIME_TOLERANCE_S = 5 * 60
"""A start within this many seconds of the plan, either way, is on time."""


def slot_for(slots: Sequence[ScheduleSlot], weekday: int) -> ScheduleSlot | None:
    """The slot that applies on a weekday (0 = Monday): its own, else the daily one."""
    own = [s for s in slots if s.weekday == weekday]
    if own:
        return own[0]
    daily = [s for s in slots if s.weekday is None]
    return daily[0] if daily else None


def planned_start_ms(slots: Sequence[ScheduleSlot], started_ms: int) -> int | None:
    """The planned start nearest to `started_ms` among the day before, the day
    of and the day after the start (a 23:55 start for a 00:05 slot is 10 min
    early, not 23 h 50 min late). None when nothing is planned near it."""
    if not slots:
        return None
    best: int | None = None
    offsets = {s.utc_offset_min for s in slots}
    for offset in offsets:
        tz = timezone(timedelta(minutes=offset))
        day = datetime.fromtimestamp(started_ms / 1000, tz=UTC).astimezone(tz).date()
        for delta in (-1, 0, 1):
            d = day + timedelta(days=delta)
            slot = slot_for([s for s in slots if s.utc_offset_min == offset], d.weekday())
            if slot is None:
                continue
            midnight = datetime(d.year, d.month, d.day, tzinfo=tz)
            ms = int((midnight + timedelta(minutes=slot.start_min)).timestamp() * 1000)
            if best is None or abs(ms - started_ms) < abs(best - started_ms):
                best = ms
    if best is not None and abs(best - started_ms) > 12 * 3600 * 1000:
        return None
    return best


def on_time(late_s: float | None, tolerance_s: float = ON_TIME_TOLERANCE_S) -> bool | None:
    """Whether a start `late_s` after the plan counts as on time (None: no plan)."""
    if late_s is None:
        return None
    return abs(late_s) <= tolerance_s


def on_time_streak(
    lates_newest_first: Iterable[float | None], tolerance_s: float = ON_TIME_TOLERANCE_S
) -> int:
    """How many sessions in a row, counting back from the newest, started on
    time. Sessions without a plan are skipped, not counted and not breaking."""
    streak = 0
    for late in lates_newest_first:
        ok = on_time(late, tolerance_s)
        if ok is None:
            continue
        if not ok:
            break
        streak += 1
    return streak
