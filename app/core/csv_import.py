"""Reading a CSV of timed rows (a platform's minute export, another tool's log)
into metric series, with a mapping the operator can check and change.

A platform's minute export is a table: a time column (a full date and time,
a clock time such as ``20:05`` on the show's date, or minutes since the
start) and one column per figure, headed in Chinese or English, often with a
unit (``成交金额(元)``, ``GMV(万)``, ``人均停留时长(秒)``). Running totals
(GMV so far) and per-minute figures (GMV sold in that minute) both occur; the
mapping says which, and per-minute figures become the running totals Genbo
stores.

Nothing is dropped quietly: every cell that cannot be read is reported with
its row (as a spreadsheet numbers it), column and the reason; the caller
refuses such a file or, when the operator says so, leaves out those rows.
Empty cells (or ``-``) are "no reading", not a problem.

Pure: bytes in, numpy arrays out. `app.session.importing` turns the result
into a stored session.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import Enum

import numpy as np
import numpy.typing as npt

from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import METRICS, MetricKind, Unit
from app.core.numbers import (
    UNIT_SUFFIXES,
    NumberParseError,
    normalize,
    parse_duration,
    parse_number,
)

IntArray = npt.NDArray[np.int64]

PREVIEW_ROWS = 50
"""Rows a preview shows."""

DELIMITERS = (",", "\t", ";", "|")

IGNORE = "ignore"
"""What a column maps to when it is left out."""

_EMPTY = frozenset({"", "-", "--", "—", "——", "n/a", "na", "null", "none", "nan", "/"})
_TOTAL_WORDS = ("合计", "总计", "汇总", "total", "sum")


class CsvImportError(Explained, ValueError):
    """The file cannot be read as a table at all; the message says why (in the
    user's language: `app.core.messages`)."""

    context = "import"


class CellError(Explained, ValueError):
    """A cell that cannot be read; its message is a `CellProblem`'s reason."""

    context = "import"


@dataclass(frozen=True)
class _Label:
    """A metric's label as a word in a sentence ("gmv"), in the user's language."""

    text: str

    def __str__(self) -> str:
        return translate("metrics", self.text).lower()

    @property
    def english(self) -> str:
        return self.text.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class TimeMode(Enum):
    DATETIME = "datetime"
    """A date and a time in each cell (``2024-11-11 20:05:00``); an offset in
    the cell (``+08:00``) wins over the chosen one."""
    CLOCK = "clock"
    """``HH:MM`` or ``HH:MM:SS`` on the chosen date; a clock that jumps back by
    12 hours or more has passed midnight."""
    MINUTES = "minutes"
    """Minutes since the start (``0``, ``1``, ``1.5``), from the chosen date and start time."""
    EPOCH = "epoch"
    """Unix time in seconds or milliseconds."""


TIME_MODES = tuple(m.value for m in TimeMode)


# -- reading the table ----------------------------------------------------------------


@dataclass(frozen=True)
class CsvTable:
    """The file as rows of text, split at its header."""

    encoding: str
    delimiter: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    """The data rows, after the header."""
    header_row: int
    """The header's row number as a spreadsheet shows it (1 = the first line)."""

    def row_number(self, index: int) -> int:
        """The spreadsheet row number of data row `index`."""
        return self.header_row + 1 + index

    @property
    def width(self) -> int:
        return len(self.header)


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was in: UTF-8 (with or without the
    BOM Excel writes), UTF-16 with a BOM (Excel's "Unicode text"), or GB18030,
    which reads GBK and GB2312 (what Chinese Excel saves as "CSV")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CsvImportError(
                QT_TRANSLATE_NOOP("import", "the file starts like UTF-16 but is not: {error}"),
                error=exc,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise CsvImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "the file is neither UTF-8 nor GBK/GB18030 text; save it from the spreadsheet "
                "as CSV (UTF-8) and try again ({reason} at byte {byte})",
            ),
            reason=exc.reason,
            byte=exc.start,
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most equal, widest
    rows (quoted cells respected)."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (-1, -1)
    sample = "\n".join(lines)
    for d in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d)]
        except csv.Error:
            continue
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = d, score
    return best


