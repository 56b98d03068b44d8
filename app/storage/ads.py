"""The ad report rows (`ad_report_rows`): idempotent upserts from the
platforms' exports, typed figures per session, and the reads the paid-traffic
views need. Returns `app.core.ads` dataclasses, never ORM rows.

Portable SQL only: an upsert is a select and then an insert or update in one
transaction (no SQLite-only ON CONFLICT), so PostgreSQL serves as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, and_, delete, or_, select, tuple_

from app.core.ads import (
    ALL_WINDOWS,
    AdRow,
    StoredAdRow,
    WindowFigures,
    typed_plan_id,
)
from app.core.messages import QT_TRANSLATE_NOOP
from app.core.session import now_ms
from app.storage.database import Database, StorageError
from app.storage.models import AdReportRow, SessionRow, StreamerRow

IMPORTED, TYPED = "imported", "typed"

_KEY_BATCH = 200
"""Keys looked up per query (well below any database's parameter limit)."""


def day_int(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def int_day(n: int) -> date:
    return date(n // 10000, n // 100 % 100, n % 100)


@dataclass(frozen=True)
class UpsertOutcome:
    """What an import did, row by row (by the file's row numbers)."""

    inserted: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    kept_newer: list[tuple[int, date]] = field(default_factory=list)
    """Rows not stored because the stored figures are from a later export
    (row, that export's as-of day)."""


def _window_values(row: AdRow) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for w in ALL_WINDOWS:
        fig = row.windows.get(w)
        out[f"{w}_gmv_fen"] = None if fig is None else fig.gmv_fen
        out[f"{w}_orders"] = None if fig is None else fig.orders
    return out


def _stored(r: AdReportRow | Row[Any]) -> StoredAdRow:
    windows = {}
    for w in ALL_WINDOWS:
        gmv, orders = getattr(r, f"{w}_gmv_fen"), getattr(r, f"{w}_orders")
        if gmv is not None or orders is not None:
            windows[w] = WindowFigures(
                None if gmv is None else int(gmv), None if orders is None else int(orders)
            )
    return StoredAdRow(
        id=int(r.id),
        streamer_id=int(r.streamer_id),
        session_id=None if r.session_id is None else int(r.session_id),
        source=str(r.source),
        as_of=int_day(int(r.as_of_day)),
        figures=AdRow(
            platform=str(r.platform),
            day=int_day(int(r.day)),
            plan_id=str(r.plan_id),
            plan_name=str(r.plan_name),
            account_id=str(r.account_id),
            room_name=str(r.room_name),
            spend_fen=int(r.spend_fen),
            windows=windows,
        ),
        updated_ms=int(r.updated_ms),
    )


class AdStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing ---------------------------------------------------------------------------
    def upsert(self, rows: Sequence[tuple[AdRow, int]], as_of: date) -> UpsertOutcome:
        """Store each (row, streamer id), keyed by platform, account, day and
        plan, in one transaction. A stored row from an export as of the same
        day or earlier is updated: the spend and names, and every window the
        new export has a figure for (a window it leaves at "-" keeps what was
        stored). A stored row from a later export is left as it is."""
        out = UpsertOutcome()
        as_of_day = day_int(as_of)
        stamp = now_ms()
        t = AdReportRow
        with self.db.sessions.begin() as s:
            existing: dict[tuple[str, str, int, str], AdReportRow] = {}
            keys = [(r.platform, r.account_id, day_int(r.day), r.plan_id) for r, _ in rows]
            for k in range(0, len(keys), _KEY_BATCH):
                part = keys[k : k + _KEY_BATCH]
                for found in s.scalars(
                    select(t).where(
                        or_(
                            *(
                                and_(
                                    t.platform == p,
                                    t.account_id == a,
                                    t.day == d,
                                    t.plan_id == plan,
                                )
                                for p, a, d, plan in part
                            )
                        )
                    )
                ).all():
                    existing[(found.platform, found.account_id, found.day, found.plan_id)] = found
            for (row, streamer_id), key in zip(rows, keys, strict=True):
                values: dict[str, Any] = {
                    "plan_name": row.plan_name,
                    "room_name": row.room_name,
                    "streamer_id": streamer_id,
                    "spend_fen": row.spend_fen,
                }
                windows = _window_values(row)
                old = existing.get(key)
                if old is None:
                    new = AdReportRow(
                        platform=row.platform,
                        account_id=row.account_id,
                        day=key[2],
                        plan_id=row.plan_id,
                        source=IMPORTED,
                        session_id=None,
                        as_of_day=as_of_day,
                        updated_ms=stamp,
                        **values,
                        **windows,
                    )
                    s.add(new)
                    existing[key] = new
                    out.inserted.append(row.row)
                    continue
                if old.as_of_day > as_of_day:
                    out.kept_newer.append((row.row, int_day(old.as_of_day)))
                    continue
                values.update({k: v for k, v in windows.items() if v is not None})
                changed = {c: v for c, v in values.items() if getattr(old, c) != v}
                if changed:
                    for column, v in changed.items():
                        setattr(old, column, v)
                    out.updated.append(row.row)
                else:
                    out.unchanged.append(row.row)
                old.as_of_day = as_of_day
                old.updated_ms = stamp
        return out

    def set_typed(
        self,
        session_id: int,
        platform: str,
        spend_fen: int | None,
        windows: dict[str, WindowFigures],
    ) -> StoredAdRow | None:
        """One session's typed figures (its streamer, its local day), or
        None for the spend to forget them."""
        if spend_fen is not None and spend_fen < 0:
            raise StorageError(QT_TRANSLATE_NOOP("storage", "A spend cannot be negative."))
        t = AdReportRow
        with self.db.sessions.begin() as s:
            session = s.get(SessionRow, session_id)
            if session is None:
                raise StorageError(
                    QT_TRANSLATE_NOOP("storage", "There is no session {id} in this database."),
                    id=session_id,
                )
            streamer = s.get(StreamerRow, session.streamer_id)
            assert streamer is not None
            s.execute(delete(t).where(t.session_id == session_id, t.source == TYPED))
            if spend_fen is None:
                return None
            today = date.today()
            row = AdReportRow(
                platform=platform,
                account_id=streamer.account_id or "",
                day=session.local_day,
                plan_id=typed_plan_id(session_id),
                plan_name="",
                room_name="",
                streamer_id=streamer.id,
                session_id=session_id,
                source=TYPED,
                spend_fen=spend_fen,
                as_of_day=day_int(today),
                updated_ms=now_ms(),
                **_window_values(
                    AdRow(platform, today, "", "", "", "", spend_fen, windows=windows)
                ),
            )
            s.add(row)
            s.flush()
            return _stored(row)

    # -- reading ---------------------------------------------------------------------------
    def rows(
        self,
        streamer_ids: Iterable[int] | None = None,
        first: date | None = None,
        last: date | None = None,
        source: str | None = None,
    ) -> list[StoredAdRow]:
        """Rows by streamer, day and plan; days from `first` to `last` inclusive."""
        t = AdReportRow
        q = select(t)
        if streamer_ids is not None:
            q = q.where(t.streamer_id.in_(list(streamer_ids)))
        if first is not None:
            q = q.where(t.day >= day_int(first))
        if last is not None:
            q = q.where(t.day <= day_int(last))
        if source is not None:
            q = q.where(t.source == source)
        with self.db.sessions() as s:
            return [
                _stored(r) for r in s.scalars(q.order_by(t.streamer_id, t.day, t.plan_id)).all()
            ]

    def typed(self, session_id: int) -> StoredAdRow | None:
        t = AdReportRow
        with self.db.sessions() as s:
            r = s.scalar(select(t).where(t.session_id == session_id, t.source == TYPED))
            return None if r is None else _stored(r)

    def sessions_on(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[int]]:
        """(streamer id, YYYYMMDD) → the ids of that streamer's sessions that
        day (not in the trash), in start order."""
        wanted = sorted(set(pairs))
        out: dict[tuple[int, int], list[int]] = {p: [] for p in wanted}
        t = SessionRow
        with self.db.sessions() as s:
            for k in range(0, len(wanted), _KEY_BATCH):
                part = wanted[k : k + _KEY_BATCH]
                for sid, streamer, day in s.execute(
                    select(t.id, t.streamer_id, t.local_day)
                    .where(tuple_(t.streamer_id, t.local_day).in_(part))
                    .where(t.deleted_ms.is_(None))
                    .order_by(t.started_ms)
                ).all():
                    out[(int(streamer), int(day))].append(int(sid))
        return out

    def trashed_sessions(self, session_ids: Iterable[int]) -> set[int]:
        ids = list(set(session_ids))
        if not ids:
            return set()
        t = SessionRow
        with self.db.sessions() as s:
            return {
                int(i)
                for i in s.scalars(
                    select(t.id).where(t.id.in_(ids), t.deleted_ms.is_not(None))
                ).all()
            }
