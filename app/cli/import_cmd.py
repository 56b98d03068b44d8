"""`genbo import FILE`: a session from Genbo's own JSON export (exactly as it
was stored), or from a CSV of timed rows (a platform's minute export).

For a CSV the columns are guessed from their headings (Chinese or English,
with units such as 元, 万, 秒, 分钟) and printed; `--map` changes any of them.
A CSV with cells that cannot be read is refused, each cell named, unless
`--skip-bad-rows` leaves those rows out. The same file imported twice is
refused, naming the session already there; `--as-copy` keeps both.

Exit codes: 0 imported; 1 the file could not be imported (unreadable, bad
cells, already there); 2 the command needs more from you (no streamer for a
CSV, a column mapping that cannot work, a bad option value).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.config.paths import AppPaths

if TYPE_CHECKING:  # the parser stays light: the session layer loads on use
    from app.core.csv_import import CellProblem, CsvMapping, CsvTable


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` to the command parsers (the lead wires it into `genbo`)."""
    from app.cli.commands import command_parents
    from app.config.i18n import tr

    p = sub.add_parser(
        "import",
        parents=command_parents(),
        help=tr("import a session from Genbo's JSON export or a CSV of minute rows"),
        description=tr(
            "Import a session from Genbo's own JSON export (exactly as it was stored) or from "
            "a CSV with a time column and metric columns (a platform's minute export)."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--streamer", metavar="NAME", help=tr("whose session it is (needed for a CSV)"))
    p.add_argument(
        "--title", metavar="T", help=tr("default: the export's title, or the CSV's name")
    )
    p.add_argument(
        "--offset",
        metavar="±HH:MM",
        help=tr("the UTC offset the CSV's times are in (default: this computer's, e.g. +08:00)"),
    )
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help=tr("the show's date, for a CSV of clock times (20:05) or minutes since the start"),
    )
    p.add_argument(
        "--start",
        metavar="HH:MM",
        default="00:00",
        help=tr("with minutes since the start: the local time the show started"),
    )
    p.add_argument(
        "--time-format",
        choices=("auto", "datetime", "clock", "minutes", "epoch"),
        default="auto",
        help=tr("how the CSV's time column is written (default: guessed)"),
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=METRIC[:per-minute]",
        help=tr(
            "map a CSV column (its heading, or #N) to a metric, to 'time' or to 'ignore'; "
            ":per-minute for figures per minute (summed into running totals), :running for "
            "totals. Repeat it; unnamed columns keep their guess"
        ),
    )
    p.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help=tr("leave out the CSV rows with cells that cannot be read (else nothing is imported)"),
    )
    p.add_argument(
        "--as-copy",
        action="store_true",
        help=tr("import a session already in the library again, as a new one"),
    )
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.set_defaults(run=cmd_import)


def _put_back(args: argparse.Namespace, paths: AppPaths) -> int:
    """An emergency file: its samples go back into their sessions."""
    from app.cli.commands import _open_db
    from app.config.formatting import format_datetime, number_format
    from app.config.i18n import tr
    from app.session.importing import SessionImportError
    from app.session.put_back import put_back
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    db = _open_db(paths)
    if db is None:
        return 2
    try:
        done = put_back(Repository(db, paths.operator_name), Path(args.file))
    except (SessionImportError, StorageError) as exc:
        if args.json:
            _dump({"imported": False, "kind": "unsaved-samples", "error": str(exc)})
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if args.json:
        _dump(
            {
                "imported": True,
                "kind": "unsaved-samples",
                "session_ids": [s.id for s in done.sessions],
                "created_session_ids": list(done.created),
                "samples": done.samples,
                "already_stored": done.already,
                "gaps": done.gaps,
                "events": done.events,
            }
        )
        return 0
    fmt = number_format()
    for s in done.sessions:
        print(
            tr("Session {id}: {streamer} “{title}”, started {start}{new}.").format(
                id=s.id,
                streamer=s.streamer.name,
                title=s.title,
                start=format_datetime(s.started_at),
                new=tr(" (made anew: it was not in this database)") if s.id in done.created else "",
            )
        )
    print(
        tr(
            "Put back {n} samples, {gaps} gaps and {events} events from {file}; "
            "{already} samples were stored already."
        ).format(
            n=fmt.count(done.samples),
            gaps=fmt.count(done.gaps),
            events=fmt.count(done.events),
            file=done.path,
            already=fmt.count(done.already),
        )
    )
    return 0


