"""Plain records that describe streamers and sessions. The storage layer returns
these (never ORM rows) and the UI and CLI consume them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum


class SessionStatus(Enum):
    LIVE = "live"
    ENDED = "ended"
    INTERRUPTED = "interrupted"
    """Found still marked live after its recorder died; samples are all kept."""


@dataclass(frozen=True, slots=True)
class ScheduleSlot:
    """A planned start: every day (`weekday` None) or on one weekday (0 = Monday),
    at `start_min` minutes after local midnight in the UTC offset `utc_offset_min`.
    A weekday slot wins over the daily one on its day."""

    weekday: int | None
    start_min: int
    utc_offset_min: int = 0

    def __post_init__(self) -> None:
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")
        if not 0 <= self.start_min < 24 * 60:
            raise ValueError(f"start_min must be within a day, got {self.start_min}")


@dataclass(frozen=True, slots=True)
class Streamer:
    id: int
    name: str
    platform: str | None = None
    account_id: str | None = None
    """The platform's own ID for the account; with `platform` it names the
    streamer across laptops."""
    notes: str = ""
    archived: bool = False
    uid: str = ""
    schedule: tuple[ScheduleSlot, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """Figures kept on the session row so lists and monthly sums need no sample scan."""

    duration_s: float = 0.0
    peak_viewers: int | None = None
    gmv_fen: int | None = None
    gmv_15m_fen: int | None = None
    gmv_30m_fen: int | None = None
    sample_count: int = 0
    gpm_fen: int | None = None
    avg_dwell_ds: int | None = None
    avg_viewers: int | None = None
    """Time-weighted average of the viewers online, rounded."""
    orders: int | None = None
    buyers: int | None = None
    watch_uv: int | None = None
    """Cumulative unique viewers (累计观看人数)."""
    watch_pv: int | None = None
    """Views (观看次数)."""
    new_followers: int | None = None
    spend_fen: int | None = None
    """Paid-traffic spend (投流消耗)."""

    @staticmethod
    def yuan(fen: int | None) -> Decimal | None:
        return None if fen is None else Decimal(fen) / 100


class SessionDetail(Enum):
    FULL = "full"
    """Samples, events and gaps are stored."""
    SUMMARY = "summary"
    """Only the summary figures (imported from a platform's session list, or
    the older sessions `genbo demo-history` makes)."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    streamer: Streamer
    title: str
    started_ms: int
    utc_offset_min: int
    ended_ms: int | None
    status: SessionStatus
    summary: SessionSummary
    last_seen_ms: int | None = None
    """When the recorder last committed; used to tell a crashed session."""
    uid: str = ""
    """Made where the session was created; an import of the same session finds it."""
    notes: str = ""
    """The operator's 复盘 notes: what worked, what to change."""
    tags: tuple[str, ...] = ()
    planned_start_ms: int | None = None
    """The streamer's planned start for this session's day, as the schedule
    said when the session started (None: no schedule)."""
    detail: SessionDetail = SessionDetail.FULL
    deleted_ms: int | None = None
    """When it was put in the trash (None: not deleted)."""
    operator: str | None = None
    """Who rode along (None: not said)."""

    @property
    def late_s(self) -> float | None:
        """Seconds after the planned start it began (negative: early)."""
        if self.planned_start_ms is None:
            return None
        return (self.started_ms - self.planned_start_ms) / 1000.0

    @property
    def local_day(self) -> int:
        """The start's local date as YYYYMMDD (how months and date filters count)."""
        return local_day(self.started_ms, self.utc_offset_min)

    @property
    def started_at(self) -> datetime:
        """Start in the session's own local time (offset kept)."""
        tz = timezone(timedelta(minutes=self.utc_offset_min))
        return datetime.fromtimestamp(self.started_ms / 1000, tz=UTC).astimezone(tz)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int
    session_id: int
    kind: str
    label: str


def now_ms() -> int:
    """Wall-clock UTC epoch milliseconds (for timestamps; durations use monotonic)."""
    return int(datetime.now(tz=UTC).timestamp() * 1000)


def local_utc_offset_min() -> int:
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def local_day(ms: int, utc_offset_min: int) -> int:
    """The local date of a UTC instant in a fixed offset, as YYYYMMDD."""
    tz = timezone(timedelta(minutes=utc_offset_min))
    d = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).date()
    return d.year * 10000 + d.month * 100 + d.day


def month_of(day: int) -> int:
    """YYYYMM of a YYYYMMDD day."""
    return day // 100
