"""Keeping `streamer_months` true: each streamer's recorded sessions and GMV
per month, recounted from `live_sessions` for just the months a change touched.

Every write that moves a session's GMV, month or trash state calls
`refresh_months` in its own transaction, so the roster never sums sessions
itself. Portable SQL only (an update, else an insert)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, select, update

from app.storage.models import SessionRow, StreamerMonthRow

MonthKey = tuple[int, int]
"""(streamer id, YYYYMM)."""


def month_keys(conn: Connection, session_ids: Iterable[int]) -> set[MonthKey]:
    ids = list(set(session_ids))
    if not ids:
        return set()
    rows = conn.execute(
        select(SessionRow.streamer_id, SessionRow.local_day).where(SessionRow.id.in_(ids))
    ).all()
    return {(int(s), int(d) // 100) for s, d in rows}


def refresh_months(conn: Connection, keys: Iterable[MonthKey]) -> None:
    r, m = SessionRow, StreamerMonthRow
    for streamer_id, month in sorted(set(keys)):
        count_raw, total_raw = conn.execute(
            select(func.count(), func.coalesce(func.sum(r.gmv_fen), 0)).where(
                r.streamer_id == streamer_id,
                r.local_day >= month * 100,
                r.local_day <= month * 100 + 99,
                r.deleted_ms.is_(None),
            )
        ).one()
        count, total = int(count_raw or 0), int(total_raw or 0)
        done = conn.execute(
            update(m)
            .where(m.streamer_id == streamer_id, m.month == month)
            .values(sessions=count, recorded_gmv_fen=total)
        )
        if done.rowcount == 0 and count:
            conn.execute(
                insert(m).values(
                    streamer_id=streamer_id,
                    month=month,
                    sessions=count,
                    recorded_gmv_fen=total,
                )
            )
