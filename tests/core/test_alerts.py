import pickle
import time
from dataclasses import replace
from decimal import Decimal

import pytest

from app.core import messages
from app.core.alerts import (
    COMMON_FIELDS,
    DEFAULT_RULES,
    RULE_KINDS,
    Alert,
    AlertEngine,
    AlertKind,
    AlertRule,
    AlertRuleError,
    DwellBelowRule,
    NoOrderRule,
    PeriodChangeRule,
    RoiBelowRule,
    SpendFlatRule,
    ViewersBelowRule,
    default_rule_dicts,
    parse_rules,
)
from app.core.metrics import EVERY_SOURCE, METRICS, Gap, Sample
from app.core.numbers import NumberFormat

T0 = 1_700_000_000_000
MIN = 60


def s(sec: float, source: str = "test", **values: int) -> Sample:
    return Sample(T0 + round(sec * 1000), values, source)


def run(engine: AlertEngine, samples: list[Sample]) -> list[Alert]:
    out: list[Alert] = []
    for x in samples:
        out += engine.feed(x)
    return out


def engine(*rules: AlertRule, **kw: object) -> AlertEngine:
    return AlertEngine(T0, rules, **kw)  # type: ignore[arg-type]


def gmv_series(
    rates: list[tuple[float, float]], step_s: float = 10, start_yuan: float = 0
) -> list[Sample]:
    """GMV every `step_s` seconds: (until second, yuan per step) pieces."""
    out, t, total = [], 0.0, start_yuan
    for until, per_step in rates:
        while t <= until:
            out.append(s(t, gmv=round(total * 100)))
            total += per_step
            t += step_s
    return out


# -- the table and the stored dicts ---------------------------------------------------------


def test_every_kind_round_trips_through_its_dict() -> None:
    assert set(RULE_KINDS) == {k.value for k in AlertKind}
    for r in DEFAULT_RULES:
        d = r.to_dict()
        assert d["kind"] == r.kind.value
        assert AlertRule.from_dict(d) == r
        assert type(r).from_dict(d) == r
    assert [AlertRule.from_dict(d) for d in default_rule_dicts()] == list(DEFAULT_RULES)
    for kind in RULE_KINDS.values():
        # The defaults in the table are the dataclass's own, and valid.
        assert AlertRule.from_dict({"kind": kind.key}) == kind.cls()
        assert kind.fields[-len(COMMON_FIELDS) :] == COMMON_FIELDS
        for f in kind.fields:
            if f.kind == "number":
                assert f.minimum <= f.default <= f.maximum, (kind.key, f.key)


def test_a_bad_field_says_which_rule_and_field() -> None:
    with pytest.raises(AlertRuleError) as exc:
        AlertRule.from_dict({"kind": "no_order", "minutes": 500}, number=2)
    assert str(exc.value) == "Rule 2: “Minutes” must be between 1 and 120"
    assert isinstance(exc.value, ValueError)
    # Pickled across processes with its fields.
    again = pickle.loads(pickle.dumps(exc.value))
    assert str(again) == str(exc.value) and again.fields["number"] == 2

    cases = [
        ({"kind": "no_order", "minutes": 2.5}, "“Minutes” must be a whole number"),
        ({"kind": "no_order", "minutes": "10"}, "“Minutes” must be a number"),
        ({"kind": "no_order", "enabled": 1}, "“On” must be on or off"),
        ({"kind": "spend_flat", "spend_yuan": 1.234}, "give at most two decimals of a yuan"),
        ({"kind": "change", "metric": "nope"}, "“Metric” must be one of: viewers,"),
        ({"kind": "change", "direction": "sideways"}, "“Direction” must be one of: down, up"),
        ({"kind": "surge"}, "unknown kind of rule “surge”"),
        ({"minutes": 3}, "unknown kind of rule “None”"),
        ("no_order", "not a rule"),
    ]
    for d, words in cases:
        with pytest.raises(AlertRuleError) as exc:
            AlertRule.from_dict(d)
        assert words in str(exc.value), d
    # A subclass insists on its own kind.
    with pytest.raises(AlertRuleError):
        NoOrderRule.from_dict({"kind": "viewers_below"})
    assert NoOrderRule.from_dict({"minutes": 7}) == NoOrderRule(minutes=7)
    # Made in code, a rule keeps to the same ranges.
    with pytest.raises(AlertRuleError, match="Minutes"):
        NoOrderRule(minutes=0)
    with pytest.raises(AlertRuleError, match="Metric"):
        PeriodChangeRule(metric="nope")


