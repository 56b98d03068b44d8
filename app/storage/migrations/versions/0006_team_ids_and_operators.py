"""team: globally unique ids for sources, gaps and ad rows; who rode along

A team's Genbos write into one server and copy histories between databases
(`genbo sync`, the offline spool), so every row that is copied carries an id
made where it was created: sessions, streamers and events have one already;
sources, gaps and ad report rows get one here (filled for the rows there
are). Sessions gain `operator`, the name of who rode along, with an index
for the library's and the roster's filter.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("sources", "gaps", "ad_report_rows")


def upgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        # Plain ADD COLUMN and CREATE INDEX, no table rebuild (SQLite would
        # have to drop tables other rows point to).
        op.add_column(table, sa.Column("uid", sa.String(length=36), nullable=True))
        ids = [r[0] for r in conn.execute(sa.text(f"SELECT id FROM {table}")).all()]
        if ids:
            conn.execute(
                sa.text(f"UPDATE {table} SET uid = :u WHERE id = :i"),
                [{"u": str(uuid.uuid4()), "i": i} for i in ids],
            )
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)
    op.add_column("live_sessions", sa.Column("operator", sa.String(length=100), nullable=True))
    op.create_index(
        "ix_live_sessions_operator",
        "live_sessions",
        ["operator", "deleted_ms", "started_ms"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_live_sessions_operator", table_name="live_sessions")
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.drop_column("operator")
    for table in TABLES:
        op.drop_index(f"ix_{table}_uid", table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("uid")
