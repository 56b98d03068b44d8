"""`genbo demo-history`: fill a data folder with a realistic made-up history
(streamers of every size, a few months of sessions, some with every sample),
so the library, the roster, reviews and comparisons can be tried at once.

`register(sub)` adds the command (wired by `app.cli.commands`, which runs it
through `set_defaults(run=…)`). Exit codes as the other commands: 0 done,
1 refused (the database already has sessions, without --force), 2 bad input
or no database."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from app.cli.commands import _open_db, command_parents
from app.config.paths import AppPaths
from app.core.roster import format_month as _month


def register(sub: Any) -> None:
    """Add `demo-history` to the parser's subcommands."""
    from app.config.i18n import tr

    p = sub.add_parser(
        "demo-history",
        parents=command_parents(),
        help=tr("fill the data folder with a realistic made-up history to try Genbo with"),
    )
    p.add_argument(
        "--streamers", type=int, default=24, metavar="N", help=tr("how many (default 24)")
    )
    p.add_argument(
        "--months",
        type=int,
        default=6,
        metavar="M",
        help=tr("whole months before this one, which is filled so far (default 6)"),
    )
    p.add_argument(
        "--seed", type=int, default=1, metavar="S", help=tr("the same seed, the same history")
    )
    p.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=tr("end the history the day before this date (default: now, today's ended shows in)"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=tr("add to a database that already has sessions"),
    )
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.set_defaults(run=cmd_demo_history)


def cmd_demo_history(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr

    if not 0 < args.streamers <= 5000:
        print(tr("genbo: --streamers must be 1 to 5000"), file=sys.stderr)
        return 2
    if not 0 <= args.months <= 60:
        print(tr("genbo: --months must be 0 to 60"), file=sys.stderr)
        return 2
    today: date | None = None
    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            print(
                tr("genbo: {text!r} is not a date; write it as YYYY-MM-DD").format(text=args.today),
                file=sys.stderr,
            )
            return 2

    from app.core.library import LibraryQuery
    from app.session.demo_history import add_demo_streamer_shows, make_demo_history
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    try:
        repo = Repository(db)
        have = (
            repo.query_sessions(LibraryQuery(limit=0)).total
            + repo.query_sessions(LibraryQuery(limit=0, trash=True)).total
        )
        if have and not args.force:
            print(
                tr(
                    "genbo: the database at {path} already has {n} sessions; a demo history "
                    "would mix with them. Use another --data-dir, or --force to add it anyway."
                ).format(path=paths.database, n=have),
                file=sys.stderr,
            )
            return 1
        show = sys.stderr.isatty() and not args.json

        def progress(share: float) -> None:
            if show:
                print(f"\r{tr('making the demo history')} {share:4.0%}", end="", file=sys.stderr)

        try:
            result = make_demo_history(
                repo,
                streamers=args.streamers,
                months=args.months,
                seed=args.seed,
                today=today,
                progress=progress,
            )
            # So `genbo --demo` here has earlier shows to hold its ghost line against.
            demo_shows = add_demo_streamer_shows(repo, today=today, seed=args.seed)
        except StorageError as exc:
            print(f"\ngenbo: {exc}" if show else f"genbo: {exc}", file=sys.stderr)
            return 1
        if show:
            print(file=sys.stderr)
    finally:
        db.dispose()

    if args.json:
        json.dump(
            {
                "database": str(paths.database),
                "streamers": len(result.streamers),
                "sessions": result.sessions,
                "demo_streamer_shows": demo_shows,
                "full_sessions": result.full_sessions,
                "summary_sessions": result.summaries,
                "first_day": result.first_day.isoformat(),
                "last_day": result.last_day.isoformat(),
                "platform_months": [
                    {"streamer_id": sid, "month": _month(m)} for sid, m in result.platform_months
                ],
                "leaps": [
                    {
                        "streamer_id": leap.streamer_id,
                        "streamer": leap.name,
                        "threshold": leap.threshold_fen // 100,
                        "month": _month(leap.month),
                    }
                    for leap in result.leaps
                ],
                "minute_curves": result.curves,
                "seconds": round(result.seconds, 2),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0

    from app.config.formatting import format_date, number_format

    fmt = number_format()
    print(
        tr(
            "Made a demo history in {path}: {streamers} streamers, {sessions} sessions from "
            "{first} to {last} ({full} with every sample, {summaries} as summaries) in {secs} s."
        ).format(
            path=paths.database,
            streamers=fmt.grouped(len(result.streamers)),
            sessions=fmt.grouped(result.sessions),
            first=format_date(result.first_day),
            last=format_date(result.last_day),
            full=fmt.grouped(result.full_sessions),
            summaries=fmt.grouped(result.summaries),
            secs=fmt.ratio(result.seconds, 1),
        )
    )
    if result.platform_months:
        names = {s.id: s.name for s in result.streamers}
        months = ", ".join(f"{names[sid]} {_month(m)}" for sid, m in result.platform_months)
        print(
            tr("Months with the platform's GMV typed in (not every session recorded): {m}").format(
                m=months
            )
        )
    if result.ad_rows:
        print(
            tr(
                "{n} rows of 磁力金牛 and 千川 reports for the paid traffic of the last 60 days: "
                "genbo ads roi"
            ).format(n=fmt.grouped(result.ad_rows))
        )
    if result.leaps:
        print(tr("First-time leaps:"))
        for leap in result.leaps:
            print(
                "  "
                + tr("{month}  {name} passed {threshold}").format(
                    month=_month(leap.month),
                    name=leap.name,
                    threshold=fmt.money(leap.threshold_fen // 100),
                )
            )
    print(
        tr(
            "{n} earlier simulated shows of the demo streamer: `genbo --demo` here gets a "
            "ghost line to beat."
        ).format(n=len(demo_shows))
    )
    print(tr("Try: genbo roster, genbo sessions, or open the window."))
    return 0
