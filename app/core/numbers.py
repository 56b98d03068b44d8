"""Reading and writing numbers the way operators do: 1.2万, 3.5w, ¥1,234, 3.45亿.

There is one formatter (`NumberFormat`) for everything the UI shows, so a GMV
reads the same on a tile, in a table and in a tooltip.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.core.messages import QT_TRANSLATE_NOOP, Explained

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_WEST_STEPS = ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "K"))
_WEST_FROM = Decimal(10_000)

_UNIT_FACTORS: dict[str, Decimal] = {
    "亿": YI,
    "万": WAN,
    "w": WAN,
    "千": Decimal(1_000),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    # No "b" for billions: it is the entry line's buyers ("gmv 2b 30"), and a
    # live session's figures stay far below a billion.
}

UNIT_SUFFIXES: tuple[str, ...] = tuple(_UNIT_FACTORS)
"""The units a typed number may carry (after `normalize`: lower case)."""

_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(亿|万|w|千|k|m)?")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(?!\d)(\.\d*)?")
"""Thousands grouped by commas: every group after the first exactly three
digits (1,2345 is refused, not read as 12,345)."""

NUMBER_EXAMPLES = "3500, 1.2万, 3.5w, 2k, 1.5M, ¥1,234.50, 3亿"


MESSAGE_CONTEXT = "numbers"
"""The translation context of this module's messages (`app.core.messages`)."""


class NumberParseError(Explained, ValueError):
    """Says what was wrong with the text and what would have been accepted
    (in the user's language: `app.core.messages`)."""

    context = "numbers"


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def parse_number(text: str, *, allow_negative: bool = False) -> Decimal:
    """Parse what an operator types: `3500`, `1,234`, `1.2万`, `3.5w`, `2k`, `¥98万`, `1亿2000万`.

    Full-width digits and punctuation are accepted. Raises `NumberParseError`
    with a message fit to show the user.
    """
    original = text
    s = normalize(text)
    s = s.replace("¥", "").replace("rmb", "").strip()
    if s.endswith("元"):
        s = s[:-1]
    s = s.replace(" ", "").replace("_", "")
    negative = s.startswith("-")
    if negative or s.startswith("+"):
        s = s[1:]
    if not s:
        raise NumberParseError(
            QT_TRANSLATE_NOOP("numbers", "“{text}” is empty; enter a number such as {examples}"),
            text=original,
            examples=NUMBER_EXAMPLES,
        )
    if "," in s:
        m = _GROUPED.match(s)
        if not m:
            raise NumberParseError(
                QT_TRANSLATE_NOOP(
                    "numbers",
                    "“{text}”: a comma groups thousands (1,234,567); use '.' for decimals",
                ),
                text=original,
            )
        s = m.group(0).replace(",", "") + s[m.end() :]

    total = Decimal(0)
    pos = 0
    last_factor: Decimal | None = None
    while pos < len(s):
        m = _PART.match(s, pos)
        if not m:
            raise NumberParseError(
                QT_TRANSLATE_NOOP(
                    "numbers", "“{text}” is not a number Genbo understands; try {examples}"
                ),
                text=original,
                examples=NUMBER_EXAMPLES,
            )
        try:
            value = Decimal(m.group(1))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only numerals
            raise NumberParseError(
                QT_TRANSLATE_NOOP("numbers", "“{text}” is not a number"), text=original
            ) from exc
        if m.group(2) is None and m.end() < len(s):
            raise NumberParseError(
                QT_TRANSLATE_NOOP(
                    "numbers", "“{text}” is not a number Genbo understands; try {examples}"
                ),
                text=original,
                examples=NUMBER_EXAMPLES,
            )
        if m.group(2) is None and pos > 0:
            raise NumberParseError(
                QT_TRANSLATE_NOOP(
                    "numbers",
                    "“{text}”: a bare number after a unit is ambiguous; write 1.2万 not 1万2",
                ),
                text=original,
            )
        factor = _UNIT_FACTORS[m.group(2)] if m.group(2) else Decimal(1)
        if last_factor is not None and factor >= last_factor:
            raise NumberParseError(
                QT_TRANSLATE_NOOP(
                    "numbers", "“{text}”: units must go from large to small, as in 1亿2000万"
                ),
                text=original,
            )
        total += value * factor
        last_factor = factor
        pos = m.end()
    if negative:
        if not allow_negative:
            raise NumberParseError(
                QT_TRANSLATE_NOOP("numbers", "“{text}”: this value cannot be negative"),
                text=original,
            )
        total = -total
    return total