class _UsageError(ValueError):
    pass


def cmd_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.cli.commands import _open_db
    from app.config.formatting import number_format
    from app.config.i18n import tr
    from app.core.csv_import import MappingError, parse_utc_offset
    from app.session.importing import (
        AlreadyImportedError,
        SessionImportError,
        mapping_lines,
        prepare,
        read_import,
        store,
    )
    from app.storage.database import StorageError
    from app.storage.repository import Repository
    from app.storage.spill import is_spill_file

    if is_spill_file(Path(args.file)):
        return _put_back(args, paths)
    try:
        offset = None if args.offset is None else parse_utc_offset(args.offset)
        day = None if args.date is None else _date(args.date)
    except ValueError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    try:
        plan = read_import(args.file, utc_offset_min=offset, day=day)
    except SessionImportError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    if not args.json:
        print(_describe(plan, number_format()))
    mapping = None
    if plan.json is not None and (args.map or args.date or args.offset or args.skip_bad_rows):
        print(
            tr("genbo: note: --map, --date, --offset and --skip-bad-rows are for CSV files; "
               "a Genbo export is imported as it is"),
            file=sys.stderr,
        )  # fmt: skip
    if plan.csv is not None:
        from app.core.csv_import import TimeMode, check_mapping

        try:
            mapping = _mapping(plan.csv.table, plan.csv.mapping, args)
        except _UsageError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 2
        if mapping.day is None and mapping.time_mode in (TimeMode.CLOCK, TimeMode.MINUTES):
            print(
                tr(
                    "genbo: the file's times are clock times or minutes since the start; "
                    "give the show's date with --date YYYY-MM-DD"
                ),
                file=sys.stderr,
            )
            return 2
        try:
            check_mapping(plan.csv.table, mapping)
        except MappingError as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            print(tr("genbo: name the columns with --map COLUMN=METRIC"), file=sys.stderr)
            return 2
        if not args.json:
            print(tr("Columns:"))
            for line in mapping_lines(plan.csv.table, mapping):
                print(f"  {line}")
            for note in plan.csv.notes:
                print(tr("note: {note}").format(note=note))
        if not args.streamer:
            print(
                tr("genbo: a CSV does not say whose session it is; give --streamer NAME"),
                file=sys.stderr,
            )
            return 2
    try:
        prepared = prepare(
            plan,
            mapping=mapping,
            streamer=args.streamer,
            title=args.title,
            as_copy=args.as_copy,
            skip_bad_rows=args.skip_bad_rows,
        )
    except SessionImportError as exc:
        problems = _problems(plan, mapping, args.skip_bad_rows)
        if args.json and problems:
            _dump({"imported": False, "error": str(exc), "problems": problems})
        elif problems:
            _print_problems(problems)
        print(f"genbo: {exc}", file=sys.stderr)
        if problems and not args.skip_bad_rows:
            print(tr("genbo: to import the other rows, add --skip-bad-rows"), file=sys.stderr)
        return 1
    db = _open_db(paths)
    if db is None:
        return 2
    try:
        info = store(Repository(db, paths.operator_name), prepared)
    except AlreadyImportedError as exc:
        if args.json:
            _dump({"imported": False, "error": str(exc), "existing_session_id": exc.session_id})
        print(f"genbo: {exc}", file=sys.stderr)
        print(tr("genbo: to keep both, add --as-copy"), file=sys.stderr)
        return 1
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    new = prepared.new
    samples = new.columns.sample_count() if new.columns else 0
    result: dict[str, Any] = {
        "imported": True,
        "session_id": info.id,
        "uid": info.uid,
        "kind": plan.kind,
        "streamer": info.streamer.name,
        "title": info.title,
        "started_at": info.started_at.isoformat(timespec="seconds"),
        "samples": samples,
        "values": new.columns.value_count() if new.columns else 0,
        "events": prepared.events,
        "gaps": prepared.gaps,
        "problems": [],
        "notes": list(prepared.notes),
    }
    if plan.csv is not None and mapping is not None and prepared.csv is not None:
        table = plan.csv.table
        result["problems"] = [_problem_json(p) for p in prepared.csv.problems]
        result["skipped_rows"] = list(prepared.csv.bad_rows) if prepared.csv.skipped else []
        result["rows"] = prepared.csv.rows_read
        assert mapping.time_column is not None
        result["time"] = {
            "column": table.header[mapping.time_column],
            "format": mapping.time_mode.value,
        }
        result["mapping"] = _mapping_json(table, mapping)
    if args.json:
        _dump(result)
        return 0
    fmt = number_format()
    if prepared.csv is not None and prepared.csv.skipped and prepared.csv.bad_rows:
        _print_problems(result["problems"])
        print(
            tr("Rows left out, with cells that could not be read: {n}.").format(
                n=len(prepared.csv.bad_rows)
            )
        )
    for note in prepared.notes:
        print(tr("note: {note}").format(note=note))
    print(
        tr(
            "Imported session {id}: {streamer} “{title}”, {samples} samples, {events} events, "
            "{gaps} gaps, GMV {gmv}."
        ).format(
            id=info.id,
            streamer=info.streamer.name,
            title=info.title,
            samples=fmt.count(samples),
            events=fmt.count(prepared.events),
            gaps=fmt.count(prepared.gaps),
            gmv=fmt.money(info.summary.yuan(info.summary.gmv_fen)),
        )
    )
    return 0


