"""The operator's month at a big provider's scale: 1,200 streamers × a year.

`app.session.demo_history` builds the year (one session a day, a few rest
days; the 60 biggest streamers' weekly big show with every sample every 5 s
and its per-minute curves, every other session a summary), plus ten day-long
sessions (24 h at 1 Hz) of one more streamer: five with stored per-minute
curves and five without. The database is kept in the temp folder and reused
while the parameters and the generator's version are the same.

Then, in the same run, each against a raw sqlite3 baseline (PASS/FAIL is
against the target; the ratio is for how far Genbo's layers are from the
SQL beneath them):

* the library's first page and each filter change (`Repository.query_sessions`:
  text, date range, platform, sort by GMV), ≤ 100 ms each; baseline: a raw
  SELECT … LIMIT 200 of the same page;
* the roster of a month (`app.session.roster.load_roster`), ≤ 200 ms;
  baseline: a raw SELECT of the rows it needs (streamers, their schedules,
  the month sums up to the month);
* the ghost line's median curve over a streamer's last 30 sessions
  (`app.session.compare.ghost_reference`), ≤ 300 ms, and what each live
  update costs (`ghost_standing` + `project_final_gmv`), ≤ 1 ms; baseline:
  a raw SELECT (and zlib decode) of the same 30 sessions' stored minute curves;
* comparing 5 day-long sessions until drawn (`load_comparison` +
  `app.ui.view.compare_view.CompareView` offscreen), ≤ 1.5 s; baseline: a raw
  SELECT and decode of those sessions' stored minute curves (or of their GMV
  and viewer sample chunks).

A part that is not there prints SKIPPED with the reason.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from app.core.library import LibraryQuery
from app.core.session import SessionDetail
from app.session.demo_history import DEMO_VERSION, full_session, make_demo_history
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository, summary_from_stats

STREAMERS = int(os.environ.get("BENCH_MONTH_STREAMERS", "1200"))
MONTHS = 12
SEED = 7
TODAY = date(2027, 1, 1)
"""The year is 2026 (January to December); the history ends on the 31st."""
FULL_STREAMERS = max(1, STREAMERS // 20)
DAY_LONG = 10
DAY_LONG_INTERVAL_S = 1
CST = timezone(timedelta(hours=8))
PARAMS = {
    "streamers": STREAMERS,
    "months": MONTHS,
    "seed": SEED,
    "today": TODAY.isoformat(),
    "full_streamers": FULL_STREAMERS,
    "day_long": DAY_LONG,
    "day_long_interval_s": DAY_LONG_INTERVAL_S,
    "demo_version": DEMO_VERSION,
}
ROOT = Path(__file__).resolve().parent.parent


def _sources_hash() -> str:
    """What the database depends on besides the parameters: the generator, the
    bulk inserts and the schema (a migration edited in place changes it too)."""
    h = hashlib.sha1()
    files = [ROOT / "app/session/demo_history.py", ROOT / "app/storage/bulk.py"]
    files += sorted((ROOT / "app/storage/migrations/versions").glob("*.py"))
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:10]


KEY = hashlib.sha1((json.dumps(PARAMS, sort_keys=True) + _sources_hash()).encode()).hexdigest()[:10]
FOLDER = Path(tempfile.gettempdir()) / f"genbo-bench-month-{KEY}"
DB = FOLDER / "genbo.db"
DAY_LONG_NAME = "源头工厂24小时直播间"
REPEATS = 7


def build() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    building = FOLDER / "building.db"
    for p in FOLDER.glob("building.db*"):
        p.unlink()
    db = open_database(sqlite_url(building))
    repo = Repository(db)
    t0 = time.perf_counter()
    shown = [-1]

    def progress(share: float) -> None:
        pct = int(share * 100)
        if pct // 10 != shown[0] // 10:
            shown[0] = pct
            print(f"  ({pct}% after {time.perf_counter() - t0:.0f} s)", flush=True)

    result = make_demo_history(
        repo,
        streamers=STREAMERS,
        months=MONTHS,
        seed=SEED,
        today=TODAY,
        progress=progress,
        full_streamers=FULL_STREAMERS,
    )
    took = time.perf_counter() - t0
    t1 = time.perf_counter()
    add_day_long(repo)
    day_long_s = time.perf_counter() - t1
    db.dispose()
    with sqlite3.connect(building) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.rename(DB)
    size = DB.stat().st_size / 2**20
    print(
        f"(built the year in {took:.0f} s: {result.sessions:,} sessions of {STREAMERS:,} "
        f"streamers, {result.full_sessions:,} with every sample, {result.summaries:,} "
        f"summaries, {len(result.platform_months)} typed platform months, "
        f"{len(result.leaps)} first-time leaps; ten day-long sessions in {day_long_s:.0f} s; "
        f"{size:,.0f} MiB)"
    )
    (FOLDER / "built.json").write_text(
        json.dumps(
            {
                "seconds": round(took, 1),
                "day_long_seconds": round(day_long_s, 1),
                "sessions": result.sessions,
                "full_sessions": result.full_sessions,
                "summaries": result.summaries,
                "mib": round(size),
            }
        )
    )


def add_day_long(repo: Repository) -> None:
    """Ten 24-hour shows of one more streamer on consecutive December days,
    a reading a second; the first five get their per-minute curves stored."""
    from app.core.curves import SessionCurve
    from app.core.stats import SessionStats
    from app.session.compare import stored_curves
    from app.storage.bulk import NewSession, insert_session

    repo.create_streamer(DAY_LONG_NAME, "douyin", "dy-24h")
    for k in range(DAY_LONG):
        rng = np.random.default_rng([SEED, 24, k])
        start = int(datetime(2026, 12, 1 + 2 * k, 8, 0, tzinfo=CST).timestamp() * 1000)
        fs = full_session(
            rng,
            start,
            24 * 3600,
            int(rng.uniform(180, 320)) * 10_000 * 100,
            gpm=900,
            dwell_s=70,
            aov=89,
            roi=4.0,
            products=("四件套", "乳胶枕", "收纳箱", "不粘锅"),
            interval_s=DAY_LONG_INTERVAL_S,
        )
        snap = SessionStats.from_columns(start, fs.columns).snapshot((fs.ended_ms - start) / 1000)
        info = insert_session(
            repo,
            NewSession(
                streamer=DAY_LONG_NAME,
                title=f"24小时不停播 第{k + 1}场",
                started_ms=start,
                utc_offset_min=480,
                ended_ms=fs.ended_ms,
                summary=summary_from_stats(snap),
                platform="douyin",
                account_id="dy-24h",
                tags=("家居", "24小时"),
                columns=fs.columns,
                events=fs.events,
                gaps=fs.gaps,
            ),
        )
        if k < 5:
            curve = SessionCurve.from_columns(fs.columns, start, fs.gaps, fs.ended_ms, info.id, 480)
            repo.save_minute_curves(info.id, stored_curves(curve))


# -- measuring ----------------------------------------------------------------------------
def timed(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """(first call ms, median of the next `repeats` ms, last result)."""
    t0 = time.perf_counter()
    out = fn()
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times), out


RESULTS: list[tuple[str, str]] = []


def verdict(
    name: str, value_ms: float, target_ms: float, base_ms: float | None, note: str = ""
) -> None:
    ok = value_ms <= target_ms
    ratio = f"{value_ms / base_ms:5.1f}× raw ({base_ms:7.2f} ms)" if base_ms else " " * 27
    word = "PASS" if ok else "FAIL"
    line = f"{name:58s} {value_ms:8.1f} ms  {ratio}  target ≤ {target_ms:g} ms: {word}"
    print(line + (f"   {note}" if note else ""))
    RESULTS.append((name, word))


def skipped(name: str, reason: str) -> None:
    print(f"{name:58s} SKIPPED: {reason}")
    RESULTS.append((name, "SKIPPED"))


def decoded(blob: bytes) -> np.ndarray:
    """A stored delta-encoded, zlib-compressed series, decoded by hand (the
    baselines' share of the work Genbo's loaders do)."""
    return np.cumsum(np.frombuffer(zlib.decompress(blob), dtype="<i8"))


class Captured:
    """The statements Genbo sends to SQLite while `active` (to replay the same
    SQL through raw sqlite3 as the baseline, and to explain a slow one)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.active = False
        self.statements: list[tuple[str, Any]] = []

        @event.listens_for(engine, "before_cursor_execute")
        def _seen(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            if self.active:
                self.statements.append((statement, params))

    def during(self, fn: Callable[[], Any]) -> list[tuple[str, Any]]:
        self.statements = []
        self.active = True
        try:
            fn()
        finally:
            self.active = False
        return self.statements


def explain(conn: sqlite3.Connection, statement: str, params: Any) -> str:
    rows = conn.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
    return " | ".join(str(r[3]) for r in rows)


def bench_library(
    repo: Repository, conn: sqlite3.Connection, captured: Captured, name_part: str
) -> None:
    queries = [
        ("first page (newest first)", LibraryQuery()),
        (f"text {name_part!r} (a streamer's name)", LibraryQuery(text=name_part)),
        ("text '大场' (a tag and title word)", LibraryQuery(text="大场")),
        ("date range 2026-11-01..30", LibraryQuery(day_from=20261101, day_to=20261130)),
        ("platform kuaishou", LibraryQuery(platform="kuaishou")),
        ("sort by GMV", LibraryQuery(sort="gmv")),
        (
            "kuaishou, November, by GMV",
            LibraryQuery(platform="kuaishou", day_from=20261101, day_to=20261130, sort="gmv"),
        ),
    ]
    for label, q in queries:
        first, med, page = timed(lambda q=q: repo.query_sessions(q))
        sent = captured.during(lambda q=q: repo.query_sessions(q))
        pages = [(st, p) for st, p in sent if "LIMIT" in st.upper() and "live_sessions" in st]
        st, params = pages[0]
        _, base, rows = timed(lambda st=st, params=params: conn.execute(st, params).fetchall())
        assert len(page.sessions) == len(rows), (label, len(page.sessions), len(rows))
        value = max(first, med)
        verdict(
            f"library: {label}",
            value,
            100,
            base,
            f"(first {first:.0f} ms, then {med:.0f}; {page.total:,} match)",
        )
        if value > 100:
            for st, params in sent:
                t0 = time.perf_counter()
                conn.execute(st, params).fetchall()
                took = (time.perf_counter() - t0) * 1000
                if took >= 5:
                    short = " ".join(st.split())
                    short = short[:60] + " … " + short[short.upper().find(" FROM ") :][:140]
                    print(f"      {took:6.1f} ms  {short}")
                    print(f"               plan: {explain(conn, st, params)}")


def bench_roster(repo: Repository, conn: sqlite3.Connection) -> None:
    if importlib.util.find_spec("app.session.roster") is None:
        skipped("roster of a month", "app.session.roster is not there yet")
        return
    from app.session.roster import load_roster

    for month, today in ((202612, date(2026, 12, 31)), (202606, date(2026, 6, 15))):
        now = int(datetime(today.year, today.month, today.day, 21, tzinfo=CST).timestamp() * 1000)

        def raw(month: int = month) -> int:
            n = len(conn.execute("SELECT * FROM streamers").fetchall())
            n += len(conn.execute("SELECT * FROM streamer_schedules").fetchall())
            n += len(
                conn.execute(
                    "SELECT streamer_id, month, sessions, recorded_gmv_fen, platform_gmv_fen, "
                    "platform_source FROM streamer_months WHERE month <= ?",
                    (month,),
                ).fetchall()
            )
            return n

        _, base, _ = timed(raw)
        first, med, roster = timed(
            lambda month=month, today=today, now=now: load_roster(
                repo, month, today, utc_offset_min=480, now=now
            )
        )
        verdict(
            f"roster of {month // 100}-{month % 100:02d} ({len(roster.rows):,} rows)",
            max(first, med),
            200,
            base,
            f"(first {first:.0f} ms, then {med:.0f})",
        )
    # For scale: summing a month straight from the sessions, as the roster would without
    # the month table.
    _, sums, _ = timed(
        lambda: conn.execute(
            "SELECT streamer_id, count(*), sum(gmv_fen) FROM live_sessions WHERE local_day "
            "BETWEEN 20261201 AND 20261231 AND deleted_ms IS NULL GROUP BY streamer_id"
        ).fetchall()
    )
    print(f"{'(for scale) raw GROUP BY of a month':58s} {sums:8.1f} ms")


def bench_ghost(repo: Repository, conn: sqlite3.Connection) -> None:
    if importlib.util.find_spec("app.session.compare") is None:
        skipped("ghost line", "app.session.compare is not there yet")
        return
    from app.core.curves import SessionCurve, ghost_standing, project_final_gmv
    from app.session.compare import ghost_reference

    sid, count = conn.execute(
        "SELECT s.streamer_id, count(*) FROM live_sessions s JOIN streamers st "
        "ON st.id = s.streamer_id WHERE s.detail = 'full' AND st.name != ? "
        "GROUP BY s.streamer_id ORDER BY 2 DESC, 1 LIMIT 1",
        (DAY_LONG_NAME,),
    ).fetchone()
    before = int(datetime(2026, 12, 31, 23, tzinfo=CST).timestamp() * 1000)
    first, med, ghost = timed(lambda: ghost_reference(repo, sid, before))
    assert ghost is not None
    ids = [i.id for i in ghost.sessions]
    marks = ",".join("?" * len(ids))

    def raw() -> int:
        rows = conn.execute(
            f"SELECT session_id, metric, minutes, value_data FROM minute_curves "
            f"WHERE session_id IN ({marks}) AND metric IN ('gmv', 'viewers')",
            ids,
        ).fetchall()
        return sum(decoded(r[-1]).shape[0] for r in rows)

    _, base, _ = timed(raw)
    verdict(
        f"ghost: median of the last {len(ids)} sessions",
        max(first, med),
        300,
        base,
        f"(first {first:.0f} ms, then {med:.0f}; {count} full sessions, "
        f"{ghost.summary_only} summaries passed over)",
    )

    # For scale: the same 30 curves built from the samples (no stored curves).
    def from_samples() -> int:
        n = 0
        for info in ghost.sessions:
            cols = repo.load_columns(info.id)
            curve = SessionCurve.from_columns(
                cols, info.started_ms, repo.load_gaps(info.id), info.ended_ms
            )
            n += curve.minutes
        return n

    _, built, _ = timed(from_samples, repeats=2)
    print(f"{'(for scale) the 30 curves from their samples':58s} {built:8.1f} ms")

    # What the ghost tile pays a second while live; collected first, as the
    # window freezes what start-up made (gc.freeze) and this process holds
    # every earlier measurement's results.
    gc.collect()
    ref = ghost.curve
    live_final = float(np.nanmax(ref.gmv_carried))
    minutes = np.linspace(0.05, ref.minutes * 1.1, 5000)
    times = []
    for m in minutes.tolist():
        live = int(live_final * min(1.0, m / ref.minutes) * 1.1)
        t0 = time.perf_counter()
        ghost_standing(float(live), ref, m, "gmv")
        ghost_standing(float(live) / 1000, ref, m, "viewers")
        project_final_gmv(live, m, ref)
        times.append((time.perf_counter() - t0) * 1000)
    p99 = float(np.percentile(times, 99))
    verdict(
        "ghost: each live update (standing + projection)",
        p99,
        1,
        None,
        f"(p99 over {len(times):,} updates; median {statistics.median(times) * 1000:.0f} µs, "
        f"max {max(times):.2f} ms)",
    )


def bench_compare(repo: Repository, conn: sqlite3.Connection) -> None:
    if importlib.util.find_spec("app.session.compare") is None:
        skipped("compare 5 day-long sessions", "app.session.compare is not there yet")
        return
    from app.session.compare import load_comparison

    rows = conn.execute(
        "SELECT s.id FROM live_sessions s JOIN streamers st ON st.id = s.streamer_id "
        "WHERE st.name = ? ORDER BY s.started_ms",
        (DAY_LONG_NAME,),
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    with_curves, without = ids[:5], ids[5:10]
    have_view = importlib.util.find_spec("app.ui.view.compare_view") is not None
    if have_view:
        from PySide6.QtWidgets import QApplication

        from app.ui.shell.main import make_application
        from app.ui.view.compare_view import CompareView

        make_application()
    for label, group, stored in (
        ("stored minute curves", with_curves, True),
        ("from samples", without, False),
    ):
        marks = ",".join("?" * len(group))
        if stored:
            sql = (
                "SELECT session_id, metric, value_data FROM minute_curves "
                f"WHERE session_id IN ({marks})"
            )
        else:
            sql = (
                f"SELECT session_id, metric, ts_data, value_data FROM sample_chunks "
                f"WHERE session_id IN ({marks}) AND metric IN ('gmv', 'viewers')"
            )
        _, base, _ = timed(
            lambda sql=sql, group=group: [
                decoded(b).shape[0]
                for r in conn.execute(sql, group).fetchall()
                for b in r
                if isinstance(b, bytes)
            ],
            3,
        )
        first, med, comp = timed(lambda group=group: load_comparison(repo, group), 3)
        assert len(comp.drawable) == 5
        name = f"compare 5 day-long sessions ({label})"
        if not have_view:
            verdict(
                f"{name}: loading only", max(first, med), 1500, base, "(CompareView not there yet)"
            )
            skipped(f"{name}: drawn", "app.ui.view.compare_view is not there yet")
            continue
        draws = []
        for _ in range(3):
            t0 = time.perf_counter()
            comparison = load_comparison(repo, group)
            loaded = time.perf_counter() - t0
            view = CompareView(comparison)
            view.resize(1600, 900)
            view.show()
            QApplication.processEvents()
            view.graphics.viewport().repaint()
            draws.append(((time.perf_counter() - t0) * 1000, loaded * 1000))
            view.close()
            view.deleteLater()
            QApplication.processEvents()
        worst = max(d for d, _ in draws)
        verdict(
            f"{name}: drawn",
            worst,
            1500,
            base,
            f"(slowest of 3: {', '.join(f'{d:.0f}' for d, _ in draws)} ms, loading "
            f"{', '.join(f'{x:.0f}' for _, x in draws)} ms of it)",
        )


def main() -> None:
    if not DB.exists():
        print(f"(building {DB}, once)")
        build()
    else:
        built = json.loads((FOLDER / "built.json").read_text())
        print(
            f"(reusing {DB}: {built['sessions']:,} sessions, {built['full_sessions']:,} with every "
            f"sample; it took {built['seconds']:.0f} s to build)"
        )
    db = open_database(sqlite_url(DB))
    repo = Repository(db)
    conn = sqlite3.connect(DB)
    total = conn.execute("SELECT count(*) FROM live_sessions").fetchone()[0]
    by = dict(conn.execute("SELECT detail, count(*) FROM live_sessions GROUP BY detail").fetchall())
    print(
        f"{total:,} sessions ({by.get(SessionDetail.SUMMARY.value, 0):,} summaries, "
        f"{by.get(SessionDetail.FULL.value, 0):,} full) of "
        f"{conn.execute('SELECT count(*) FROM streamers').fetchone()[0]:,} streamers"
    )
    # A name fragment an operator would type: the first two characters of a mid-list streamer.
    names = [r[0] for r in conn.execute("SELECT name FROM streamers ORDER BY id").fetchall()]
    name_part = names[len(names) // 2][:2]
    bench_library(repo, conn, Captured(db.engine), name_part)
    bench_roster(repo, conn)
    bench_ghost(repo, conn)
    bench_compare(repo, conn)
    conn.close()
    db.dispose()
    failed = [n for n, w in RESULTS if w == "FAIL"]
    skipped_n = sum(1 for _, w in RESULTS if w == "SKIPPED")
    print(
        f"{len(RESULTS) - len(failed) - skipped_n} passed, {len(failed)} failed, "
        f"{skipped_n} skipped"
    )


if __name__ == "__main__":
    main()
