"""Milestones and highlights through the recorder into the database and back."""

import sqlite3
from dataclasses import replace
from pathlib import Path

from alembic import command
from sqlalchemy import text

from app.core.highlights import highlight_from_record, mark_now
from app.core.metrics import Sample
from app.recording import SessionRecorder
from app.sources.manual import ManualSource
from app.storage.database import SCHEMA_HEAD, _alembic_config, open_database, sqlite_url


def gmv(rec: SessionRecorder, sec: float, yuan: float) -> Sample:
    return Sample(rec.info.started_ms + int(sec * 1000), {"gmv": round(yuan * 100)}, "manual")


def test_milestones_are_stored_with_an_automatic_highlight(repo, writer) -> None:
    rec, (src,) = SessionRecorder.start_new(repo, writer, "主播", "", [ManualSource()])
    found = rec.ingest(src.id, [gmv(rec, 0, 0), gmv(rec, 60, 120_000)])
    assert [m.value for m in found] == [100_000]
    writer.flush()
    events = repo.load_events(rec.info.id)
    assert [e.kind for e in events] == ["milestone", "highlight"]
    assert events[0].label == "GMV passed ¥10万"
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
    found = nxt.ingest(s2.id, [Sample(nxt.info.started_ms + 5_000, {"viewers": 3500})])
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