def _describe(plan: Any, fmt: Any) -> str:
    """What the file holds, in a line."""
    from decimal import Decimal

    from app.config.i18n import tr

    if plan.json is not None:
        js = plan.json
        gmv = js.summary.get("gmv")
        return tr(
            "Genbo export (version {version}) of {streamer} “{title}”: {samples} samples, "
            "{events} events, {gaps} gaps, GMV {gmv}."
        ).format(
            version=js.version,
            streamer=js.streamer,
            title=js.title,
            samples=fmt.count(js.sample_count),
            events=fmt.count(len(js.events)),
            gaps=fmt.count(len(js.gaps)),
            gmv=fmt.money(None if gmv is None else Decimal(repr(gmv))),
        )
    table = plan.csv.table
    return tr("CSV ({encoding}): {rows} rows under the headings in row {header}.").format(
        encoding=table.encoding, rows=fmt.count(len(table.rows)), header=table.header_row
    )


def _date(text: str) -> date:
    from app.config.i18n import tr

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            tr("{text!r} is not a date; write it like 2026-11-11").format(text=text)
        ) from None


def _clock_min(text: str) -> int:
    from app.config.i18n import tr
    from app.core.csv_import import parse_clock

    try:
        return parse_clock(text) // 60_000
    except ValueError:
        raise _UsageError(
            tr("--start {text!r} is not a time of day; write it like 19:30").format(text=text)
        ) from None


