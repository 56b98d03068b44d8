"""A real PostgreSQL for the tests, on 127.0.0.1 in a temporary folder.

The server's binaries come from the `pgserver` wheel (PyPI): a real
PostgreSQL 16 on any Linux or macOS machine with nothing to install and no
root needed (pytest-postgresql would need Debian's binaries, and Debian's
`postgres` refuses to run as root, which CI is). Genbo's tests start the
cluster themselves with those binaries (`initdb`, `pg_ctl`) rather than
through pgserver's own manager: they need it on a TCP port of 127.0.0.1, as
a team's server is reached, with password logins for the roles, and a
server they can stop and start again under a recording (`Cluster.stop`).

One cluster per test process (`server()`), a fresh database per test
(`fresh_database()`); a test that stops its server gets a cluster of its own
(`Cluster.create()`)."""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
_counter = itertools.count(1)
_server: Cluster | None = None


def _wheel_bin() -> Path:
    """The wheel's PostgreSQL binaries (found without importing pgserver,
    whose import looks for a runtime folder a CI root has none of)."""
    import importlib.util

    spec = importlib.util.find_spec("pgserver")
    assert spec is not None and spec.submodule_search_locations, "pip install pgserver"
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def tls_bin() -> Path | None:
    """PostgreSQL binaries built with TLS: the wheel's are not, so Debian's
    `postgresql` package (which `.ci/run` installs) serves the TLS test."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return found[-1].parent if found else None


def _system_user(name: str) -> tuple[int, int]:
    """(uid, gid) of a system user, made if there is none."""
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", name], check=True)
        entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One PostgreSQL data folder and its server on 127.0.0.1:`port`."""

    def __init__(self, folder: Path, port: int, run_as: str | None, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.run_as = run_as
        self.running = False

    @classmethod
    def create(cls, *, ssl: bool = False) -> Cluster:
        """`ssl`: the server also takes TLS connections (a self-signed
        certificate made with openssl), as a team server reached over a
        network should; it needs Debian's binaries (`tls_bin`)."""
        bin_dir = _wheel_bin()
        if ssl:
            found = tls_bin()
            assert found is not None, (
                "TLS needs PostgreSQL built with it: apt-get install postgresql"
            )
            bin_dir = found
        folder = Path(tempfile.mkdtemp(prefix="genbo-pg-"))
        run_as = None
        if os.geteuid() == 0:
            # PostgreSQL never runs as root: as root (CI), a system user of
            # its own runs it (made once, as pgserver does).
            run_as = "pgserver"
            uid, gid = _system_user(run_as)
            folder.chmod(0o755)
            os.chown(folder, uid, gid)
        cluster = cls(folder, _free_port(), run_as, bin_dir)
        cluster._run(
            str(cluster.bin_dir / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        # The superuser logs in without a password; every other role with its
        # own (scram-sha-256), as on a team's server.
        (cluster.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n",
            encoding="utf-8",
        )
        with open(cluster.data / "postgresql.conf", "a", encoding="utf-8") as f:
            f.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"port = {cluster.port}\n"
                f"unix_socket_directories = '{cluster.folder}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\n"
            )
        if ssl:
            subprocess.run(
                ["openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj",
                 "/CN=127.0.0.1", "-keyout", str(cluster.data / "server.key"),
                 "-out", str(cluster.data / "server.crt")],
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
            (cluster.data / "server.key").chmod(0o600)
            with open(cluster.data / "postgresql.conf", "a", encoding="utf-8") as f:
                f.write("ssl = on\n")
        if run_as is not None:
            for name in ("pg_hba.conf", "server.key", "server.crt"):
                if (cluster.data / name).exists():
                    shutil.chown(cluster.data / name, run_as, run_as)
        atexit.register(cluster.destroy)
        cluster.start()
        return cluster

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.folder,
            timeout=60,
            user=self.run_as,
        )
        if done.returncode:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip()}\n{tail}")

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate`: as if its machine went away)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def destroy(self) -> None:
        if self.running:
            with contextlib.suppress(subprocess.SubprocessError, OSError, RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        """The SQLAlchemy URL of `database` as `user`."""
        auth = f"{user}:{password}" if password else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The libpq connection string (psycopg) of `database` as the superuser."""
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as conn:
            conn.execute(sql.encode())

    def create_database(self) -> tuple[str, str]:
        name = f"genbo_test_{os.getpid()}_{next(_counter)}"
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name), name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server() -> Cluster:
    """The test process's PostgreSQL (started on first use, removed at exit)."""
    global _server
    if _server is None:
        _server = Cluster.create()
    return _server


def fresh_database() -> tuple[str, str]:
    """(SQLAlchemy URL, name) of a new empty database on the process's server."""
    return server().create_database()


def drop_database(name: str) -> None:
    server().drop_database(name)
