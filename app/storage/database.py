"""Engine, pragmas and schema migrations.

Storage takes a SQLAlchemy URL; a SQLite file in the data directory is the
default. At open the schema is brought to the newest revision with Alembic,
after a backup copy of the file; a database written by a newer Genbo is
refused, untouched.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.config.paths import AppPaths
from app.core.messages import QT_TRANSLATE_NOOP, Explained

if TYPE_CHECKING:
    from alembic.config import Config

    from app.config.secret_store import SecretStore
    from app.storage.recovery import DatabaseRescue

log = logging.getLogger(__name__)

SCHEMA_HEAD = "0006"
"""The newest migration's revision. When a database is already there, start-up
compares with this and never imports Alembic (half a second); a test keeps it
equal to the migrations' real head."""

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000


class StorageError(Explained, Exception):
    """A database problem with a message fit for the user: what happened, what
    was kept, what to do next (in the user's language: `app.core.messages`)."""

    context = "storage"


class NewerDatabaseError(StorageError):
    def __init__(self, location: str, revision: str, known_head: str) -> None:
        self.location = location
        self.revision = revision
        self.known_head = known_head
        super().__init__(
            QT_TRANSLATE_NOOP(
                "storage",
                "The database at {location} was written by a newer version of Genbo "
                "(schema {revision}; this version knows up to {known_head}). "
                "Nothing was changed. Update Genbo, or start with --data-dir pointing "
                "to another folder.",
            ),
            location=location,
            revision=revision,
            known_head=known_head,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.location, self.revision, self.known_head))


class ServerUpgradeNeededError(StorageError):
    """A database server (a team's) holds an older schema than this Genbo's.
    A file can be copied before an upgrade; a server cannot, so it is
    upgraded only when asked (`genbo --db URL upgrade`), after a backup."""

    def __init__(self, location: str, revision: str, head: str) -> None:
        self.location = location
        self.revision = revision
        self.head = head
        super().__init__(
            QT_TRANSLATE_NOOP(
                "storage",
                "The team database at {location} has an older schema ({revision}) than this "
                "Genbo ({head}). Nothing was changed. Back the server up first (pg_dump), "
                "then upgrade it once for the whole team with: genbo --db URL upgrade",
            ),
            location=location,
            revision=revision,
            head=head,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.location, self.revision, self.head))


def server_unreachable(e: BaseException) -> bool:
    """Whether psycopg says the server cannot be reached or went away (no
    answer, refused, shut down, the connection cut), not that it refused
    this client (a wrong password, no right: those are not "offline")."""
    if not type(e).__module__.startswith("psycopg"):
        return False
    if type(e).__name__ not in ("OperationalError", "InterfaceError", "AdminShutdown"):
        return False
    state = getattr(e, "sqlstate", None)
    if state is not None:
        return state.startswith("08") or state in ("57P01", "57P02", "57P03")
    # libpq gives no code for what fails while connecting: its words tell a
    # server that answered and refused (a login, a database, TLS) from one
    # that did not answer.
    words = str(e).lower()
    return not any(w in words for w in _REFUSALS)


_REFUSALS = (
    "password",
    "authentication",
    "fe_sendauth",
    "does not exist",
    "permission denied",
    "pg_hba.conf",
    "ssl",
    "certificate",
    "too many connections",
)


class ServerConnectError(StorageError):
    """A database server (a team's) could not be opened: it does not answer,
    or it refused this login. Nothing was changed."""

    def __init__(self, location: str, error: str, unreachable: bool = False) -> None:
        self.location = location
        self.error = error
        self.unreachable = unreachable
        """The server did not answer (rather than refusing the login)."""
        reason = short_reason(error)
        if unreachable:
            super().__init__(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "The team server at {location} does not answer ({error}). Check the "
                    "address and the network, and that the server runs.",
                ),
                location=location,
                error=reason,
            )
            return
        super().__init__(
            QT_TRANSLATE_NOOP(
                "storage",
                "The team server at {location} refused Genbo ({error}). Check the user name "
                "and the password (kept in the keyring with: genbo --db URL secret set "
                "db-password).",
            ),
            location=location,
            error=reason,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.location, self.error, self.unreachable))


