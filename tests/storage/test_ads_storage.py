"""The ad report rows in the database: idempotent upserts keyed by platform,
account, day and plan; an older export never overwrites a newer one; typed
figures per session; the migration from schema 0004."""

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command

from app.core.ads import KUAISHOU, AdRow, WindowFigures
from app.core.session import SessionSummary
from app.storage.ads import AdStore
from app.storage.database import _alembic_config, open_database, sqlite_url
from app.storage.repository import Repository

BACKENDS = ("sqlite", "postgresql")
"""Every test here runs on both engines: portable SQL is proven, not assumed."""


def row(plan: str = "1001", spend: int = 10000, t0: int = 20000, t30: int | None = None, n=3):
    return AdRow(
        KUAISHOU,
        date(2026, 11, 3),
        plan,
        "计划",
        "ks1",
        "间",
        spend,
        {"t0": WindowFigures(t0, 5), "t30": WindowFigures(t30, None)},
        row=n,
    )


def ms(y: int, mo: int, d: int, h: int = 12) -> int:
    return int(datetime(y, mo, d, h, tzinfo=UTC).timestamp() * 1000)


def test_upsert_is_idempotent_and_updates_settled_windows(repo: Repository) -> None:
    s = repo.create_streamer("阿珍", KUAISHOU, "ks1")
    store = AdStore(repo.db)
    first = store.upsert([(row(), s.id), (row("1002", 0, 500), s.id)], date(2026, 11, 5))
    assert (first.inserted, first.updated, first.unchanged) == ([3, 3], [], [])
    again = store.upsert([(row(), s.id)], date(2026, 11, 5))
    assert (again.inserted, again.updated, again.unchanged) == ([], [], [3])
    later = store.upsert([(row(t30=50000), s.id)], date(2026, 12, 5))
    assert later.updated == [3]
    (a, b) = store.rows([s.id])
    assert a.figures.window("t30") == WindowFigures(50000, None)
    assert a.figures.window("t0") == WindowFigures(20000, 5)
    assert (a.as_of, b.as_of) == (date(2026, 12, 5), date(2026, 11, 5))
    assert a.source == "imported" and a.session_id is None and a.streamer_id == s.id
    # An export made earlier than the stored one changes nothing.
    older = store.upsert([(row(spend=1, t0=1, t30=None), s.id)], date(2026, 11, 5))
    assert older.kept_newer == [(3, date(2026, 12, 5))] and older.updated == []
    assert store.rows([s.id])[0].figures.spend_fen == 10000
    # A later export with "-" in a window keeps what was stored there.
    store.upsert([(row(t30=None), s.id)], date(2026, 12, 6))
    assert store.rows([s.id])[0].figures.window("t30").gmv_fen == 50000


def test_typed_figures_belong_to_their_session(repo: Repository) -> None:
    s = repo.create_streamer("阿珍", KUAISHOU, "ks1")
    morning = repo.create_session(s, "早场", ms(2026, 11, 3, 1), 480)
    evening = repo.create_session(s, "晚场", ms(2026, 11, 3, 12), 480)
    store = AdStore(repo.db)
    store.set_typed(morning.id, KUAISHOU, 1000, {"t0": WindowFigures(3000, 2)})
    store.set_typed(evening.id, KUAISHOU, 2000, {})
    store.set_typed(morning.id, KUAISHOU, 1500, {"t0": WindowFigures(4000, 3)})  # replaced
    typed = store.typed(morning.id)
    assert typed is not None and typed.figures.spend_fen == 1500
    assert typed.figures.day == date(2026, 11, 3) and typed.figures.plan_id.startswith("typed")
    assert typed.source == "typed" and typed.session_id == morning.id
    assert len(store.rows([s.id])) == 2
    assert store.sessions_on([(s.id, 20261103), (s.id, 20261104)]) == {
        (s.id, 20261103): [morning.id, evening.id],
        (s.id, 20261104): [],
    }
    assert store.set_typed(morning.id, KUAISHOU, None, {}) is None
    assert store.typed(morning.id) is None
    repo.end_session(evening.id, ms(2026, 11, 3, 14), SessionSummary(duration_s=7200))
    repo.trash_sessions([evening.id])
    assert store.trashed_sessions([morning.id, evening.id]) == {evening.id}


def test_migration_from_0004_adds_the_ad_rows(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    cfg = _alembic_config()
    cfg.set_main_option("sqlalchemy.url", sqlite_url(path))
    command.upgrade(cfg, "0004")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "insert into streamers (name, platform, created_ms, uid, account_id, notes, archived)"
            " values ('老主播', 'kuaishou', 1, 'u-1', 'ks9', '', 0)"
        )
        conn.execute(
            "insert into live_sessions (streamer_id, title, started_ms, utc_offset_min, status,"
            " app_version, duration_s, sample_count, gmv_fen, summary_version, uid, local_day,"
            " notes, tags, detail, search_text) values (1, 'old', ?, 480, 'ended', '0.1', 120,"
            " 0, 500, 1, 's-1', 20261103, '', '', 'full', '老主播\nold')",
            (ms(2026, 11, 3),),
        )
    command.upgrade(cfg, "head")
    db = open_database(sqlite_url(path))
    try:
        repo = Repository(db)
        (streamer,) = repo.list_streamers()
        store = AdStore(db)
        assert store.rows() == []
        done = store.upsert([(row(), streamer.id)], date(2026, 11, 5))
        assert done.inserted == [3]
        assert store.sessions_on([(streamer.id, 20261103)]) == {(streamer.id, 20261103): [1]}
        assert repo.list_sessions()[0].summary.gmv_fen == 500, "the old rows are as they were"
    finally:
        db.dispose()
    command.downgrade(cfg, "0004")
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert "ad_report_rows" not in tables and "live_sessions" in tables


def test_deleting_a_session_takes_its_typed_figures(repo: Repository) -> None:
    s = repo.create_streamer("阿珍", KUAISHOU, "ks1")
    info = repo.create_session(s, "早场", ms(2026, 11, 3, 1), 480)
    repo.end_session(info.id, ms(2026, 11, 3, 3), SessionSummary(duration_s=7200))
    store = AdStore(repo.db)
    store.set_typed(info.id, KUAISHOU, 1000, {})
    store.upsert([(row(), s.id)], date(2026, 11, 5))
    repo.delete_session(info.id)
    assert [r.source for r in store.rows()] == ["imported"], "the day's report rows stay"