def read_table(data: bytes) -> CsvTable:
    """Decode, split and find the header: the first of the top rows that names
    a time or a metric Genbo knows, else the first row of two or more cells
    that are mostly not numbers (title lines above it are passed over)."""
    text, encoding = decode(data)
    if not text.strip():
        raise CsvImportError(QT_TRANSLATE_NOOP("import", "the file is empty"))
    delimiter = sniff_delimiter(text)
    try:
        records = [
            tuple(c.strip() for c in r)
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise CsvImportError(
            QT_TRANSLATE_NOOP("import", "the file is not a CSV table: {error}"), error=exc
        ) from None
    header_at = _find_header(records)
    if header_at is None:
        raise CsvImportError(
            QT_TRANSLATE_NOOP(
                "import",
                "no header row found: the file needs a first row naming its columns "
                "(e.g. 时间, 在线人数, 成交金额(元))",
            )
        )
    header = records[header_at]
    width = len(header)
    while width > 1 and not header[width - 1]:
        width -= 1  # a trailing delimiter leaves an empty heading
    return CsvTable(
        encoding=encoding,
        delimiter=delimiter,
        header=tuple(header[:width]),
        rows=tuple(records[header_at + 1 :]),
        header_row=header_at + 1,
    )


def _find_header(records: Sequence[tuple[str, ...]]) -> int | None:
    top = list(enumerate(records[:15]))
    for i, row in top:
        cells = [c for c in row if c]
        if len(cells) >= 2 and any(
            guess_column(c)[0] is not None or _is_time_name(c) for c in cells
        ):
            return i
    for i, row in top:
        cells = [c for c in row if c]
        if len(cells) >= 2 and sum(_looks_numeric(c) for c in cells) * 2 < len(cells):
            return i
    return None


def _looks_numeric(text: str) -> bool:
    try:
        parse_number(text, allow_negative=True)
    except NumberParseError:
        return False
    return True


# -- guessing what a column is -------------------------------------------------------

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "viewers": ("在线人数", "实时在线人数", "当前在线人数", "在线", "同时在线人数", "online",
                "viewersonline", "concurrentviewers", "ccu", "onlineviewers"),
    "dwell_seconds": ("人均停留时长", "平均停留时长", "人均观看时长", "停留时长", "avgdwell",
                      "averagedwell", "dwell", "avgwatchtime", "averagewatchtime"),
    "watch_uv": ("累计观看人数", "观看人数", "累计观看", "进入直播间人数", "uv", "watchuv",
                 "uniqueviewers", "cumulativeviewers"),
    "watch_pv": ("观看次数", "累计观看次数", "pv", "watchpv", "views", "pageviews"),
    "gmv": ("成交金额", "直播间成交金额", "销售额", "成交额", "交易金额", "支付金额", "gmv",
            "sales", "revenue"),
    "orders": ("成交订单数", "订单数", "成交单数", "成交订单", "订单", "orders", "ordercount"),
    "buyers": ("成交人数", "购买人数", "支付人数", "buyers", "payingusers"),
    "product_clicks": ("商品点击", "商品点击次数", "商品点击数", "productclicks", "clicks"),
    "new_followers": ("新增粉丝", "新增粉丝数", "新增关注", "涨粉", "涨粉数", "newfollowers",
                      "followersgained", "follows"),
    "likes": ("点赞", "点赞数", "点赞次数", "likes"),
    "comments": ("评论", "评论数", "评论次数", "comments"),
    "ad_spend": ("投流消耗", "消耗", "投放消耗", "广告消耗", "千川消耗", "adspend", "spend",
                 "paidtrafficspend"),
    "refunds": ("退款金额", "退款", "refunds", "refundamount"),
}  # fmt: skip

_TIME_NAMES = (
    "时间", "时间点", "日期时间", "统计时间", "时刻", "分钟", "时段", "时间段",
    "time", "timestamp", "datetime", "date", "minute", "minutes", "ts", "clock",
)  # fmt: skip

_PER_MINUTE_WORDS = (
    "每分钟", "分钟级", "本分钟", "当分钟", "增量", "perminute", "/min", "permin",
    "increment", "delta",
)  # fmt: skip
_RUNNING_WORDS = ("累计", "running", "cumulative", "total")

_NOT_A_METRIC = (
    "率", "占比", "比例", "价值", "平均价", "客单价", "rate", "ratio", "share", "value", "percent",
)  # fmt: skip
"""A heading with one of these names a ratio of some metric, not the metric."""

