"""Reopening and exporting a day-long session.

A session of 24 h at 10 Hz with 8 metrics (6.9 million stored values) is
written straight into a fresh database (built once, then reused from the
temp folder). Then, in the same run:

* baseline: a plain SELECT of the same rows (ts, metric, value), fetched;
* genbo: what History does when the session is opened — load it (the review
  loader: samples, gaps, events, stats) and show it in a session view until
  the plots are drawn. Target ≤ 2 s.
* export to CSV and JSON the way the export dialog does (load + write).
  Target ≤ 10 s each.
"""

from __future__ import annotations

import os
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
DB = Path(tempfile.gettempdir()) / "genbo-bench-review-v2" / "genbo.db"


def build() -> int:
    """The session id, building the database if it is not there yet."""
    if DB.exists():
        repo = Repository(open_database(f"sqlite:///{DB}"))
        (info,) = repo.list_sessions()
        repo.db.dispose()
        return info.id
    DB.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    building = DB.with_name("building.db")  # renamed once complete
    building.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{building}")
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("bench"), "a day", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    # A highlight every 20 minutes, as an operator would mark them.
    from app.core.highlights import Highlight, highlight_record, new_uid
    from app.storage.writer import DatabaseWriter

    writer = DatabaseWriter(db)
    writer.start()
    for k in range(72):
        mark = T0 + (k * 20 + 7) * 60_000
        writer.write_event(info.id, highlight_record(Highlight(new_uid(), mark, f"moment {k}")))
    writer.close()
    db.dispose()
    model = LiveShowModel(seed=5, planned_s=N / 10)
    conn = sqlite3.connect(building)
    batch = []
    for i in range(N):
        values = model.step(0.1)
        ts = T0 + i * 100
        batch.extend((info.id, src.id, ts, k, values[k]) for k in KEYS)
        if len(batch) >= 400_000:
            conn.executemany(
                "INSERT INTO samples (session_id, source_id, ts_ms, metric, value) "
                "VALUES (?, ?, ?, ?, ?)",
                batch,
            )
            batch.clear()
    if batch:
        conn.executemany(
            "INSERT INTO samples (session_id, source_id, ts_ms, metric, value) "
            "VALUES (?, ?, ?, ?, ?)",
            batch,
        )
    conn.execute(
        "UPDATE live_sessions SET status='ended', ended_ms=?, duration_s=?, sample_count=? "
        "WHERE id=?",
        (T0 + N * 100, N // 10, N, info.id),
    )
    conn.commit()
    conn.close()
    building.rename(DB)
    print(f"(built the day-long database in {time.perf_counter() - t0:.0f} s)")
    return info.id


def main() -> None:
    sid = build()
    t0 = time.perf_counter()
    conn = sqlite3.connect(DB)
    rows = conn.execute(
        "SELECT ts_ms, metric, value FROM samples WHERE session_id = ?", (sid,)
    ).fetchall()
    conn.close()
    base = time.perf_counter() - t0
    print(f"plain SELECT of {len(rows):,} rows   {base:6.2f} s")
    del rows

    from PySide6.QtWidgets import QApplication

    from app.exports import ExportOptions, export
    from app.review import load_export_input, load_review
    from app.ui.main import make_application
    from app.ui.session_view import SessionView

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
            size = len(out.text)
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
