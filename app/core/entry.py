"""The quick-entry grammar: what an operator types while watching a dashboard.

    <metric> <value> [<metric> <value> ...] [@time]

    v 3500            gmv 1.2万          dwell 1:35        o 120 f 45
    人数 3500 成交 56.8w                  gmv 98万 @21:03   人数3500成交56.8w

Metric names have English and Chinese aliases; values accept everything
`parse_number` does (thousands separators, 万/w, 亿, k, full-width digits, ¥),
and durations for dwell (95, 1:35, 1分35秒). Errors say what was wrong and what
would be accepted; a line with any error stores nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal

from app.core.jsonpath import JsonPathError, to_number
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.messages import say as _say
from app.core.metrics import (
    CHANNEL_METRICS,
    CHANNEL_SEP,
    CHANNELS,
    METRICS,
    MetricKind,
    Unit,
    by_channel,
    channel_key,
)
from app.core.numbers import (
    NumberFormat,
    NumberParseError,
    normalize,
    parse_duration,
    parse_number,
)

ALIASES: dict[str, tuple[str, ...]] = {
    "viewers": ("viewers", "viewer", "online", "v", "在线人数", "在线", "人数", "观众"),
    "dwell_seconds": (
        "dwell", "stay", "人均停留时长", "人均停留", "停留时长", "停留", "人均观看时长", "观看时长",
    ),
    "watch_uv": ("uv", "累计观看人数", "累计观看", "累计人数"),
    "watch_pv": ("pv", "views", "观看次数", "场观"),
    "gmv": ("gmv", "sales", "成交金额", "成交额", "销售额", "成交"),
    "orders": ("orders", "order", "o", "成交订单数", "成交订单", "订单数", "订单", "单量"),
    "buyers": ("buyers", "buyer", "b", "成交人数", "买家数", "买家"),
    "product_clicks": ("clicks", "click", "c", "商品点击", "点击"),
    "new_followers": ("followers", "follows", "fans", "f", "新增粉丝", "涨粉", "粉丝"),
    "likes": ("likes", "like", "点赞"),
    "comments": ("comments", "comment", "评论"),
    "ad_spend": ("spend", "ads", "投流消耗", "消耗", "投流"),
    "refunds": ("refunds", "refund", "退款金额", "退款"),
    "impressions": ("impressions", "impression", "曝光人数", "直播间曝光人数", "曝光"),
    "entries": (
        "entries", "entry", "进入直播间人数", "进入人数", "进房人数", "进直播间", "进房", "进入",
        "进场",
    ),
    "exits": ("exits", "exit", "离开直播间人数", "离开人数", "离开"),
}  # fmt: skip


def _channel_aliases() -> dict[str, tuple[str, ...]]:
    """Metrics by channel as operators name them: 付费流量 and 自然流量 are the
    entries those channels brought; a channel's Chinese name before 进入, 曝光
    or 成交 gives its entries, impressions or GMV (千川成交, 推荐进入)."""
    out: dict[str, list[str]] = {}
    for ch in CHANNELS:
        words = [a for a in ch.aliases if not a.isascii()]
        for word in words:
            if word.endswith("流量"):
                out.setdefault(by_channel("entries", ch.key), []).append(word)
            for suffix, base in (("进入", "entries"), ("曝光", "impressions"), ("成交", "gmv")):
                out.setdefault(by_channel(base, ch.key), []).append(word + suffix)
    return {k: tuple(v) for k, v in out.items()}


ALIASES.update(_channel_aliases())

ALIAS_TO_METRIC: dict[str, str] = {
    alias: key for key, aliases in ALIASES.items() for alias in aliases
}

_ASCII = re.compile(r"[a-z]")
# Longest first, so 成交人数 wins over 成交 and views over v.
_BY_CHANNEL = r"(?<![a-z])[a-z_]+\.[^\s\d,;、@.]+"
"""A metric by channel written out: gmv.paid, entries.natural, entries.直播广场."""
_ALIAS_RE = re.compile(
    "|".join(
        [_BY_CHANNEL]
        + [
            (rf"(?<![a-z]){re.escape(a)}(?![a-z])" if _ASCII.match(a) else re.escape(a))
            for a in sorted(ALIAS_TO_METRIC, key=len, reverse=True)
        ]
    )
)
_AT_RE = re.compile(r"@\s*(\S+)\s*$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_SEPARATORS = " \t,;、"

EXAMPLES = "v 3500 · gmv 1.2万 · dwell 1:35 · o 120 f 45 · 人数 3500 成交 56.8w · gmv 98万 @21:03"


class EntryError(Explained, ValueError):
    """What was wrong with the line, fit to show inline under the entry field
    (in the user's language: `app.core.messages`)."""

    context = "numbers"


class TimestampError(Explained, ValueError):
    """A time from a machine (a file's row, a pushed sample) that cannot be read."""

    context = "numbers"


@dataclass(frozen=True, slots=True)
class Entry:
    values: dict[str, int]
    """Metric key → raw value (fen for money, 0.1 s for dwell)."""
    at: time | None = None
    """Local clock time typed after @, if any."""
    at_seconds: bool = False
    """Whether the time was typed with seconds (@21:03:30)."""


def parse_entry(line: str) -> Entry:
    text = normalize(line)
    if not text:
        raise EntryError(
            QT_TRANSLATE_NOOP("numbers", "Type a metric and a value, e.g. {examples}"),
            examples=EXAMPLES,
        )
    at: time | None = None
    at_seconds = False
    if m := _AT_RE.search(text):
        at = _parse_clock(m.group(1))
        at_seconds = m.group(1).count(":") == 2
        text = text[: m.start()]
    elif "@" in text:
        raise EntryError(
            QT_TRANSLATE_NOOP(
                "numbers", "@ goes at the end of the line with a clock time, e.g. gmv 98万 @21:03"
            )
        )

    matches = list(_ALIAS_RE.finditer(text))
    if not matches:
        raise EntryError(
            QT_TRANSLATE_NOOP(
                "numbers",
                "“{text}” names no metric. Start with a metric such as v, gmv, dwell, "
                "人数, 成交; e.g. {examples}",
            ),
            text=line.strip(),
            examples=EXAMPLES,
        )
    lead = text[: matches[0].start()].strip(_SEPARATORS)
    if lead:
        raise EntryError(
            QT_TRANSLATE_NOOP(
                "numbers",
                "“{text}” comes before any metric name; write the metric first, e.g. v {text}",
            ),
            text=lead,
        )
    values: dict[str, int] = {}
    for i, m in enumerate(matches):
        found = ALIAS_TO_METRIC.get(m.group(0)) or metric_key(m.group(0))
        if found is None:
            raise EntryError(
                QT_TRANSLATE_NOOP(
                    "numbers",
                    "“{text}” is not a metric by channel; write one of {metrics} with a "
                    "channel, e.g. entries.paid or gmv.natural",
                ),
                text=m.group(0),
                metrics=", ".join(sorted(CHANNEL_METRICS)),
            )
        key = found
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        raw_value = text[m.end() : end].strip(_SEPARATORS)
        if key in values:
            raise EntryError(
                QT_TRANSLATE_NOOP(
                    "numbers", "{alias} appears twice; give each metric once per line"
                ),
                alias=m.group(0),
            )
        values[key] = _value(m.group(0), key, raw_value)
    return Entry(values, at, at_seconds)


def metric_value(key: str, text: str) -> int:
    """The raw value of metric `key` that `text` gives, as the entry line
    reads a value (durations for dwell, whole numbers for counts). Raises
    `EntryError` saying what was wrong."""
    return _value(key, key, text)


def _value(alias: str, key: str, text: str) -> int:
    metric = METRICS[key]
    if not text:
        example = "1:35" if metric.unit is Unit.SECONDS else "1.2万"
        raise EntryError(
            QT_TRANSLATE_NOOP("numbers", "{alias} needs a value, e.g. {alias} {example}"),
            alias=alias,
            example=example,
        )
    try:
        if metric.unit is Unit.SECONDS:
            value: Decimal = parse_duration(text)
        else:
            value = parse_number(text)
    except NumberParseError as exc:
        raise EntryError(
            QT_TRANSLATE_NOOP("numbers", "{alias}: {error}"), alias=alias, error=exc
        ) from None
    if metric.unit is Unit.COUNT and value != value.to_integral_value():
        raise EntryError(
            QT_TRANSLATE_NOOP("numbers", "{alias}: “{text}” is a count and must be a whole number"),
            alias=alias,
            text=text,
        )
    return metric.to_raw(value)


def _parse_clock(text: str) -> time:
    m = _TIME_RE.match(text)
    if not m:
        raise EntryError(
            QT_TRANSLATE_NOOP("numbers", "@{text}: write the clock time as @21:03 or @21:03:30"),
            text=text,
        )
    h, mnt, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 23 or mnt > 59 or sec > 59:
        raise EntryError(QT_TRANSLATE_NOOP("numbers", "@{text} is not a time of day"), text=text)
    return time(h, mnt, sec)


CLOCK_TOLERANCE_S = 60
"""A typed time this far past "now" is taken as now (the dashboard's clock and
the laptop's rarely agree to the second)."""


@dataclass(frozen=True, slots=True)
class SessionSpan:
    """What an `@HH:MM` is resolved against: the session's start, its own UTC
    offset, and "now" on its timeline (a simulated session runs ahead)."""

    started_ms: int
    utc_offset_min: int
    now_ms: int

    def local(self, ts_ms: int) -> datetime:
        tz = timezone(timedelta(minutes=self.utc_offset_min))
        return datetime.fromtimestamp(ts_ms / 1000, tz=UTC).astimezone(tz)

    def describe(self) -> str:
        """ "20:00:05 – 21:14:30 (now)", with the date where the session crosses midnight."""
        start, now = self.local(self.started_ms), self.local(self.now_ms)
        fmt = "%H:%M:%S" if start.date() == now.date() else "%m-%d %H:%M:%S"
        return f"{start.strftime(fmt)} – {now.strftime(fmt)}"


def clock_in_session(at: time, span: SessionSpan, with_seconds: bool = True) -> int:
    """UTC epoch ms of the most recent moment showing clock time `at` in the
    session's own time zone, which must lie within the session (a session that
    runs past midnight takes yesterday's times after midnight). A time up to
    `CLOCK_TOLERANCE_S` ahead is now; a time without seconds in the minute the
    session started is its start. Raises `EntryError` saying the session's span."""
    now = span.local(span.now_ms)
    candidate = now.replace(hour=at.hour, minute=at.minute, second=at.second, microsecond=0)
    typed = at.strftime("%H:%M:%S" if with_seconds else "%H:%M")
    ahead = candidate > now + timedelta(seconds=CLOCK_TOLERANCE_S)
    if ahead:
        candidate -= timedelta(days=1)
    ts = round(candidate.timestamp() * 1000)
    minute_ms = 0 if with_seconds else 60_000
    if ts < span.started_ms and ts + minute_ms > span.started_ms:
        return span.started_ms
    if ts < span.started_ms:
        raise OutsideSessionError(typed, ahead, span)
    return min(ts, span.now_ms)


class OutsideSessionError(EntryError):
    """A typed @time that is not within the session; the UI words it from the fields."""

    def __init__(self, typed: str, later: bool, span: SessionSpan) -> None:
        self.typed, self.later, self.span = typed, later, span
        if later:
            text = QT_TRANSLATE_NOOP(
                "numbers",
                "@{time} is later than now; this session runs {span} "
                "(now). Type a time within it, or leave out @ for now.",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "numbers",
                "@{time} is before this session started; it runs {span} (now). "
                "Type a time within it.",
            )
        super().__init__(text, time=typed, span=span.describe())

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.typed, self.later, self.span))


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A typed running total that disagrees with a stored neighbour in time."""

    metric: str
    value: float
    """The typed value, display units."""
    other_ms: int
    other_value: float
    later: bool
    """True: the neighbour is later and lower; False: earlier and higher."""


Reading = tuple[int, float]
"""(UTC epoch ms, value in display units)."""


def contradictions(
    values: dict[str, int],
    ts_ms: int,
    neighbours: Callable[[str, int], tuple[Reading | None, Reading | None]],
) -> list[Contradiction]:
    """Running totals (GMV, orders …) never go down over time: a value typed
    for `ts_ms` must be at least the stored reading before it and at most the
    one after it. `neighbours(metric, ts_ms)` gives those two readings (either
    None). The UI asks before storing any of these (a typo such as 1.2万 after
    98万, or a back-dated 98万 below a later 99.5万)."""
    out = []
    for key, raw in values.items():
        metric = METRICS[key]
        if metric.kind is not MetricKind.COUNTER:
            continue
        value = metric.display_float(raw)
        before, after = neighbours(key, ts_ms)
        if before is not None and value < before[1]:
            out.append(Contradiction(key, value, before[0], before[1], later=False))
        elif after is not None and value > after[1]:
            out.append(Contradiction(key, value, after[0], after[1], later=True))
    return out


def metric_key(name: str) -> str | None:
    """A metric key from its key or any alias ("viewers", "v", "在线人数"), and a
    metric by channel from either part's key or alias ("gmv.千川" → "gmv.paid",
    "付费流量" → "entries.paid", "entries.直播广场" as written)."""
    n = normalize(name)
    if n in METRICS:
        return n
    if n in ALIAS_TO_METRIC:
        return ALIAS_TO_METRIC[n]
    base, sep, channel = n.partition(CHANNEL_SEP)
    if not sep:
        return None
    whole = base if base in METRICS else ALIAS_TO_METRIC.get(base)
    ch = channel_key(channel)
    if whole is None or ch is None or whole not in CHANNEL_METRICS:
        return None
    return by_channel(whole, ch)


def parse_metric_values(
    metrics: dict[str, object], prefix: str = "metrics.", *, in_english: bool = False
) -> tuple[dict[str, int], dict[str, str]]:
    """Named values from a machine (push ingest, a CSV row, a JSON line) to
    raw metric values. Returns (values, errors by field name), the errors in
    the user's language, or in English with `in_english` (an HTTP API's)."""
    values: dict[str, int] = {}
    errors: dict[str, str] = {}

    def say(context: str, template: str, **fields: object) -> str:
        return template.format(**fields) if in_english else _say(context, template, **fields)

    for name, raw in metrics.items():
        key = metric_key(str(name))
        field = f"{prefix}{name}"
        if key is None:
            errors[field] = say(
                "numbers",
                QT_TRANSLATE_NOOP("numbers", "unknown metric “{name}”; known: {known}"),
                name=name,
                known=", ".join(METRICS),
            )
            continue
        metric = METRICS[key]
        try:
            number = to_number(raw, duration=metric.unit is Unit.SECONDS)
        except JsonPathError as exc:
            errors[field] = exc.english if in_english else str(exc)
            continue
        if number < 0:
            errors[field] = say("numbers", QT_TRANSLATE_NOOP("numbers", "must not be negative"))
        elif metric.unit is Unit.COUNT and number != number.to_integral_value():
            errors[field] = say("numbers", QT_TRANSLATE_NOOP("numbers", "must be a whole number"))
        elif key in values:
            errors[field] = say(
                "numbers", QT_TRANSLATE_NOOP("numbers", "{key} given twice"), key=key
            )
        else:
            values[key] = metric.to_raw(number)
    return values, errors


def parse_timestamp(value: object) -> int:
    """UTC epoch ms from ISO 8601 text (an offset, or Z; without one it is local
    time) or from epoch seconds / milliseconds. Raises ValueError."""
    if isinstance(value, bool):
        raise TimestampError(QT_TRANSLATE_NOOP("numbers", "expected a time, got a boolean"))
    if isinstance(value, int | float):
        v = float(value)
        return int(v if v > 1e11 else v * 1000)
    if isinstance(value, str):
        text = value.strip()
        try:
            return parse_timestamp(float(text))
        except ValueError:
            pass
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise TimestampError(
                QT_TRANSLATE_NOOP(
                    "numbers", "“{text}” is not a time; use ISO 8601 like 2026-11-25T21:03:00+08:00"
                ),
                text=value,
            ) from None
        if dt.tzinfo is None:
            dt = dt.astimezone()  # local time
        return int(dt.timestamp() * 1000)
    raise TimestampError(
        QT_TRANSLATE_NOOP("numbers", "expected a time, got {kind}"), kind=type(value).__name__
    )


# -- @name: which session a line is for -------------------------------------------------

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』"}
"""Opening quote → closing quote, for a name with spaces: @"Anna K" or @“Anna K”."""
_NAME_END = ",，;；、："
"""Punctuation that ends an unquoted name (@阿峰, gmv 3万 · @阿峰：gmv 3万); an
ASCII colon only at its end (@阿峰: gmv 3万), since @21:03 is a time."""
_CLOCK_RE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")


def split_target(line: str) -> tuple[str | None, str]:
    """The streamer a line names first with @, and the rest of the line:
    "@杨小姐 gmv 12万" → ("杨小姐", "gmv 12万"); a name with spaces in quotes,
    "@\"Anna K\" viewers 3k" → ("Anna K", "viewers 3k"); "@x" alone → ("x", "").
    A line that does not start with @name is for no one in particular:
    (None, line), and so is one starting with a clock time ("@21:03 …" is a
    time written in the wrong place, which `parse_entry` explains)."""
    text = line.strip()
    if not text.startswith(("@", "＠")):
        return None, line
    body = text[1:]
    if not body or body[0].isspace():
        return None, line
    close = _QUOTES.get(body[0])
    if close is not None:
        end = body.find(close, 1)
        if end < 0:  # unclosed: the rest is the name
            return " ".join(body[1:].split()) or None, ""
        name = " ".join(body[1:end].split())
        return (name or None), body[end + 1 :].lstrip(_NAME_END + ": \t\u3000").strip()
    end = next((i for i, c in enumerate(body) if c.isspace() or c in _NAME_END), len(body))
    name = body[:end]
    if _CLOCK_RE.match(name):
        return None, line
    name = name.rstrip(":")
    if not name:
        return None, line
    return name, body[end:].lstrip(_NAME_END + " \t\u3000").strip()


def _name_key(name: str) -> str:
    """How names are compared: full-width as half-width, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def match_target(name: str, names: Sequence[str]) -> int | list[int] | None:
    """Which of `names` an @name means: an exact match (case, width and spaces
    ignored) first, then the one name beginning with it, then the one name
    containing it. Several at the first step that finds any → their indexes (the operator
    is asked which); none → None."""
    key = _name_key(name)
    if not key:
        return None
    keys = [_name_key(n) for n in names]
    for test in (str.__eq__, str.startswith, str.__contains__):
        found = [i for i, k in enumerate(keys) if test(k, key)]
        if len(found) == 1:
            return found[0]
        if found:
            return found
    return None


def metric_text(key: str, value: float | Decimal | None, fmt: NumberFormat) -> str:
    """A metric's value in display units as the one formatter shows it (the
    window's tiles, push ingest's `POST /v1/check`)."""
    if value is None:
        return fmt.none_text
    m = METRICS[key]
    if m.is_money:
        cents = value if isinstance(value, Decimal) else Decimal(repr(value))
        return fmt.money(cents.quantize(Decimal("0.01")))
    if m.unit is Unit.SECONDS:
        return fmt.duration(value)
    return fmt.count(round(value))
