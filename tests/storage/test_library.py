"""The library's storage: queries, trash, notes, streamers and their
schedules, month sums, whole-session inserts and minute curves."""

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from alembic import command

from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.highlights import EventRecord
from app.core.library import LibraryQuery, StreamerMonth
from app.core.metrics import EVERY_SOURCE, NOT_RUNNING, Gap, Sample
from app.core.session import ScheduleSlot, SessionDetail, SessionStatus, SessionSummary
from app.storage import chunks
from app.storage.bulk import DuplicateSessionError, NewSession, insert_session, insert_summaries
from app.storage.database import (
    SCHEMA_HEAD,
    StorageError,
    _alembic_config,
    open_database,
    sqlite_url,
)
from app.storage.repository import Repository

BACKENDS = ("sqlite", "postgresql")
"""Every test here runs on both engines: portable SQL is proven, not assumed."""

CST = timezone(timedelta(hours=8))


def ms(y: int, mo: int, d: int, h: int = 20, mi: int = 0) -> int:
    return int(datetime(y, mo, d, h, mi, tzinfo=CST).timestamp() * 1000)


def summary(gmv_yuan: int, **kw) -> SessionSummary:
    return SessionSummary(duration_s=3600, gmv_fen=gmv_yuan * 100, **kw)


def add(repo, name, started, gmv_yuan, title="", platform=None, **kw):
    return insert_session(
        repo,
        NewSession(
            streamer=name,
            platform=platform,
            title=title,
            started_ms=started,
            utc_offset_min=480,
            ended_ms=started + 3_600_000,
            summary=summary(gmv_yuan, **kw),
            detail=SessionDetail.SUMMARY,
        ),
    )


def test_query_filters_sorts_and_pages(repo) -> None:
    a = add(repo, "小杨", ms(2026, 11, 1), 1000, "早场 美妆", platform="douyin", orders=5)
    b = add(repo, "小杨", ms(2026, 11, 2), 3000, "晚场", platform="douyin", orders=None)
    c = add(repo, "Ann", ms(2026, 11, 3), 2000, "Night show", platform="twitch", orders=9)
    repo.set_session_tags(b.id, ["爆款", "返场"])

    def ids(**kw):
        return [s.id for s in repo.query_sessions(LibraryQuery(**kw)).sessions]

    assert ids() == [c.id, b.id, a.id]
    assert ids(text="小杨") == [b.id, a.id]
    assert ids(text="NIGHT") == [c.id], "case-insensitive"
    assert ids(text="爆款") == [b.id], "tags are searched"
    assert ids(text="%") == [], "LIKE characters are literal"
    assert ids(platform="twitch") == [c.id]
    assert ids(day_from=20261102, day_to=20261102) == [b.id]
    assert ids(sort="gmv") == [b.id, c.id, a.id]
    assert ids(sort="gmv", descending=False) == [a.id, c.id, b.id]
    assert ids(sort="orders", descending=False) == [a.id, c.id, b.id], "no value sorts last"
    assert ids(sort="orders") == [c.id, a.id, b.id], "no value sorts last either way"
    assert ids(sort="streamer", descending=False) == [c.id, b.id, a.id]
    page = repo.query_sessions(LibraryQuery(limit=2, offset=2))
    assert [s.id for s in page.sessions] == [a.id] and page.total == 3
    assert ids(statuses=frozenset({SessionStatus.ENDED})) == [c.id, b.id, a.id]
    assert ids(statuses=frozenset({SessionStatus.LIVE})) == []
    assert repo.platforms() == ["douyin", "twitch"]
    with pytest.raises(ValueError, match="cannot sort by"):
        LibraryQuery(sort="nonsense")


def test_rename_notes_and_tags_are_stored(repo) -> None:
    a = add(repo, "小杨", ms(2026, 11, 1), 1000, "old")
    repo.rename_session(a.id, "  双11   返场 ")
    repo.set_session_notes(a.id, "开场太慢；福袋有效\n")
    repo.set_session_tags(a.id, ["福袋", " 福袋 ", "", "返场"])
    got = repo.get_session(a.id)
    assert (got.title, got.notes, got.tags) == ("双11 返场", "开场太慢；福袋有效", ("福袋", "返场"))