def short_reason(error: str) -> str:
    """libpq's message in one line: its own last words (after "failed: "),
    without the hint lines it adds and the full stop or question mark."""
    lines = [x.strip() for x in error.strip().splitlines() if x.strip()]
    first = lines[0] if lines else error.strip()
    if "failed: " in first:
        first = first.rsplit("failed: ", 1)[1]
    return first.removeprefix("FATAL:").strip().rstrip(".?")


class ServerRefusedError(StorageError):
    """The team server refused a change by its roles: this login may only
    read, or may change only the sessions it recorded (docs/TEAM-ROLES.md).
    Nothing was changed."""

    def __init__(self, user: str, error: str) -> None:
        self.user = user
        self.error = error
        if "row-level security" in error:
            text = QT_TRANSLATE_NOOP(
                "storage",
                "The team server refused this: your login ({user}) may change only the "
                "sessions it recorded itself. Nothing was changed. ({error})",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "storage",
                "The team server refused this: your login ({user}) may not change this "
                "(it may only read, or the team's owner does this). Nothing was changed. "
                "({error})",
            )
        super().__init__(text, user=user, error=error)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.user, self.error))


class NotGenboDatabaseError(StorageError):
    pass


class ReadOnlyDatabaseError(StorageError):
    """Something was to be written to a database opened for reading only (a
    read-only file or folder): nothing was changed."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(
            QT_TRANSLATE_NOOP(
                "storage",
                "The database at {location} is read-only, so nothing can be recorded or "
                "changed. Make the file and its folder writable, or start with --data-dir "
                "pointing to another folder.",
            ),
            location=location,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.location,))


MIGRATION_LOCK = 0x67656E626F
"""PostgreSQL's advisory lock key the schema upgrade holds ("genbo")."""


def database_url(paths: AppPaths, store: SecretStore | None = None) -> str:
    """The database Genbo opens: the server `--db` / $GENBO_DB_URL names, else
    SQLite in the data folder. A server URL without a password gets the one
    kept in the keyring for it (`genbo --db URL secret set db-password`), if
    any; else libpq's own ways apply ($PGPASSWORD, ~/.pgpass)."""
    if paths.db_url is None:
        return sqlite_url(paths.database)
    u = make_url(paths.db_url)
    if u.password is None and u.get_backend_name() != "sqlite":
        from app.config.secret_store import SecretStore

        password = (store or SecretStore()).get(password_secret_name(paths.db_url))
        if password:
            return u.set(password=password).render_as_string(hide_password=False)
    return paths.db_url


def password_secret_name(url: str) -> str:
    """The keyring entry holding a server's password: the URL's user, host,
    port and database (never the password, nor options such as sslmode)."""
    u = make_url(url)
    port = f":{u.port}" if u.port else ""
    return f"db-password:{u.username or ''}@{u.host or ''}{port}/{u.database or ''}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any, *, read_only: bool = False) -> None:
    cur = dbapi_conn.cursor()
    if not read_only:  # a read-only file keeps the mode it has (WAL: Genbo's)
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # No checkpoint inside someone's commit: the writer thread checkpoints the
    # WAL itself between commits (see DatabaseWriter), and SQLite does on close.
    cur.execute("PRAGMA wal_autocheckpoint=0")
    if read_only:
        cur.execute("PRAGMA query_only=ON")
    cur.close()


def _set_read_only_pragmas(dbapi_conn: Any, record: Any) -> None:
    _set_sqlite_pragmas(dbapi_conn, record, read_only=True)


