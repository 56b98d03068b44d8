"""paid traffic: the platforms' ad report rows (磁力金牛, 千川) and typed figures

One row per platform, account, day and plan (the report's own grain), matched
to a streamer, with the spend and each window's GMV and orders as columns
(direct, T0, T7, T15, T30; NULL where the window has not settled or the
platform has none), and the "as of" day of the export it came from. Figures
typed for one session are rows of their own with the session's id.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WINDOWS = ("direct", "t0", "t7", "t15", "t30")


def upgrade() -> None:
    window_columns = []
    for w in WINDOWS:
        window_columns.append(sa.Column(f"{w}_gmv_fen", sa.BigInteger(), nullable=True))
        window_columns.append(sa.Column(f"{w}_orders", sa.BigInteger(), nullable=True))
    op.create_table(
        "ad_report_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.String(length=100), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(length=100), nullable=False),
        sa.Column("plan_name", sa.String(length=400), nullable=False),
        sa.Column("room_name", sa.String(length=400), nullable=False),
        sa.Column("streamer_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("spend_fen", sa.BigInteger(), nullable=False),
        *window_columns,
        sa.Column("as_of_day", sa.Integer(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["streamer_id"], ["streamers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["live_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "platform", "account_id", "day", "plan_id", name="uq_ad_report_rows_key"
        ),
    )
    op.create_index(
        "ix_ad_report_rows_streamer_day", "ad_report_rows", ["streamer_id", "day"], unique=False
    )
    op.create_index("ix_ad_report_rows_session", "ad_report_rows", ["session_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ad_report_rows_session", table_name="ad_report_rows")
    op.drop_index("ix_ad_report_rows_streamer_day", table_name="ad_report_rows")
    op.drop_table("ad_report_rows")
