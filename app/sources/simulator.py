"""A built-in simulated live-commerce session, for the demo, tests and benchmarks.

The model keeps the figures consistent with each other the way a real
dashboard's are: viewers ramp up, wave with the product pitches and decay
towards the end; orders arrive in bursts during pitches; buyers ≤ orders;
cumulative unique viewers ≥ peak online; views ≥ unique viewers; paid-traffic
spend comes in campaign bursts that lift traffic. Everything is drawn from one
seeded generator per tick, so a seed gives the same session whatever the
wall-clock speed.

An outage (`outage_at_s`, `outage_s`) makes the source go quiet for a while, as a
platform's dashboard sometimes does: no samples, the status STALE, a gap; the
show itself goes on, so the totals jump when the readings come back.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from app.core.messages import QT_TRANSLATE_NOOP, translate
from app.core.metrics import Gap, Sample, by_channel
from app.sources.base import (
    Source,
    SourceConfigError,
    SourceContext,
    SourceSink,
    SourceState,
    SourceStatus,
    register,
)

PRICES_FEN = (3990, 5990, 6900, 9900, 12900, 15900, 19900, 29900, 49900)
DEFAULT_PLANNED_S = 4 * 3600
DEMO_STREAMER = "演示主播 Demo"
"""Whose show `genbo --demo` simulates (and `genbo demo-history` gives earlier ones)."""
OUTAGE_REASON = QT_TRANSLATE_NOOP("sources", "simulated outage")
"""A simulated outage's gap reason (stored in English, translated where shown)."""
_EPS = 1e-9


@dataclass
class _Pitch:
    start: float
    end: float
    price_fen: int
    strength: float


@dataclass
class _Campaign:
    start: float
    end: float
    fen_per_s: float


SIM_CHANNELS = ("natural", "short_video", "followers", "search", "mall", "paid", "other")
"""The traffic channels a simulated show's entries and GMV are split by."""