def make_engine(url: str, *, read_only: bool = False, immutable: bool = False) -> Engine:
    """The engine for `url`. `read_only` (SQLite): connections open the file
    for reading only (`mode=ro`); `immutable` also tells SQLite that nothing
    can change the file, so it needs no -shm and no locks: the way to read a
    database in a read-only folder that has no -wal beside it."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if read_only or immutable:
            uri = _read_only_uri(Path(str(u.database)), immutable=immutable)
            engine = create_engine(
                url,
                creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            )
            event.listen(engine, "connect", _set_read_only_pragmas)
            return engine
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if u.get_backend_name() == "postgresql" and u.get_driver_name() == "psycopg":
        # A team server that went away must not hang a commit: connecting
        # gives up after a few seconds, and a connection whose server stopped
        # answering is found dead by TCP keepalives (the writer then spools,
        # `app.storage.spool`). The URL's own values win.
        for key, value in SERVER_CONNECT_ARGS.items():
            if key not in u.query:
                connect_args[key] = value
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "handle_error", _server_refusal)
    return engine


def _server_refusal(context: Any) -> None:
    """A team server that refuses a write by its roles (SQLSTATE 42501: no
    right to the table, or a row another operator owns) says so in plain
    words (`ServerRefusedError`) wherever Genbo wrote, instead of a driver
    error."""
    orig = context.original_exception
    if getattr(orig, "sqlstate", None) != "42501":
        return
    user = context.engine.url.username or ""
    raise ServerRefusedError(user, str(orig).strip()) from orig


SERVER_CONNECT_ARGS: dict[str, int] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    # A write the server never acknowledges (the network dropped mid-commit)
    # fails after 10 s instead of TCP's own 15 minutes: keepalives only
    # cover an idle connection.
    "tcp_user_timeout": 10_000,
}
"""libpq's connection settings for a team server (see `make_engine`)."""


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A SQLite URI opening `path` for reading only."""
    return path.absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def _alembic_config(migrations_dir: Path = MIGRATIONS_DIR) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    return cfg


def head_revision(migrations_dir: Path = MIGRATIONS_DIR) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(migrations_dir)).get_current_head()
    assert head is not None
    return head


@dataclass
class Database:
    url: str
    """Where it is: a file's URL, or a server's without its password."""
    engine: Engine
    sessions: sessionmaker[Session]
    backup_path: Path | None = None
    """The copy made before the last schema upgrade, if one was needed."""
    read_only: bool = False
    """Opened for reading only (a read-only file or folder): browsing works,
    recording and every change are refused (`require_writable`)."""
    rescue: DatabaseRescue | None = None
    """What `app.storage.recovery` did to this database (a damaged file moved
    aside and recovered, at open or in use; a lost -wal), for the operator."""
    generation: int = 0
    """Counts the fresh files a rescue put in place, so whoever kept notes
    about the old file's rows (the writer's open chunks) knows to drop them."""

    @property
    def sqlite_path(self) -> Path | None:
        u = make_url(self.url)
        if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:"):
            return Path(str(u.database))
        return None

    def dispose(self) -> None:
        """Close every connection, first bringing SQLite's planner statistics
        up to date (see `refresh_statistics`)."""
        if not self.read_only:
            refresh_statistics(self)
        self.engine.dispose()

    def require_writable(self) -> None:
        """Raise `ReadOnlyDatabaseError` (plain words, nothing changed) when
        this database was opened for reading only."""
        if self.read_only:
            raise ReadOnlyDatabaseError(_describe(self.url))


def refresh_statistics(db: Database) -> None:
    """SQLite picks among the library's indexes by its statistics; without
    them it read a month's 37,000 sessions through the wrong index (0.5 s
    instead of 2 ms). On closing, as SQLite advises, `PRAGMA optimize` renews
    the statistics of the tables that need it, and a file that has none yet
    gets a first ANALYZE (0.25 s for a provider's year of 440,000 sessions;
    a sampled one, `analysis_limit`, misjudged the date index). A failure (a
    read-only file) changes nothing else."""
    if db.sqlite_path is None:
        return
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            have = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
            ).first()
            conn.exec_driver_sql("PRAGMA optimize" if have else "ANALYZE")
    except SADatabaseError as exc:
        log.info("could not refresh the database's statistics: %s", exc.orig)


def open_database(
    url: str,
    migrations_dir: Path = MIGRATIONS_DIR,
    *,
    read_only: bool = False,
    immutable: bool = False,
    upgrade_server: bool = False,
) -> Database:
    """Open (creating if needed) and migrate the database at `url`.

    `migrations_dir` exists for tests that prove upgrades and refusals with an
    extra revision; the application always uses the packaged migrations.
    `read_only` opens an existing file for reading only (`immutable`: one in a
    read-only folder, see `make_engine`); it must be at the newest schema,
    since an upgrade would write. A server's older schema is upgraded only
    with `upgrade_server` (else `ServerUpgradeNeededError`): there is no file
    to copy first, so the operator backs it up and asks for it. The
    application opens its database through `app.storage.recovery.open_or_rescue`,
    which decides these and deals with a damaged file."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and not (read_only or immutable):
        Path(u.database).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, read_only=read_only, immutable=immutable)
    db = Database(
        # Without the password (the engine holds it): `url` is shown, logged
        # and put in emergency files' headers.
        url=u._replace(password=None).render_as_string(hide_password=False)
        if u.password is not None
        else url,
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        read_only=read_only or immutable,
    )
    try:
        if db.read_only:
            if _stored_revision(db) != SCHEMA_HEAD:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "The database at {location} is read-only and was written by another "
                        "version of Genbo: opening it would upgrade it, which needs writing. "
                        "Nothing was changed. Make the file and its folder writable, or start "
                        "with --data-dir pointing to another folder.",
                    ),
                    location=_describe(url),
                )
        else:
            try:
                db.backup_path = _migrate(db, migrations_dir, upgrade_server=upgrade_server)
            except ServerRefusedError as exc:
                raise StorageError(
                    QT_TRANSLATE_NOOP(
                        "storage",
                        "The team database at {location} has no Genbo schema yet, and your "
                        "login ({user}) may not make it. Nothing was changed. The team's owner "
                        "makes it once with: genbo --db OWNER-URL upgrade",
                    ),
                    location=_describe(url),
                    user=exc.user,
                ) from exc
    except SADatabaseError as exc:
        engine.dispose()
        if u.get_backend_name() != "sqlite":
            orig = exc.orig
            far = isinstance(orig, BaseException) and server_unreachable(orig)
            raise ServerConnectError(_describe(url), str(orig), far) from exc
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "storage",
                "Genbo could not read the database at {location}: {error}. "
                "The file was left as it is. Restore a backup, or start with --data-dir "
                "pointing to another folder.",
            ),
            location=_describe(url),
            error=str(exc.orig),
        ) from exc
    except Exception:
        engine.dispose()
        raise
    return db