def test_trash_undo_and_purge(repo) -> None:
    a = add(repo, "小杨", ms(2026, 11, 1), 1000)
    b = add(repo, "小杨", ms(2026, 11, 2), 3000)
    repo.trash_sessions([a.id], when_ms=ms(2026, 11, 3))
    assert [s.id for s in repo.list_sessions()] == [b.id]
    assert [s.id for s in repo.query_sessions(LibraryQuery(trash=True)).sessions] == [a.id]
    assert repo.month_totals(202611)[0].recorded_gmv_fen == 300_000
    repo.restore_sessions([a.id])
    assert repo.month_totals(202611)[0].recorded_gmv_fen == 400_000
    repo.trash_sessions([a.id, b.id], when_ms=ms(2026, 11, 3))
    assert repo.purge_trash(older_than_ms=ms(2026, 11, 2)) == 0, "not 30 days old yet"
    assert repo.purge_trash(older_than_ms=ms(2026, 12, 3)) == 2
    assert repo.query_sessions(LibraryQuery(trash=True)).total == 0
    with pytest.raises(StorageError, match="no session"):
        repo.get_session(a.id)
    assert repo.month_totals(202611) == []


def test_a_session_being_recorded_cannot_be_trashed(repo) -> None:
    live = repo.create_session(repo.get_or_create_streamer("小杨"), "live", ms(2026, 11, 1), 480)
    with pytest.raises(StorageError, match="being recorded"):
        repo.trash_sessions([live.id])


def test_streamers_with_accounts_schedules_and_archive(repo) -> None:
    s = repo.create_streamer(
        "小杨", "douyin", "dy123", "美妆", schedule=(ScheduleSlot(None, 6 * 60 + 30, 480),)
    )
    assert s.uid and s.schedule == (ScheduleSlot(None, 390, 480),)
    with pytest.raises(StorageError, match="already a streamer named"):
        repo.create_streamer("小杨")
    with pytest.raises(StorageError, match="already 小杨's"):
        repo.create_streamer("Other", "douyin", "dy123")
    repo.create_streamer("Other", "kuaishou", "dy123")  # another platform's account
    edited = repo.update_streamer(
        type(s)(
            id=s.id,
            name="小杨哥",
            platform="douyin",
            account_id="dy123",
            notes="",
            archived=True,
            uid=s.uid,
            schedule=(ScheduleSlot(None, 390, 480), ScheduleSlot(5, 600, 480)),
        )
    )
    assert edited.name == "小杨哥" and edited.archived and len(edited.schedule) == 2
    assert [x.name for x in repo.list_streamers(include_archived=False)] == ["Other"]
    assert repo.get_streamer(s.id) == edited
    # A session records the plan it answers to: 06:42 on a Tuesday is 12 min late.
    info = repo.create_session(edited, "早场", ms(2026, 12, 1, 6, 42), 480)
    assert info.late_s == 12 * 60
    # Saturday has its own slot at 10:00.
    info = repo.create_session(edited, "周六", ms(2026, 12, 5, 9, 55), 480)
    assert info.late_s == -5 * 60


def test_month_sums_follow_live_sessions_and_platform_figures(repo, writer) -> None:
    streamer = repo.get_or_create_streamer("小杨")
    live = repo.create_session(streamer, "live", ms(2026, 11, 30, 23, 0), 480)
    assert repo.month_totals(202611) == [StreamerMonth(streamer.id, 202611, 1, 0)]
    writer.update_summary(live.id, SessionSummary(duration_s=60, gmv_fen=12345))
    assert writer.flush()
    assert repo.month_totals(202611)[0].recorded_gmv_fen == 12345
    repo.end_session(live.id, ms(2026, 12, 1, 1, 0), SessionSummary(gmv_fen=99_00))
    # Counted in the month it started in (its own offset), not the one it ended in.
    assert repo.month_totals(202611)[0].recorded_gmv_fen == 9900
    assert repo.month_totals(202612) == []
    repo.set_platform_gmv(streamer.id, 202612, 5_000_000_00)
    assert repo.month_totals(202612) == [
        StreamerMonth(streamer.id, 202612, 0, 0, 5_000_000_00, "typed")
    ]
    repo.set_platform_gmv(streamer.id, 202612, None)
    assert repo.month_totals(202612) == []
    with pytest.raises(StorageError, match="not a month"):
        repo.set_platform_gmv(streamer.id, 202613, 1)
    assert [m.month for m in repo.months(202601, 202612)] == [202611]


