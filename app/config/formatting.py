"""The one formatter as the user wants it: number style and dates by language.

`app.core.numbers.NumberFormat` formats; this module decides how, for the
window and the command line alike:

* **Number style.** Chinese shows 万/亿 (¥1.2万, 3.45亿), English K/M
  (¥12.3K, ¥1.23M). The `number_units` setting ("auto", "cn", "west") may fix
  one; "auto" follows the language Genbo speaks (`app.config.i18n`).
* **Separators** come from the locale (QLocale), never ambiguous.
* **Dates and times** in the locale's form (2026/12/1 13:05 in Chinese,
  12/1/2026 1:05 PM in American English), always with the year in full. The
  wall-clock fields of the datetime are shown as they are: a session's times
  are already in its own offset.

QtCore only (QLocale), so the CLI can use it without a window.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from app.config import i18n
from app.core.numbers import NumberFormat

UNITS_CHOICES = ("auto", "cn", "west")

_units_setting = "auto"


def set_number_units(setting: str | None) -> None:
    """Use the `number_units` setting from now on ("auto" if unknown)."""
    global _units_setting
    _units_setting = setting if setting in UNITS_CHOICES else "auto"


def number_units(setting: str | None = None) -> str:
    """ "cn" or "west" for `setting` (default: the one set), by language if "auto"."""
    chosen = setting if setting in UNITS_CHOICES else _units_setting
    if chosen in ("cn", "west"):
        return chosen
    return "cn" if i18n.current_language().startswith("zh") else "west"


def number_format(units: str | None = None) -> NumberFormat:
    """The formatter for the current language and locale (`units` fixes the style)."""
    loc = QLocale()
    return _format(number_units(units), loc.groupSeparator(), loc.decimalPoint())


@lru_cache(maxsize=16)
def _format(units: str, group: str, decimal: str) -> NumberFormat:
    group = group or ","
    decimal = decimal or "."
    if group == decimal:  # a few locales collide; never show an ambiguous number
        group = " "
    return NumberFormat(group_sep=group, decimal_sep=decimal, units=units)


# -- dates and times ------------------------------------------------------------------


def _locale() -> QLocale:
    """The default locale, but never C/POSIX (its dates read 1 12 2026): that
    one speaks English as the United States write it."""
    loc = QLocale()
    if loc.language() == QLocale.Language.C:
        return QLocale("en_US")
    return loc


def _full_year(pattern: str) -> str:
    """yy → yyyy (12/1/26 reads as a day in 2026 only to some)."""
    if "yyyy" in pattern or "yy" not in pattern:
        return pattern
    return pattern.replace("yy", "yyyy", 1)


_HOUR_TO_MINUTE = re.compile(r"[hH]+(?P<sep>(?:'[^']*'|[^mhH'])*?)mm")


def _with_seconds(pattern: str) -> str:
    """The locale's short time with seconds after the minutes, joined as its
    hours and minutes are (HH:mm → HH:mm:ss, H.mm → H.mm.ss)."""
    if "ss" in pattern or "mm" not in pattern:
        return pattern
    m = _HOUR_TO_MINUTE.search(pattern)
    sep = m.group("sep") if m else ":"
    if not sep or "'" in sep:  # "HH 'h' mm": a word, not a separator
        sep = ":"
    return pattern.replace("mm", f"mm{sep}ss", 1)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _qtime(t: time | datetime) -> QTime:
    return QTime(t.hour, t.minute, t.second)


def format_date(d: date | datetime) -> str:
    """2026/12/1 · 12/1/2026 · 01/12/2026, by locale."""
    loc = _locale()
    pattern = _full_year(loc.dateFormat(QLocale.FormatType.ShortFormat))
    return loc.toString(_qdate(d), pattern)


def format_clock(t: time | datetime, *, seconds: bool = False) -> str:
    """13:05 · 1:05 PM (with `seconds`: 13:05:09 · 1:05:09 PM)."""
    loc = _locale()
    pattern = loc.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds:
        pattern = _with_seconds(pattern)
    return loc.toString(_qtime(t), pattern)


def format_datetime(dt: datetime, *, seconds: bool = False) -> str:
    """The day and the time: 2026/12/1 13:05 · 12/1/2026 1:05 PM."""
    return f"{format_date(dt)} {format_clock(dt, seconds=seconds)}"


def format_month_day_time(dt: datetime) -> str:
    """Without the year, where the year is plain from the context (a list of
    one streamer's sessions): 12/1 13:05 · 12/1 1:05 PM."""
    loc = _locale()
    pattern = loc.dateFormat(QLocale.FormatType.ShortFormat)
    day = _without_year(pattern)
    return f"{loc.toString(_qdate(dt), day)} {format_clock(dt)}"


_YEAR = re.compile(r"y+")


def _without_year(pattern: str) -> str:
    """The short date pattern without its year and one separator beside it,
    wherever the year stands (yyyy/M/d → M/d, d/M/yyyy → d/M, d. M. yyyy. → d. M.)."""
    m = _YEAR.search(pattern)
    if m is None:
        return pattern
    before, after = pattern[: m.start()], pattern[m.end() :]
    if not before:  # yyyy/M/d
        return after.lstrip("/.-, 年")
    if not after.strip("/.-, "):  # d/M/yyyy, d. M. yyyy.
        trimmed = before.rstrip(" ")
        return trimmed[:-1] if trimmed.endswith(("/", "-", ",")) else trimmed
    # M/yyyy/d: the year between the month and the day
    return before.rstrip("/.-, ") + after[len(after) - len(after.lstrip("/.-, ")) - 1 :]


_SIMULATOR = re.compile(r"^Simulator ×(?P<speed>[\d.]+)$")
_FILE = re.compile(r"^File (?P<name>.+)$")
_INGEST = re.compile(r"^Push ingest :(?P<port>\S+)$")


def source_label(label: str) -> str:
    """A source's label in the interface's language. Sources know no Qt, so
    they name themselves in English ("Simulator ×10", "Keyboard", "File
    x.jsonl", "Push ingest :8765"); an HTTP source's own label is shown as
    given."""

    if label == "Simulator":
        return QCoreApplication.translate("sources", "Simulator")
    if label == "Keyboard":
        return QCoreApplication.translate("sources", "Keyboard")
    if m := _SIMULATOR.match(label):
        return QCoreApplication.translate("sources", "Simulator ×{speed}").format(speed=m["speed"])
    if m := _FILE.match(label):
        return QCoreApplication.translate("sources", "File {name}").format(name=m["name"])
    if m := _INGEST.match(label):
        return QCoreApplication.translate("sources", "Push ingest :{port}").format(port=m["port"])
    return label
