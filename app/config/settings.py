"""Every option in one place, with its default, and a versioned file format.

Settings are a JSON file in the config dir. Each saved file carries `version`;
`_UPGRADES` turns an older file into the current shape step by step. A file
that cannot be read is set aside (renamed, never deleted) and defaults are used.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import re
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.config.formatting import number_format
from app.core.alerts import AlertRule, default_rule_dicts, parse_rules
from app.core.highlights import DEFAULT_PREROLL_S, DEFAULT_REACTION_LAG_S
from app.core.milestones import DEFAULT_LADDERS, ChangeRule, CustomRule, RuleSettings
from app.core.numbers import (
    NumberFormat,
    NumberParseError,
    parse_duration,
    parse_money_fen,
    parse_number,
)
from app.core.roster import LEAP_THRESHOLDS_FEN, thresholds_to_yuan

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2


@dataclass
class Settings:
    follow_window_s: int | None = 15 * 60
    """How much of the recent past the live plots show while following (None: all)."""
    demo_speed: float = 10.0
    """How many times faster than real time `genbo --demo` runs."""
    number_units: str = "auto"
    """"auto" follows the language (万/亿 in Chinese, K/M in English); "cn" fixes
    万/亿, "west" K/M/B."""
    last_streamer: str = ""
    antialias: bool = False
    # Milestones and highlights
    gmv_ladder: list[float] = field(default_factory=lambda: list(DEFAULT_LADDERS["gmv"]))
    """GMV steps in yuan (10万 … 1000万)."""
    viewers_ladder: list[float] = field(default_factory=lambda: list(DEFAULT_LADDERS["viewers"]))
    surge_pct: float = 30.0
    surge_window_s: float = 120.0
    dwell_drop_pct: float = 25.0
    dwell_drop_window_s: float = 300.0
    custom_rules: list[dict[str, Any]] = field(default_factory=list)
    """[{"metric": "orders", "op": ">=", "value": 1000, "label": "1000 orders"}]"""
    personal_bests: bool = True
    preroll_s: float = DEFAULT_PREROLL_S
    """A clip starts this long before the marked moment."""
    reaction_lag_s: float = DEFAULT_REACTION_LAG_S
    """Subtracted from a key press: the moment happened a little before."""
    auto_highlights: bool = True
    alert_banner: bool = True
    alert_tray: bool = True
    alert_sound: bool = False
    moment_cards: bool = True
    """Save a moment card (PNG) for every major milestone."""
    moment_videos: bool = True
    """Make a moment video (vertical MP4) for every major milestone."""
    moment_video_s: float = 15.0
    """How long a moment video is (10–20 s)."""
    # Live view and language (the settings dialog)
    ghost_baseline: str = "median"
    """What the ghost line of a new live session shows: "median", "best", "last" or "off"."""
    default_sources: list[str] = field(default_factory=list)
    """Source kinds ticked in the new-session dialog ("http", "ingest", "file", "simulator")."""
    language: str = "system"
    """"system" follows the locale; "zh_CN" or "en" fixes one (read at start)."""
    # Roster
    leap_ladder: list[float] = field(
        default_factory=lambda: thresholds_to_yuan(LEAP_THRESHOLDS_FEN)
    )
    """Monthly GMV thresholds of the leap ladder (商家跃迁) in yuan (50万, 200万, 500万);
    `app.core.roster.thresholds_from_yuan` turns them into fen."""
    # The window
    theme: str = "system"
    """"system" follows the desktop's light or dark scheme; "light" or "dark" fixes one."""
    mini_opacity: float = 1.0
    """How opaque the mini window is, 0.3 to 1.0 (1.0: not translucent)."""
    # Alert rules and the team chat
    alert_rules: list[dict[str, Any]] = field(default_factory=default_rule_dicts)
    """`app.core.alerts` rules as dicts (`AlertRule.to_dict`; money in yuan)."""
    notify_targets: list[dict[str, Any]] = field(default_factory=list)
    """`app.notify.targets.Target.to_dict()` of each team-chat robot: its secret's
    keyring name, never the secret."""
    # The team (read at start: `app.config.paths.resolve_paths`, after --db,
    # --operator and their environment variables)
    operator: str = ""
    """Who rides along, stamped on the sessions recorded ("": on a team server
    its user name, on the data folder's file nobody in particular)."""
    db_url: str = ""
    """The team server's database URL, never with its password (the keyring
    keeps that); "": the data folder's own SQLite file."""
    version: int = SETTINGS_VERSION


