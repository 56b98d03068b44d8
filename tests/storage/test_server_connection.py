"""How Genbo reaches a team server: the password kept in the keyring for
it (never in the URL, the settings or the log), and TLS when the URL asks
for it (`sslmode=require`), against a real PostgreSQL on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config.paths import AppPaths
from app.config.secret_store import SecretStore
from app.storage.database import (
    ServerConnectError,
    StorageError,
    database_url,
    open_database,
    password_secret_name,
)
from tests import pg


@pytest.fixture
def team_db() -> Iterator[str]:
    _url, name = pg.fresh_database()
    yield name
    pg.drop_database(name)


def _paths(tmp_path: Path, url: str) -> AppPaths:
    return AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs", db_url=url)


def test_the_password_comes_from_the_keyring(
    team_db: str, tmp_path: Path, dict_keyring: object
) -> None:
    srv = pg.server()
    srv.execute("DO $$ BEGIN CREATE ROLE carol LOGIN PASSWORD 's3cret-Pw'; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    srv.execute(f'GRANT ALL ON DATABASE "{team_db}" TO carol')
    srv.execute("GRANT ALL ON SCHEMA public TO carol", team_db)
    url = srv.url(team_db, "carol")  # no password in it
    paths = _paths(tmp_path, url)

    # Nothing kept yet: the server refuses, in words that name it (no password shown).
    with pytest.raises(ServerConnectError) as refused:
        open_database(database_url(paths, SecretStore(use_keyring=True)))
    assert "no password supplied" in str(refused.value)
    assert "secret set db-password" in str(refused.value)
    assert not refused.value.unreachable  # refused, not offline

    SecretStore(use_keyring=True).set(password_secret_name(url), "s3cret-Pw")
    assert ("genbo", password_secret_name(url)) in dict_keyring.data  # type: ignore[attr-defined]
    assert password_secret_name(url) == f"db-password:carol@127.0.0.1:{srv.port}/{team_db}"
    db = open_database(database_url(paths, SecretStore(use_keyring=True)))
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar_one() == "carol"
    finally:
        db.dispose()
    assert "s3cret" not in paths.database_label
    # A password given in the URL itself is used as it is (and never shown).
    given = srv.url(team_db, "carol", "s3cret-Pw")
    assert database_url(_paths(tmp_path, given), SecretStore(use_keyring=False)) == given
    assert "s3cret" not in _paths(tmp_path, given).database_label


needs_tls = pytest.mark.skipif(
    pg.tls_bin() is None and not os.environ.get("CI"),
    reason="the TLS test needs PostgreSQL built with TLS: apt-get install postgresql "
    "(.ci/run installs it; in CI a missing one fails)",
)


@needs_tls
def test_sslmode_require_connects_over_tls_and_refuses_a_plain_server(tmp_path: Path) -> None:
    tls = pg.Cluster.create(ssl=True)
    try:
        url, _name = tls.create_database()
        db = open_database(url + "?sslmode=require")
        try:
            with db.engine.connect() as conn:
                on = conn.execute(
                    text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                ).scalar_one()
            assert on is True
        finally:
            db.dispose()
    finally:
        tls.destroy()
    plain_url, plain = pg.fresh_database()
    try:
        with pytest.raises(StorageError) as refused:
            open_database(plain_url + "?sslmode=require")
        assert "SSL" in str(refused.value)
    finally:
        pg.drop_database(plain)
    # A server nobody runs: unreachable (Genbo records on this computer then).
    with pytest.raises(ServerConnectError) as away:
        open_database(f"postgresql+psycopg://x@127.0.0.1:{_closed_port()}/genbo")
    assert away.value.unreachable


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again once returned


def test_genbo_secret_set_db_password_keeps_it_for_that_server(
    team_db: str, tmp_path: Path
) -> None:
    """The command an operator runs once: the password goes to the keyring
    (a file-backed one here, as a desktop's would be), and every later
    command with the same --db URL logs in with it."""
    import json
    import subprocess
    import sys

    from tests.test_secrets_never_stored import FILE_KEYRING, KEYRING_FILE

    srv = pg.server()
    srv.execute("DO $$ BEGIN CREATE ROLE erin LOGIN PASSWORD 'erin-Pw-9'; "
                "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    srv.execute(f'GRANT ALL ON DATABASE "{team_db}" TO erin')
    srv.execute("GRANT ALL ON SCHEMA public TO erin", team_db)
    url = srv.url(team_db, "erin")
    (tmp_path / "kr").mkdir()
    (tmp_path / "kr" / "genbo_file_keyring.py").write_text(FILE_KEYRING)
    keyring_file = tmp_path / "keyring.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(tmp_path / "kr"), os.environ.get("PYTHONPATH")) if p
        ),
        "PYTHON_KEYRING_BACKEND": "genbo_file_keyring.FileKeyring",
        KEYRING_FILE: str(keyring_file),
        "LANG": "en_US.UTF-8",
    }

    def genbo(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "--db", url]
        return subprocess.run(
            [*cmd, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
        )

    before = genbo("sessions", "--json")
    assert before.returncode != 0 and "no password supplied" in before.stderr
    saved = genbo("secret", "set", "db-password", stdin="erin-Pw-9\n")
    assert saved.returncode == 0, saved.stderr
    assert json.loads(keyring_file.read_text()) == {
        f"genbo/{password_secret_name(url)}": "erin-Pw-9"
    }
    after = genbo("sessions", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == []
    assert "erin-Pw-9" not in after.stderr + after.stdout
