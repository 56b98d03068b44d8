from decimal import Decimal

import pytest

from app.core.metrics import CATALOGUE, METRICS, MetricKind, Sample, Unit, metric


def test_catalogue_has_every_metric_the_dashboards_show() -> None:
    expected = {
        "viewers", "dwell_seconds", "watch_uv", "watch_pv", "gmv", "orders", "buyers",
        "product_clicks", "new_followers", "likes", "comments", "ad_spend", "refunds",
        "impressions", "entries", "exits",
    }  # fmt: skip
    assert set(METRICS) == expected
    assert len(CATALOGUE) == len(expected)


def test_kinds_and_units() -> None:
    assert METRICS["viewers"].kind is MetricKind.GAUGE
    assert METRICS["dwell_seconds"].kind is MetricKind.GAUGE
    for key in ("gmv", "orders", "watch_uv", "watch_pv", "ad_spend", "refunds"):
        assert METRICS[key].kind is MetricKind.COUNTER
    for key in ("gmv", "ad_spend", "refunds"):
        assert METRICS[key].unit is Unit.MONEY


def test_money_is_exact_in_fen() -> None:
    gmv = METRICS["gmv"]
    assert gmv.to_raw(Decimal("0.1")) + gmv.to_raw(Decimal("0.2")) == gmv.to_raw("0.3")
    assert gmv.to_raw("1234567.89") == 123456789
    assert gmv.from_raw(123456789) == Decimal("1234567.89")
    assert METRICS["dwell_seconds"].to_raw("95.5") == 955


def test_to_raw_rejects_non_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        METRICS["gmv"].to_raw(float("inf"))


def test_sample_validates_keys_and_types() -> None:
    with pytest.raises(KeyError, match="known metrics"):
        Sample(0, {"viewerz": 1})
    with pytest.raises(TypeError, match="int"):
        Sample(0, {"viewers": 1.5})  # type: ignore[dict-item]
    assert Sample(0, {"viewers": 10}).values["viewers"] == 10


def test_metric_lookup_error_lists_keys() -> None:
    with pytest.raises(KeyError, match="gmv"):
        metric("nope")


def test_a_channel_is_a_dimension_of_a_metric() -> None:
    """entries.paid is entries (a counter of people) from paid traffic, found
    in the catalogue without being one of its metrics; unknown channels are
    accepted by name; metrics that have no channels refuse one."""
    from app.core.metrics import CHANNELS, channel_key, split_key

    paid = METRICS["entries.paid"]
    assert paid.base == "entries" and paid.channel == "paid"
    assert paid.kind is MetricKind.COUNTER and paid.unit is Unit.COUNT
    assert METRICS["gmv.natural"].is_money
    assert "entries.直播广场" in METRICS and METRICS["entries.直播广场"].channel == "直播广场"
    assert "viewers.paid" not in METRICS, "viewers have no channels"
    assert "gmv.千川" not in METRICS, "keys are canonical: gmv.paid"
    assert "entries.paid" not in set(METRICS), "iterating gives whole metrics only"
    assert channel_key("千川") == channel_key("磁力金牛") == channel_key("随心推") == "paid"
    assert channel_key("自然流量") == "natural" and channel_key("短视频") == "short_video"
    assert channel_key("a b") is None and channel_key("x" * 17) is None
    assert split_key("gmv.paid") == ("gmv", "paid") and split_key("gmv") == ("gmv", "")
    assert {c.key for c in CHANNELS} >= {
        "natural",
        "short_video",
        "followers",
        "search",
        "mall",
        "paid",
    }
    Sample(0, {"entries.paid": 3, "gmv.natural": 120_00})
    with pytest.raises(KeyError):
        Sample(0, {"viewers.paid": 3})