def test_rule_messages_follow_the_installed_translator() -> None:
    zh = {
        "Rule {number}: {message}": "规则 {number}：{message}",
        "“{field}” must be between {low} and {high}": "“{field}”须在 {low} 到 {high} 之间",
        "Minutes": "分钟",
    }
    messages.install_translator(lambda ctx, text: zh.get(text, text) if ctx == "alerts" else text)
    try:
        with pytest.raises(AlertRuleError) as exc:
            AlertRule.from_dict({"kind": "no_order", "minutes": 0}, number=3)
        assert str(exc.value) == "规则 3：“分钟”须在 1 到 120 之间"
        assert exc.value.english == "Rule 3: “Minutes” must be between 1 and 120"
    finally:
        messages.install_translator(None)


def test_parse_rules_keeps_the_good_ones_and_numbers_the_bad() -> None:
    rules, errors = parse_rules(
        [
            {"kind": "no_order", "minutes": 10},
            {"kind": "viewers_below", "below": 0},
            {"kind": "no_order", "minutes": 10, "confirm": 3},
            {"kind": "no_order", "minutes": 15},
        ]
    )
    # Two no-order rules of different lengths (a warning, an urgent one) coexist.
    assert rules == [NoOrderRule(minutes=10), NoOrderRule(minutes=15)]
    assert [r.key for r in rules] == ["no_order:10", "no_order:15"]
    assert [str(e) for e in errors] == [
        "Rule 2: “Viewers below” must be between 1 and 10000000",
        "Rule 3: the same rule as rule 1",
    ]
    assert parse_rules({"kind": "no_order"})[0] == []
    with pytest.raises(ValueError, match="two alert rules"):
        engine(NoOrderRule(minutes=10), NoOrderRule(minutes=10, confirm=3))


# -- rule 1: change against the minutes before ----------------------------------------------


def test_gmv_drop_against_the_window_before_fires_and_its_near_miss_does_not() -> None:
    rule = PeriodChangeRule(metric="gmv", minutes=5, direction="down", pct=40, min_base=100)
    # ¥100 every 10 s for 10 min (¥3,000 per 5 min), then ¥50 every 10 s: −50 %.
    eng = engine(rule)
    got = run(eng, gmv_series([(600, 100), (1200, 50)]))
    assert [a.kind for a in got] == [AlertKind.CHANGE]
    a = got[0]
    assert a.rule == "change:gmv:down:5" and a.metric == "gmv"
    # −40 % of the increase is reached once 80 % of the last window ran at half
    # the rate: 4 min in (±one 10-s bucket), and `confirm` readings later.
    assert 600 + 240 <= (a.ts_ms - T0) / 1000 <= 600 + 270
    assert a.values["pct"] <= -40 and a.values["minutes"] == 5
    assert a.describe() == "GMV in the last 5 min −42% vs the 5 before"

    # Near miss: the rate falls by 35 % only.
    near = engine(rule)
    assert run(near, gmv_series([(600, 100), (1800, 65)])) == []


def test_viewers_surge_uses_the_window_averages() -> None:
    rule = PeriodChangeRule(metric="viewers", minutes=2, direction="up", pct=50, confirm=3)
    series = [s(t, viewers=1000) for t in range(0, 240, 5)]
    series += [s(t, viewers=2000) for t in range(240, 480, 5)]
    got = run(engine(rule), series)
    assert len(got) == 1
    # Half of the last window at 2000 (avg 1500 against 1000): 60 s after the rise.
    assert 290 <= (got[0].ts_ms - T0) / 1000 <= 320
    near = [s(t, viewers=1000) for t in range(0, 240, 5)]
    near += [s(t, viewers=1450) for t in range(240, 600, 5)]
    assert run(engine(rule), near) == []


