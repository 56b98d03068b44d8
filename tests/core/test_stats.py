from decimal import Decimal

from app.core.metrics import Sample
from app.core.stats import GpmBasis, SessionStats

T0 = 1_700_000_000_000


def s(sec: float, **values: int) -> Sample:
    return Sample(T0 + int(sec * 1000), values, "test")


def test_empty_session_has_no_values_not_zeros() -> None:
    snap = SessionStats(T0).snapshot()
    assert snap.gmv is None
    assert snap.gpm is None and snap.gpm_basis is None
    assert snap.uv_value is None
    assert snap.conversion is None
    assert snap.avg_order_value is None
    assert snap.gmv_per_min is None
    assert snap.peak_viewers is None


def test_zero_denominators_are_no_value() -> None:
    st = SessionStats(T0)
    st.add(s(60, gmv=0, orders=0, watch_pv=0, watch_uv=0, buyers=0))
    snap = st.snapshot()
    assert snap.gpm is None
    assert snap.uv_value is None
    assert snap.conversion is None
    assert snap.avg_order_value is None
    assert snap.gmv == 0


def test_gpm_uses_views_and_falls_back_to_unique_viewers_labelled() -> None:
    st = SessionStats(T0)
    st.add(s(60, gmv=100_000_00, watch_uv=20_000))
    snap = st.snapshot()
    assert snap.gpm_basis is GpmBasis.UNIQUE_VIEWERS
    assert snap.gpm == Decimal(5000)  # ¥100,000 × 1000 / 20,000
    st.add(s(120, watch_pv=50_000))
    snap = st.snapshot()
    assert snap.gpm_basis is GpmBasis.VIEWS
    assert snap.gpm == Decimal(2000)


def test_ratios() -> None:
    st = SessionStats(T0)
    st.add(s(0, gmv=0))
    st.add(s(600, gmv=30_000_00, orders=300, buyers=250, watch_uv=10_000))
    snap = st.snapshot()
    assert snap.uv_value == Decimal(3)
    assert snap.conversion == Decimal("0.025")
    assert snap.avg_order_value == Decimal(100)
    assert snap.gmv_per_min == Decimal(3000)


def test_peak_and_time_weighted_average() -> None:
    st = SessionStats(T0)
    st.add(s(0, viewers=100))
    st.add(s(10, viewers=300))
    st.add(s(40, viewers=200))
    snap = st.snapshot()
    assert snap.peak_viewers == 300
    assert snap.peak_viewers_at_s == 10
    # 100 held 10 s, 300 held 30 s → (1000 + 9000) / 40
    assert snap.avg_viewers == 250


def test_first_15_and_30_minutes_only_once_reached() -> None:
    st = SessionStats(T0)
    st.add(s(600, gmv=1_000_00))
    st.add(s(899, gmv=2_000_00))
    snap = st.snapshot()
    assert snap.gmv_first_15m is None, "not 15 minutes in yet"
    st.add(s(901, gmv=3_000_00))
    snap = st.snapshot()
    assert snap.gmv_first_15m == Decimal(2000)
    assert snap.gmv_first_30m is None
    st.add(s(1800, gmv=5_000_00))
    st.add(s(1900, gmv=6_000_00))
    snap = st.snapshot()
    assert snap.gmv_first_15m == Decimal(2000)
    assert snap.gmv_first_30m == Decimal(5000)
    assert snap.gmv == Decimal(6000)


def test_clock_beyond_last_sample_counts_for_15_minutes() -> None:
    st = SessionStats(T0)
    st.add(s(100, gmv=1_00))
    assert st.snapshot(elapsed_s=1000).gmv_first_15m == Decimal(1)


def test_latest_value_wins_regardless_of_arrival_order() -> None:
    st = SessionStats(T0)
    st.add(s(20, gmv=2_00))
    st.add(s(10, gmv=1_00))  # a late sample from a slower source
    assert st.snapshot().gmv == Decimal(2)


def test_recent_gmv_rate_uses_last_five_minutes() -> None:
    st = SessionStats(T0)
    for minute in range(0, 11):
        st.add(s(minute * 60, gmv=minute * 1_000_00))
    snap = st.snapshot()
    assert snap.gmv_per_min_recent == Decimal(1000)


def test_gmv_rate_rests_on_a_minute_between_readings() -> None:
    # One typed entry 22 s in once showed ¥2,296.87万/min.
    st = SessionStats(T0)
    st.add(s(22, gmv=8_422_00))
    assert st.snapshot().gmv_per_min is None
    # Joining a show at ¥123.4万 65 s in: what it sold before Genbo is no rate.
    fresh = SessionStats(T0)
    fresh.add(s(65, gmv=123_400_000))
    assert fresh.snapshot().gmv_per_min is None
    fresh.add(s(125, gmv=123_700_000))
    assert fresh.snapshot().gmv_per_min == Decimal(3000)


def test_recent_rate_needs_thirty_seconds_and_says_its_span() -> None:
    st = SessionStats(T0)
    st.add(s(100, gmv=1_000_00))
    st.add(s(104, gmv=2_000_00))  # two entries 4 s apart: no rate
    snap = st.snapshot()
    assert snap.gmv_per_min_recent is None and snap.gmv_recent_span_s is None
    st.add(s(147, gmv=5_700_00))
    snap = st.snapshot()
    assert snap.gmv_recent_span_s == 47.0
    assert snap.gmv_per_min_recent == Decimal(4_700) * 60 / Decimal(47)
    for minute in range(3, 12):
        st.add(s(minute * 60, gmv=minute * 1_000_00))
    assert st.snapshot().gmv_recent_span_s == 300.0


def test_a_back_dated_reading_keeps_the_rates_in_time_order() -> None:
    """A back-dated entry once made the recent rate read ¥44.13万/min over 36 s
    while GMV rose ¥55万 in 37 s, then "—"."""
    st = SessionStats(T0)
    st.add(s(10, gmv=95_000_000))
    st.add(s(47, gmv=150_000_000))
    st.add(s(30, gmv=120_000_000))  # typed with @, between the two
    snap = st.snapshot()
    assert snap.gmv_recent_span_s == 37.0
    assert snap.gmv_per_min_recent == Decimal(550_000) * 60 / Decimal(37)
    # A back-dated reading replaces the 15-minute figure only with a later one.
    st.add(s(800, gmv=300_000_000))
    st.add(s(500, gmv=200_000_000))
    st.add(s(1000, gmv=310_000_000))
    assert st.snapshot().gmv_first_15m == Decimal(3_000_000)
