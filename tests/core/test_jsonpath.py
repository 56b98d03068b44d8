import re
from decimal import Decimal

import pytest

from app.core.jsonpath import JsonPath, JsonPathError, to_number

DOC = {
    "data": [{"viewer_count": 3500, "user": {"name": "kai"}}],
    "items": [{"liveStreamingDetails": {"concurrentViewers": "1234"}}],
    "stats": {"online-now": "1.2万", "flag": True, "none": None},
    "empty": [],
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("data[0].viewer_count", 3500),
        ("$.data[0].viewer_count", 3500),
        ("data[-1].user.name", "kai"),
        ("items[0].liveStreamingDetails.concurrentViewers", "1234"),
        ('stats["online-now"]', "1.2万"),
        ("stats['online-now']", "1.2万"),
        ("stats.online-now", "1.2万"),
    ],
)
def test_find(path: str, value: object) -> None:
    assert JsonPath.parse(path).find(DOC) == value


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("data[1].viewer_count", "has 1 items, no [1]"),
        ("empty[0].x", "channel offline"),
        ("data.viewer_count", "is a list, not an object"),
        ("stats[0]", "not a list"),
        ("data[0].nope", "no field “nope”"),
    ],
)
def test_find_errors_name_the_step(path: str, fragment: str) -> None:
    with pytest.raises(JsonPathError, match=re.escape(fragment)):
        JsonPath.parse(path).find(DOC)


@pytest.mark.parametrize("bad", ["", ".", "data..x", "data[0", "data[x]", "a b"])
def test_parse_errors(bad: str) -> None:
    with pytest.raises(JsonPathError):
        JsonPath.parse(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3500, "3500"), (12.5, "12.5"), ("1.2万", "12000"), ("3,500", "3500"), ("1234", "1234")],
)
def test_to_number(value: object, expected: str) -> None:
    assert to_number(value) == Decimal(expected)


@pytest.mark.parametrize("bad", [True, None, {}, [], "abc", float("nan")])
def test_to_number_refuses(bad: object) -> None:
    with pytest.raises(JsonPathError):
        to_number(bad)


def test_to_number_durations() -> None:
    assert to_number("1:35", duration=True) == 95
