"""Paid traffic (投流) as the platforms' ad reports give it: one row per day ×
plan, with the spend and the GMV and orders attributed to it over windows
that settle later.

* 磁力金牛 (Kuaishou) reports direct (直接) figures, the same day's (当日累计,
  T0) and the 15 and 30 days' (15日 / 30日累计, T15 / T30).
* 千川 (Douyin) reports direct (直接成交) figures and the 7 days' (7日总, T7);
  it has no 15-day window, and none is made up for it.

A window that has not settled yet is "-" in the export: `None` here, never 0.
ROI is recomputed exactly (GMV ÷ spend, `Decimal`), with no value for zero
spend; the file's own ROI columns are only checked against it.

Pure: rows of text in (`parse_report`), dataclasses out. `app.session.ads`
reads the files (CSV, XLSX) and stores the rows; `app.storage.ads` keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation, localcontext

from app.core.csv_import import CellError, CellProblem, is_empty, parse_value, split_unit
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.numbers import NumberParseError, normalize, parse_number

MESSAGE_CONTEXT = "ads"
"""The translation context of this module's messages (`app.core.messages`)."""

KUAISHOU = "kuaishou"
"""磁力金牛's platform (the streamers' `platform` value)."""
DOUYIN = "douyin"
"""千川's platform."""

DIRECT, T0, T7, T15, T30 = "direct", "t0", "t7", "t15", "t30"
ALL_WINDOWS = (DIRECT, T0, T7, T15, T30)
"""Every window a report can carry (the storage has a place for each)."""

PLATFORM_WINDOWS: dict[str, tuple[str, ...]] = {
    KUAISHOU: (DIRECT, T0, T15, T30),
    DOUYIN: (DIRECT, T7),
}
"""The windows each platform reports, in the order they settle."""

PLATFORM_TOOLS = {KUAISHOU: "磁力金牛", DOUYIN: "千川"}
"""The ad tool's name, as operators say it."""

GAP_WINDOWS: dict[str, tuple[str, str]] = {KUAISHOU: (T0, T30), DOUYIN: (DIRECT, T7)}
"""The two windows whose ROI gap shows how much a same-day view misjudges the
spend: T0 → T30 for 金牛 (judge 金牛 by T15/T30, not by the day's GMV), direct
→ T7 for 千川 (it has no T0 or T30)."""

WINDOW_DAYS = {DIRECT: 0, T0: 0, T7: 7, T15: 15, T30: 30}
"""Days after the spend a window settles."""

TYPED_PLAN = "typed"
"""The plan ID of figures an operator typed for a session (`typed_plan_id`)."""

_TEN_THOUSANDTH = Decimal("0.0001")

TOTAL_WORDS = ("合计", "总计", "汇总", "total", "sum")


_PLATFORM_NAMES = {
    KUAISHOU: ("kuaishou", "快手", "ks", "磁力金牛", "金牛"),
    DOUYIN: ("douyin", "抖音", "dy", "千川", "巨量千川"),
}


def platform_key(text: str | None) -> str | None:
    """ "kuaishou" / "douyin" for a streamer's platform as typed (快手,
    Douyin, 抖音 …); None for any other platform or none."""
    t = normalize(text or "").replace(" ", "")
    for key, names in _PLATFORM_NAMES.items():
        if t in names:
            return key
    return None


def typed_plan_id(session_id: int) -> str:
    """The plan ID of one session's typed figures: "typed:<session id>", so
    two sessions of one day each keep their own."""
    return f"{TYPED_PLAN}:{session_id}"


class AdReportError(Explained, ValueError):
    """The rows cannot be read as an ad report at all (no header, no spend
    column, an unknown platform); the message says why."""

    context = "ads"


def window_label(window: str) -> str:
    """T0, T15, T30, T7 or "direct" (in the user's language)."""
    if window == DIRECT:
        return translate("ads", QT_TRANSLATE_NOOP("ads", "direct"))
    return window.upper()


# -- figures -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WindowFigures:
    """GMV (fen) and orders attributed over one window; None: not settled
    yet ("-" in the export) or not in the file."""

    gmv_fen: int | None = None
    orders: int | None = None


