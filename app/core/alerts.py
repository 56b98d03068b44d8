"""Alert rules: what the team should hear about while a show is live.

Milestones (`app.core.milestones`) celebrate; alerts warn. Each rule kind in
`RULE_KINDS` is a frozen dataclass stored in settings as a plain dict
(`to_dict` / `AlertRule.from_dict`):

* `change` — a metric's last N minutes against the N minutes before (环比), up
  or down by at least a percentage. For a counter (GMV, orders, spend) each
  window counts what was *added* in it (GMV earned in the last 5 min against the
  5 before); for a gauge (viewers, dwell) it is the window's average reading.
  A base below `min_base` (the earlier window) does not fire: +300 % of ¥20 is
  noise. Windows move in `BUCKET_MS` steps (ten-second buckets in two deques, so
  a reading costs O(1) however long the window).
* `no_order` — the orders counter has not risen for N minutes of session time.
  The clock starts at the first orders reading (not before), restarts at every
  order, and is evaluated on every sample and on `tick`, so it fires between
  orders readings. It runs only while orders readings keep coming: when the
  newest one is more than `max_silence_s` old, or a gap is reported for its
  source, that is a gap and the clock *resets* (after a gap it takes N fresh
  minutes without an order; what happened during the gap is unknown). When
  nothing arrives at all, nothing fires: a silent session is a gap, not a quiet
  show.
* `spend_flat` — paid-traffic spend (`ad_spend`) rose by at least `spend_yuan`
  within the last N minutes while GMV rose by at most `gmv_pct` % of that spend
  or at most `gmv_yuan`.
* `roi_below` — live ROI below X, ROI being GMV ÷ spend **over the session so
  far** (both counters are session totals, as the dashboards show them), once
  spend reaches `min_spend_yuan`. Exact: fen and Decimal.
* `viewers_below` — online viewers below X.
* `dwell_below` — average dwell below the streamer's median by Y %. The median
  is a *reference* handed to the engine (`references={"dwell_seconds": 60.0}`);
  without one the rule cannot run (`AlertEngine.cannot_run` says so) and never
  fires.

Every rule is **debounced** (it fires after `confirm` consecutive readings that
meet it), has a **cool-down** (no second alert of the same rule within
`cooldown_s`), **re-arms only after a reading that does not meet it**, and may
wait `after_min` minutes into the session (the opening ramp-up is no alarm).

A *reading* is a sample carrying one of the rule's metrics, newer than the
previous reading of that metric. The edges:

* the first reading of a metric — at the start, from a source joining late, or
  after a gap — only sets its level: it never counts towards `confirm`, and a
  counter's first value is never an increase;
* a gap (an explicit `gap()`, or a metric silent for more than
  `max_silence_s`) forgets the metric's windows, so nothing is compared across
  it, and restarts the debounce of every rule that reads the metric;
* a reading older than, or as old as, the previous reading of its metric
  (out of order, a duplicate timestamp, a second source at the same instant)
  is ignored;
* a metric that never arrives leaves its rules silent;
* a resumed session: seed the engine with what already fired
  (`fired=[Alert, …]` or `[(rule key, ts_ms), …]`; `AlertRule.key` names a
  rule): those rules count as fired at that time, their cool-down runs from
  it, and they stay disarmed until a reading (not a first one) shows the
  condition cleared. `prime(history)` replays stored samples
  without reporting anything, and `rejoin()` treats the next reading of every
  metric as a first one (Genbo was down).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, ClassVar

from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import EVERY_SOURCE, METRICS, Gap, MetricKind, Sample
from app.core.numbers import NumberFormat, format_elapsed

CONTEXT = "alerts"
"""The translation context of every word this module says."""

BUCKET_MS = 10_000
"""Readings are kept in ten-second buckets: window edges move in these steps."""

MAX_SILENCE_S = 120.0
"""A metric silent for longer than this has a gap: nothing is compared across it."""

Translate = Callable[[str, str], str]
"""(context, text) → the text in the user's language, as `app.core.messages.translate`."""


def _english(context: str, text: str) -> str:
    del context
    return text


class AlertKind(Enum):
    CHANGE = "change"
    NO_ORDER = "no_order"
    SPEND_FLAT = "spend_flat"
    ROI_BELOW = "roi_below"
    VIEWERS_BELOW = "viewers_below"
    DWELL_BELOW = "dwell_below"


# -- errors ------------------------------------------------------------------------------


class AlertRuleError(Explained, ValueError):
    """A rule as stored in settings that cannot be used; `str()` says why in the
    user's language ("Rule 2: “Minutes” must be between 1 and 120").

    Fields: `number` (the rule's position, 1-based; absent when unknown) and
    `field` (a field's English title, translated when shown)."""

    context = CONTEXT

    @property
    def english(self) -> str:
        text = _fill(self.template, self.fields)
        number = self.fields.get("number")
        return text if number is None else f"Rule {number}: {text}"

    def __str__(self) -> str:
        shown = dict(self.fields)
        if "field" in shown:
            shown["field"] = translate(CONTEXT, str(shown["field"]))
        text = say(CONTEXT, self.template, **shown) if shown else translate(CONTEXT, self.template)
        number = shown.get("number")
        if number is None:
            return text
        return say(
            CONTEXT,
            QT_TRANSLATE_NOOP("alerts", "Rule {number}: {message}"),
            number=number,
            message=text,
        )