_DURATION_HMS = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
_DURATION_UNITS = re.compile(
    r"^(?:(\d+(?:\.\d+)?)(?:h|小时|时))?(?:(\d+(?:\.\d+)?)(?:m|min|分钟|分))?"
    r"(?:(\d+(?:\.\d+)?)(?:s|sec|秒))?$"
)


def parse_money_fen(text: str) -> int:
    """Whole fen from an amount typed in yuan (`123.4万`, `3.5w`, `¥1,234.50`);
    `NumberParseError` for parts of a fen, as for anything `parse_number`
    refuses."""
    fen = parse_number(text) * 100
    whole = fen.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole != fen:
        raise NumberParseError(
            QT_TRANSLATE_NOOP(
                "numbers", "“{text}” has parts of a fen; give at most two decimals of a yuan"
            ),
            text=text,
        )
    return int(whole)


def parse_duration(text: str) -> Decimal:
    """Seconds from `95`, `1:35`, `1:02:03`, `1m35s`, `1分35秒`, `95s`."""
    s = normalize(text).replace(" ", "")
    if not s:
        raise NumberParseError(
            QT_TRANSLATE_NOOP("numbers", "empty duration; enter seconds (95) or m:ss (1:35)")
        )
    if m := _DURATION_HMS.match(s):
        h, mnt, sec = m.group(1), m.group(2), m.group(3)
        if int(mnt) >= 60 and h is not None:
            raise NumberParseError(
                QT_TRANSLATE_NOOP("numbers", "“{text}”: minutes must be below 60 in h:mm:ss"),
                text=text,
            )
        if Decimal(sec) >= 60:
            raise NumberParseError(
                QT_TRANSLATE_NOOP("numbers", "“{text}”: seconds must be below 60 in m:ss"),
                text=text,
            )
        return Decimal(int(h or 0) * 3600 + int(mnt) * 60) + Decimal(sec)
    if (m := _DURATION_UNITS.match(s)) and any(m.groups()):
        h, mnt, sec = (Decimal(g) if g else Decimal(0) for g in m.groups())
        return h * 3600 + mnt * 60 + sec
    try:
        return parse_number(s)
    except NumberParseError:
        raise NumberParseError(
            QT_TRANSLATE_NOOP(
                "numbers", "“{text}” is not a duration; try 95, 1:35, 1:02:03, 1m35s or 1分35秒"
            ),
            text=text,
        ) from None


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """The one number formatter. The UI builds it from the user's locale.

    `units` is "cn" for 万/亿 (the default: operators think in 万) or "west"
    for K/M/B. Separators come from the locale (QLocale in the UI).
    """

    group_sep: str = ","
    decimal_sep: str = "."
    units: str = "cn"
    currency: str = "¥"
    none_text: str = "—"

    # -- plain numbers ---------------------------------------------------------------
    def grouped(self, value: Decimal | int | float, decimals: int = 0) -> str:
        """Full precision with thousands separators: 1,234,567 or 1,234.50."""
        d = _to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        sign = "-" if d < 0 else ""
        whole, _, frac = f"{abs(d):f}".partition(".")
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        text = self.group_sep.join(groups)
        if decimals > 0:
            text += self.decimal_sep + frac.ljust(decimals, "0")
        return sign + text

    def count(self, value: Decimal | int | float | None) -> str:
        """Counts: 3,500 · 1.2万 · 3.45亿 (or 12.3K · 1.23M with west units)."""
        if value is None:
            return self.none_text
        return self._compact(_to_decimal(value), plain_decimals=0)

    def money(self, yuan: Decimal | int | float | None) -> str:
        """Money in yuan: ¥1,234 · ¥1,234.50 · ¥1.2万 · ¥3.45亿."""
        if yuan is None:
            return self.none_text
        d = _to_decimal(yuan)
        plain_decimals = 0 if d == d.to_integral_value() else 2
        text = self._compact(abs(d), plain_decimals=plain_decimals)
        return ("-" if d < 0 else "") + self.currency + text

    def money_exact(self, yuan: Decimal | int | float | None) -> str:
        """Money with every fen shown, for tables and tooltips: ¥1,234,567.80."""
        if yuan is None:
            return self.none_text
        d = _to_decimal(yuan)
        return ("-" if d < 0 else "") + self.currency + self.grouped(abs(d), decimals=2)

    def money_fen(self, fen: int | None) -> str:
        """`money` of an amount kept in fen (how Genbo stores money)."""
        return self.money(None if fen is None else Decimal(fen) / 100)

    def money_fen_exact(self, fen: int | None) -> str:
        """`money_exact` of an amount kept in fen."""
        return self.money_exact(None if fen is None else Decimal(fen) / 100)

    def ratio(self, value: float | Decimal | None, decimals: int = 2) -> str:
        """A plain ratio such as GPM or an average; "—" for no value."""
        if value is None:
            return self.none_text
        return self.grouped(_to_decimal(value), decimals=decimals)

    def percent(self, value: float | Decimal | None, decimals: int = 1) -> str:
        if value is None:
            return self.none_text
        return self.grouped(_to_decimal(value) * 100, decimals=decimals) + "%"

    def duration(self, seconds: float | Decimal | None) -> str:
        """Elapsed time: 0:05, 12:34, 1:02:03."""
        if seconds is None:
            return self.none_text
        return format_elapsed(float(seconds))

    # -- internals -------------------------------------------------------------------
    def _compact(self, d: Decimal, plain_decimals: int) -> str:
        sign = "-" if d < 0 else ""
        d = abs(d)
        if self.units != "cn":
            return sign + self._compact_west(d, plain_decimals)
        steps: list[tuple[Decimal, str]] = [(YI, "亿"), (WAN, "万")]
        if _rounded(d, plain_decimals) < WAN:  # 9,999.5 shows as 1万, not 10,000
            return sign + self.grouped(d, decimals=plain_decimals)
        for i, (factor, suffix) in enumerate(steps):
            if d >= factor or i == len(steps) - 1:
                scaled = (d / factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                # 9999.996万 rounds to 10000万: show it as 1亿 instead.
                if i > 0 and scaled * factor >= steps[i - 1][0]:
                    factor, suffix = steps[i - 1]
                    scaled = (d / factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                return sign + self._trim(scaled) + suffix
        raise AssertionError("unreachable")  # pragma: no cover

    def _compact_west(self, d: Decimal, plain_decimals: int) -> str:
        """K/M/B from 10K on, to three significant digits (¥12.3K, ¥123K,
        ¥1.23M); below 10K every digit with separators (9,999)."""
        if _rounded(d, plain_decimals) < _WEST_FROM:  # 9,999.5 shows as 10K, not 10,000
            return self.grouped(d, decimals=plain_decimals)
        rounded = d.quantize(Decimal(1).scaleb(d.adjusted() - 2), rounding=ROUND_HALF_UP)
        for factor, suffix in _WEST_STEPS:
            if rounded >= factor or suffix == "K":
                return self._trim(rounded / factor) + suffix
        raise AssertionError("unreachable")  # pragma: no cover

    def _trim(self, d: Decimal) -> str:
        whole, _, frac = f"{d:f}".partition(".")
        frac = frac.rstrip("0")
        text = self.grouped(Decimal(whole))
        return text + (self.decimal_sep + frac if frac else "")


def _rounded(d: Decimal, decimals: int) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_elapsed(seconds: float) -> str:
    """`m:ss` below an hour, `h:mm:ss` from an hour on. Negative times get a sign."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{sign}{h}:{m:02d}:{s:02d}"
    return f"{sign}{m}:{s:02d}"


def _to_decimal(value: Decimal | int | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)
