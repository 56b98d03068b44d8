"""`make_demo_history` on real SQLite files: every streamer has sessions, the
full ones' figures are what their samples give, the month sums are the sums
of the sessions, there are first-time leaps, a seed gives the same history,
and `genbo demo-history` refuses a database that already has sessions."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cli.demo_history_cmd import register
from app.config.paths import resolve_paths
from app.core.library import LibraryQuery
from app.core.roster import LEAP_THRESHOLDS_FEN, month_gmv
from app.core.session import SessionDetail, SessionSummary, local_day
from app.session.demo_history import DemoHistoryResult, make_demo_history
from app.storage.bulk import NewSession, insert_summaries
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository

TODAY = date(2026, 11, 20)
SEED = 5


@dataclass(frozen=True)
class Made:
    repo: Repository
    result: DemoHistoryResult


def _make(path: Path, seed: int = SEED) -> Made:
    repo = Repository(open_database(sqlite_url(path)))
    result = make_demo_history(repo, streamers=4, months=2, seed=seed, today=TODAY)
    return Made(repo, result)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """4 streamers: September and October 2026 whole, November up to the 19th."""
    m = _make(tmp_path_factory.mktemp("demo") / "genbo.db")
    yield m
    m.repo.db.dispose()


def _all(repo: Repository) -> list:
    return repo.query_sessions(LibraryQuery(limit=100_000)).sessions


def test_every_streamer_has_sessions_of_both_kinds(made: Made) -> None:
    r = made.result
    assert len(r.streamers) == 4
    sessions = _all(made.repo)
    assert len(sessions) == r.sessions == r.full_sessions + r.summaries
    per = defaultdict(list)
    for s in sessions:
        per[s.streamer.id].append(s)
    assert set(per) == {s.id for s in r.streamers}
    for mine in per.values():
        kinds = {s.detail for s in mine}
        assert kinds == {SessionDetail.FULL, SessionDetail.SUMMARY}
        # About one full session a week over 11 weeks, a session most days (80
        # days; rest days, and a month with a platform figure misses some).
        full = sum(s.detail is SessionDetail.FULL for s in mine)
        assert 9 <= full <= 13
        assert len(mine) >= 55
    days = {s.local_day for s in sessions}
    assert min(days) == 20260901 and max(days) <= 20261119
    assert r.first_day == date(2026, 9, 1) and r.last_day <= date(2026, 11, 19)
    # Sizes differ by more than an order of magnitude, and figures fit them.
    totals = sorted(sum(s.summary.gmv_fen for s in mine) for mine in per.values())
    assert totals[-1] > 10 * totals[0]
    for s in sessions:
        f = s.summary
        assert f.gmv_fen and f.gmv_fen > 0 and f.duration_s >= 3600
        assert 0 < f.gmv_15m_fen <= f.gmv_30m_fen <= f.gmv_fen
        assert f.buyers <= f.orders and f.watch_uv <= f.watch_pv
        assert f.avg_viewers <= f.peak_viewers
        assert s.title and s.ended_ms > s.started_ms


def test_full_sessions_summary_is_what_the_samples_give(made: Made) -> None:
    repo = made.repo
    full = [s for s in _all(repo) if s.detail is SessionDetail.FULL]
    assert full
    for s in full[:6]:
        rebuilt = repo.recompute_summary(s.id)
        assert rebuilt == s.summary
        cols = repo.load_columns(s.id)
        assert cols.sample_count() == s.summary.sample_count > 1000
        assert set(cols.metrics()) >= {
            "viewers", "gmv", "orders", "buyers", "watch_uv", "watch_pv", "new_followers",
            "dwell_seconds",
        }  # fmt: skip
        gmv = cols.merged("gmv")
        assert gmv.raw[0] == 0 and bool((gmv.raw[1:] >= gmv.raw[:-1]).all())
        assert int(gmv.raw[-1]) == s.summary.gmv_fen
        assert int(gmv.ts_ms[-1]) == s.ended_ms
        kinds = {e.kind for e in repo.load_events(s.id)}
        assert {"segment", "highlight"} <= kinds
    if made.result.curves:
        curves = repo.load_minute_curves([s.id for s in full])
        assert set(curves) == {s.id for s in full}


def test_month_sums_are_the_sums_of_the_sessions(made: Made) -> None:
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for s in _all(made.repo):
        key = (s.streamer.id, local_day(s.started_ms, s.utc_offset_min) // 100)
        sums[key][0] += 1
        sums[key][1] += s.summary.gmv_fen or 0
    rows = made.repo.months(202609, 202611)
    assert {(r.streamer_id, r.month) for r in rows} == set(sums)
    typed = set(made.result.platform_months)
    assert typed, "some month has the platform's figure typed in"
    for r in rows:
        assert [r.sessions, r.recorded_gmv_fen] == sums[(r.streamer_id, r.month)]
        if (r.streamer_id, r.month) in typed:
            # Not every session was recorded: the platform says more.
            assert r.platform_source == "typed"
            assert r.platform_gmv_fen > r.recorded_gmv_fen
        else:
            assert r.platform_gmv_fen is None


def test_some_streamer_leaps_for_the_first_time(made: Made) -> None:
    leaps = made.result.leaps
    assert leaps
    rows = made.repo.months(202609, 202611)
    for leap in leaps:
        assert leap.threshold_fen in LEAP_THRESHOLDS_FEN
        mine = {r.month: month_gmv(r)[0] for r in rows if r.streamer_id == leap.streamer_id}
        assert mine[leap.month] >= leap.threshold_fen
        before = [v for m, v in mine.items() if m < leap.month]
        assert before and max(before) < leap.threshold_fen


def test_schedules_and_punctuality(made: Made) -> None:
    sessions = _all(made.repo)
    planned = [s for s in sessions if s.late_s is not None]
    assert planned, "some streamers have a planned start"
    assert all(abs(s.late_s) < 2 * 3600 for s in planned)
    share: dict[int, list[bool]] = defaultdict(list)
    for s in planned:
        share[s.streamer.id].append(abs(s.late_s) <= 300)
    # Someone is punctual (nearly always within 5 minutes), someone is not.
    rates = [sum(v) / len(v) for v in share.values()]
    assert max(rates) > 0.9 and min(rates) < 0.5
    cn = [s for s in sessions if s.streamer.platform in ("douyin", "kuaishou")]
    assert cn and all(s.utc_offset_min == 480 for s in cn)


def test_a_seed_gives_the_same_history(made: Made, tmp_path: Path) -> None:
    again = _make(tmp_path / "again.db")
    try:

        def content(repo: Repository) -> list[tuple]:
            return [
                (s.streamer.name, s.title, s.started_ms, s.ended_ms, s.summary, s.tags, s.detail)
                for s in sorted(_all(repo), key=lambda s: (s.started_ms, s.streamer.name))
            ]

        assert content(again.repo) == content(made.repo)
        a = next(s for s in _all(again.repo) if s.detail is SessionDetail.FULL)
        b = next(s for s in _all(made.repo) if s.uid == a.uid)
        ca, cb = again.repo.load_columns(a.id), made.repo.load_columns(b.id)
        assert (ca.merged("viewers").raw == cb.merged("viewers").raw).all()
        assert again.result.leaps and [
            (x.name, x.threshold_fen, x.month) for x in again.result.leaps
        ] == [(x.name, x.threshold_fen, x.month) for x in made.result.leaps]
    finally:
        again.repo.db.dispose()


def _cli(data_dir: Path, *args: str) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir")
    register(p.add_subparsers(dest="command"))
    ns = p.parse_args(["demo-history", "--data-dir", str(data_dir), *args])
    paths = resolve_paths(ns.data_dir).ensure()
    return int(ns.run(ns, paths))


def test_cli_refuses_a_database_with_sessions(data_dir: Path, capsys) -> None:
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    insert_summaries(
        Repository(db),
        [
            NewSession(
                streamer="小杨",
                title="早场",
                started_ms=1_790_000_000_000,
                utc_offset_min=480,
                ended_ms=1_790_003_600_000,
                summary=SessionSummary(duration_s=3600, gmv_fen=100),
                detail=SessionDetail.SUMMARY,
            )
        ],
    )
    db.dispose()
    assert _cli(data_dir, "--streamers", "2", "--months", "0") == 1
    err = capsys.readouterr().err
    assert "already has 1 session" in err and "--force" in err
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    try:
        assert len(Repository(db).list_streamers()) == 1  # nothing was added
    finally:
        db.dispose()


def test_cli_makes_a_history_and_says_what(data_dir: Path, capsys) -> None:
    code = _cli(data_dir, "--streamers", "2", "--months", "0", "--today", "2026-11-08", "--json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["streamers"] == 2
    assert out["sessions"] == out["full_sessions"] + out["summary_sessions"] > 0
    assert out["first_day"] == "2026-11-01" and out["last_day"] <= "2026-11-07"
    assert len(out["demo_streamer_shows"]) == 6
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    try:
        repo = Repository(db)
        total = repo.query_sessions(LibraryQuery(limit=0)).total
        assert total == out["sessions"] + len(out["demo_streamer_shows"])
        # The demo streamer's shows have minutes, for `genbo --demo`'s ghost line.
        from app.session.compare import ghost_reference
        from app.sources.simulator import DEMO_STREAMER

        demo = next(s for s in repo.list_streamers() if s.name == DEMO_STREAMER)
        ref = ghost_reference(repo, demo.id, None)
        assert ref is not None and len(ref.sessions) == 6
        shows = repo.streamer_history(demo.id)
        assert {s.started_at.strftime("%H:%M") for s in shows} == {"20:00"}
        assert max(s.started_at.date().isoformat() for s in shows) == "2026-11-07"
    finally:
        db.dispose()
    # Once there are sessions, only --force adds more (under other names).
    small = ("--streamers", "2", "--months", "0", "--today", "2026-11-08")
    assert _cli(data_dir, *small) == 1
    capsys.readouterr()
    assert _cli(data_dir, *small, "--force") == 0
    assert "Made a demo history" in capsys.readouterr().out


def test_the_paid_traffic_comes_with_ad_reports(made: Made) -> None:
    """The Kuaishou and Douyin sessions that spent have the ad tool's report
    rows for their day (two plans), with the windows that could not have
    settled by the export's day left open, as a real export leaves them."""
    from app.core.ads import PLATFORM_WINDOWS, T15, T30
    from app.session.ads import roi_table
    from app.storage.ads import AdStore

    rows = AdStore(made.repo.db).rows()
    assert len(rows) == made.result.ad_rows > 0
    end = TODAY - timedelta(days=1)
    for r in rows:
        assert r.figures.platform in PLATFORM_WINDOWS and r.figures.spend_fen > 0
        age = (end - r.figures.day).days
        if r.figures.platform == "kuaishou":
            assert (r.figures.window(T15).gmv_fen is None) == (age < 15), r
            assert (r.figures.window(T30).gmv_fen is None) == (age < 30), r
    table = roi_table(made.repo)
    assert table and all(t.platform in PLATFORM_WINDOWS for t in table)
