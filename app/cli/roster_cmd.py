"""`genbo roster`, `genbo streamer …` and `genbo month-gmv`: the month against
the leap ladder, streamers as records, and the platform's monthly figure.

`register(sub)` adds the commands to the parser, each with its `run`
(dispatched by `app.cli.commands`). Exit codes as the
other commands: 0 done, 1 refused by the database (no such streamer, a name
already taken), 2 bad input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.cli.commands import (
    _clip,
    _open_db,
    _pad,
    _width,
    _yuan,
    command_parents,
    with_repo,
)
from app.config.i18n import tr
from app.config.paths import AppPaths

if TYPE_CHECKING:  # the parser stays light: core loads when a command runs
    from app.core.session import ScheduleSlot, Streamer

COMMANDS = ("roster", "streamer", "month-gmv", "month-gmv-import")
"""The commands `register` adds."""

Handler = Callable[[argparse.Namespace, AppPaths], int]


class InputError(ValueError):
    """Bad input from the command line: said plainly, exit code 2."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `roster`, `streamer` and `month-gmv` to the parser's subcommands
    (each sets `run`, which `app.cli.commands` dispatches to)."""
    (common,) = command_parents()
    # Its own --operator (a filter) over the one every command takes (who
    # rides along): a parent of its own, so the others keep theirs.
    ros = sub.add_parser(
        "roster",
        parents=command_parents(),
        conflict_handler="resolve",
        help=tr("every streamer's month against the leap ladder (50万 / 200万 / 500万)"),
    )
    ros.add_argument("--month", metavar="YYYY-MM", help=tr("default: this month"))
    ros.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    ros.add_argument("--all", action="store_true", help=tr("list archived streamers too"))
    ros.add_argument(
        "--ladder",
        metavar="AMOUNTS",
        help=tr("thresholds for this run, e.g. 50万,200万,500万 (default: the settings')"),
    )
    ros.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=tr("count the days left as if today were this date"),
    )
    ros.add_argument(
        "--operator",
        metavar="NAME",
        dest="only_operator",
        help=tr(
            "only the streamers NAME rode along with in the month, with their whole month "
            '(--operator "": those of sessions nobody is named on)'
        ),
    )
    ros.set_defaults(run=_guarded(cmd_roster))

    st = sub.add_parser(
        "streamer", parents=[common], help=tr("add, list, edit or archive streamers")
    )
    actions = st.add_subparsers(dest="streamer_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[common], help=tr("add a streamer"))
    add.add_argument("name", metavar="NAME")
    _streamer_fields(add)
    add.set_defaults(run=_guarded(cmd_streamer_add))

    ls = actions.add_parser("list", parents=[common], help=tr("list the streamers"))
    ls.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    ls.add_argument("--all", action="store_true", help=tr("list archived streamers too"))
    ls.set_defaults(run=_guarded(cmd_streamer_list))

    edit = actions.add_parser(
        "edit", parents=[common], help=tr("change a streamer (only what is given changes)")
    )
    edit.add_argument("streamer", metavar="ID", help=tr("the streamer's ID or name"))
    edit.add_argument("--name", metavar="NAME")
    _streamer_fields(edit)
    edit.add_argument(
        "--no-schedule", action="store_true", help=tr("forget the planned start times")
    )
    edit.set_defaults(run=_guarded(cmd_streamer_edit))

    for verb, flag, text in (
        (
            "archive",
            True,
            tr("archive a streamer (kept, with every session; hidden from the roster)"),
        ),
        ("unarchive", False, tr("bring an archived streamer back")),
    ):
        p = actions.add_parser(verb, parents=[common], help=text)
        p.add_argument("streamer", metavar="ID", help=tr("the streamer's ID or name"))
        p.set_defaults(run=_guarded(_archive_handler(flag)))

    mg = sub.add_parser(
        "month-gmv",
        parents=[common],
        help=tr(
            "type the platform's GMV for a streamer's month (used instead of the recorded sum)"
        ),
    )
    mg.add_argument("streamer", metavar="STREAMER", help=tr("the streamer's ID or name"))
    mg.add_argument("month", metavar="YYYY-MM")
    mg.add_argument(
        "amount", metavar="AMOUNT", nargs="?", help=tr("in yuan: 1234567, 123.4万, 3.5w")
    )
    mg.add_argument(
        "--clear", action="store_true", help=tr("forget it and use the recorded sum again")
    )
    mg.set_defaults(run=_guarded(cmd_month_gmv))

    mi = sub.add_parser(
        "month-gmv-import",
        parents=[common],
        help=tr("import the platform's monthly GMV per streamer from a CSV (a month report)"),
    )
    mi.add_argument("file", metavar="FILE", help=tr("a CSV: streamer or account, month, GMV"))
    mi.add_argument(
        "--month", metavar="YYYY-MM", help=tr("the month, for a file without a month column")
    )
    mi.add_argument(
        "--dry-run", action="store_true", help=tr("read and check the file, store nothing")
    )
    mi.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    mi.set_defaults(run=_guarded(cmd_month_gmv_import))


def _streamer_fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--platform", metavar="P", help=tr("e.g. douyin, kuaishou"))
    p.add_argument("--account-id", metavar="ID", help=tr("the platform's own ID for the account"))
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument(
        "--start",
        metavar="[DAYS=]HH:MM",
        action="append",
        help=tr(
            "planned start: 06:30 every day, or sat,sun=10:00 on those days "
            "(may be repeated; a weekday's own time wins over the daily one)"
        ),
    )
    p.add_argument(
        "--weekday",
        metavar="DAYS",
        help=tr("with --start HH:MM: only on these days (mon, sat,sun, mon-fri)"),
    )
    p.add_argument(
        "--utc-offset",
        metavar="±HH:MM",
        help=tr("the time zone of the planned start (default: this computer's)"),
    )


def _guarded(handler: Handler) -> Handler:
    """The command, with bad input said plainly (exit code 2)."""

    def run(args: argparse.Namespace, paths: AppPaths) -> int:
        try:
            return handler(args, paths)
        except InputError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 2

    return run


# -- input -------------------------------------------------------------------------------
def _offset(text: str | None) -> int:
    from app.core.session import local_utc_offset_min

    if text is None:
        return local_utc_offset_min()
    t = text.strip().upper().removeprefix("UTC")
    sign = -1 if t.startswith("-") else 1
    body = t.lstrip("+-")
    hours, _, mins = body.partition(":")
    if not hours.isdigit() or (mins and not mins.isdigit()):
        raise InputError(tr("{text!r} is not a UTC offset; write it as +08:00").format(text=text))
    total = int(hours) * 60 + int(mins or 0)
    if total > 14 * 60:
        raise InputError(tr("{text!r} is not a UTC offset; write it as +08:00").format(text=text))
    return sign * total


def _schedule(starts: Sequence[str], weekday: str | None, offset: int) -> tuple[ScheduleSlot, ...]:
    from app.core.roster import parse_clock, parse_weekdays
    from app.core.session import ScheduleSlot

    slots: dict[int | None, ScheduleSlot] = {}
    try:
        default_days = parse_weekdays(weekday) if weekday else None
        for item in starts:
            days_text, sep, clock = item.rpartition("=")
            minutes = parse_clock(clock)
            days: Sequence[int | None]
            if sep:
                days = parse_weekdays(days_text)
            elif default_days is not None:
                days = default_days
            else:
                days = [None]
            for d in days:
                slots[d] = ScheduleSlot(d, minutes, offset)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if weekday and not starts:
        raise InputError(
            tr("--weekday needs a time: --start HH:MM --weekday {days}").format(days=weekday)
        )
    return tuple(sorted(slots.values(), key=lambda s: -1 if s.weekday is None else s.weekday))


def _amount_fen(text: str) -> int:
    from app.core.numbers import NumberParseError, parse_money_fen

    try:
        return parse_money_fen(text)
    except NumberParseError as exc:
        raise InputError(str(exc)) from None


def _month(text: str) -> int:
    from app.core.roster import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _thresholds(args: argparse.Namespace, paths: AppPaths) -> tuple[int, ...]:
    from app.core.numbers import NumberParseError, parse_number
    from app.core.roster import thresholds_from_yuan

    if args.ladder:
        try:
            values = [
                parse_number(x) for x in args.ladder.replace("，", ",").split(",") if x.strip()
            ]
        except NumberParseError as exc:
            raise InputError(str(exc)) from None
        if not values or any(v <= 0 for v in values):
            raise InputError(tr("--ladder needs amounts above zero, e.g. 50万,200万,500万"))
        return thresholds_from_yuan(values)
    from app.config.settings import load_settings

    return thresholds_from_yuan(load_settings(paths.settings_file).leap_ladder)


def _day_names() -> list[str]:
    return [tr(d) for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]


def _schedule_text(slots: Sequence[ScheduleSlot]) -> str:
    from app.core.roster import describe_schedule

    return describe_schedule(slots, _day_names(), tr("daily"))


def _table(header: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]]) -> None:
    table = [[h for h, _ in header], *rows]
    widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        print("  ".join(_pad(c, widths[i], header[i][1]) for i, c in enumerate(row)).rstrip())


# -- roster ------------------------------------------------------------------------------
def cmd_roster(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.core.roster import month_of_date
    from app.session.roster import load_roster, today_in

    if args.today:
        try:
            today = date.fromisoformat(args.today)
        except ValueError:
            raise InputError(
                tr("{text!r} is not a date; write it as YYYY-MM-DD").format(text=args.today)
            ) from None
    else:
        today = today_in()
    month = month_of_date(today) if args.month is None else _month(args.month)
    thresholds = _thresholds(args, paths)
    db = _open_db(paths)
    if db is None:
        return 2
    try:
        from app.storage.repository import Repository

        roster = load_roster(
            Repository(db),
            month,
            today,
            thresholds,
            include_archived=args.all,
            operator=_operator_filter(args),
        )
    finally:
        db.dispose()
    if args.json:
        json.dump(_roster_json(roster), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    _print_roster(roster)
    return 0


def _operator_filter(args: argparse.Namespace) -> str | None:
    """`--operator NAME` as the filter takes it: blank is `NOT_SAID`."""
    name: str | None = getattr(args, "only_operator", None)
    return None if name is None else " ".join(name.split())


def _roster_json(roster: Any) -> dict[str, Any]:
    from app.core.roster import format_month

    def month_or_none(m: int | None) -> str | None:
        return None if m is None else format_month(m)

    streamers = []
    for row in roster.rows:
        s, st = row.streamer, row.standing
        streamers.append(
            {
                "id": s.id,
                "name": s.name,
                "platform": s.platform,
                "archived": s.archived,
                "gmv": _yuan(st.gmv_fen),
                "basis": st.basis.value,
                "recorded_gmv": _yuan(st.recorded_gmv_fen),
                "platform_gmv": _yuan(st.platform_gmv_fen),
                "platform_source": st.platform_source,
                "platform_below_recorded": st.platform_below_recorded,
                "sessions": st.sessions,
                "next_threshold": _yuan(st.next_threshold_fen),
                "remaining": _yuan(st.remaining_fen),
                "progress": round(st.progress, 4),
                "days_in_month": st.days_in_month,
                "days_elapsed": st.days_elapsed,
                "days_left": st.days_left,
                "pace_needed": _yuan(st.pace_needed_fen),
                "pace_so_far": _yuan(st.pace_so_far_fen),
                "projected_crossing": None
                if st.projected_crossing is None
                else st.projected_crossing.isoformat(),
                "leaps": [
                    {
                        "threshold": _yuan(lp.threshold_fen),
                        "first_month": month_or_none(lp.first_month),
                        "crossed_this_month": lp.crossed_this_month,
                        "first_time_this_month": lp.first_time_this_month,
                    }
                    for lp in st.leaps
                ],
                "schedule": _schedule_json(s.schedule),
                "on_time_streak": row.on_time_streak,
                "streak_at_least": row.streak_at_least,
                "last_late_s": row.last_late_s,
            }
        )

    def counts(mc: Any) -> list[dict[str, Any]]:
        return [
            {"threshold": _yuan(c.threshold_fen), "crossed": c.crossed, "first_time": c.first_time}
            for c in mc.counts
        ]

    return {
        "month": format_month(roster.month),
        "today": roster.today.isoformat(),
        "operator": roster.operator,
        "thresholds": [_yuan(t) for t in roster.thresholds],
        "streamers": streamers,
        "summary": {
            "month": format_month(roster.month),
            "counts": counts(roster.summary.current),
            "history": [
                {"month": format_month(m.month), "counts": counts(m)}
                for m in roster.summary.history
            ],
            "figures_start": None
            if roster.summary.figures_start is None
            else format_month(roster.summary.figures_start),
        },
    }


def _print_roster(roster: Any) -> None:
    from app.config.formatting import format_date, number_format
    from app.core.roster import GmvBasis, format_month, gmv_shown, shown_progress

    fmt = number_format()

    def money(fen: int | None) -> str:
        return fmt.money_fen(fen)

    print(
        tr("Roster for {month} (today {today}; the ladder: {ladder})").format(
            month=format_month(roster.month),
            today=format_date(roster.today),
            ladder=" / ".join(money(t) for t in roster.thresholds),
        )
    )
    if roster.operator:
        print(
            tr(
                "Only the streamers {name} rode along with in {month}, with their whole month."
            ).format(name=roster.operator, month=format_month(roster.month))
        )
    elif roster.operator is not None:
        print(
            tr("Only the streamers of sessions in {month} nobody is named on.").format(
                month=format_month(roster.month)
            )
        )
    if not roster.rows and roster.operator is not None:
        print(tr("No streamers match in {month}.").format(month=format_month(roster.month)))
    elif not roster.rows:
        print(tr("No streamers yet. Add one with: genbo streamer add NAME"))
    else:
        header = [
            (tr("Streamer"), "<"), (tr("Platform"), "<"), (tr("GMV so far"), ">"),
            (tr("Basis"), "<"), (tr("Sessions"), ">"), (tr("Next"), ">"),
            (tr("Progress"), ">"), (tr("Days left"), ">"), (tr("Pace needed / so far"), ">"),
            (tr("Crosses on"), "<"), (tr("Past leaps"), "<"), (tr("On time"), ">"),
        ]  # fmt: skip
        rows = []
        for row in roster.rows:
            s, st = row.streamer, row.standing
            basis = tr("recorded") if st.basis is GmvBasis.RECORDED else tr("platform")
            if st.platform_below_recorded:
                basis += " !"
            leaps = ", ".join(
                f"{money(lp.threshold_fen)} {format_month(lp.first_month)}"
                + ("*" if lp.first_time_this_month else "")
                for lp in st.past_leaps
                if lp.first_month is not None
            )
            if row.on_time_streak is None:
                streak = "—"
            else:
                streak = ("≥" if row.streak_at_least else "") + fmt.count(row.on_time_streak)
            rows.append(
                [
                    _clip(s.name, 16) + (" " + tr("(archived)") if s.archived else ""),
                    _clip(s.platform or "—", 10),
                    gmv_shown(fmt, st.gmv_fen, st.next_threshold_fen),
                    basis,
                    fmt.count(st.sessions),
                    money(st.next_threshold_fen) if st.next_threshold_fen else tr("top"),
                    fmt.percent(shown_progress(st.progress), 0),
                    fmt.count(st.days_left),
                    f"{money(st.pace_needed_fen)} / {money(st.pace_so_far_fen)}",
                    "—" if st.projected_crossing is None else format_date(st.projected_crossing),
                    leaps or "—",
                    streak,
                ]
            )
        _table(header, rows)
        notes = [r for r in roster.rows if r.standing.platform_below_recorded]
        for r in notes:
            print(
                tr(
                    "! {name}: the platform's figure {platform} is below the recorded "
                    "{recorded}; one of them is probably wrong."
                ).format(
                    name=r.streamer.name,
                    platform=money(r.standing.platform_gmv_fen),
                    recorded=money(r.standing.recorded_gmv_fen),
                )
            )
        if any(lp.first_time_this_month for r in roster.rows for lp in r.standing.leaps):
            print(tr("* first time this month"))
    print()
    print(tr("Leaps in {month}:").format(month=format_month(roster.month)))
    summary_rows = [
        [money(c.threshold_fen), fmt.count(c.first_time), fmt.count(c.crossed)]
        for c in roster.summary.current.counts
    ]
    _table(
        [(tr("Threshold"), "<"), (tr("First time ever"), ">"), (tr("Crossed"), ">")],
        summary_rows,
    )
    print()
    print(tr("The last 12 months (first time ever / crossed):"))
    hist_header = [(tr("Month"), "<")] + [(money(t), ">") for t in roster.thresholds]
    hist_rows = [
        [format_month(m.month)] + [f"{c.first_time} / {c.crossed}" for c in m.counts]
        for m in roster.summary.history
    ]
    _table(hist_header, hist_rows)
    start = roster.summary.figures_start
    if start is not None and any(m.month == start for m in roster.summary.history):
        print(
            tr(
                "Genbo's figures start in {month}: a streamer already past a threshold then "
                "is not counted as crossing it for the first time."
            ).format(month=format_month(start))
        )


# -- streamers ---------------------------------------------------------------------------
def _schedule_json(slots: Sequence[ScheduleSlot]) -> list[dict[str, Any]]:
    from app.core.roster import WEEKDAY_KEYS, format_clock

    return [
        {
            "weekday": None if s.weekday is None else WEEKDAY_KEYS[s.weekday],
            "start": format_clock(s.start_min),
            "utc_offset_min": s.utc_offset_min,
        }
        for s in slots
    ]


def _streamer_json(s: Streamer) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "platform": s.platform,
        "account_id": s.account_id,
        "notes": s.notes,
        "archived": s.archived,
        "schedule": _schedule_json(s.schedule),
    }


def _describe(s: Streamer) -> str:
    bits = [b for b in (s.platform, s.account_id) if b]
    where = f" ({', '.join(bits)})" if bits else ""
    plan = (
        tr(", planned start {schedule}").format(schedule=_schedule_text(s.schedule))
        if s.schedule
        else ""
    )
    return f"{s.id}: {s.name}{where}{plan}"


def cmd_streamer_add(args: argparse.Namespace, paths: AppPaths) -> int:
    schedule = _schedule(args.start or [], args.weekday, _offset(args.utc_offset))

    def add(repo: Any) -> int:
        s = repo.create_streamer(
            args.name, args.platform, args.account_id, args.notes or "", schedule
        )
        print(tr("Added streamer {streamer}.").format(streamer=_describe(s)))
        return 0

    return with_repo(add)(paths)


def cmd_streamer_list(args: argparse.Namespace, paths: AppPaths) -> int:
    def show(repo: Any) -> int:
        streamers = repo.list_streamers(include_archived=args.all)
        if args.json:
            json.dump(
                [_streamer_json(s) for s in streamers], sys.stdout, ensure_ascii=False, indent=2
            )
            sys.stdout.write("\n")
            return 0
        if not streamers:
            print(tr("No streamers yet. Add one with: genbo streamer add NAME"))
            return 0
        header = [
            (tr("ID"), ">"), (tr("Streamer"), "<"), (tr("Platform"), "<"),
            (tr("Account ID"), "<"), (tr("Planned start"), "<"), (tr("Notes"), "<"),
        ]  # fmt: skip
        rows = [
            [
                str(s.id),
                _clip(s.name, 20) + (" " + tr("(archived)") if s.archived else ""),
                s.platform or "—",
                s.account_id or "—",
                _schedule_text(s.schedule),
                _clip(" ".join(s.notes.split()), 30) or "—",
            ]
            for s in streamers
        ]
        _table(header, rows)
        return 0

    return with_repo(show)(paths)


def cmd_streamer_edit(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.no_schedule and args.start:
        raise InputError(tr("give either --start or --no-schedule, not both"))
    offset = _offset(args.utc_offset)
    schedule = (
        _schedule(args.start or [], args.weekday, offset) if args.start or args.weekday else None
    )

    def edit(repo: Any) -> int:
        from app.session.roster import find_streamer

        s = find_streamer(repo, args.streamer)
        changes: dict[str, Any] = {}
        if args.name is not None:
            changes["name"] = args.name
        if args.platform is not None:
            changes["platform"] = args.platform or None
        if args.account_id is not None:
            changes["account_id"] = args.account_id or None
        if args.notes is not None:
            changes["notes"] = args.notes
        if schedule is not None:
            changes["schedule"] = schedule
        elif args.no_schedule:
            changes["schedule"] = ()
        elif args.utc_offset is not None and s.schedule:
            changes["schedule"] = tuple(replace(x, utc_offset_min=offset) for x in s.schedule)
        if not changes:
            print(
                tr("genbo: nothing to change; give --name, --platform, --start, …"), file=sys.stderr
            )
            return 2
        saved = repo.update_streamer(replace(s, **changes))
        print(tr("Saved streamer {streamer}.").format(streamer=_describe(saved)))
        return 0

    return with_repo(edit)(paths)


def _archive_handler(archived: bool) -> Handler:
    def handler(args: argparse.Namespace, paths: AppPaths) -> int:
        def go(repo: Any) -> int:
            from app.session.roster import find_streamer

            s = find_streamer(repo, args.streamer)
            if s.archived == archived:
                text = (
                    tr("{name} is archived already.") if archived else tr("{name} is not archived.")
                )
                print(text.format(name=s.name))
                return 0
            repo.update_streamer(replace(s, archived=archived))
            text = (
                tr(
                    "Archived {name}; the sessions are kept. "
                    "Undo with: genbo streamer unarchive {id}"
                )
                if archived
                else tr("{name} is back on the roster.")
            )
            print(text.format(name=s.name, id=s.id))
            return 0

        return with_repo(go)(paths)

    return handler


def cmd_month_gmv(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.formatting import number_format
    from app.core.roster import format_month

    month = _month(args.month)
    if args.clear == (args.amount is not None):
        raise InputError(tr("give the AMOUNT, or --clear to forget the month's figure"))
    fen = None if args.clear else _amount_fen(args.amount)

    def store(repo: Any) -> int:
        from app.session.roster import find_streamer

        s = find_streamer(repo, args.streamer)
        repo.set_platform_gmv(s.id, month, fen, "typed")
        recorded = next((m for m in repo.month_totals(month) if m.streamer_id == s.id), None)
        fmt = number_format()
        rec = fmt.money_fen_exact(recorded.recorded_gmv_fen if recorded else 0)
        n = fmt.count(recorded.sessions if recorded else 0)
        if fen is None:
            print(
                tr(
                    "{name}, {month}: the platform figure is cleared; the recorded {recorded} "
                    "({n} sessions) is used."
                ).format(name=s.name, month=format_month(month), recorded=rec, n=n)
            )
        else:
            print(
                tr(
                    "{name}, {month}: the platform's GMV is {amount} (recorded: {recorded} in "
                    "{n} sessions)."
                ).format(
                    name=s.name,
                    month=format_month(month),
                    amount=fmt.money_fen_exact(fen),
                    recorded=rec,
                    n=n,
                )
            )
        return 0

    return with_repo(store)(paths)


def cmd_month_gmv_import(args: argparse.Namespace, paths: AppPaths) -> int:
    """Exit 0 when every row was stored, 1 when some rows were left out (each
    named) or the file cannot be read as a month report."""
    from pathlib import Path

    from app.config.formatting import number_format
    from app.core.roster import format_month

    month = _month(args.month) if args.month else None

    def run(repo: Any) -> int:
        from app.session.month_import import MonthImportError, import_month_figures

        try:
            result = import_month_figures(repo, Path(args.file), month, dry_run=args.dry_run)
        except MonthImportError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 1
        if args.json:
            json.dump(
                {
                    "stored": []
                    if args.dry_run
                    else [_figure(s, m, f) for s, m, f in result.stored],
                    "would_store": [_figure(s, m, f) for s, m, f in result.stored]
                    if args.dry_run
                    else [],
                    "problems": [{"row": p.row, "problem": p.text} for p in result.problems],
                    "columns": result.columns,
                },
                sys.stdout,
                ensure_ascii=False,
                indent=2,
            )
            sys.stdout.write("\n")
        else:
            fmt = number_format()
            cols = ", ".join(f"{role} ← {name}" for role, name in result.columns.items())
            print(tr("Read the columns: {cols}").format(cols=cols))
            for s, m, fen in result.stored:
                print(f"  {s.name}  {format_month(m)}  {fmt.money_fen_exact(fen)}")
            for p in result.problems:
                print(tr("  row {row}: {problem}").format(row=p.row, problem=p.text))
            verb = tr("would be stored") if args.dry_run else tr("stored")
            print(
                tr("{n} monthly figures {verb}, {bad} rows left out.").format(
                    n=len(result.stored), verb=verb, bad=len(result.problems)
                )
            )
        return 1 if result.problems else 0

    return with_repo(run)(paths)


def _figure(streamer: Any, month: int, fen: int) -> dict[str, Any]:
    from app.core.roster import format_month

    return {
        "streamer_id": streamer.id,
        "streamer": streamer.name,
        "month": format_month(month),
        "gmv": float(Decimal(fen) / 100),
    }