@dataclass(frozen=True)
class AdRow:
    """One row of an ad report: one plan's spend on one day and what it
    brought over each of the platform's windows."""

    platform: str
    day: date
    plan_id: str
    plan_name: str
    account_id: str
    room_name: str
    spend_fen: int
    windows: Mapping[str, WindowFigures] = field(default_factory=dict)
    """Window → figures; only the platform's windows (`PLATFORM_WINDOWS`)."""
    row: int = 0
    """The row's number in the file, as a spreadsheet numbers it (0: typed)."""

    def window(self, name: str) -> WindowFigures:
        return self.windows.get(name, WindowFigures())

    def roi(self, name: str) -> Decimal | None:
        return roi(self.window(name).gmv_fen, self.spend_fen)

    @property
    def key(self) -> tuple[str, str, date, str]:
        """What makes a row the same row in a later export."""
        return (self.platform, self.account_id, self.day, self.plan_id)


@dataclass(frozen=True)
class StoredAdRow:
    """An ad row as stored: matched to a streamer, with the "as of" day of
    the export it was last updated from."""

    id: int
    streamer_id: int
    session_id: int | None
    """Set for typed figures only (imported rows belong to a day, not a session)."""
    source: str
    """"imported" or "typed"."""
    as_of: date
    figures: AdRow
    updated_ms: int = 0

    def settled(self, window: str) -> bool:
        """Whether the export this row is from could hold the window's final
        figure: made at least the window's days after the spend."""
        return self.as_of >= self.figures.day + timedelta(days=WINDOW_DAYS.get(window, 0))

    def reported(self) -> AdRow:
        """The figures counting only the windows that had settled by the
        export's day (a T30 figure in an export made 10 days after the spend
        may still grow): what sums and ROI over days use, as the review does."""
        windows = {
            w: f if self.settled(w) else WindowFigures() for w, f in self.figures.windows.items()
        }
        if windows == dict(self.figures.windows):
            return self.figures
        return replace(self.figures, windows=windows)


_PLATFORM_WORDS = {KUAISHOU: "Kuaishou", DOUYIN: "Douyin"}


@dataclass(frozen=True)
class PlatformName:
    """A platform in a sentence: 快手 / 抖音 in Chinese (the window's "platforms"
    words), Kuaishou / Douyin in English; a key Genbo does not know as written."""

    key: str

    @property
    def english(self) -> str:
        return _PLATFORM_WORDS.get(self.key, self.key)

    def __str__(self) -> str:
        name = _PLATFORM_WORDS.get(self.key)
        return translate("platforms", name) if name else self.key

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def roi(gmv_fen: int | None, spend_fen: int | None) -> Decimal | None:
    """GMV ÷ spend, exactly as `Decimal` division gives it (28 digits); None
    when either is missing or the spend is zero."""
    if gmv_fen is None or not spend_fen:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        q = (Decimal(gmv_fen) / Decimal(spend_fen)).normalize()
        exponent = q.as_tuple().exponent
        # 10, not 1E+1: the same value, written as a number is.
        return q.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else q


@dataclass(frozen=True)
class WindowTotal:
    """One window summed over rows. Rows whose window has not settled are
    counted in `missing_rows` and left out of GMV and of the spend the ROI
    divides by, so an ROI never mixes settled and unsettled days."""

    gmv_fen: int | None
    orders: int | None
    spend_fen: int
    """The spend of the rows that have this window."""
    missing_rows: int = 0

    @property
    def roi(self) -> Decimal | None:
        return roi(self.gmv_fen, self.spend_fen)

    @property
    def complete(self) -> bool:
        return self.missing_rows == 0 and self.gmv_fen is not None


@dataclass(frozen=True)
class AdTotals:
    spend_fen: int
    windows: dict[str, WindowTotal]
    rows: int

    def roi(self, window: str) -> Decimal | None:
        w = self.windows.get(window)
        return None if w is None else w.roi


def total(rows: Iterable[AdRow], windows: Sequence[str]) -> AdTotals:
    """The rows' spend and each window's GMV, orders and ROI."""
    items = list(rows)
    spend = sum(r.spend_fen for r in items)
    out: dict[str, WindowTotal] = {}
    for w in windows:
        gmv = orders = None
        have_spend = missing = 0
        for r in items:
            fig = r.window(w)
            if fig.gmv_fen is None:
                missing += 1
                continue
            gmv = (gmv or 0) + fig.gmv_fen
            have_spend += r.spend_fen
            if fig.orders is not None:
                orders = (orders or 0) + fig.orders
        out[w] = WindowTotal(gmv, orders, have_spend, missing)
    return AdTotals(spend, out, len(items))


