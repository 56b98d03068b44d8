"""Reading a Genbo database the way another process would: plain `sqlite3`,
with the stored chunks decoded into a temporary one-row-per-value `samples`
table, so a test can ask its questions in SQL. The file is not changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.storage import chunks


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TEMP TABLE samples (session_id INTEGER, source_id INTEGER, ts_ms INTEGER, "
        "metric TEXT, value INTEGER)"
    )
    stored = conn.execute(
        "SELECT session_id, source_id, metric, encoding, count, ts_data, value_data "
        "FROM sample_chunks ORDER BY id"
    ).fetchall()
    for session_id, source_id, metric, encoding, count, ts_data, value_data in stored:
        ts = chunks.decode(ts_data, encoding, count).tolist()
        values = chunks.decode(value_data, encoding, count).tolist()
        conn.executemany(
            "INSERT INTO samples VALUES (?, ?, ?, ?, ?)",
            [(session_id, source_id, t, metric, v) for t, v in zip(ts, values, strict=True)],
        )
    return conn