def test_insert_session_keeps_samples_events_and_gaps(repo) -> None:
    t = np.arange(0, 2000, dtype=np.int64) * 1000 + ms(2026, 11, 1)
    cols = SessionColumns(
        (
            SourceColumns(
                "http",
                {"viewers": Column(t, np.arange(2000) % 97), "gmv": Column(t, np.arange(2000) * 3)},
            ),
            SourceColumns("manual", {"gmv": Column(t[:1] + 500, np.array([7], dtype=np.int64))}),
        )
    )
    events = [EventRecord("e-1", int(t[5]), "highlight", "爆单", {"title": "爆单", "note": ""})]
    gaps = [
        Gap("http", int(t[10]), int(t[20]), "timeout"),
        Gap(EVERY_SOURCE, int(t[30]), int(t[40]), NOT_RUNNING),
    ]
    new = NewSession(
        streamer="小杨",
        title="导入",
        started_ms=int(t[0]),
        utc_offset_min=480,
        ended_ms=int(t[-1]),
        summary=summary(6000),
        uid="11111111-2222-3333-4444-555555555555",
        columns=cols,
        events=events,
        gaps=gaps,
        tags=["导入"],
    )
    info = insert_session(repo, new)
    assert info.uid == new.uid and info.status is SessionStatus.ENDED and info.tags == ("导入",)
    back = repo.load_columns(info.id)
    assert [s.source for s in back.sources] == ["http", "manual"]
    for a, b in zip(cols.sources, back.sources, strict=True):
        for key in a.series:
            assert np.array_equal(a.series[key].ts_ms, b.series[key].ts_ms)
            assert np.array_equal(a.series[key].raw, b.series[key].raw)
    assert repo.load_events(info.id) == events
    assert repo.load_gaps(info.id) == gaps
    with pytest.raises(DuplicateSessionError, match=f"session {info.id}"):
        insert_session(repo, new)


def test_insert_summaries_in_bulk(repo) -> None:
    items = [
        NewSession(f"主播{i % 60}", "", ms(2026, 1 + i % 12, 1 + i % 28), 480, None, summary(i))
        for i in range(600)
    ]
    assert insert_summaries(repo, items) == 600
    months = repo.months(202601, 202612)
    assert sum(m.sessions for m in months) == 600
    assert sum(m.recorded_gmv_fen for m in months) == sum(i * 100 for i in range(600))
    assert len(repo.list_streamers()) == 60


def test_minute_curves_round_trip(repo) -> None:
    a = add(repo, "小杨", ms(2026, 11, 1), 1000)
    gmv = np.array([0, 100, chunks.MISSING, 400], dtype=np.int64)
    repo.save_minute_curves(a.id, {"gmv": gmv, "viewers": np.array([5, 6], dtype=np.int64)})
    got = repo.load_minute_curves([a.id, 999], ["gmv"])
    assert list(got) == [a.id] and np.array_equal(got[a.id]["gmv"], gmv)
    repo.save_minute_curves(a.id, {"gmv": gmv[:2]})
    assert list(repo.load_minute_curves([a.id])[a.id]) == ["gmv"]


