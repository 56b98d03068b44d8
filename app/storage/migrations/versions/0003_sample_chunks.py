"""samples stored as chunk blobs per (session, source, metric)

One row per value made a day-long session millions of rows, too many to read
back quickly. Each series is now stored in chunks of up to 512 points, times
and raw values as delta-encoded, zlib-compressed little-endian int64 blobs
(encoding "zd", see app.storage.chunks). Existing samples are converted, in
the order they were read back before (time, then insertion), and the old
table is dropped; the file was backed up before the upgrade.

The encoder is written out here rather than imported, so this revision keeps
producing exactly this format whatever the application's codec becomes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import logging
import zlib

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
POINTS = 512


def _zd(values: np.ndarray) -> bytes:
    arr = np.asarray(values, dtype=np.int64)
    return zlib.compress(np.diff(arr, prepend=np.int64(0)).astype("<i8").tobytes(), 1)


def upgrade() -> None:
    op.create_table(
        "sample_chunks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("first_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_ms", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("encoding", sa.String(length=8), nullable=False),
        sa.Column("ts_data", sa.LargeBinary(), nullable=False),
        sa.Column("value_data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sample_chunks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sample_chunks_session_source_metric",
            ["session_id", "source_id", "metric"],
            unique=False,
        )
    _convert(op.get_bind())
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.drop_index("ix_samples_session_metric_ts")
    op.drop_table("samples")


def _convert(conn: sa.Connection) -> None:
    keys = conn.execute(
        sa.text("SELECT DISTINCT session_id, source_id, metric FROM samples ORDER BY 1, 2, 3")
    ).all()
    insert = sa.text(
        "INSERT INTO sample_chunks (session_id, source_id, metric, first_ms, last_ms, count, "
        "encoding, ts_data, value_data) VALUES (:session_id, :source_id, :metric, :first_ms, "
        ":last_ms, :count, 'zd', :ts_data, :value_data)"
    )
    for done, (session_id, source_id, metric) in enumerate(keys, 1):
        rows = conn.execute(
            sa.text(
                "SELECT ts_ms, value FROM samples WHERE session_id = :s AND metric = :m "
                "AND source_id = :src ORDER BY ts_ms, id"
            ),
            {"s": session_id, "m": metric, "src": source_id},
        ).all()
        ts = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vals = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        chunks = []
        for i in range(0, len(rows), POINTS):
            t, v = ts[i : i + POINTS], vals[i : i + POINTS]
            chunks.append(
                {
                    "session_id": session_id,
                    "source_id": source_id,
                    "metric": metric,
                    "first_ms": int(t.min()),
                    "last_ms": int(t.max()),
                    "count": int(t.shape[0]),
                    "ts_data": _zd(t),
                    "value_data": _zd(v),
                }
            )
        if chunks:
            conn.execute(insert, chunks)
        log.info("converted series %d of %d to chunks (%d values)", done, len(keys), len(rows))


def downgrade() -> None:
    op.create_table(
        "samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("ts_ms", sa.BigInteger(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.create_index(
            "ix_samples_session_metric_ts", ["session_id", "metric", "ts_ms"], unique=False
        )
    conn = op.get_bind()
    chunks = conn.execute(
        sa.text(
            "SELECT session_id, source_id, metric, encoding, count, ts_data, value_data "
            "FROM sample_chunks ORDER BY id"
        )
    ).all()
    for session_id, source_id, metric, encoding, count, ts_data, value_data in chunks:
        ts, vals = (_decode(b, encoding, count) for b in (ts_data, value_data))
        conn.execute(
            sa.text(
                "INSERT INTO samples (session_id, source_id, ts_ms, metric, value) "
                "VALUES (:s, :src, :t, :m, :v)"
            ),
            [
                {"s": session_id, "src": source_id, "t": t, "m": metric, "v": v}
                for t, v in zip(ts.tolist(), vals.tolist(), strict=True)
            ],
        )
    with op.batch_alter_table("sample_chunks", schema=None) as batch_op:
        batch_op.drop_index("ix_sample_chunks_session_source_metric")
    op.drop_table("sample_chunks")


def _decode(blob: bytes, encoding: str, count: int) -> np.ndarray:
    if encoding == "raw":
        arr = np.frombuffer(blob, dtype="<i8")
    else:
        arr = np.cumsum(np.frombuffer(zlib.decompress(blob), dtype="<i8"))
    assert arr.shape[0] == count
    return arr
