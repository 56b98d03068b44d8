"""Milestones: the moments an operator rides along for.

Rules are evaluated on every sample:

* **threshold ladders** per metric (GMV 10万 … 1000万, viewers 1千 … 10万);
  each step fires once per session;
* **personal bests**: beating this streamer's best past session on peak viewers,
  final GMV, GMV in the first 15 / 30 minutes, GPM and average dwell;
* **surge and drop**: e.g. viewers up ≥ 30 % within 2 minutes, dwell down
  ≥ 25 % within 5 minutes;
* **custom rules** (metric, comparison, value, label).

A crossing counts only between two readings of a metric. The first reading
(joining a show already live, a source that brings a metric late, the first
reading after Genbo was down) only sets the starting level: steps and records
it is already past are consumed quietly and reported once as a `JOINED`
milestone ("Joined at GMV ¥123.4万"), never celebrated.

A milestone carries the *crossing time*, interpolated between the two samples
that straddle the threshold (not the time it was noticed). Rules that can fire
more than once (surge, drop, custom) re-arm only after the condition has fallen
back by a hysteresis margin, so noise around a threshold does not flap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from app.core.metrics import METRICS, Sample
from app.core.numbers import NumberFormat, format_elapsed
from app.core.stats import FIRST_15_MIN_S, FIRST_30_MIN_S, SessionStats

WAN = 10_000

DEFAULT_LADDERS: dict[str, tuple[int, ...]] = {
    "gmv": (10 * WAN, 50 * WAN, 100 * WAN, 200 * WAN, 500 * WAN, 1000 * WAN),
    "viewers": (1_000, 5_000, WAN, 5 * WAN, 10 * WAN),
}
"""Display units (yuan, viewers)."""

DEFAULT_MAJOR: dict[str, tuple[int, ...]] = {
    "gmv": (100 * WAN, 500 * WAN, 1000 * WAN),
    "viewers": (WAN, 10 * WAN),
}
"""Steps that earn the big celebratory banner (大屏破百万)."""

MAX_INTERPOLATION_S = 120.0
"""Across a longer silence the crossing time is unknown; the later sample's time is used."""


class MilestoneKind(Enum):
    THRESHOLD = "threshold"
    PERSONAL_BEST = "personal_best"
    SURGE = "surge"
    DROP = "drop"
    CUSTOM = "custom"
    JOINED = "joined"
    """The level a metric already had at its first reading: not a crossing."""


@dataclass(frozen=True, slots=True)
class Milestone:
    ts_ms: int
    """When it happened: the interpolated crossing time."""
    kind: MilestoneKind
    metric: str
    value: float
    """The threshold or record crossed, in display units (yuan, viewers, s, %);
    for `JOINED`, the first reading."""
    detail: str = ""
    """Personal bests: which record ("peak_viewers", "gmv_15m", …); custom rules: the label;
    `JOINED`: the highest ladder step already past ("" if none)."""
    major: bool = False
    noticed_ms: int = 0
    """The sample that revealed it (≥ ts_ms)."""

    def describe(
        self,
        fmt: NumberFormat | None = None,
        tr: Callable[[str], str] = lambda s: s,
        started_ms: int | None = None,
    ) -> str:
        """A one-line title, e.g. "GMV passed ¥100万" — for banners, lists, exports."""
        fmt = fmt or NumberFormat()
        name = tr(METRICS[self.metric].label) if self.metric in METRICS else self.metric
        value = _format_value(self.metric, self.value, fmt)
        if self.kind is MilestoneKind.THRESHOLD:
            text = tr("{metric} passed {value}").format(metric=name, value=value)
        elif self.kind is MilestoneKind.PERSONAL_BEST:
            what = tr(_BEST_LABELS.get(self.detail, self.detail))
            text = tr("New personal best: {what} above {value}").format(what=what, value=value)
        elif self.kind is MilestoneKind.SURGE:
            text = tr("{metric} surged {pct}").format(metric=name, pct=f"+{self.value:.0f}%")
        elif self.kind is MilestoneKind.DROP:
            text = tr("{metric} dropped {pct}").format(metric=name, pct=f"-{self.value:.0f}%")
        elif self.kind is MilestoneKind.JOINED:
            text = tr("Joined at {metric} {value}").format(metric=name, value=value)
            if self.detail:
                past = _format_value(self.metric, float(self.detail), fmt)
                text += tr(", already past {step}").format(step=past)
        else:
            text = self.detail or tr("{metric} reached {value}").format(metric=name, value=value)
        if started_ms is not None:
            text += f" @ {format_elapsed((self.ts_ms - started_ms) / 1000)}"
        return text


