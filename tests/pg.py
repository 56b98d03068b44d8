"""A real PostgreSQL for the tests: `pgserver` (PyPI) carries the server's
binaries, so nothing needs installing on the machine and no root; one server
per test process, in a temporary folder, and a fresh database per test.

Why pgserver: it starts a real PostgreSQL 16 from a wheel on any Linux or
macOS machine (as root too, where Debian's `postgres` refuses to run), so
`make test` needs no system packages for it; pytest-postgresql would need
Debian's binaries and a non-root user."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

_server: Any = None
_counter = itertools.count(1)


def server() -> Any:
    """The process's PostgreSQL (started on first use, stopped at exit)."""
    global _server
    if _server is None:
        import os

        # pgserver keeps its lock files in the runtime folder, which a CI
        # machine's root has none of (platformdirs warns, and warnings fail).
        os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="genbo-run-"))
        import pgserver

        folder = Path(tempfile.mkdtemp(prefix="genbo-pg-"))
        _server = pgserver.get_server(folder, cleanup_mode="delete")
    return _server


def fresh_database() -> tuple[str, str]:
    """(SQLAlchemy URL, name) of a new empty database on the server."""
    import psycopg

    srv = server()
    name = f"genbo_test_{next(_counter)}"
    uri = srv.get_uri()
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = uri.replace("postgresql://", "postgresql+psycopg://", 1).replace(
        "/postgres?", f"/{name}?", 1
    )
    return url, name


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(server().get_uri(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
