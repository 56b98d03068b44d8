from decimal import Decimal

import pytest

from app.core.metrics import CATALOGUE, METRICS, MetricKind, Sample, Unit, metric


def test_catalogue_has_every_metric_the_dashboards_show() -> None:
    expected = {
        "viewers", "dwell_seconds", "watch_uv", "watch_pv", "gmv", "orders", "buyers",
        "product_clicks", "new_followers", "likes", "comments", "ad_spend", "refunds",
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