def _fill(template: str, fields: Mapping[str, Any]) -> str:
    try:
        return template.format(**fields) if fields else template
    except (KeyError, IndexError, ValueError):
        return template


class RuleCannotRun(Explained):
    """Why a configured rule cannot run in this session (not raised: listed in
    `AlertEngine.cannot_run`); `str()` is in the user's language."""

    context = CONTEXT


# -- the rule table ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleField:
    """One field of a rule kind, for the settings editor and for validation."""

    key: str
    title: str
    """English, marked QT_TRANSLATE_NOOP("alerts", …); translate when shown."""
    kind: str
    """"bool", "number", "choice" or "metric" (a key of the metric catalogue)."""
    default: Any
    minimum: float = 0.0
    maximum: float = 0.0
    decimals: int = 0
    unit: str = ""
    """"", "s", "min", "%", "¥" (yuan, at most two decimals), "×" (a ratio), or
    "metric" (in the chosen metric's display unit: yuan, count or seconds)."""
    choices: tuple[tuple[str, str], ...] = ()
    """(key, English title marked for translation)."""
    help: str = ""


@dataclass(frozen=True, slots=True)
class RuleKind:
    key: str
    title: str
    """English, marked QT_TRANSLATE_NOOP("alerts", …)."""
    help: str
    cls: type[AlertRule]
    fields: tuple[RuleField, ...]
    """Its own fields followed by `COMMON_FIELDS`."""


COMMON_FIELDS: tuple[RuleField, ...] = (
    RuleField(
        "enabled",
        QT_TRANSLATE_NOOP("alerts", "On"),
        "bool",
        True,
        help=QT_TRANSLATE_NOOP("alerts", "Off keeps the rule in the list without using it."),
    ),
    RuleField(
        "confirm",
        QT_TRANSLATE_NOOP("alerts", "Readings to confirm"),
        "number",
        2,
        1,
        10,
        help=QT_TRANSLATE_NOOP(
            "alerts", "The alert fires only after this many readings in a row meet the rule."
        ),
    ),
    RuleField(
        "cooldown_s",
        QT_TRANSLATE_NOOP("alerts", "Cool-down"),
        "number",
        600,
        0,
        4 * 3600,
        unit="s",
        help=QT_TRANSLATE_NOOP(
            "alerts",
            "No second alert of this rule within this time; it also waits until "
            "the condition has cleared.",
        ),
    ),
    RuleField(
        "after_min",
        QT_TRANSLATE_NOOP("alerts", "Not in the first minutes"),
        "number",
        0,
        0,
        240,
        unit="min",
        help=QT_TRANSLATE_NOOP(
            "alerts", "The rule is quiet for this many minutes after the show starts."
        ),
    ),
)

_DIRECTIONS = (
    ("down", QT_TRANSLATE_NOOP("alerts", "Down")),
    ("up", QT_TRANSLATE_NOOP("alerts", "Up")),
)

_MINUTES_HELP = QT_TRANSLATE_NOOP("alerts", "The length of the window, in minutes of session time.")


def _minutes_field(default: int) -> RuleField:
    return RuleField(
        "minutes",
        QT_TRANSLATE_NOOP("alerts", "Minutes"),
        "number",
        default,
        1,
        120,
        unit="min",
        help=_MINUTES_HELP,
    )


# -- rules -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRule:
    """What every rule has; see the module docstring."""

    KIND: ClassVar[AlertKind]

    enabled: bool = True
    confirm: int = 2
    cooldown_s: int = 600
    after_min: int = 0

    def __post_init__(self) -> None:
        """A rule made in code is held to the same ranges as one read from settings
        (`AlertRuleError`)."""
        for f in RULE_KINDS[self.KIND.value].fields:
            _field_value(f, getattr(self, f.key), {})

    @property
    def kind(self) -> AlertKind:
        return self.KIND

    @property
    def key(self) -> str:
        """Names the rule in fired alerts and for a resume: its kind and the field
        that tells two rules of that kind apart ("no_order:10", "viewers_below:500",
        "change:gmv:down:5"), so a warning and an urgent rule can coexist. A rule
        whose key field is edited is a new rule."""
        return f"{self.KIND.value}:{_plain(float(getattr(self, self._KEY_FIELD)))}"

    _KEY_FIELD: ClassVar[str] = "minutes"

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics whose readings it is evaluated on."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The dict stored in settings (JSON numbers: money in yuan)."""
        out: dict[str, Any] = {"kind": self.KIND.value}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, d: Any, number: int | None = None) -> AlertRule:
        """The rule a stored dict describes, of the kind its "kind" names (a
        subclass insists on its own kind). Missing fields take their defaults,
        unknown ones are ignored; anything out of range raises `AlertRuleError`
        (`number`: the rule's position in the list, for the message)."""
        extra: dict[str, Any] = {} if number is None else {"number": number}
        if not isinstance(d, Mapping):
            raise AlertRuleError(
                QT_TRANSLATE_NOOP("alerts", "not a rule (a table of fields was expected)"), **extra
            )
        kind_key = d.get("kind", None if cls is AlertRule else cls.KIND.value)
        spec = RULE_KINDS.get(kind_key) if isinstance(kind_key, str) else None
        if spec is None or (cls is not AlertRule and spec.cls is not cls):
            raise AlertRuleError(
                QT_TRANSLATE_NOOP("alerts", "unknown kind of rule “{text}”; known kinds: {kinds}"),
                text=str(kind_key),
                kinds=", ".join(RULE_KINDS),
                **extra,
            )
        values = {f.key: _field_value(f, d.get(f.key, f.default), extra) for f in spec.fields}
        return spec.cls(**values)


