from decimal import Decimal

import pytest

from app.core.metrics import Sample
from app.core.segments import (
    Segment,
    segment_from_record,
    segment_record,
    segment_stats,
    start_segment,
)
from app.core.series import SeriesSet

T0 = 1_795_000_000_000


def series() -> SeriesSet:
    ss = SeriesSet(T0)
    for minute in range(0, 31):
        ss.add_samples(
            [
                Sample(
                    T0 + minute * 60_000,
                    {
                        "gmv": minute * 1_000_00 + (minute > 10) * (minute - 10) * 4_000_00,
                        "orders": minute * 10,
                        "viewers": 1000 + (500 if minute == 15 else 0),
                    },
                )
            ]
        )
    return ss


def test_attribution_of_gmv_orders_peak_and_rate() -> None:
    a = Segment("a", "讲解 商品A", T0 + 10 * 60_000, T0 + 20 * 60_000)
    b = Segment("b", "福袋", T0 + 0, T0 + 5 * 60_000)
    sa, sb = segment_stats([a, b], series(), T0)
    # GMV at 20 min: 20k + 40k = 60k; at 10 min: 10k → ¥50,000 in 10 minutes.
    assert sa.gmv == Decimal("50000.0")
    assert sa.gmv_per_min == Decimal("5000.00")
    assert sa.orders == 100
    assert sa.peak_viewers == 1500
    assert sa.duration_s == 600
    assert sb.gmv == Decimal("5000.0") and sb.peak_viewers == 1000


def test_running_segment_is_measured_up_to_now() -> None:
    run = Segment("r", "running", T0 + 25 * 60_000, None)
    (st,) = segment_stats([run], series(), T0 + 30 * 60_000)
    assert st.duration_s == 300 and st.gmv == Decimal("25000.0")


def test_a_segment_without_data_has_no_values() -> None:
    (st,) = segment_stats([Segment("x", "x", T0, T0 + 1000)], SeriesSet(T0), T0)
    assert st.gmv is None and st.orders is None and st.peak_viewers is None
    assert st.gmv_per_min is None


def test_start_needs_a_name_and_records_round_trip() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        start_segment("   ", T0)
    seg = start_segment("  讲解   商品A ", T0)
    assert seg.name == "讲解 商品A"
    done = Segment(seg.uid, seg.name, seg.start_ms, T0 + 5)
    assert segment_from_record(segment_record(seg)) == seg
    assert segment_from_record(segment_record(done)) == done