_UNIT_BRACKETS = re.compile(r"^(.*?)\s*[(\[（【]\s*([^)\]）】]*)\s*[)\]）】]\s*$")


def _norm_name(text: str) -> str:
    return re.sub(r"[\s_\-·:：]+", "", normalize(text))


def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, m in METRICS.items():
        for name in (key, m.label, m.label_zh, *_SYNONYMS.get(key, ())):
            out.setdefault(_norm_name(name), key)
    return out


_NAME_TO_METRIC = _names()


def _is_time_name(text: str) -> bool:
    name, _ = split_unit(text)
    return _norm_name(name) in {_norm_name(n) for n in _TIME_NAMES}


def split_unit(header: str) -> tuple[str, str]:
    """ "成交金额(元)" → ("成交金额", "元"); "GMV" → ("GMV", "")."""
    m = _UNIT_BRACKETS.match(header.strip())
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return header.strip(), ""


def unit_factor(metric: str, unit: str) -> Decimal | None:
    """What a bare number in a column headed with `unit` is worth in the
    metric's display unit (yuan, seconds, count); None when the unit does not
    fit the metric (a percentage of viewers)."""
    u = _norm_name(unit).removesuffix("元") if METRICS[metric].is_money else _norm_name(unit)
    kind = METRICS[metric].unit
    if u in ("", "个", "人", "次", "单", "笔", "count", "people", "rmb", "cny", "yuan", "¥"):
        return Decimal(1) if kind is not Unit.SECONDS or u == "" else None
    if u in ("万", "w"):
        return Decimal(10_000) if kind is not Unit.SECONDS else None
    if u in ("亿",):
        return Decimal(100_000_000) if kind is not Unit.SECONDS else None
    if u in ("千", "k"):
        return Decimal(1_000) if kind is not Unit.SECONDS else None
    if kind is Unit.SECONDS:
        if u in ("秒", "s", "sec", "secs", "second", "seconds"):
            return Decimal(1)
        if u in ("分钟", "分", "min", "mins", "minute", "minutes", "m"):
            return Decimal(60)
        if u in ("小时", "时", "h", "hr", "hour", "hours"):
            return Decimal(3600)
    return None


def guess_column(header: str) -> tuple[str | None, Decimal]:
    """The metric a heading names, and the worth of a bare number in its unit:
    an exact name first (Chinese or English, from the catalogue and the names
    the platforms use), else the longest known name inside the heading."""
    name, unit = split_unit(header)
    key = _norm_name(name)
    metric = _NAME_TO_METRIC.get(key)
    if metric is None and not unit:
        # "成交金额元" / "GMV万": a unit written without brackets.
        for suffix in ("万元", "亿元", "元", "万", "秒", "分钟"):
            if key.endswith(suffix) and key[: -len(suffix)] in _NAME_TO_METRIC:
                metric, unit = _NAME_TO_METRIC[key[: -len(suffix)]], suffix
                break
    if metric is None and not any(w in key for w in _NOT_A_METRIC):
        # A known name inside the heading: Chinese as a substring (直播间成交金额),
        # English as whole words ("GMV per minute", "New followers / min").
        words = re.findall(r"[a-z0-9]+", normalize(name))
        runs = {
            "".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)
        }
        inside = [
            (len(n), m)
            for n, m in _NAME_TO_METRIC.items()
            if (n in runs if n.isascii() else len(n) >= 2 and n in key)
        ]
        if inside:
            metric = max(inside)[1]
    if metric is None:
        return None, Decimal(1)
    factor = unit_factor(metric, unit)
    if factor is None:
        return None, Decimal(1)
    return metric, factor


# -- the mapping ---------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMap:
    metric: str
    per_minute: bool = False
    """The column holds what was added in each row's minute (per-minute GMV),
    to be summed into running totals; False: the values are running totals
    (or, for a gauge such as viewers, readings)."""
    factor: Decimal = Decimal(1)
    """What a bare number is worth in the metric's display unit (10000 for a
    column headed (万), 60 for dwell in minutes). A cell with its own unit
    (1.2万) is read as it says."""


