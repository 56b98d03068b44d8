"""A small JSON path for mapping API responses to metrics:
`data[0].viewer_count`, `items[0].liveStreamingDetails.concurrentViewers`,
`stats["online-now"]`. Errors name the step that failed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.core.messages import QT_TRANSLATE_NOOP, Explained, translate
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


class JsonPathError(Explained, ValueError):
    """A path that cannot be read, or a step of it that failed (in the user's
    language: `app.core.messages`)."""

    context = "sources"


@dataclass(frozen=True, slots=True)
class _Kind:
    """A kind of JSON value ("an object"), in the user's language when shown."""

    text: str

    def __str__(self) -> str:
        return translate("sources", self.text)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


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
                    QT_TRANSLATE_NOOP(
                        "sources",
                        "“{text}”: cannot read the path at “{rest}”; write it like "
                        "data[0].viewer_count",
                    ),
                    text=text,
                    rest=s[pos:],
                )
            if m.group("dot"):
                if expect_step:
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP(
                            "sources", "“{text}”: a '.' must follow a key or [index]"
                        ),
                        text=text,
                    )
                expect_step = True
            elif m.group("index") is not None:
                steps.append(int(m.group("index")))
                expect_step = False
            else:
                name = m.group("name") or m.group("dq") or m.group("sq") or ""
                if m.group("name") and not expect_step:
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP("sources", "“{text}”: keys are joined with '.'"),
                        text=text,
                    )
                steps.append(name)
                expect_step = False
            pos = m.end()
        if not steps or (expect_step and s.endswith(".")):
            raise JsonPathError(
                QT_TRANSLATE_NOOP(
                    "sources", "“{text}” is not a path; write it like data[0].viewer_count"
                ),
                text=text,
            )
        return cls(text.strip(), tuple(steps))

    def find(self, doc: Any) -> Any:
        """The value at this path; raises JsonPathError naming the failing step."""
        cur = doc
        walked = "$"
        for step in self.steps:
            if isinstance(step, int):
                if not isinstance(cur, list):
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP("sources", "{path} is {kind}, not a list"),
                        path=walked,
                        kind=_kind(cur),
                    )
                if not -len(cur) <= step < len(cur):
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP("sources", "{path} has {n} items, no [{index}]")
                        if cur
                        else QT_TRANSLATE_NOOP(
                            "sources",
                            "{path} has {n} items, no [{index}] (empty: is the channel offline?)",
                        ),
                        path=walked,
                        n=len(cur),
                        index=step,
                    )
                cur = cur[step]
                walked += f"[{step}]"
            else:
                if not isinstance(cur, dict):
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP("sources", "{path} is {kind}, not an object"),
                        path=walked,
                        kind=_kind(cur),
                    )
                if step not in cur:
                    raise JsonPathError(
                        QT_TRANSLATE_NOOP("sources", "{path} has no field “{field}”"),
                        path=walked,
                        field=step,
                    )
                cur = cur[step]
                walked += f".{step}"
        return cur


_KINDS = {
    dict: QT_TRANSLATE_NOOP("sources", "an object"),
    list: QT_TRANSLATE_NOOP("sources", "a list"),
    str: QT_TRANSLATE_NOOP("sources", "a string"),
    bool: QT_TRANSLATE_NOOP("sources", "a boolean"),
}


def _kind(v: Any) -> _Kind:
    if v is None:
        return _Kind("null")
    return _Kind(_KINDS.get(type(v), QT_TRANSLATE_NOOP("sources", "a number")))


def to_number(value: Any, *, duration: bool = False) -> Decimal:
    """A JSON value as a number: numbers as they are, strings as operators
    write them ("1.2万", "3,500", "1:35" for durations). Booleans, null,
    objects and lists are refused."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise JsonPathError(
            QT_TRANSLATE_NOOP("sources", "expected a number, got {kind}"), kind=_kind(value)
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise JsonPathError(QT_TRANSLATE_NOOP("sources", "expected a finite number"))
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return parse_duration(value) if duration else parse_number(value)
        except NumberParseError as exc:
            raise JsonPathError("{error}", error=exc) from None
    raise JsonPathError(
        QT_TRANSLATE_NOOP("sources", "expected a number, got {kind}"), kind=type(value).__name__
    )
