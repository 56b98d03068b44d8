"""Reopening and exporting a day-long session.

A session of 24 h at 10 Hz with 8 metrics (6.9 million values) is written
one row per value into a database of schema 0002 (how Genbo stored samples
before chunks), and a copy is upgraded by Genbo to chunked samples; both are
built once, then reused from the temp folder. Then, in the same run:

* baseline: a plain SELECT of the same rows (ts, metric, value), fetched;
* genbo: what History does when the session is opened — load it (the review
  loader: samples, gaps, events, stats) and show it in a session view until
  the plots are drawn. Target ≤ 2 s.
* export to CSV and JSON the way the export dialog does (load + write).
  Target ≤ 10 s each.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.sources.simulator import LiveShowModel
from app.storage.database import open_database
from app.storage.repository import Repository

T0 = 1_700_000_000_000
N = 864_000
KEYS = ("viewers", "dwell_seconds", "gmv", "orders", "buyers", "new_followers", "watch_uv", "likes")
FOLDER = Path(tempfile.gettempdir()) / "genbo-bench-review-v3"
ROWS_DB = FOLDER / "rows-0002.db"
"""The day stored one row per value, as schema 0002 kept samples: the baseline."""
DB = FOLDER / "genbo.db"
"""The same database upgraded by Genbo to chunked samples."""


def build_rows() -> None:
    from alembic import command

    from app.core.highlights import Highlight, highlight_record, new_uid
    from app.storage.database import _alembic_config, sqlite_url

    FOLDER.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    building = FOLDER / "building.db"  # renamed once complete
    building.unlink(missing_ok=True)
    cfg = _alembic_config()
    cfg.set_main_option("sqlalchemy.url", sqlite_url(building))
    command.upgrade(cfg, "0002")
    conn = sqlite3.connect(building)
    conn.execute("INSERT INTO streamers (name, created_ms) VALUES ('bench', ?)", (T0,))
    conn.execute(
        "INSERT INTO live_sessions (streamer_id, title, started_ms, utc_offset_min, status, "
        "app_version, duration_s, sample_count, ended_ms) "
        "VALUES (1, 'a day', ?, 480, 'ended', 'bench', ?, ?, ?)",
        (T0, N // 10, N, T0 + N * 100),
    )
    conn.execute(
        "INSERT INTO sources (session_id, kind, label, config_json) "
        "VALUES (1, 'simulator', 'Simulator', '{}')"
    )
    # A highlight every 20 minutes, as an operator would mark them.
    for k in range(72):
        record = highlight_record(Highlight(new_uid(), T0 + (k * 20 + 7) * 60_000, f"moment {k}"))
        conn.execute(
            "INSERT INTO events (uid, session_id, ts_ms, kind, label, payload_json) "
            "VALUES (?, 1, ?, ?, ?, ?)",
            (record.uid, record.ts_ms, record.kind, record.label, json.dumps(record.payload)),
        )
    model = LiveShowModel(seed=5, planned_s=N / 10)
    batch = []
    insert = (
        "INSERT INTO samples (session_id, source_id, ts_ms, metric, value) VALUES (1, 1, ?, ?, ?)"
    )
    for i in range(N):
        values = model.step(0.1)
        ts = T0 + i * 100
        batch.extend((ts, k, values[k]) for k in KEYS)
        if len(batch) >= 400_000:
            conn.executemany(insert, batch)
            batch.clear()
    conn.executemany(insert, batch)
    conn.commit()
    conn.close()
    building.rename(ROWS_DB)
    print(f"(built the day-long database of rows in {time.perf_counter() - t0:.0f} s)")


def build() -> int:
    """The session id, building the databases if they are not there yet."""
    if not ROWS_DB.exists():
        build_rows()
    if not DB.exists():
        upgrading = FOLDER / "upgrading.db"
        shutil.copyfile(ROWS_DB, upgrading)
        t0 = time.perf_counter()
        open_database(f"sqlite:///{upgrading}").dispose()
        took = time.perf_counter() - t0
        for backup in FOLDER.glob("upgrading.db.backup-*"):
            backup.unlink()
        upgrading.rename(DB)
        print(f"(Genbo upgraded that database to chunked samples in {took:.0f} s, once)")
    repo = Repository(open_database(f"sqlite:///{DB}"))
    (info,) = repo.list_sessions()
    repo.db.dispose()
    return info.id


def main() -> None:
    sid = build()
    t0 = time.perf_counter()
    conn = sqlite3.connect(ROWS_DB)
    rows = conn.execute(
        "SELECT ts_ms, metric, value FROM samples WHERE session_id = ?", (sid,)
    ).fetchall()
    conn.close()
    base = time.perf_counter() - t0
    print(f"plain SELECT of {len(rows):,} rows   {base:6.2f} s")
    del rows

    from PySide6.QtWidgets import QApplication

    from app.exports import ExportOptions, export
    from app.session.review import load_export_input, load_review
    from app.ui.shell.main import make_application
    from app.ui.view.session_view import SessionView

    make_application()
    repo = Repository(open_database(f"sqlite:///{DB}"))
    t0 = time.perf_counter()
    data = load_review(repo, sid)
    loaded = time.perf_counter() - t0
    view = SessionView()
    view.resize(1600, 900)
    view.show()
    view.show_finished(data.info, data.series, data.snapshot, data.gaps, data.milestones)
    QApplication.processEvents()
    view.plots.graphics.viewport().repaint()
    shown = time.perf_counter() - t0
    ok = shown <= 2
    print(
        f"genbo: open in review          {shown:6.2f} s (loading {loaded:.2f} s)   "
        f"ratio {shown / base:.1f}×   target ≤ 2 s: {'met' if ok else 'NOT met'}"
    )
    for fmt in ("csv", "json"):
        t0 = time.perf_counter()
        inp = load_export_input(repo, sid, with_samples=fmt == "json")
        try:
            out = export(fmt, inp, ExportOptions())
            out.save(FOLDER / f"export.{fmt}")  # as the export dialog does
            size = len(out)
        except Exception as exc:  # a bench reports; it does not stop
            size = 0
            print(f"  {fmt}: {exc}")
        took = time.perf_counter() - t0
        verdict = "met" if took <= 10 else "NOT met"
        print(
            f"genbo: export {fmt:4s}              {took:6.2f} s ({size:,} characters)   "
            f"target ≤ 10 s: {verdict}"
        )
    repo.db.dispose()


if __name__ == "__main__":
    main()
