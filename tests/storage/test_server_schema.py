"""The schema on a team server (a real PostgreSQL): created by the same
migrations as the file, refused when a newer Genbo wrote it, and upgraded only
when asked — there is no file to copy first."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.storage.database import (
    MIGRATIONS_DIR,
    NewerDatabaseError,
    ServerUpgradeNeededError,
    open_database,
)
from app.storage.models import Base
from app.storage.repository import Repository
from tests import pg
from tests.storage.test_database import EXTRA_REVISION, head_revision


@pytest.fixture
def server_url() -> Iterator[str]:
    url, name = pg.fresh_database()
    yield url
    pg.drop_database(name)


@pytest.fixture
def newer_migrations(tmp_path: Path) -> Path:
    d = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, d, ignore=shutil.ignore_patterns("__pycache__"))
    (d / "versions" / "9001_later.py").write_text(EXTRA_REVISION.format(head=head_revision()))
    return d


def revision(url: str) -> str | None:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        db.dispose()


def test_the_migrations_make_the_models_schema_on_postgresql(server_url: str) -> None:
    db = open_database(server_url)
    try:
        assert db.backup_path is None and db.sqlite_path is None
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            assert ctx.get_current_revision() == head_revision()
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        db.dispose()


def test_an_older_server_is_upgraded_only_when_asked(
    server_url: str, newer_migrations: Path
) -> None:
    db = open_database(server_url)
    Repository(db).get_or_create_streamer("老王")
    db.dispose()
    # A newer Genbo opening the team's server: refused in words, nothing changed.
    with pytest.raises(ServerUpgradeNeededError) as info:
        open_database(server_url, migrations_dir=newer_migrations)
    words = str(info.value)
    assert "Back the server up first" in words and "genbo --db URL upgrade" in words
    assert "***" in words or "postgres:@" not in words  # no password in the words
    assert revision(server_url) == head_revision()
    # Asked: upgraded once, the rows kept.
    db = open_database(server_url, migrations_dir=newer_migrations, upgrade_server=True)
    try:
        assert [s.name for s in Repository(db).list_streamers()] == ["老王"]
    finally:
        db.dispose()
    # The older Genbo now refuses the newer schema and never writes.
    with pytest.raises(NewerDatabaseError):
        open_database(server_url)


def test_genbo_upgrade_says_what_it_did(server_url: str, data_dir: Path) -> None:
    from tests.cli.test_cli import genbo_here

    r = genbo_here("upgrade", "--db", server_url, data_dir=data_dir)
    assert r.returncode == 0, r.stderr
    assert "is at schema" in r.stdout
    r = genbo_here("upgrade", data_dir=data_dir)
    assert r.returncode == 0 and "upgrades itself" in r.stdout
