"""`genbo ads import` and `genbo ads roi`: the platforms' ad reports (磁力金牛,
千川) into Genbo, and each streamer's spend and ROI per window.

`register(sub)` adds `ads` with its two actions, each with its `run`
(dispatched by `app.cli.commands`). Exit codes: 0 done; 1 the file cannot be
read as an ad report, some of its rows were left out (each named with the
reason), or the database refused; 2 bad input on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.cli.commands import _pad, _width, command_parents, with_repo
from app.config.i18n import tr
from app.config.paths import AppPaths

if TYPE_CHECKING:  # the parser stays light: core and storage load when a command runs
    from app.core.ads import AdTotals
    from app.core.numbers import NumberFormat
    from app.core.session import Streamer
    from app.session.ads import AdPreview, StreamerRoi
    from app.storage.ads import UpsertOutcome
    from app.storage.repository import Repository

COMMANDS = ("ads",)
"""The commands `register` adds."""

Handler = Callable[[argparse.Namespace, AppPaths], int]


class InputError(ValueError):
    """Bad input from the command line: said plainly, exit code 2."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `ads import` and `ads roi` to the parser's subcommands."""
    (common,) = command_parents()
    ads = sub.add_parser(
        "ads",
        parents=[common],
        help=tr("paid traffic (投流): import 磁力金牛 / 千川 ad reports, ROI per streamer"),
    )
    actions = ads.add_subparsers(dest="ads_action", metavar="ACTION", required=True)

    imp = actions.add_parser(
        "import",
        parents=[common],
        help=tr("import an ad report export (CSV or XLSX): rows per day and plan"),
    )
    imp.add_argument("file", metavar="FILE", help=tr("the 磁力金牛 or 千川 export (.csv, .xlsx)"))
    imp.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=tr("the day the export was made (default: today); older exports never overwrite"),
    )
    imp.add_argument(
        "--platform",
        choices=("kuaishou", "douyin"),
        help=tr(
            "the report's platform when its columns do not say (磁力金牛: kuaishou, 千川: douyin)"
        ),
    )
    imp.add_argument(
        "--dry-run", action="store_true", help=tr("read and match the file, store nothing")
    )
    imp.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    imp.set_defaults(run=_guarded(cmd_ads_import))

    roi = actions.add_parser(
        "roi", parents=[common], help=tr("each streamer's spend and ROI per window (T0/T15/T30)")
    )
    roi.add_argument("--streamer", metavar="NAME", help=tr("the streamer's ID or name"))
    roi.add_argument(
        "--month", metavar="YYYY-MM", help=tr("only this month, by day (default: every month)")
    )
    roi.add_argument(
        "--by",
        choices=("day", "month"),
        help=tr("one line per day or per month (default: by day with --month, else by month)"),
    )
    roi.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    roi.set_defaults(run=_guarded(cmd_ads_roi))


def _guarded(handler: Handler) -> Handler:
    def run(args: argparse.Namespace, paths: AppPaths) -> int:
        try:
            return handler(args, paths)
        except InputError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 2

    return run


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            tr("{text!r} is not a date; write it as YYYY-MM-DD").format(text=text)
        ) from None


