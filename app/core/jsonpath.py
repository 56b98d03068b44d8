"""A small JSON path for mapping API responses to metrics:
`data[0].viewer_count`, `items[0].liveStreamingDetails.concurrentViewers`,
`stats["online-now"]`. Errors name the step that failed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.numbers import NumberParseError, parse_duration, parse_number

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<name>[A-Za-z_][\w-]*)          # key
      | \[\s*(?P<index>-?\d+)\s*\]         # [0]
      | \[\s*"(?P<dq>[^"]*)"\s*\]          # ["key"]
      | \[\s*'(?P<sq>[^']*)'\s*\]          # ['key']
      | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


class JsonPathError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class JsonPath:
    text: str
    steps: tuple[str | int, ...]

    @classmethod
    def parse(cls, text: str) -> JsonPath:
        s = text.strip()
        if s.startswith("$"):
            s = s[1:].removeprefix(".")
        steps: list[str | int] = []
        pos = 0
        expect_step = True
        while pos < len(s):
            m = _TOKEN.match(s, pos)
            if not m or m.end() == pos:
                raise JsonPathError(
                    f"{text!r}: cannot read the path at {s[pos:]!r}; write it like "
                    "data[0].viewer_count"
                )
            if m.group("dot"):
                if expect_step:
                    raise JsonPathError(f"{text!r}: a '.' must follow a key or [index]")
                expect_step = True
            elif m.group("index") is not None:
                steps.append(int(m.group("index")))
                expect_step = False
            else:
                name = m.group("name") or m.group("dq") or m.group("sq") or ""
                if m.group("name") and not expect_step:
                    raise JsonPathError(f"{text!r}: keys are joined with '.'")
                steps.append(name)
                expect_step = False
            pos = m.end()
        if not steps or (expect_step and s.endswith(".")):
            raise JsonPathError(f"{text!r} is not a path; write it like data[0].viewer_count")
        return cls(text.strip(), tuple(steps))

    def find(self, doc: Any) -> Any:
        """The value at this path; raises JsonPathError naming the failing step."""
        cur = doc
        walked = "$"
        for step in self.steps:
            if isinstance(step, int):
                if not isinstance(cur, list):
                    raise JsonPathError(f"{walked} is {_kind(cur)}, not a list")
                if not -len(cur) <= step < len(cur):
                    raise JsonPathError(
                        f"{walked} has {len(cur)} items, no [{step}]"
                        + (" (empty: is the channel offline?)" if not cur else "")
                    )
                cur = cur[step]
                walked += f"[{step}]"
            else:
                if not isinstance(cur, dict):
                    raise JsonPathError(f"{walked} is {_kind(cur)}, not an object")
                if step not in cur:
                    raise JsonPathError(f"{walked} has no field {step!r}")
                cur = cur[step]
                walked += f".{step}"
        return cur


def _kind(v: Any) -> str:
    if v is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(v), "a number"
    )


def to_number(value: Any, *, duration: bool = False) -> Decimal:
    """A JSON value as a number: numbers as they are, strings as operators
    write them ("1.2万", "3,500", "1:35" for durations). Booleans, null,
    objects and lists are refused."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise JsonPathError(f"expected a number, got {_kind(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise JsonPathError("expected a finite number")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return parse_duration(value) if duration else parse_number(value)
        except NumberParseError as exc:
            raise JsonPathError(str(exc)) from None
    raise JsonPathError(f"expected a number, got {type(value).__name__}")
