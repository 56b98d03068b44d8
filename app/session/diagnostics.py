"""What `genbo doctor` and the window's "Copy diagnostics" report: versions,
paths, the database (size, schema, integrity, sessions, the open sessions and
their sources), the settings and the team chat's spool, and the log's last
lines — with every credential masked (`app.config.logs.redact`, fed the
secrets the keyring and the environment hold for the sources and robots).

Nothing here changes a file: the database is read through a read-only
connection (no migration, no rescue, no tidying), the settings file as JSON
(an unreadable one is not moved aside). Whatever cannot be read — a missing
or broken database, a settings file that is not JSON, a log that cannot be
opened — is reported as such, never raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlsplit

from app import __version__
from app.config.i18n import tr
from app.config.logs import REDACTED, known_secrets, redact
from app.config.paths import AppPaths
from app.core.processes import pid_alive

if TYPE_CHECKING:
    from app.config.secret_store import SecretStore
    from app.sources.base import Source, SourceStatus
    from app.storage.database import Database

LOG_LINES = 200
"""How many of the log's last lines are shown."""
INTEGRITY_TIME_LIMIT_S = 3.0
"""`PRAGMA quick_check` is stopped after this long (a large file): then it says so."""
OPEN_SESSIONS_SHOWN = 20
LOG_FILE = "genbo.log"

_SECRETISH = ("token", "secret", "password", "passwd", "api_key", "apikey", "credential")


# -- the report ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceReport:
    id: int | None
    kind: str
    label: str
    config: dict[str, Any]
    """As stored, with credentials masked."""
    state: str | None = None
    """In the window, for the live session: starting, live, stale, stopped, finished."""
    detail: str | None = None
    since: str | None = None
    """ISO time (UTC) the state holds since."""


@dataclass(frozen=True)
class SessionReport:
    id: int
    streamer: str
    title: str
    state: str
    """"recording" (its recorder runs) or "interrupted" (it was cut off)."""
    started: str
    last_seen: str | None
    recorder: str | None
    """host:pid of the process recording it."""
    sources: list[SourceReport] = field(default_factory=list)


@dataclass(frozen=True)
class DatabaseReport:
    location: str
    exists: bool
    size_bytes: int | None = None
    wal_bytes: int | None = None
    shm_bytes: int | None = None
    revision: str | None = None
    known_revision: str | None = None
    integrity: str | None = None
    """"ok", SQLite's first complaints, or why it was not checked."""
    integrity_ok: bool | None = None
    """None: not checked (no file, or stopped at the time limit)."""
    integrity_s: float | None = None
    sessions: int | None = None
    trashed: int | None = None
    open_sessions: list[SessionReport] = field(default_factory=list)
    error: str | None = None
    """Why it could not be read (the file is there)."""
    other_files: dict[str, int] = field(default_factory=dict)
    """Files beside it: backups, files moved aside as corrupt, unsaved samples."""