def test_old_summaries_are_recomputed_from_samples(repo, writer) -> None:
    info = repo.create_session(repo.get_or_create_streamer("小杨"), "old", ms(2026, 11, 1), 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    t0 = info.started_ms
    writer.write_samples(
        info.id,
        src.id,
        [
            Sample(t0 + 1000, {"viewers": 100, "orders": 1, "ad_spend": 500}, "simulator"),
            Sample(t0 + 61000, {"viewers": 300, "orders": 4, "ad_spend": 900}, "simulator"),
        ],
    )
    assert writer.flush()
    repo.end_session(info.id, t0 + 120_000, SessionSummary(duration_s=120))
    with repo.db.engine.begin() as conn:  # as a row stored before schema 0004 reads
        conn.exec_driver_sql("UPDATE live_sessions SET summary_version = 0, orders = NULL")
    assert repo.refresh_old_summaries() == 1
    got = repo.get_session(info.id).summary
    assert (got.orders, got.spend_fen, got.avg_viewers, got.duration_s) == (4, 900, 100, 120)
    assert repo.refresh_old_summaries() == 0


def test_migration_from_0003_fills_the_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    cfg = _alembic_config()
    cfg.set_main_option("sqlalchemy.url", sqlite_url(path))
    command.upgrade(cfg, "0003")
    with sqlite3.connect(path) as conn:
        conn.execute("insert into streamers (name, created_ms) values ('老主播', 1)")
        # 2026-11-30 23:30 at +08:00 is still November there (UTC: 15:30).
        late = int(datetime(2026, 11, 30, 15, 30, tzinfo=UTC).timestamp() * 1000)
        for started, gmv in ((late, 500), (late - 86_400_000, 700)):
            conn.execute(
                "insert into live_sessions (streamer_id, title, started_ms, utc_offset_min, "
                "status, app_version, duration_s, sample_count, gmv_fen) "
                "values (1, 'old', ?, 480, 'ended', '0.1', 120, 0, ?)",
                (started, gmv),
            )
    db = open_database(sqlite_url(path))
    try:
        repo = Repository(db)
        sessions = repo.list_sessions()
        assert len({s.uid for s in sessions}) == 2 and all(len(s.uid) == 36 for s in sessions)
        assert [s.local_day for s in sessions] == [20261130, 20261129]
        assert repo.month_totals(202611) == [StreamerMonth(1, 202611, 2, 1200)]
        streamer = repo.list_streamers()[0]
        assert streamer.uid and not streamer.archived and streamer.notes == ""
        with sqlite3.connect(path) as conn:
            assert (
                conn.execute("select version_num from alembic_version").fetchone()[0] == SCHEMA_HEAD
            )
    finally:
        db.dispose()


def test_search_follows_renames_and_new_tags(repo) -> None:
    a = add(repo, "小杨", ms(2026, 11, 1), 1000, "早场")

    def found(text: str) -> list[int]:
        return [s.id for s in repo.query_sessions(LibraryQuery(text=text)).sessions]

    assert found("小杨") == [a.id] and found("早场") == [a.id]
    repo.update_streamer(replace(repo.get_streamer(a.streamer.id), name="Yang Studio"))
    assert found("小杨") == [] and found("yang studio") == [a.id] and found("STUDIO") == [a.id]
    repo.rename_session(a.id, "晚场 Special")
    assert found("早场") == [] and found("special") == [a.id]
    repo.set_session_tags(a.id, ["福袋"])
    assert found("福袋") == [a.id] and found("#福袋") == [a.id], "a tag typed with its #"
    assert found("yang  福袋") == [a.id], "every word, each anywhere"
    assert found("yang 早场") == []
    # A count and a page that agree, whatever the page.
    for i in range(5):
        add(repo, "小杨2", ms(2026, 11, 2 + i), 10, f"福袋场 {i}")
    page = repo.query_sessions(LibraryQuery(text="福袋", limit=2, offset=4))
    assert page.total == 6 and [s.title for s in page.sessions] == ["福袋场 0", "晚场 Special"]
    assert repo.query_sessions(LibraryQuery(text="福袋", limit=2, offset=10)).total == 6


@pytest.mark.sqlite_only("the damage is written with an SQLite blob literal")
def test_a_damaged_session_keeps_its_old_figures_and_the_others_are_recomputed(
    repo, writer
) -> None:
    ids = []
    for k in range(2):
        info = repo.create_session(
            repo.get_or_create_streamer("小杨"), f"s{k}", ms(2026, 11, 1 + k), 480
        )
        src = repo.add_source(info.id, "simulator", "Simulator")
        writer.write_samples(
            info.id,
            src.id,
            [Sample(info.started_ms + 1000 * i, {"orders": i}, "simulator") for i in range(5)],
        )
        assert writer.flush()
        repo.end_session(info.id, info.started_ms + 10_000, SessionSummary(duration_s=10))
        ids.append(info.id)
    with repo.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE live_sessions SET summary_version = 0, orders = NULL")
        conn.exec_driver_sql(
            "UPDATE sample_chunks SET value_data = x'00', encoding = 'zd' "
            f"WHERE session_id = {ids[0]}"
        )
    assert repo.refresh_old_summaries() == 1
    assert repo.get_session(ids[0]).summary.orders is None, "kept as it was"
    assert repo.get_session(ids[1]).summary.orders == 4
    assert repo.refresh_old_summaries() == 0, "not tried again at every start"


def test_a_trashed_interrupted_session_is_neither_offered_nor_resumed(repo, writer) -> None:
    info = repo.create_session(repo.get_or_create_streamer("小杨"), "cut", ms(2026, 11, 1), 480)
    repo.end_session(info.id, info.started_ms + 60_000, SessionSummary(), SessionStatus.INTERRUPTED)
    repo.save_minute_curves(info.id, {"gmv": np.array([1, 2], dtype=np.int64)})
    repo.trash_sessions([info.id])
    assert repo.find_interrupted() == []
    with pytest.raises(StorageError, match="in the trash; restore it first"):
        repo.claim_for_resume(info.id)
    repo.restore_sessions([info.id])
    resumed = repo.claim_for_resume(info.id)
    assert resumed.status is SessionStatus.LIVE
    assert repo.load_minute_curves([info.id]) == {}, "curves of the cut-off part are dropped"
    # Marked trashed behind Genbo's back while recording: never purged.
    with repo.db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE live_sessions SET deleted_ms = 1 WHERE id = {info.id}")
    assert repo.purge_trash() == 0
    assert repo.get_session(info.id, settle=False).status is SessionStatus.LIVE


def test_an_import_never_joins_a_namesake_with_another_account(repo) -> None:
    repo.create_streamer("小杨", "kuaishou", "ks-999")
    new = NewSession(
        "小杨", "夜场", ms(2026, 11, 1), 480, ms(2026, 11, 1) + 60_000, summary(10),
        platform="douyin", account_id="dy-123",
    )  # fmt: skip
    with pytest.raises(StorageError, match="already in this library on kuaishou"):
        insert_session(repo, new)
    assert repo.query_sessions(LibraryQuery()).total == 0, "nothing was imported"
    # Without an account on either side the name is who it is.
    same = insert_session(repo, replace(new, account_id=None, platform=None))
    assert same.streamer.account_id == "ks-999"