def test_tiny_bases_do_not_fire() -> None:
    rule = PeriodChangeRule(metric="orders", minutes=1, direction="up", pct=100, min_base=5)
    # 2 orders a minute, then 6: +200 %, but from a base of 2 orders.
    series, n = [], 0
    for t in range(0, 300, 10):
        series.append(s(t, orders=n))
        n += 1 if t >= 120 else (1 if t % 30 == 0 else 0)
    assert run(engine(rule), series) == []
    assert run(engine(replace(rule, min_base=1.0)), series)


# -- rule 2: no order -----------------------------------------------------------------------


def test_no_order_for_n_minutes_fires_from_tick_between_readings() -> None:
    rule = NoOrderRule(minutes=10)
    eng = engine(rule)
    out: list[Alert] = []
    # Orders read once a minute (last order at 2:00); the clock ticks every second.
    for sec in range(0, 15 * MIN):
        if sec % 60 == 0:
            out += eng.feed(s(sec, orders=3 if sec >= 120 else 2))
        out += eng.tick(T0 + sec * 1000)
    assert len(out) == 1
    # Due at 12:00; confirmed by the second evaluation one second later.
    assert out[0].ts_ms - T0 == 12 * 60_000 + 1000
    assert out[0].values["since_ms"] == T0 + 120_000 and out[0].values["orders"] == 3
    assert out[0].describe() == "No order for 10 min"