def roi_gap(totals: AdTotals, platform: str) -> Decimal | None:
    """ROI of the later gap window minus the earlier one (`GAP_WINDOWS`):
    how much the same-day view under-reads the spend. None unless both are
    settled for every row."""
    first, last = GAP_WINDOWS.get(platform, (T0, T30))
    a, b = totals.windows.get(first), totals.windows.get(last)
    if a is None or b is None or not a.complete or not b.complete:
        return None
    ra, rb = a.roi, b.roi
    return None if ra is None or rb is None else rb - ra


def settled_gap(rows: Iterable[AdRow], platform: str) -> Decimal | None:
    """The gap (`roi_gap`) over the rows where both of its windows have settled:
    a streamer who spent in the last 30 days still has a T0→T30 gap from the
    days before; None when no row has both."""
    first, last = GAP_WINDOWS.get(platform, (T0, T30))
    both = [
        r
        for r in rows
        if r.window(first).gmv_fen is not None and r.window(last).gmv_fen is not None
    ]
    if not both:
        return None
    return roi_gap(total(both, (first, last)), platform)


# -- reading a report ----------------------------------------------------------------------
DAY, PLAN_ID, PLAN_NAME, ACCOUNT, ADVERTISER, ROOM, SPEND = (
    "day", "plan_id", "plan_name", "account_id", "advertiser_id", "room_name", "spend",
)  # fmt: skip

_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    DAY: ("日期", "时间", "日期时间", "统计日期", "date", "day"),
    PLAN_ID: ("计划id", "计划编号", "广告计划id", "planid", "campaignid", "adid"),
    PLAN_NAME: ("计划名称", "计划名", "广告计划名称", "planname", "campaignname"),
    ACCOUNT: ("快手id", "快手号", "抖音号", "抖音id", "主播id", "达人id", "accountid", "account"),
    ADVERTISER: ("账户id", "广告主id", "广告账户id", "advertiserid"),
    ROOM: ("直播间名称", "直播间", "直播间标题", "roomname", "room"),
    SPEND: ("花费", "消耗", "总花费", "总消耗", "spend", "cost"),
    "gmv:direct": ("直接gmv", "直接成交金额", "直接支付金额", "directgmv"),
    "roi:direct": ("直接roi", "直接支付roi", "直接成交roi", "directroi"),
    "orders:direct": ("直接订单数", "直接成交订单数", "直接支付订单数", "directorders"),
    "gmv:t0": ("当日累计gmv", "t0gmv"),
    "roi:t0": ("当日累计roi", "t0roi"),
    "orders:t0": ("当日累计订单数", "t0orders"),
    "gmv:t7": ("7日总成交金额", "7日总支付金额", "7日累计成交金额", "t7gmv"),
    "roi:t7": ("7日总支付roi", "7日总成交roi", "7日总roi", "t7roi"),
    "orders:t7": ("7日总成交订单数", "7日总支付订单数", "7日总订单数", "t7orders"),
    "gmv:t15": ("15日累计gmv", "t15gmv"),
    "roi:t15": ("15日累计roi", "t15roi"),
    "orders:t15": ("15日累计订单数", "t15orders"),
    "gmv:t30": ("30日累计gmv", "t30gmv"),
    "roi:t30": ("30日累计roi", "t30roi"),
    "orders:t30": ("30日累计订单数", "t30orders"),
}  # fmt: skip

_KUAISHOU_SIGNS = ("快手", "花费", "当日累计", "15日累计", "30日累计", "直接gmv")
_DOUYIN_SIGNS = ("抖音", "消耗", "成交金额", "支付roi", "7日总")


def _key(text: str) -> str:
    return re.sub(r"[\s_\-·:：/]+", "", normalize(text))


_NAME_TO_FIELD = {_key(n): f for f, names in _FIELD_NAMES.items() for n in names}


