"""@name at the start of a typed line: which wall session it is for
(`split_target`), and which streamer a short or mistyped name means
(`match_target`)."""

from __future__ import annotations

import pytest

from app.core.entry import match_target, parse_entry, split_target


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("@杨小姐 gmv 12万", ("杨小姐", "gmv 12万")),
        ('@"Anna K" viewers 3k', ("Anna K", "viewers 3k")),
        ("@“Lily 莉莉” 成交 3万", ("Lily 莉莉", "成交 3万")),
        ("@“Lily 莉莉”成交 3万", ("Lily 莉莉", "成交 3万")),
        ("@「王姐严选」 v 3500", ("王姐严选", "v 3500")),
        ("@'Big  Liu' o 12", ("Big Liu", "o 12")),
        ("gmv 12万", (None, "gmv 12万")),
        ("@x", ("x", "")),
        ("  @小雨   ", ("小雨", "")),
        ("@阿峰, gmv 3万", ("阿峰", "gmv 3万")),
        ("@阿峰：gmv 3万", ("阿峰", "gmv 3万")),
        ("@阿峰: gmv 3万", ("阿峰", "gmv 3万")),
        ("＠小雨\u3000v 300", ("小雨", "v 300")),
        ("@Chloe gmv 98万 @21:03", ("Chloe", "gmv 98万 @21:03")),
        ('@"Anna K', ("Anna K", "")),
        ('@"Anna K", v 3', ("Anna K", "v 3")),
    ],
)
def test_split_target(line: str, expected: tuple[str | None, str]) -> None:
    assert split_target(line) == expected


@pytest.mark.parametrize("line", ["gmv 98万 @21:03", "@21:03 gmv 98万", "@ gmv 1", "@", '@"" v 3'])
def test_lines_for_no_one(line: str) -> None:
    """A time after @ is not a streamer (parse_entry explains where @ goes);
    an @ with nothing right after it names no one."""
    name, rest = split_target(line)
    assert name is None
    if not line.startswith('@"'):
        assert rest == line


def test_the_rest_is_an_ordinary_entry() -> None:
    name, rest = split_target("@杨小姐 人数 3500 成交 56.8w @21:03")
    assert name == "杨小姐"
    entry = parse_entry(rest)
    assert entry.values == {"viewers": 3500, "gmv": 56_800_000} and entry.at is not None


NAMES = ["杨小姐", "Lily 莉莉", "阿峰 Afeng", "Anna K", "Anna Kat", "Chloe", "小雨", "大雨"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("杨小姐", 0),
        ("chloe", 5),  # case
        ("ＣＨＬＯＥ", 5),  # full width
        ("Anna K", 3),  # exact wins over the prefix of Anna Kat
        ("annak", 3),  # spaces ignored
        ("lily", 1),  # unique prefix
        ("阿峰", 2),
        ("afeng", 2),  # unique substring
        ("莉", 1),
        ("anna", [3, 4]),  # several by prefix: the candidates
        ("雨", [6, 7]),  # several by substring
        ("zz", None),
        ("", None),
    ],
)
def test_match_target(typed: str, expected: int | list[int] | None) -> None:
    assert match_target(typed, NAMES) == expected


def test_prefix_before_substring() -> None:
    """A unique prefix wins even where the name is inside another as well."""
    assert match_target("An", ["Anna", "Joan"]) == 0
    assert match_target("an", ["Joan", "Dan"]) == [0, 1]
    assert match_target("x", []) is None