@dataclass(frozen=True)
class Diagnostics:
    generated: str
    versions: dict[str, str]
    system: dict[str, str]
    paths: dict[str, str]
    database: DatabaseReport
    settings: dict[str, Any] | None
    settings_note: str | None
    spool: dict[str, int]
    log_file: str
    log_lines: list[str]
    problems: list[str]
    """What is wrong: `genbo doctor` exits 1 when there is any."""
    notes: list[str]
    """What could not be read or looks odd, short of a problem."""
    live_sources: list[SourceReport] = field(default_factory=list)
    """The window's live sources that the database does not list (yet)."""
    writer: dict[str, Any] | None = None

    @property
    def healthy(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return tr("Genbo diagnostics: {n} problem(s): {problems}").format(
                n=len(self.problems), problems="; ".join(self.problems)
            )
        db = self.database
        if not db.exists:
            return tr("Genbo diagnostics: healthy; no database yet ({path}).").format(
                path=db.location
            )
        return tr("Genbo diagnostics: healthy; database {integrity}, {n} session(s).").format(
            integrity=db.integrity or "?", n=db.sessions if db.sessions is not None else "?"
        )

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["healthy"] = self.healthy
        d["summary"] = self.summary()
        return d

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def as_text(self) -> str:
        return "\n".join(_text_lines(self)) + "\n"


# -- gathering ----------------------------------------------------------------------------
def gather(
    paths: AppPaths,
    db: str | Database | None = None,
    *,
    sources_status: Mapping[int, SourceStatus] | None = None,
    live_sources: Mapping[int, Source] | None = None,
    secrets: SecretStore | None = None,
    extra_secrets: Iterable[str] = (),
    writer: Any = None,
    integrity_time_limit_s: float = INTEGRITY_TIME_LIMIT_S,
    log_lines: int = LOG_LINES,
) -> Diagnostics:
    """Everything, read now. `db` is the database (the window's), a SQLAlchemy
    URL, or None for the data folder's `genbo.db`. The window adds its live
    session's `sources_status` and `live_sources` (by source id) and its
    `writer` (its `health()`, when it has one). Never raises for what it
    cannot read."""
    problems: list[str] = []
    notes: list[str] = []
    raw_settings, settings_note = _read_settings(paths.settings_file)
    if settings_note:
        notes.append(settings_note)
    url = _url_of(paths, db)
    try:
        database, configs = _database(url, integrity_time_limit_s)
    except Exception as exc:  # whatever the file is like, the report goes on
        database, configs = DatabaseReport(url, True, error=f"{type(exc).__name__}: {exc}"), {}
    if database.error:
        problems.append(tr("the database could not be read: {error}").format(error=database.error))
    elif database.integrity_ok is False:
        problems.append(
            tr("the database failed its integrity check: {result}").format(
                result=_first_complaint(database.integrity)
            )
        )
    if database.revision and database.known_revision != database.revision:
        if _known_revision(database.revision):
            notes.append(
                tr("the database (schema {revision}) is upgraded when Genbo next opens it").format(
                    revision=database.revision
                )
            )
        else:
            problems.append(
                tr("the database is from a newer Genbo (schema {revision})").format(
                    revision=database.revision
                )
            )

    try:
        values = _secret_values(raw_settings, configs, secrets, extra_secrets, live_sources)
    except Exception as exc:  # a keyring that fails: what names a credential is still masked
        values = set(known_secrets())
        notes.append(tr("the keyring could not be read: {error}").format(error=type(exc).__name__))
    redactors: list[Callable[[str], str]] = [
        s.redact for s in (live_sources or {}).values() if hasattr(s, "redact")
    ]

    addresses = _robot_addresses(raw_settings)

    def clean(text: str) -> str:
        for url, shown in addresses.items():
            text = text.replace(url, shown)
        for fn in redactors:
            text = fn(text)
        return redact(text, values)

    database = _clean_database(database, clean, sources_status)
    known_ids = {s.id for o in database.open_sessions for s in o.sources}
    live = [
        _source_report(sid, src.kind, src.label, src.config(), clean, sources_status)
        for sid, src in (live_sources or {}).items()
        if sid not in known_ids
    ]
    log_path = paths.log_dir / LOG_FILE
    lines, log_note = _log_tail(log_path, log_lines)
    if log_note:
        notes.append(log_note)
    writer_report = _writer(writer, clean, paths)
    if writer_report is not None and writer_report.get("ok") is False:
        problems.append(
            tr("the database writer is failing: {problem}").format(
                problem=writer_report.get("said")
                or writer_report.get("problem")
                or writer_report.get("detail")
                or "?"
            )
        )
    from app.session.health import leftover_spills

    try:
        unsaved = [str(p) for p in leftover_spills(paths)]
    except OSError:
        unsaved = []
    if unsaved:
        problems.append(
            tr('{n} emergency files are not in the database yet: genbo import "{file}"').format(
                n=len(unsaved), file=unsaved[0]
            )
        )
    return Diagnostics(
        generated=datetime.now(tz=UTC).isoformat(timespec="seconds"),
        versions=_versions(),
        system=_system(secrets),
        paths={
            "data_dir": str(paths.data_dir),
            "config_dir": str(paths.config_dir),
            "settings_file": str(paths.settings_file),
            "log_dir": str(paths.log_dir),
            "database": clean(database.location),
        },
        database=database,
        settings=_mask_settings(raw_settings, clean) if isinstance(raw_settings, dict) else None,
        settings_note=settings_note,
        spool=_spool(paths.data_dir),
        log_file=str(log_path),
        log_lines=[clean(line) for line in lines],
        problems=[clean(p) for p in problems],
        notes=[clean(n) for n in notes],
        live_sources=live,
        writer=writer_report,
    )


def _url_of(paths: AppPaths, db: str | Database | None) -> str:
    if db is None:
        return f"sqlite:///{paths.database}"
    if isinstance(db, str):
        return db
    # The engine's own URL: `Database.url` is without the password (shown),
    # and the report connects with what the window connected with.
    return db.engine.url.render_as_string(hide_password=False)


def _known_revision(revision: str) -> bool:
    from app.storage.database import MIGRATIONS_DIR

    return any(
        p.name.startswith(f"{revision}_") or p.stem == revision
        for p in (MIGRATIONS_DIR / "versions").glob("*.py")
    )


# -- versions and the system ----------------------------------------------------------------
def _versions() -> dict[str, str]:
    out = {"genbo": __version__, "python": platform.python_version()}
    for name in ("PySide6", "SQLAlchemy", "alembic", "pyqtgraph", "httpx", "numpy", "keyring"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = tr("not installed")
    out["sqlite"] = sqlite3.sqlite_version
    try:
        from PySide6.QtCore import qVersion

        out["qt"] = str(qVersion())
    except Exception as exc:  # a broken Qt is worth reporting, not failing on
        out["qt"] = f"{type(exc).__name__}: {exc}"
    return out


def _system(secrets: SecretStore | None) -> dict[str, str]:
    from app.config.i18n import current_language

    out = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python_executable": sys.executable,
        "frozen": str(bool(getattr(sys, "frozen", False))).lower(),
        "language": current_language(),
        "locale": os.environ.get("LC_ALL") or os.environ.get("LANG") or "",
        "host": socket.gethostname(),
        "pid": str(os.getpid()),
    }
    try:
        import keyring

        backend = keyring.get_keyring()
        out["keyring"] = f"{type(backend).__module__}.{type(backend).__name__}"
        if secrets is not None:
            out["secrets_kept"] = "keyring" if secrets.persistent else "memory (this run only)"
    except Exception as exc:  # a misconfigured keyring is reported, not raised
        out["keyring"] = f"{type(exc).__name__}"
    return out


# -- the database ---------------------------------------------------------------------------
def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return str(ms)


Configs = dict[int, tuple[str, dict[str, Any]]]
"""source id → (kind, stored settings) of the open sessions' sources."""


def _database(url: str, time_limit_s: float) -> tuple[DatabaseReport, Configs]:
    from sqlalchemy.engine import make_url

    from app.storage.database import SCHEMA_HEAD

    try:
        u = make_url(url)
    except Exception as exc:
        return DatabaseReport(location=url, exists=False, error=str(exc)), {}
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return _other_database(url, u.render_as_string(hide_password=True)), {}
    path = Path(str(u.database))
    report: dict[str, Any] = {"location": str(path), "known_revision": SCHEMA_HEAD}
    report["other_files"] = _beside(path)
    if not path.exists():
        return DatabaseReport(exists=False, **report), {}
    report.update(
        exists=True,
        size_bytes=_size(path),
        wal_bytes=_size(path.with_name(path.name + "-wal")),
        shm_bytes=_size(path.with_name(path.name + "-shm")),
    )
    if path.is_dir():
        return DatabaseReport(error=tr("a folder is where the file should be"), **report), {}
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error as exc:
        return DatabaseReport(error=str(exc), **report), {}
    configs: Configs = {}
    try:
        try:
            report["revision"] = _one(conn, "SELECT version_num FROM alembic_version")
        except sqlite3.Error as exc:
            if "no such table" not in str(exc):
                return DatabaseReport(error=str(exc), **report), {}
        report.update(_integrity(conn, time_limit_s))
        try:
            total, trashed = conn.execute(
                "SELECT count(*), count(deleted_ms) FROM live_sessions"
            ).fetchone()
            report.update(sessions=int(total), trashed=int(trashed))
            report["open_sessions"], configs = _open_sessions(conn)
        except sqlite3.Error as exc:
            if report.get("integrity_ok") is not False:
                report["error"] = str(exc)
    finally:
        conn.close()
    return DatabaseReport(**report), configs


def _other_database(url: str, shown: str) -> DatabaseReport:
    """A database that is not a SQLite file: its revision and sessions."""
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                total = conn.execute(text("SELECT count(*) FROM live_sessions")).scalar()
        finally:
            engine.dispose()
        return DatabaseReport(
            location=shown,
            exists=True,
            revision=None if rev is None else str(rev),
            sessions=None if total is None else int(total),
            integrity=tr("not checked (not a SQLite file)"),
        )
    except Exception as exc:
        return DatabaseReport(location=shown, exists=True, error=f"{type(exc).__name__}: {exc}")


def _beside(path: Path) -> dict[str, int]:
    """Backups, files moved aside and unsaved samples beside the database."""
    out: dict[str, int] = {}
    try:
        for p in sorted(path.parent.iterdir()):
            name = p.name
            if p == path or name in (path.name + "-wal", path.name + "-shm"):
                continue
            if name.startswith(path.name + ".") or name.startswith("genbo-unsaved-"):
                out[name] = _size(p) or 0
    except OSError:
        pass
    return out


def _one(conn: sqlite3.Connection, sql: str) -> str | None:
    row = conn.execute(sql).fetchone()
    return None if row is None else str(row[0])


def _integrity(conn: sqlite3.Connection, time_limit_s: float) -> dict[str, Any]:
    """`PRAGMA quick_check`, stopped at `time_limit_s` (SQLite's progress
    handler interrupts it): a large file is then reported as not checked."""
    t0 = time.monotonic()
    stopped = [False]

    def progress() -> int:
        if time.monotonic() - t0 > time_limit_s:
            stopped[0] = True
            return 1
        return 0

    conn.set_progress_handler(progress, 10_000)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(20)").fetchall()]
    except sqlite3.Error as exc:
        took = time.monotonic() - t0
        if stopped[0]:
            return {
                "integrity": tr("not checked: stopped after {seconds} s (a large file)").format(
                    seconds=f"{time_limit_s:g}"
                ),
                "integrity_s": round(took, 3),
            }
        return {"integrity": str(exc), "integrity_ok": False, "integrity_s": round(took, 3)}
    finally:
        conn.set_progress_handler(None, 0)
    took = round(time.monotonic() - t0, 3)
    if rows == ["ok"]:
        return {"integrity": "ok", "integrity_ok": True, "integrity_s": took}
    lines = [line.strip() for row in rows for line in row.splitlines() if line.strip()]
    return {"integrity": "\n".join(lines[:20]), "integrity_ok": False, "integrity_s": took}


def _first_complaint(integrity: str | None) -> str:
    """SQLite's first complaint, for a one-line summary."""
    lines = [ln for ln in (integrity or "").splitlines() if not ln.startswith("***")]
    if not lines:
        return integrity or "?"
    more = len(lines) - 1
    return lines[0] + (" " + tr("(and {n} more)").format(n=more) if more else "")


def _open_sessions(conn: sqlite3.Connection) -> tuple[list[SessionReport], Configs]:
    from app.storage.repository import STALE_HEARTBEAT_MS

    rows = conn.execute(
        "SELECT s.id, st.name, s.title, s.started_ms, s.ended_ms, s.last_seen_ms, "
        "s.recorder_host, s.recorder_pid FROM live_sessions s "
        "LEFT JOIN streamers st ON st.id = s.streamer_id "
        "WHERE s.status = 'live' AND s.deleted_ms IS NULL ORDER BY s.id DESC LIMIT ?",
        (OPEN_SESSIONS_SHOWN,),
    ).fetchall()
    now = int(time.time() * 1000)
    host = socket.gethostname()
    out: list[SessionReport] = []
    configs: Configs = {}
    for sid, name, title, started, ended, seen, rhost, pid in reversed(rows):
        stale = (seen or 0) <= now - STALE_HEARTBEAT_MS
        if ended is not None:
            gone = True
        elif rhost == host and pid is not None:
            gone = pid != os.getpid() and (stale or not pid_alive(int(pid)))
        else:
            gone = stale
        sources = []
        for src_id, kind, label, cfg_json in conn.execute(
            "SELECT id, kind, label, config_json FROM sources WHERE session_id = ? ORDER BY id",
            (sid,),
        ).fetchall():
            try:
                cfg = json.loads(cfg_json or "{}")
            except ValueError:
                cfg = {"unreadable": True}
            cfg = cfg if isinstance(cfg, dict) else {}
            configs[int(src_id)] = (str(kind), cfg)
            sources.append(SourceReport(int(src_id), str(kind), str(label), cfg))
        out.append(
            SessionReport(
                id=int(sid),
                streamer=str(name),
                title=str(title or ""),
                state="interrupted" if gone else "recording",
                started=_iso(started) or "?",
                last_seen=_iso(seen),
                recorder=None if rhost is None and pid is None else f"{rhost}:{pid}",
                sources=sources,
            )
        )
    return out, configs


def _clean_database(
    db: DatabaseReport,
    clean: Callable[[str], str],
    status: Mapping[int, SourceStatus] | None,
) -> DatabaseReport:
    sessions = [
        SessionReport(
            id=s.id,
            streamer=s.streamer,
            title=clean(s.title),
            state=s.state,
            started=s.started,
            last_seen=s.last_seen,
            recorder=s.recorder,
            sources=[
                _source_report(x.id, x.kind, x.label, x.config, clean, status) for x in s.sources
            ],
        )
        for s in db.open_sessions
    ]
    fields_: dict[str, Any] = {k: getattr(db, k) for k in db.__dataclass_fields__}
    fields_.update(
        open_sessions=sessions,
        location=clean(db.location),
        error=None if db.error is None else clean(db.error),
    )
    return DatabaseReport(**fields_)


def _source_report(
    sid: int | None,
    kind: str,
    label: str,
    config: Mapping[str, Any],
    clean: Callable[[str], str],
    status: Mapping[int, SourceStatus] | None,
) -> SourceReport:
    st = None if status is None or sid is None else status.get(sid)
    return SourceReport(
        id=sid,
        kind=kind,
        label=clean(label),
        config=_mask(dict(config), clean),
        state=None if st is None else st.state.value,
        detail=None if st is None else clean(st.detail),
        since=None if st is None else _iso(st.since_ms),
    )


# -- secrets --------------------------------------------------------------------------------
def _secret_values(
    settings: object,
    configs: Configs,
    store: SecretStore | None,
    extra: Iterable[str],
    live_sources: Mapping[int, Source] | None,
) -> set[str]:
    """Every credential the report could meet: the secrets the environment and
    the keyring hold for the sources (the open sessions', every preset's, the
    ingest token) and the robots, and the credentials in the robots' addresses."""
    values = {v for v in extra if v} | known_secrets()  # what this process was given
    names = {"ingest-token"}
    try:
        from app.session.source_setup import secret_name
        from app.sources.http_poll import PRESETS, HttpPollConfig

        cfgs = [p.config for p in PRESETS.values()]
        for kind, cfg in configs.values():
            if kind == "http":
                with contextlib.suppress(TypeError, ValueError):
                    cfgs.append(HttpPollConfig.from_dict(cfg))
        for c in cfgs:
            names |= {secret_name(c, n) for n in c.secret_names}
    except Exception:  # a stored config this version cannot read: its names are not needed
        pass
    for src in (live_sources or {}).values():
        token = getattr(src, "token", None)
        if isinstance(token, str) and token:
            values.add(token)
    targets = settings.get("notify_targets") if isinstance(settings, dict) else None
    for t in targets if isinstance(targets, list) else []:
        if not isinstance(t, dict):
            continue
        if t.get("secret_name"):
            names.add(str(t["secret_name"]))
        values |= _url_credentials(str(t.get("url") or ""))
    if store is not None:
        for name in names:
            try:
                v = store.get(name)
            except Exception:  # a keyring that fails is reported elsewhere
                v = None
            if v:
                values.add(v)
    return values


def _url_credentials(url: str) -> set[str]:
    """The parts of a robot's address that are its credential: the query's
    values (WeCom's key, DingTalk's access_token), a Feishu hook's token, a
    user:password."""
    out: set[str] = set()
    try:
        parts = urlsplit(url)
    except ValueError:
        return out
    out |= {v for k, v in parse_qsl(parts.query) if v and k.lower() != "timestamp"}
    if "/hook/" in parts.path:
        out.add(parts.path.rsplit("/hook/", 1)[1])
    if parts.password:
        out.add(parts.password)
    return {v for v in out if len(v) >= 4}


def _robot_addresses(settings: object) -> dict[str, str]:
    """Each robot's address → the same with its credentials masked."""
    targets = settings.get("notify_targets") if isinstance(settings, dict) else None
    out = {}
    for t in targets if isinstance(targets, list) else []:
        url = t.get("url") if isinstance(t, dict) else None
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            out[url] = _shown_url(url)
    return dict(sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True))