def header_field(header: str) -> tuple[str | None, Decimal]:
    """The field a heading names ("spend", "gmv:t15", "roi:direct" …) and the
    worth of a bare number in its unit (1 for 元, 10000 for 万元)."""
    name, unit = split_unit(header)
    f = _NAME_TO_FIELD.get(_key(name))
    u = _key(unit)
    if u in ("", "元", "rmb", "cny", "¥", "个", "单", "笔"):
        factor = Decimal(1)
    elif u in ("万", "万元", "w"):
        factor = Decimal(10_000)
    else:
        return None, Decimal(1)
    return f, factor


def detect_platform(header: Sequence[str]) -> str | None:
    """磁力金牛 (kuaishou) or 千川 (douyin) by the headings' words; None when
    they say neither or both as much."""
    keys = [_key(h) for h in header]
    ks = sum(any(s in k for s in _KUAISHOU_SIGNS) for k in keys)
    dy = sum(any(s in k for s in _DOUYIN_SIGNS) for k in keys)
    if ks > dy:
        return KUAISHOU
    if dy > ks:
        return DOUYIN
    return None


@dataclass(frozen=True)
class RoiNote:
    """The file's ROI for a window disagrees with GMV ÷ spend beyond its rounding."""

    row: int
    window: str
    file_roi: Decimal
    our_roi: Decimal | None

    def describe(self) -> str:
        return say(
            "ads",
            QT_TRANSLATE_NOOP(
                "ads",
                "row {row}: the file's {window} ROI is {theirs}, GMV ÷ spend is {ours}; "
                "Genbo uses its own",
            ),
            row=self.row,
            window=window_label(self.window),
            theirs=self.file_roi,
            ours="—"
            if self.our_roi is None
            else self.our_roi.quantize(_TEN_THOUSANDTH).normalize(),
        )


@dataclass(frozen=True)
class ParsedReport:
    platform: str
    header_row: int
    """As a spreadsheet numbers it."""
    columns: dict[str, str]
    """Field → the heading it was read from."""
    rows: tuple[AdRow, ...]
    problems: tuple[CellProblem, ...]
    """Every cell that could not be read; its row is not in `rows`."""
    total_rows: tuple[int, ...]
    """Row numbers of 合计 / 总计 rows, skipped."""
    roi_notes: tuple[RoiNote, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def windows(self) -> tuple[str, ...]:
        return PLATFORM_WINDOWS[self.platform]

    @property
    def bad_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.problems}))


def find_header(records: Sequence[Sequence[str]]) -> int | None:
    """The first of the top 15 rows that names a spend and a date or plan."""
    for i, row in enumerate(records[:15]):
        fields = {header_field(c)[0] for c in row if c and c.strip()}
        if SPEND in fields and (DAY in fields or PLAN_ID in fields):
            return i
    return None


