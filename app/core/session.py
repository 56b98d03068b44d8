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
class Streamer:
    id: int
    name: str
    platform: str | None = None


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

    @staticmethod
    def yuan(fen: int | None) -> Decimal | None:
        return None if fen is None else Decimal(fen) / 100


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