def _mask(value: Any, clean: Callable[[str], str], key: str = "") -> Any:
    """A settings or config value with credentials masked: strings through
    `clean`, and any value under a key that names a secret."""
    k = key.lower().replace("-", "_")
    if isinstance(value, dict):
        return {str(kk): _mask(v, clean, str(kk)) for kk, v in value.items()}
    if isinstance(value, list):
        if k == "secret_names":
            return list(value)
        return [_mask(v, clean, key) for v in value]
    if isinstance(value, str):
        if k in ("url", "address") and value:
            return _shown_url(clean(value))
        if any(w in k for w in _SECRETISH) and not k.endswith("_name") and value:
            return value if value.startswith("{") and value.endswith("}") else REDACTED
        return clean(value)
    return value


def _shown_url(url: str) -> str:
    from app.notify.targets import redact_url

    if not url.startswith(("http://", "https://")):
        return url
    return redact_url(url)


# -- settings, spool, log ----------------------------------------------------------------
def _read_settings(path: Path) -> tuple[object, str | None]:
    """The settings file as JSON (never moved aside, unlike `load_settings`)."""
    aside = path.with_suffix(".unreadable.json")
    note = None
    if aside.exists():
        note = tr("an unreadable settings file was kept as {path}").format(path=aside)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, note
    except OSError as exc:
        return None, tr("the settings file could not be read: {error}").format(error=exc)
    try:
        return json.loads(text), note
    except ValueError as exc:
        return None, tr("the settings file is not valid JSON: {error}").format(error=exc)