def parse_report(
    records: Sequence[Sequence[str]], platform: str | None = None, first_row: int = 1
) -> ParsedReport:
    """Read a report given as rows of text (the file's rows from the top;
    `first_row` is the first one's number). Title lines above the header are
    passed over; blank rows and 合计 / 总计 rows are skipped; every cell that
    cannot be read is a `CellProblem` (its row is left out, never guessed)."""
    at = find_header(records)
    if at is None:
        raise AdReportError(
            QT_TRANSLATE_NOOP(
                "ads",
                "no header row found: an ad report needs columns such as 日期, 计划ID, "
                "快手ID or 抖音号, and 花费(元) or 消耗(元)",
            )
        )
    header = [c.strip() for c in records[at]]
    if platform is None:
        platform = detect_platform(header)
        if platform is None:
            raise AdReportError(
                QT_TRANSLATE_NOOP(
                    "ads",
                    "cannot tell whether this is a 磁力金牛 or a 千川 report from its columns: "
                    "{columns}",
                ),
                columns=", ".join(h for h in header if h),
            )
    if platform not in PLATFORM_WINDOWS:
        raise AdReportError(
            QT_TRANSLATE_NOOP("ads", "unknown ad platform “{platform}”; known: {known}"),
            platform=platform,
            known=", ".join(PLATFORM_WINDOWS),
        )
    windows = PLATFORM_WINDOWS[platform]
    cols: dict[str, tuple[int, Decimal]] = {}
    ignored: list[str] = []
    for i, h in enumerate(header):
        if not h:
            continue
        f, factor = header_field(h)
        win = (f or "").partition(":")[2]
        if f is None or f in cols or (win and win not in windows):
            ignored.append(h)
            continue
        cols[f] = (i, factor)
    if ACCOUNT not in cols and ADVERTISER in cols:
        cols[ACCOUNT] = cols.pop(ADVERTISER)
    missing = [f for f in (DAY, PLAN_ID, ACCOUNT, SPEND) if f not in cols]
    if missing:
        names = {
            DAY: "日期",
            PLAN_ID: "计划ID",
            ACCOUNT: "快手ID" if platform == KUAISHOU else "抖音号",
            SPEND: "花费(元)" if platform == KUAISHOU else "消耗(元)",
        }
        raise AdReportError(
            QT_TRANSLATE_NOOP("ads", "the report has no {missing} column; its columns: {columns}"),
            missing=", ".join(names[f] for f in missing),
            columns=", ".join(h for h in header if h),
        )
    problems: list[CellProblem] = []
    rows: list[AdRow] = []
    totals: list[int] = []
    notes: list[RoiNote] = []
    seen: dict[tuple[str, str, date, str], int] = {}
    for k in range(at + 1, len(records)):
        record = records[k]
        number = first_row + k
        if all(is_empty(c) for c in record):
            continue
        if _is_total(record, cols):
            totals.append(number)
            continue
        row_problems: list[CellProblem] = []

        def cell(name: str, record: Sequence[str] = record) -> tuple[int, str]:
            i = cols[name][0] if name in cols else -1
            return i, (record[i].strip() if 0 <= i < len(record) else "")

        def bad(
            i: int,
            text: str,
            reason: str,
            number: int = number,
            out: list[CellProblem] = row_problems,
        ) -> None:
            out.append(CellProblem(number, i, header[i], text, reason))

        def money(name: str) -> int | None:
            i, text = cell(name)
            if i < 0:
                return None
            try:
                return parse_value(text, "gmv" if name != SPEND else "ad_spend", cols[name][1])
            except ValueError as exc:
                bad(i, text, str(exc))
                return None

        def count(name: str) -> int | None:
            i, text = cell(name)
            if i < 0:
                return None
            try:
                return parse_value(text, "orders", cols[name][1])
            except ValueError as exc:
                bad(i, text, str(exc))
                return None

        i_day, day_text = cell(DAY)
        day = parse_day(day_text)
        if day is None:
            bad(
                i_day,
                day_text,
                translate("ads", QT_TRANSLATE_NOOP("ads", "not a date (e.g. 2026-11-03)")),
            )
        texts: dict[str, str] = {}
        for name in (PLAN_ID, ACCOUNT):
            i, text = cell(name)
            texts[name] = _id_text(text)
            if is_empty(text):
                bad(i, text, translate("ads", QT_TRANSLATE_NOOP("ads", "empty; an ID is needed")))
        i_spend, spend_text = cell(SPEND)
        before = len(row_problems)
        spend = money(SPEND)
        if spend is None and len(row_problems) == before:
            bad(
                i_spend,
                spend_text,
                translate("ads", QT_TRANSLATE_NOOP("ads", "no spend; write 0 for none")),
            )
        figures: dict[str, WindowFigures] = {}
        for w in windows:
            figures[w] = WindowFigures(money(f"gmv:{w}"), count(f"orders:{w}"))
        if row_problems or day is None or spend is None:
            problems.extend(row_problems)
            continue
        ad = AdRow(
            platform=platform,
            day=day,
            plan_id=texts[PLAN_ID],
            plan_name=cell(PLAN_NAME)[1],
            account_id=texts[ACCOUNT],
            room_name=cell(ROOM)[1],
            spend_fen=spend,
            windows=figures,
            row=number,
        )
        if ad.key in seen:
            problems.append(
                CellProblem(
                    number,
                    cols[PLAN_ID][0],
                    header[cols[PLAN_ID][0]],
                    ad.plan_id,
                    say(
                        "ads",
                        QT_TRANSLATE_NOOP(
                            "ads", "the same plan, account and day as row {other}; left out"
                        ),
                        other=seen[ad.key],
                    ),
                )
            )
            continue
        seen[ad.key] = number
        for w in windows:
            note = _check_roi(record, cols.get(f"roi:{w}"), ad, w)
            if note is not None:
                notes.append(note)
        rows.append(ad)
    return ParsedReport(
        platform=platform,
        header_row=first_row + at,
        columns={f: header[i] for f, (i, _) in cols.items()},
        rows=tuple(rows),
        problems=tuple(problems),
        total_rows=tuple(totals),
        roi_notes=tuple(notes),
        ignored_columns=tuple(ignored),
    )