_BEST_LABELS = {
    "peak_viewers": "peak viewers",
    "gmv": "session GMV",
    "gmv_15m": "GMV in the first 15 minutes",
    "gmv_30m": "GMV in the first 30 minutes",
    "gpm": "GPM",
    "avg_dwell": "average dwell",
}


def _format_value(metric: str, value: float, fmt: NumberFormat) -> str:
    m = METRICS.get(metric)
    if m is None:
        return fmt.ratio(Decimal(str(value)))
    if m.is_money:
        return fmt.money(Decimal(str(round(value, 2))))
    if m.unit.value == "seconds":
        return format_elapsed(value)
    return fmt.count(round(value))


def _plain(x: float) -> str:
    """A step as plain digits ("1000000", not "1e+06")."""
    return str(int(x)) if x == int(x) else repr(x)


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """Surge (up) or drop (down) of at least `pct` % within `window_s`."""

    metric: str
    pct: float
    window_s: float
    up: bool = True
    min_base: float = 0.0
    """Ignore changes from a base below this (30 % of 50 viewers is noise)."""


@dataclass(frozen=True, slots=True)
class CustomRule:
    metric: str
    op: str
    """">=" or "<="."""
    value: float
    """Display units."""
    label: str = ""

    def __post_init__(self) -> None:
        if self.op not in (">=", "<="):
            raise ValueError("a custom rule compares with >= or <=")
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")


DEFAULT_CHANGES: tuple[ChangeRule, ...] = (
    ChangeRule("viewers", 30.0, 120.0, up=True, min_base=500),
    ChangeRule("dwell_seconds", 25.0, 300.0, up=False),
)


@dataclass(frozen=True)
class RuleSettings:
    ladders: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: dict(DEFAULT_LADDERS))
    major: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: dict(DEFAULT_MAJOR))
    changes: tuple[ChangeRule, ...] = DEFAULT_CHANGES
    custom: tuple[CustomRule, ...] = ()
    personal_bests: bool = True
    hysteresis: float = 0.5
    """Surge/drop/custom re-arm once the condition has fallen back by this share
    of its margin (0.5: a 30 % surge re-arms below +15 %)."""
    change_warmup_s: float = 300.0
    """No surge or drop alerts in the opening minutes, while a show ramps up."""
    min_best_minutes: float = 10.0
    """GPM and average dwell records count only after this long (early values are noise)."""


@dataclass(frozen=True, slots=True)
class PersonalBests:
    """The streamer's best past sessions (display units; None: no record yet)."""

    peak_viewers: float | None = None
    gmv: float | None = None
    gmv_15m: float | None = None
    gmv_30m: float | None = None
    gpm: float | None = None
    avg_dwell: float | None = None


@dataclass(slots=True)
class _ChangeState:
    """A surge/drop rule's running state: its window and whether it may fire."""

    rule: ChangeRule
    window: deque[tuple[int, float]] = field(default_factory=deque)
    armed: bool = True