def test_an_order_just_in_time_is_a_near_miss_and_rearms() -> None:
    rule = NoOrderRule(minutes=10, cooldown_s=0)
    eng = engine(rule)
    orders = {0: 1, 590: 2, 1180: 3}  # an order every 9:50
    got: list[Alert] = []
    n = 1
    for sec in range(0, 1800, 10):
        n = orders.get(sec, n)
        got += eng.feed(s(sec, orders=n, viewers=500))
    assert [(a.ts_ms - T0) // 1000 for a in got] == [1180 + 600 + 10]


def test_no_order_waits_for_the_first_orders_reading() -> None:
    eng = engine(NoOrderRule(minutes=1))
    out = run(eng, [s(t, viewers=100) for t in range(0, 600, 5)])
    for sec in range(600, 700):
        out += eng.tick(T0 + sec * 1000)
    assert out == []
    # A source joining late with orders: its first reading starts the clock.
    out = run(eng, [s(t, viewers=100, orders=50) for t in range(700, 760, 5)])
    assert out == []
    out = run(eng, [s(t, viewers=100, orders=50) for t in range(760, 780, 5)])
    assert [(a.ts_ms - T0) // 1000 for a in out] == [765]


def test_nothing_arriving_is_a_gap_not_a_quiet_show() -> None:
    eng = engine(NoOrderRule(minutes=5))
    run(eng, [s(t, orders=7) for t in range(0, 60, 10)])
    # Then nothing at all for an hour: ticks alone never fire.
    assert [a for sec in range(60, 3600) for a in eng.tick(T0 + sec * 1000)] == []
    # Readings come back: the clock starts again from them (5 fresh minutes).
    got = run(eng, [s(t, orders=7) for t in range(3600, 3600 + 6 * MIN, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [3600 + 300 + 10]


def test_a_reported_gap_resets_the_no_order_clock() -> None:
    eng = engine(NoOrderRule(minutes=10))
    run(eng, [s(t, orders=7) for t in range(0, 8 * MIN, 5)])
    eng.gap(Gap("test", T0 + 8 * MIN * 1000, None, "timeout"))
    # The gap is reported again when it closes: harmless.
    got = run(eng, [s(t, orders=7) for t in range(8 * MIN + 30, 17 * MIN, 5)])
    eng.gap(Gap("test", T0 + 8 * MIN * 1000, T0 + (8 * MIN + 30) * 1000, "timeout"))
    got += run(eng, [s(t, orders=7) for t in range(17 * MIN, 19 * MIN, 5)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [8 * MIN + 30 + 600 + 5]
    # Another source's gap is not this one's.
    eng2 = engine(NoOrderRule(minutes=10))
    run(eng2, [s(t, orders=7) for t in range(0, 8 * MIN, 5)])
    eng2.gap(Gap("other", T0, None, "timeout"))
    assert run(eng2, [s(t, orders=7) for t in range(8 * MIN, 11 * MIN, 5)])


# -- rule 3: spend and ROI -------------------------------------------------------------------


def paid(spend_per_min: float, gmv_per_min: float, minutes: int, start: int = 0) -> list[Sample]:
    return [
        s(
            start + t,
            ad_spend=round(spend_per_min * (start + t) / 60 * 100),
            gmv=round(gmv_per_min * (start + t) / 60 * 100),
        )
        for t in range(0, minutes * 60, 10)
    ]


def test_spend_rising_while_gmv_is_flat() -> None:
    rule = SpendFlatRule(minutes=10, spend_yuan=Decimal(500), gmv_pct=50)
    # ¥80/min of spend buys ¥30/min of GMV: ¥800 spent, ¥300 earned in 10 min.
    got = run(engine(rule), paid(80, 30, 15))
    assert len(got) == 1 and (got[0].ts_ms - T0) // 1000 == 610
    assert got[0].values == {"minutes": 10, "spend_fen": 80_000, "gmv_fen": 30_000}
    assert got[0].describe() == "Spend +¥800 in 10 min, GMV +¥300"
    # Near misses: GMV at 55 % of spend; spend only ¥480 in 10 min.
    assert run(engine(rule), paid(80, 44, 15)) == []
    assert run(engine(rule), paid(48, 0, 15)) == []
    # Or GMV at most an amount.
    by_amount = SpendFlatRule(minutes=10, spend_yuan=Decimal(500), gmv_pct=0, gmv_yuan=Decimal(300))
    assert len(run(engine(by_amount), paid(80, 30, 15))) == 1
    assert run(engine(by_amount), paid(80, 31, 15)) == []


def test_live_roi_below_over_the_session_so_far() -> None:
    rule = RoiBelowRule(below=Decimal("2.0"), min_spend_yuan=Decimal(500))
    # ROI 1.3 throughout; the spend reaches ¥500 at 5:00.
    got = run(engine(rule), paid(100, 130, 10))
    assert len(got) == 1 and (got[0].ts_ms - T0) // 1000 == 310
    assert got[0].values["roi"] == "1.3000" and got[0].values["spend_fen"] == 51_667
    assert got[0].describe() == "Live ROI 1.3 below 2.0"
    # Exactly 2.0 is not below.
    assert run(engine(rule), paid(100, 200, 10)) == []
    # Zero spend has no ROI.
    assert run(engine(RoiBelowRule(min_spend_yuan=Decimal(0))), paid(0, 100, 5)) == []


# -- rules 4 and 5 ---------------------------------------------------------------------------


def test_viewers_below() -> None:
    rule = ViewersBelowRule(below=1000, confirm=3)
    got = run(engine(rule), [s(t, viewers=850) for t in range(0, 50, 10)])
    # The first reading only sets the level: readings 2, 3 and 4 confirm.
    assert [(a.ts_ms - T0) // 1000 for a in got] == [30]
    assert got[0].describe() == "Viewers 850 below 1,000"
    assert run(engine(rule), [s(t, viewers=1000) for t in range(0, 100, 10)]) == []


def test_dwell_below_the_median() -> None:
    rule = DwellBelowRule(pct=30)
    eng = engine(rule, references={"dwell_seconds": 60.0})
    got = run(eng, [s(t, dwell_seconds=410) for t in range(0, 40, 10)])
    assert len(got) == 1 and got[0].values["pct"] == 31.7
    assert got[0].describe() == "Dwell 0:41, 32% below the median 1:00"
    near = engine(rule, references={"dwell_seconds": 60.0})
    assert run(near, [s(t, dwell_seconds=430) for t in range(0, 100, 10)]) == []


def test_dwell_without_a_median_says_it_cannot_run() -> None:
    for refs in (None, {"dwell_seconds": 0.0}, {"viewers": 3000.0}):
        eng = engine(DwellBelowRule(pct=30), references=refs)
        assert set(eng.cannot_run) == {"dwell_below:30"}
        assert "no median dwell" in str(eng.cannot_run["dwell_below:30"])
        assert run(eng, [s(t, dwell_seconds=10) for t in range(0, 100, 10)]) == []


# -- debounce, cool-down, warm-up ------------------------------------------------------------


def test_one_bad_reading_does_not_fire() -> None:
    eng = engine(ViewersBelowRule(below=1000, confirm=3))
    seq = [1200, 1200, 900, 1200, 900, 900, 1200, 900, 900, 900]
    got = run(eng, [s(i * 10, viewers=v) for i, v in enumerate(seq)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [90]


def test_cool_down_and_rearming() -> None:
    eng = engine(ViewersBelowRule(below=1000, confirm=2, cooldown_s=300))
    # Below for 10 minutes: one alert, not one per reading.
    got = run(eng, [s(t, viewers=800) for t in range(0, 600, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [20]
    # Cleared and below again after the cool-down: a second alert.
    got = run(eng, [s(600, viewers=1100)] + [s(t, viewers=800) for t in range(610, 700, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [620]
    # Cleared and below again within the cool-down: it waits for its end.
    got = run(eng, [s(700, viewers=1100)] + [s(t, viewers=800) for t in range(710, 1000, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [920]


def test_after_min_keeps_the_opening_quiet() -> None:
    eng = engine(ViewersBelowRule(below=1000, after_min=10))
    got = run(eng, [s(t, viewers=50) for t in range(0, 700, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [610]


# -- the edges -------------------------------------------------------------------------------


def test_no_firing_from_values_across_a_gap() -> None:
    rule = PeriodChangeRule(metric="gmv", minutes=5, direction="down", pct=40, min_base=100)
    # Ten minutes at ¥100/10 s, a 4-minute silence (a gap), then ¥100/10 s again:
    # comparing across the gap would see the silent minutes as a fall.
    before = gmv_series([(600, 100)])
    total = 6100.0
    after = [s(t, gmv=round((total + 100 * (t - 840) / 10) * 100)) for t in range(840, 1500, 10)]
    assert run(engine(rule), before + after) == []
    # (Were the silence not a gap, it would: the silent minutes look like a fall.)
    assert run(engine(rule, max_silence_s=3600), before + after)
    # With the same rates and no gap, a real fall after the gap still fires
    # once two whole windows of fresh data exist.
    fall = [s(t, gmv=round((total + 30 * (t - 840) / 10) * 100)) for t in range(840, 2000, 10)]
    assert run(engine(rule), before + fall) == []  # 0 → all fresh at the slower rate
    late = after + [
        s(t, gmv=round((total + 6600 + 30 * (t - 1500) / 10) * 100)) for t in range(1500, 2000, 10)
    ]
    got = run(engine(rule), before + late)
    assert len(got) == 1 and (got[0].ts_ms - T0) / 1000 >= 1500


def test_the_debounce_restarts_after_a_gap() -> None:
    eng = engine(ViewersBelowRule(below=1000, confirm=3))
    got = run(eng, [s(t, viewers=800) for t in (0, 10, 20)])  # two readings counted
    # A silence longer than max_silence_s: the next reading only sets the level.
    got += run(eng, [s(t, viewers=800) for t in (200, 210, 220)])
    assert got == []
    got = run(eng, [s(230, viewers=800)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [230]
    # An explicit gap of every source does the same.
    eng = engine(ViewersBelowRule(below=1000, confirm=3))
    run(eng, [s(t, viewers=800) for t in (0, 10, 20)])
    eng.gap(Gap(EVERY_SOURCE, T0 + 25_000, T0 + 28_000, "Genbo was not running"))
    assert run(eng, [s(t, viewers=800) for t in (30, 40, 50)]) == []
    assert len(run(eng, [s(60, viewers=800)])) == 1


def test_a_resumed_engine_does_not_fire_again() -> None:
    rule = ViewersBelowRule(below=1000, cooldown_s=600)
    history = [s(t, viewers=800) for t in range(0, 300, 10)]
    first = run(engine(rule), history)
    assert len(first) == 1
    stored = [Alert.from_dict(a.to_dict()) for a in first]
    assert stored == first

    # Rebuilt with the alerts that fired: still below, no second alert …
    again = engine(rule, fired=stored)
    assert run(again, [s(t, viewers=800) for t in range(300, 900, 10)]) == []
    # … until it has cleared and the cool-down is over.
    got = run(again, [s(900, viewers=1200)] + [s(t, viewers=800) for t in range(910, 950, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [920]

    # Seeded with (rule key, time) only: the cool-down runs from that time.
    seeded = engine(rule, fired=[("viewers_below:1000", T0 + 20_000)])
    # (Its first reading only sets the level: the second one clears.)
    got = run(seeded, [s(t, viewers=1200) for t in (290, 300)])
    got += run(seeded, [s(t, viewers=800) for t in range(310, 700, 10)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == [620]

    # Primed with the stored samples: nothing reported, nothing fired again.
    primed = engine(rule)
    primed.prime(history)
    assert run(primed, [s(t, viewers=800) for t in range(400, 600, 10)]) == []

    # A seeded key the rules no longer have is ignored.
    assert len(run(engine(rule, fired=[("no_order:10", T0)]), history)) == 1


def test_a_source_joining_late_only_sets_the_level() -> None:
    rules = (
        PeriodChangeRule(metric="gmv", minutes=1, direction="up", pct=50, min_base=1),
        NoOrderRule(minutes=5),
    )
    eng = engine(*rules)
    # Viewers from the start; GMV and orders join 30 minutes in with big totals.
    got = run(eng, [s(t, viewers=2000) for t in range(0, 1800, 10)])
    got += run(eng, [s(1800, "late", gmv=500_000_00, orders=4000)])
    # Then GMV grows evenly, orders too: neither the first total nor the join fires.
    got += run(
        eng,
        [
            s(t, "late", gmv=500_000_00 + (t - 1800) * 100, orders=4000 + (t - 1800) // 10)
            for t in range(1810, 2400, 10)
        ],
    )
    assert got == []


def test_out_of_order_and_duplicate_readings() -> None:
    eng = engine(ViewersBelowRule(below=1000, confirm=3))
    # The same instant three times (two sources, a repeat) is one reading.
    got = run(eng, [s(0, viewers=800), s(10, viewers=800), s(10, "b", viewers=800)])
    got += run(eng, [s(10, viewers=800), s(5, viewers=800), s(3, viewers=800)])
    assert got == []
    assert run(eng, [s(20, viewers=800)]) == []
    assert len(run(eng, [s(30, viewers=800)])) == 1
    # A late reading from before the newest is ignored: it cannot clear either.
    eng = engine(ViewersBelowRule(below=1000, confirm=2))
    run(eng, [s(0, viewers=800), s(10, viewers=800)])
    got = run(eng, [s(5, viewers=1500), s(600, viewers=1500), s(610, viewers=800)])
    assert [(a.ts_ms - T0) // 1000 for a in got] == []  # 600 s: a gap before it


def test_a_metric_that_never_arrives() -> None:
    eng = AlertEngine(T0, DEFAULT_RULES, references={"dwell_seconds": 60.0})
    got = run(eng, [s(t, viewers=5000) for t in range(0, 3600, 10)])
    for sec in range(0, 3600, 7):
        got += eng.tick(T0 + sec * 1000)
    assert got == []
    assert eng.cannot_run == {}


# -- words and numbers -----------------------------------------------------------------------


def test_describe_uses_the_format_and_the_translator() -> None:
    a = Alert(
        "change:gmv:down:5", AlertKind.CHANGE, "gmv", T0 + 65_000, {"minutes": 5, "pct": -42.4}
    )
    assert a.describe() == "GMV in the last 5 min −42% vs the 5 before"
    assert a.describe(started_ms=T0) == "GMV in the last 5 min −42% vs the 5 before @ 1:05"
    zh = {
        ("alerts", "{metric} in the last {minutes} min {change} vs the {minutes} before"): (
            "{metric}近{minutes}分钟环比{change}"
        ),
        ("metrics", "GMV"): "成交金额",
        (
            "alerts",
            "Spend +{spend} in {minutes} min, GMV +{gmv}",
        ): "{minutes}分钟消耗+{spend}，成交+{gmv}",
    }

    def tr(ctx: str, text: str) -> str:
        return zh.get((ctx, text), text)

    assert a.describe(NumberFormat(), tr) == "成交金额近5分钟环比−42%"
    spend = Alert(
        "spend_flat",
        AlertKind.SPEND_FLAT,
        "ad_spend",
        T0,
        {"minutes": 10, "spend_fen": 1_234_500_00, "gmv_fen": 12_000},
    )
    assert spend.describe(NumberFormat(), tr) == "10分钟消耗+¥123.45万，成交+¥120"
    assert spend.describe(NumberFormat(units="west")) == "Spend +¥1.23M in 10 min, GMV +¥120"
    # A broken translation falls back to English.
    assert a.describe(NumberFormat(), lambda c, t: "{nope}" if c == "alerts" else t) == a.describe()
    up = Alert("change:viewers:up:2", AlertKind.CHANGE, "viewers", T0, {"minutes": 2, "pct": 55.0})
    assert up.describe() == "Viewers online in the last 2 min +55% vs the 2 before"
    roi = Alert(
        "roi_below", AlertKind.ROI_BELOW, "ad_spend", T0, {"roi": "1.2500", "below": "1.75"}
    )
    assert roi.describe() == "Live ROI 1.25 below 1.75"


def test_every_metric_of_the_catalogue_can_have_a_change_rule() -> None:
    for key in METRICS:
        rule = AlertRule.from_dict({"kind": "change", "metric": key, "minutes": 1})
        eng = engine(rule)
        series = [Sample(T0 + t * 1000, {key: 10 + t}) for t in range(0, 200, 10)]
        assert run(eng, series) == []


def test_an_hour_at_1_hz_of_six_metrics_feeds_quickly() -> None:
    eng = AlertEngine(
        T0,
        (*DEFAULT_RULES, PeriodChangeRule(metric="orders", minutes=30, direction="up", pct=50)),
        references={"dwell_seconds": 60.0},
    )
    samples = [
        s(
            t,
            viewers=3000 + t % 97,
            dwell_seconds=600 + t % 13,
            gmv=t * 1234,
            orders=t // 7,
            ad_spend=t * 300,
            watch_pv=t * 11,
        )
        for t in range(3600)
    ]
    begin = time.perf_counter()
    for x in samples:
        eng.feed(x)
        eng.tick(x.ts_ms + 500)
    assert time.perf_counter() - begin < 1.0


def test_a_lagging_orders_source_is_judged_at_the_newest_time() -> None:
    eng = engine(NoOrderRule(minutes=5, cooldown_s=0))
    out = run(eng, [s(t, orders=9) for t in range(0, 300, 10)])
    for sec in range(300, 330):
        out += eng.tick(T0 + sec * 1000)
    assert [(a.ts_ms - T0) // 1000 for a in out] == [301]
    # A reading stamped before the newest tick, no order in it: still no order
    # for 5 minutes at the newest time, so it neither clears nor fires again.
    assert run(eng, [s(315, orders=9)]) == []
    assert [a for sec in range(330, 400) for a in eng.tick(T0 + sec * 1000)] == []
    # An order in a lagging reading clears it.
    assert run(eng, [s(395, orders=10)]) == []
    later = [a for sec in range(400, 800) for a in eng.tick(T0 + sec * 1000)]
    assert [(a.ts_ms - T0) // 1000 for a in later] == []  # no orders reading since 395
    got = run(eng, [s(t, orders=10) for t in range(800, 1200, 10)])
    # Readings again after that silence: 5 fresh minutes from 800 s, confirmed at 1110 s.
    assert [(a.ts_ms - T0) // 1000 for a in got] == [1110]


def test_a_spend_source_rejoining_restarts_the_roi_debounce() -> None:
    rule = RoiBelowRule(below=Decimal(2), min_spend_yuan=Decimal(100), confirm=3)

    def both(t: int) -> list[Sample]:
        # Spend from the ad platform's source, GMV a second later from the shop's: ROI 1.5.
        return [s(t, "paid", ad_spend=100_00 * t), s(t + 1, "shop", gmv=150_00 * t)]

    def when(alerts: list[Alert]) -> list[int]:
        return [(a.ts_ms - T0) // 1000 for a in alerts]

    # Each is a reading once both are known (the first of each sets a level).
    eng = engine(rule)
    assert when(run(eng, [x for t in (10, 20, 30) for x in both(t)])) == [30]
    eng = engine(rule)
    assert run(eng, [x for t in (10, 20) for x in both(t)]) == []  # two counted
    eng.gap(Gap("paid", T0 + 25_000, None, "timeout"))
    # The spend's first reading after its gap only sets the level, and the
    # debounce starts again: three more readings.
    assert when(run(eng, [x for t in (40, 50) for x in both(t)])) == [51]
