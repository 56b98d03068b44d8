"""`genbo sync --to URL` and `genbo sync --from URL`: copy a history between
this data folder and a team's database server (`app.storage.sync`).

`--to URL` copies the data folder's database (or `--db`'s) to URL: a
laptop's history to the team server. `--from URL` copies URL's history into
the data folder's own SQLite file (whatever `--db` says), to work offline.
Either is idempotent and resumable: nothing is copied twice, and a run that
was stopped (Ctrl+C stops after the current session) is finished by running
it again. Progress goes to stderr at most once a second; `--json` prints
what was done on stdout.

Exit codes: 0 done; 1 stopped by an error on the way (every session copied
so far is complete: run it again), or some sessions left out because the
server's roles do not let this login write them (said on stderr); 2 a
database could not be opened (an unreachable server, an older schema on the
server, a bad URL); 130 stopped by Ctrl+C.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from app.cli.commands import _open_db, command_parents
from app.config.paths import AppPaths


def register(sub: Any) -> None:
    from app.config.i18n import tr

    p = sub.add_parser(
        "sync",
        parents=command_parents(),
        help=tr("copy sessions to or from a team's database server (run again to continue)"),
        description=tr(
            "Copy every session, streamer, highlight and ad report row between this data "
            "folder and a database server. Nothing is copied twice: running it again "
            "copies only what is new, and finishes a run that was stopped."
        ),
    )
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument(
        "--to",
        metavar="URL",
        help=tr("copy this data folder's history (or --db's) to the database at URL"),
    )
    way.add_argument(
        "--from",
        dest="from_url",
        metavar="URL",
        help=tr("copy the history at URL into this data folder's file, to work offline"),
    )
    p.add_argument(
        "--as",
        dest="claim",
        metavar="NAME",
        default=None,
        help=tr(
            "stamp the sessions nobody is named on with NAME (your login on the team "
            "server: its roles take only sessions stamped with it)"
        ),
    )
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.set_defaults(run=cmd_sync)


def server_label(url: str) -> str:
    """Where a URL points, to show: user@host:port/database, never a password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url
    if u.get_backend_name() == "sqlite":
        return str(u.database)
    host = u.host or "localhost"
    if u.port:
        host += f":{u.port}"
    who = f"{u.username}@" if u.username else ""
    return f"{who}{host}/{u.database or ''}"


def _say(text: str) -> None:
    print(f"genbo: {text}", file=sys.stderr, flush=True)