class MilestoneEngine:
    """Per-session rule state. Feed it every sample in time order; it returns
    the milestones each one reveals."""

    def __init__(
        self,
        started_ms: int,
        rules: RuleSettings | None = None,
        bests: PersonalBests | None = None,
        stats: SessionStats | None = None,
    ) -> None:
        """`stats`: the session's running stats, if the caller keeps them and adds
        each sample before feeding it here; otherwise the engine keeps its own."""
        self.started_ms = started_ms
        self.rules = rules or RuleSettings()
        self.bests = bests or PersonalBests()
        self._last: dict[str, tuple[int, float]] = {}
        self._fired_bests: set[str] = set()
        self._armed: dict[object, bool] = {}
        self._own_stats = stats is None
        self._stats = SessionStats(started_ms) if stats is None else stats
        # Per metric, only the rules that concern it, so a sample's other
        # metrics (likes, comments, …) cost a set lookup and no more.
        self._steps_left: dict[str, list[float]] = {
            key: sorted(steps) for key, steps in self.rules.ladders.items() if steps
        }
        self._change_keys = {r.metric for r in self.rules.changes}
        self._change_state: dict[str, list[_ChangeState]] = {}
        for r in self.rules.changes:
            self._change_state.setdefault(r.metric, []).append(_ChangeState(r))
        self._warmup_ms = self.rules.change_warmup_s * 1000
        records = {
            "peak_viewers": self.bests.peak_viewers,
            "gmv": self.bests.gmv,
            "gmv_15m": self.bests.gmv_15m,
            "gmv_30m": self.bests.gmv_30m,
            "gpm": self.bests.gpm,
            "avg_dwell": self.bests.avg_dwell,
        }
        self._bests_left = {k for k, v in records.items() if v is not None}
        self._custom_keys = {r.metric for r in self.rules.custom}
        best_keys = {"viewers", "gmv", "dwell_seconds"} if self.rules.personal_bests else set()
        self._watched = set(self._steps_left) | self._change_keys | self._custom_keys | best_keys

    def prime(self, samples: Iterable[Sample], rejoin: bool = True) -> None:
        """Catch up on stored samples (a resumed session) without firing again.
        With `rejoin` (Genbo was down for a while), what it missed is not
        celebrated either: the next reading of every metric is a join."""
        for s in samples:
            self.feed(s)
        if rejoin:
            self.rejoin()

    def rejoin(self) -> None:
        """Forget the last readings, so the next reading of each metric sets a
        starting level instead of crossing from a stale one."""
        self._last.clear()

    def feed(self, sample: Sample) -> list[Milestone]:
        """The milestones `sample` reveals. A crossing needs an earlier reading
        of the metric, from any source: one source's 99万 and a typed 101万 is
        大屏破百万; the first reading of a metric (a source that brings it late
        included) sets its starting level."""
        out: list[Milestone] = []
        if self._own_stats:
            self._stats.add(sample)
        prevs: dict[str, tuple[int, float] | None] = {}
        joining: dict[str, list[float]] = {}
        ts = sample.ts_ms
        watched = self._watched
        last = self._last
        for key, raw in sample.values.items():
            if key not in watched:
                continue
            value = raw / METRICS[key].scale
            prev = last.get(key)
            if prev is None:
                joining[key] = self._join(key, value)
                if key in self._change_keys:
                    self._changes(key, ts, value, None)  # a base for later changes only
                last[key] = (ts, value)
                continue
            prevs[key] = prev
            if ts < prev[0]:
                continue  # a late sample from a slower source: not a crossing
            steps = self._steps_left.get(key)
            if steps and value >= steps[0]:
                out += self._ladder(key, prev, ts, value)
            if key in self._change_keys:
                out += self._changes(key, ts, value, prev)
            if key in self._custom_keys:
                out += self._custom(key, prev, ts, value)
            last[key] = (ts, value)
        joined_above: set[str] = set()
        if self.rules.personal_bests:
            out += self._personal_bests(sample, prevs, joining, joined_above)
        for key, passed in joining.items():
            if passed or key in joined_above:
                value = sample.values[key] / METRICS[key].scale
                top = _plain(max(passed)) if passed else ""
                out.append(Milestone(ts, MilestoneKind.JOINED, key, value, top, False, ts))
        out.sort(key=lambda m: m.ts_ms)
        return out

    def _join(self, key: str, value: float) -> list[float]:
        """Consume the ladder steps and custom conditions a first reading is
        already past; returns those steps (empty if nothing was passed)."""
        passed: list[float] = []
        steps = self._steps_left.get(key)
        while steps and value >= steps[0]:
            passed.append(steps.pop(0))
        for rule in self.rules.custom:
            if rule.metric == key:
                met = value >= rule.value if rule.op == ">=" else value <= rule.value
                if met:
                    self._armed[rule] = False
        return passed

    # -- helpers ---------------------------------------------------------------------
    def _crossing(
        self, prev: tuple[int, float] | None, ts: int, value: float, threshold: float
    ) -> int:
        """Time the line from the previous sample to this one crosses `threshold`."""
        if prev is None:
            return ts
        t0, v0 = prev
        if value == v0 or (ts - t0) / 1000 > MAX_INTERPOLATION_S:
            return ts
        frac = (threshold - v0) / (value - v0)
        frac = min(1.0, max(0.0, frac))
        return round(t0 + frac * (ts - t0))

    def _ladder(
        self, key: str, prev: tuple[int, float] | None, ts: int, value: float
    ) -> list[Milestone]:
        out = []
        steps = self._steps_left[key]
        while steps and value >= steps[0]:
            step = steps.pop(0)  # each step fires once
            below_before = prev is not None and prev[1] < step
            when = self._crossing(prev, ts, value, step) if below_before else ts
            major = step in self.rules.major.get(key, ())
            out.append(Milestone(when, MilestoneKind.THRESHOLD, key, step, "", major, ts))
        return out

    def _changes(
        self, key: str, ts: int, value: float, prev: tuple[int, float] | None
    ) -> list[Milestone]:
        if ts - self.started_ms < self._warmup_ms:
            return []  # the ramp-up is no surge, and no base for a later one either
        out = []
        for state in self._change_state[key]:
            rule, window = state.rule, state.window
            # A monotonic deque: its front is the window's minimum (surge) or
            # maximum (drop), so each sample costs O(1) however dense the data.
            if rule.up:
                while window and window[-1][1] >= value:
                    window.pop()
            else:
                while window and window[-1][1] <= value:
                    window.pop()
            window.append((ts, value))
            oldest = ts - rule.window_s * 1000
            while window[0][0] < oldest:
                window.popleft()
            base = window[0][1]
            if base < rule.min_base or base <= 0:
                change = 0.0
            elif rule.up:
                change = (value - base) / base * 100
            else:
                change = (base - value) / base * 100
            if state.armed and change >= rule.pct:
                state.armed = False
                target = base * (1 + rule.pct / 100) if rule.up else base * (1 - rule.pct / 100)
                when = self._crossing(prev, ts, value, target)
                kind = MilestoneKind.SURGE if rule.up else MilestoneKind.DROP
                out.append(Milestone(when, kind, key, round(change, 1), "", False, ts))
            elif not state.armed and change < rule.pct * (1 - self.rules.hysteresis):
                state.armed = True
        return out

    def _custom(
        self, key: str, prev: tuple[int, float] | None, ts: int, value: float
    ) -> list[Milestone]:
        out = []
        for rule in self.rules.custom:
            if rule.metric != key:
                continue
            met = value >= rule.value if rule.op == ">=" else value <= rule.value
            armed = self._armed.get(rule, True)
            if armed and met:
                self._armed[rule] = False
                when = self._crossing(prev, ts, value, rule.value)
                out.append(
                    Milestone(when, MilestoneKind.CUSTOM, key, rule.value, rule.label, False, ts)
                )
            elif not armed and not met:
                margin = abs(rule.value) * 0.02 * self.rules.hysteresis * 2
                back = (
                    value < rule.value - margin if rule.op == ">=" else value > rule.value + margin
                )
                if back:
                    self._armed[rule] = True
        return out

    def _personal_bests(
        self,
        sample: Sample,
        prevs: Mapping[str, tuple[int, float] | None],
        joining: Mapping[str, list[float]],
        joined_above: set[str],
    ) -> list[Milestone]:
        """`joining`: the metrics this sample sets a starting level for; those
        already above a record go into `joined_above` instead of firing."""
        b = self.bests
        out: list[Milestone] = []
        if not self._bests_left - self._fired_bests:
            return out  # every record there is to beat has been beaten
        elapsed = (sample.ts_ms - self.started_ms) / 1000
        checks: list[tuple[str, str, float | None, float | None, bool]] = []
        if "viewers" in sample.values:
            checks.append(("peak_viewers", "viewers", b.peak_viewers, None, True))
        if "gmv" in sample.values:
            checks.append(("gmv", "gmv", b.gmv, None, True))
            if elapsed <= FIRST_15_MIN_S:
                checks.append(("gmv_15m", "gmv", b.gmv_15m, None, True))
            if elapsed <= FIRST_30_MIN_S:
                checks.append(("gmv_30m", "gmv", b.gmv_30m, None, True))
        late_enough = elapsed >= self.rules.min_best_minutes * 60
        if late_enough:
            if b.gpm is not None and "gpm" not in self._fired_bests:
                gpm = self._stats.gpm_float()
                if gpm is not None:
                    checks.append(("gpm", "gmv", b.gpm, gpm, False))
            if b.avg_dwell is not None and "avg_dwell" not in self._fired_bests:
                dwell = self._stats.avg_dwell_float()
                if dwell is not None:
                    checks.append(("avg_dwell", "dwell_seconds", b.avg_dwell, dwell, False))
        for name, metric, record, current, from_sample in checks:
            if record is None or name in self._fired_bests:
                continue
            prev = prevs.get(metric)
            if from_sample:
                value = METRICS[metric].display_float(sample.values[metric])
                if value <= record:
                    continue
                if metric in joining:
                    # Already above the record when the source joined.
                    self._fired_bests.add(name)
                    joined_above.add(metric)
                    continue
                below = prev is not None and prev[1] <= record
                when = self._crossing(prev, sample.ts_ms, value, record) if below else sample.ts_ms
            else:
                if current is None or current <= record:
                    continue
                when = sample.ts_ms
            self._fired_bests.add(name)
            out.append(
                Milestone(
                    when, MilestoneKind.PERSONAL_BEST, metric, record, name, True, sample.ts_ms
                )
            )
        return out
