"""Milestones and highlights through the recorder into the database and back."""

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from alembic import command
from sqlalchemy import text

from app.core.highlights import highlight_from_record, mark_now
from app.core.metrics import Sample
from app.core.session import now_ms
from app.session.recording import SessionRecorder
from app.sources.manual import ManualSource
from app.storage.database import SCHEMA_HEAD, _alembic_config, open_database, sqlite_url
from app.storage.models import SessionRow

BACKENDS = ("sqlite", "postgresql")
"""Every test here runs on both engines: portable SQL is proven, not assumed."""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def gmv(rec: SessionRecorder, sec: float, yuan: float) -> Sample:
    return Sample(rec.info.started_ms + int(sec * 1000), {"gmv": round(yuan * 100)}, "manual")


def test_milestones_are_stored_with_an_automatic_highlight(repo, writer) -> None:
    rec, (src,) = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    found = rec.ingest(src.id, [gmv(rec, 0, 0), gmv(rec, 60, 120_000)])
    assert [m.value for m in found] == [100_000]
    writer.flush()
    events = repo.load_events(rec.info.id)
    assert [e.kind for e in events] == ["milestone", "highlight"]
    assert events[0].label == "GMV passed ¥100K", "in the style of the language (English here)"
    assert events[0].ts_ms == rec.info.started_ms + 50_000, "the interpolated crossing"
    h = highlight_from_record(events[1])
    assert h.origin == "milestone" and h.mark_ms == events[0].ts_ms


def test_highlight_edit_and_delete(repo, writer) -> None:
    rec, _ = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    h = mark_now(rec.info.started_ms + 90_000, rec.info.started_ms, "great pitch")
    rec.put_highlight(h)
    rec.put_highlight(replace(h, title="the best pitch", tags=("商品A",)))
    writer.flush()
    (stored,) = [highlight_from_record(e) for e in repo.load_events(rec.info.id)]
    assert stored.title == "the best pitch" and stored.tags == ("商品A",)
    assert stored.mark_ms == rec.info.started_ms + 88_000, "2 s reaction lag subtracted"
    rec.delete_highlight(h.uid)
    writer.flush()
    assert repo.load_events(rec.info.id) == []


def test_resume_keeps_highlights_and_does_not_refire(repo, writer) -> None:
    rec, (src,) = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    rec.ingest(src.id, [gmv(rec, 0, 0), gmv(rec, 60, 120_000)])
    writer.flush()
    with repo.db.sessions.begin() as s:  # its recorder dies
        s.get(SessionRow, rec.info.id).recorder_pid = _dead_pid()
    again, (src2,), _history = SessionRecorder.resume(repo, writer, rec.info.id, [ManualSource()])
    assert len(again.highlights) == 1 and len(again.milestones) == 1
    assert again.ingest(src2.id, [gmv(again, 120, 130_000)]) == []
    assert [m.value for m in again.ingest(src2.id, [gmv(again, 180, 510_000)])] == [500_000]


def test_personal_bests_come_from_finished_sessions(repo, writer) -> None:
    rec, (src,) = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    t0 = rec.info.started_ms
    rec.ingest(
        src.id,
        [
            Sample(t0 + 60_000, {"viewers": 1000, "gmv": 5_000_00, "watch_pv": 100}),
            Sample(t0 + 1_000_000, {"viewers": 3000, "gmv": 80_000_00, "dwell_seconds": 600}),
        ],
    )
    rec.stop()
    bests = repo.personal_bests(rec.info.streamer.id)
    assert bests.peak_viewers == 3000
    assert bests.gmv == 80_000
    assert bests.gmv_15m == 5_000
    assert bests.gpm == 800_000.0  # ¥80,000 × 1000 / 100 views
    # The next session of this streamer is measured against them.
    nxt, (s2,) = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    nxt.ingest(s2.id, [Sample(nxt.info.started_ms + 5_000, {"viewers": 2500})])
    found = nxt.ingest(s2.id, [Sample(nxt.info.started_ms + 10_000, {"viewers": 3500})])
    assert [m.detail for m in found if m.kind.value == "personal_best"] == ["peak_viewers"]


def test_upgrading_a_first_version_database_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    cfg = _alembic_config()
    cfg.set_main_option("sqlalchemy.url", sqlite_url(path))
    command.upgrade(cfg, "0001")  # a database as the first Genbo left it

    with sqlite3.connect(path) as conn:
        conn.execute("insert into streamers (name, created_ms) values ('老主播', 1)")
        conn.execute(
            "insert into live_sessions (streamer_id, title, started_ms, utc_offset_min, status, "
            "app_version, duration_s, sample_count) "
            "values (1, 'old', 1, 480, 'ended', '0.1', 60, 5)"
        )
        conn.execute(
            "insert into events (session_id, ts_ms, kind, label, payload_json) "
            "values (1, 5, 'note', 'x', '{}')"
        )
    db = open_database(sqlite_url(path))
    try:
        assert db.backup_path is not None and db.backup_path.exists()
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("select version_num from alembic_version")).scalar()
                == SCHEMA_HEAD
            )
            row = conn.execute(text("select title, gpm_fen, avg_dwell_ds from live_sessions")).one()
            assert tuple(row) == ("old", None, None)
            assert conn.execute(text("select uid from events")).scalar() is None
    finally:
        db.dispose()


def test_resuming_after_a_crash_stores_the_downtime_as_a_gap(repo, writer) -> None:
    """After kill -9 and resume, the time Genbo was down was drawn as a
    continuous line and the export had `gaps: []`."""
    from app.core.metrics import EVERY_SOURCE, NOT_RUNNING
    from app.core.series import SeriesSet
    from app.session.review import load_export_input
    from app.storage.models import SessionRow

    t0 = now_ms() - 30 * 60_000  # a show followed since half an hour ago
    info = repo.create_session(repo.get_or_create_streamer("断线"), "", t0, 480)
    src = repo.add_source(info.id, "manual", "Keyboard")
    writer.write_samples(
        info.id,
        src.id,
        [Sample(t0 + 1_000, {"viewers": 100}), Sample(t0 + 2_000, {"viewers": 120})],
    )
    writer.flush()
    # The recorder dies; its last sign of life was 26 minutes ago.
    down_from = now_ms() - 26 * 60_000
    with repo.db.sessions.begin() as s:
        row = s.get(SessionRow, info.id)
        row.recorder_pid, row.last_seen_ms = _dead_pid(), down_from
    again, (src2,), history = SessionRecorder.resume(repo, writer, info.id, [ManualSource()])
    (gap,) = again.resumed_gaps
    assert (gap.source, gap.start_ms, gap.reason) == (EVERY_SOURCE, down_from, NOT_RUNNING)
    assert gap.end_ms is not None and abs(gap.end_ms - now_ms()) < 5_000
    again.ingest(src2.id, [Sample(now_ms(), {"viewers": 150})])
    again.stop()
    assert repo.load_gaps(info.id) == [gap]
    assert load_export_input(repo, info.id, with_samples=True).gaps == [gap]
    # The lines break there, live and in review.
    live = SeriesSet(t0)
    live.add_samples(history)
    live.add_gap(gap)
    live.add_samples(repo.load_samples(info.id)[2:])
    review = SeriesSet(t0)
    review.load(repo.load_columns(info.id), [gap])
    for series in (live, review):
        buf = series.buffers["viewers"]
        t, v = buf.t, buf.v
        assert np.isnan(v).sum() == 1 and t[np.isnan(v)][0] == (down_from - t0) / 1000