def _open_remote(url: str, paths: AppPaths) -> Any:
    """The database at `url`, or None once the reason is on stderr (one line
    for a server that cannot be reached; the password is never shown). A
    server URL without a password gets the one kept in the keyring for it,
    as `--db` does (`genbo --db URL secret set db-password`)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from app.config.i18n import tr
    from app.storage.database import (
        NewerDatabaseError,
        ServerConnectError,
        StorageError,
        database_url,
        open_database,
    )

    try:
        with_password = database_url(dataclasses.replace(paths, db_url=url))
        return open_database(with_password)
    except NewerDatabaseError as exc:
        _say(
            tr(
                "The database at {path} was written by a newer version of Genbo (schema {rev}; "
                "this version knows up to {head}). Nothing was changed. Update Genbo first."
            ).format(path=exc.location, rev=exc.revision, head=exc.known_head)
        )
    except ServerConnectError as exc:
        reason = exc.error.strip().splitlines()
        line = reason[0].strip() if reason else ""
        password = make_url(with_password).password
        if password:
            line = line.replace(str(password), "***")
        if exc.unreachable:
            _say(
                tr(
                    "cannot reach the database server {server} ({reason}). Nothing was "
                    "copied; check the URL and that the server runs, then try again."
                ).format(server=server_label(url), reason=line)
            )
        else:
            _say(
                tr(
                    "the database server {server} refused the connection ({reason}). Nothing "
                    "was copied; check the user name and the password (kept in the keyring "
                    "with: genbo --db URL secret set db-password)."
                ).format(server=server_label(url), reason=line)
            )
    except StorageError as exc:
        _say(" ".join(str(exc).split()))
    except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as exc:
        _say(
            tr(
                "{url} is not a database URL Genbo can open ({error}); "
                "e.g. postgresql+psycopg://user@host/genbo"
            ).format(url=server_label(url), error=type(exc).__name__)
        )
    return None


def _same_database(a: str, b: str) -> bool:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    ua, ub = make_url(a), make_url(b)
    if ua.get_backend_name() != ub.get_backend_name():
        return False
    if ua.get_backend_name() == "sqlite":
        return Path(str(ua.database)).resolve() == Path(str(ub.database)).resolve()
    return (ua.host, ua.port or 5432, ua.database) == (ub.host, ub.port or 5432, ub.database)


class SyncProgressLines:
    """Progress lines on stderr: the first at once, then at most once a second."""

    def __init__(self) -> None:
        from app.config.formatting import number_format

        self.fmt = number_format()
        self.said: float | None = None

    def __call__(self, p: Any) -> None:
        from app.config.i18n import tr

        now = time.monotonic()
        if self.said is not None and now - self.said < 1.0:
            return
        self.said = now
        line = tr("{done}/{total} sessions · {samples} samples").format(
            done=self.fmt.grouped(p.sessions_done),
            total=self.fmt.grouped(p.sessions_total),
            samples=self.fmt.count(p.samples_copied),
        )
        if p.current and p.sessions_done < p.sessions_total:
            line += f" · {p.current}"
        print(line, file=sys.stderr, flush=True)


def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr
    from app.storage.database import database_url, sqlite_url

    remote_url = str(args.to or args.from_url)
    # The data folder's own file is copied from (--to) and filled (--from): a
    # team server named by the settings or $GENBO_DB_URL is where Genbo works,
    # not the history to move. Only a --db given with --to says otherwise.
    explicit = bool(args.to and getattr(args, "db", None))
    local_paths = paths if explicit else dataclasses.replace(paths, db_url=None)
    local_url = database_url(local_paths) if explicit else sqlite_url(paths.database)
    try:
        same = _same_database(local_url, remote_url)
    except Exception:
        same = False
    if same:
        _say(tr("{url} is this data folder's own database; nothing to copy.").format(
            url=server_label(remote_url)))  # fmt: skip
        return 2
    remote = _open_remote(remote_url, paths)
    if remote is None:
        return 2
    local = _open_db(local_paths)
    if local is None:
        remote.dispose()
        return 2
    src, dst = (local, remote) if args.to else (remote, local)
    if dst.read_only:  # said on stderr by _open_db already
        local.dispose()
        remote.dispose()
        return 2
    try:
        return _run(args, src, dst, server_label(remote_url))
    finally:
        for db in (local, remote):
            try:
                db.dispose()
            except Exception as exc:  # closing never hides what was done
                _say(str(exc))


def _run(args: argparse.Namespace, src: Any, dst: Any, where: str) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from app.config.formatting import number_format
    from app.config.i18n import tr
    from app.storage.database import StorageError
    from app.storage.sync import sync_databases

    cancel = threading.Event()

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt  # a second Ctrl+C: now (the open session rolls back)
        cancel.set()
        _say(tr("stopping after the current session…"))

    again = tr("Every session copied so far is complete; run the same command again to continue.")
    old = signal.signal(signal.SIGINT, on_sigint)
    try:
        claim = (args.claim or "").strip() or None
        result = sync_databases(src, dst, progress=SyncProgressLines(), cancel=cancel, claim=claim)
    except KeyboardInterrupt:
        _say(tr("stopped.") + " " + again)
        return 130
    except (StorageError, SQLAlchemyError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        _say(tr("the copy stopped: {error}.").format(error=detail[0] if detail else exc))
        _say(again)
        return 1
    finally:
        signal.signal(signal.SIGINT, old)
    if args.json:
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        fmt = number_format()
        print(
            tr(
                "{where}: {new} sessions new, {updated} updated, {unchanged} unchanged; "
                "{samples} samples, {events} events, {gaps} gaps, {streamers} new streamers, "
                "{ads} ad rows copied in {seconds} s."
            ).format(
                where=where if args.to else tr("this data folder"),
                new=fmt.grouped(result.sessions_new),
                updated=fmt.grouped(result.sessions_updated),
                unchanged=fmt.grouped(result.sessions_unchanged),
                samples=fmt.count(result.samples),
                events=fmt.grouped(result.events),
                gaps=fmt.grouped(result.gaps),
                streamers=fmt.grouped(result.streamers_new),
                ads=fmt.grouped(result.ad_rows),
                seconds=fmt.grouped(result.seconds, 1),
            )
        )
    if result.sessions_refused:
        _say(
            tr(
                "{n} sessions were not copied: the team server lets this login write only the "
                "sessions stamped with its name. To move your own history, run it again with "
                "--as YOUR-LOGIN (sessions nobody is named on become yours); else copy them "
                "as the team's owner."
            ).format(n=number_format().grouped(result.sessions_refused))
        )
    if result.cancelled:
        _say(
            tr("stopped after {done} of {total} sessions.").format(
                done=result.sessions_done, total=result.sessions_total
            )
            + " "
            + again
        )
        return 130
    return 1 if result.sessions_refused else 0
