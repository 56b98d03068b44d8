import pytest

from app.core.metrics import Sample
from app.core.milestones import (
    ChangeRule,
    CustomRule,
    MilestoneEngine,
    MilestoneKind,
    PersonalBests,
    RuleSettings,
)
from app.core.numbers import NumberFormat

T0 = 1_700_000_000_000


def s(sec: float, **values: int) -> Sample:
    return Sample(T0 + int(sec * 1000), values, "test")


def gmv(sec: float, yuan: float) -> Sample:
    return s(sec, gmv=round(yuan * 100))


def run(engine: MilestoneEngine, samples):
    out = []
    for x in samples:
        out += engine.feed(x)
    return out


def test_gmv_ladder_fires_each_step_once_at_the_interpolated_crossing() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    got = run(eng, [gmv(0, 0), gmv(60, 80_000), gmv(120, 120_000), gmv(180, 1_100_000)])
    steps = [(m.value, m.ts_ms - T0) for m in got if m.kind is MilestoneKind.THRESHOLD]
    # ¥10万 crossed between 60 s (¥8万) and 120 s (¥12万): at 90 s.
    assert steps[0] == (100_000, 90_000)
    # ¥50万 and ¥100万 both between 120 s (¥12万) and 180 s (¥110万).
    assert steps[1][0] == 500_000 and steps[1][1] == pytest.approx(
        120_000 + 60_000 * 38 / 98, abs=1
    )
    assert steps[2][0] == 1_000_000 and steps[2][1] == pytest.approx(
        120_000 + 60_000 * 88 / 98, abs=1
    )
    assert [m.major for m in got] == [False, False, True]
    assert all(m.noticed_ms == T0 + 180_000 for m in got[1:])
    # Never again, even if the figure dips and climbs back (a correction).
    assert run(eng, [gmv(240, 900_000), gmv(300, 1_200_000)]) == []


def test_gauge_noise_around_a_step_does_not_flap() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False, changes=()))
    values = [9_900, 10_050, 9_950, 10_020, 9_980, 10_100]
    got = run(eng, [s(i * 5, viewers=v) for i, v in enumerate(values)])
    assert [(m.value, m.kind) for m in got] == [
        (9_900, MilestoneKind.JOINED),
        (10_000, MilestoneKind.THRESHOLD),
    ]
    # The first reading is already above 1千 and 5千: the starting level, not crossings.
    assert got[0].ts_ms == T0 and got[0].detail == "5000"
    # 1万 crossed between 9,900 @0 s and 10,050 @5 s: at 3.33 s.
    assert got[1].ts_ms - T0 == pytest.approx(3333, abs=1)


def test_a_long_silence_is_not_interpolated_across() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    got = run(eng, [gmv(0, 90_000), gmv(600, 110_000)])
    assert got[0].ts_ms == T0 + 600_000


def test_viewer_surge_with_hysteresis() -> None:
    rules = RuleSettings(
        ladders={},
        personal_bests=False,
        changes=(ChangeRule("viewers", 30, 120),),
        change_warmup_s=0,
    )
    eng = MilestoneEngine(T0, rules)
    seq = [1000, 1000, 1100, 1400, 1500, 1450, 1500]  # every 10 s
    got = run(eng, [s(i * 10, viewers=v) for i, v in enumerate(seq)])
    assert [m.kind for m in got] == [MilestoneKind.SURGE]
    assert got[0].value == 40.0
    # +30% of the window minimum (1,300) was crossed between 1,100 @20 s and 1,400 @30 s.
    assert got[0].ts_ms - T0 == pytest.approx(26_667, abs=1)
    # Still high: no second firing. It must fall back below +15% first.
    t = 70
    for v in [1500, 1600, 1700]:
        assert eng.feed(s(t, viewers=v)) == []
        t += 10
    # Window slides past the old minimum; the level settles (change < 15%): re-armed.
    for _ in range(15):
        eng.feed(s(t, viewers=1700))
        t += 10
    again = run(eng, [s(t, viewers=2300)])
    assert [m.kind for m in again] == [MilestoneKind.SURGE]