@dataclass
class LiveShowModel:
    """One simulated show. `step()` advances it by `dt` seconds of session time."""

    seed: int | None = None
    planned_s: float = DEFAULT_PLANNED_S
    size: float = 1.0
    rng: np.random.Generator = field(init=False)
    """The show's schedule: pitches, prices, campaigns."""
    counts: np.random.Generator = field(init=False)
    """Per-second noise and counts, kept apart so the schedule does not shift
    when a rate changes (numpy's samplers use a varying number of draws)."""
    funnel: np.random.Generator = field(init=False)
    """The funnel and the traffic channels' draws, apart again: they came
    later, and the shows' other numbers stay what they were for a seed."""
    t: float = 0.0
    viewers: float = 0.0
    dwell: float = 45.0
    totals: dict[str, int] = field(default_factory=dict)
    peak: int = 0
    _pitch: _Pitch | None = None
    _next_pitch: float = 0.0
    _campaign: _Campaign | None = None
    _next_campaign: float = 0.0
    _level: float = 0.0
    _phase: float = 0.0

    def __post_init__(self) -> None:
        seq = np.random.SeedSequence(self.seed)
        schedule_seed, counts_seed, funnel_seed = seq.spawn(3)
        self.rng = np.random.default_rng(schedule_seed)
        self.counts = np.random.default_rng(counts_seed)
        self.funnel = np.random.default_rng(funnel_seed)
        self._level = self.size * float(self.rng.uniform(14_000, 20_000))
        self._phase = float(self.rng.uniform(0, 2 * math.pi))
        self._next_pitch = float(self.rng.uniform(40, 120))
        self._next_campaign = float(self.rng.uniform(120, 400))
        self.viewers = self._level * 0.03
        for key in (
            "watch_uv", "watch_pv", "gmv", "orders", "buyers", "product_clicks",
            "new_followers", "likes", "comments", "ad_spend", "refunds",
            "impressions", "entries", "exits",
        ):  # fmt: skip
            self.totals[key] = 0
        for ch in SIM_CHANNELS:
            self.totals[by_channel("entries", ch)] = 0
            self.totals[by_channel("gmv", ch)] = 0

    # -- schedule --------------------------------------------------------------------
    def _pitch_intensity(self) -> float:
        p = self._pitch
        if p is None:
            return 0.0
        span = p.end - p.start
        x = (self.t - p.start) / span
        # Rises fast at the pitch's start, eases off towards its end.
        return p.strength * min(1.0, x * 6) * (1.0 - 0.5 * x)

    def _update_schedule(self) -> None:
        rng = self.rng
        if self._pitch is not None and self.t >= self._pitch.end:
            self._pitch = None
            self._next_pitch = self.t + float(rng.uniform(20, 90))
        if self._pitch is None and self.t >= self._next_pitch:
            length = float(rng.uniform(180, 420))
            self._pitch = _Pitch(
                self.t,
                self.t + length,
                int(rng.choice(PRICES_FEN)),
                float(rng.uniform(0.7, 1.3)),
            )
        if self._campaign is not None and self.t >= self._campaign.end:
            self._campaign = None
            self._next_campaign = self.t + float(rng.uniform(300, 900))
        if self._campaign is None and self.t >= self._next_campaign:
            length = float(rng.uniform(120, 300))
            budget_fen = float(rng.uniform(3_000, 20_000)) * 100 * self.size
            self._campaign = _Campaign(self.t, self.t + length, budget_fen / length)

    # -- one tick --------------------------------------------------------------------
    def step(self, dt: float) -> dict[str, int]:
        rng = self.counts
        self.t += dt
        t = self.t
        self._update_schedule()
        pitch = self._pitch_intensity()
        campaign = 1.0 if self._campaign is not None else 0.0

        ramp = 1.0 - math.exp(-t / 240.0)
        wave = 1.0 + 0.12 * math.sin(2 * math.pi * t / 1800.0 + self._phase)
        tail_start = 0.8 * self.planned_s
        decay = 1.0
        if t > tail_start:
            x = min(1.0, (t - tail_start) / (0.2 * self.planned_s))
            decay = 1.0 - 0.6 * (x * x * (3 - 2 * x))
        target = self._level * ramp * wave * decay * (1 + 0.2 * pitch + 0.1 * campaign)
        k = min(1.0, 0.08 * dt)
        self.viewers += (target - self.viewers) * k
        self.viewers += float(rng.normal(0, 0.01 * max(target, 50.0))) * math.sqrt(dt)
        self.viewers = max(self.viewers, 0.0)
        viewers = round(self.viewers)
        self.peak = max(self.peak, viewers)

        dwell_target = 68.0 + 12.0 * pitch + 6.0 * math.sin(2 * math.pi * t / 1500.0)
        self.dwell += (dwell_target - self.dwell) * min(1.0, 0.05 * dt)
        self.dwell += float(rng.normal(0, 0.4)) * math.sqrt(dt)
        self.dwell = min(150.0, max(30.0, self.dwell))

        tot = self.totals
        arrivals = int(rng.poisson(max(viewers, 0) / self.dwell * dt))
        unique_share = 0.92 - 0.3 * min(1.0, t / 7200.0)
        tot["watch_pv"] += arrivals
        tot["watch_uv"] += int(rng.binomial(arrivals, unique_share))
        tot["watch_uv"] = max(tot["watch_uv"], self.peak)
        tot["watch_pv"] = max(tot["watch_pv"], tot["watch_uv"])

        order_rate = viewers * 3.2e-4 * (0.12 + pitch)
        orders = int(rng.poisson(order_rate * dt))
        price = self._pitch.price_fen if self._pitch is not None else 9900
        qty = int(orders + rng.poisson(0.2 * orders)) if orders else 0
        tot["orders"] += orders
        tot["gmv"] += qty * price
        tot["buyers"] += int(rng.binomial(orders, 0.88))
        tot["product_clicks"] += int(rng.poisson(order_rate * 9 * dt + viewers * 1e-4 * dt))
        tot["new_followers"] += int(rng.poisson(viewers * 2e-5 * (1 + pitch) * dt))
        tot["likes"] += int(rng.poisson(viewers * 0.02 * dt))
        tot["comments"] += int(rng.poisson(viewers * 1e-3 * (1 + pitch) * dt))
        if self._campaign is not None:
            tot["ad_spend"] += int(self._campaign.fen_per_s * dt * float(rng.uniform(0.6, 1.4)))
        tot["refunds"] += int(rng.binomial(orders, 0.03)) * price
        self._funnel_step(arrivals, viewers, qty, price, pitch, dt)

        values = dict(tot)
        values["viewers"] = viewers
        values["dwell_seconds"] = round(self.dwell * 10)
        return values

    def _funnel_step(
        self, arrivals: int, viewers: int, qty: int, price: int, pitch: float, dt: float
    ) -> None:
        """曝光 → 进入 and the channels: the step's entries split by channel
        (paid traffic's share rises while a campaign runs), its GMV split by
        the channels' entries and how well each converts; each channel's sums
        add up to the whole exactly."""
        rng, tot = self.funnel, self.totals
        entry_rate = 0.09 + 0.04 * pitch
        tot["impressions"] += arrivals + int(rng.poisson(arrivals * (1 / entry_rate - 1)))
        tot["entries"] += arrivals
        tot["exits"] += min(
            tot["entries"] - tot["exits"],
            int(rng.poisson(max(viewers, 0) / max(self.dwell, 1.0) * dt)),
        )
        paid = 0.3 if self._campaign is not None else 0.04
        shares = np.array([0.46, 0.12, 0.1, 0.05, 0.04, paid, 0.03])
        shares /= shares.sum()
        by_entries = rng.multinomial(arrivals, shares)
        converts = shares * np.array([1.0, 0.9, 1.8, 1.4, 1.2, 0.7, 0.8])
        by_qty = rng.multinomial(qty, converts / converts.sum()) if qty else by_entries * 0
        for ch, n_in, n_qty in zip(SIM_CHANNELS, by_entries, by_qty, strict=True):
            tot[by_channel("entries", ch)] += int(n_in)
            tot[by_channel("gmv", ch)] += int(n_qty) * price


