"""`genbo compare ID ID … [--json] [--align start|clock]`: sessions side by
side, minute by minute, and their figures.

Every minute row holds the values as of that minute's end, so it is labelled
with that moment: elapsed h:mm since the start (0:01 is the first minute), or
the local time of day (20:01; a minute past midnight of the start day shows
"+1"). The JSON keeps GMV in exact fen per minute and the figures as numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.config.paths import AppPaths

if TYPE_CHECKING:  # the parser stays light: the session layer loads on use
    from app.session.compare import Comparison, NoCurve

ALIGNS = ("start", "clock")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `compare` to the command parsers (the lead wires it into `genbo`)."""
    from app.cli.commands import command_parents
    from app.config.i18n import tr

    p = sub.add_parser(
        "compare",
        parents=command_parents(),
        help=tr("compare 2 to 5 sessions minute by minute, with their figures side by side"),
    )
    p.add_argument("session_ids", type=int, nargs="+", metavar="ID")
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.add_argument(
        "--align",
        choices=ALIGNS,
        default="start",
        help=tr("line the minutes up by minutes since start (default) or by time of day"),
    )
    p.set_defaults(run=cmd_compare)


def cmd_compare(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.cli.commands import _open_db
    from app.session.compare import ComparisonError, load_comparison
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    try:
        comp = load_comparison(Repository(db), args.session_ids, args.align)
    except (ComparisonError, StorageError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if args.json:
        json.dump(comparison_json(comp), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for line in comparison_text(comp):
        print(line.rstrip())
    return 0


# -- words ---------------------------------------------------------------------------


def minute_label(key: int, clock: bool) -> str:
    """Row m since the start ends at (m+1) minutes: "0:01"; a clock minute
    after midnight "20:01", on the next day "00:01 +1"."""
    if not clock:
        h, m = divmod(key + 1, 60)
        return f"{h}:{m:02d}"
    day, rest = divmod(key, 1440)
    h, m = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f" +{day}" if day else "")


def _none_reason(no_curve: NoCurve | None) -> str:
    from app.config.i18n import tr
    from app.session.compare import NoCurve

    if no_curve is NoCurve.SUMMARY_ONLY:
        return tr("only its figures are stored (summary-only): no minutes to show")
    return tr("no GMV or viewer readings are stored: no minutes to show")


def comparison_text(comp: Comparison) -> list[str]:
    """The readable tables: the sessions, every minute, the figures."""
    from app.cli.commands import _clip, _pad, _width
    from app.config.formatting import format_datetime, number_format
    from app.config.i18n import tr
    from app.core.figures import FIGURE_CONTEXT, FIGURE_DEFS, format_figure
    from app.session.compare import Align

    fmt = number_format()
    clock = comp.align is Align.CLOCK

    def table(head: list[tuple[str, str]], rows: list[list[str]]) -> list[str]:
        grid = [[h for h, _ in head], *rows]
        widths = [max(_width(r[i]) for r in grid) for i in range(len(head))]
        return [
            "  ".join(_pad(cell, widths[i], head[i][1]) for i, cell in enumerate(r)) for r in grid
        ]

    out: list[str] = []
    head = [("#", ">"), (tr("ID"), ">"), (tr("Streamer"), "<"), (tr("Title"), "<"),
            (tr("Started"), "<"), (tr("Duration"), ">"), (tr("GMV"), ">")]  # fmt: skip
    rows = []
    for n, s in enumerate(comp.sessions, 1):
        sm = s.info.summary
        rows.append(
            [
                str(n),
                str(s.info.id),
                _clip(s.info.streamer.name, 16),
                _clip(s.info.title, 20),
                format_datetime(s.info.started_at),
                fmt.duration(round(sm.duration_s)),
                fmt.money(sm.yuan(sm.gmv_fen)),
            ]
        )
    out += table(head, rows)
    for n, s in enumerate(comp.sessions, 1):
        if s.curve is None:
            out.append(
                tr("#{n} (session {id}): {reason}.").format(
                    n=n, id=s.info.id, reason=_none_reason(s.no_curve)
                )
            )

    out.append("")
    out.append(tr("Per minute, by time of day") if clock else tr("Per minute since start"))
    minute_rows = comp.minute_rows()
    if not minute_rows:
        out.append(tr("No session here has minutes to show."))
    else:
        drawn = [i for i, s in enumerate(comp.sessions) if s.curve is not None]
        head = [(tr("Time") if clock else tr("Minute"), "<")]
        for i in drawn:
            head += [
                (tr("#{n} GMV").format(n=i + 1), ">"),
                (tr("#{n} viewers").format(n=i + 1), ">"),
            ]
        rows = []
        for r in minute_rows:
            line = [minute_label(r.key, clock)]
            for i in drawn:
                cell = r.values[i]
                gmv, viewers = cell if cell is not None else (None, None)
                line.append(fmt.money_fen(gmv))
                line.append(fmt.count(viewers))
            rows.append(line)
        out += table(head, rows)

    out.append("")
    out.append(tr("Figures"))
    head = [(tr("Figure"), "<")] + [(f"#{n}", ">") for n in range(1, len(comp.sessions) + 1)]
    rows = []
    for d in FIGURE_DEFS:
        line = [tr(d.label, FIGURE_CONTEXT)]
        for s in comp.sessions:
            line.append(format_figure(d.unit, s.figure(d.key).value, fmt))
        rows.append(line)
    out += table(head, rows)
    return out


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(round(value, 6))
    return value


def comparison_json(comp: Comparison) -> dict[str, Any]:
    from app.cli.commands import _iso
    from app.core.figures import FIGURE_DEFS
    from app.session.compare import Align

    clock = comp.align is Align.CLOCK
    sessions = []
    for s in comp.sessions:
        info = s.info
        sessions.append(
            {
                "id": info.id,
                "streamer": info.streamer.name,
                "title": info.title,
                "started_at": info.started_at.isoformat(timespec="seconds"),
                "ended_at": None
                if info.ended_ms is None
                else _iso(info.ended_ms, info.utc_offset_min),
                "status": info.status.value,
                "detail": info.detail.value,
                "minutes": None if s.curve is None else s.curve.minutes,
                "no_curve": None if s.no_curve is None else s.no_curve.value,
            }
        )
    minutes = []
    for r in comp.minute_rows():
        cells = [None if c is None else {"gmv_fen": c[0], "viewers": c[1]} for c in r.values]
        row: dict[str, Any] = {"clock_minute": r.key} if clock else {"minute": r.key}
        row["label"] = minute_label(r.key, clock)
        row["sessions"] = cells
        minutes.append(row)
    figures = [
        {
            "key": d.key,
            "label": d.label,
            "unit": d.unit.value,
            "values": [_number(s.figure(d.key).value) for s in comp.sessions],
        }
        for d in FIGURE_DEFS
    ]
    return {"align": comp.align.value, "sessions": sessions, "minutes": minutes, "figures": figures}