def _mask_settings(settings: dict[str, Any], clean: Callable[[str], str]) -> dict[str, Any]:
    return {k: _mask(v, clean, k) for k, v in settings.items()}


def _spool(data_dir: Path) -> dict[str, int]:
    from app.notify.dispatcher import spool_owner

    files = size = notices = 0
    try:
        for p in data_dir.iterdir():
            if spool_owner(p.name) is None:
                continue
            files += 1
            try:
                data = p.read_bytes()
            except OSError:
                continue
            size += len(data)
            notices += sum(1 for line in data.splitlines() if line.strip())
    except OSError:
        pass
    return {"files": files, "bytes": size, "notices": notices}


def _log_tail(path: Path, count: int) -> tuple[list[str], str | None]:
    """The last `count` lines of the log, from the rotated files before it
    when the current one is short."""
    if count <= 0:
        return [], None
    files = [path, *(path.with_name(f"{path.name}.{i}") for i in range(1, 4))]
    lines: list[str] = []
    note = None
    for p in files:
        if len(lines) >= count:
            break
        try:
            chunk = _tail_lines(p, count - len(lines))
        except FileNotFoundError:
            if p == path:
                note = tr("no log file yet ({path})").format(path=path)
            break
        except OSError as exc:
            note = tr("the log could not be read: {error}").format(error=exc)
            break
        lines = chunk + lines
    return lines[-count:], note


