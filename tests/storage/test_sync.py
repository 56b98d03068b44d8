"""Copying histories between two Genbo databases (`app.storage.sync`), on
real files and a real PostgreSQL: a laptop's history to a team server and
back, run again (nothing copied twice), stopped and finished, two laptops
with the same streamer, and samples that are partly on both sides.

Histories are recorded with the real `Repository` and `DatabaseWriter`, and
compared with a reading of this test's own (every row field by field, every
series' points decoded chunk by chunk)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text

from app.core.ads import AdRow, WindowFigures
from app.core.highlights import EventRecord
from app.core.library import LibraryQuery
from app.core.metrics import Gap, Sample
from app.core.session import ScheduleSlot, SessionInfo, Streamer
from app.storage import chunks
from app.storage.ads import AdStore
from app.storage.database import Database, open_database, sqlite_url
from app.storage.repository import Repository
from app.storage.sync import SyncProgress, sync_databases
from app.storage.writer import DatabaseWriter
from tests import pg
from tests.storage import test_team_roles as roles

T0 = 1_700_000_000_000
METRICS13 = (
    "viewers", "dwell_seconds", "watch_uv", "watch_pv", "gmv", "orders", "buyers",
    "product_clicks", "new_followers", "likes", "comments", "ad_spend", "impressions",
)  # fmt: skip


@pytest.fixture
def server() -> Iterator[Database]:
    url, name = pg.fresh_database()
    db = open_database(url)
    yield db
    db.dispose()
    pg.drop_database(name)


def sqlite(path: Path) -> Database:
    return open_database(sqlite_url(path))


def values(i: int, metrics: tuple[str, ...]) -> dict[str, int]:
    return {m: (i * (k + 3)) % 997 + (i * 100 if m == "gmv" else 0) for k, m in enumerate(metrics)}


def write(
    db: Database,
    session: SessionInfo,
    source_id: int,
    first: int,
    last: int,
    *,
    hz: int = 10,
    metrics: tuple[str, ...] = METRICS13,
    events: tuple[EventRecord, ...] = (),
    gaps: tuple[Gap, ...] = (),
) -> None:
    """Samples `first`..`last - 1` through a real writer, a commit's worth at a time."""
    step = 1000 // hz
    w = DatabaseWriter(db, commit_interval_s=0.02)
    w.start()
    try:
        for i in range(first, last, 25):
            batch = [
                Sample(session.started_ms + j * step, values(j, metrics), "simulator")
                for j in range(i, min(i + 25, last))
            ]
            w.write_samples(session.id, source_id, batch)
        for e in events:
            w.write_event(session.id, e)
        for g in gaps:
            w.write_gap(session.id, source_id, g)
        assert w.flush(30, fold_session=session.id)
    finally:
        w.close()