def _dump(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- genbo ads import ----------------------------------------------------------------------
def cmd_ads_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from pathlib import Path

    as_of = _day(args.as_of) if args.as_of else None

    def run(repo: Repository) -> int:
        from app.session.ads import AdImportError, apply_import, plan_import, preview_json

        try:
            preview = plan_import(repo, Path(args.file), as_of, args.platform)
        except AdImportError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 1
        outcome = None if args.dry_run else apply_import(repo, preview).outcome
        if args.json:
            _dump(preview_json(preview, outcome))
        else:
            _print_preview(preview, outcome)
        return 1 if preview.unmatched or preview.problems else 0

    return with_repo(run)(paths)


def _print_preview(preview: AdPreview, outcome: UpsertOutcome | None) -> None:
    from app.config.formatting import number_format
    from app.core.ads import PLATFORM_TOOLS, PlatformName

    fmt = number_format()
    report = preview.report
    print(
        tr("{tool} report ({platform}), as of {as_of}: {n} rows read").format(
            tool=PLATFORM_TOOLS[report.platform],
            platform=PlatformName(report.platform),
            as_of=preview.as_of.isoformat(),
            n=len(report.rows) + len(report.bad_rows),
        )
    )
    cols = ", ".join(f"{field} ← {name}" for field, name in report.columns.items())
    print(tr("Read the columns: {cols}").format(cols=cols))
    if report.ignored_columns:
        print(tr("Not read: {cols}").format(cols=", ".join(report.ignored_columns)))
    if preview.matched:
        print(tr("Matched:"))
    for m in preview.matched:
        r = m.row
        sessions = (
            tr("sessions {ids}").format(ids=", ".join(str(i) for i in m.sessions))
            if m.sessions
            else tr("no session that day (stored for the day)")
        )
        print(
            "  "
            + tr("row {row}: {day} plan {plan} → {streamer}; {sessions}; spend {spend}").format(
                row=r.row,
                day=r.day.isoformat(),
                plan=r.plan_id,
                streamer=m.streamer.name,
                sessions=sessions,
                spend=fmt.money_fen_exact(r.spend_fen),
            )
        )
    if preview.unmatched:
        print(tr("Not matched (not stored):"))
    for u in preview.unmatched:
        print("  " + tr("row {row}: {why}").format(row=u.row.row, why=u.reason))
    if preview.problems:
        print(tr("Cells that cannot be read (their rows are not stored):"))
    for p in preview.problems:
        print("  " + p.describe())
    if report.total_rows:
        print(
            tr("The totals row (合计) is not a plan; skipped: row {rows}").format(
                rows=", ".join(str(n) for n in report.total_rows)
            )
        )
    for note in preview.notes:
        print(tr("Note: {note}").format(note=note))
    if outcome is None:
        print(
            tr("{n} rows would be stored (dry run), {bad} left out.").format(
                n=len(preview.matched), bad=len(preview.unmatched) + len(report.bad_rows)
            )
        )
        return
    print(
        tr(
            "Stored: {new} new, {updated} updated, {same} unchanged; {kept} kept as they were "
            "(a later export is stored); {bad} left out."
        ).format(
            new=len(outcome.inserted),
            updated=len(outcome.updated),
            same=len(outcome.unchanged),
            kept=len(outcome.kept_newer),
            bad=len(preview.unmatched) + len(report.bad_rows),
        )
    )
    for row, stored in outcome.kept_newer:
        print(
            "  "
            + tr("row {row}: the stored figures are as of {day}, newer than this export").format(
                row=row, day=stored.isoformat()
            )
        )


# -- genbo ads roi -------------------------------------------------------------------------
def _find_streamer(repo: Repository, text: str) -> Streamer:
    streamers = repo.list_streamers()
    t = " ".join(text.split())
    if t.isdigit():
        by_id = [s for s in streamers if s.id == int(t)]
        if by_id:
            return by_id[0]
    named = [s for s in streamers if s.name == t]
    if not named:
        raise InputError(tr("no streamer {name!r} in the roster").format(name=text))
    return named[0]


def cmd_ads_roi(args: argparse.Namespace, paths: AppPaths) -> int:
    first = last = None
    if args.month:
        from app.core.roster import RosterInputError, parse_month

        try:
            month = parse_month(args.month)
        except RosterInputError as exc:
            raise InputError(str(exc)) from None
        first = date(month // 100, month % 100, 1)
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        last = date.fromordinal(nxt.toordinal() - 1)
    by = args.by or ("day" if args.month else "month")

    def run(repo: Repository) -> int:
        from app.session.ads import roi_json, roi_table

        streamer = _find_streamer(repo, args.streamer) if args.streamer else None
        table = roi_table(repo, streamer, first, last, by)
        if args.json:
            _dump(roi_json(table))
            return 0
        if not table:
            print(tr("No paid-traffic figures stored for this choice."))
            return 0
        for i, item in enumerate(table):
            if i:
                print()
            _print_roi(item, by)
        return 0

    return with_repo(run)(paths)


def _roi_text(fmt: NumberFormat, t: AdTotals, window: str) -> str:
    w = t.windows[window]
    value = w.roi
    if value is None:
        return fmt.none_text
    text = fmt.ratio(value, 2)
    return text if w.complete else text + "*"


def _print_roi(item: StreamerRoi, by: str) -> None:
    from app.config.formatting import number_format
    from app.core.ads import KUAISHOU, PLATFORM_TOOLS, PlatformName, window_label

    fmt = number_format()
    tool = PLATFORM_TOOLS[item.platform]
    print(f"{item.streamer.name} · {tool} ({PlatformName(item.platform)})")
    if item.platform == KUAISHOU:
        print(tr("Judge 磁力金牛 spend by T15/T30, not by the same day's GMV."))
    else:
        print(tr("千川 reports direct and 7-day (T7) figures; it has no 15-day window."))
    first, last = item.gap_windows
    heads = [tr("day") if by == "day" else tr("month"), tr("spend")]
    for w in item.windows:
        label = window_label(w)
        heads += [tr("{w} GMV").format(w=label), tr("{w} ROI").format(w=label)]
    heads.append(f"{window_label(first)}→{window_label(last)}")

    def cells(period: str, t: AdTotals, gap: Decimal | None) -> list[str]:
        out = [period, fmt.money_fen_exact(t.spend_fen)]
        for w in item.windows:
            out += [fmt.money_fen_exact(t.windows[w].gmv_fen), _roi_text(fmt, t, w)]
        out.append(fmt.none_text if gap is None else f"{gap:+.2f}")
        return out

    body = [cells(x.period + (" ✎" if x.typed else ""), x.totals, x.gap) for x in item.lines]
    body.append(cells(tr("overall"), item.overall.totals, item.overall.gap))
    _table(heads, body)
    if any(not x.complete for x in item.overall.totals.windows.values()):
        print(tr("* not settled for every day yet: the ROI is of the days that have settled."))
    if any(x.typed for x in item.lines):
        print(tr("✎ typed in the session's review (no report imported for that day)."))


def _table(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(_width(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    for r in [heads, *rows]:
        print(
            "  ".join(_pad(c, widths[i], "<" if i == 0 else ">") for i, c in enumerate(r)).rstrip()
        )
