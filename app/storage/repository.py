"""Reads and small writes, returning core dataclasses (never ORM rows).

Bulk sample writes go through `DatabaseWriter`, the one thread that writes
while a session is live; the calls here are for setting a session up, closing
it, and reading history.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Connection, and_, delete, func, or_, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import __version__
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.highlights import EventRecord
from app.core.library import NOT_SAID, LibraryPage, LibraryQuery, StreamerMonth
from app.core.messages import QT_TRANSLATE_NOOP
from app.core.metrics import METRICS, Gap, Sample
from app.core.milestones import PersonalBests
from app.core.processes import pid_alive
from app.core.schedule import planned_start_ms
from app.core.session import (
    ScheduleSlot,
    SessionDetail,
    SessionInfo,
    SessionStatus,
    SessionSummary,
    SourceInfo,
    Streamer,
    local_day,
    now_ms,
)
from app.core.stats import SessionStats, StatsSnapshot
from app.storage import chunks
from app.storage.database import Database, ServerRefusedError, StorageError
from app.storage.models import (
    EventRow,
    GapRow,
    MinuteCurveRow,
    SampleChunkRow,
    ScheduleRow,
    SessionRow,
    SourceRow,
    StreamerMonthRow,
    StreamerRow,
)
from app.storage.months import MonthKey, month_keys, refresh_months

log = logging.getLogger(__name__)

_Part = tuple[bytes, str, int]
"""A stored chunk's blob, encoding and count."""

STALE_HEARTBEAT_MS = 30_000
"""A live session whose recorder has not committed for this long, and whose
process is gone, was cut off."""

SUMMARY_VERSION = 1
"""The set of summary figures a session row holds. Rows of full sessions with
an older one are recomputed from their samples (`refresh_old_summaries`)."""

PLATFORM_SOURCES = ("typed", "imported")


@dataclass(frozen=True, slots=True)
class MetricSeries:
    """One metric's stored history: times (UTC ms) and raw values, both sorted by time."""

    ts_ms: npt.NDArray[np.int64]
    raw: npt.NDArray[np.int64]


def summary_from_stats(snap: StatsSnapshot) -> SessionSummary:
    gmv = METRICS["gmv"]

    def fen(v: Any) -> int | None:
        return None if v is None else gmv.to_raw(v)

    return SessionSummary(
        duration_s=snap.elapsed_s,
        peak_viewers=snap.peak_viewers,
        gmv_fen=snap.latest.get("gmv"),
        gmv_15m_fen=fen(snap.gmv_first_15m),
        gmv_30m_fen=fen(snap.gmv_first_30m),
        sample_count=snap.sample_count,
        gpm_fen=fen(snap.gpm),
        avg_dwell_ds=None if snap.avg_dwell is None else round(snap.avg_dwell * 10),
        avg_viewers=None if snap.avg_viewers is None else round(snap.avg_viewers),
        orders=snap.latest.get("orders"),
        buyers=snap.latest.get("buyers"),
        watch_uv=snap.latest.get("watch_uv"),
        watch_pv=snap.latest.get("watch_pv"),
        new_followers=snap.latest.get("new_followers"),
        spend_fen=snap.latest.get("ad_spend"),
    )


def _streamer(row: StreamerRow, schedule: Sequence[ScheduleRow] | None = None) -> Streamer:
    slots = row.schedule if schedule is None else schedule
    return Streamer(
        id=row.id,
        name=row.name,
        platform=row.platform,
        account_id=row.account_id,
        notes=row.notes or "",
        archived=bool(row.archived),
        uid=row.uid,
        schedule=tuple(ScheduleSlot(x.weekday, x.start_min, x.utc_offset_min) for x in slots),
    )


def new_streamer_row(
    name: str, platform: str | None = None, account_id: str | None = None, notes: str = ""
) -> StreamerRow:
    """A streamer as first stored: its unique id is made here, where it is created."""
    return StreamerRow(
        name=name,
        platform=platform,
        account_id=account_id,
        notes=notes,
        archived=False,
        created_ms=now_ms(),
        uid=str(uuid.uuid4()),
    )


def encode_tags(tags: Iterable[str]) -> str:
    """Tags as stored: each on its own line, with a newline before the first and
    after the last, so `LIKE '%\ntag\n%'` finds one whole."""
    clean: list[str] = []
    for t in tags:
        t = " ".join(t.split())
        if t and t not in clean:
            clean.append(t)
    return "\n" + "\n".join(clean) + "\n" if clean else ""


def decode_tags(text: str) -> tuple[str, ...]:
    return tuple(t for t in (text or "").split("\n") if t)


def _session(row: SessionRow, streamer: Streamer | None = None) -> SessionInfo:
    return SessionInfo(
        id=row.id,
        streamer=streamer or _streamer(row.streamer),
        title=row.title,
        started_ms=row.started_ms,
        utc_offset_min=row.utc_offset_min,
        ended_ms=row.ended_ms,
        status=_status(row),
        last_seen_ms=row.last_seen_ms,
        summary=SessionSummary(
            duration_s=float(row.duration_s),
            peak_viewers=row.peak_viewers,
            gmv_fen=row.gmv_fen,
            gmv_15m_fen=row.gmv_15m_fen,
            gmv_30m_fen=row.gmv_30m_fen,
            sample_count=row.sample_count,
            gpm_fen=row.gpm_fen,
            avg_dwell_ds=row.avg_dwell_ds,
            avg_viewers=row.avg_viewers,
            orders=row.orders,
            buyers=row.buyers,
            watch_uv=row.watch_uv,
            watch_pv=row.watch_pv,
            new_followers=row.new_followers,
            spend_fen=row.spend_fen,
        ),
        uid=row.uid,
        notes=row.notes or "",
        tags=decode_tags(row.tags),
        planned_start_ms=row.planned_start_ms,
        detail=SessionDetail(row.detail or "full"),
        deleted_ms=row.deleted_ms,
        operator=row.operator,
    )


def _status(row: SessionRow) -> SessionStatus:
    """A row still marked live but given an end was found cut off (see
    `Repository.find_interrupted`): it is interrupted until resumed."""
    status = SessionStatus(row.status)
    if status is SessionStatus.LIVE and row.ended_ms is not None:
        return SessionStatus.INTERRUPTED
    return status


def apply_summary(row: SessionRow, summary: SessionSummary) -> None:
    for key, value in summary_values(summary).items():
        setattr(row, key, value)


def summary_values(summary: SessionSummary) -> dict[str, Any]:
    """Column values for a bulk UPDATE of a session's summary."""
    return {
        "duration_s": round(summary.duration_s),
        "peak_viewers": summary.peak_viewers,
        "gmv_fen": summary.gmv_fen,
        "gmv_15m_fen": summary.gmv_15m_fen,
        "gmv_30m_fen": summary.gmv_30m_fen,
        "sample_count": summary.sample_count,
        "gpm_fen": summary.gpm_fen,
        "avg_dwell_ds": summary.avg_dwell_ds,
        "avg_viewers": summary.avg_viewers,
        "orders": summary.orders,
        "buyers": summary.buyers,
        "watch_uv": summary.watch_uv,
        "watch_pv": summary.watch_pv,
        "new_followers": summary.new_followers,
        "spend_fen": summary.spend_fen,
        "summary_version": SUMMARY_VERSION,
    }


