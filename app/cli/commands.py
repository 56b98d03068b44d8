"""Command line and composition root: parses arguments and wires the layers."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from app import __version__
from app.config.logs import setup_logging
from app.config.paths import AppPaths, resolve_paths

log = logging.getLogger("app")


def data_dir_option(default: object) -> argparse.ArgumentParser:
    from app.config.i18n import tr

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=tr("keep the database, settings and logs in DIR (also: $GENBO_DATA_DIR)"),
    )
    parent.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=tr(
            "use the database server at URL instead of the data folder's file, e.g. "
            "postgresql+psycopg://user@host/genbo (also: $GENBO_DB_URL)"
        ),
    )
    parent.add_argument(
        "--operator",
        metavar="NAME",
        default=default,
        help=tr(
            "who rides along: stamped on the sessions recorded (also: $GENBO_OPERATOR; "
            "on a team server the URL's user name by default)"
        ),
    )
    return parent


def command_parents() -> list[argparse.ArgumentParser]:
    """What every command's parser is made with (`parents=`): commands take
    --data-dir too, before or after their name; without a value of their own
    they must not reset the one given before (`genbo --data-dir D record …`),
    so theirs defaults to "not given"."""
    return [data_dir_option(argparse.SUPPRESS)]


def build_parser() -> argparse.ArgumentParser:
    from app.config.i18n import tr

    common = data_dir_option(None)
    sub_common = command_parents()[0]

    from app.cli.source_args import add_record_arguments, add_source_arguments

    p = argparse.ArgumentParser(
        prog="genbo",
        description=tr("Genbo (跟播): follow a live broadcast's numbers, live and in review."),
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"genbo {__version__}")
    p.add_argument("--demo", action="store_true", help=tr("start a simulated live session at once"))
    p.add_argument(
        "--demo-wall",
        action="store_true",
        help=tr("open the wall on twelve simulated streamers at once"),
    )
    p.add_argument(
        "--streamer",
        metavar="NAME",
        help=tr("with --source: start following NAME at once in the window"),
    )
    p.add_argument("--title", default="", metavar="T")
    p.add_argument(
        "--smoke",
        action="store_true",
        help=tr("open the window, let it draw once, and quit (checks an installation)"),
    )
    add_source_arguments(p, speed_default=None)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    rec = sub.add_parser(
        "record", parents=[sub_common], help=tr("record a session without the window")
    )
    add_record_arguments(rec)

    sec = sub.add_parser(
        "secret", parents=[sub_common], help=tr("store or forget a token or API key")
    )
    sec.add_argument("action", choices=["set", "delete"])
    sec.add_argument(
        "name",
        metavar="NAME",
        help=tr(
            "e.g. twitch-token, youtube-api-key; db-password: the password of the team "
            "server --db names"
        ),
    )

    # Its own --operator (a filter) over the one every command takes (who
    # rides along): a parent of its own, so the other commands keep theirs.
    ses = sub.add_parser(
        "sessions",
        parents=command_parents(),
        conflict_handler="resolve",
        help=tr("list recorded sessions"),
    )
    ses.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    ses.add_argument(
        "--operator",
        metavar="NAME",
        dest="only_operator",
        help=tr('only the sessions NAME rode along with (--operator "": those nobody is named on)'),
    )

    from app.exports.formats import FORMATS

    exp = sub.add_parser(
        "export", parents=[sub_common], help=tr("export a session's highlights for video editors")
    )
    exp.add_argument("session_id", type=int, metavar="SESSION_ID")
    exp.add_argument("--format", required=True, choices=FORMATS, dest="export_format")
    exp.add_argument(
        "--offset",
        default="0",
        metavar="±H:MM:SS",
        help=tr("align to a video that started earlier (+) or later (-) than the session"),
    )
    exp.add_argument("--fps", type=int, default=30, help=tr("frame rate for EDL and XML"))
    exp.add_argument("-o", "--output", metavar="FILE", help=tr("default: print to the terminal"))

    close = sub.add_parser(
        "close",
        parents=[sub_common],
        help=tr("end an interrupted session (cut off by a crash); its samples are kept"),
    )
    close.add_argument("session_id", type=int, metavar="SESSION_ID")

    # Commands kept in modules of their own; each sets `run` (see `_dispatch`).
    from app.cli import (
        ads_cmd,
        compare_cmd,
        demo_history_cmd,
        import_cmd,
        notify_cmd,
        report_cmd,
        roster_cmd,
    )

    compare_cmd.register(sub)
    demo_history_cmd.register(sub)
    import_cmd.register(sub)
    report_cmd.register(sub)
    roster_cmd.register(sub)
    ads_cmd.register(sub)
    notify_cmd.register(sub)
    from app.cli import doctor_cmd, screen_cmd, sync_cmd, upgrade_cmd, video_cmd, wall_cmd

    doctor_cmd.register(sub)
    screen_cmd.register(sub)
    video_cmd.register(sub)
    wall_cmd.register(sub)
    upgrade_cmd.register(sub)
    sync_cmd.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from app.config.formatting import set_number_units
    from app.config.i18n import install
    from app.config.settings import load_settings

    # The language (the settings' `language`, else the system's) must be
    # chosen before the parser's help texts are translated, and the settings
    # live in the data folder: read --data-dir first, on its own.
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--data-dir", default=None)
    try:
        data_dir = early.parse_known_args(argv)[0].data_dir
    except argparse.ArgumentError:  # `--data-dir` without a value: the parser says so
        data_dir = None
    settings_file = resolve_paths(data_dir).settings_file
    install(settings_file)
    # Through load_settings: a version-1 file's "cn" (its default) means "auto".
    settings = load_settings(settings_file)
    set_number_units(settings.number_units)
    parser = build_parser()
    args = parser.parse_args(argv)
    # --db and --operator, then $GENBO_DB_URL and $GENBO_OPERATOR, then the settings'.
    paths = resolve_paths(
        args.data_dir,
        args.db,
        args.operator,
        saved_db_url=settings.db_url,
        saved_operator=settings.operator,
    )
    try:
        paths.ensure()
    except OSError as exc:
        # A read-only folder that holds a database still opens it for
        # browsing (the database layer says so); without one there is nothing.
        if not paths.database.is_file():
            from app.config.i18n import tr

            print(
                "genbo: "
                + tr("cannot use the data folder {path}: {error}").format(
                    path=paths.data_dir, error=exc
                ),
                file=sys.stderr,
            )
            return 2
    setup_logging(paths, to_file=args.command is not None)
    try:
        return _dispatch(parser, args, paths)
    except BrokenPipeError:
        # `genbo sessions --json | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr

    if args.command == "record":
        return cmd_record(args, paths)
    if args.command == "sessions":
        return cmd_sessions(args, paths)
    if args.command == "close":
        return cmd_close(args, paths)
    if args.command == "secret":
        return cmd_secret(args, paths)
    if args.command == "export":
        return cmd_export(args, paths)
    run = getattr(args, "run", None)
    if run is not None:  # a command registered by its own module (`set_defaults(run=…)`)
        return int(run(args, paths))
    if args.source and not args.streamer:
        parser.error(tr("--source in the window needs --streamer NAME"))
    from app.ui.shell.launch import launch

    return launch(args, paths)


def _open_db(paths: AppPaths) -> Any:
    """The data folder's database, or None once the reason is on stderr. A
    damaged file is moved aside and what could be read recovered into a fresh
    one (`app.storage.recovery`): said on stderr, and the command goes on."""
    from app.config.i18n import tr
    from app.storage.database import NewerDatabaseError, StorageError, database_url
    from app.storage.recovery import open_or_rescue, read_only_notice

    try:
        db, rescue = open_or_rescue(database_url(paths))
    except NewerDatabaseError as exc:
        msg = tr(
            "The database at {path} was written by a newer version of Genbo (schema {rev}; "
            "this version knows up to {head}). Nothing was changed. Update Genbo, or use "
            "--data-dir to pick another folder."
        ).format(path=exc.location, rev=exc.revision, head=exc.known_head)
        print(f"genbo: {msg}", file=sys.stderr)
        return None
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return None
    if rescue is not None:
        from app.config.formatting import number_format

        print(f"genbo: {rescue.describe(number_format().grouped)}", file=sys.stderr)
    if db.read_only:
        print(f"genbo: {read_only_notice(db)}", file=sys.stderr)
        return db  # browsing only: nothing to tidy
    if db.backup_path is not None:
        print(
            tr("genbo: upgraded the database; the previous file was kept as {path}").format(
                path=db.backup_path
            ),
            file=sys.stderr,
        )
    from app.session.library import tidy
    from app.storage.repository import Repository

    try:
        tidy(Repository(db))
    except StorageError as exc:  # a read-only copy still reads
        print(f"genbo: {exc}", file=sys.stderr)
    return db


def with_repo(fn: Callable[[Any], int]) -> Callable[[AppPaths], int]:
    """A command's body given the data folder's `Repository`: exit 2 when the
    database cannot be opened, 1 (with the reason) on a storage error."""

    def go(paths: AppPaths) -> int:
        from app.storage.database import StorageError
        from app.storage.repository import Repository

        db = _open_db(paths)
        if db is None:
            return 2
        try:
            return fn(Repository(db))
        except StorageError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 1
        finally:
            db.dispose()

    return go


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else float(Decimal(fen) / 100)


def cmd_sessions(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.formatting import format_datetime, number_format
    from app.config.i18n import tr
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    repo = Repository(db)
    only: str | None = getattr(args, "only_operator", None)
    sessions = repo.list_sessions(operator=None if only is None else " ".join(only.split()))
    rows = []
    for s in sessions:
        status = s.status.value
        rows.append(
            {
                "id": s.id,
                "streamer": s.streamer.name,
                "title": s.title,
                "started_at": s.started_at.isoformat(timespec="seconds"),
                "ended_at": None if s.ended_ms is None else _iso(s.ended_ms, s.utc_offset_min),
                "status": status,
                "duration_s": round(s.summary.duration_s),
                "peak_viewers": s.summary.peak_viewers,
                "gmv": _yuan(s.summary.gmv_fen),
                "gmv_15m": _yuan(s.summary.gmv_15m_fen),
                "gmv_30m": _yuan(s.summary.gmv_30m_fen),
                "sample_count": s.summary.sample_count,
                "operator": s.operator,
            }
        )
    db.dispose()
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows and only is not None:
        print(tr("No sessions match."))
        return 0
    if not rows:
        print(tr("No sessions yet. Record one with: genbo record --streamer NAME --duration 600"))
        return 0
    fmt = number_format()
    columns = [
        (tr("ID"), ">"), (tr("Streamer"), "<"), (tr("Started"), "<"), (tr("Duration"), ">"),
        (tr("Peak"), ">"), (tr("GMV"), ">"), (tr("15 min"), ">"), (tr("30 min"), ">"),
        (tr("Status"), "<"),
    ]  # fmt: skip
    # Who rode along, once anyone is named (a single user's list is unchanged).
    named = any(s.operator for s in sessions)
    if named:
        columns.insert(2, (tr("Operator"), "<"))
    table = [[c[0] for c in columns]]
    for s in sessions:
        sm = s.summary
        cells = [
            str(s.id),
            _clip(s.streamer.name, 16),
            format_datetime(s.started_at),
            fmt.duration(round(sm.duration_s)),
            fmt.count(sm.peak_viewers),
            fmt.money(sm.yuan(sm.gmv_fen)),
            fmt.money(sm.yuan(sm.gmv_15m_fen)),
            fmt.money(sm.yuan(sm.gmv_30m_fen)),
            tr(s.status.value),
        ]
        if named:
            cells.insert(2, _clip(s.operator or "—", 12))
        table.append(cells)
    widths = [max(_width(row[i]) for row in table) for i in range(len(columns))]
    for row in table:
        cells = [_pad(cell, widths[i], columns[i][1]) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
    return 0


def _iso(ms: int, offset_min: int) -> str:
    from datetime import UTC, datetime, timedelta, timezone

    tz = timezone(timedelta(minutes=offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).isoformat(timespec="seconds")


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if align == ">" else text + space


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch + "…") > width:
            break
        out += ch
    return out + "…"


def cmd_close(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.formatting import number_format
    from app.config.i18n import tr
    from app.core.session import SessionStatus
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    repo = Repository(db)
    try:
        interrupted = {s.id for s in repo.find_interrupted()}
        if args.session_id not in interrupted:
            info = repo.get_session(args.session_id)
            text = (
                tr("genbo: session {id} was interrupted and is closed already; nothing to do.")
                if info.status is SessionStatus.INTERRUPTED
                else tr("genbo: session {id} is {status}, not interrupted; nothing to close.")
            )
            print(text.format(id=info.id, status=tr(info.status.value)), file=sys.stderr)
            return 1
        info = repo.finish_interrupted(args.session_id)
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    fmt = number_format()
    print(
        tr("Closed session {id}: {n} samples kept, GMV {gmv}.").format(
            id=info.id,
            n=fmt.count(info.summary.sample_count),
            gmv=fmt.money(info.summary.yuan(info.summary.gmv_fen)),
        )
    )
    return 0


def cmd_record(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.cli.record import cmd_record as record
    from app.cli.team_cli import open_for_recording, send_waiting

    # A team server that does not answer: recorded on this computer, sent later.
    db, where = open_for_recording(paths, _open_db)
    if db is None:
        return 2
    try:
        code = record(args, where, db)
    finally:
        db.dispose()
    if where is not paths:  # recorded offline: sent now if the server answers
        send_waiting(paths)
    return code


def cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from pathlib import Path

    from app.config.i18n import tr
    from app.exports import ExportError, ExportInput, ExportOptions, export, parse_offset
    from app.session.review import load_export_input
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    try:
        opt = ExportOptions(offset_s=parse_offset(args.offset), fps=args.fps)
    except ExportError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    if not 1 <= args.fps <= 120:
        print(tr("genbo: --fps must be between 1 and 120"), file=sys.stderr)
        return 2
    from app.exports.formats import BINARY

    if args.export_format in BINARY and not args.output and sys.stdout.isatty():
        print(
            tr("genbo: {fmt} is a binary file; give -o FILE or redirect the output").format(
                fmt=args.export_format
            ),
            file=sys.stderr,
        )
        return 2
    db = _open_db(paths)
    if db is None:
        return 2
    try:
        data: ExportInput
        if args.export_format == "xlsx":
            from app.session.report import load_workbook_input

            data = load_workbook_input(Repository(db), args.session_id)
        else:
            data = load_export_input(
                Repository(db), args.session_id, with_samples=args.export_format == "json"
            )
        result = export(args.export_format, data, opt)
    except (StorageError, ExportError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    for note in result.notes:
        print(tr("note: {note}").format(note=note), file=sys.stderr)
    if args.output:
        target = Path(args.output)
        try:
            result.save(target)
        except OSError as exc:
            print(f"genbo: cannot write {target}: {exc}", file=sys.stderr)
            return 1
        print(tr("Wrote {path}").format(path=target), file=sys.stderr)
    else:
        result.write(sys.stdout)
    return 0


DB_PASSWORD = "db-password"
"""`genbo --db URL secret set db-password`: the keyring entry of that server's password."""