def _v1_to_v2(d: dict[str, Any]) -> dict[str, Any]:
    # Version 1 always wrote number_units "cn" (its default; no dialog showed it):
    # from 2 on the style follows the language unless the user chose one.
    if d.get("number_units") == "cn":
        d = {**d, "number_units": "auto"}
    return d


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # version N -> N+1 steps, e.g. 1: lambda d: {**d, "new_option": d.get("old")}
    1: _v1_to_v2,
}


def rules_from_settings(st: Settings) -> RuleSettings:
    """The milestone rules the operator configured (bad custom rules are skipped)."""
    custom = []
    rules = st.custom_rules if isinstance(st.custom_rules, list) else []
    if rules is not st.custom_rules:
        log.warning("custom_rules is not a list of rules; none are used")
    for d in rules:
        try:
            custom.append(
                CustomRule(
                    str(d["metric"]), str(d["op"]), float(d["value"]), str(d.get("label", ""))
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("skipping custom rule %r: %s", d, exc)
    return RuleSettings(
        ladders={"gmv": tuple(st.gmv_ladder), "viewers": tuple(st.viewers_ladder)},
        changes=(
            ChangeRule("viewers", st.surge_pct, st.surge_window_s, up=True, min_base=500),
            ChangeRule("dwell_seconds", st.dwell_drop_pct, st.dwell_drop_window_s, up=False),
        ),
        custom=tuple(custom),
        personal_bests=st.personal_bests,
    )


def alert_rules_from_settings(st: Settings) -> list[AlertRule]:
    """The alert rules the operator configured; a rule that cannot be used is
    left out with a warning in the log (the others are kept)."""
    rules, errors = parse_rules(st.alert_rules)
    for exc in errors:
        log.warning("alert rule refused: %s", exc.english)
    return rules


def _usable_alert_rules(value: Any, path: Path) -> list[dict[str, Any]]:
    """A file's alert rules with the bad ones taken out (each logged)."""
    if not isinstance(value, list):
        log.warning("%s: alert_rules=%r is not a list; using the default rules", path, value)
        return default_rule_dicts()
    rules, errors = parse_rules(value)
    for exc in errors:
        log.warning("%s: alert rule refused (%s); the others are kept", path, exc.english)
    if not errors:
        return value
    return [r.to_dict() for r in rules]


def _usable_targets(value: Any, path: Path) -> list[dict[str, Any]]:
    """A file's team-chat targets that are at least tables with a kind and an
    address (`app.notify` validates them further when it is given them)."""
    if not isinstance(value, list):
        log.warning("%s: notify_targets=%r is not a list; none are used", path, value)
        return []
    kept = []
    for i, d in enumerate(value, start=1):
        if isinstance(d, dict) and isinstance(d.get("kind"), str) and isinstance(d.get("url"), str):
            kept.append(d)
        else:
            log.warning("%s: team-chat target %d is not a target; left out", path, i)
    return kept


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        version = int(data.get("version", 1))
        if version > SETTINGS_VERSION:
            log.warning("%s is from a newer Genbo (version %s); using defaults", path, version)
            return Settings()
        while version < SETTINGS_VERSION:
            data = _UPGRADES[version](data)
            version += 1
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in data.items() if k in known}
        values["version"] = SETTINGS_VERSION
        return _checked(Settings(**values), path)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        aside = path.with_suffix(".unreadable.json")
        log.warning("could not read %s (%s); kept it as %s, using defaults", path, exc, aside)
        with contextlib.suppress(OSError):
            path.replace(aside)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings; a newer Genbo's file there is first kept beside it
    (`settings.newer-vN.json`), never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        version = int(json.loads(path.read_text(encoding="utf-8")).get("version", 1))
    except (OSError, ValueError, AttributeError, TypeError):
        version = SETTINGS_VERSION
    if version > SETTINGS_VERSION:
        kept = path.with_name(f"{path.stem}.newer-v{version}{path.suffix}")
        if not kept.exists():
            path.replace(kept)
            log.warning("kept the newer Genbo's settings as %s", kept)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


# -- the options table ---------------------------------------------------------------
# What the settings dialog shows, generated from here: one `Option` per field (a
# field without one is simply not in the dialog). Titles and help texts are
# marked for lupdate with QT_TRANSLATE_NOOP and translated ("settings" context)
# where they are shown; messages are translated here.


class OptionKind(Enum):
    BOOL = "bool"
    NUMBER = "number"
    """An int (decimals=0) or a float between `minimum` and `maximum`; seconds
    (unit "s") may be typed as 1:30 or 1m30s."""
    CHOICE = "choice"
    CHOICES = "choices"
    """Any number of `choices` (a list of their keys)."""
    AMOUNTS = "amounts"
    """A ladder: amounts typed as 10万, 50万, 100万 (money in yuan, or counts)."""
    PATH = "path"
    """A folder of `AppPaths` (the key names its attribute), shown read-only."""
    RULES = "rules"
    """The alert rules (`app.core.alerts`), edited in a dialog of their own."""
    TARGETS = "targets"
    """The team-chat robots (`app.notify.targets`), edited in a dialog of their own."""
    TEXT = "text"
    """One line of free text, at most `maximum` characters, checked by `check`."""


class OptionError(ValueError):
    """A value an option refuses; the message says why, fit to show the user."""


_SPLIT = re.compile(r"[,，、;；\s]+")
_GROUPED_STEP = re.compile(r"\d+(?:,\d{3})+(?![\d])(?:\.\d+)?")
"""A thousands separator in a ladder (12,345): ambiguous where commas separate steps."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Marks `text` for lupdate in `context`; it is translated where it is shown."""
    return text


def _translate(text: str) -> str:
    return QCoreApplication.translate("settings", text)


GROUPS: tuple[tuple[str, str], ...] = (
    ("alerts", QT_TRANSLATE_NOOP("settings", "Alerts and milestones")),
    ("highlights", QT_TRANSLATE_NOOP("settings", "Highlights")),
    ("live", QT_TRANSLATE_NOOP("settings", "Live view")),
    ("roster", QT_TRANSLATE_NOOP("settings", "Roster")),
    ("look", QT_TRANSLATE_NOOP("settings", "Language and look")),
    ("data", QT_TRANSLATE_NOOP("settings", "Data")),
)
"""The dialog's tabs in order: (key, title)."""


def translate_group(key: str) -> str:
    """A group's title in the UI language."""
    return _translate(dict(GROUPS).get(key, key))


@dataclass(frozen=True)
class Option:
    key: str
    """The `Settings` field (for a PATH option: the `AppPaths` attribute)."""
    group: str
    kind: OptionKind
    title: str
    """Untranslated (QT_TRANSLATE_NOOP); `title_text()` translates."""
    help: str
    minimum: float = 0.0
    maximum: float = 0.0
    decimals: int = 0
    unit: str = ""
    """"s", "%" or "×" (NUMBER)."""
    money: bool = False
    """AMOUNTS: yuan with at most two decimals; otherwise whole counts."""
    choices: tuple[tuple[str, str], ...] = ()
    """(key, untranslated title); titles already in their own language (简体中文)
    are not marked for translation."""
    restart: bool = False
    """Takes effect the next time Genbo starts."""
    shown: bool = True
    """False: declared and validated, but not in the dialog."""
    check: Callable[[str], str | None] | None = None
    """TEXT: what is wrong with a (stripped, non-empty) value, or None."""
    placeholder: str = ""
    """TEXT: shown in the empty field (an example, not translated)."""
    in_use: str = ""
    """The `AppPaths` attribute saying what this run uses instead (a command
    line option or an environment variable may override the setting)."""

    @property
    def stored(self) -> bool:
        return self.kind is not OptionKind.PATH

    def title_text(self) -> str:
        return _translate(self.title)

    def help_text(self) -> str:
        text = _translate(self.help)
        if self.restart:
            text += " " + QCoreApplication.translate(
                "settings", "Takes effect when Genbo starts again."
            )
        return text

    def choice_text(self, key: str) -> str:
        for k, title in self.choices:
            if k == key:
                return _translate(title)
        return key

    def default(self) -> Any:
        """The dataclass default (None for a PATH option)."""
        for f in fields(Settings):
            if f.name == self.key:
                if f.default_factory is not MISSING:
                    return f.default_factory()
                return f.default
        return None

    # -- validation ------------------------------------------------------------------
    def validate(self, value: Any, fmt: NumberFormat | None = None) -> str | None:
        """None when `value` is fine, else the message saying what is wrong."""
        fmt = fmt or number_format()
        kind = self.kind
        if kind is OptionKind.PATH:
            return None
        if kind is OptionKind.BOOL:
            return (
                None
                if isinstance(value, bool)
                else QCoreApplication.translate("settings", "Must be on or off.")
            )
        if kind is OptionKind.NUMBER:
            return self._check_number(value, fmt)
        if kind is OptionKind.RULES:
            _rules, errors = parse_rules(value)
            return None if not errors else _sentence(str(errors[0]))
        if kind is OptionKind.TARGETS:
            if not isinstance(value, list) or not all(
                isinstance(d, dict) and isinstance(d.get("kind"), str) for d in value
            ):
                return QCoreApplication.translate("settings", "Not a list of team-chat targets.")
            return None
        if kind is OptionKind.TEXT:
            return self._check_text(value, fmt)
        keys = [k for k, _ in self.choices]
        if kind is OptionKind.CHOICE:
            if value in keys:
                return None
            return QCoreApplication.translate("settings", "Choose one of: {choices}.").format(
                choices=", ".join(self.choice_text(k) for k in keys)
            )
        if kind is OptionKind.CHOICES:
            if not isinstance(value, list) or any(v not in keys for v in value):
                return QCoreApplication.translate("settings", "Choose from: {choices}.").format(
                    choices=", ".join(self.choice_text(k) for k in keys)
                )
            if len(set(value)) != len(value):
                return QCoreApplication.translate("settings", "Each choice can be ticked once.")
            return None
        return self._check_amounts(value, fmt)

    def _check_number(self, value: Any, fmt: NumberFormat) -> str | None:
        whole = self.decimals == 0
        if isinstance(value, bool) or not isinstance(value, int | float):
            return QCoreApplication.translate("settings", "Must be a number.")
        if whole and value != int(value):
            return QCoreApplication.translate("settings", "Must be a whole number.")
        if not self.minimum <= value <= self.maximum:
            return QCoreApplication.translate(
                "settings", "Must be between {low} and {high}."
            ).format(
                low=self.bound_text(self.minimum, fmt), high=self.bound_text(self.maximum, fmt)
            )
        return None

    def _check_text(self, value: Any, fmt: NumberFormat) -> str | None:
        if not isinstance(value, str):
            return QCoreApplication.translate("settings", "Must be text.")
        if value != value.strip():
            return QCoreApplication.translate("settings", "No spaces before or after it, please.")
        if not value.isprintable():
            return QCoreApplication.translate(
                "settings", "One line of text, without tabs or control characters."
            )
        if self.maximum and len(value) > self.maximum:
            return QCoreApplication.translate("settings", "At most {n} characters.").format(
                n=fmt.count(int(self.maximum))
            )
        if value and self.check is not None:
            return self.check(value)
        return None

    def _check_amounts(self, value: Any, fmt: NumberFormat) -> str | None:
        if not isinstance(value, list) or not value:
            return QCoreApplication.translate(
                "settings", "Give at least one step above zero, e.g. {example}."
            ).format(example=self._example())
        if len(value) > MAX_STEPS:
            return QCoreApplication.translate("settings", "At most {n} steps.").format(
                n=fmt.count(MAX_STEPS)
            )
        for v in value:
            if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
                return QCoreApplication.translate(
                    "settings", "Every step must be an amount above zero."
                )
            if not self.money and v != int(v):
                return QCoreApplication.translate("settings", "Steps count whole viewers.")
            if self.money and round(v * 100) != v * 100:
                return QCoreApplication.translate(
                    "settings", "Give at most two decimals of a yuan."
                )
        return None

    def _example(self) -> str:
        if number_format().units == "cn":
            return "10万, 50万, 100万" if self.money else "1000, 5000, 1万"
        return "100K, 500K, 1M" if self.money else "1000, 5000, 10K"

    # -- text in, text out -----------------------------------------------------------
    def number_text(self, value: float, fmt: NumberFormat | None = None) -> str:
        """A NUMBER as the dialog's field shows it (without its unit)."""
        fmt = fmt or number_format()
        return fmt.grouped(value, self.decimals).replace(fmt.group_sep, "")

    def bound_text(self, value: float, fmt: NumberFormat | None = None) -> str:
        """A limit in a message, with its unit and no trailing zeros (0.3, 30 s)."""
        fmt = fmt or number_format()
        text = self.number_text(value, fmt)
        if fmt.decimal_sep in text:
            text = text.rstrip("0").removesuffix(fmt.decimal_sep)
        if self.unit == _SECONDS:
            return f"{text} s"
        return text + self.unit

    def amounts_text(self, values: list[float], fmt: NumberFormat | None = None) -> str:
        """A ladder as the field shows it ("10万, 50万, 1000万"): each step in its
        short form where that is exact, else every digit (read back unchanged)."""
        fmt = fmt or number_format()
        parts = []
        for v in values:
            d = Decimal(str(v))
            short = fmt.money(d).removeprefix(fmt.currency) if self.money else fmt.count(d)
            short = short.replace(fmt.group_sep, "")
            try:
                exact = parse_number(short.replace(fmt.decimal_sep, ".")) == d
            except NumberParseError:
                exact = False
            # "1.5M", never "1,5M": a comma separates the steps.
            parts.append(short.replace(fmt.decimal_sep, ".") if exact else _plain(d))
        return ", ".join(parts)

    def parse(self, text: str) -> Any:
        """A NUMBER or AMOUNTS value from what was typed, validated; `OptionError` says
        what is wrong."""
        if self.kind is OptionKind.NUMBER:
            value: Any = self._parse_number(text)
        elif self.kind is OptionKind.AMOUNTS:
            value = self._parse_amounts(text)
        elif self.kind is OptionKind.TEXT:
            value = text.strip()
        else:
            raise TypeError(f"{self.key} is not typed as text")
        message = self.validate(value)
        if message:
            raise OptionError(message)
        return value

    def _parse_number(self, text: str) -> float:
        s = text.strip().removesuffix(self.unit).strip() if self.unit else text.strip()
        negative = s.startswith("-")
        s = s.removeprefix("-").strip()
        try:
            d = parse_duration(s) if self.unit == "s" else parse_number(s)
        except NumberParseError:
            if self.unit == "s":
                raise OptionError(
                    QCoreApplication.translate(
                        "settings", "“{text}” is not a number of seconds; try 2.5, 90 or 1:30."
                    ).format(text=text)
                ) from None
            raise OptionError(
                QCoreApplication.translate("settings", "“{text}” is not a number.").format(
                    text=text
                )
            ) from None
        d = -d if negative else d
        return int(d) if self.decimals == 0 and d == int(d) else float(d)

    def _parse_amounts(self, text: str) -> list[float]:
        if m := _GROUPED_STEP.search(text):
            raise OptionError(
                QCoreApplication.translate(
                    "settings",
                    "“{text}”: a comma separates the steps; write the amount without it ({plain}).",
                ).format(text=m.group(0), plain=m.group(0).replace(",", ""))
            )
        parts = [p for p in _SPLIT.split(text) if p]
        if not parts:
            raise OptionError(
                QCoreApplication.translate(
                    "settings", "Give at least one step above zero, e.g. {example}."
                ).format(example=self._example())
            )
        steps: set[Decimal] = set()
        for p in parts:
            try:
                d = Decimal(parse_money_fen(p)) / 100 if self.money else parse_number(p)
            except NumberParseError:
                if self.money and _is_number(p):
                    raise OptionError(
                        QCoreApplication.translate(
                            "settings", "“{text}”: give at most two decimals of a yuan."
                        ).format(text=p)
                    ) from None
                raise OptionError(
                    QCoreApplication.translate(
                        "settings", "“{text}” is not an amount; write steps like {example}."
                    ).format(text=p, example=self._example())
                ) from None
            if not self.money and d != d.to_integral_value():
                raise OptionError(
                    QCoreApplication.translate(
                        "settings", "“{text}”: steps count whole viewers."
                    ).format(text=p)
                )
            steps.add(d)
        return [int(d) if d == d.to_integral_value() else float(d) for d in sorted(steps)]


def _sentence(text: str) -> str:
    """A message ending as the dialog's others do, with a full stop."""
    return text if text.endswith((".", "。", "!", "?")) else text + "."


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except NumberParseError:
        return False
    return True


def _plain(d: Decimal) -> str:
    """Every digit, no grouping (a comma separates the steps)."""
    text = format(d.normalize(), "f")
    return text


MAX_STEPS = 20
"""The most steps a ladder may have."""

TEAM_DRIVER = "postgresql+psycopg"
"""The one database server Genbo speaks to: PostgreSQL through psycopg 3."""


def check_database_url(text: str) -> str | None:
    """What is wrong with a team server's URL as the settings keep it: it
    must be one (`sqlalchemy.engine.make_url` reads it) for PostgreSQL through
    psycopg, and hold no password (the keyring keeps that). The message never
    repeats the URL: it may hold the password it refuses."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    example = f"{TEAM_DRIVER}://alice@db.example/genbo"
    try:
        url = make_url(text.replace("postgres://", "postgresql://", 1))
    except (ArgumentError, ValueError):
        return QCoreApplication.translate(
            "settings", "This is not a database URL; write it as {example}."
        ).format(example=example)
    if url.password is not None or "password" in url.query:
        return QCoreApplication.translate(
            "settings",
            "Leave the password out of the URL: Genbo keeps it in the system keyring "
            "instead, never in the settings file. Write it as {example}.",
        ).format(example=example)
    if url.drivername not in (TEAM_DRIVER, "postgresql", "postgres"):  # the last two: psycopg
        return QCoreApplication.translate(
            "settings",
            "A team server is PostgreSQL through psycopg: the URL begins with {scheme}:// "
            "(not {given}://), e.g. {example}.",
        ).format(scheme=TEAM_DRIVER, given=url.drivername, example=example)
    return None


_URL_PASSWORD = re.compile(r"(://[^/?#@:]*):[^/?#]*@")


def _masked(value: Any) -> str:
    """A value as the log may show it: a URL's password as ***."""
    return _URL_PASSWORD.sub(r"\1:***@", repr(value))


_SECONDS = "s"

OPTIONS: tuple[Option, ...] = (
    # Alerts and milestones
    Option(
        "gmv_ladder",
        "alerts",
        OptionKind.AMOUNTS,
        QT_TRANSLATE_NOOP("settings", "GMV milestones"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The GMV steps, in yuan, that each fire a milestone once per session, "
            "separated by commas: 10万, 50万, 100万.",
        ),
        money=True,
    ),
    Option(
        "viewers_ladder",
        "alerts",
        OptionKind.AMOUNTS,
        QT_TRANSLATE_NOOP("settings", "Viewer milestones"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The online-viewer steps that each fire a milestone once per session, "
            "separated by commas: 1000, 5000, 1万.",
        ),
    ),
    Option(
        "personal_bests",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Personal bests"),
        QT_TRANSLATE_NOOP(
            "settings",
            "A milestone when the streamer beats their best earlier session "
            "(peak viewers, GMV, GMV in the first 15 and 30 minutes, GPM, dwell).",
        ),
    ),
    Option(
        "surge_pct",
        "alerts",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Viewer surge"),
        QT_TRANSLATE_NOOP(
            "settings", "A milestone when the viewers rise by this much within the surge window."
        ),
        minimum=5,
        maximum=1000,
        decimals=0,
        unit="%",
    ),
    Option(
        "surge_window_s",
        "alerts",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Surge window"),
        QT_TRANSLATE_NOOP("settings", "How quickly the viewers must rise, in seconds (2:00)."),
        minimum=10,
        maximum=3600,
        unit=_SECONDS,
    ),
    Option(
        "dwell_drop_pct",
        "alerts",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Dwell drop"),
        QT_TRANSLATE_NOOP(
            "settings", "A milestone when the average dwell falls by this much within its window."
        ),
        minimum=5,
        maximum=100,
        unit="%",
    ),
    Option(
        "dwell_drop_window_s",
        "alerts",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Dwell drop window"),
        QT_TRANSLATE_NOOP("settings", "How quickly the dwell must fall, in seconds (5:00)."),
        minimum=30,
        maximum=3600,
        unit=_SECONDS,
    ),
    Option(
        "alert_banner",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Banner in the window"),
        QT_TRANSLATE_NOOP("settings", "A milestone shows a banner above the live plots."),
    ),
    Option(
        "alert_tray",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "System notification"),
        QT_TRANSLATE_NOOP(
            "settings", "A milestone shows a desktop notification, also while Genbo is hidden."
        ),
    ),
    Option(
        "alert_sound",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Sound"),
        QT_TRANSLATE_NOOP("settings", "A milestone plays the system's alert sound."),
    ),
    Option(
        "moment_cards",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Moment cards"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Save a picture (PNG) for every major milestone, ready to post, in the data "
            "folder's cards folder.",
        ),
    ),
    Option(
        "moment_videos",
        "alerts",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Moment videos"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Make a short vertical video (MP4, 1080×1920) for every major milestone, ready "
            "to post to Kuaishou or Douyin, beside the moment cards. Made in the background.",
        ),
    ),
    Option(
        "moment_video_s",
        "alerts",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Moment video length"),
        QT_TRANSLATE_NOOP("settings", "How long a moment video is, in seconds (10 to 20)."),
        minimum=10,
        maximum=20,
        decimals=0,
        unit="s",
    ),
    Option(
        "alert_rules",
        "alerts",
        OptionKind.RULES,
        QT_TRANSLATE_NOOP("settings", "Alert rules"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Warnings in the feed, the banner and the team chat: no order for some minutes, "
            "a metric down against the minutes before, spend rising while GMV is flat, live "
            "ROI, viewers, dwell below the streamer's median. Each fires after a few readings "
            "in a row confirm it, then rests for its cool-down.",
        ),
    ),
    Option(
        "notify_targets",
        "alerts",
        OptionKind.TARGETS,
        QT_TRANSLATE_NOOP("settings", "Team chat"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Feishu / Lark, WeCom and DingTalk group robots, or a JSON webhook, told of going "
            "live, the end-of-session summary, major milestones, alerts and monthly GMV "
            "thresholds. Their signing secrets are kept in the system keyring.",
        ),
    ),
    # Highlights
    Option(
        "auto_highlights",
        "highlights",
        OptionKind.BOOL,
        QT_TRANSLATE_NOOP("settings", "Milestones become highlights"),
        QT_TRANSLATE_NOOP(
            "settings", "Every milestone is also kept as a highlight for the video editors."
        ),
    ),
    Option(
        "reaction_lag_s",
        "highlights",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Reaction lag"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Taken off a key press (H): the moment happened a little before you pressed, "
            "in seconds.",
        ),
        minimum=0,
        maximum=30,
        decimals=1,
        unit=_SECONDS,
    ),
    Option(
        "preroll_s",
        "highlights",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Pre-roll"),
        QT_TRANSLATE_NOOP(
            "settings", "A clip starts this long before its moment, in seconds (0:30)."
        ),
        minimum=0,
        maximum=600,
        decimals=1,
        unit=_SECONDS,
    ),
    # Live view
    Option(
        "ghost_baseline",
        "live",
        OptionKind.CHOICE,
        QT_TRANSLATE_NOOP("settings", "Ghost line"),
        QT_TRANSLATE_NOOP(
            "settings",
            "What a new live session is held against on the plots; the ghost tile's "
            "menu changes it for one session.",
        ),
        choices=(
            ("median", QT_TRANSLATE_NOOP("settings", "Median of earlier sessions")),
            ("best", QT_TRANSLATE_NOOP("settings", "Best earlier session")),
            ("last", QT_TRANSLATE_NOOP("settings", "Last session")),
            ("off", QT_TRANSLATE_NOOP("settings", "No ghost line")),
        ),
    ),
    Option(
        "default_sources",
        "live",
        OptionKind.CHOICES,
        QT_TRANSLATE_NOOP("settings", "Default sources"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The sources ticked when a new session is set up. Typing numbers is always on.",
        ),
        choices=(
            ("http", QT_TRANSLATE_NOOP("settings", "HTTP polling")),
            ("ingest", QT_TRANSLATE_NOOP("settings", "Push ingest")),
            ("file", QT_TRANSLATE_NOOP("settings", "File")),
            ("screen", QT_TRANSLATE_NOOP("settings", "Screen (OCR)")),
            ("simulator", QT_TRANSLATE_NOOP("settings", "Simulator")),
        ),
    ),
    Option(
        "demo_speed",
        "live",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Demo speed"),
        QT_TRANSLATE_NOOP(
            "settings", "How many times faster than real time the demo and the simulator run."
        ),
        minimum=1,
        maximum=1000,
        decimals=1,
        unit="×",
    ),
    # Roster
    Option(
        "leap_ladder",
        "roster",
        OptionKind.AMOUNTS,
        QT_TRANSLATE_NOOP("settings", "Leap ladder"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The monthly GMV thresholds, in yuan, a streamer's leap (商家跃迁) is counted "
            "at, separated by commas: 50万, 200万, 500万.",
        ),
        money=True,
    ),
    # Language and look
    Option(
        "language",
        "look",
        OptionKind.CHOICE,
        QT_TRANSLATE_NOOP("settings", "Language"),
        QT_TRANSLATE_NOOP("settings", "The language of the window, the exports and the reports."),
        choices=(
            ("system", QT_TRANSLATE_NOOP("settings", "System language")),
            ("zh_CN", "简体中文"),
            ("en", "English"),
        ),
        restart=True,
    ),
    Option(
        "number_units",
        "look",
        OptionKind.CHOICE,
        QT_TRANSLATE_NOOP("settings", "Large numbers"),
        QT_TRANSLATE_NOOP(
            "settings",
            "How GMV and counts are shortened: ¥1.2万 and 3.45亿, or ¥12.3K and ¥1.23M. "
            "“By language” uses 万/亿 in Chinese and K/M in English.",
        ),
        choices=(
            ("auto", QT_TRANSLATE_NOOP("settings", "By language")),
            ("cn", QT_TRANSLATE_NOOP("settings", "万 and 亿")),
            ("west", QT_TRANSLATE_NOOP("settings", "K and M")),
        ),
        restart=True,
    ),
    Option(
        "theme",
        "look",
        OptionKind.CHOICE,
        QT_TRANSLATE_NOOP("settings", "Theme"),
        QT_TRANSLATE_NOOP(
            "settings", "Light or dark; the system's follows the desktop. The plots follow too."
        ),
        choices=(
            ("system", QT_TRANSLATE_NOOP("settings", "System")),
            ("light", QT_TRANSLATE_NOOP("settings", "Light")),
            ("dark", QT_TRANSLATE_NOOP("settings", "Dark")),
        ),
    ),
    Option(
        "mini_opacity",
        "look",
        OptionKind.NUMBER,
        QT_TRANSLATE_NOOP("settings", "Mini window opacity"),
        QT_TRANSLATE_NOOP(
            "settings", "How opaque the mini window is: 1 is solid, 0.3 lets the broadcast through."
        ),
        minimum=0.3,
        maximum=1.0,
        decimals=2,
    ),
    # Data
    Option(
        "data_dir",
        "data",
        OptionKind.PATH,
        QT_TRANSLATE_NOOP("settings", "Data folder"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The database, moment cards and exports' defaults. Start Genbo with "
            "--data-dir FOLDER (or GENBO_DATA_DIR) to use another.",
        ),
    ),
    Option(
        "log_dir",
        "data",
        OptionKind.PATH,
        QT_TRANSLATE_NOOP("settings", "Log folder"),
        QT_TRANSLATE_NOOP("settings", "Genbo's logs, for a bug report."),
    ),
    Option(
        "operator",
        "data",
        OptionKind.TEXT,
        QT_TRANSLATE_NOOP("settings", "Your name (operator)"),
        QT_TRANSLATE_NOOP(
            "settings",
            "Stamped on every session you record, so a team's library and roster can show "
            "who rode along. Empty: on a team server its user name, on this computer's file "
            "nobody in particular. --operator NAME or GENBO_OPERATOR comes first.",
        ),
        maximum=100,
        restart=True,
        in_use="operator_name",
    ),
    Option(
        "db_url",
        "data",
        OptionKind.TEXT,
        QT_TRANSLATE_NOOP("settings", "Team server"),
        QT_TRANSLATE_NOOP(
            "settings",
            "The PostgreSQL database your team shares, as a URL without the password "
            "(Genbo keeps that in the system keyring). Empty: this computer's file in the "
            "data folder. --db URL or GENBO_DB_URL comes first.",
        ),
        maximum=2000,
        restart=True,
        check=check_database_url,
        placeholder=f"{TEAM_DRIVER}://alice@db.example/genbo",
        in_use="database_label",
    ),
)

