"""Paid traffic (投流): importing the platforms' ad reports (磁力金牛, 千川) as
CSV or XLSX, figures typed for a session, and what the views show: one
session's paid figures and a streamer's ROI by day or month.

An import is planned first (`plan_import`: what matched a streamer, what did
not and why, which cells could not be read) and then applied
(`apply_import`): rows are keyed by platform, account, day and plan, so
importing the same export again changes nothing, and a later export (its
T15 / T30 settled) updates the same rows. Each stored row keeps the "as of"
day of its export; an older export never overwrites a newer one's figures.

Report rows are per day × plan, not per session: a session's figures are
its day's rows summed, shared with the streamer's other sessions that day
(`SessionPaid.shared_with` says so). Figures typed for a session are its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from app.core.ads import (
    GAP_WINDOWS,
    PLATFORM_TOOLS,
    PLATFORM_WINDOWS,
    AdReportError,
    AdRow,
    AdTotals,
    ParsedReport,
    PlatformName,
    StoredAdRow,
    WindowFigures,
    parse_report,
    platform_key,
    settled_gap,
    total,
)
from app.core.csv_import import CellProblem, CsvImportError, decode, sniff_delimiter
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say
from app.core.session import SessionInfo, Streamer
from app.storage.ads import IMPORTED, TYPED, AdStore, UpsertOutcome, day_int, int_day
from app.storage.repository import Repository

XLSX_SUFFIXES = (".xlsx", ".xlsm")


class AdImportError(Explained, ValueError):
    """The file cannot be read as an ad report; the message says why."""

    context = "ads"


# -- reading the file ----------------------------------------------------------------------
def read_records(path: Path) -> list[list[str]]:
    """The file's rows as text from its first line: a CSV in UTF-8 (with or
    without a BOM) or GB18030, or the first sheet of an .xlsx (values as
    the sheet shows them: dates as YYYY-MM-DD, numbers as typed)."""
    suffix = path.suffix.lower()
    try:
        if suffix in XLSX_SUFFIXES:
            return _read_xlsx(path)
        if suffix == ".xls":
            raise AdImportError(
                QT_TRANSLATE_NOOP(
                    "ads",
                    "“{name}” is an old Excel file (.xls); save it as .xlsx or CSV and try again",
                ),
                name=path.name,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "{path} could not be read: {error}"),
            path=path,
            error=exc.strerror or str(exc),
        ) from exc
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    try:
        text, _ = decode(data)
    except CsvImportError as exc:
        raise AdImportError("{error}", error=exc) from exc
    if not text.strip():
        raise AdImportError(QT_TRANSLATE_NOOP("ads", "“{name}” is empty"), name=path.name)
    delimiter = sniff_delimiter(text)
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "“{name}” is not a CSV table: {error}"),
            name=path.name,
            error=exc,
        ) from None


def _read_xlsx(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "{path} could not be read: {error}"),
            path=path,
            error=exc.strerror or str(exc),
        ) from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "“{name}” is not a readable .xlsx workbook: {error}"),
            name=path.name,
            error=exc,
        ) from None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise AdImportError(QT_TRANSLATE_NOOP("ads", "“{name}” is empty"), name=path.name)
        # Some exporters write a wrong sheet size; read what is there instead.
        reset = getattr(ws, "reset_dimensions", None)
        if reset is not None:
            reset()
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: what
        # was typed (1234.5), not its binary expansion.
        d = Decimal(repr(value))
        return f"{d:f}"
    return str(value).strip()


def read_report(path: Path, platform: str | None = None) -> ParsedReport:
    try:
        return parse_report(read_records(path), platform)
    except AdReportError as exc:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "“{name}”: {error}"), name=path.name, error=exc
        ) from exc


# -- planning an import --------------------------------------------------------------------
@dataclass(frozen=True)
class MatchedRow:
    row: AdRow
    streamer: Streamer
    sessions: tuple[int, ...]
    """The streamer's sessions that day (none is fine: the row is stored
    against the streamer and the day)."""


@dataclass(frozen=True)
class UnmatchedRow:
    row: AdRow
    reason: str


@dataclass
class AdPreview:
    """What an import would do: read from `path`, as of `as_of`."""

    path: Path
    report: ParsedReport
    as_of: date
    matched: list[MatchedRow] = field(default_factory=list)
    unmatched: list[UnmatchedRow] = field(default_factory=list)

    @property
    def platform(self) -> str:
        return self.report.platform

    @property
    def problems(self) -> tuple[CellProblem, ...]:
        return self.report.problems

    @property
    def notes(self) -> list[str]:
        return [n.describe() for n in self.report.roi_notes]


@dataclass(frozen=True)
class AdImportResult:
    preview: AdPreview
    outcome: UpsertOutcome


def _streamer_for(
    streamers: Sequence[Streamer], platform: str, account: str
) -> tuple[Streamer | None, str]:
    same = [s for s in streamers if (s.account_id or "").strip() == account]
    on_platform = [s for s in same if platform_key(s.platform) == platform]
    if len(on_platform) == 1:
        return on_platform[0], ""
    unset = [s for s in same if not s.platform]
    if not on_platform and len(unset) == 1:
        return unset[0], ""
    if not same:
        return None, say(
            "ads",
            QT_TRANSLATE_NOOP(
                "ads",
                "no streamer has the account {account}; give a streamer this account ID "
                "(and platform {platform}) and import again",
            ),
            account=account,
            platform=PlatformName(platform),
        )
    if len(on_platform) > 1 or len(unset) > 1:
        return None, say(
            "ads",
            QT_TRANSLATE_NOOP("ads", "several streamers have the account {account}"),
            account=account,
        )
    return None, say(
        "ads",
        QT_TRANSLATE_NOOP(
            "ads", "the account {account} is {names}'s on another platform, not on {platform}"
        ),
        account=account,
        names=", ".join(s.name for s in same),
        platform=PlatformName(platform),
    )


def plan_import(
    repo: Repository, path: Path, as_of: date | None = None, platform: str | None = None
) -> AdPreview:
    """Read `path` and match each row to a streamer (by account ID on the
    report's platform) and to that streamer's sessions on the row's day.
    Nothing is stored. `as_of`: the day the export was made (default today,
    in this computer's time zone)."""
    report = read_report(path, platform)
    preview = AdPreview(path=path, report=report, as_of=as_of or date.today())
    streamers = repo.list_streamers()
    found: list[tuple[AdRow, Streamer]] = []
    cache: dict[str, tuple[Streamer | None, str]] = {}
    for row in report.rows:
        if row.account_id not in cache:
            cache[row.account_id] = _streamer_for(streamers, report.platform, row.account_id)
        streamer, why = cache[row.account_id]
        if streamer is None:
            preview.unmatched.append(UnmatchedRow(row, why))
        else:
            found.append((row, streamer))
    days = AdStore(repo.db).sessions_on((s.id, day_int(r.day)) for r, s in found)
    preview.matched = [
        MatchedRow(r, s, tuple(days.get((s.id, day_int(r.day)), ()))) for r, s in found
    ]
    return preview


def apply_import(repo: Repository, preview: AdPreview) -> AdImportResult:
    """Store the matched rows (idempotent; see `AdStore.upsert`)."""
    outcome = AdStore(repo.db).upsert(
        [(m.row, m.streamer.id) for m in preview.matched], preview.as_of
    )
    return AdImportResult(preview, outcome)


def import_ads(
    repo: Repository,
    path: Path,
    as_of: date | None = None,
    dry_run: bool = False,
    platform: str | None = None,
) -> tuple[AdPreview, UpsertOutcome | None]:
    """`plan_import`, then `apply_import` unless `dry_run`."""
    preview = plan_import(repo, path, as_of, platform)
    if dry_run:
        return preview, None
    return preview, apply_import(repo, preview).outcome


# -- typed figures -------------------------------------------------------------------------
def _platform_of(streamer: Streamer, platform: str | None) -> str:
    given = platform if platform else streamer.platform
    chosen = platform_key(given) or given or ""
    if chosen not in PLATFORM_WINDOWS:
        raise AdImportError(
            QT_TRANSLATE_NOOP(
                "ads",
                "{name}'s platform is “{platform}”; paid figures need kuaishou (磁力金牛) "
                "or douyin (千川)",
            ),
            name=streamer.name,
            platform=PlatformName(chosen),
        )
    return chosen


def set_typed_figures(
    repo: Repository,
    session_id: int,
    spend_fen: int | None,
    windows: Mapping[str, WindowFigures],
    platform: str | None = None,
) -> StoredAdRow | None:
    """Store the paid figures an operator typed in a session's review: the
    spend and each window's GMV and orders (only the platform's windows;
    `platform` defaults to the streamer's). `spend_fen` None forgets them."""
    info = repo.get_session(session_id, settle=False)
    chosen = _platform_of(info.streamer, platform)
    wrong = [w for w in windows if w not in PLATFORM_WINDOWS[chosen]]
    if wrong:
        raise AdImportError(
            QT_TRANSLATE_NOOP("ads", "{tool} has no {window} window"),
            tool=PLATFORM_TOOLS[chosen],
            window=", ".join(w.upper() for w in wrong),
        )
    return AdStore(repo.db).set_typed(session_id, chosen, spend_fen, dict(windows))


# -- what the views show -------------------------------------------------------------------
@dataclass(frozen=True)
class SessionPaid:
    """One session's paid figures."""

    session_id: int
    streamer_id: int
    day: date
    platform: str | None
    """None when nothing is stored for the session or its day."""
    source: str | None
    """"typed" (the session's own), "imported" (its day's report rows) or None."""
    totals: AdTotals | None
    windows: tuple[str, ...]
    plans: int
    """Report rows summed (plans that day)."""
    shared_with: tuple[int, ...] = ()
    """The streamer's other sessions that day: imported figures are the
    day's, shared among them, not this session's alone."""
    as_of: date | None = None
    """The oldest as-of day among the rows (the figures are at least this fresh)."""

    @property
    def shared(self) -> bool:
        return bool(self.shared_with) and self.source == IMPORTED


def session_paid(repo: Repository, session_id: int) -> SessionPaid:
    """The session's typed figures, else its day's imported rows summed."""
    info: SessionInfo = repo.get_session(session_id, settle=False)
    store = AdStore(repo.db)
    day = int_day(info.local_day)
    others = [
        i
        for i in store.sessions_on([(info.streamer.id, day_int(day))]).get(
            (info.streamer.id, day_int(day)), []
        )
        if i != session_id
    ]
    typed = store.typed(session_id)
    rows: list[StoredAdRow]
    source: str | None
    if typed is not None:
        rows, source = [typed], TYPED
    else:
        rows = store.rows([info.streamer.id], day, day, source=IMPORTED)
        source = IMPORTED if rows else None
    if not rows:
        return SessionPaid(
            session_id, info.streamer.id, day, None, None, None, (), 0, tuple(others)
        )
    platform = rows[0].figures.platform
    windows = PLATFORM_WINDOWS[platform]
    return SessionPaid(
        session_id=session_id,
        streamer_id=info.streamer.id,
        day=day,
        platform=platform,
        source=source,
        totals=total([r.figures for r in rows if r.figures.platform == platform], windows),
        windows=windows,
        plans=len(rows),
        shared_with=tuple(others),
        as_of=min(r.as_of for r in rows),
    )


@dataclass(frozen=True)
class RoiLine:
    """One day (YYYY-MM-DD) or month (YYYY-MM) of a streamer's paid traffic."""

    period: str
    spend_fen: int
    totals: AdTotals
    gap: Decimal | None
    """ROI of the later gap window minus the earlier (`GAP_WINDOWS`)."""
    typed: bool = False
    """Figures typed in sessions' reviews, not from a report."""


@dataclass(frozen=True)
class StreamerRoi:
    streamer: Streamer
    platform: str
    windows: tuple[str, ...]
    gap_windows: tuple[str, str]
    lines: tuple[RoiLine, ...]
    overall: RoiLine


def _rows_by_period(
    rows: Sequence[StoredAdRow], by: str, trashed: set[int]
) -> dict[str, tuple[list[AdRow], bool]]:
    """Imported rows win over typed ones for the same day (both would count
    the same spend); typed figures of sessions in the trash are left out."""
    per_day: dict[date, dict[str, list[AdRow]]] = {}
    for r in rows:
        if r.source == TYPED and r.session_id in trashed:
            continue
        # Only windows settled by the export's day count (as the review says).
        per_day.setdefault(r.figures.day, {}).setdefault(r.source, []).append(r.reported())
    out: dict[str, tuple[list[AdRow], bool]] = {}
    for d in sorted(per_day):
        kinds = per_day[d]
        chosen, typed = (kinds[IMPORTED], False) if IMPORTED in kinds else (kinds[TYPED], True)
        key = d.isoformat() if by == "day" else f"{d.year:04d}-{d.month:02d}"
        have, was_typed = out.get(key, ([], False))
        out[key] = (have + chosen, was_typed or typed)
    return out


def streamer_roi(
    repo: Repository,
    streamer: Streamer,
    first: date | None = None,
    last: date | None = None,
    by: str = "day",
) -> StreamerRoi | None:
    """A streamer's spend and ROI per window by day (or by month, `by` =
    "month") from `first` to `last`, with the overall line; None when
    nothing is stored for them in that span."""
    if by not in ("day", "month"):
        raise ValueError("by must be 'day' or 'month'")
    store = AdStore(repo.db)
    rows = store.rows([streamer.id], first, last)
    if not rows:
        return None
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.figures.platform] = counts.get(r.figures.platform, 0) + 1
    platform = max(counts, key=lambda p: (counts[p], p == platform_key(streamer.platform)))
    rows = [r for r in rows if r.figures.platform == platform]
    windows = PLATFORM_WINDOWS[platform]
    trashed = store.trashed_sessions(r.session_id for r in rows if r.session_id is not None)
    lines = []
    everything: list[AdRow] = []
    any_typed = False
    for period, (items, typed) in _rows_by_period(rows, by, trashed).items():
        t = total(items, windows)
        lines.append(RoiLine(period, t.spend_fen, t, settled_gap(items, platform), typed))
        everything += items
        any_typed = any_typed or typed
    overall = total(everything, windows)
    return StreamerRoi(
        streamer=streamer,
        platform=platform,
        windows=windows,
        gap_windows=GAP_WINDOWS[platform],
        lines=tuple(lines),
        overall=RoiLine(
            "", overall.spend_fen, overall, settled_gap(everything, platform), any_typed
        ),
    )


def roi_table(
    repo: Repository,
    streamer: Streamer | None = None,
    first: date | None = None,
    last: date | None = None,
    by: str = "day",
) -> list[StreamerRoi]:
    """`streamer_roi` for one streamer, or for every streamer with paid
    figures in the span (by name)."""
    if streamer is not None:
        one = streamer_roi(repo, streamer, first, last, by)
        return [] if one is None else [one]
    have = {r.streamer_id for r in AdStore(repo.db).rows(None, first, last)}
    out = []
    for s in repo.list_streamers():
        if s.id in have:
            found = streamer_roi(repo, s, first, last, by)
            if found is not None:
                out.append(found)
    return out


# -- for --json ----------------------------------------------------------------------------
def _yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{Decimal(fen) / 100:.2f}"


ROI_PLACES = Decimal("0.0001")
"""ROI in JSON to four decimals (GMV ÷ spend has as many digits as Decimal gives)."""


def _ratio(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.quantize(ROI_PLACES, rounding=ROUND_HALF_UP).normalize(), "f")


def totals_json(t: AdTotals, windows: Sequence[str]) -> dict[str, Any]:
    """Money as yuan strings with two decimals, ROI as decimal strings to four places."""
    return {
        "spend": _yuan(t.spend_fen),
        "rows": t.rows,
        "windows": {
            w: {
                "gmv": _yuan(t.windows[w].gmv_fen),
                "orders": t.windows[w].orders,
                "roi": _ratio(t.windows[w].roi),
                "settled": t.windows[w].complete,
                "unsettled_rows": t.windows[w].missing_rows,
            }
            for w in windows
        },
    }


def roi_json(table: Sequence[StreamerRoi]) -> list[dict[str, Any]]:
    def line(x: RoiLine, windows: Sequence[str]) -> dict[str, Any]:
        return {
            "period": x.period,
            **totals_json(x.totals, windows),
            "roi_gap": _ratio(x.gap),
            "typed": x.typed,
        }

    return [
        {
            "streamer_id": r.streamer.id,
            "streamer": r.streamer.name,
            "platform": r.platform,
            "tool": PLATFORM_TOOLS[r.platform],
            "windows": list(r.windows),
            "gap": list(r.gap_windows),
            "lines": [line(x, r.windows) for x in r.lines],
            "overall": line(r.overall, r.windows),
        }
        for r in table
    ]


def preview_json(preview: AdPreview, outcome: UpsertOutcome | None) -> dict[str, Any]:
    def row(r: AdRow) -> dict[str, Any]:
        return {
            "row": r.row,
            "day": r.day.isoformat(),
            "plan_id": r.plan_id,
            "plan_name": r.plan_name,
            "account_id": r.account_id,
            "room_name": r.room_name,
            "spend": _yuan(r.spend_fen),
            "windows": {
                w: {
                    "gmv": _yuan(r.window(w).gmv_fen),
                    "orders": r.window(w).orders,
                    "roi": _ratio(r.roi(w)),
                }
                for w in PLATFORM_WINDOWS[r.platform]
            },
        }

    return {
        "file": str(preview.path),
        "platform": preview.platform,
        "tool": PLATFORM_TOOLS[preview.platform],
        "as_of": preview.as_of.isoformat(),
        "columns": preview.report.columns,
        "matched": [
            {
                **row(m.row),
                "streamer_id": m.streamer.id,
                "streamer": m.streamer.name,
                "sessions": list(m.sessions),
            }
            for m in preview.matched
        ],
        "unmatched": [{**row(u.row), "reason": u.reason} for u in preview.unmatched],
        "problems": [
            {"row": p.row, "column": p.header, "text": p.text, "reason": p.reason}
            for p in preview.problems
        ],
        "total_rows_skipped": list(preview.report.total_rows),
        "notes": preview.notes,
        "applied": None
        if outcome is None
        else {
            "inserted": len(outcome.inserted),
            "updated": len(outcome.updated),
            "unchanged": len(outcome.unchanged),
            "kept_newer": [
                {"row": r, "stored_as_of": d.isoformat()} for r, d in outcome.kept_newer
            ],
        },
    }