@dataclass(frozen=True)
class CsvMapping:
    time_column: int | None
    time_mode: TimeMode = TimeMode.DATETIME
    columns: Mapping[int, ColumnMap] = field(default_factory=dict)
    """Column index → metric; a column not in here is ignored."""
    utc_offset_min: int = 480
    """The offset the times are in (unless a cell carries its own)."""
    day: date | None = None
    """The show's date, for clock times and minutes since start."""
    start_min: int = 0
    """With minutes since start: the start's local time of day, in minutes."""

    def with_column(self, index: int, cmap: ColumnMap | None) -> CsvMapping:
        cols = dict(self.columns)
        if cmap is None:
            cols.pop(index, None)
        else:
            cols[index] = cmap
        return replace(self, columns=cols)


@dataclass(frozen=True)
class CellProblem:
    row: int
    """As a spreadsheet numbers it (1 = the file's first line)."""
    column: int
    """0-based index; `header` is its heading."""
    header: str
    text: str
    reason: str

    def describe(self) -> str:
        return say(
            "import",
            QT_TRANSLATE_NOOP("import", "row {row}, column “{header}”: “{text}” — {reason}"),
            row=self.row,
            header=self.header,
            text=self.text,
            reason=self.reason,
        )


def guess_mapping(
    table: CsvTable, utc_offset_min: int = 480, day: date | None = None
) -> tuple[CsvMapping, list[str]]:
    """The mapping the headings and the values suggest, and notes on what was
    guessed (so the operator can check it): the time column and its kind, each
    metric column's unit and whether it holds per-minute figures (a counter
    that goes down somewhere is per-minute; so is one headed 每分钟)."""
    notes: list[str] = []
    named = [i for i, h in enumerate(table.header) if _is_time_name(h)]
    # By its values alone a column is a time only if they look like one (plain
    # numbers could be anything).
    readable = [
        i
        for i in range(table.width)
        if guess_time_mode(_column_cells(table, i, 50)) not in (None, TimeMode.MINUTES)
        or (i in named and guess_time_mode(_column_cells(table, i, 50)) is not None)
    ]
    time_col: int | None = next(
        (i for i in named if i in readable), readable[0] if readable else None
    )
    if time_col is None and named:
        time_col = named[0]
    mode = TimeMode.DATETIME
    if time_col is not None:
        found = guess_time_mode(_column_cells(table, time_col, 200))
        mode = found or TimeMode.DATETIME
    columns: dict[int, ColumnMap] = {}
    taken: dict[str, int] = {}
    for i, h in enumerate(table.header):
        if i == time_col or not h:
            continue
        metric, factor = guess_column(h)
        if metric is None:
            continue
        if metric in taken:
            notes.append(
                say(
                    "import",
                    QT_TRANSLATE_NOOP(
                        "import",
                        "column “{column}” also looks like {metric}; column "
                        "“{taken}” was taken, this one is ignored",
                    ),
                    column=h,
                    metric=metric,
                    taken=table.header[taken[metric]],
                )
            )
            continue
        cells = _column_cells(table, i, 200)
        unreadable = [c for c in cells if not _readable(c, metric, factor)]
        if cells and len(unreadable) * 2 > len(cells):
            notes.append(
                say(
                    "import",
                    QT_TRANSLATE_NOOP(
                        "import",
                        "column “{column}” looks like {metric}, but most of its values are not "
                        "(e.g. “{example}”); it is ignored",
                    ),
                    column=h,
                    metric=metric,
                    example=unreadable[0],
                )
            )
            continue
        taken[metric] = i
        per_minute = False
        if METRICS[metric].kind is MetricKind.COUNTER:
            key = _norm_name(h)
            if any(w in key for w in _PER_MINUTE_WORDS):
                per_minute = True
            elif not any(w in key for w in _RUNNING_WORDS) and _goes_down(table, i, metric, factor):
                per_minute = True
                notes.append(
                    say(
                        "import",
                        QT_TRANSLATE_NOOP(
                            "import",
                            "column “{column}” goes down in places, so it is read as per-minute",
                        ),
                        column=h,
                    )
                )
        columns[i] = ColumnMap(metric, per_minute, factor)
    return (
        CsvMapping(time_col, mode, columns, utc_offset_min, day),
        notes,
    )