def _sort_column(key: str) -> ColumnElement[Any]:
    r = SessionRow
    columns: dict[str, Any] = {
        "started": r.started_ms,
        "id": r.id,
        "streamer": StreamerRow.name,
        "title": r.title,
        "duration": r.duration_s,
        "peak": r.peak_viewers,
        "avg_viewers": r.avg_viewers,
        "gmv": r.gmv_fen,
        "gmv15": r.gmv_15m_fen,
        "gmv30": r.gmv_30m_fen,
        "gpm": r.gpm_fen,
        "orders": r.orders,
        "spend": r.spend_fen,
        "status": r.status,
        "late": r.started_ms - r.planned_start_ms,
    }
    col: ColumnElement[Any] = columns[key]
    return col


_NULLABLE_SORTS = frozenset(
    {"peak", "avg_viewers", "gmv", "gmv15", "gmv30", "gpm", "orders", "spend", "late"}
)
"""Sort keys a session may have no value for: those sessions go last either way."""


def search_key(text: str) -> str:
    """What the library searches: words joined by single spaces, case-folded
    (the same folding as `search_text`, so matching is case-insensitive on
    every database with plain LIKE)."""
    return " ".join(text.split()).casefold()


def search_text(streamer_name: str, title: str, tags: Iterable[str]) -> str:
    """A session's `search_text`: name, title and tags, one per line, folded."""
    return "\n".join([streamer_name, title, *tags]).casefold()


def _like(text: str) -> str:
    """A LIKE pattern for a substring, with the pattern characters escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def stored_series_times(
    conn: Connection,
    session_id: int,
    source_id: int,
    metric: str,
    between: tuple[int, int] | None = None,
) -> set[int]:
    """The timestamps stored for one series, or those of its chunks that
    overlap `between` (first, last ms): what putting samples back leaves out."""
    c = SampleChunkRow
    query = select(c.ts_data, c.encoding, c.count).where(
        c.session_id == session_id, c.source_id == source_id, c.metric == metric
    )
    if between is not None:
        query = query.where(c.last_ms >= between[0], c.first_ms <= between[1])
    rows = conn.execute(query).all()
    if not rows:
        return set()
    return {int(t) for t in chunks.decode_series([(r[0], r[1], r[2]) for r in rows])}


def _unreadable(session_id: int, exc: Exception) -> StorageError:
    """A stored chunk of the session cannot be decoded."""
    return StorageError(
        QT_TRANSLATE_NOOP(
            "storage",
            "Session {id} could not be read: {error}. Nothing was changed; "
            "restore a backup of the database to recover it.",
        ),
        id=session_id,
        error=exc,
    )


def _not_yours(session_id: int, operator: str | None) -> StorageError:
    """A change the team server's roles did not let through (0 rows changed)."""
    return StorageError(
        QT_TRANSLATE_NOOP(
            "storage",
            "Session {id} was recorded by {operator}; only they, or the team's owner, can "
            "change it. Nothing was changed.",
        ),
        id=session_id,
        operator=operator or "?",
    )