def _field_value(f: RuleField, value: Any, extra: Mapping[str, Any]) -> Any:
    if f.kind == "bool":
        if not isinstance(value, bool):
            raise AlertRuleError(
                QT_TRANSLATE_NOOP("alerts", "“{field}” must be on or off"), field=f.title, **extra
            )
        return value
    if f.kind in ("choice", "metric"):
        keys = list(METRICS) if f.kind == "metric" else [k for k, _ in f.choices]
        if value not in keys:
            raise AlertRuleError(
                QT_TRANSLATE_NOOP("alerts", "“{field}” must be one of: {choices}"),
                field=f.title,
                choices=", ".join(keys),
                **extra,
            )
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise AlertRuleError(
            QT_TRANSLATE_NOOP("alerts", "“{field}” must be a number"), field=f.title, **extra
        )
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str() of a number is a numeral
        d = Decimal("NaN")
    if not d.is_finite() or not Decimal(str(f.minimum)) <= d <= Decimal(str(f.maximum)):
        raise AlertRuleError(
            QT_TRANSLATE_NOOP("alerts", "“{field}” must be between {low} and {high}"),
            field=f.title,
            low=_plain(f.minimum),
            high=_plain(f.maximum),
            **extra,
        )
    if f.decimals == 0 and d != d.to_integral_value():
        raise AlertRuleError(
            QT_TRANSLATE_NOOP("alerts", "“{field}” must be a whole number"), field=f.title, **extra
        )
    if d != d.quantize(Decimal(1).scaleb(-f.decimals)):
        if f.unit == "¥":
            raise AlertRuleError(
                QT_TRANSLATE_NOOP("alerts", "“{field}”: give at most two decimals of a yuan"),
                field=f.title,
                **extra,
            )
        raise AlertRuleError(
            QT_TRANSLATE_NOOP("alerts", "“{field}”: give at most {decimals} decimals"),
            field=f.title,
            decimals=f.decimals,
            **extra,
        )
    if f.decimals == 0:
        return int(d)
    if f.unit in ("¥", "×"):
        return d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
    return float(d)