def _column_cells(table: CsvTable, index: int, limit: int) -> list[str]:
    out = []
    for row in table.rows:
        if index < len(row) and row[index].strip().lower() not in _EMPTY:
            out.append(row[index])
            if len(out) >= limit:
                break
    return out


def _readable(text: str, metric: str, factor: Decimal) -> bool:
    try:
        parse_value(text, metric, factor, per_minute=True)
    except ValueError:
        return False
    return True


def _goes_down(table: CsvTable, index: int, metric: str, factor: Decimal) -> bool:
    prev: int | None = None
    for row in table.rows:
        if index >= len(row):
            continue
        try:
            raw = parse_value(row[index], metric, factor, per_minute=True)
        except ValueError:
            continue
        if raw is None:
            continue
        if prev is not None and raw < prev:
            return True
        prev = raw
    return False


# -- values --------------------------------------------------------------------------

_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")
_OWN_UNIT = re.compile("[" + "".join(UNIT_SUFFIXES) + "]")
"""A cell that carries its own unit (1.2万, 3.5w, 2k, 1.5m) is not scaled by its column's."""


def is_empty(text: str) -> bool:
    return text.strip().lower() in _EMPTY


def parse_value(
    text: str, metric: str, factor: Decimal = Decimal(1), per_minute: bool = False
) -> int | None:
    """A cell as the metric's raw integer (fen, 0.1 s, count), or None for an
    empty cell. Raises ValueError with the reason otherwise. Money is kept to
    the fen and counts must be whole; dwell is kept to 0.1 s."""
    return _parse_value(text, metric, factor, per_minute)[0]


def _parse_value(
    text: str, metric: str, factor: Decimal, per_minute: bool
) -> tuple[int | None, bool]:
    """`parse_value`, and whether a dwell time was rounded to 0.1 s."""
    s = text.strip()
    if s.lower() in _EMPTY:
        return None, False
    m = METRICS[metric]
    if s.endswith(("%", "％")):
        raise CellError(
            QT_TRANSLATE_NOOP("import", "a percentage cannot be {metric}"), metric=_Label(m.label)
        )
    try:
        if _PLAIN.fullmatch(s):
            value = Decimal(s) * factor
        elif m.unit is Unit.SECONDS:
            n = normalize(s)
            bare = _PLAIN.fullmatch(n.replace(",", "")) is not None
            value = parse_duration(n) * (factor if bare else 1)
        else:
            own = _OWN_UNIT.search(normalize(s)) is not None
            value = parse_number(s, allow_negative=True) * (1 if own else factor)
    except (NumberParseError, InvalidOperation) as exc:
        if isinstance(exc, NumberParseError):
            raise CellError("{error}", error=exc) from None
        raise CellError(QT_TRANSLATE_NOOP("import", "not a number")) from None
    if value < 0 and not per_minute:
        raise CellError(
            QT_TRANSLATE_NOOP("import", "{metric} cannot be negative"), metric=_Label(m.label)
        )
    scaled = value * m.scale
    raw = int(scaled.to_integral_value())
    if m.unit is Unit.COUNT and scaled != raw:
        raise CellError(
            QT_TRANSLATE_NOOP("import", "{metric} must be a whole number"), metric=_Label(m.label)
        )
    if m.unit is Unit.MONEY and abs(scaled - raw) > Decimal("0.001"):
        raise CellError(QT_TRANSLATE_NOOP("import", "money has at most two decimals (fen)"))
    return m.to_raw(value), m.unit is Unit.SECONDS and scaled != raw


# -- times ---------------------------------------------------------------------------

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?")
_CLOCK_RANGE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)\s*[-~～至到—]+\s*(\d{1,2}:\d{2}(?::\d{2})?)")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M:%S", "%Y年%m月%d日%H:%M", "%Y%m%d %H:%M:%S", "%Y%m%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S.%f",
)  # fmt: skip


def parse_clock(text: str) -> int:
    """ "20:05" / "20:05:30" / "20:00-20:01" (the end of a range) → ms after midnight."""
    s = normalize(text)
    rng = _CLOCK_RANGE.fullmatch(s)
    if rng:
        s = rng.group(2)
    m = _CLOCK.fullmatch(s)
    if not m:
        raise CellError(QT_TRANSLATE_NOOP("import", "not a clock time (HH:MM or HH:MM:SS)"))
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    frac = int((m.group(4) or "0").ljust(3, "0"))
    if h > 24 or mi > 59 or sec > 59 or (h == 24 and (mi or sec or frac)):
        raise CellError(QT_TRANSLATE_NOOP("import", "not a time of day"))
    return ((h * 60 + mi) * 60 + sec) * 1000 + frac


