"""What the session library asks the database for, and what it gets back.

Plain records so the window, the CLI and the tests share one query shape and
the storage layer turns it into SQL (`Repository.query_sessions`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.session import SessionInfo, SessionStatus

LIBRARY_SORT_KEYS = (
    "started", "id", "streamer", "title", "duration", "peak", "avg_viewers",
    "gmv", "gmv15", "gmv30", "gpm", "orders", "spend", "status", "late",
)  # fmt: skip
"""Every column the library sorts by; sessions without a value sort last."""

TRASH_DAYS = 30
"""Sessions in the trash are removed for good after this many days."""

NOT_SAID = ""
"""The operator filter (`LibraryQuery.operator`, the roster's) for the sessions
no operator is named on: recorded before operators were named, or by a Genbo
given no name."""


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    text: str = ""
    """Case-insensitive substring of the streamer's name, the title or a tag."""
    day_from: int | None = None
    """YYYYMMDD, inclusive: the session's start day in its own offset."""
    day_to: int | None = None
    platform: str | None = None
    statuses: frozenset[SessionStatus] = field(default_factory=frozenset)
    """Empty: any status."""
    streamer_id: int | None = None
    operator: str | None = None
    """Only the sessions this operator rode along with (`SessionInfo.operator`);
    `NOT_SAID`: those no operator is named on; None: anyone's."""
    sort: str = "started"
    descending: bool = True
    offset: int = 0
    limit: int = 200
    trash: bool = False
    """List the trash instead of the library."""

    def __post_init__(self) -> None:
        if self.sort not in LIBRARY_SORT_KEYS:
            raise ValueError(
                f"cannot sort by {self.sort!r}; choose from {', '.join(LIBRARY_SORT_KEYS)}"
            )
        if self.limit < 0 or self.offset < 0:
            raise ValueError("offset and limit cannot be negative")


@dataclass(frozen=True, slots=True)
class LibraryPage:
    sessions: list[SessionInfo]
    total: int
    """How many sessions match, over every page."""


@dataclass(frozen=True, slots=True)
class StreamerMonth:
    """One streamer's month (YYYYMM) as the roster sums it: sessions started
    in it (by their local start day, live ones included, deleted ones not),
    and the platform's own monthly figure when one was typed or imported."""

    streamer_id: int
    month: int
    sessions: int
    recorded_gmv_fen: int
    platform_gmv_fen: int | None = None
    platform_source: str | None = None
    """"typed" or "imported"."""