def _tail_lines(path: Path, count: int, block: int = 64 * 1024) -> list[str]:
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        end = f.tell()
        data = b""
        pos = end
        while pos > 0 and data.count(b"\n") <= count:
            step = min(block, pos)
            pos -= step
            f.seek(pos)
            data = f.read(step) + data
    text = data.decode("utf-8", errors="replace")
    return text.splitlines()[-count:]


def _writer(writer: Any, clean: Callable[[str], str], paths: AppPaths) -> dict[str, Any] | None:
    health = getattr(writer, "health", None)
    if health is None:
        return None
    try:
        h = health()
    except Exception as exc:
        return {"ok": False, "detail": clean(f"{type(exc).__name__}: {exc}")}
    out: dict[str, Any] = {}
    for name in ("ok", "problem", "detail", "failing_since_ms", "waiting_samples",
                 "spilled_samples", "spill_path", "dropped", "rescue"):  # fmt: skip
        if hasattr(h, name):
            v = getattr(h, name)
            if name == "failing_since_ms":
                out["failing_since"] = _iso(v)
            elif name == "dropped":
                out[name] = len(v or ())
            elif isinstance(v, bool | int | float) or v is None:
                out[name] = v
            else:
                out[name] = clean(str(v))
    from app.config.formatting import number_format
    from app.session.health import describe

    said = describe(h, paths.database, number_format()) if hasattr(h, "spills") else None
    if said:
        out["said"] = clean(said)
    return out


