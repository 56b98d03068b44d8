"""A live session's summaries move its streamer's month sums (the roster's):
recounted at most every `MONTHS_EVERY_S`, at every flush and at close — and,
for a wall, all its streamers' months in one grouped count."""

from __future__ import annotations

import time

from app.core.session import SessionSummary
from app.storage import writer as writer_module
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from app.storage.writer import SMALL_ROWS_PER_INSERT, DatabaseWriter

BACKENDS = ("sqlite", "postgresql")
"""Every test here runs on both engines: portable SQL is proven, not assumed."""


def _month_gmv(repo: Repository, streamer_id: int, month: int) -> int | None:
    rows = [m for m in repo.month_totals(month) if m.streamer_id == streamer_id]
    return rows[0].recorded_gmv_fen if rows else None


def _sessions(repo: Repository, n: int) -> list[tuple[int, int, int]]:
    t0 = int(time.time() * 1000)
    out = []
    for k in range(n):
        streamer = repo.get_or_create_streamer(f"主播{k}")
        info = repo.create_session(streamer, "", t0, 480)
        out.append((streamer.id, info.id, info.local_day // 100))
    return out


def test_a_flush_recounts_every_streamers_month(repo, writer) -> None:
    made = _sessions(repo, 12)
    for k, (_streamer, sid, _month) in enumerate(made):
        writer.update_summary(sid, SessionSummary(gmv_fen=100_00 * (k + 1)))
    assert writer.flush()
    for k, (streamer, _sid, month) in enumerate(made):
        assert _month_gmv(repo, streamer, month) == 100_00 * (k + 1)


def test_between_recounts_they_wait_and_closing_recounts_them(data_dir) -> None:
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    repo = Repository(db)
    writer = DatabaseWriter(db)
    writer.start()
    try:
        [(streamer, sid, month)] = _sessions(repo, 1)
        writer.update_summary(sid, SessionSummary(gmv_fen=5_00))
        assert writer.flush()
        assert _month_gmv(repo, streamer, month) == 5_00
        # A summary a moment later, committed by the writer's own timer (no
        # flush): the session row has it at once, the month at the next recount.
        writer.update_summary(sid, SessionSummary(gmv_fen=7_00))
        deadline = time.monotonic() + 5
        while repo.get_session(sid).summary.gmv_fen != 7_00 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert repo.get_session(sid).summary.gmv_fen == 7_00
        assert _month_gmv(repo, streamer, month) == 5_00
    finally:
        writer.close()
    assert _month_gmv(repo, streamer, month) == 7_00
    db.dispose()


def test_without_a_flush_the_month_follows_within_the_interval(data_dir, monkeypatch) -> None:
    monkeypatch.setattr(writer_module, "MONTHS_EVERY_S", 0.3)
    db = open_database(sqlite_url(data_dir / "genbo.db"))
    repo = Repository(db)
    writer = DatabaseWriter(db)
    writer.start()
    try:
        [(streamer, sid, month)] = _sessions(repo, 1)
        deadline = time.monotonic() + 5
        gmv = 0
        # A live session's heartbeat: a summary now and then, never a flush.
        while time.monotonic() < deadline:
            gmv += 1_00
            writer.update_summary(sid, SessionSummary(gmv_fen=gmv))
            time.sleep(0.1)
            if (_month_gmv(repo, streamer, month) or 0) > 0:
                break
        assert 0 < (_month_gmv(repo, streamer, month) or 0) <= gmv
    finally:
        writer.close()
    assert _month_gmv(repo, streamer, month) == gmv
    db.dispose()


def test_more_small_chunks_than_one_insert_takes_are_all_stored(repo, writer) -> None:
    """One commit with more series than one multi-row insert carries."""
    from app.core.metrics import Sample
    from app.sources.simulator import SIM_METRICS

    [(_streamer, sid, _month)] = _sessions(repo, 1)
    t0 = repo.get_session(sid).started_ms
    n_sources = SMALL_ROWS_PER_INSERT // len(SIM_METRICS) + 2  # past one insert's rows
    written = {}
    for k in range(n_sources):
        src = repo.add_source(sid, "http", f"API {k}", {})
        values = {m: 1000 * k + j for j, m in enumerate(SIM_METRICS)}
        writer.write_samples(sid, src.id, [Sample(t0 + 1000, values, f"http{k}")])
        written[src.id] = values
    assert n_sources * len(SIM_METRICS) > SMALL_ROWS_PER_INSERT
    assert writer.flush()
    columns = repo.load_columns(sid)
    assert columns.value_count() == n_sources * len(SIM_METRICS)
    got = sorted(int(v) for src in columns.sources for c in src.series.values() for v in c.raw)
    assert got == sorted(v for values in written.values() for v in values.values())