class Repository:
    def __init__(self, db: Database, operator: str | None = None) -> None:
        """`operator`: who rides along, stamped on the sessions created here
        (blank: nobody named, stored as NULL, which the filters call `NOT_SAID`)."""
        self.db = db
        self.operator = " ".join((operator or "").split())[:100] or None
        self._unsettled: dict[int, tuple[tuple[int | None, int | None], SessionInfo]] = {}
        """Cut-off sessions this login may not mark (a read-only database,
        another operator's on a team server), by their row as found: not
        rebuilt from all their samples again at every listing."""

    # -- streamers -------------------------------------------------------------------
    def get_or_create_streamer(self, name: str, platform: str | None = None) -> Streamer:
        name = name.strip()
        if not name:
            raise StorageError(QT_TRANSLATE_NOOP("storage", "A streamer needs a name."))
        for attempt in range(2):
            try:
                with self.db.sessions.begin() as s:
                    row = s.scalar(select(StreamerRow).where(StreamerRow.name == name))
                    if row is None:
                        row = new_streamer_row(name, platform)
                        s.add(row)
                        s.flush()
                    return _streamer(row)
            except IntegrityError:
                # Another Genbo on the team server added the same streamer
                # between the look and the insert: theirs is the one row.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def create_streamer(
        self,
        name: str,
        platform: str | None = None,
        account_id: str | None = None,
        notes: str = "",
        schedule: Sequence[ScheduleSlot] = (),
    ) -> Streamer:
        """A new streamer; refused when the name, or the platform's account ID,
        is already someone's."""
        name = " ".join(name.split())
        if not name:
            raise StorageError(QT_TRANSLATE_NOOP("storage", "A streamer needs a name."))
        try:
            with self.db.sessions.begin() as s:
                self._check_unique(s, None, name, platform, account_id)
                row = new_streamer_row(
                    name,
                    (platform or "").strip() or None,
                    (account_id or "").strip() or None,
                    notes,
                )
                row.schedule = [
                    ScheduleRow(
                        weekday=x.weekday, start_min=x.start_min, utc_offset_min=x.utc_offset_min
                    )
                    for x in schedule
                ]
                s.add(row)
                s.flush()
                return _streamer(row)
        except IntegrityError as exc:
            raise StorageError(
                QT_TRANSLATE_NOOP("storage", "The streamer {name} could not be added: {error}"),
                name=name,
                error=str(exc.orig),
            ) from exc

    def update_streamer(self, streamer: Streamer) -> Streamer:
        """Store a streamer's name, platform, account ID, notes, archived flag
        and schedule (matched by id)."""
        name = " ".join(streamer.name.split())
        if not name:
            raise StorageError(QT_TRANSLATE_NOOP("storage", "A streamer needs a name."))
        platform = (streamer.platform or "").strip() or None
        account = (streamer.account_id or "").strip() or None
        with self.db.sessions.begin() as s:
            row = s.get(StreamerRow, streamer.id)
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no streamer {id} in this database."),
                    id=streamer.id,
                )
            self._check_unique(s, streamer.id, name, platform, account)
            renamed = row.name != name
            row.name, row.platform, row.account_id = name, platform, account
            row.notes, row.archived = streamer.notes, streamer.archived
            row.schedule = [
                ScheduleRow(
                    weekday=x.weekday, start_min=x.start_min, utc_offset_min=x.utc_offset_min
                )
                for x in streamer.schedule
            ]
            if renamed:  # the library finds the sessions under the new name
                for sid, title, tags in s.execute(
                    select(SessionRow.id, SessionRow.title, SessionRow.tags).where(
                        SessionRow.streamer_id == row.id
                    )
                ).all():
                    s.execute(
                        update(SessionRow)
                        .where(SessionRow.id == sid)
                        .values(search_text=search_text(name, title, decode_tags(tags)))
                    )
            s.flush()
            return _streamer(row)

    @staticmethod
    def _check_unique(
        s: Session, own_id: int | None, name: str, platform: str | None, account: str | None
    ) -> None:
        other = s.scalar(select(StreamerRow).where(StreamerRow.name == name))
        if other is not None and other.id != own_id:
            raise StorageError(
                QT_TRANSLATE_NOOP("storage", "There is already a streamer named {name}."), name=name
            )
        if account:
            other = s.scalar(
                select(StreamerRow).where(
                    StreamerRow.platform.is_(None)
                    if platform is None
                    else StreamerRow.platform == platform,
                    StreamerRow.account_id == account,
                )
            )
            if other is not None and other.id != own_id:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage", "The account {account} on {platform} is already {name}'s."
                    )
                    if platform
                    else QT_TRANSLATE_NOOP(
                        "storage", "The account {account} on this platform is already {name}'s."
                    ),
                    account=account,
                    platform=platform,
                    name=other.name,
                )

    def get_streamer(self, streamer_id: int) -> Streamer:
        with self.db.sessions() as s:
            row = s.get(StreamerRow, streamer_id, options=[selectinload(StreamerRow.schedule)])
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no streamer {id} in this database."),
                    id=streamer_id,
                )
            return _streamer(row)

    def list_streamers(self, include_archived: bool = True) -> list[Streamer]:
        """By name. Two plain SELECTs, no ORM rows: the roster lists 1,200 of
        them each time it opens (25 ms through the ORM, 3 ms like this)."""
        t, x = StreamerRow, ScheduleRow
        q = select(t.id, t.name, t.platform, t.account_id, t.notes, t.archived, t.uid)
        if not include_archived:
            q = q.where(t.archived.is_(False))
        with self.db.engine.connect() as conn:
            rows = conn.execute(q.order_by(t.name)).all()
            slots: dict[int, list[ScheduleSlot]] = {}
            for sid, weekday, start, offset in conn.execute(
                select(x.streamer_id, x.weekday, x.start_min, x.utc_offset_min).order_by(x.id)
            ).all():
                slots.setdefault(int(sid), []).append(ScheduleSlot(weekday, start, offset))
        return [
            Streamer(
                id=int(i),
                name=name,
                platform=platform,
                account_id=account,
                notes=notes or "",
                archived=bool(archived),
                uid=uid,
                schedule=tuple(slots.get(int(i), ())),
            )
            for i, name, platform, account, notes, archived, uid in rows
        ]

    def _streamers(self, s: Session, ids: Iterable[int]) -> dict[int, Streamer]:
        """Streamers by id, with their schedules, in two queries."""
        wanted = set(ids)
        if not wanted:
            return {}
        rows = s.scalars(
            select(StreamerRow)
            .where(StreamerRow.id.in_(wanted))
            .options(selectinload(StreamerRow.schedule))
        ).all()
        return {r.id: _streamer(r) for r in rows}

    def _infos(self, s: Session, rows: Sequence[SessionRow]) -> list[SessionInfo]:
        streamers = self._streamers(s, (r.streamer_id for r in rows))
        return [_session(r, streamers[r.streamer_id]) for r in rows]

    # -- sessions --------------------------------------------------------------------
    def create_session(
        self, streamer: Streamer, title: str, started_ms: int, utc_offset_min: int
    ) -> SessionInfo:
        try:
            return self._create_session(streamer, title, started_ms, utc_offset_min)
        except ServerRefusedError as exc:
            login = make_url(self.db.url).username
            if login and self.operator != login and "row-level security" in exc.error:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "The team server records your login ({user}) only under its own "
                        "name, not as {operator}. Nothing was recorded. Leave --operator, "
                        "GENBO_OPERATOR and Settings → Your name empty (or set them to {user}).",
                    ),
                    user=login,
                    operator=self.operator or "—",
                ) from exc
            raise

    def _create_session(
        self, streamer: Streamer, title: str, started_ms: int, utc_offset_min: int
    ) -> SessionInfo:
        with self.db.sessions.begin() as s:
            slots = s.scalars(
                select(ScheduleRow).where(ScheduleRow.streamer_id == streamer.id)
            ).all()
            plan = planned_start_ms(
                [ScheduleSlot(x.weekday, x.start_min, x.utc_offset_min) for x in slots],
                started_ms,
            )
            row = SessionRow(
                streamer_id=streamer.id,
                title=title.strip(),
                started_ms=started_ms,
                utc_offset_min=utc_offset_min,
                status=SessionStatus.LIVE.value,
                last_seen_ms=now_ms(),
                recorder_host=socket.gethostname(),
                recorder_pid=os.getpid(),
                app_version=__version__,
                duration_s=0,
                sample_count=0,
                summary_version=SUMMARY_VERSION,
                uid=str(uuid.uuid4()),
                local_day=local_day(started_ms, utc_offset_min),
                notes="",
                tags="",
                planned_start_ms=plan,
                detail=SessionDetail.FULL.value,
                search_text=search_text(streamer.name, title.strip(), ()),
                operator=self.operator,
            )
            s.add(row)
            s.flush()
            s.refresh(row, ["streamer"])
            refresh_months(s.connection(), [(streamer.id, row.local_day // 100)])
            return _session(row)

    def add_source(
        self, session_id: int, kind: str, label: str, config: dict[str, Any] | None = None
    ) -> SourceInfo:
        with self.db.sessions.begin() as s:
            row = SourceRow(
                session_id=session_id,
                kind=kind,
                label=label,
                config_json=json.dumps(config or {}, ensure_ascii=False, sort_keys=True),
            )
            s.add(row)
            s.flush()
            return SourceInfo(id=row.id, session_id=session_id, kind=kind, label=label)

    def sources(self, session_id: int) -> list[SourceInfo]:
        with self.db.sessions() as s:
            rows = s.scalars(
                select(SourceRow).where(SourceRow.session_id == session_id).order_by(SourceRow.id)
            ).all()
            return [SourceInfo(r.id, r.session_id, r.kind, r.label) for r in rows]

    def stored_times(self, session_id: int, source_id: int, metric: str) -> set[int]:
        """The timestamps stored for one series (to put samples back once)."""
        with self.db.engine.connect() as conn:
            return stored_series_times(conn, session_id, source_id, metric)

    def source_configs(self, session_id: int) -> list[tuple[str, dict[str, Any]]]:
        """(kind, settings) of each source the session was recorded with, to resume it."""
        with self.db.sessions() as s:
            rows = s.execute(
                select(SourceRow.kind, SourceRow.config_json)
                .where(SourceRow.session_id == session_id)
                .order_by(SourceRow.id)
            ).all()
        out = []
        for kind, cfg in rows:
            try:
                data = json.loads(cfg)
            except ValueError:
                data = {}
            out.append((kind, data if isinstance(data, dict) else {}))
        return out

    def get_session(self, session_id: int, settle: bool = True) -> SessionInfo:
        """The session as it is: one whose recorder is gone reads `INTERRUPTED`
        with its summary rebuilt from its samples, as in every other view
        (`settle=False` only reads the row)."""
        info = self._get_session(session_id)
        if settle and info.status is SessionStatus.LIVE:
            (info,) = self.find_interrupted(only=session_id) or (info,)
        return info

    def _get_session(self, session_id: int) -> SessionInfo:
        with self.db.sessions() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=session_id,
                )
            return _session(row)

    def list_sessions(
        self, streamer_id: int | None = None, operator: str | None = None
    ) -> list[SessionInfo]:
        """Newest first, the trash left out; only `operator`'s if given
        (`NOT_SAID`: those nobody is named on). A session still marked live
        whose recorder is gone is listed as `INTERRUPTED` (what it is), with
        its summary rebuilt."""
        cut_off = {s.id: s for s in self.find_interrupted()}
        with self.db.sessions() as s:
            q = (
                select(SessionRow)
                .where(SessionRow.deleted_ms.is_(None))
                .order_by(SessionRow.started_ms.desc())
            )
            if streamer_id is not None:
                q = q.where(SessionRow.streamer_id == streamer_id)
            if operator is not None:
                q = q.where(_operator_filter(operator))
            return [cut_off.get(i.id) or i for i in self._infos(s, s.scalars(q).all())]

    def query_sessions(self, q: LibraryQuery) -> LibraryPage:
        """One page of the library (or the trash) as filtered and sorted, and
        how many sessions match in all.

        Built for a provider's year (some 440,000 sessions): the page's ids
        come from an index (sorting ids, not whole rows), then only those rows
        are read, and the matches are counted only when the page is not the
        last. A text search reads one narrow column (`search_text`: the
        streamer's name, title and tags, case-folded) from a covering index in
        time order, so a common word fills its page at once."""
        r = SessionRow
        where: list[ColumnElement[bool]] = [
            r.deleted_ms.is_not(None) if q.trash else r.deleted_ms.is_(None)
        ]
        if q.day_from is not None:
            where.append(r.local_day >= q.day_from)
        if q.day_to is not None:
            where.append(r.local_day <= q.day_to)
        if q.streamer_id is not None:
            where.append(r.streamer_id == q.streamer_id)
        if q.platform:
            where.append(
                r.streamer_id.in_(select(StreamerRow.id).where(StreamerRow.platform == q.platform))
            )
        if q.statuses:
            where.append(_status_filter(q.statuses))
        if q.operator is not None:
            where.append(_operator_filter(q.operator))
            # The days' instants too, widened by the furthest offsets: the page
            # is then read from ix_live_sessions_operator in time order (not
            # from the day index, every session of those days, then sorted).
            if q.day_from is not None:
                where.append(r.started_ms >= _day_start_ms(q.day_from) - _WIDEST_OFFSET_MS)
            if q.day_to is not None:
                where.append(r.started_ms < _day_start_ms(q.day_to, 1) + _WIDEST_OFFSET_MS)
        # Every word must appear, in the name, the title or a tag ("汪峰工厂店
        # 周末大场"); a tag may be typed with its # ("#大场").
        for word in search_key(q.text).split(" "):
            word = word.lstrip("#＃")
            if word:
                where.append(r.search_text.like(_like(word), escape="\\"))
        col = _sort_column(q.sort)
        if (
            q.sort == "started"
            and q.operator == NOT_SAID
            and self.db.engine.dialect.name == "postgresql"
        ):
            # PostgreSQL orders by an index only after equalities, and IS NULL
            # is none: it would walk every named session back in time to find
            # the first unnamed one (160 ms over a year, and growing). Told it
            # cannot order by an index, it reads the unnamed ones and keeps
            # the page's newest (60 ms). SQLite treats IS NULL as an equality.
            col = r.started_ms + 0
        order = col.desc() if q.descending else col.asc()
        if q.sort in _NULLABLE_SORTS:
            order = order.nulls_last()
        # Ties (one streamer's sessions, equal figures) newest first.
        ordering = (order, r.started_ms.desc(), r.id.desc())
        with self.db.sessions() as s:
            ids_q = select(r.id).where(and_(*where))
            if q.sort == "streamer":
                ids_q = ids_q.join(StreamerRow, StreamerRow.id == r.streamer_id)
            page = ids_q.order_by(*ordering).offset(q.offset).limit(q.limit)
            ids = [int(i) for i in s.scalars(page)]
            total: int | None = None
            if len(ids) < q.limit and (ids or q.offset == 0):
                total = q.offset + len(ids)  # the last page: nothing more to count
            if total is None:
                total = int(s.scalar(select(func.count()).select_from(r).where(and_(*where))) or 0)
            rows = s.scalars(select(r).where(r.id.in_(ids))).all() if ids else []
            by_id = {row.id: row for row in rows}
            infos = self._infos(s, [by_id[i] for i in ids if i in by_id])
        live = [i.id for i in infos if i.status is SessionStatus.LIVE]
        if live:
            cut_off = {x.id: x for x in self.find_interrupted() if x.id in live}
            infos = [cut_off.get(i.id, i) for i in infos]
        return LibraryPage(infos, total)

    def platforms(self) -> list[str]:
        """Every platform a streamer is on, for the library's filter."""
        with self.db.sessions() as s:
            rows = s.scalars(
                select(StreamerRow.platform)
                .where(StreamerRow.platform.is_not(None))
                .distinct()
                .order_by(StreamerRow.platform)
            ).all()
            return [p for p in rows if p]

    def operators(self) -> list[str]:
        """Every operator named on a session (the trash's too), by name, for
        the filters; empty when nobody ever was (a single user's file). A
        skip scan of `ix_live_sessions_operator`: one index seek per name,
        never a read of every session."""
        r = SessionRow
        names: list[str] = []
        with self.db.engine.connect() as conn:
            after: str | None = None
            while True:
                q = select(func.min(r.operator)).where(r.operator.is_not(None))
                if after is not None:
                    q = q.where(r.operator > after)
                name = conn.execute(q).scalar()
                if name is None:
                    return names
                names.append(str(name))
                after = name

    def streamer_history(
        self, streamer_id: int, before_ms: int | None = None, limit: int | None = None
    ) -> list[SessionInfo]:
        """The streamer's finished sessions (ended or interrupted), not in the
        trash, newest first; only those started before `before_ms` if given."""
        r = SessionRow
        q = select(r).where(
            r.streamer_id == streamer_id,
            r.deleted_ms.is_(None),
            or_(r.status != SessionStatus.LIVE.value, r.ended_ms.is_not(None)),
        )
        if before_ms is not None:
            q = q.where(r.started_ms < before_ms)
        q = q.order_by(r.started_ms.desc(), r.id.desc())
        if limit is not None:
            q = q.limit(limit)
        with self.db.sessions() as s:
            return self._infos(s, s.scalars(q).all())

    def _edit_session(self, session_id: int, **values: Any) -> SessionInfo:
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=session_id,
                )
            owner = (row.id, row.operator)
            try:
                for key, value in values.items():
                    setattr(row, key, value)
                name = row.streamer.name  # (loading it flushes the change)
                row.search_text = search_text(name, row.title, decode_tags(row.tags))
                s.flush()
            except StaleDataError:  # a team server's roles hid the row from this login
                raise _not_yours(*owner) from None
            return _session(row)

    def rename_session(self, session_id: int, title: str) -> SessionInfo:
        return self._edit_session(session_id, title=" ".join(title.split()))

    def set_session_notes(self, session_id: int, notes: str) -> SessionInfo:
        return self._edit_session(session_id, notes=notes.strip())

    def set_session_tags(self, session_id: int, tags: Sequence[str]) -> SessionInfo:
        return self._edit_session(session_id, tags=encode_tags(tags))

    def trash_sessions(self, session_ids: Iterable[int], when_ms: int | None = None) -> None:
        """Put sessions in the trash (kept, undoable, emptied after
        `TRASH_DAYS`). A session being recorded cannot be."""
        ids = list(session_ids)
        when = now_ms() if when_ms is None else when_ms
        with self.db.sessions.begin() as s:
            rows = s.scalars(select(SessionRow).where(SessionRow.id.in_(ids))).all()
            missing = set(ids) - {r.id for r in rows}
            if missing:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=min(missing),
                )
            recording = [r.id for r in rows if r.status == "live" and r.ended_ms is None]
            if recording:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage", "Session {id} is being recorded; end it before deleting it."
                    ),
                    id=recording[0],
                )
            owners = [(r.id, r.operator) for r in rows]
            for r in rows:
                r.deleted_ms = when
            try:
                s.flush()
            except StaleDataError:  # a team server's roles hid a row from this login
                other = next((o for o in owners if o[1] != self.operator), owners[0])
                raise _not_yours(*other) from None
            refresh_months(s.connection(), month_keys(s.connection(), ids))

    def restore_sessions(self, session_ids: Iterable[int]) -> None:
        ids = list(session_ids)
        with self.db.sessions.begin() as s:
            s.execute(update(SessionRow).where(SessionRow.id.in_(ids)).values(deleted_ms=None))
            refresh_months(s.connection(), month_keys(s.connection(), ids))

    def purge_trash(self, older_than_ms: int | None = None) -> int:
        """Remove trashed sessions for good: those put there before
        `older_than_ms`, or all of them. Returns how many."""
        with self.db.sessions() as s:
            q = select(SessionRow.id).where(
                SessionRow.deleted_ms.is_not(None),
                # Never one being recorded (resumed from the trash by an older Genbo).
                or_(
                    SessionRow.status != SessionStatus.LIVE.value, SessionRow.ended_ms.is_not(None)
                ),
            )
            if older_than_ms is not None:
                q = q.where(SessionRow.deleted_ms < older_than_ms)
            ids = list(s.scalars(q).all())
        for sid in ids:
            self.delete_session(sid)
        return len(ids)

    def end_session(
        self,
        session_id: int,
        ended_ms: int,
        summary: SessionSummary,
        status: SessionStatus = SessionStatus.ENDED,
    ) -> SessionInfo:
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=session_id,
                )
            row.ended_ms = ended_ms
            row.status = status.value
            row.last_seen_ms = now_ms()
            apply_summary(row, summary)
            s.flush()
            refresh_months(s.connection(), [(row.streamer_id, row.local_day // 100)])
            return _session(row)

    def claim_for_resume(self, session_id: int) -> SessionInfo:
        """Mark an interrupted session live again, owned by this process.
        Refused while another recorder is seen alive on it (two resumes)."""
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id, with_for_update=True)
            if row is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=session_id,
                )
            if row.deleted_ms is not None:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage", "Session {id} is in the trash; restore it first to resume it."
                    ),
                    id=session_id,
                )
            recording = row.status == SessionStatus.LIVE.value and row.ended_ms is None
            if recording and not _recorder_gone(row, now_ms(), socket.gethostname()):
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "Session {id} is being recorded by Genbo on {host}; "
                        "it cannot be resumed here.",
                    )
                    if row.recorder_host
                    else QT_TRANSLATE_NOOP(
                        "storage",
                        "Session {id} is being recorded by Genbo on another computer; "
                        "it cannot be resumed here.",
                    ),
                    id=session_id,
                    host=row.recorder_host,
                )
            row.status = SessionStatus.LIVE.value
            row.ended_ms = None
            row.recorder_host = socket.gethostname()
            row.recorder_pid = os.getpid()
            row.last_seen_ms = now_ms()
            # Its minute curves end where it was cut off: built again once it ends.
            s.execute(delete(MinuteCurveRow).where(MinuteCurveRow.session_id == session_id))
            s.flush()
            return _session(row)

    def delete_session(self, session_id: int) -> None:
        """Remove a session and everything stored with it, for good; refused
        for one being recorded."""
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id)
            if row is not None and row.status == SessionStatus.LIVE.value and row.ended_ms is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage", "Session {id} is being recorded; end it before deleting it."
                    ),
                    id=session_id,
                )
            keys = month_keys(s.connection(), [session_id])
            s.execute(delete(MinuteCurveRow).where(MinuteCurveRow.session_id == session_id))
            s.execute(delete(SampleChunkRow).where(SampleChunkRow.session_id == session_id))
            s.execute(delete(GapRow).where(GapRow.session_id == session_id))
            s.execute(delete(EventRow).where(EventRow.session_id == session_id))
            s.execute(delete(SourceRow).where(SourceRow.session_id == session_id))
            s.execute(delete(SessionRow).where(SessionRow.id == session_id))
            refresh_months(s.connection(), keys)

    def personal_bests(self, streamer_id: int, exclude_session: int | None = None) -> PersonalBests:
        """The streamer's best finished sessions, for personal-best milestones."""
        r = SessionRow
        q = select(
            func.max(r.peak_viewers),
            func.max(r.gmv_fen),
            func.max(r.gmv_15m_fen),
            func.max(r.gmv_30m_fen),
            func.max(r.gpm_fen),
            func.max(r.avg_dwell_ds),
        ).where(
            r.streamer_id == streamer_id,
            r.status != SessionStatus.LIVE.value,
            r.deleted_ms.is_(None),
        )
        if exclude_session is not None:
            q = q.where(r.id != exclude_session)
        with self.db.sessions() as s:
            peak, gmv, g15, g30, gpm, dwell = s.execute(q).one()

        def yuan(fen: int | None) -> float | None:
            return None if fen is None else fen / 100

        return PersonalBests(
            peak_viewers=None if peak is None else float(peak),
            gmv=yuan(gmv),
            gmv_15m=yuan(g15),
            gmv_30m=yuan(g30),
            gpm=yuan(gpm),
            avg_dwell=None if dwell is None else dwell / 10,
        )

    # -- crash recovery --------------------------------------------------------------
    def recorded_by_me(self, info: SessionInfo) -> bool:
        """Whether this login may take `info` up again (resume, end): on a
        file, every session; on a team server, only its own (a teammate's
        interrupted session is theirs to resume)."""
        return self.db.sqlite_path is not None or (
            info.operator is not None and info.operator == self.operator
        )

    def find_interrupted(
        self, now: int | None = None, only: int | None = None
    ) -> list[SessionInfo]:
        """Sessions still marked live whose recorder is gone (crashed or killed),
        waiting for the operator to resume or end them.

        A recorder on this host is gone as soon as its process no longer exists
        (or is a zombie); on another host (a shared database) when it has not
        committed for `STALE_HEARTBEAT_MS`. The first time a session is found,
        its summary is rebuilt from the samples that reached the database and
        its end set to its last sample, so the resume bar, the history, the CLI
        and exports all tell the same figures; the row stays live (and
        resumable) until the operator resumes or ends it.
        """
        now = now_ms() if now is None else now
        host = socket.gethostname()
        found: list[int] = []
        newly: list[tuple[int, int | None, int | None]] = []
        with self.db.sessions() as s:
            # A session in the trash is not offered for resuming (restore it first).
            q = select(SessionRow).where(
                SessionRow.status == SessionStatus.LIVE.value, SessionRow.deleted_ms.is_(None)
            )
            if only is not None:
                q = q.where(SessionRow.id == only)
            for row in s.scalars(q).all():
                if row.ended_ms is not None:
                    found.append(row.id)  # found before, already rebuilt
                elif _recorder_gone(row, now, host):
                    newly.append((row.id, row.recorder_pid, row.last_seen_ms))
        out = {}
        for session_id, pid, seen in newly:
            known = self._unsettled.get(session_id)
            if known is not None and known[0] == (pid, seen):
                out[session_id] = known[1]  # refused before, the row as it was then
                continue
            try:
                if not self._settle_cut_off(session_id, pid, seen):
                    # Unchanged though still as found: a team server's roles
                    # keep this login from marking it (another operator's
                    # session); it is listed as what it is all the same.
                    info = self._get_session(session_id)
                    as_found = (info.status is SessionStatus.LIVE, info.last_seen_ms) == (
                        True,
                        seen,
                    )
                    if as_found:
                        out[session_id] = replace(info, status=SessionStatus.INTERRUPTED)
                        self._unsettled[session_id] = ((pid, seen), out[session_id])
            except (SQLAlchemyError, StorageError) as exc:
                # A read-only database still lists it as what it is.
                log.info("could not rebuild interrupted session %s: %s", session_id, exc)
                out[session_id] = replace(
                    self._get_session(session_id), status=SessionStatus.INTERRUPTED
                )
                self._unsettled[session_id] = ((pid, seen), out[session_id])
        for session_id in [*found, *(n[0] for n in newly)]:
            if session_id not in out:
                info = self._get_session(session_id)
                if info.status is SessionStatus.INTERRUPTED:  # not resumed meanwhile
                    out[session_id] = info
        return [out[i] for i in sorted(out)]

    def _rebuilt(self, info: SessionInfo) -> tuple[SessionSummary, int]:
        """A cut-off session's summary from its stored samples, and its end: the
        last moment it is known to have run, its last sample or its recorder's
        last heartbeat, whichever is later (the resume bar, the downtime gap
        and History then tell the same length)."""
        summary = self.recompute_summary(info.id)
        known = [t for t in (self.last_sample_ms(info.id), info.last_seen_ms) if t is not None]
        ended = max([info.started_ms, *known])
        duration = max(summary.duration_s, (ended - info.started_ms) / 1000)
        return replace(summary, duration_s=duration), ended

    def _settle_cut_off(self, session_id: int, pid: int | None, seen_ms: int | None) -> bool:
        """Mark a session found without its recorder, with rebuilt figures: only
        if its row is as it was found (a resume in the meantime claims it anew,
        with another pid and heartbeat, and must not be overwritten). False
        when no row was changed."""
        summary, ended = self._rebuilt(self._get_session(session_id))
        r = SessionRow
        with self.db.sessions.begin() as s:
            done = s.connection().execute(
                update(r)
                .where(
                    r.id == session_id,
                    r.status == SessionStatus.LIVE.value,
                    r.ended_ms.is_(None),
                    r.recorder_pid.is_(None) if pid is None else r.recorder_pid == pid,
                    r.last_seen_ms.is_(None) if seen_ms is None else r.last_seen_ms == seen_ms,
                )
                .values(ended_ms=ended, **summary_values(summary))
            )
            if not done.rowcount:
                return False
            refresh_months(s.connection(), month_keys(s.connection(), [session_id]))
            return True

    def finish_interrupted(
        self, session_id: int, status: SessionStatus = SessionStatus.INTERRUPTED
    ) -> SessionInfo:
        """Close a cut-off session with its summary rebuilt from the samples that
        reached the database. `INTERRUPTED` keeps the mark that it was cut off."""
        summary, ended = self._rebuilt(self._get_session(session_id))
        return self.end_session(session_id, ended, summary, status=status)

    def last_sample_ms(self, session_id: int) -> int | None:
        with self.db.sessions() as s:
            v = s.scalar(
                select(func.max(SampleChunkRow.last_ms)).where(
                    SampleChunkRow.session_id == session_id
                )
            )
            return None if v is None else int(v)

    def recompute_summary(self, session_id: int) -> SessionSummary:
        """Rebuild the summary from the stored samples with the same
        `SessionStats` the live path uses."""
        info = self._get_session(session_id)
        stats = SessionStats.from_columns(info.started_ms, self.load_columns(session_id))
        return summary_from_stats(stats.snapshot())

    # -- reading history -------------------------------------------------------------
    def sample_count(self, session_id: int) -> int:
        """How many samples (one source's reading at one instant) are stored."""
        return self.load_columns(session_id).sample_count()

    def value_count(self, session_id: int) -> int:
        """How many metric values are stored."""
        with self.db.sessions() as s:
            q = select(func.coalesce(func.sum(SampleChunkRow.count), 0))
            return int(s.scalar(q.where(SampleChunkRow.session_id == session_id)) or 0)

    def load_columns(
        self, session_id: int, progress: Callable[[float], None] | None = None
    ) -> SessionColumns:
        """Every stored sample as columns per source and metric, each in time
        order. `progress` hears the share of the stored chunks read so far."""
        c = SampleChunkRow
        with self.db.engine.connect() as conn:
            labels = dict(
                conn.execute(
                    select(SourceRow.id, SourceRow.kind)
                    .where(SourceRow.session_id == session_id)
                    .order_by(SourceRow.id)
                ).all()
            )
            total = 0
            if progress is not None:
                total = conn.execute(
                    select(func.count()).where(c.session_id == session_id)
                ).scalar_one()
            result = conn.execute(
                select(c.source_id, c.metric, c.encoding, c.count, c.ts_data, c.value_data)
                .where(c.session_id == session_id)
                .order_by(c.source_id, c.metric, c.id)
            )
            parts: dict[int, dict[str, tuple[list[_Part], list[_Part]]]] = {}
            read = 0
            for batch in result.partitions(1000):
                for src, metric, encoding, count, ts_data, value_data in batch:
                    ts_parts, raw_parts = parts.setdefault(src, {}).setdefault(metric, ([], []))
                    ts_parts.append((ts_data, encoding, count))
                    raw_parts.append((value_data, encoding, count))
                read += len(batch)
                if progress is not None:
                    progress(0.5 * read / max(total, 1))
        sources = []
        done, series_total = 0, max(sum(len(m) for m in parts.values()), 1)
        try:
            for src_id, per_metric in parts.items():
                series = {}
                # A source that delivers all its metrics in every sample stores
                # the same times for each of them: decoded once, shared.
                decoded: list[tuple[list[_Part], npt.NDArray[np.int64]]] = []
                for metric, (ts_parts, raw_parts) in per_metric.items():
                    ts = next((arr for seen, arr in decoded if seen == ts_parts), None)
                    if ts is None:
                        ts = chunks.decode_series(ts_parts)
                        ts.flags.writeable = False
                        decoded.append((ts_parts, ts))
                    series[metric] = Column.sorted(ts, chunks.decode_series(raw_parts))
                    done += 1
                    if progress is not None:
                        progress(0.5 + 0.5 * done / series_total)
                sources.append(SourceColumns(labels.get(src_id, "unknown"), series))
        except chunks.ChunkFormatError as exc:
            raise _unreadable(session_id, exc) from exc
        return SessionColumns(tuple(sources))

    def load_recent_columns(self, session_id: int, span_ms: int) -> SessionColumns:
        """The last `span_ms` of every stored series: the points from the
        session's newest sample minus `span_ms` on, as `load_columns` gives
        them. Only the chunks that reach into that span are read and decoded,
        so a teammate's live session followed on the wall costs its last
        minutes at every read, never its whole day."""
        c = SampleChunkRow
        with self.db.engine.connect() as conn:
            newest = conn.execute(
                select(func.max(c.last_ms)).where(c.session_id == session_id)
            ).scalar_one()
            if newest is None:
                return SessionColumns()
            since = int(newest) - span_ms
            labels = dict(
                conn.execute(
                    select(SourceRow.id, SourceRow.kind).where(SourceRow.session_id == session_id)
                ).all()
            )
            rows = conn.execute(
                select(c.source_id, c.metric, c.encoding, c.count, c.ts_data, c.value_data)
                .where(c.session_id == session_id, c.last_ms >= since)
                .order_by(c.source_id, c.metric, c.id)
            ).all()
        parts: dict[int, dict[str, tuple[list[_Part], list[_Part]]]] = {}
        for src, metric, encoding, count, ts_data, value_data in rows:
            ts_parts, raw_parts = parts.setdefault(src, {}).setdefault(metric, ([], []))
            ts_parts.append((ts_data, encoding, count))
            raw_parts.append((value_data, encoding, count))
        sources = []
        try:
            for src_id in sorted(parts):
                series = {}
                for metric, (ts_parts, raw_parts) in parts[src_id].items():
                    col = Column.sorted(
                        chunks.decode_series(ts_parts), chunks.decode_series(raw_parts)
                    )
                    keep = col.ts_ms >= since
                    if bool(keep.any()):
                        series[metric] = Column(col.ts_ms[keep], col.raw[keep])
                if series:
                    sources.append(SourceColumns(labels.get(src_id, "unknown"), series))
        except chunks.ChunkFormatError as exc:
            raise _unreadable(session_id, exc) from exc
        return SessionColumns(tuple(sources))

    def load_series(self, session_id: int) -> dict[str, MetricSeries]:
        """Every metric's history from all sources, in time order."""
        columns = self.load_columns(session_id)
        out = {}
        for key in columns.metrics():
            col = columns.merged(key)
            out[key] = MetricSeries(col.ts_ms, col.raw)
        return out

    def load_samples(
        self, session_id: int, progress: Callable[[float], None] | None = None
    ) -> list[Sample]:
        """The stored samples one by one, in time order (sources in the order
        they were added at the same instant). Review and exports read
        `load_columns` instead; this is for replaying a session."""
        return self.load_columns(session_id, progress).to_samples()

    def load_gaps(self, session_id: int) -> list[Gap]:
        with self.db.sessions() as s:
            rows = s.execute(
                select(GapRow, SourceRow.kind)
                .outerjoin(SourceRow, GapRow.source_id == SourceRow.id)
                .where(GapRow.session_id == session_id)
                .order_by(GapRow.start_ms)
            ).all()
            return [Gap(kind or "", g.start_ms, g.end_ms, g.reason) for g, kind in rows]

    def load_events(self, session_id: int) -> list[EventRecord]:
        """Milestones and highlights, in time order."""
        with self.db.sessions() as s:
            rows = s.scalars(
                select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.ts_ms)
            ).all()
            out = []
            for r in rows:
                try:
                    payload = json.loads(r.payload_json)
                except ValueError:
                    payload = {}
                out.append(EventRecord(r.uid or f"row-{r.id}", r.ts_ms, r.kind, r.label, payload))
            return out

    def planned_lates(
        self, since_ms: int, before_ms: int, streamer_ids: Sequence[int] | None = None
    ) -> dict[int, list[float]]:
        """Seconds late (negative: early) of every session with a planned start
        that began in [since_ms, before_ms), per streamer, newest first; all
        streamers, or those given. Read from one covering index."""
        r = SessionRow
        q = select(r.streamer_id, r.started_ms, r.planned_start_ms).where(
            r.started_ms >= since_ms,
            r.started_ms < before_ms,
            r.deleted_ms.is_(None),
            r.planned_start_ms.is_not(None),
        )
        found: dict[int, list[tuple[int, float]]] = {}
        ids = None if streamer_ids is None else list(streamer_ids)
        batches = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
        with self.db.engine.connect() as conn:
            for batch in batches:
                bq = q if batch is None else q.where(r.streamer_id.in_(batch))
                for sid, started, planned in conn.execute(bq).all():
                    if planned is None:  # the WHERE leaves none; for the type checker
                        continue
                    found.setdefault(int(sid), []).append(
                        (int(started), (int(started) - int(planned)) / 1000.0)
                    )
        return {sid: [late for _, late in sorted(v, reverse=True)] for sid, v in found.items()}

    # -- months ----------------------------------------------------------------------
    def operator_streamers(self, operator: str, month: int) -> set[int]:
        """The streamers `operator` rode along with in `month` (YYYYMM, by the
        session's local start day, as the month sums count; the trash left
        out); `NOT_SAID`: those with a session nobody is named on. One query
        on `ix_live_sessions_operator` (operator, deleted_ms, started_ms): the
        month's instants, widened by the furthest offsets, then its days."""
        r = SessionRow
        year, mon = divmod(month, 100)
        after = (year + mon // 12) * 10000 + (mon % 12 + 1) * 100 + 1
        q = (
            select(r.streamer_id)
            .where(
                _operator_filter(operator),
                r.deleted_ms.is_(None),
                r.started_ms >= _day_start_ms(month * 100 + 1) - _WIDEST_OFFSET_MS,
                r.started_ms < _day_start_ms(after) + _WIDEST_OFFSET_MS,
                r.local_day > month * 100,
                r.local_day < month * 100 + 32,
            )
            .distinct()
        )
        with self.db.engine.connect() as conn:
            return {int(i) for i in conn.execute(q).scalars()}

    def month_totals(self, month: int) -> list[StreamerMonth]:
        """Every streamer's figures for one month (YYYYMM) that has any."""
        return self.months(month, month)

    def months(self, first: int, last: int) -> list[StreamerMonth]:
        """Every streamer's months from `first` to `last` (YYYYMM, inclusive)."""
        m = StreamerMonthRow
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(
                    m.streamer_id,
                    m.month,
                    m.sessions,
                    m.recorded_gmv_fen,
                    m.platform_gmv_fen,
                    m.platform_source,
                )
                .where(m.month >= first, m.month <= last)
                .where(or_(m.sessions > 0, m.platform_gmv_fen.is_not(None)))
                .order_by(m.streamer_id, m.month)
            ).all()
        return [
            StreamerMonth(int(a), int(b), int(c), int(d), None if e is None else int(e), f)
            for a, b, c, d, e, f in rows
        ]

    def set_platform_gmv(
        self, streamer_id: int, month: int, fen: int | None, source: str = "typed"
    ) -> None:
        """The platform's own GMV for a streamer's month (when not every
        session was recorded), or None to use the recorded sum again."""
        if source not in PLATFORM_SOURCES:
            raise ValueError(f"source must be one of {PLATFORM_SOURCES}")
        if fen is not None and fen < 0:
            raise StorageError(QT_TRANSLATE_NOOP("storage", "A month's GMV cannot be negative."))
        if not 190001 <= month <= 999912 or not 1 <= month % 100 <= 12:
            raise StorageError(
                QT_TRANSLATE_NOOP("storage", "{month} is not a month (YYYYMM)."), month=month
            )
        m = StreamerMonthRow
        values = {
            "platform_gmv_fen": fen,
            "platform_source": None if fen is None else source,
            "platform_updated_ms": now_ms(),
        }
        with self.db.sessions.begin() as s:
            if s.get(StreamerRow, streamer_id) is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no streamer {id} in this database."),
                    id=streamer_id,
                )
            done = s.execute(
                update(m).where(m.streamer_id == streamer_id, m.month == month).values(**values)
            )
            if done.rowcount == 0 and fen is not None:  # type: ignore[attr-defined]
                s.add(
                    StreamerMonthRow(
                        streamer_id=streamer_id,
                        month=month,
                        sessions=0,
                        recorded_gmv_fen=0,
                        **values,
                    )
                )

    def refresh_months(self, keys: Iterable[MonthKey]) -> None:
        with self.db.engine.begin() as conn:
            refresh_months(conn, keys)

    # -- summaries -------------------------------------------------------------------
    def refresh_old_summaries(self, progress: Callable[[float], None] | None = None) -> int:
        """Recompute the summary of every finished full session stored before
        Genbo kept its current set of figures. Returns how many."""
        r = SessionRow
        with self.db.sessions() as s:
            ids = list(
                s.scalars(
                    select(r.id).where(
                        r.summary_version < SUMMARY_VERSION,
                        r.detail == SessionDetail.FULL.value,
                        or_(r.status != SessionStatus.LIVE.value, r.ended_ms.is_not(None)),
                    )
                ).all()
            )
        done = 0
        for k, sid in enumerate(ids):
            try:
                rebuilt = self.recompute_summary(sid)
            except (StorageError, SQLAlchemyError) as exc:
                # A session whose samples cannot be read keeps the figures it
                # had, and is not tried again at every start.
                log.warning("kept the old figures of session %s: %s", sid, exc)
                with self.db.sessions.begin() as s:
                    s.execute(
                        update(SessionRow)
                        .where(SessionRow.id == sid)
                        .values(summary_version=SUMMARY_VERSION)
                    )
                continue
            with self.db.sessions.begin() as s:
                row = s.get(SessionRow, sid)
                if row is None:
                    continue
                # Keep the stored length: an ended session's duration runs to its end.
                apply_summary(row, replace(rebuilt, duration_s=float(row.duration_s)))
                s.flush()
                refresh_months(s.connection(), [(row.streamer_id, row.local_day // 100)])
            done += 1
            if progress is not None:
                progress((k + 1) / len(ids))
        return done

    # -- minute curves -----------------------------------------------------------------
    def save_minute_curves(self, session_id: int, curves: dict[str, npt.NDArray[np.int64]]) -> None:
        """Store a session's per-minute curves (`chunks.MISSING` where a minute
        has no value), replacing any stored before."""
        with self.db.sessions.begin() as s:
            s.execute(delete(MinuteCurveRow).where(MinuteCurveRow.session_id == session_id))
            for metric, values in curves.items():
                arr = np.asarray(values, dtype=np.int64)
                s.add(
                    MinuteCurveRow(
                        session_id=session_id,
                        metric=metric,
                        minutes=int(arr.shape[0]),
                        encoding=chunks.ZLIB_DELTA,
                        value_data=chunks.encode(arr, chunks.ZLIB_DELTA),
                    )
                )

    def load_minute_curves(
        self, session_ids: Iterable[int], metrics: Sequence[str] | None = None
    ) -> dict[int, dict[str, npt.NDArray[np.int64]]]:
        """Stored per-minute curves by session and metric (sessions without any
        are left out)."""
        ids = list(session_ids)
        c = MinuteCurveRow
        q = select(c.session_id, c.metric, c.minutes, c.encoding, c.value_data).where(
            c.session_id.in_(ids)
        )
        if metrics is not None:
            q = q.where(c.metric.in_(list(metrics)))
        out: dict[int, dict[str, npt.NDArray[np.int64]]] = {}
        with self.db.engine.connect() as conn:
            for sid, metric, minutes, encoding, blob in conn.execute(q).all():
                out.setdefault(int(sid), {})[metric] = chunks.decode_series(
                    [(blob, encoding, int(minutes))]
                )
        return out

    def touch(self, session_ids: Iterable[int]) -> None:
        """Heartbeat: the recorder of these sessions is alive."""
        ids = list(session_ids)
        if not ids:
            return
        with self.db.sessions.begin() as s:
            s.execute(
                update(SessionRow).where(SessionRow.id.in_(ids)).values(last_seen_ms=now_ms())
            )


def _recorder_gone(row: SessionRow, now: int, host: str) -> bool:
    """Whether a row marked live has lost its recorder: on this host, its
    process is gone (a reused pid must not keep a dead session live, so a stale
    heartbeat also counts); elsewhere, its heartbeat is stale."""
    stale = (row.last_seen_ms or 0) <= now - STALE_HEARTBEAT_MS
    if row.recorder_host == host and row.recorder_pid is not None:
        if row.recorder_pid == os.getpid():
            return False
        return stale or not pid_alive(row.recorder_pid)
    return stale


_WIDEST_OFFSET_MS = 14 * 3_600_000
"""No place's clock is further from UTC (UTC+14, UTC-12): a local day starts
and ends within this much of the same day in UTC."""


def _day_start_ms(day: int, days_after: int = 0) -> int:
    """UTC midnight (ms) of a YYYYMMDD day, or of the day `days_after` it."""
    y, rest = divmod(day, 10000)
    start = datetime(y, rest // 100, rest % 100, tzinfo=UTC) + timedelta(days=days_after)
    return int(start.timestamp() * 1000)


def _operator_filter(operator: str) -> ColumnElement[bool]:
    """The sessions `operator` rode along with; `NOT_SAID` (""): nobody named."""
    if operator == NOT_SAID:
        return SessionRow.operator.is_(None)
    return SessionRow.operator == operator


def _status_filter(statuses: frozenset[SessionStatus]) -> ColumnElement[bool]:
    """Statuses as stored: interrupted is also a live row with an end."""
    r = SessionRow
    terms: list[ColumnElement[bool]] = []
    for st in statuses:
        if st is SessionStatus.LIVE:
            terms.append(and_(r.status == "live", r.ended_ms.is_(None)))
        elif st is SessionStatus.INTERRUPTED:
            terms.append(
                or_(r.status == "interrupted", and_(r.status == "live", r.ended_ms.is_not(None)))
            )
        else:
            terms.append(r.status == st.value)
    return or_(*terms)