def record(
    db: Database,
    streamer: Streamer,
    title: str,
    start: int,
    n: int,
    *,
    end: bool = True,
    operator: str | None = None,
    **kwargs: Any,
) -> SessionInfo:
    repo = Repository(db, operator)
    info = repo.create_session(streamer, title, start, 480)
    src = repo.add_source(info.id, "simulator", "Simulator", {"seed": 3})
    write(db, info, src.id, 0, n, **kwargs)
    if end:
        hz = kwargs.get("hz", 10)
        repo.end_session(info.id, start + n * 1000 // hz, repo.recompute_summary(info.id))
    return repo.get_session(info.id, settle=False)


# -- an independent reading -------------------------------------------------------------


def snapshot(db: Database) -> dict[str, Any]:
    """Everything a sync copies, keyed by unique ids and names (never by the
    database's own integer ids), read with plain SQL and `chunks.decode`."""
    with db.engine.connect() as conn:

        def rows(sql: str) -> list[dict[str, Any]]:
            return [dict(r) for r in conn.execute(text(sql)).mappings()]

        streamers = {r["id"]: r for r in rows("SELECT * FROM streamers")}
        sessions = {r["id"]: r for r in rows("SELECT * FROM live_sessions")}
        sources = {r["id"]: r for r in rows("SELECT * FROM sources")}
        out: dict[str, Any] = {
            "streamers": sorted(
                (r["name"], r["platform"], r["account_id"], r["notes"]) for r in streamers.values()
            ),
            "schedules": sorted(
                (streamers[r["streamer_id"]]["name"], r["weekday"], r["start_min"])
                for r in rows("SELECT * FROM streamer_schedules")
            ),
            "sessions": {},
            "sources": sorted(
                (
                    sessions[r["session_id"]]["uid"],
                    r["uid"],
                    r["kind"],
                    r["label"],
                    r["config_json"],
                )
                for r in sources.values()
            ),
            "series": {},
            "events": sorted(
                (
                    sessions[r["session_id"]]["uid"],
                    r["uid"],
                    r["ts_ms"],
                    r["kind"],
                    r["label"],
                    r["payload_json"],
                )
                for r in rows("SELECT * FROM events")
            ),
            "gaps": sorted(
                (
                    sessions[r["session_id"]]["uid"],
                    r["uid"],
                    None if r["source_id"] is None else sources[r["source_id"]]["uid"],
                    r["start_ms"],
                    r["end_ms"],
                    r["reason"],
                )
                for r in rows("SELECT * FROM gaps")
            ),
            "curves": sorted(
                (
                    sessions[r["session_id"]]["uid"],
                    r["metric"],
                    chunks.decode(r["value_data"], r["encoding"], r["minutes"]).tolist(),
                )
                for r in rows("SELECT * FROM minute_curves")
            ),
            "months": sorted(
                (
                    streamers[r["streamer_id"]]["name"],
                    r["month"],
                    r["sessions"],
                    r["recorded_gmv_fen"],
                    r["platform_gmv_fen"],
                    r["platform_updated_ms"],
                )
                # (a month whose sessions all went to the trash keeps a row of zeros)
                for r in rows("SELECT * FROM streamer_months")
                if r["sessions"] or r["platform_updated_ms"] is not None
            ),
            "ads": sorted(
                (
                    r["uid"],
                    r["platform"],
                    r["account_id"],
                    r["day"],
                    # a session's typed figures name it by its own id: by its uid here
                    sessions[r["session_id"]]["uid"] if r["session_id"] else r["plan_id"],
                    streamers[r["streamer_id"]]["name"],
                    r["spend_fen"],
                    r["t7_gmv_fen"],
                    r["as_of_day"],
                )
                for r in rows("SELECT * FROM ad_report_rows")
            ),
        }
        for r in sessions.values():
            row = {k: v for k, v in r.items() if k not in ("id", "streamer_id")}
            row["streamer"] = streamers[r["streamer_id"]]["name"]
            out["sessions"][r["uid"]] = row
        series: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
        for r in rows("SELECT * FROM sample_chunks ORDER BY id"):
            ts = chunks.decode(r["ts_data"], r["encoding"], r["count"]).tolist()
            vs = chunks.decode(r["value_data"], r["encoding"], r["count"]).tolist()
            assert r["first_ms"] == min(ts) and r["count"] == len(ts)
            key = (sessions[r["session_id"]]["uid"], sources[r["source_id"]]["uid"], r["metric"])
            series.setdefault(key, []).extend(zip(ts, vs, strict=True))
        for key, points in series.items():
            assert len({t for t, _ in points}) == len(points), f"a point twice in {key}"
            out["series"][key] = sorted(points)
    return out


def assert_same(a: Database, b: Database) -> dict[str, Any]:
    sa, sb = snapshot(a), snapshot(b)
    for part in sa:
        assert sa[part] == sb[part], part
    return sa


# -- a laptop's history ---------------------------------------------------------------------


def laptop_history(db: Database, t0: int = T0) -> dict[str, SessionInfo]:
    """Three sessions of two streamers from `t0` on: a two-minute 10 Hz show
    with 13 metrics, highlights, a gap, minute curves, typed and imported ad
    figures and a platform month; one in the trash with notes and tags; one
    still live."""
    repo = Repository(db, "小王")
    yang = repo.create_streamer(
        "杨小姐", "douyin", "dy-1", notes="周末场", schedule=[ScheduleSlot(None, 20 * 60, 480)]
    )
    lily = repo.get_or_create_streamer("Lily 莉莉")
    big = record(
        db,
        yang,
        "双11 大场",
        t0,
        1200,
        operator="小王",
        events=(
            EventRecord("ev-1", t0 + 5_000, "highlight", "讲解爆款", {"note": "好"}),
            EventRecord("ev-2", t0 + 60_000, "milestone", "GMV ¥1万", {"value": 10000}),
        ),
        gaps=(Gap("simulator", t0 + 30_000, t0 + 31_000, "HTTP 503"),),
    )
    curves = {"gmv": [0, 7], "viewers": [5, chunks.MISSING]}
    repo.save_minute_curves(big.id, {k: np.array(v, dtype=np.int64) for k, v in curves.items()})
    trashed = record(db, lily, "早场", t0 + 86_400_000, 120, hz=1, metrics=("viewers", "gmv"))
    repo.set_session_notes(trashed.id, "试播")
    repo.set_session_tags(trashed.id, ["测试", "早场"])
    repo.trash_sessions([trashed.id], when_ms=t0 + 90_000_000)
    day = date.fromtimestamp(t0 / 1000)
    live = record(db, yang, "夜场", t0 + 2 * 86_400_000, 300, end=False)
    ads = AdStore(db)
    figures = {"direct": WindowFigures(50_00, 2), "t7": WindowFigures(80_00, 3)}
    ads.upsert(
        [(AdRow("douyin", day, "p-1", "计划一", "dy-1", "杨小姐", 30_00, figures), yang.id)],
        day,
    )  # fmt: skip
    ads.set_typed(big.id, "douyin", 12_00, {"t7": WindowFigures(40_00, 1)})
    repo.set_platform_gmv(yang.id, big.local_day // 100, 123_456_00)
    return {"big": repo.get_session(big.id, settle=False), "trashed": trashed, "live": live}


def test_a_laptop_to_postgresql_and_back_to_a_file(tmp_path: Path, server: Database) -> None:
    laptop = sqlite(tmp_path / "laptop.db")
    made = laptop_history(laptop)
    seen: list[SyncProgress] = []
    result = sync_databases(laptop, server, progress=seen.append)
    assert (result.sessions_new, result.sessions_updated, result.sessions_unchanged) == (3, 0, 0)
    assert result.samples == 1200 + 120 + 300
    assert (result.events, result.gaps, result.streamers_new, result.ad_rows) == (2, 1, 2, 2)
    assert not result.cancelled and result.sessions_total == 3
    assert seen[0].sessions_done == 0 and seen[-1].sessions_done == 3
    assert seen[-1].samples_copied == result.samples
    assert any(p.current == "杨小姐 · 双11 大场" for p in seen)
    copied = assert_same(laptop, server)
    # The samples went in as the writer's folds store them: full compressed chunks.
    with server.engine.connect() as conn:
        counts = conn.execute(text("SELECT encoding, count FROM sample_chunks")).all()
    assert {e for e, _ in counts} == {chunks.ZLIB_DELTA}
    assert sum(1 for _, n in counts if n < chunks.CHUNK_POINTS) <= 13 * 3 + 2
    trashed = copied["sessions"][made["trashed"].uid]
    assert trashed["deleted_ms"] == T0 + 90_000_000 and trashed["notes"] == "试播"
    assert copied["sessions"][made["live"].uid]["status"] == "live"
    assert copied["sessions"][made["big"].uid]["operator"] == "小王"
    # What the library and the roster read on the server says the same.
    team = Repository(server)
    big = team.get_session(
        next(s.id for s in team.list_sessions() if s.uid == made["big"].uid), settle=False
    )
    assert big.summary == made["big"].summary and big.streamer.account_id == "dy-1"
    assert team.load_series(big.id)["gmv"].raw.tolist() == [
        values(i, METRICS13)["gmv"] for i in range(1200)
    ]

    again = sync_databases(laptop, server)
    assert again.samples == 0 and again.sessions_unchanged == 3
    assert (again.sessions_new, again.sessions_updated, again.events, again.gaps) == (0, 0, 0, 0)
    assert (again.streamers_new, again.ad_rows) == (0, 0)
    assert_same(laptop, server)

    # A local copy of the server, for working offline.
    home = sqlite(tmp_path / "home.db")
    back = sync_databases(server, home)
    assert (back.sessions_new, back.samples, back.ad_rows) == (3, result.samples, 2)
    assert_same(server, home)
    assert sync_databases(server, home).samples == 0
    for db in (laptop, home):
        db.dispose()


def test_a_run_stopped_after_one_session_is_finished_by_the_next(
    tmp_path: Path, server: Database
) -> None:
    laptop = sqlite(tmp_path / "laptop.db")
    made = laptop_history(laptop)
    cancel = threading.Event()

    def stop_after_one(p: SyncProgress) -> None:
        if p.sessions_done >= 1:
            cancel.set()

    first = sync_databases(laptop, server, progress=stop_after_one, cancel=cancel)
    assert first.cancelled and first.sessions_done == 1 and first.sessions_new == 1
    assert first.ad_rows == 0, "ad rows and months come once every session is there"
    # What is there is whole: the first session (by start), as the laptop has it.
    on_server, on_laptop = snapshot(server), snapshot(laptop)
    assert list(on_server["sessions"]) == [made["big"].uid]
    uid = made["big"].uid
    assert on_server["sessions"][uid] == on_laptop["sessions"][uid]
    for part in ("events", "gaps", "sources", "curves"):
        assert on_server[part] == [x for x in on_laptop[part] if x[0] == uid], part
    assert on_server["series"] == {k: v for k, v in on_laptop["series"].items() if k[0] == uid}

    rest = sync_databases(laptop, server)
    assert not rest.cancelled
    assert (rest.sessions_new, rest.sessions_unchanged) == (2, 1)
    assert rest.samples == 120 + 300 and rest.ad_rows == 2
    assert_same(laptop, server)
    laptop.dispose()


def test_two_laptops_with_the_same_streamer_end_as_one_row(
    tmp_path: Path, server: Database
) -> None:
    a, b = sqlite(tmp_path / "a.db"), sqlite(tmp_path / "b.db")
    ra, rb = Repository(a, "阿明"), Repository(b, "小红")
    # The same account under two names, a name without an account on both,
    # and one name that is two people (two accounts).
    yang_a = ra.create_streamer("杨小姐", "douyin", "dy-1")
    yang_b = rb.create_streamer("小杨", "douyin", "dy-1", schedule=[ScheduleSlot(5, 19 * 60, 480)])
    short = {"hz": 1, "metrics": ("viewers", "gmv")}
    record(a, yang_a, "A 的场", T0, 60, operator="阿明", **short)
    record(b, yang_b, "B 的场", T0 + 3_600_000, 60, operator="小红", **short)
    record(a, ra.get_or_create_streamer("Lily"), "A", T0, 30, operator="阿明", **short)
    record(b, rb.get_or_create_streamer("Lily"), "B", T0 + 1, 30, operator="小红", **short)
    record(a, ra.create_streamer("王姐", "douyin", "dy-2"), "A", T0, 10, operator="阿明", **short)
    record(b, rb.create_streamer("王姐", "douyin", "dy-3"), "B", T0, 10, operator="小红", **short)

    # Both at once: the one that adds a streamer second finds it there.
    results = {}

    def run(name: str, db: Database) -> None:
        results[name] = sync_databases(db, server)

    threads = [threading.Thread(target=run, args=x) for x in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results["a"].sessions_new == results["b"].sessions_new == 3
    assert results["a"].streamers_new + results["b"].streamers_new == 4

    team = Repository(server)
    streamers = {s.name: s for s in team.list_streamers()}
    assert len(streamers) == 4, sorted(streamers)
    yang = next(s for s in streamers.values() if s.account_id == "dy-1")
    assert yang.schedule == (ScheduleSlot(5, 19 * 60, 480),), "B's schedule: A's row had none"
    assert sorted(s.title for s in team.list_sessions(yang.id)) == ["A 的场", "B 的场"]
    assert sorted(s.title for s in team.list_sessions(streamers["Lily"].id)) == ["A", "B"]
    wang = sorted((s.account_id, s.name) for s in streamers.values() if s.name.startswith("王姐"))
    assert [acc for acc, _ in wang] == ["dy-2", "dy-3"] and len({n for _, n in wang}) == 2
    assert {s.operator for s in team.list_sessions()} == {"阿明", "小红"}
    # Again: nothing new, still one row each.
    assert sync_databases(b, server).streamers_new == 0
    assert len(team.list_streamers()) == 4
    for db in (a, b):
        db.dispose()


def test_samples_partly_on_the_server_already_are_never_stored_twice(
    tmp_path: Path, server: Database
) -> None:
    laptop = sqlite(tmp_path / "laptop.db")
    repo = Repository(laptop)
    streamer = repo.get_or_create_streamer("杨小姐")
    live = repo.create_session(streamer, "夜场", T0, 480)
    src = repo.add_source(live.id, "simulator", "Simulator")
    write(laptop, live, src.id, 0, 300)
    first = sync_databases(laptop, server)  # while it is being recorded
    assert first.samples == 300

    # The laptop records on (300..599); meanwhile the server got 300..399 of
    # the same session from elsewhere (as a recorder that was online would
    # have sent them) and 650..699, which the laptop never had.
    write(laptop, live, src.id, 300, 600)
    team = Repository(server)
    (there,) = team.list_sessions()
    (there_src,) = team.sources(there.id)
    write(server, there, there_src.id, 300, 400)
    write(server, there, there_src.id, 650, 700)
    repo.end_session(live.id, T0 + 60_000, repo.recompute_summary(live.id))

    second = sync_databases(laptop, server)
    assert second.sessions_updated == 1
    assert second.samples == 200, "only 400..599: 300..399 were there"
    series = snapshot(server)["series"]  # asserts no point is there twice
    assert len(series) == 13
    expected = [
        (T0 + i * 100, values(i, METRICS13)["gmv"]) for i in [*range(600), *range(650, 700)]
    ]
    assert series[(live.uid, src_uid(laptop), "gmv")] == expected
    # The row tells what the server holds: recounted from both sides' samples.
    info = team.get_session(there.id, settle=False)
    assert info.summary.sample_count == 650 == team.sample_count(there.id)
    assert info.summary.gmv_fen == values(699, METRICS13)["gmv"]
    assert info.ended_ms == T0 + 60_000 and info.status.value == "ended"

    third = sync_databases(laptop, server)
    assert third.samples == 0
    laptop.dispose()


def src_uid(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT uid FROM sources")).scalar_one())


def test_a_row_merges_field_by_field(tmp_path: Path, server: Database) -> None:
    """The library's fields come from the laptop only where the server's are
    empty; the recorder's from the side with more samples."""
    laptop = sqlite(tmp_path / "laptop.db")
    repo, team = Repository(laptop), Repository(server)
    streamer = repo.get_or_create_streamer("杨小姐")
    short = {"hz": 1, "metrics": ("viewers", "gmv")}
    one = record(laptop, streamer, "早场", T0, 20, **short)
    two = record(laptop, streamer, "夜场", T0 + 86_400_000, 20, **short)
    sync_databases(laptop, server)
    ids = {s.uid: s.id for s in team.list_sessions()}
    team.set_session_notes(ids[one.uid], "服务器上写的")
    repo.set_session_notes(one.id, "笔记本上写的")
    repo.set_session_tags(two.id, ["大场"])
    repo.trash_sessions([two.id])

    result = sync_databases(laptop, server)
    assert (result.sessions_updated, result.sessions_unchanged, result.samples) == (1, 1, 0)
    assert team.get_session(ids[one.uid]).notes == "服务器上写的", "never overwritten"
    moved = team.get_session(ids[two.uid])
    assert moved.tags == ("大场",) and moved.deleted_ms is not None
    assert [s.uid for s in team.list_sessions()] == [one.uid], "in the server's trash too"
    assert team.query_sessions(LibraryQuery(text="大场", trash=True)).total == 1

    # Only some sessions (the offline spool's way): those, and nothing else.
    three = record(laptop, streamer, "加场", T0 + 2 * 86_400_000, 20, **short)
    record(laptop, repo.get_or_create_streamer("Lily"), "别人的", T0, 20, **short)
    only = sync_databases(laptop, server, session_uids={three.uid})
    assert (only.sessions_total, only.sessions_new, only.streamers_new) == (1, 1, 0)
    assert "Lily" not in {s.name for s in team.list_streamers()}
    laptop.dispose()


def test_rows_without_a_uid_are_matched_by_their_natural_keys(
    tmp_path: Path, server: Database
) -> None:
    """Sources, events, gaps and ad rows a recovery rebuilt have no uid: they
    are matched by what they are, given one on the server, and never doubled."""
    laptop = sqlite(tmp_path / "laptop.db")
    made = laptop_history(laptop)
    with laptop.engine.begin() as conn:
        for table in ("sources", "events", "gaps", "ad_report_rows"):
            conn.execute(text(f"UPDATE {table} SET uid = NULL"))
    first = sync_databases(laptop, server)
    assert (first.events, first.gaps, first.ad_rows) == (2, 1, 2)
    with server.engine.begin() as conn:
        counts = {
            t: conn.execute(text(f"SELECT count(*), count(uid) FROM {t}")).one()
            for t in ("sources", "events", "gaps", "ad_report_rows")
        }
        assert counts == {"sources": (3, 3), "events": (2, 2), "gaps": (1, 1),
                          "ad_report_rows": (2, 2)}  # fmt: skip
        # And the other way: the server's row lost its uid, the laptop's has one.
        conn.execute(text("UPDATE sources SET uid = NULL"))
    with laptop.engine.begin() as conn:
        conn.execute(text("UPDATE sources SET uid = 'src-' || id"))
        # a change, so the sessions are looked at again
        conn.execute(text("UPDATE live_sessions SET ended_ms = coalesce(ended_ms, 0) + 1"))
    again = sync_databases(laptop, server)
    assert (again.samples, again.events, again.gaps, again.ad_rows) == (0, 0, 0, 0)
    assert again.sessions_updated == 3
    with server.engine.connect() as conn:
        uids = conn.execute(text("SELECT uid FROM sources ORDER BY uid")).scalars().all()
        assert uids == ["src-1", "src-2", "src-3"]
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 2
    assert made["big"].uid in snapshot(server)["sessions"]
    laptop.dispose()


team = roles.team
"""The README's roles on a real PostgreSQL (`tests/storage/test_team_roles.py`)."""


def test_an_operator_copies_her_own_sessions_and_leaves_the_rest(
    tmp_path: Path, team: roles.Team
) -> None:
    """As `alice` (an operator login): her sessions go in; one stamped with
    nobody, and her notes on bob's session, are refused by the server's
    rules and left out (counted, tried again next time) without stopping
    the rest; the streamer bob added gets her schedule (operators may add
    that) but not her notes (only the owner changes a streamer)."""
    server, owner = team.db("alice"), team.db("genbo_owner")
    bobs = roles.record(team.db("bob"), "bob", "杨小姐")
    laptop = sqlite(tmp_path / "alice.db")
    repo = Repository(laptop, "alice")
    yang = repo.create_streamer("杨小姐", notes="周末场", schedule=[ScheduleSlot(None, 1200, 480)])
    short = {"hz": 1, "metrics": ("viewers", "gmv")}
    mine = record(laptop, yang, "alice 的场", T0, 60, operator="alice", **short)
    nobodys = record(laptop, yang, "以前的场", T0 + 86_400_000, 60, **short)
    assert sync_databases(server, laptop).sessions_new == 1  # bob's, to work offline
    (copy,) = [s for s in repo.list_sessions() if s.operator == "bob"]
    repo.set_session_notes(copy.id, "alice 写的")

    result = sync_databases(laptop, server)
    assert (result.sessions_new, result.sessions_refused, result.samples) == (1, 2, 60)
    assert result.sessions_done == result.sessions_total == 3 and not result.cancelled
    team_repo = Repository(owner)
    assert {s.uid for s in team_repo.list_sessions()} == {mine.uid, copy.uid}
    assert nobodys.uid not in {s.uid for s in team_repo.list_sessions()}
    assert team_repo.get_session(bobs, settle=False).notes == ""
    (streamer,) = team_repo.list_streamers()
    assert streamer.schedule == (ScheduleSlot(None, 1200, 480),) and streamer.notes == ""
    mine_there = next(s for s in team_repo.list_sessions() if s.uid == mine.uid)
    assert team_repo.sample_count(mine_there.id) == 60 and mine_there.operator == "alice"

    again = sync_databases(laptop, server)
    assert (again.sessions_new, again.sessions_refused, again.samples) == (0, 2, 0)
    # `genbo sync --as alice`: the session nobody is named on becomes hers and
    # goes in; bob's stays his (her notes on it are still refused).
    claimed = sync_databases(laptop, server, claim="alice")
    assert (claimed.sessions_new, claimed.sessions_refused, claimed.samples) == (1, 1, 60)
    there = next(s for s in team_repo.list_sessions() if s.uid == nobodys.uid)
    assert there.operator == "alice" and team_repo.sample_count(there.id) == 60
    assert team_repo.get_session(bobs, settle=False).operator == "bob"
    laptop.dispose()