def _describe(url: str) -> str:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return str(u.database)
    return u.render_as_string(hide_password=True)


def _stored_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def _migrate(db: Database, migrations_dir: Path, *, upgrade_server: bool = False) -> Path | None:
    if migrations_dir == MIGRATIONS_DIR and _stored_revision(db) == SCHEMA_HEAD:
        return None  # the usual start: nothing to do, and no Alembic to load
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(migrations_dir)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names())
    if current == head:
        return None
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise NewerDatabaseError(_describe(db.url), current, head) from None
    elif tables - {"alembic_version"}:
        raise NotGenboDatabaseError(
            QT_TRANSLATE_NOOP(
                "storage",
                "{location} holds tables but is not a Genbo database. "
                "Nothing was changed. Start with --data-dir pointing to another folder.",
            ),
            location=_describe(db.url),
        )
    if current is not None and db.sqlite_path is None and not upgrade_server:
        raise ServerUpgradeNeededError(_describe(db.url), current, head)
    backup = None
    if current is not None and db.sqlite_path is not None:
        backup = _backup_sqlite(db.sqlite_path, current)
        log.info("backed up %s to %s before upgrading the schema", db.sqlite_path, backup)
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            # Two Genbos starting on one new (or older) team server would both
            # create the schema: one at a time, the second finds it done.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            if MigrationContext.configure(conn).get_current_revision() == head:
                return None
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    if db.sqlite_path is not None:
        # Statistics first (new indexes: the planner needs to know them; a new
        # file gets its sqlite_stat1 table now), then VACUUM, so the schema's
        # pages sit at the start of the file: a file cut short later loses
        # rows at its end, not the schema that says where every table is.
        refresh_statistics(db)
        if current is not None:
            _vacuum(db)
    return backup


def _vacuum(db: Database) -> None:
    """Give back the space an upgrade freed (0003 drops the one-row-per-value
    table: a day at 10 Hz left a 400 MB file holding 30 MB, its chunks spread
    across it). A failure leaves a larger file, not a broken one."""
    t0 = time.perf_counter()
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
    except SADatabaseError as exc:
        log.warning("could not compact the database after upgrading it: %s", exc.orig)
        return
    log.info("compacted the database after upgrading it in %.1f s", time.perf_counter() - t0)


def _backup_sqlite(path: Path, revision: str) -> Path:
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def integrity_check(db: Database) -> str:
    """SQLite's own integrity check ("ok" when clean)."""
    with db.engine.connect() as conn:
        return str(conn.execute(text("PRAGMA integrity_check")).scalar_one())
