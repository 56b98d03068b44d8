"""Keeping `streamer_months` true: each streamer's recorded sessions and GMV
per month, recounted from `live_sessions` for just the months a change touched.

Every write that moves a session's GMV, month or trash state calls
`refresh_months` in its own transaction, so the roster never sums sessions
itself. Portable SQL only (an update, else an insert)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, func, insert, select, update

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


MANY_MONTHS = 50
"""From this many months on, one grouped query counts them all."""


def refresh_months(conn: Connection, keys: Iterable[MonthKey]) -> None:
    wanted = set(keys)
    if not wanted:
        return
    if len(wanted) >= MANY_MONTHS:
        _refresh_many(conn, wanted)
        return
    # One grouped count over the months asked for (a wall's twelve live
    # sessions refresh twelve streamers' months at every commit: one query
    # each took half the commit), then the updates and inserts in one go.
    r, m = SessionRow, StreamerMonthRow
    streamers = sorted({k[0] for k in wanted})
    first = min(k[1] for k in wanted)
    last = max(k[1] for k in wanted)
    sums = dict.fromkeys(wanted, (0, 0))
    rows = conn.execute(
        select(r.streamer_id, r.local_day, func.count(), func.coalesce(func.sum(r.gmv_fen), 0))
        .where(
            r.streamer_id.in_(streamers),
            r.local_day >= first * 100,
            r.local_day <= last * 100 + 99,
            r.deleted_ms.is_(None),
        )
        .group_by(r.streamer_id, r.local_day)
    ).all()
    for sid, day, count, total in rows:
        key = (int(sid), int(day) // 100)
        if key in sums:
            c0, t0 = sums[key]
            sums[key] = (c0 + int(count or 0), t0 + int(total or 0))
    have = {
        (int(a), int(b))
        for a, b in conn.execute(
            select(m.streamer_id, m.month).where(
                m.streamer_id.in_(streamers), m.month >= first, m.month <= last
            )
        ).all()
    }
    updates = [
        {"key_streamer": k[0], "key_month": k[1], "sessions": c, "recorded_gmv_fen": t}
        for k, (c, t) in sums.items()
        if k in have
    ]
    if updates:
        conn.execute(_UPDATE_MONTH, updates)
    inserts = [
        {"streamer_id": k[0], "month": k[1], "sessions": c, "recorded_gmv_fen": t}
        for k, (c, t) in sums.items()
        if k not in have and c
    ]
    if inserts:
        conn.execute(insert(m), inserts)


_UPDATE_MONTH = (
    update(StreamerMonthRow)
    .where(
        StreamerMonthRow.streamer_id == bindparam("key_streamer"),
        StreamerMonthRow.month == bindparam("key_month"),
    )
    .values(sessions=bindparam("sessions"), recorded_gmv_fen=bindparam("recorded_gmv_fen"))
)


def _refresh_many(conn: Connection, keys: set[MonthKey]) -> None:
    """Many months at once (a bulk import): one grouped count per day for
    the streamers involved, then an update or insert per month."""
    r, m = SessionRow, StreamerMonthRow
    streamers = sorted({k[0] for k in keys})
    sums: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(0, len(streamers), 500):
        q = (
            select(r.streamer_id, r.local_day, func.count(), func.coalesce(func.sum(r.gmv_fen), 0))
            .where(r.streamer_id.in_(streamers[i : i + 500]), r.deleted_ms.is_(None))
            .group_by(r.streamer_id, r.local_day)
        )
        for sid, day, count, total in conn.execute(q).all():
            key = (int(sid), int(day) // 100)
            c0, t0 = sums.get(key, (0, 0))
            sums[key] = (c0 + int(count), t0 + int(total or 0))
    have = {
        (int(a), int(b))
        for a, b in conn.execute(
            select(m.streamer_id, m.month).where(m.streamer_id.in_(streamers))
        ).all()
    }
    inserts = []
    for key in keys:
        count, total = sums.get(key, (0, 0))
        if key in have:
            conn.execute(
                update(m)
                .where(m.streamer_id == key[0], m.month == key[1])
                .values(sessions=count, recorded_gmv_fen=total)
            )
        elif count:
            inserts.append(
                {
                    "streamer_id": key[0],
                    "month": key[1],
                    "sessions": count,
                    "recorded_gmv_fen": total,
                }
            )
    if inserts:
        conn.execute(insert(m), inserts)
