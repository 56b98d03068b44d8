"""Importing the platform's own monthly GMV per streamer (a 服务商 backend's
month report: one row per streamer, a GMV column, maybe a month column), so
the roster counts what the platform counts where not every session was
recorded. Each figure is stored with source "imported"; the roster says so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from app.config.i18n import tr
from app.core.csv_import import CsvImportError, guess_column, is_empty, parse_value, read_table
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.session import Streamer
from app.storage.repository import Repository

_STREAMER_NAMES = ("主播", "达人", "主播昵称", "达人昵称", "昵称", "主播名称", "name", "streamer")
_ACCOUNT_NAMES = (
    "账号", "账号id", "抖音号", "快手号", "快手id", "抖音id", "达人id", "主播id", "uid",
    "account", "accountid", "account id", "id",
)  # fmt: skip
_MONTH_NAMES = ("月份", "统计月份", "月", "month", "日期", "统计周期", "date", "period")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年])\s*(\d{1,2})|^\s*(\d{4})(\d{2})(?:\d{2})?\s*$")


class MonthImportError(Explained, ValueError):
    """The file cannot be read as a monthly report; the message says why (in
    the user's language: `app.core.messages`)."""

    context = "import"


@dataclass(frozen=True)
class MonthProblem:
    row: int
    """The spreadsheet's row number."""
    text: str


@dataclass
class MonthImportResult:
    stored: list[tuple[Streamer, int, int]] = field(default_factory=list)
    """(streamer, YYYYMM, fen) for every figure stored."""
    problems: list[MonthProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """What each role was read from ("streamer", "account", "month", "gmv")."""


def _norm(text: str) -> str:
    return re.sub(r"[\s_()（）]", "", text.strip().lower())


def _find(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    wanted = {_norm(n) for n in names}
    for i, h in enumerate(header):
        if _norm(h) in wanted:
            return i
    return None


def parse_month(text: str) -> int | None:
    """ "2026-11", "2026/11", "2026年11月", "2026-11-30", "202611", "20261130" → 202611."""
    m = _MONTH.search(text)
    if not m:
        return None
    year, month = (
        (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
    )
    return year * 100 + month if 1 <= month <= 12 else None


def import_month_figures(
    repo: Repository, path: Path, month: int | None = None, dry_run: bool = False
) -> MonthImportResult:
    """Store each row's GMV as the platform's figure for its streamer and
    month. A streamer is found by account ID, else by name; rows naming no
    known streamer, or with an unreadable GMV or month, are reported by row
    and left out, never guessed. `month` is for files without a month column."""
    try:
        table = read_table(path.read_bytes())
    except OSError as exc:
        raise MonthImportError(
            QT_TRANSLATE_NOOP("import", "{path} could not be read: {error}"),
            path=path,
            error=exc.strerror or str(exc),
        ) from exc
    except CsvImportError as exc:
        raise MonthImportError("{error}", error=exc) from exc
    header = table.header
    who = _find(header, _STREAMER_NAMES)
    account = _find(header, _ACCOUNT_NAMES)
    when = _find(header, _MONTH_NAMES)
    gmv_col, factor = None, Decimal(1)
    for i, h in enumerate(header):
        metric, f = guess_column(h)
        if metric == "gmv":
            gmv_col, factor = i, f
            break
    columns = ", ".join(header)
    if gmv_col is None:
        raise MonthImportError(
            QT_TRANSLATE_NOOP("import", "No GMV column (成交金额, GMV, 销售额…) among: {columns}."),
            columns=columns,
        )
    if who is None and account is None:
        raise MonthImportError(
            QT_TRANSLATE_NOOP(
                "import", "No streamer or account column (主播, 达人, 账号…) among: {columns}."
            ),
            columns=columns,
        )
    if when is None and month is None:
        raise MonthImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "No month column (月份, month) among: {columns}; give the month (YYYY-MM).",
            ),
            columns=columns,
        )
    result = MonthImportResult()
    for role, index in (("streamer", who), ("account", account), ("month", when), ("gmv", gmv_col)):
        if index is not None:
            result.columns[role] = header[index]
    streamers = repo.list_streamers()
    by_account: dict[str, list[Streamer]] = {}
    for s in streamers:
        if s.account_id:
            by_account.setdefault(s.account_id, []).append(s)
    by_name = {s.name: s for s in streamers}
    pending: list[tuple[Streamer, int, int]] = []
    for k, row in enumerate(table.rows):
        number = table.row_number(k)

        def cell(index: int | None, row: tuple[str, ...] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        if all(is_empty(c) for c in row):
            continue
        same_account = by_account.get(cell(account), [])
        if len(same_account) > 1:
            result.problems.append(
                MonthProblem(
                    number,
                    tr("account {a} is on several platforms; give the streamer's name").format(
                        a=cell(account)
                    ),
                )
            )
            continue
        streamer = (same_account[0] if same_account else None) or by_name.get(
            " ".join(cell(who).split())
        )
        if streamer is None:
            named = cell(who) or cell(account)
            result.problems.append(
                MonthProblem(
                    number,
                    tr("no streamer {name!r} in the roster; add them first").format(name=named),
                )
            )
            continue
        row_month = parse_month(cell(when)) if when is not None else month
        if row_month is None:
            result.problems.append(
                MonthProblem(number, tr("{text!r} is not a month").format(text=cell(when)))
            )
            continue
        try:
            fen = parse_value(cell(gmv_col), "gmv", factor)
        except ValueError as exc:
            result.problems.append(
                MonthProblem(number, tr("GMV {text!r}: {why}").format(text=cell(gmv_col), why=exc))
            )
            continue
        if fen is None:
            result.problems.append(MonthProblem(number, tr("no GMV")))
            continue
        pending.append((streamer, row_month, fen))
    if not dry_run:
        for streamer, row_month, fen in pending:
            repo.set_platform_gmv(streamer.id, row_month, fen, source="imported")
    result.stored = pending
    return result