def parse_datetime(text: str, utc_offset_min: int) -> int:
    """A date and time → UTC epoch ms; an offset in the text wins."""
    s = normalize(text).upper()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
    if dt is None or (dt.hour == 0 and dt.minute == 0 and ":" not in s):
        raise CellError(
            QT_TRANSLATE_NOOP("import", "not a date and time (e.g. 2024-11-11 20:05:00)")
        )
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone(timedelta(minutes=utc_offset_min)))
    return round(dt.timestamp() * 1000)


def parse_epoch(text: str) -> int:
    s = text.strip()
    if not re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):
        raise CellError(QT_TRANSLATE_NOOP("import", "not a Unix time"))
    value = Decimal(s)
    return int(value if value >= 10**11 else value * 1000)


def parse_minutes(text: str) -> int:
    """Minutes since the start → ms."""
    s = normalize(text)
    if not _PLAIN.fullmatch(s):
        raise CellError(QT_TRANSLATE_NOOP("import", "not a number of minutes since the start"))
    value = Decimal(s)
    if value < 0:
        raise CellError(QT_TRANSLATE_NOOP("import", "minutes since the start cannot be negative"))
    return int((value * 60_000).to_integral_value())


def guess_time_mode(cells: Sequence[str]) -> TimeMode | None:
    """The kind of time most of the cells are (ties: the more specific kind)."""
    if not cells:
        return None
    tries = (
        (TimeMode.DATETIME, lambda c: parse_datetime(c, 0)),
        (TimeMode.CLOCK, parse_clock),
        (TimeMode.EPOCH, parse_epoch),
        (TimeMode.MINUTES, parse_minutes),
    )
    best: tuple[int, TimeMode | None] = (0, None)
    for mode, fn in tries:
        ok = 0
        for c in cells:
            try:
                fn(c)
                ok += 1
            except ValueError:
                pass
        if ok > best[0]:
            best = (ok, mode)
    if best[1] is None or best[0] * 2 < len(cells):
        return None
    return best[1]


# -- converting ----------------------------------------------------------------------


@dataclass(frozen=True)
class CsvData:
    """The rows read with a mapping: each metric's running values in time order."""

    series: dict[str, tuple[IntArray, IntArray]]
    """metric → (UTC ms, raw), sorted by time."""
    started_ms: int | None
    ended_ms: int | None
    problems: tuple[CellProblem, ...]
    bad_rows: tuple[int, ...]
    """Spreadsheet row numbers with a problem."""
    rows_read: int
    """Data rows with anything in them."""
    rows_used: int
    skipped: bool
    """The bad rows were left out (else the data keeps every good cell and the
    import must be refused)."""
    notes: tuple[str, ...] = ()

    @property
    def sample_count(self) -> int:
        """Rows that gave at least one value."""
        if not self.series:
            return 0
        return int(np.unique(np.concatenate([ts for ts, _ in self.series.values()])).shape[0])


class MappingError(Explained, ValueError):
    """The mapping cannot be used (no time column, no metric, no date for clock
    times); in the user's language."""

    context = "import"


