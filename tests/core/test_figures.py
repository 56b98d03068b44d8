from decimal import Decimal

from app.core.figures import (
    FIGURE_DEFS,
    Better,
    FigureUnit,
    compare_with_history,
    describe_rank,
    describe_start,
    format_change,
    format_figure,
    ordinal,
    session_figures,
)
from app.core.metrics import Sample
from app.core.numbers import NumberFormat
from app.core.session import SessionSummary
from app.core.stats import SessionStats

T0 = 1_700_000_000_000


def summary(**kw: object) -> SessionSummary:
    base: dict[str, object] = {
        "duration_s": 2 * 3600.0,
        "peak_viewers": 5_000,
        "gmv_fen": 120_000_00,
        "gmv_15m_fen": 9_000_00,
        "gmv_30m_fen": 20_000_50,
        "gpm_fen": 1_500_00,
        "avg_dwell_ds": 453,
        "avg_viewers": 2_100,
        "orders": 800,
        "buyers": 640,
        "watch_uv": 40_000,
        "watch_pv": 80_000,
        "new_followers": 350,
        "spend_fen": 30_000_00,
    }
    base.update(kw)
    return SessionSummary(**base)  # type: ignore[arg-type]


def by_key(figs):
    return {f.key: f.value for f in figs}


def test_every_figure_from_a_summary_exactly() -> None:
    v = by_key(session_figures(summary()))
    assert [d.key for d in FIGURE_DEFS] == list(v)
    assert v["duration"] == 7200
    assert v["peak_viewers"] == 5_000 and v["avg_viewers"] == 2_100
    assert v["avg_dwell"] == Decimal("45.3")
    assert v["gmv"] == Decimal(120_000)
    assert v["gmv_15m"] == Decimal(9_000) and v["gmv_30m"] == Decimal("20000.50")
    assert v["gmv_per_min"] == Decimal(1_000)  # ¥120,000 over 120 minutes
    assert v["gpm"] == Decimal(1_500)
    assert v["orders"] == 800
    assert v["aov"] == Decimal(150)
    assert v["uv_value"] == Decimal(3)
    assert v["conversion"] == Decimal("0.016")
    assert v["new_followers"] == 350
    assert v["spend"] == Decimal(30_000)
    assert v["roi"] == Decimal(4)
    assert all(isinstance(x, int | Decimal) for x in v.values())


def test_zero_and_unknown_denominators_have_no_value() -> None:
    v = by_key(session_figures(summary(orders=0, watch_uv=None, spend_fen=0, duration_s=30.0)))
    assert v["aov"] is None and v["uv_value"] is None and v["conversion"] is None
    assert v["roi"] is None
    assert v["gmv_per_min"] is None, "no rate under a minute"
    assert v["spend"] == 0


def test_the_snapshot_only_fills_what_the_summary_lacks() -> None:
    st = SessionStats(T0)
    st.add(Sample(T0, {"viewers": 100, "gmv": 0}))
    st.add(Sample(T0 + 60_000, {"viewers": 300, "gmv": 50_000, "orders": 5, "ad_spend": 10_000}))
    snap = st.snapshot(120)
    stored = SessionSummary(duration_s=120.0, gmv_fen=60_000, peak_viewers=None)
    v = by_key(session_figures(stored, snap))
    assert v["gmv"] == Decimal(600), "the stored summary wins"
    assert v["peak_viewers"] == 300, "filled from the snapshot"
    assert v["orders"] == 5 and v["aov"] == Decimal(120)
    assert v["spend"] == Decimal(100) and v["roi"] == Decimal(6)
    assert by_key(session_figures(stored))["peak_viewers"] is None


def test_median_change_rank_and_worst() -> None:
    current = session_figures(summary(gmv_fen=100_000_00, avg_viewers=1_000, spend_fen=1_00))
    previous = [summary(gmv_fen=g * 100, avg_viewers=2_000) for g in (80_000, 120_000, 90_000)]
    cmp = compare_with_history(current, previous)
    gmv = cmp.row("gmv")
    assert gmv.median == Decimal(90_000) and gmv.median_of == 3
    assert gmv.change == Decimal(10_000) / Decimal(90_000)
    assert (gmv.rank, gmv.rank_of) == (2, 4)
    # Average viewers are half the median: the worst. Spend is down 99.99 % but
    # neutral, so it is never the worst.
    assert cmp.worst is not None and cmp.worst.key == "avg_viewers"
    assert cmp.row("avg_viewers").change == Decimal("-0.5")
    assert cmp.row("spend").change is not None and cmp.row("spend").change < Decimal("-0.9")
    assert cmp.row("spend").figure.better is Better.NEUTRAL
    assert sum(r.worst for r in cmp.rows) == 1
    assert (cmp.previous, cmp.sessions) == (3, 4)