def test_dwell_drop() -> None:
    rules = RuleSettings(ladders={}, personal_bests=False, change_warmup_s=0)
    eng = MilestoneEngine(T0, rules)
    got = run(eng, [s(i * 30, dwell_seconds=d) for i, d in enumerate([900, 900, 800, 650, 600])])
    assert [m.kind for m in got] == [MilestoneKind.DROP]
    assert got[0].metric == "dwell_seconds"
    assert got[0].value == pytest.approx(27.8, abs=0.1)


def test_custom_rule_with_hysteresis() -> None:
    rule = CustomRule("orders", ">=", 100, "100 orders!")
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, changes=(), custom=(rule,)))
    got = run(eng, [s(0, orders=90), s(10, orders=110)])
    assert [(m.kind, m.detail) for m in got] == [(MilestoneKind.CUSTOM, "100 orders!")]
    assert got[0].ts_ms == T0 + 5_000
    assert run(eng, [s(20, orders=100), s(30, orders=101)]) == []
    assert run(eng, [s(40, orders=90), s(50, orders=120)])[0].kind is MilestoneKind.CUSTOM


def test_custom_rule_validation() -> None:
    with pytest.raises(ValueError):
        CustomRule("orders", ">", 1)
    with pytest.raises(ValueError):
        CustomRule("nope", ">=", 1)


def test_personal_bests_against_stored_history() -> None:
    bests = PersonalBests(peak_viewers=20_000, gmv=2_000_000, gmv_15m=300_000)
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, changes=()), bests)
    got = run(
        eng,
        [
            s(720, viewers=19_000, gmv=250_000_00),
            s(840, viewers=21_000, gmv=350_000_00),  # both records crossed at 780 s
            s(1200, viewers=25_000),
            s(7200, gmv=2_100_000_00),
        ],
    )
    names = [(m.detail, m.ts_ms - T0) for m in got]
    assert set(names[:2]) == {("gmv_15m", 780_000), ("peak_viewers", 780_000)}
    assert names[2] == ("gmv", 7_200_000)
    assert all(m.major for m in got)
    assert run(eng, [s(7300, viewers=30_000, gmv=2_200_000_00)]) == [], "once each"


def test_no_history_no_personal_best() -> None:
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, changes=()))
    assert run(eng, [s(0, viewers=1), s(10, viewers=99_999)]) == []


def test_gpm_best_only_after_enough_time() -> None:
    bests = PersonalBests(gpm=1000.0)
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, changes=()), bests)
    assert eng.feed(s(60, gmv=10_000_00, watch_pv=5)) == [], "too early to count"
    got = eng.feed(s(900, gmv=50_000_00, watch_pv=20_000))
    assert [m.detail for m in got] == ["gpm"]


def test_describe() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    (m,) = [x for x in run(eng, [gmv(0, 990_000), gmv(10, 1_010_000)]) if x.value == 1_000_000]
    assert m.describe(NumberFormat()) == "GMV passed ¥100万"
    assert m.describe(NumberFormat(), started_ms=T0) == "GMV passed ¥100万 @ 0:05"


def test_priming_a_resumed_session_does_not_fire_again() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    eng.prime([gmv(0, 0), gmv(60, 200_000)])
    # What passed while Genbo was down is the level it rejoins at, once.
    (joined,) = eng.feed(gmv(120, 600_000))
    assert joined.kind is MilestoneKind.JOINED and joined.detail == "500000"
    assert [m.value for m in eng.feed(gmv(180, 1_100_000))] == [1_000_000]


def test_no_surge_alerts_while_the_show_ramps_up_or_from_a_tiny_base() -> None:
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, personal_bests=False))
    assert run(eng, [s(i * 10, viewers=50 * (i + 1)) for i in range(20)]) == []
    later = MilestoneEngine(T0, RuleSettings(ladders={}, personal_bests=False))
    seq = [s(400 + i * 10, viewers=v) for i, v in enumerate([100, 100, 300])]
    assert run(later, seq) == [], "300 % of 100 viewers is not a surge worth an alert"


