"""the month: library fields, streamers as records, schedules, month sums, minute curves

Sessions gain a globally unique id (so an import of the same session finds
it), their local start day (date filters and months in integer SQL), notes,
tags, the planned start they answer to, their detail level, a trash mark and
more summary figures (average viewers, orders, buyers, views, followers,
spend; `summary_version` 0 marks rows the application recomputes from their
samples). Streamers gain a unique id, the platform's account ID, notes and an
archived flag, and a schedule of planned starts. `streamer_months` holds each
streamer's recorded GMV per month (filled here from the sessions) and the
platform's own figure; `minute_curves` holds per-minute curves for
comparisons and the ghost line.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _day(ms: int, offset_min: int) -> int:
    tz = timezone(timedelta(minutes=offset_min))
    d = datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).date()
    return d.year * 10000 + d.month * 100 + d.day


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("streamers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uid", sa.String(length=36), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("account_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default="0"))
    for (sid,) in conn.execute(sa.text("SELECT id FROM streamers")).all():
        conn.execute(
            sa.text("UPDATE streamers SET uid = :u WHERE id = :i"),
            {"u": str(uuid.uuid4()), "i": sid},
        )
    # Plain CREATE INDEX, no table rebuild: SQLite would have to drop a table
    # that other tables' rows point to.
    op.create_index("ix_streamers_uid", "streamers", ["uid"], unique=True)
    op.create_index(
        "ix_streamers_platform_account", "streamers", ["platform", "account_id"], unique=True
    )

    op.create_table(
        "streamer_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("streamer_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["streamer_id"], ["streamers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_streamer_schedules_streamer_id", "streamer_schedules", ["streamer_id"], unique=False
    )

    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        for name in (
            "avg_viewers", "orders", "buyers", "watch_uv", "watch_pv", "new_followers",
            "spend_fen", "planned_start_ms", "deleted_ms",
        ):  # fmt: skip
            batch_op.add_column(sa.Column(name, sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("summary_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("uid", sa.String(length=36), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("local_day", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("tags", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("detail", sa.String(length=16), nullable=False, server_default="full")
        )
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    rows = conn.execute(
        sa.text(
            "SELECT s.id, s.started_ms, s.utc_offset_min, s.title, t.name "
            "FROM live_sessions s JOIN streamers t ON t.id = s.streamer_id"
        )
    ).all()
    for sid, started, offset, title, name in rows:
        conn.execute(
            sa.text(
                "UPDATE live_sessions SET uid = :u, local_day = :d, search_text = :t WHERE id = :i"
            ),
            {
                "u": str(uuid.uuid4()),
                "d": _day(started, offset),
                "t": f"{name}\n{title}".casefold(),
                "i": sid,
            },
        )
    # The library's indexes: each list and filter reads one of them in order
    # (see Repository.query_sessions). The streamer index gains the trash mark.
    op.drop_index("ix_live_sessions_streamer_started", table_name="live_sessions")
    for name, columns, unique in (
        ("ix_live_sessions_streamer_started", ["streamer_id", "deleted_ms", "started_ms"], False),
        ("ix_live_sessions_uid", ["uid"], True),
        ("ix_live_sessions_day", ["local_day", "deleted_ms", "started_ms"], False),
        ("ix_live_sessions_streamer_day", ["streamer_id", "local_day"], False),
        ("ix_live_sessions_started", ["deleted_ms", "started_ms"], False),
        ("ix_live_sessions_search", ["deleted_ms", "started_ms", "search_text"], False),
        ("ix_live_sessions_gmv", ["deleted_ms", "gmv_fen", "started_ms"], False),
    ):
        op.create_index(name, "live_sessions", columns, unique=unique)
    op.create_index(
        "ix_live_sessions_punctuality",
        "live_sessions",
        ["started_ms", "streamer_id", "planned_start_ms", "deleted_ms"],
        unique=False,
    )

    op.create_table(
        "streamer_months",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("streamer_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("recorded_gmv_fen", sa.BigInteger(), nullable=False),
        sa.Column("platform_gmv_fen", sa.BigInteger(), nullable=True),
        sa.Column("platform_source", sa.String(length=16), nullable=True),
        sa.Column("platform_updated_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["streamer_id"], ["streamers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("streamer_id", "month", name="uq_streamer_months_streamer_month"),
    )
    op.create_index("ix_streamer_months_month", "streamer_months", ["month"], unique=False)
    conn.execute(
        sa.text(
            "INSERT INTO streamer_months (streamer_id, month, sessions, recorded_gmv_fen) "
            "SELECT streamer_id, local_day / 100, COUNT(*), COALESCE(SUM(gmv_fen), 0) "
            "FROM live_sessions GROUP BY streamer_id, local_day / 100"
        )
    )

    op.create_table(
        "minute_curves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("encoding", sa.String(length=8), nullable=False),
        sa.Column("value_data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "metric", name="uq_minute_curves_session_metric"),
    )


def downgrade() -> None:
    op.drop_table("minute_curves")
    op.drop_table("streamer_months")
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        for ix in (
            "ix_live_sessions_punctuality", "ix_live_sessions_gmv", "ix_live_sessions_search",
            "ix_live_sessions_started", "ix_live_sessions_streamer_day",
            "ix_live_sessions_day", "ix_live_sessions_uid", "ix_live_sessions_streamer_started",
        ):  # fmt: skip
            batch_op.drop_index(ix)
        batch_op.create_index(
            "ix_live_sessions_streamer_started", ["streamer_id", "started_ms"], unique=False
        )
        for name in (
            "search_text", "detail", "tags", "notes", "local_day", "uid", "summary_version",
            "deleted_ms", "planned_start_ms", "spend_fen", "new_followers", "watch_pv", "watch_uv",
            "buyers", "orders", "avg_viewers",
        ):  # fmt: skip
            batch_op.drop_column(name)
    op.drop_table("streamer_schedules")
    with op.batch_alter_table("streamers", schema=None) as batch_op:
        batch_op.drop_index("ix_streamers_platform_account")
        batch_op.drop_index("ix_streamers_uid")
        for name in ("archived", "notes", "account_id", "uid"):
            batch_op.drop_column(name)
