"""Where Genbo keeps its files.

`--data-dir DIR` (or `GENBO_DATA_DIR`) moves everything — database, settings
and logs — into DIR, the way qutebrowser's `--basedir` does; tests use it so
they never touch a real profile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Genbo"
ENV_DATA_DIR = "GENBO_DATA_DIR"
ENV_DB_URL = "GENBO_DB_URL"
ENV_OPERATOR = "GENBO_OPERATOR"
DB_FILENAME = "genbo.db"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path
    db_url: str | None = None
    """A database server's URL (`--db`, $GENBO_DB_URL), e.g. a team's
    PostgreSQL; None: SQLite in the data folder (`database`)."""
    operator: str | None = None
    """Who rides along (`--operator`, $GENBO_OPERATOR): stamped on every
    session this Genbo records. None: on a server, the URL's user name
    (`operator_name`); on the data folder's file, nobody in particular."""
    db_file: Path | None = None
    """The SQLite file to work on instead of the data folder's own (a team
    server's offline database, `app.session.team.offline_paths`): the rest
    (notice spool, cards, walls, emergency files) stays in the data folder."""

    @property
    def operator_name(self) -> str | None:
        """The operator's name sessions are stamped with."""
        if self.operator:
            return self.operator
        if self.db_url is None:
            return None
        from urllib.parse import unquote, urlsplit

        user = urlsplit(self.db_url).username
        return unquote(user) if user else None

    @property
    def database(self) -> Path:
        return self.db_file if self.db_file is not None else self.data_dir / DB_FILENAME

    @property
    def database_label(self) -> str:
        """Where the database is, to show: the file, or the server's URL
        without its password."""
        if self.db_url is None:
            return str(self.database)
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.db_url)
        if parts.password is None:
            return self.db_url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.config_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def _given(*values: str | None) -> str | None:
    """The first value that is not blank, stripped."""
    for v in values:
        if v is not None and v.strip():
            return v.strip()
    return None


def server_url(url: str | None) -> str | None:
    """A database URL as Genbo opens it: the `postgresql://` and
    `postgres://` a hosting provider hands out mean psycopg 3, the driver
    Genbo carries (SQLAlchemy's own default for them is another one)."""
    if url is None:
        return None
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def resolve_paths(
    data_dir: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    operator: str | None = None,
    *,
    saved_db_url: str | None = None,
    saved_operator: str | None = None,
) -> AppPaths:
    """`data_dir` (from --data-dir) wins, then $GENBO_DATA_DIR, then the
    platform's dirs; `db_url` (from --db), then $GENBO_DB_URL, then
    `saved_db_url` (the settings' team server) names a database server
    instead of the data folder's SQLite file (settings, logs and emergency
    files stay in the data folder); `operator` (--operator), then
    $GENBO_OPERATOR, then `saved_operator` (the settings' name) names who
    rides along. Blank counts as not given at each step."""
    url = server_url(_given(db_url, os.environ.get(ENV_DB_URL), saved_db_url))
    who = (_given(operator, os.environ.get(ENV_OPERATOR), saved_operator) or "")[:100] or None
    override = data_dir or os.environ.get(ENV_DATA_DIR) or None
    if override:
        base = Path(override).expanduser().resolve()
        return AppPaths(
            data_dir=base,
            config_dir=base / "config",
            log_dir=base / "logs",
            db_url=url,
            operator=who,
        )
    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        data_dir=Path(dirs.user_data_dir),
        config_dir=Path(dirs.user_config_dir),
        log_dir=Path(dirs.user_log_dir),
        db_url=url,
        operator=who,
    )


def resource_path(name: str) -> Path | None:
    """A file under `resources/`: installed wheels carry it inside the package
    (`app/resources`), a checkout has it at the top level."""
    here = Path(__file__).resolve().parents[1]  # app/
    for candidate in (here / "resources" / name, here.parent / "resources" / name):
        if candidate.exists():
            return candidate
    return None