def test_the_ramp_up_is_no_base_for_a_surge_just_after_it() -> None:
    # Viewers climb from 1,000 to 3,000 during the opening 5 minutes, then hold:
    # the first minutes after the warm-up must not compare with the ramp.
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, personal_bests=False))
    ramp = [s(i * 10, viewers=1000 + i * 66) for i in range(31)]
    hold = [s(310 + i * 10, viewers=3000) for i in range(12)]
    assert run(eng, ramp + hold) == []
    # A real surge afterwards still fires, dated where it crossed +30 %.
    (m,) = run(eng, [s(430, viewers=3000), s(440, viewers=4200)])
    assert m.kind is MilestoneKind.SURGE
    assert m.ts_ms - T0 == pytest.approx(430_000 + 10_000 * 900 / 1200, abs=1)


def test_surge_window_cost_does_not_grow_with_sample_rate() -> None:
    # 10 Hz for 10 minutes: the window holds 1,200 samples, the monotonic deque
    # far fewer on a steady climb with noise.
    eng = MilestoneEngine(T0, RuleSettings(ladders={}, personal_bests=False, change_warmup_s=0))
    for i in range(6000):
        eng.feed(s(i / 10, viewers=2000 + (i % 7)))
    assert all(len(st.window) <= 20 for states in eng._change_state.values() for st in states)


def test_joining_a_show_in_progress_sets_the_level_without_celebrating() -> None:
    # `v 12345 gmv 123.4万` typed 4 s in once fired six milestones and 大屏破百万.
    eng = MilestoneEngine(T0, RuleSettings(), PersonalBests(gmv=1_000_000, peak_viewers=9_000))
    got = eng.feed(s(4, viewers=12_345, gmv=123_400_000))
    assert sorted((m.kind, m.metric) for m in got) == [
        (MilestoneKind.JOINED, "gmv"),
        (MilestoneKind.JOINED, "viewers"),
    ]
    assert not any(m.major for m in got)
    gmv_join = next(m for m in got if m.metric == "gmv")
    assert gmv_join.describe(NumberFormat()) == ("Joined at GMV ¥123.4万, already past ¥100万")
    # A crossing counts between two readings: ¥200万 fires, at its crossing.
    (m,) = eng.feed(s(64, gmv=203_400_000))
    assert (m.kind, m.value, m.major) == (MilestoneKind.THRESHOLD, 2_000_000, False)
    assert m.ts_ms - T0 == pytest.approx(4_000 + 60_000 * 76.6 / 80, abs=1)


def test_a_source_that_brings_a_metric_late_sets_its_level() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    assert run(eng, [s(0, viewers=100), s(60, viewers=900)]) == []
    # An HTTP source brings GMV at 30 min, ¥150万: nobody saw 10万 … 100万 pass.
    got = eng.feed(Sample(T0 + 1_800_000, {"gmv": 150_000_000}, "http"))
    assert [(m.kind, m.detail) for m in got] == [(MilestoneKind.JOINED, "1000000")]
    got = eng.feed(Sample(T0 + 1_805_000, {"gmv": 205_000_000}, "http"))
    assert [m.value for m in got] == [2_000_000]


def test_a_crossing_between_two_sources_readings_counts() -> None:
    # HTTP says ¥99万, then the operator types ¥101万: that is 大屏破百万.
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    eng.feed(Sample(T0, {"gmv": 0}, "http"))
    assert run(eng, [Sample(T0 + 60_000, {"gmv": 99_000_000}, "http")]) != []
    (m,) = eng.feed(Sample(T0 + 62_000, {"gmv": 101_000_000}, "manual"))
    assert (m.kind, m.value, m.major) == (MilestoneKind.THRESHOLD, 1_000_000, True)


def test_a_simulated_resume_goes_straight_on() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    eng.prime([gmv(0, 0), gmv(60, 90_000)], rejoin=False)
    (m,) = eng.feed(gmv(61, 110_000))
    assert (m.kind, m.value) == (MilestoneKind.THRESHOLD, 100_000)


def test_a_first_reading_below_every_step_is_quiet() -> None:
    eng = MilestoneEngine(T0, RuleSettings(personal_bests=False))
    assert eng.feed(s(3, viewers=200, gmv=0)) == []