def cmd_secret(args: argparse.Namespace, paths: AppPaths) -> int:
    import getpass

    from app.config.i18n import tr
    from app.config.secret_store import SecretStore

    store = SecretStore()
    if args.name == DB_PASSWORD:  # a team server's password: named by its URL
        if paths.db_url is None:
            print(
                tr(
                    "genbo: db-password is a team server's password: say which server with "
                    "--db URL (the URL without the password), e.g. "
                    "genbo --db postgresql+psycopg://alice@db.example/genbo secret set db-password"
                ),
                file=sys.stderr,
            )
            return 2
        from app.storage.database import password_secret_name

        args.name = password_secret_name(paths.db_url)
    if args.action == "delete":
        store.delete(args.name)
        print(tr("Forgot {name}.").format(name=args.name))
        return 0
    if not store.persistent:
        print(
            tr(
                "genbo: no keyring is available on this system, so the password cannot be "
                "kept. Give it to PostgreSQL's own client settings instead: $PGPASSWORD, or "
                "a line in ~/.pgpass."
            )
            if args.name.startswith("db-password:")
            else tr(
                "genbo: no keyring is available on this system, so {name} cannot be kept. "
                "Set it in the environment instead, e.g. GENBO_TWITCH_TOKEN."
            ).format(name=args.name),
            file=sys.stderr,
        )
        return 1
    if sys.stdin.isatty():
        value = getpass.getpass(tr("{name} (not shown): ").format(name=args.name))
    else:
        value = sys.stdin.readline().strip()
    if not value:
        print(tr("genbo: nothing entered; nothing stored."), file=sys.stderr)
        return 1
    store.set(args.name, value)
    print(tr("Saved {name} in the keyring.").format(name=args.name))
    return 0
