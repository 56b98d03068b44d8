"""The roster: every streamer's month against the leap ladder, the provider's
KPI, and each streamer's on-time streak, read in a few queries whatever the
number of streamers (the window and `genbo roster` share it).

Queries, for any number of streamers: the streamers with their schedules, the
per-month totals up to the viewed month (`streamer_months`, kept by storage),
and the recent planned starts of every scheduled streamer; for one operator's
roster, one more (the ids of the streamers they rode along with that month).
Nothing is asked per streamer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from app.core.library import StreamerMonth
from app.core.messages import QT_TRANSLATE_NOOP
from app.core.roster import (
    EARLIEST_MONTH,
    LEAP_THRESHOLDS_FEN,
    ProviderSummary,
    Standing,
    add_months,
    first_day,
    month_of_date,
    provider_summary,
    standing,
)
from app.core.schedule import on_time, on_time_streak
from app.core.session import Streamer, local_utc_offset_min, now_ms
from app.session.month_import import MonthImportResult, import_month_figures
from app.storage.database import StorageError
from app.storage.repository import Repository

STREAK_LOOKBACK_DAYS = 62
"""How far back the on-time streak is counted. A streak unbroken over all of
it is shown as "at least" (`RosterRow.streak_at_least`): reading every
session a streamer ever had would make the roster's cost grow with the years."""


@dataclass(frozen=True, slots=True)
class RosterRow:
    streamer: Streamer
    standing: Standing
    on_time_streak: int | None
    """Sessions in a row, newest back, that started on time (None: no schedule)."""
    streak_at_least: bool = False
    """The streak runs past `STREAK_LOOKBACK_DAYS`: it is at least this long."""
    last_late_s: float | None = None
    """How late the newest planned session started (negative: early)."""


@dataclass(frozen=True, slots=True)
class Roster:
    month: int
    today: date
    thresholds: tuple[int, ...]
    rows: tuple[RosterRow, ...]
    """Active streamers (and archived ones with figures this month), by name."""
    summary: ProviderSummary
    """Counts every streamer, archived ones too: the platform counts them (for
    one operator's roster, the streamers in it)."""
    operator: str | None = None
    """Only the streamers this operator rode along with in the month
    (`NOT_SAID`: in a session nobody is named on); None: everyone."""

    def row(self, streamer_id: int) -> RosterRow:
        for r in self.rows:
            if r.streamer.id == streamer_id:
                return r
        raise KeyError(streamer_id)


def today_in(utc_offset_min: int | None = None) -> date:
    """Today's date in the provider's offset (the machine's when not given)."""
    offset = local_utc_offset_min() if utc_offset_min is None else utc_offset_min
    tz = timezone(timedelta(minutes=offset))
    return datetime.now(tz=UTC).astimezone(tz).date()


def _midnight_ms(d: date, utc_offset_min: int) -> int:
    tz = timezone(timedelta(minutes=utc_offset_min))
    return int(datetime(d.year, d.month, d.day, tzinfo=tz).timestamp() * 1000)


STREAK_FIRST_DAYS = 14
"""The first look back: most streaks are broken within it, and only the
streamers whose streak is not are read further back."""


def recent_lates(
    repo: Repository, streamer_ids: Sequence[int], before_ms: int
) -> dict[int, list[float]]:
    """Seconds late (negative: early) of the planned sessions of `streamer_ids`
    started within `STREAK_LOOKBACK_DAYS` before `before_ms`, newest first, as
    far back as each one's on-time streak needs: the last `STREAK_FIRST_DAYS`
    for everyone in one query, then further back only for the streamers still
    on time throughout (one more query).
    """
    wanted = set(streamer_ids)
    if not wanted:
        return {}
    day = 86_400_000
    split = before_ms - STREAK_FIRST_DAYS * day
    recent = repo.planned_lates(split, before_ms)
    out = {sid: recent.get(sid, []) for sid in wanted}
    unbroken = sorted(sid for sid, lates in out.items() if all(on_time(x) for x in lates))
    if unbroken:
        older = repo.planned_lates(before_ms - STREAK_LOOKBACK_DAYS * day, split, unbroken)
        for sid in unbroken:
            out[sid] = out[sid] + older.get(sid, [])
    return out