SIM_METRICS = tuple(sorted(LiveShowModel(seed=0).step(1.0)))
"""Every number a simulated show reports (its channels' splits included)."""


@register
class SimulatorSource(Source):
    kind = "simulator"

    def __init__(
        self,
        seed: int | None = None,
        speed: float = 1.0,
        duration_s: float | None = None,
        tick_s: float = 1.0,
        size: float = 1.0,
        outage_at_s: float | None = None,
        outage_s: float = 0.0,
        metrics: Sequence[str] | None = None,
    ) -> None:
        """`outage_at_s`, `outage_s`: from that session time, for that many
        seconds, the source delivers nothing (see the module's docstring).
        `metrics`: only these of the show's numbers are reported, as a
        dashboard that shows fewer would (None: every one of `SIM_METRICS`)."""
        if speed <= 0:
            raise SourceConfigError(QT_TRANSLATE_NOOP("sources", "speed must be greater than 0"))
        if tick_s <= 0:
            raise SourceConfigError(QT_TRANSLATE_NOOP("sources", "tick must be greater than 0"))
        if duration_s is not None and duration_s <= 0:
            raise SourceConfigError(QT_TRANSLATE_NOOP("sources", "duration must be greater than 0"))
        if outage_at_s is not None:
            if outage_at_s < 0:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "the outage cannot start before the show")
                )
            if outage_s <= 0:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP("sources", "an outage must last longer than 0 seconds")
                )
        # An unseeded show gets its seed now, so it is stored with the session
        # and a resume replays the same show (a new one made GMV fall back).
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.speed = float(speed)
        self.duration_s = duration_s
        self.tick_s = float(tick_s)
        self.size = size
        self.outage_at_s = None if outage_at_s is None else float(outage_at_s)
        self.outage_s = float(outage_s) if outage_at_s is not None else 0.0
        if metrics is not None:
            unknown = sorted(set(metrics) - set(SIM_METRICS))
            if unknown or not metrics:
                raise SourceConfigError(
                    QT_TRANSLATE_NOOP(
                        "sources", "the simulator reports some of: {known}; not {unknown}"
                    ),
                    known=", ".join(SIM_METRICS),
                    unknown=", ".join(unknown) or "[]",
                )
        self.metrics = None if metrics is None else tuple(dict.fromkeys(metrics))

    @property
    def label(self) -> str:
        return f"Simulator ×{self.speed:g}" if self.speed != 1 else "Simulator"

    @property
    def time_scale(self) -> float:
        return self.speed

    def config(self) -> dict[str, Any]:
        cfg: dict[str, Any] = {
            "seed": self.seed,
            "speed": self.speed,
            "duration_s": self.duration_s,
            "tick_s": self.tick_s,
            "size": self.size,
        }
        if self.outage_at_s is not None:  # only when set: older sessions' configs stay equal
            cfg["outage_at_s"] = self.outage_at_s
            cfg["outage_s"] = self.outage_s
        if self.metrics is not None:
            cfg["metrics"] = list(self.metrics)
        return cfg

    @property
    def outage(self) -> tuple[float, float] | None:
        """The outage's span in session seconds, [start, end), or None."""
        if self.outage_at_s is None:
            return None
        return (self.outage_at_s, self.outage_at_s + self.outage_s)

    def model(self) -> LiveShowModel:
        planned = self.duration_s if self.duration_s is not None else DEFAULT_PLANNED_S
        return LiveShowModel(seed=self.seed, planned_s=planned, size=self.size)

    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        model = self.model()
        # A resumed session continues the same show from where it was cut off.
        while model.t + self.tick_s <= ctx.resume_elapsed_s:
            model.step(self.tick_s)
        sink.status(SourceStatus(SourceState.LIVE, ""))
        session_t = model.t
        wall0 = time.monotonic()
        end = self.duration_s
        poll = min(0.1, max(0.01, self.tick_s / self.speed / 2))
        outage = self.outage
        gap: Gap | None = None
        started = ctx.session_started_ms
        while not stop.is_set():
            target = ctx.resume_elapsed_s + (time.monotonic() - wall0) * self.speed
            if end is not None:
                target = min(target, end)
            batch: list[Sample] = []
            while session_t + self.tick_s <= target + _EPS:
                # The show goes on through an outage: only its readings are missing.
                values = model.step(self.tick_s)
                if self.metrics is not None:
                    values = {k: values[k] for k in self.metrics if k in values}
                session_t = model.t
                ts = started + round(session_t * 1000)
                quiet = outage is not None and outage[0] - _EPS <= session_t < outage[1] - _EPS
                if quiet and gap is None:
                    assert outage is not None
                    if batch:
                        sink.samples(batch)
                        batch = []
                    gap = Gap(self.kind, started + round(outage[0] * 1000), None, OUTAGE_REASON)
                    sink.gap(gap)
                    shown = translate("sources", OUTAGE_REASON)
                    sink.status(SourceStatus(SourceState.STALE, shown, gap.start_ms))
                elif not quiet and gap is not None:
                    assert outage is not None
                    back = started + round(outage[1] * 1000)
                    sink.gap(replace(gap, end_ms=back))
                    gap = None
                    sink.status(SourceStatus(SourceState.LIVE, "", back))
                if not quiet:
                    batch.append(Sample(ts, values, self.kind))
            if batch:
                sink.samples(batch)
            if end is not None and session_t + self.tick_s > end + _EPS:
                if gap is not None:
                    sink.gap(replace(gap, end_ms=started + round(session_t * 1000)))
                sink.status(SourceStatus(SourceState.FINISHED, ""))
                return
            stop.wait(poll)
        if gap is not None:  # as http_poll does: closed where it was stopped
            sink.gap(
                replace(
                    gap, end_ms=started + round(session_t * 1000), reason=gap.reason + "; stopped"
                )
            )
        sink.status(SourceStatus(SourceState.STOPPED, ""))
