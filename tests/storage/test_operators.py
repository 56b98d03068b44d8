"""Who rode along, as storage reads it (issue 16): the library's operator
filter, the names the filters offer, and the streamers an operator rode along
with in a month (what the roster's operator filter lists), on SQLite and on
PostgreSQL. Sessions are stamped the way Genbo stamps them: by the
`Repository(db, operator)` that creates them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select, update

from app.core.library import NOT_SAID, LibraryQuery
from app.core.session import SessionDetail, SessionInfo, SessionStatus, SessionSummary
from app.storage.bulk import NewSession, insert_summaries
from app.storage.database import Database
from app.storage.models import SessionRow, StreamerRow
from app.storage.repository import Repository

BACKENDS = ("sqlite", "postgresql")


def at(y: int, mo: int, d: int, h: int = 20, mi: int = 0, offset_min: int = 480) -> int:
    tz = timezone(timedelta(minutes=offset_min))
    return int(datetime(y, mo, d, h, mi, tzinfo=tz).timestamp() * 1000)


def ride(
    db: Database,
    operator: str | None,
    streamer: str,
    started_ms: int,
    gmv_yuan: int = 1000,
    offset_min: int = 480,
) -> SessionInfo:
    """A session recorded by the Genbo of `operator` (None: nobody named), ended."""
    repo = Repository(db, operator)
    st = repo.get_or_create_streamer(streamer)
    info = repo.create_session(st, "", started_ms, offset_min)
    summary = SessionSummary(duration_s=3600, gmv_fen=gmv_yuan * 100)
    return repo.end_session(info.id, started_ms + 3_600_000, summary)


def ids(repo: Repository, **kw: object) -> list[int]:
    return [s.id for s in repo.query_sessions(LibraryQuery(**kw)).sessions]  # type: ignore[arg-type]


def test_the_library_filters_by_who_rode_along(db: Database, repo: Repository) -> None:
    a1 = ride(db, "alice", "小杨", at(2026, 3, 1))
    b1 = ride(db, "bob", "小杨", at(2026, 3, 2))
    a2 = ride(db, "alice", "阿珍", at(2026, 3, 3))
    nobody = ride(db, None, "阿珍", at(2026, 3, 4))
    gone = ride(db, "alice", "阿珍", at(2026, 3, 5))
    repo.trash_sessions([gone.id])
    assert (a1.operator, b1.operator, nobody.operator) == ("alice", "bob", None)

    assert ids(repo) == [nobody.id, a2.id, b1.id, a1.id]
    assert ids(repo, operator="alice") == [a2.id, a1.id], "the trash left out"
    assert ids(repo, operator="bob") == [b1.id]
    assert ids(repo, operator=NOT_SAID) == [nobody.id]
    assert ids(repo, operator="carol") == []
    assert ids(repo, operator="alice", trash=True) == [gone.id]
    assert ids(repo, operator="alice", text="阿珍") == [a2.id], "with the other filters"
    assert ids(repo, operator="alice", sort="started", descending=False) == [a1.id, a2.id]
    page = repo.query_sessions(LibraryQuery(operator="alice", limit=1))
    assert [s.id for s in page.sessions] == [a2.id] and page.total == 2, "counted over pages"
    page = repo.query_sessions(LibraryQuery(operator=NOT_SAID, limit=1, offset=0))
    assert page.total == 1
    # The CLI's list.
    assert [s.id for s in repo.list_sessions(operator="alice")] == [a2.id, a1.id]
    assert [s.id for s in repo.list_sessions(operator=NOT_SAID)] == [nobody.id]
    assert [s.operator for s in repo.list_sessions()] == [None, "alice", "bob", "alice"]


def test_a_day_range_with_an_operator_keeps_each_sessions_own_day(
    db: Database, repo: Repository
) -> None:
    """The day filter with an operator also bounds the start instants (so
    the operator's index gives the page in order): by the furthest offsets,
    so a session's own local day still decides."""
    # 23:30 on 31 March at UTC-10 is already 1 April in UTC: a March session.
    west = ride(db, "alice", "Ann", at(2026, 3, 31, 23, 30, offset_min=-600), offset_min=-600)
    # 00:30 on 1 April at UTC+14 is still 31 March in UTC: an April session.
    east = ride(db, "alice", "Ann", at(2026, 4, 1, 0, 30, offset_min=840), offset_min=840)
    # 23:59 on 31 March at UTC-12, the latest a March day ends anywhere.
    last = ride(db, "alice", "Ann", at(2026, 3, 31, 23, 59, offset_min=-720), offset_min=-720)
    # 00:00 on 1 March at UTC+14, the earliest a March day starts anywhere.
    first = ride(db, "alice", "Ann", at(2026, 3, 1, 0, 0, offset_min=840), offset_min=840)
    feb = ride(db, "alice", "Ann", at(2026, 2, 28, 23, 59, offset_min=840), offset_min=840)
    march = {"day_from": 20260301, "day_to": 20260331}
    assert set(ids(repo, operator="alice", **march)) == {west.id, last.id, first.id}
    assert ids(repo, operator="alice", day_from=20260401, day_to=20260430) == [east.id]
    assert ids(repo, operator="alice", day_to=20260228) == [feb.id]
    assert set(ids(repo, **march)) == {west.id, last.id, first.id}, "as without an operator"


def test_the_names_the_filters_offer(db: Database, repo: Repository) -> None:
    assert repo.operators() == [], "a single user's file names nobody"
    ride(db, None, "小杨", at(2026, 3, 1))
    assert repo.operators() == []
    for who in ("bob", "小王", "alice", "bob", "Alice"):
        ride(db, who, "小杨", at(2026, 3, 2))
    trashed = ride(db, "zoe", "小杨", at(2026, 3, 3))
    repo.trash_sessions([trashed.id])
    # Each once, in the database's order of names.
    names = repo.operators()
    assert len(names) == 5 and set(names) == {"bob", "小王", "alice", "Alice", "zoe"}
    assert names.index("alice") < names.index("bob") < names.index("zoe")


def test_names_are_stamped_as_given_once_trimmed(db: Database) -> None:
    assert ride(db, "  alice  smith ", "小杨", at(2026, 3, 1)).operator == "alice smith"
    assert ride(db, "   ", "小杨", at(2026, 3, 2)).operator is None, "blank is nobody"
    assert ride(db, "", "小杨", at(2026, 3, 3)).operator is None
    assert ride(db, "x" * 150, "小杨", at(2026, 3, 4)).operator == "x" * 100


def test_the_streamers_an_operator_rode_along_with_in_a_month(
    db: Database, repo: Repository
) -> None:
    yang, zhen, ann = (repo.get_or_create_streamer(n) for n in ("小杨", "阿珍", "Ann"))
    ride(db, "alice", "小杨", at(2026, 1, 5))
    ride(db, "bob", "小杨", at(2026, 1, 6))
    ride(db, "alice", "阿珍", at(2026, 2, 1))
    # 00:30 on 1 February in Beijing is 31 January in UTC: February's, by its own day.
    ride(db, "bob", "Ann", at(2026, 2, 1, 0, 30))
    # 23:30 on 31 January at UTC-10 is 1 February in UTC: January's.
    ride(db, "carol", "Ann", at(2026, 1, 31, 23, 30, offset_min=-600), offset_min=-600)
    ride(db, None, "阿珍", at(2026, 1, 20))
    gone = ride(db, "dave", "阿珍", at(2026, 1, 21))
    repo.trash_sessions([gone.id])
    assert repo.operator_streamers("alice", 202601) == {yang.id}
    assert repo.operator_streamers("alice", 202602) == {zhen.id}
    assert repo.operator_streamers("bob", 202601) == {yang.id}
    assert repo.operator_streamers("bob", 202602) == {ann.id}
    assert repo.operator_streamers("carol", 202601) == {ann.id}
    assert repo.operator_streamers("carol", 202602) == set()
    assert repo.operator_streamers(NOT_SAID, 202601) == {zhen.id}
    assert repo.operator_streamers("dave", 202601) == set(), "the trash left out"
    assert repo.operator_streamers("alice", 202512) == set()
    # December to January: the year turns.
    ride(db, "alice", "Ann", at(2025, 12, 31, 23, 0))
    assert repo.operator_streamers("alice", 202512) == {ann.id}


def test_a_live_session_is_listed_under_its_operator(db: Database, repo: Repository) -> None:
    live = Repository(db, "alice")
    info = live.create_session(live.get_or_create_streamer("小杨"), "", at(2026, 3, 1), 480)
    live.touch([info.id])
    (got,) = repo.query_sessions(LibraryQuery(operator="alice")).sessions
    assert got.id == info.id and got.status is SessionStatus.LIVE and got.operator == "alice"
    assert repo.operator_streamers("alice", 202603) == {info.streamer.id}


@pytest.mark.sqlite_only("reads SQLite's own query plans")
def test_the_operator_reads_come_from_its_index(db: Database, repo: Repository) -> None:
    """The library's page of one operator (with or without days), "Not
    said", the names and the month's streamers each read
    ix_live_sessions_operator, never the whole table."""
    # A team's quarter: 8 operators, 24 streamers, 90 days, half of it before
    # anyone was named (stored in bulk, then named as their Genbos would have).
    start = at(2026, 1, 1)
    items = [
        NewSession(
            streamer=f"主播{k}",
            title="",
            started_ms=start + day * 86_400_000 + k * 60_000,
            utc_offset_min=480,
            ended_ms=start + day * 86_400_000 + k * 60_000 + 3_600_000,
            summary=SessionSummary(duration_s=3600, gmv_fen=100_00),
            detail=SessionDetail.SUMMARY,
        )
        for day in range(90)
        for k in range(24)
    ]
    insert_summaries(repo, items)
    names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
    with db.engine.begin() as conn:
        for k, name in enumerate(names):
            conn.execute(
                update(SessionRow)
                .where(SessionRow.local_day >= 20260215)
                .where(
                    SessionRow.streamer_id.in_(
                        select(StreamerRow.id).where(
                            StreamerRow.name.in_([f"主播{k}", f"主播{k + 8}", f"主播{k + 16}"])
                        )
                    )
                )
                .values(operator=name)
            )
        conn.exec_driver_sql("ANALYZE")
    sent: list[tuple[str, object]] = []

    def seen(_conn: object, _cur: object, statement: str, params: object, *_a: object) -> None:
        sent.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        repo.query_sessions(LibraryQuery(operator="alice", limit=3))
        repo.query_sessions(LibraryQuery(operator="alice", day_from=20260301, day_to=20260331))
        repo.query_sessions(LibraryQuery(operator=NOT_SAID, limit=3))
        repo.operators()
        repo.operator_streamers("alice", 202603)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    path = db.engine.url.database
    assert path is not None
    raw = sqlite3.connect(path)
    plans = []
    for statement, params in sent:
        where = statement.partition("WHERE")[2]
        if "operator" not in where or "live_sessions.id IN" in where:
            continue  # not filtered by operator, or the page's rows read by id
        rows = raw.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()  # type: ignore[arg-type]
        plans.append((statement, " | ".join(str(r[3]) for r in rows)))
    raw.close()
    # Pages (ids, and the count of the first), the names, the month's streamers.
    assert len(plans) >= 6, plans
    for statement, plan in plans:
        assert "ix_live_sessions_operator" in plan, (statement, plan)
        assert "SCAN live_sessions" not in plan, (statement, plan)
