"""The UI's number formatter (one, from the user's locale) and metric names."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QLocale

from app.core.metrics import METRICS
from app.core.numbers import NumberFormat


@lru_cache(maxsize=4)
def number_format(units: str = "cn") -> NumberFormat:
    loc = QLocale()
    group = loc.groupSeparator() or ","
    decimal = loc.decimalPoint() or "."
    if group == decimal:  # a few locales collide; never show an ambiguous number
        group = " "
    return NumberFormat(group_sep=group, decimal_sep=decimal, units=units)


def metric_label(key: str) -> str:
    """The metric's name in the UI language (the core catalogue holds English)."""
    return QCoreApplication.translate("metrics", METRICS[key].label)


def format_metric(key: str, value: float | None, fmt: NumberFormat | None = None) -> str:
    """A metric value in display units, formatted the way its unit wants."""
    fmt = fmt or number_format()
    if value is None:
        return fmt.none_text
    m = METRICS[key]
    if m.is_money:
        return fmt.money(round(value, 2))
    if m.unit.value == "seconds":
        return fmt.duration(value)
    return fmt.count(round(value))