def check_mapping(table: CsvTable, mapping: CsvMapping) -> None:
    def columns_list() -> str:
        none = translate("import", QT_TRANSLATE_NOOP("import", "(no heading)"))
        return ", ".join(f"{i + 1}: {h or none}" for i, h in enumerate(table.header))

    if mapping.time_column is None or not 0 <= mapping.time_column < table.width:
        raise MappingError(
            QT_TRANSLATE_NOOP("import", "no time column is chosen; the columns are {columns}"),
            columns=columns_list(),
        )
    if not mapping.columns:
        raise MappingError(
            QT_TRANSLATE_NOOP(
                "import", "no column is mapped to a metric Genbo knows; the columns are {columns}"
            ),
            columns=columns_list(),
        )
    if mapping.time_column in mapping.columns:
        raise MappingError(QT_TRANSLATE_NOOP("import", "the time column cannot also be a metric"))
    seen: dict[str, int] = {}
    for i, cmap in mapping.columns.items():
        if not 0 <= i < table.width:
            raise MappingError(
                QT_TRANSLATE_NOOP("import", "there is no column {n}; the columns are {columns}"),
                n=i + 1,
                columns=columns_list(),
            )
        if cmap.metric not in METRICS:
            raise MappingError(
                QT_TRANSLATE_NOOP("import", "unknown metric “{metric}”; known: {known}"),
                metric=cmap.metric,
                known=", ".join(METRICS),
            )
        if cmap.metric in seen:
            raise MappingError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "{metric} is mapped twice (columns “{first}” and “{second}”); "
                    "ignore one of them",
                ),
                metric=cmap.metric,
                first=table.header[seen[cmap.metric]],
                second=table.header[i],
            )
        seen[cmap.metric] = i
        if cmap.per_minute and METRICS[cmap.metric].kind is not MetricKind.COUNTER:
            raise MappingError(
                QT_TRANSLATE_NOOP(
                    "import", "{metric} is a reading, not a total; it cannot be per-minute"
                ),
                metric=cmap.metric,
            )
    if mapping.time_mode in (TimeMode.CLOCK, TimeMode.MINUTES) and mapping.day is None:
        raise MappingError(
            QT_TRANSLATE_NOOP(
                "import", "clock times and minutes since the start need the show's date"
            )
        )