def _is_total(record: Sequence[str], cols: Mapping[str, tuple[int, Decimal]]) -> bool:
    """A 合计 / 总计 row: no date, and the word in its first, date, plan ID or
    account cell (not in a plan's name: 总计划A is a plan)."""
    day_at = cols[DAY][0]
    if day_at < len(record) and parse_day(record[day_at]) is not None:
        return False
    places = {0} | {cols[f][0] for f in (DAY, PLAN_ID, ACCOUNT) if f in cols}
    for i in sorted(places):
        if i < len(record):
            text = normalize(record[i]).replace(" ", "")
            if any(text.startswith(w) for w in TOTAL_WORDS):
                return True
    return False


def _id_text(text: str) -> str:
    """An ID as text: a spreadsheet's 1.23e+11 or 12345.0 back to digits."""
    s = text.strip()
    if re.fullmatch(r"\d+\.0+", s):
        return s.split(".")[0]
    if re.fullmatch(r"\d+(?:\.\d+)?[eE]\+?\d+", s):
        try:
            d = Decimal(s)
        except InvalidOperation:  # pragma: no cover - the regex admits only numbers
            return s
        if d == d.to_integral_value():
            return f"{d:f}".split(".")[0]
    return s


_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DAY_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?!\d)")


def parse_day(text: str) -> date | None:
    """ "2026-11-03", "2026/11/3", "2026年11月3日", "20261103", "2026-11-03
    00:00:00" → the date; None for anything else."""
    s = normalize(text)
    m = _DAY.match(s) or _DAY_COMPACT.match(s)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _check_roi(
    record: Sequence[str], col: tuple[int, Decimal] | None, ad: AdRow, window: str
) -> RoiNote | None:
    if col is None or col[0] >= len(record):
        return None
    text = record[col[0]].strip()
    if is_empty(text):
        return None
    try:
        theirs = parse_number(text.rstrip("%％"))
    except NumberParseError:
        return None  # informational: an unreadable ROI is not the row's problem
    if text.endswith(("%", "％")):
        theirs = theirs.scaleb(-2)
    ours = ad.roi(window)
    if ours is None:
        return None if theirs == 0 else RoiNote(ad.row, window, theirs, None)
    exponent = theirs.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    tolerance = Decimal(5).scaleb(-(decimals + 1)) + Decimal("1e-9")
    if abs(ours - theirs) > tolerance:
        return RoiNote(ad.row, window, theirs, ours)
    return None


def parse_figures(
    platform: str, spend: str, windows: Mapping[str, tuple[str, str]]
) -> tuple[int, dict[str, WindowFigures]]:
    """Typed figures: the spend and each window's (GMV, orders) as text, in
    yuan and counts ("" or "-": not known). `CellError` says what is wrong."""
    if platform not in PLATFORM_WINDOWS:
        raise AdReportError(
            QT_TRANSLATE_NOOP("ads", "unknown ad platform “{platform}”; known: {known}"),
            platform=platform,
            known=", ".join(PLATFORM_WINDOWS),
        )
    fen = parse_value(spend, "ad_spend")
    if fen is None:
        raise CellError(QT_TRANSLATE_NOOP("ads", "no spend; write 0 for none"))
    out: dict[str, WindowFigures] = {}
    for w, (gmv, orders) in windows.items():
        if w not in PLATFORM_WINDOWS[platform]:
            raise CellError(
                QT_TRANSLATE_NOOP("ads", "{tool} has no {window} window"),
                tool=PLATFORM_TOOLS[platform],
                window=window_label(w),
            )
        out[w] = WindowFigures(parse_value(gmv, "gmv"), parse_value(orders, "orders"))
    return fen, out
