import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.storage.database import (
    MIGRATIONS_DIR,
    NewerDatabaseError,
    NotGenboDatabaseError,
    StorageError,
    head_revision,
    integrity_check,
    open_database,
    sqlite_url,
)
from app.storage.models import Base
from app.storage.repository import Repository

EXTRA_REVISION = '''"""a later schema step (test only)"""
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("streamers") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("streamers") as batch:
        batch.drop_column("note")
'''


@pytest.fixture
def newer_migrations(tmp_path: Path) -> Path:
    """A copy of the real migrations plus one later revision, as a newer Genbo ships."""
    d = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, d, ignore=shutil.ignore_patterns("__pycache__"))
    (d / "versions" / "9001_later.py").write_text(EXTRA_REVISION.format(head=head_revision()))
    return d


def test_migrates_an_empty_file_to_head(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = open_database(sqlite_url(path))
    try:
        assert path.exists()
        assert db.backup_path is None, "nothing to back up in a new file"
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            # The migrations produce exactly the models' schema.
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert integrity_check(db) == "ok"
    finally:
        db.dispose()


def test_sqlite_pragmas(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_reopening_current_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    open_database(sqlite_url(path)).dispose()
    db = open_database(sqlite_url(path))
    assert db.backup_path is None
    db.dispose()


def test_upgrade_backs_up_the_file_first(tmp_path: Path, newer_migrations: Path) -> None:
    path = tmp_path / "g.db"
    db = open_database(sqlite_url(path))
    Repository(db).get_or_create_streamer("老王")
    db.dispose()

    db2 = open_database(sqlite_url(path), migrations_dir=newer_migrations)
    try:
        assert db2.backup_path is not None and db2.backup_path.exists()
        with sqlite3.connect(db2.backup_path) as old:
            assert old.execute("select version_num from alembic_version").fetchone()[0] == (
                head_revision()
            )
            assert old.execute("select name from streamers").fetchall() == [("老王",)]
        with db2.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "9001"
            assert conn.execute(text("select name, note from streamers")).all() == [("老王", None)]
    finally:
        db2.dispose()


def test_refuses_a_database_from_a_newer_genbo(tmp_path: Path, newer_migrations: Path) -> None:
    path = tmp_path / "g.db"
    open_database(sqlite_url(path), migrations_dir=newer_migrations).dispose()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as info:
        open_database(sqlite_url(path))
    assert info.value.revision == "9001"
    assert "newer version of Genbo" in str(info.value)
    assert "Nothing was changed" in str(info.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("g.db.backup-*"))


def test_refuses_a_foreign_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table invoices (id integer primary key)")
    with pytest.raises(NotGenboDatabaseError, match="not a Genbo database"):
        open_database(sqlite_url(path))


def test_garbage_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="could not read the database"):
        open_database(sqlite_url(path))
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_the_schema_head_constant_matches_the_migrations() -> None:
    from app.storage.database import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