def test_even_median_and_only_the_previous_ten() -> None:
    current = session_figures(summary(gmv_fen=50_00))
    previous = [summary(gmv_fen=(i + 1) * 100) for i in range(12)]  # ¥1 … ¥12, newest first
    cmp = compare_with_history(current, previous)
    gmv = cmp.row("gmv")
    assert gmv.median_of == 10 and gmv.median == Decimal("5.5")  # median of ¥1 … ¥10
    assert cmp.previous == 10
    # Ranks count every session given, not only the ten.
    others = [*previous, summary(gmv_fen=99_00)]
    cmp = compare_with_history(current, previous, others)
    assert (cmp.row("gmv").rank, cmp.row("gmv").rank_of) == (2, 14)
    assert cmp.sessions == 14


def test_missing_history_values_and_zero_median() -> None:
    current = session_figures(summary(new_followers=10))
    previous = [
        summary(new_followers=0, spend_fen=None),
        SessionSummary(duration_s=3600.0, gmv_fen=1_000_00),  # summary-only, few fields
        summary(new_followers=0, spend_fen=None),
    ]
    cmp = compare_with_history(current, previous)
    nf = cmp.row("new_followers")
    assert nf.median == 0 and nf.change is None, "no % against a zero median"
    assert cmp.row("spend").median is None and cmp.row("spend").median_of == 0
    assert cmp.row("gmv").median_of == 3
    assert cmp.row("avg_viewers").median_of == 2


def test_first_session_and_ties() -> None:
    current = session_figures(summary())
    cmp = compare_with_history(current, [])
    assert cmp.worst is None and all(r.median is None and r.change is None for r in cmp.rows)
    assert (cmp.row("gmv").rank, cmp.row("gmv").rank_of) == (1, 1)
    tie = compare_with_history(current, [summary(), summary(gmv_fen=1)])
    assert (tie.row("gmv").rank, tie.row("gmv").rank_of) == (1, 3)
    none = compare_with_history(session_figures(summary(gmv_fen=None)), [summary()])
    assert none.row("gmv").rank is None and none.row("gmv").rank_of == 1


def test_words() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip
    previous = [summary(gmv_fen=g) for g in (200_000_00, 300_000_00)]
    cmp = compare_with_history(session_figures(summary()), previous, previous * 20)
    assert describe_rank(cmp.row("gmv")) == "41st of 41 by GMV"
    zh = {"{ordinal} of {of} by {figure}": "{of}场中第{rank}（{figure}）"}
    in_zh = describe_rank(cmp.row("gmv"), lambda s: zh.get(s, s), "成交金额")
    assert in_zh == "41场中第41（成交金额）"
    assert describe_start(None) is None
    assert describe_start(12 * 60 + 5) == "started 12 min late"
    assert describe_start(-5 * 60) == "started 5 min early"
    assert describe_start(20) == "started on time"
    assert describe_start(65 * 60) == "started 1 h 5 min late"
    assert describe_start(-120 * 60) == "started 2 h early"


def test_formatting() -> None:
    fmt = NumberFormat()
    assert format_figure(FigureUnit.MONEY, Decimal(120_000), fmt) == "¥12万"
    assert format_figure(FigureUnit.MONEY, Decimal(1) / 3, fmt) == "¥0.33"
    assert format_figure(FigureUnit.DURATION, 7200, fmt) == "2:00:00"
    assert format_figure(FigureUnit.SECONDS, Decimal("45.3"), fmt) == "0:45"
    assert format_figure(FigureUnit.PERCENT, Decimal("0.016"), fmt) == "1.6%"
    assert format_figure(FigureUnit.RATIO, Decimal(4), fmt) == "4.00"
    assert format_figure(FigureUnit.COUNT, None, fmt) == "—"
    assert format_change(Decimal("0.123"), fmt) == "↑12.3%"
    assert format_change(Decimal("-0.04"), fmt) == "↓4.0%"
    assert format_change(Decimal("0.00001"), fmt) == "±0.0%"
    assert format_change(None, fmt) == "—"