def load_roster(
    repo: Repository,
    month: int,
    today: date,
    thresholds: Sequence[int] = LEAP_THRESHOLDS_FEN,
    *,
    include_archived: bool = False,
    utc_offset_min: int | None = None,
    now: int | None = None,
    operator: str | None = None,
) -> Roster:
    """The roster of `month` as seen on `today` (the provider's local date,
    in `utc_offset_min`, the machine's offset when None). Archived streamers
    are listed only when they have figures this month (or `include_archived`).

    `operator`: only the streamers this operator rode along with in the month,
    each with their whole month (every session, whoever rode along: what the
    leap ladder counts), and the KPI over them."""
    ladder = tuple(sorted(set(thresholds))) or LEAP_THRESHOLDS_FEN
    offset = local_utc_offset_min() if utc_offset_min is None else utc_offset_min
    streamers = repo.list_streamers(include_archived=True)
    rows = repo.months(EARLIEST_MONTH, month)
    theirs: set[int] | None = None
    if operator is not None:
        theirs = repo.operator_streamers(operator, month)
        streamers = [st for st in streamers if st.id in theirs]
    per_streamer: dict[int, list[StreamerMonth]] = defaultdict(list)
    for r in rows:
        per_streamer[r.streamer_id].append(r)

    # The streak as it stood at the end of the viewed month (now, for this one).
    month_end_ms = _midnight_ms(first_day(add_months(month, 1)), offset)
    cut_ms = min(now_ms() if now is None else now, month_end_ms)
    since_ms = cut_ms - STREAK_LOOKBACK_DAYS * 86_400_000
    scheduled = [st.id for st in streamers if st.schedule]
    lates = recent_lates(repo, scheduled, cut_ms)
    since_month = month_of_date(
        datetime.fromtimestamp(since_ms / 1000, tz=UTC)
        .astimezone(timezone(timedelta(minutes=offset)))
        .date()
    )

    out: list[RosterRow] = []
    for st in streamers:
        history = per_streamer.get(st.id, [])
        this = next((h for h in history if h.month == month), None)
        if st.archived and this is None and not include_archived:
            continue
        streak: int | None = None
        at_least = False
        last_late: float | None = None
        if st.schedule:
            mine = lates.get(st.id, [])
            streak = on_time_streak(mine)
            last_late = mine[0] if mine else None
            # Unbroken across the lookback and older sessions exist: it is longer.
            older = any(h.month <= since_month and h.sessions for h in history)
            at_least = streak == len(mine) and streak > 0 and older
        out.append(
            RosterRow(
                streamer=st,
                standing=standing(st.id, month, today, this, history, ladder),
                on_time_streak=streak,
                streak_at_least=at_least,
                last_late_s=last_late,
            )
        )
    return Roster(
        month=month,
        today=today,
        thresholds=ladder,
        rows=tuple(out),
        summary=provider_summary(month, rows, ladder, streamer_ids=theirs),
        operator=operator,
    )


def find_streamer(repo: Repository, text: str) -> Streamer:
    """A streamer named by id or by exact name (the CLI's STREAMER argument)."""
    key = " ".join(text.split())
    streamers = repo.list_streamers(include_archived=True)
    if key.isdigit():
        for s in streamers:
            if s.id == int(key):
                return s
    for s in streamers:
        if s.name == key:
            return s
    folded = [s for s in streamers if s.name.casefold() == key.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise StorageError(
        QT_TRANSLATE_NOOP(
            "storage", "There is no streamer “{text}” (give the name or the ID from the list)."
        ),
        text=text,
    )


class RosterService:
    """What the roster window does with the database, each call a blocking
    one for the task pool: the lead builds it from the repository and the
    settings' ladder."""

    def __init__(
        self,
        repo: Repository,
        thresholds: Sequence[int] = LEAP_THRESHOLDS_FEN,
        today: Callable[[], date] = today_in,
    ) -> None:
        self.repo = repo
        self.thresholds = tuple(thresholds)
        self._today = today

    def today(self) -> date:
        return self._today()

    def load(
        self, month: int, include_archived: bool = False, operator: str | None = None
    ) -> Roster:
        """`operator`: only the streamers they rode along with in the month."""
        return load_roster(
            self.repo,
            month,
            self._today(),
            self.thresholds,
            include_archived=include_archived,
            operator=operator,
        )

    def save_streamer(self, streamer: Streamer) -> Streamer:
        """Create the streamer (id 0) or store its edits."""
        if streamer.id == 0:
            created = self.repo.create_streamer(
                streamer.name,
                streamer.platform,
                streamer.account_id,
                streamer.notes,
                streamer.schedule,
            )
            if streamer.archived:
                created = self.repo.update_streamer(replace(created, archived=True))
            return created
        return self.repo.update_streamer(streamer)

    def set_archived(self, streamer_id: int, archived: bool) -> Streamer:
        current = self.repo.get_streamer(streamer_id)
        return self.repo.update_streamer(replace(current, archived=archived))

    def set_platform_gmv(self, streamer_id: int, month: int, fen: int | None) -> None:
        self.repo.set_platform_gmv(streamer_id, month, fen, "typed")

    def import_month_figures(self, path: Path, month: int | None) -> MonthImportResult:
        """The platform's monthly figures from a month report CSV."""
        return import_month_figures(self.repo, path, month)

    def platforms(self) -> list[str]:
        return self.repo.platforms()

    def operators(self) -> list[str]:
        """Every operator named on a session, for the roster's filter."""
        return self.repo.operators()
