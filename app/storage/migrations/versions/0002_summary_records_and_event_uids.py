"""summary records (GPM, average dwell) for personal bests; event uids

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gpm_fen", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("avg_dwell_ds", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_events_uid", ["uid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_uid")
        batch_op.drop_column("uid")
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.drop_column("avg_dwell_ds")
        batch_op.drop_column("gpm_fen")