def convert(table: CsvTable, mapping: CsvMapping, skip_bad_rows: bool = False) -> CsvData:
    """Read every data row with `mapping`. Each unreadable cell is a problem;
    with `skip_bad_rows` its whole row is left out (its good per-minute amounts
    still count towards the running totals), else the good cells of it are
    kept and the caller must not store the result while problems remain."""
    check_mapping(table, mapping)
    tcol = mapping.time_column
    assert tcol is not None
    tz = timezone(timedelta(minutes=mapping.utc_offset_min))
    base_ms = 0
    if mapping.day is not None:
        midnight = datetime(mapping.day.year, mapping.day.month, mapping.day.day, tzinfo=tz)
        base_ms = round(midnight.timestamp() * 1000)
    start_ms = base_ms + mapping.start_min * 60_000
    problems: list[CellProblem] = []
    bad: set[int] = set()
    times: list[int | None] = []
    cells: dict[int, list[int | None]] = {i: [] for i in mapping.columns}
    rounded = dict.fromkeys(mapping.columns, 0)
    numbers: list[int] = []
    day_shift = 0
    prev_clock: int | None = None
    header = table.header

    def problem(row: int, col: int, text: str, reason: str) -> None:
        problems.append(
            CellProblem(row, col, header[col] if col < len(header) else "", text, reason)
        )
        bad.add(row)

    for k, row in enumerate(table.rows):
        if not any(c.strip() for c in row):
            continue
        number = table.row_number(k)
        text = row[tcol] if tcol < len(row) else ""
        ts: int | None = None
        try:
            if is_empty(text):
                raise CellError(QT_TRANSLATE_NOOP("import", "no time in this row"))
            if mapping.time_mode is TimeMode.DATETIME:
                ts = parse_datetime(text, mapping.utc_offset_min)
            elif mapping.time_mode is TimeMode.CLOCK:
                clock = parse_clock(text)
                if prev_clock is not None and clock + 12 * 3_600_000 <= prev_clock:
                    day_shift += 1  # past midnight
                prev_clock = clock
                ts = base_ms + day_shift * 86_400_000 + clock
            elif mapping.time_mode is TimeMode.MINUTES:
                ts = start_ms + parse_minutes(text)
            else:
                ts = parse_epoch(text)
        except ValueError as exc:
            reason = str(exc)
            if any(w in normalize(" ".join(row)) for w in _TOTAL_WORDS):
                reason = translate(
                    "import", QT_TRANSLATE_NOOP("import", "looks like a totals row, not a reading")
                )
            problem(number, tcol, text, reason)
        for i, cmap in mapping.columns.items():
            cell = row[i] if i < len(row) else ""
            try:
                value, was_rounded = _parse_value(cell, cmap.metric, cmap.factor, cmap.per_minute)
                rounded[i] += was_rounded
            except ValueError as exc:
                problem(number, i, cell, str(exc))
                value = None
            cells[i].append(value)
        extra = [j for j in range(table.width, len(row)) if row[j].strip()]
        for j in extra:
            problem(
                number,
                j,
                row[j],
                translate(
                    "import", QT_TRANSLATE_NOOP("import", "a value beyond the last column heading")
                ),
            )
        times.append(ts)
        numbers.append(number)

    # Rows with a time, in time order; a row left out (a bad cell elsewhere in
    # it) still adds its good per-minute amounts to the running totals, so
    # leaving out a row never loses what was sold in that minute.
    timed = [j for j, ts in enumerate(times) if ts is not None]
    kept = [not (skip_bad_rows and numbers[j] in bad) for j in timed]
    ts_timed = np.array([times[j] for j in timed], dtype=np.int64)
    order = np.argsort(ts_timed, kind="stable")
    ts_sorted = ts_timed[order]
    kept_sorted = np.array(kept, dtype=np.bool_)[order]
    series: dict[str, tuple[IntArray, IntArray]] = {}
    lost: list[str] = []
    for i, cmap in mapping.columns.items():
        vals = [cells[i][j] for j in timed]
        present = np.array([v is not None for v in vals], dtype=np.bool_)[order]
        raw = np.array([0 if v is None else v for v in vals], dtype=np.int64)[order]
        if cmap.per_minute:
            raw = np.cumsum(np.where(present, raw, 0)).astype(np.int64)
            untimed = [
                numbers[j]
                for j, ts in enumerate(times)
                if ts is None and cells[i][j] not in (None, 0)
            ]
            if untimed:
                rows_text = ", ".join(str(n) for n in untimed[:5])
                lost.append(
                    say(
                        "import",
                        QT_TRANSLATE_NOOP(
                            "import",
                            "column “{column}”: the per-minute amounts of rows {rows} "
                            "(no readable time) are not in the running total",
                        ),
                        column=header[i],
                        rows=rows_text,
                    )
                )
        emit = present & kept_sorted
        if emit.any():
            series[cmap.metric] = (ts_sorted[emit], raw[emit])
    ts_sorted = ts_sorted[kept_sorted]
    keep = [j for j, k in zip(timed, kept, strict=True) if k]
    notes = [
        say(
            "import",
            QT_TRANSLATE_NOOP(
                "import",
                "column “{column}”: values rounded to 0.1 s, as Genbo keeps times ({n} of them)",
            ),
            column=header[i],
            n=n,
        )
        for i, n in sorted(rounded.items())
        if n
    ] + lost
    started = None
    ended = None
    if ts_sorted.shape[0]:
        started = int(ts_sorted[0])
        ended = int(ts_sorted[-1])
        if mapping.time_mode is TimeMode.MINUTES:
            started = min(started, start_ms)
        # A row stands for its interval (a minute export's 20:59 row is the
        # minute up to 21:00): the session lasts one step past its last row,
        # or 60 rows of minutes would be a 59-minute session.
        if ts_sorted.shape[0] >= 2:
            step = int(np.median(np.diff(ts_sorted)))
            if 0 < step <= 10 * 60_000:
                ended += step
    return CsvData(
        series=series,
        started_ms=started,
        ended_ms=ended,
        problems=tuple(problems),
        bad_rows=tuple(sorted(bad)),
        rows_read=len(numbers),
        rows_used=len(keep),
        skipped=skip_bad_rows,
        notes=tuple(notes),
    )


def local_date(ms: int, utc_offset_min: int) -> date:
    tz = timezone(timedelta(minutes=utc_offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).date()


_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")


def parse_utc_offset(text: str) -> int:
    """ "+08:00", "+8", "UTC+8", "-05:30", "0" → minutes."""
    s = normalize(text).upper().replace(" ", "")
    if s in ("0", "Z", "UTC", "GMT", "+0", "-0"):
        return 0
    m = _OFFSET.fullmatch(s)
    if not m:
        raise CellError(
            QT_TRANSLATE_NOOP("import", "“{text}” is not a UTC offset; write it like +08:00"),
            text=text,
        )
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        raise CellError(QT_TRANSLATE_NOOP("import", "“{text}” is beyond ±14:00"), text=text)
    return -minutes if m.group(1) == "-" else minutes


def format_utc_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}"