# -- the text -----------------------------------------------------------------------------
def _mb(n: int | None) -> str:
    from app.config.formatting import number_format

    if n is None:
        return "—"
    fmt = number_format()
    if n < 1024 * 1024:
        return f"{fmt.grouped(n / 1024, 1)} KB"
    return f"{fmt.grouped(n / (1024 * 1024), 1)} MB"


def _text_lines(d: Diagnostics) -> list[str]:
    v = d.versions
    out = [d.summary(), ""]
    out.append(tr("Generated {when}").format(when=d.generated))
    out.append("")
    out.append(tr("Versions"))
    out.append(
        f"  Genbo {v['genbo']} · Python {v['python']} · PySide6 {v.get('PySide6')} "
        f"(Qt {v.get('qt')}) · SQLAlchemy {v.get('SQLAlchemy')} · alembic {v.get('alembic')}"
    )
    out.append(
        f"  SQLite {v['sqlite']} · pyqtgraph {v.get('pyqtgraph')} · httpx {v.get('httpx')} · "
        f"numpy {v.get('numpy')} · keyring {v.get('keyring')}"
    )
    s = d.system
    out.append(f"  {s['platform']} ({s['machine']}) · {s['python_executable']}")
    out.append(
        "  "
        + tr("language {language} · locale {locale} · keyring {keyring}").format(
            language=s.get("language"), locale=s.get("locale") or "—", keyring=s.get("keyring")
        )
    )
    out.append("")
    out.append(tr("Paths"))
    width = max(len(k) for k in d.paths)
    for k, p in d.paths.items():
        out.append(f"  {k.ljust(width)}  {p}")
    out.append(f"  {'log_file'.ljust(width)}  {d.log_file}")
    out.append("")
    db = d.database
    out.append(tr("Database"))
    if not db.exists:
        out.append("  " + tr("no database yet: {path}").format(path=db.location))
    else:
        out.append(
            "  "
            + tr("{path}: {size} (-wal {wal}, -shm {shm})").format(
                path=db.location,
                size=_mb(db.size_bytes),
                wal=_mb(db.wal_bytes),
                shm=_mb(db.shm_bytes),
            )
        )
        if db.error:
            out.append("  " + tr("could not be read: {error}").format(error=db.error))
        out.append(
            "  "
            + tr("schema {revision} (this Genbo knows up to {known})").format(
                revision=db.revision or "—", known=db.known_revision or "—"
            )
        )
        took = "" if db.integrity_s is None else f" ({db.integrity_s:g} s)"
        first, *more = (db.integrity or "—").splitlines() or ["—"]
        out.append("  " + tr("integrity (quick_check): {result}").format(result=first) + took)
        out.extend(f"    {line}" for line in more)
        if db.sessions is not None:
            out.append(
                "  "
                + tr("sessions: {n} ({trashed} in the trash)").format(
                    n=db.sessions, trashed=db.trashed
                )
            )
    for name, size in db.other_files.items():
        out.append(f"  + {name} ({_mb(size)})")
    if db.open_sessions:
        out.append("  " + tr("open sessions:"))
        for o in db.open_sessions:
            state = tr("recording") if o.state == "recording" else tr("interrupted")
            out.append(
                f"    #{o.id} {o.streamer} “{o.title}” · {state} · "
                + tr("started {start}, last seen {seen}, recorder {recorder}").format(
                    start=o.started, seen=o.last_seen or "—", recorder=o.recorder or "—"
                )
            )
            out.extend(_source_lines(o.sources, "      "))
    if d.live_sources:
        out.append("  " + tr("live sources:"))
        out.extend(_source_lines(d.live_sources, "    "))
    if d.writer is not None:
        w = d.writer
        if w.get("ok") and not w.get("waiting_samples") and not w.get("spilled_samples"):
            health = "ok"
        elif w.get("said"):
            health = str(w["said"])
        else:
            health = ", ".join(f"{k} {val}" for k, val in w.items() if _worth(val))
        out.append("  " + tr("writer: {health}").format(health=health))
    out.append("")
    out.append(tr("Settings (secrets masked)"))
    if d.settings is None:
        out.append("  " + (d.settings_note or tr("no settings file: the defaults")))
    else:
        text = json.dumps(d.settings, ensure_ascii=False, indent=2, sort_keys=True)
        out.extend("  " + line for line in text.splitlines())
    out.append("")
    sp = d.spool
    out.append(
        tr("Team chat spool: {files} file(s), {size}, {notices} notice(s) waiting").format(
            files=sp["files"], size=_mb(sp["bytes"]), notices=sp["notices"]
        )
    )
    if d.notes:
        out.append("")
        out.append(tr("Notes"))
        out.extend(f"  - {n}" for n in d.notes)
    out.append("")
    out.append(
        tr("Log: the last {n} lines of {path} (credentials masked)").format(
            n=len(d.log_lines), path=d.log_file
        )
    )
    out.extend("  " + line for line in d.log_lines)
    return out


def _worth(value: Any) -> bool:
    """Worth a word in the writer's line: not empty, not a zero count (False is)."""
    if value is None or value == "":
        return False
    return isinstance(value, bool) or value != 0


def _source_lines(sources: Sequence[SourceReport], indent: str) -> list[str]:
    out = []
    for src in sources:
        line = f"{indent}- [{src.id}] {src.kind} “{src.label}”"
        if src.state:
            line += " · " + src.state
            if src.since:
                line += " " + tr("since {when}").format(when=src.since)
            if src.detail:
                line += f" — {src.detail}"
        out.append(line)
        if src.config:
            out.append(f"{indent}  {json.dumps(src.config, ensure_ascii=False, sort_keys=True)}")
    return out