def _plain(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodChangeRule(AlertRule):
    """`metric` over the last `minutes` against the `minutes` before, by ≥ `pct` %."""

    KIND: ClassVar[AlertKind] = AlertKind.CHANGE
    metric: str = "gmv"
    minutes: int = 5
    direction: str = "down"
    """"down" or "up"."""
    pct: float = 40.0
    min_base: float = 0.0
    """In the metric's display unit: the earlier window must reach it (a counter's
    increase in it, a gauge's average)."""

    @property
    def key(self) -> str:
        return f"change:{self.metric}:{self.direction}:{self.minutes}"

    @property
    def metrics(self) -> tuple[str, ...]:
        return (self.metric,)


@dataclass(frozen=True, slots=True, kw_only=True)
class NoOrderRule(AlertRule):
    """The orders counter has not risen for `minutes`."""

    KIND: ClassVar[AlertKind] = AlertKind.NO_ORDER
    minutes: int = 10

    @property
    def metrics(self) -> tuple[str, ...]:
        return ("orders",)


@dataclass(frozen=True, slots=True, kw_only=True)
class SpendFlatRule(AlertRule):
    """Spend up ≥ `spend_yuan` in `minutes` while GMV rose ≤ `gmv_pct` % of it or ≤ `gmv_yuan`."""

    KIND: ClassVar[AlertKind] = AlertKind.SPEND_FLAT
    minutes: int = 10
    spend_yuan: Decimal = Decimal(300)
    gmv_pct: float = 100.0
    gmv_yuan: Decimal = Decimal(0)

    @property
    def metrics(self) -> tuple[str, ...]:
        return ("ad_spend", "gmv")


@dataclass(frozen=True, slots=True, kw_only=True)
class RoiBelowRule(AlertRule):
    """Session GMV ÷ session spend below `below`, once spend reached `min_spend_yuan`."""

    KIND: ClassVar[AlertKind] = AlertKind.ROI_BELOW
    _KEY_FIELD: ClassVar[str] = "below"
    below: Decimal = Decimal(1)
    min_spend_yuan: Decimal = Decimal(500)

    @property
    def metrics(self) -> tuple[str, ...]:
        return ("ad_spend", "gmv")


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewersBelowRule(AlertRule):
    KIND: ClassVar[AlertKind] = AlertKind.VIEWERS_BELOW
    _KEY_FIELD: ClassVar[str] = "below"
    below: int = 100

    @property
    def metrics(self) -> tuple[str, ...]:
        return ("viewers",)


@dataclass(frozen=True, slots=True, kw_only=True)
class DwellBelowRule(AlertRule):
    """The average-dwell reading below the streamer's median by ≥ `pct` %."""

    KIND: ClassVar[AlertKind] = AlertKind.DWELL_BELOW
    _KEY_FIELD: ClassVar[str] = "pct"
    pct: float = 30.0

    @property
    def metrics(self) -> tuple[str, ...]:
        return ("dwell_seconds",)


def _kind(
    key: str, title: str, help: str, cls: type[AlertRule], own: tuple[RuleField, ...]
) -> RuleKind:
    return RuleKind(key, title, help, cls, own + COMMON_FIELDS)


RULE_KINDS: Mapping[str, RuleKind] = {
    k.key: k
    for k in (
        _kind(
            "change",
            QT_TRANSLATE_NOOP("alerts", "Change against the minutes before"),
            QT_TRANSLATE_NOOP(
                "alerts",
                "A metric over the last minutes against the same number of minutes "
                "before (环比). GMV, orders and spend count what was added in each "
                "window; viewers and dwell their average.",
            ),
            PeriodChangeRule,
            (
                RuleField("metric", QT_TRANSLATE_NOOP("alerts", "Metric"), "metric", "gmv"),
                _minutes_field(5),
                RuleField(
                    "direction",
                    QT_TRANSLATE_NOOP("alerts", "Direction"),
                    "choice",
                    "down",
                    choices=_DIRECTIONS,
                ),
                RuleField(
                    "pct",
                    QT_TRANSLATE_NOOP("alerts", "Change"),
                    "number",
                    40.0,
                    1,
                    1000,
                    1,
                    "%",
                ),
                RuleField(
                    "min_base",
                    QT_TRANSLATE_NOOP("alerts", "Smallest base"),
                    "number",
                    0.0,
                    0,
                    1e9,
                    2,
                    "metric",
                    help=QT_TRANSLATE_NOOP(
                        "alerts",
                        "The earlier window must reach this much (yuan, a count or "
                        "seconds), so changes of tiny numbers do not fire.",
                    ),
                ),
            ),
        ),
        _kind(
            "no_order",
            QT_TRANSLATE_NOOP("alerts", "No order"),
            QT_TRANSLATE_NOOP(
                "alerts",
                "No new order for this many minutes while live. The clock starts at the "
                "first orders reading and starts again after a gap in the data.",
            ),
            NoOrderRule,
            (_minutes_field(10),),
        ),
        _kind(
            "spend_flat",
            QT_TRANSLATE_NOOP("alerts", "Spend rising, GMV flat"),
            QT_TRANSLATE_NOOP(
                "alerts",
                "Paid-traffic spend rose by at least the amount within the window while "
                "GMV rose by no more than the share of that spend, or the amount, given.",
            ),
            SpendFlatRule,
            (
                _minutes_field(10),
                RuleField(
                    "spend_yuan",
                    QT_TRANSLATE_NOOP("alerts", "Spend at least"),
                    "number",
                    Decimal(300),
                    1,
                    10_000_000,
                    2,
                    "¥",
                ),
                RuleField(
                    "gmv_pct",
                    QT_TRANSLATE_NOOP("alerts", "GMV at most, share of spend"),
                    "number",
                    100.0,
                    0,
                    1000,
                    1,
                    "%",
                ),
                RuleField(
                    "gmv_yuan",
                    QT_TRANSLATE_NOOP("alerts", "or GMV at most"),
                    "number",
                    Decimal(0),
                    0,
                    10_000_000,
                    2,
                    "¥",
                ),
            ),
        ),
        _kind(
            "roi_below",
            QT_TRANSLATE_NOOP("alerts", "Live ROI below"),
            QT_TRANSLATE_NOOP(
                "alerts",
                "GMV ÷ paid-traffic spend over the session so far below this, once the "
                "spend has reached the amount given.",
            ),
            RoiBelowRule,
            (
                RuleField(
                    "below",
                    QT_TRANSLATE_NOOP("alerts", "ROI below"),
                    "number",
                    Decimal(1),
                    0.01,
                    100,
                    2,
                    "×",
                ),
                RuleField(
                    "min_spend_yuan",
                    QT_TRANSLATE_NOOP("alerts", "From a spend of"),
                    "number",
                    Decimal(500),
                    0,
                    10_000_000,
                    2,
                    "¥",
                ),
            ),
        ),
        _kind(
            "viewers_below",
            QT_TRANSLATE_NOOP("alerts", "Viewers below"),
            QT_TRANSLATE_NOOP("alerts", "Online viewers below this number."),
            ViewersBelowRule,
            (
                RuleField(
                    "below",
                    QT_TRANSLATE_NOOP("alerts", "Viewers below"),
                    "number",
                    100,
                    1,
                    10_000_000,
                ),
            ),
        ),
        _kind(
            "dwell_below",
            QT_TRANSLATE_NOOP("alerts", "Dwell below the median"),
            QT_TRANSLATE_NOOP(
                "alerts",
                "Average dwell below the streamer's median by this much. Without earlier "
                "sessions of the streamer there is no median and the rule does not run.",
            ),
            DwellBelowRule,
            (
                RuleField(
                    "pct",
                    QT_TRANSLATE_NOOP("alerts", "Below the median by"),
                    "number",
                    30.0,
                    1,
                    100,
                    1,
                    "%",
                ),
            ),
        ),
    )
}
"""Every kind, in the order the editor lists them."""

DEFAULT_RULES: tuple[AlertRule, ...] = (
    NoOrderRule(minutes=10, after_min=5),
    PeriodChangeRule(
        metric="gmv", minutes=10, direction="down", pct=50.0, min_base=1000.0, cooldown_s=900
    ),
    PeriodChangeRule(metric="viewers", minutes=5, direction="down", pct=30.0, min_base=200.0),
    SpendFlatRule(minutes=10, spend_yuan=Decimal(300), gmv_pct=100.0, after_min=5),
    RoiBelowRule(below=Decimal(1), min_spend_yuan=Decimal(500), after_min=15, enabled=False),
    ViewersBelowRule(below=100, after_min=10, enabled=False),
    DwellBelowRule(pct=30.0, after_min=10),
)
"""What a fresh install ships with (`default_rule_dicts()` for settings)."""


def default_rule_dicts() -> list[dict[str, Any]]:
    return [r.to_dict() for r in DEFAULT_RULES]


def parse_rules(items: Any) -> tuple[list[AlertRule], list[AlertRuleError]]:
    """The usable rules of a stored list, and an error for each one that is not
    (numbered from 1; a rule with the same key as an earlier one is refused)."""
    rules: list[AlertRule] = []
    errors: list[AlertRuleError] = []
    if not isinstance(items, list):
        return rules, [
            AlertRuleError(QT_TRANSLATE_NOOP("alerts", "the alert rules are not a list"))
        ]
    seen: dict[str, int] = {}
    for i, d in enumerate(items, start=1):
        try:
            rule = AlertRule.from_dict(d, number=i)
        except AlertRuleError as exc:
            errors.append(exc)
            continue
        if rule.key in seen:
            errors.append(
                AlertRuleError(
                    QT_TRANSLATE_NOOP("alerts", "the same rule as rule {other}"),
                    number=i,
                    other=seen[rule.key],
                )
            )
            continue
        seen[rule.key] = i
        rules.append(rule)
    return rules, errors


# -- fired alerts ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alert:
    rule: str
    """The rule's `key`."""
    kind: AlertKind
    metric: str
    ts_ms: int
    """The reading (or `tick`) that confirmed it."""
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)
    """What it found, JSON-ready (money in fen, dwell in seconds, ROI as a string):
    change: minutes, pct (signed), now, before (display units);
    no_order: minutes, quiet_s, since_ms, orders;
    spend_flat: minutes, spend_fen, gmv_fen;
    roi_below: roi, below, gmv_fen, spend_fen;
    viewers_below: viewers, below;
    dwell_below: dwell_s, median_s, pct."""

    def to_dict(self) -> dict[str, Any]:
        """For an event record's payload."""
        return {
            "rule": self.rule,
            "kind": self.kind.value,
            "metric": self.metric,
            "ts_ms": self.ts_ms,
            "values": dict(self.values),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Alert:
        return cls(
            str(d["rule"]),
            AlertKind(d["kind"]),
            str(d["metric"]),
            int(d["ts_ms"]),
            dict(d.get("values") or {}),
        )

    def describe(
        self,
        fmt: NumberFormat | None = None,
        translate: Translate = _english,
        started_ms: int | None = None,
    ) -> str:
        """A one-line title, e.g. "No order for 10 min" (English unless a
        translator such as `app.core.messages.translate` is passed)."""
        fmt = fmt or NumberFormat()
        v = self.values
        speak = translate

        def text(template: str, **kw: Any) -> str:
            try:
                return speak(CONTEXT, template).format(**kw)
            except (KeyError, IndexError, ValueError):
                return template.format(**kw)

        k = self.kind
        if k is AlertKind.CHANGE:
            m = METRICS.get(self.metric)
            name = speak("metrics", m.label) if m else self.metric
            pct = float(v.get("pct", 0.0))
            change = ("+" if pct >= 0 else "\u2212") + fmt.grouped(abs(pct), 0) + "%"
            out = text(
                QT_TRANSLATE_NOOP(
                    "alerts", "{metric} in the last {minutes} min {change} vs the {minutes} before"
                ),
                metric=name,
                minutes=fmt.count(int(v.get("minutes", 0))),
                change=change,
            )
        elif k is AlertKind.NO_ORDER:
            out = text(
                QT_TRANSLATE_NOOP("alerts", "No order for {minutes} min"),
                minutes=fmt.count(int(v.get("minutes", 0))),
            )
        elif k is AlertKind.SPEND_FLAT:
            out = text(
                QT_TRANSLATE_NOOP("alerts", "Spend +{spend} in {minutes} min, GMV +{gmv}"),
                spend=fmt.money_fen(int(v.get("spend_fen", 0))),
                minutes=fmt.count(int(v.get("minutes", 0))),
                gmv=fmt.money_fen(int(v.get("gmv_fen", 0))),
            )
        elif k is AlertKind.ROI_BELOW:
            below = Decimal(str(v.get("below", "0")))
            places = max(1, -min(0, int(below.normalize().as_tuple().exponent)))
            out = text(
                QT_TRANSLATE_NOOP("alerts", "Live ROI {roi} below {below}"),
                roi=fmt.ratio(Decimal(str(v.get("roi", "0"))), places),
                below=fmt.ratio(below, places),
            )
        elif k is AlertKind.VIEWERS_BELOW:
            out = text(
                QT_TRANSLATE_NOOP("alerts", "Viewers {viewers} below {below}"),
                viewers=fmt.count(int(v.get("viewers", 0))),
                below=fmt.count(int(v.get("below", 0))),
            )
        else:
            out = text(
                QT_TRANSLATE_NOOP("alerts", "Dwell {dwell}, {pct} below the median {median}"),
                dwell=format_elapsed(float(v.get("dwell_s", 0.0))),
                pct=fmt.grouped(float(v.get("pct", 0.0)), 0) + "%",
                median=format_elapsed(float(v.get("median_s", 0.0))),
            )
        if started_ms is not None:
            out += f" @ {format_elapsed((self.ts_ms - started_ms) / 1000)}"
        return out


# -- the engine --------------------------------------------------------------------------

_IGNORED, _FIRST, _NEXT = 0, 1, 2


class _Windows:
    """A metric's readings over the last 2 × `span_ms` in ten-second buckets,
    split into the recent window `a` and the one before, `b`. Each bucket is
    [bucket index, sum, count, last raw value, last ts]."""

    __slots__ = ("a", "b", "base", "full", "n_a", "n_b", "span_ms", "sum_a", "sum_b")

    def __init__(self, span_ms: int) -> None:
        self.span_ms = span_ms
        self.a: deque[list[int]] = deque()
        self.b: deque[list[int]] = deque()
        self.reset()

    def reset(self) -> None:
        self.a.clear()
        self.b.clear()
        self.sum_a = self.n_a = self.sum_b = self.n_b = 0
        self.base: int | None = None
        """The last value at or before `now − 2 × span` (a counter's level there)."""
        self.full = False
        """The readings reach back two whole windows."""

    def add(self, ts: int, raw: int) -> None:
        a, b = self.a, self.b
        k = ts // BUCKET_MS
        if a and a[-1][0] == k:
            last = a[-1]
            last[1] += raw
            last[2] += 1
            last[3] = raw
            last[4] = ts
        else:
            a.append([k, raw, 1, raw, ts])
        self.sum_a += raw
        self.n_a += 1
        cut = ts - self.span_ms
        while a and a[0][4] <= cut:
            bucket = a.popleft()
            self.sum_a -= bucket[1]
            self.n_a -= bucket[2]
            self.sum_b += bucket[1]
            self.n_b += bucket[2]
            b.append(bucket)
        cut -= self.span_ms
        while b and b[0][4] <= cut:
            bucket = b.popleft()
            self.sum_b -= bucket[1]
            self.n_b -= bucket[2]
            self.base = bucket[3]
            self.full = True

    def level_at_span(self) -> int | None:
        """A counter's level `span` ago (the newest value at or before it)."""
        return self.b[-1][3] if self.b else self.base


class _Metric:
    __slots__ = (
        "counter",
        "floor_ts",
        "key",
        "last_increase_ts",
        "last_raw",
        "last_ts",
        "source",
        "stretch_start",
        "windows",
    )

    def __init__(self, key: str) -> None:
        self.key = key
        self.counter = METRICS[key].kind is MetricKind.COUNTER
        self.windows: dict[int, _Windows] = {}
        self.floor_ts = -(2**62)
        """Readings at or before this come from before a gap: ignored."""
        self.source = ""
        self.last_ts: int | None = None
        self.reset()

    def reset(self) -> None:
        """A gap: forget the stretch; the next reading is a first one."""
        if self.last_ts is not None:
            self.floor_ts = max(self.floor_ts, self.last_ts)
        self.last_ts = None
        self.last_raw = 0
        self.stretch_start = 0
        self.last_increase_ts: int | None = None
        for w in self.windows.values():
            w.reset()

    def accept(self, ts: int, raw: int, source: str, max_silence_ms: int) -> int:
        last = self.last_ts
        if last is not None:
            if ts <= last:
                return _IGNORED
            if ts - last > max_silence_ms:
                self.reset()
        elif ts <= self.floor_ts:
            return _IGNORED  # from before a gap: not to be joined to what follows
        first = self.last_ts is None
        if first:
            self.stretch_start = ts
        elif self.counter and raw > self.last_raw:
            self.last_increase_ts = ts
        self.last_ts, self.last_raw, self.source = ts, raw, source
        for w in self.windows.values():
            w.add(ts, raw)
        return _FIRST if first else _NEXT

    def live(self, now: int, max_silence_ms: int) -> bool:
        return self.last_ts is not None and now - self.last_ts <= max_silence_ms


@dataclass(slots=True)
class _State:
    rule: AlertRule
    key: str
    streak: int = 0
    armed: bool = True
    last_fired: int | None = None
    last_met_ts: int = -(2**62)


_Result = dict[str, Any] | bool | None
"""What evaluating a rule gives: its values when met, False when not met (it
clears), None when it cannot tell (too early, a gap, a missing metric)."""


class AlertEngine:
    """One live session's alert rules. Feed it every sample (any order, from any
    source); call `tick(now_ms)` now and then (every second is fine) so that
    "no order for N minutes" fires between readings; report gaps with `gap()`."""

    def __init__(
        self,
        started_ms: int,
        rules: Iterable[AlertRule] = DEFAULT_RULES,
        references: Mapping[str, float] | None = None,
        fired: Iterable[Alert | tuple[str, int]] = (),
        max_silence_s: float = MAX_SILENCE_S,
    ) -> None:
        """`references`: the streamer's median session values in display units,
        by metric key (`{"dwell_seconds": 61.5}`); `fired`: alerts that already
        fired in this session (a resume), or (rule key, ts_ms) pairs. Disabled
        rules are left out; two rules with the same key are a `ValueError`."""
        self.started_ms = started_ms
        self.references = dict(references or {})
        self.max_silence_ms = round(max_silence_s * 1000)
        self._metrics: dict[str, _Metric] = {}
        self._states: list[_State] = []
        self._by_metric: dict[str, list[_State]] = {}
        self._time_rules: list[_State] = []
        self.cannot_run: dict[str, RuleCannotRun] = {}
        """Rule key → why it cannot run in this session (it never fires)."""
        self._now = -(2**62)
        self._quiet = False
        keys: set[str] = set()
        for rule in rules:
            if not rule.enabled:
                continue
            if rule.key in keys:
                raise ValueError(f"two alert rules with the key {rule.key!r}")
            keys.add(rule.key)
            state = _State(rule, rule.key)
            if isinstance(rule, DwellBelowRule) and not self._reference("dwell_seconds"):
                self.cannot_run[rule.key] = RuleCannotRun(
                    QT_TRANSLATE_NOOP(
                        "alerts",
                        "Dwell below the median cannot run: there is no median dwell "
                        "of this streamer yet.",
                    )
                )
                continue
            self._states.append(state)
            for key in rule.metrics:
                self._metric(key)
                self._by_metric.setdefault(key, []).append(state)
            if isinstance(rule, NoOrderRule):
                self._time_rules.append(state)
            elif isinstance(rule, PeriodChangeRule):
                self._window(rule.metric, rule.minutes)
            elif isinstance(rule, SpendFlatRule):
                self._window("ad_spend", rule.minutes)
                self._window("gmv", rule.minutes)
        self.seed(fired)

    def _reference(self, key: str) -> float | None:  # a median of 0 is no median
        value = self.references.get(key)
        return float(value) if value is not None and float(value) > 0 else None

    def _metric(self, key: str) -> _Metric:
        m = self._metrics.get(key)
        if m is None:
            m = self._metrics[key] = _Metric(key)
        return m

    def _window(self, key: str, minutes: int) -> _Windows:
        span = minutes * 60_000
        m = self._metric(key)
        w = m.windows.get(span)
        if w is None:
            w = m.windows[span] = _Windows(span)
        return w

    # -- resume ----------------------------------------------------------------------
    def seed(self, fired: Iterable[Alert | tuple[str, int]]) -> None:
        """Count these as already fired: the cool-down runs from their time and
        the rule waits for its condition to clear before it fires again."""
        by_key = {s.key: s for s in self._states}
        for item in fired:
            key, ts = (item.rule, item.ts_ms) if isinstance(item, Alert) else item
            state = by_key.get(key)
            if state is None:
                continue
            state.armed = False
            state.streak = 0
            if state.last_fired is None or ts > state.last_fired:
                state.last_fired = ts

    def prime(self, samples: Iterable[Sample], rejoin: bool = True) -> None:
        """Replay a resumed session's stored samples without reporting anything
        (what would fire counts as fired). With `rejoin` (Genbo was down), the
        next reading of every metric is a first one."""
        self._quiet = True
        try:
            for s in samples:
                self.feed(s)
        finally:
            self._quiet = False
        if rejoin:
            self.rejoin()

    def rejoin(self) -> None:
        """A gap in everything: windows are forgotten, debounces restart."""
        for m in self._metrics.values():
            m.reset()
        for s in self._states:
            s.streak = 0

    def gap(self, gap: Gap) -> None:
        """A source reported a gap (or Genbo was down: `EVERY_SOURCE`): the
        metrics it delivered start afresh after it. Safe to report a gap both
        when it opens and when it closes."""
        end = gap.end_ms
        for m in self._metrics.values():
            if gap.source != EVERY_SOURCE and m.source != gap.source:
                continue
            if m.last_ts is None or (end is not None and m.stretch_start >= end):
                continue  # nothing yet, or already a fresh stretch after the gap
            m.reset()
            for s in self._by_metric.get(m.key, ()):
                s.streak = 0

    # -- evaluation ------------------------------------------------------------------
    def feed(self, sample: Sample) -> list[Alert]:
        """The alerts `sample` confirms (empty while priming)."""
        ts = sample.ts_ms
        due: dict[int, _State] = {}
        level_only: dict[int, bool] = {}
        metrics = self._metrics
        orders_read = False
        for key, raw in sample.values.items():
            m = metrics.get(key)
            if m is None:
                continue
            got = m.accept(ts, raw, sample.source, self.max_silence_ms)
            if got == _IGNORED:
                continue
            orders_read = orders_read or key == "orders"
            for state in self._by_metric[key]:
                sid = id(state)
                due[sid] = state
                level_only[sid] = level_only.get(sid, False) or got == _FIRST
        out: list[Alert] = []
        for sid, state in due.items():
            if isinstance(state.rule, NoOrderRule):
                continue  # below, with the clock
            result = None if level_only[sid] else self._evaluate(state.rule, ts)
            alert = self._apply(state, ts, result)
            if alert is not None:
                out.append(alert)
        if self._time_rules and (ts > self._now or orders_read):
            # A slower source's orders reading is judged at the newest time known.
            self._now = max(self._now, ts)
            out += self._clock(self._now)
        return [] if self._quiet else out

    def tick(self, now_ms: int) -> list[Alert]:
        """Evaluate the rules that fire on time passing ("no order for N min")
        at `now_ms` on the session's timeline. Nothing fires while no readings
        arrive: past `max_silence_s` without an orders reading is a gap."""
        if now_ms <= self._now:
            return []
        self._now = now_ms
        out = self._clock(now_ms)
        return [] if self._quiet else out

    def _clock(self, now: int) -> list[Alert]:
        out = []
        for state in self._time_rules:
            alert = self._apply(state, now, self._evaluate(state.rule, now))
            if alert is not None:
                out.append(alert)
        return out

    def _apply(self, state: _State, ts: int, result: _Result) -> Alert | None:
        if result is None:
            state.streak = 0
            return None
        if result is False:
            state.streak = 0
            state.armed = True
            return None
        if ts <= state.last_met_ts:
            return None  # the same instant again: not another reading
        state.last_met_ts = ts
        state.streak += 1
        rule = state.rule
        if state.streak < rule.confirm or not state.armed:
            return None
        if state.last_fired is not None and ts - state.last_fired < rule.cooldown_s * 1000:
            return None
        state.armed = False
        state.last_fired = ts
        assert isinstance(result, dict)
        return Alert(state.key, rule.kind, rule.metrics[0], ts, result)

    def _evaluate(self, rule: AlertRule, ts: int) -> _Result:
        if ts < self.started_ms + rule.after_min * 60_000:
            return None
        if isinstance(rule, PeriodChangeRule):
            return self._change(rule)
        if isinstance(rule, NoOrderRule):
            return self._no_order(rule, ts)
        if isinstance(rule, SpendFlatRule):
            return self._spend_flat(rule, ts)
        if isinstance(rule, RoiBelowRule):
            return self._roi(rule, ts)
        if isinstance(rule, ViewersBelowRule):
            viewers = self._metrics["viewers"].last_raw
            if viewers >= rule.below:
                return False
            return {"viewers": viewers, "below": rule.below}
        if isinstance(rule, DwellBelowRule):
            median = self._reference("dwell_seconds")
            if median is None:  # pragma: no cover - such a rule is not kept
                return None
            dwell = self._metrics["dwell_seconds"].last_raw / METRICS["dwell_seconds"].scale
            below = (median - dwell) / median * 100
            if below < rule.pct:
                return False
            return {"dwell_s": dwell, "median_s": median, "pct": round(below, 1)}
        raise TypeError(f"unknown rule {rule!r}")  # pragma: no cover

    def _change(self, rule: PeriodChangeRule) -> _Result:
        m = self._metrics[rule.metric]
        w = m.windows[rule.minutes * 60_000]
        if not w.full:
            return None
        scale = METRICS[rule.metric].scale
        if m.counter:
            mid = w.level_at_span()
            if mid is None or w.base is None:  # pragma: no cover - full implies both
                return None
            now = max(0, m.last_raw - mid) / scale
            before = max(0, mid - w.base) / scale
        else:
            if not w.n_a or not w.n_b:
                return None
            now = w.sum_a / w.n_a / scale
            before = w.sum_b / w.n_b / scale
        if before <= 0 or before < rule.min_base:
            return False
        pct = (now - before) / before * 100
        met = pct >= rule.pct if rule.direction == "up" else pct <= -rule.pct
        if not met:
            return False
        return {
            "minutes": rule.minutes,
            "pct": round(pct, 1),
            "now": round(now, 2),
            "before": round(before, 2),
        }

    def _no_order(self, rule: NoOrderRule, now: int) -> _Result:
        m = self._metrics["orders"]
        if not m.live(now, self.max_silence_ms):
            return None  # not read yet, or silent: a gap, not a quiet show
        since = m.last_increase_ts if m.last_increase_ts is not None else m.stretch_start
        quiet = now - since
        if quiet < rule.minutes * 60_000:
            return False
        return {
            "minutes": rule.minutes,
            "quiet_s": quiet // 1000,
            "since_ms": since,
            "orders": m.last_raw,
        }

    def _spend_flat(self, rule: SpendFlatRule, ts: int) -> _Result:
        s, g = self._metrics["ad_spend"], self._metrics["gmv"]
        if not (s.live(ts, self.max_silence_ms) and g.live(ts, self.max_silence_ms)):
            return None
        span = rule.minutes * 60_000
        s0, g0 = s.windows[span].level_at_span(), g.windows[span].level_at_span()
        if s0 is None or g0 is None:
            return None
        spend = s.last_raw - s0
        gmv = g.last_raw - g0
        if spend < rule.spend_yuan * 100:
            return False
        flat = (
            Decimal(gmv) * 100 <= Decimal(str(rule.gmv_pct)) * spend or gmv <= rule.gmv_yuan * 100
        )
        if not flat:
            return False
        return {"minutes": rule.minutes, "spend_fen": spend, "gmv_fen": gmv}

    def _roi(self, rule: RoiBelowRule, ts: int) -> _Result:
        s, g = self._metrics["ad_spend"], self._metrics["gmv"]
        if not (s.live(ts, self.max_silence_ms) and g.live(ts, self.max_silence_ms)):
            return None
        spend, gmv = s.last_raw, g.last_raw
        if spend <= 0 or spend < rule.min_spend_yuan * 100:
            return False
        if gmv >= rule.below * spend:
            return False
        roi = (Decimal(gmv) / Decimal(spend)).quantize(Decimal("0.0001"))
        return {"roi": str(roi), "below": str(rule.below), "gmv_fen": gmv, "spend_fen": spend}