OPTIONS_BY_KEY: dict[str, Option] = {o.key: o for o in OPTIONS}


def validate_settings(st: Settings, fmt: NumberFormat | None = None) -> dict[str, str]:
    """The options whose value is wrong, with why: {key: message} (empty: all fine)."""
    out = {}
    for o in OPTIONS:
        if o.stored:
            message = o.validate(getattr(st, o.key), fmt)
            if message:
                out[o.key] = message
    return out


def update_settings(target: Settings, new: Settings) -> list[str]:
    """Copy `new` into `target` in place (the window's views hold `target`);
    the names of the fields that changed."""
    changed = []
    for f in fields(Settings):
        value = getattr(new, f.name)
        if getattr(target, f.name) != value:
            changed.append(f.name)
            setattr(target, f.name, copy.deepcopy(value))
    return changed


def _checked(st: Settings, path: Path) -> Settings:
    """A loaded file's values the options refuse (edited by hand, or of the wrong
    type) are replaced by their defaults, with a warning in the log."""
    st.alert_rules = _usable_alert_rules(st.alert_rules, path)
    st.notify_targets = _usable_targets(st.notify_targets, path)
    for key, message in validate_settings(st).items():
        option = OPTIONS_BY_KEY[key]
        log.warning(
            "%s: %s=%s refused (%s); using the default",
            path,
            key,
            _masked(getattr(st, key)),
            message,
        )
        setattr(st, key, option.default())
    # Fields the dialog does not show: at least of their default's type.
    defaults = Settings()
    for f in fields(Settings):
        if f.name in OPTIONS_BY_KEY:
            continue
        want, have = getattr(defaults, f.name), getattr(st, f.name)
        if want is None or (have is None and f.name != "custom_rules"):
            continue
        numeric = isinstance(want, int | float) and not isinstance(want, bool)
        ok = (
            isinstance(have, int | float) and not isinstance(have, bool)
            if numeric
            else isinstance(have, type(want))
        )
        if not ok:
            log.warning("%s: %s=%r is not a %s; using the default", path, f.name, have,
                        type(want).__name__)  # fmt: skip
            setattr(st, f.name, want)
    return st