def _mapping(table: CsvTable, guessed: CsvMapping, args: argparse.Namespace) -> CsvMapping:
    """The guessed mapping with the command line's changes."""
    from dataclasses import replace

    from app.config.i18n import tr
    from app.core.csv_import import (
        IGNORE,
        ColumnMap,
        TimeMode,
        guess_time_mode,
        split_unit,
        unit_factor,
    )
    from app.core.metrics import CATALOGUE, METRICS, MetricKind

    mapping = replace(guessed, start_min=_clock_min(args.start))
    by_label = {m.label_zh: m.key for m in CATALOGUE} | {m.label.lower(): m.key for m in CATALOGUE}
    time_named = False
    for item in args.map:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise _UsageError(
                tr("--map {item!r}: write it as COLUMN=METRIC, e.g. 成交金额(元)=gmv").format(
                    item=item
                )
            )
        index = _column_index(table, column.strip())
        what, _, how = target.strip().partition(":")
        what = what.strip()
        how = how.strip().lower()
        if what.lower() == "time":
            mapping = replace(mapping, time_column=index).with_column(index, None)
            time_named = True
            continue
        if what.lower() in (IGNORE, "-", "none"):
            mapping = mapping.with_column(index, None)
            if mapping.time_column == index:
                mapping = replace(mapping, time_column=None)
            continue
        key = what if what in METRICS else by_label.get(what, by_label.get(what.lower()))
        if key is None:
            raise _UsageError(
                tr("--map {item!r}: unknown metric {what!r}; known: {known}, time, ignore").format(
                    item=item, what=what, known=", ".join(METRICS)
                )
            )
        if how not in ("", "per-minute", "running"):
            raise _UsageError(
                tr("--map {item!r}: after the metric write :per-minute or :running").format(
                    item=item
                )
            )
        if how == "per-minute" and METRICS[key].kind is not MetricKind.COUNTER:
            raise _UsageError(
                tr(
                    "--map {item!r}: {metric} is a reading, not a total; it has no per-minute form"
                ).format(item=item, metric=key)
            )
        _, unit = split_unit(table.header[index])
        factor = unit_factor(key, unit)
        if factor is None:
            raise _UsageError(
                tr("--map {item!r}: the column's unit {unit!r} does not fit {metric}").format(
                    item=item, unit=unit, metric=key
                )
            )
        # Other columns mapped to the same metric give way.
        for other, cmap in list(mapping.columns.items()):
            if cmap.metric == key and other != index:
                mapping = mapping.with_column(other, None)
        mapping = mapping.with_column(index, ColumnMap(key, how == "per-minute", factor))
        if mapping.time_column == index:
            mapping = replace(mapping, time_column=None)
    if args.time_format != "auto":
        mapping = replace(mapping, time_mode=TimeMode(args.time_format))
    elif time_named and mapping.time_column is not None:
        cells = [r[mapping.time_column] for r in table.rows[:200] if mapping.time_column < len(r)]
        found = guess_time_mode([c for c in cells if c.strip()])
        if found is not None:
            mapping = replace(mapping, time_mode=found)
    return mapping


def _column_index(table: CsvTable, name: str) -> int:
    from app.config.i18n import tr
    from app.core.csv_import import split_unit
    from app.core.numbers import normalize

    if name.startswith("#") and name[1:].isdigit():
        index = int(name[1:]) - 1
        if 0 <= index < table.width:
            return index
    for i, h in enumerate(table.header):
        if h == name:
            return i

    def key(text: str) -> str:
        return normalize(text).replace(" ", "")

    for i, h in enumerate(table.header):
        if key(h) == key(name):
            return i
    # The heading without its unit: 人均停留时长 for 人均停留时长(秒).
    bare = [i for i, h in enumerate(table.header) if key(split_unit(h)[0]) == key(name)]
    if len(bare) == 1:
        return bare[0]
    listed = ", ".join(f"#{i + 1} {h}" for i, h in enumerate(table.header))
    raise _UsageError(
        tr("--map: there is no column {name!r}; the columns are {listed}").format(
            name=name, listed=listed
        )
    )


def _mapping_json(table: CsvTable, mapping: CsvMapping) -> dict[str, str]:
    from app.core.metrics import METRICS, MetricKind

    out = {}
    for i, c in sorted(mapping.columns.items()):
        how = ""
        if METRICS[c.metric].kind is MetricKind.COUNTER:
            how = ":per-minute" if c.per_minute else ":running"
        out[table.header[i] or f"#{i + 1}"] = c.metric + how
    return out


def _problems(plan: Any, mapping: CsvMapping | None, skip: bool) -> list[dict[str, Any]]:
    """The problems of a CSV read with `mapping`, for a refused import."""
    from app.core.csv_import import MappingError, convert

    if plan.csv is None or mapping is None:
        return []
    try:
        data = convert(plan.csv.table, mapping, skip_bad_rows=skip)
    except MappingError:
        return []
    return [_problem_json(p) for p in data.problems]


def _problem_json(p: CellProblem) -> dict[str, Any]:
    return {"row": p.row, "column": p.header, "text": p.text, "reason": p.reason}


def _print_problems(problems: list[dict[str, Any]], limit: int = 20) -> None:
    from app.config.i18n import tr

    for p in problems[:limit]:
        print(
            tr("  row {row}, {column}: {text!r}: {reason}").format(**p),
            file=sys.stderr,
        )
    if len(problems) > limit:
        print(tr("  … and {n} more").format(n=len(problems) - limit), file=sys.stderr)


def _dump(doc: dict[str, Any]) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
