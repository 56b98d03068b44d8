"""The UI's number formatter (one, from the user's language and locale:
`app.config.formatting`), dates and times, and metric, source and platform names."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.config.formatting import (
    format_clock,
    format_date,
    format_datetime,
    format_month_day_time,
    number_format,
    source_label,
)
from app.core.entry import metric_text
from app.core.metrics import METRICS, channel_label
from app.core.numbers import NumberFormat, NumberParseError, parse_number

__all__ = [
    "channel_name",
    "format_clock",
    "format_date",
    "format_datetime",
    "format_metric",
    "format_month_day_time",
    "format_typed",
    "metric_label",
    "number_format",
    "platform_label",
    "source_label",
]


def metric_label(key: str) -> str:
    """The metric's name in the UI language (the core catalogue holds English);
    a metric by channel is named with its channel: "Entries · Paid traffic"."""
    m = METRICS[key]
    label = QCoreApplication.translate("metrics", m.label)
    if m.channel:
        return f"{label} · {channel_name(m.channel)}"
    return label


def channel_name(channel: str) -> str:
    """A traffic channel in the UI language; one the catalogue does not know, as named."""
    return QCoreApplication.translate("metrics", channel_label(channel))


def format_metric(key: str, value: float | None, fmt: NumberFormat | None = None) -> str:
    """A metric value in display units, formatted the way its unit wants."""
    return metric_text(key, value, fmt or number_format())


def format_typed(key: str, raw: int, fmt: NumberFormat | None = None) -> str:
    """A value the operator typed, echoed so its digits can be checked: the short
    form where it is exact (¥123.4万), else every digit (12,345, not 1.23万)."""
    fmt = fmt or number_format()
    m = METRICS[key]
    value = m.from_raw(raw)
    short = format_metric(key, float(value), fmt)
    if m.unit.value == "seconds":
        return short
    try:
        exact = parse_number(short.replace(fmt.group_sep, "")) == value
    except NumberParseError:
        exact = False
    if exact:
        return short
    if not m.is_money:
        return fmt.grouped(value)
    whole = value == value.to_integral_value()
    return fmt.currency + fmt.grouped(value, 0 if whole else 2)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate under `context`; translated where it is shown."""
    return text


_PLATFORMS: dict[str, str] = {
    "douyin": QT_TRANSLATE_NOOP("platforms", "Douyin"),
    "kuaishou": QT_TRANSLATE_NOOP("platforms", "Kuaishou"),
    "twitch": QT_TRANSLATE_NOOP("platforms", "Twitch"),
    "youtube": QT_TRANSLATE_NOOP("platforms", "YouTube"),
    "taobao": QT_TRANSLATE_NOOP("platforms", "Taobao Live"),
    "channels": QT_TRANSLATE_NOOP("platforms", "WeChat Channels"),
}


def platform_label(key: str | None) -> str:
    """A platform as people call it (抖音, 快手 in Chinese); an unknown key as stored."""
    if not key:
        return number_format().none_text
    name = _PLATFORMS.get(key.strip().lower())
    return QCoreApplication.translate("platforms", name) if name else key
