"""Emergency files: what the writer could not store, kept in another folder.

JSON Lines, UTF-8. The first line says what the file is and names its
sessions (streamer, title, start), so that `genbo import` finds them again
or makes them anew; then one line per series (session, source, metric, with
its timestamps and raw values in time order), per gap and per event. The
writer puts its own files back by itself once the database can be written;
one left behind by a Genbo that ended is put back with `genbo import FILE`.
A file is written whole or not at all (a temporary name, fsync, rename).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.highlights import EventRecord

SPILL_KIND = "genbo-unsaved-samples"
SPILL_VERSION = 1


class SpillError(ValueError):
    """An emergency file that is not one, or is damaged."""


@dataclass(frozen=True, slots=True)
class SpilledEvent:
    session_id: int
    record: EventRecord | None
    delete_uid: str | None = None


@dataclass(slots=True)
class Spill:
    """An emergency file's contents: series as (timestamps, values) in time
    order, gap rows, events; `header` its first line."""

    series: dict[tuple[int, int, str], tuple[array[int], array[int]]]
    samples: int
    gaps: list[dict[str, Any]]
    events: list[SpilledEvent]
    header: dict[str, Any] = field(default_factory=dict)
    ends: list[dict[str, Any]] = field(default_factory=list)
    """Sessions' ends written with their samples (`DatabaseWriter.end_session`)."""


def record_json(r: EventRecord) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "ts_ms": r.ts_ms,
        "kind": r.kind,
        "label": r.label,
        "payload": dict(r.payload),
    }


def read_header(path: Path) -> dict[str, Any] | None:
    """An emergency file's first line (what it is, its sessions, its
    database), or None when `path` is not one."""
    try:
        with open(path, encoding="utf-8") as f:
            first = json.loads(f.readline(1 << 20))
    except (OSError, ValueError):
        return None
    return first if isinstance(first, dict) and first.get("kind") == SPILL_KIND else None


def is_spill_file(path: Path) -> bool:
    """Whether `path` starts like an emergency file (its first line)."""
    return read_header(path) is not None


def read_spill(path: Path) -> Spill:
    """Read an emergency file back (the writer puts its own back by itself;
    `genbo import` reads one a Genbo that ended left behind)."""
    with open(path, encoding="utf-8") as f:
        return parse_spill(f, str(path))


def parse_spill(lines: Iterable[str], path: str) -> Spill:
    """An emergency file's lines (also a batch of the offline spool,
    `app.storage.spool`); `path` names it in errors."""
    spill = Spill({}, 0, [], [])
    for n, line in enumerate(lines, 1):
        try:
            doc = json.loads(line)
        except ValueError as exc:
            raise SpillError(f"line {n} of {path} is not JSON: {exc}") from None
        if n == 1:
            if not isinstance(doc, dict) or doc.get("kind") != SPILL_KIND:
                raise SpillError(f"{path} is not a Genbo emergency file")
            if int(doc.get("version", 0)) > SPILL_VERSION:
                raise SpillError(f"{path} was written by a newer Genbo")
            spill.header = doc
            spill.samples = int(doc.get("samples", 0))
            continue
        try:
            if "series" in doc:
                sid, src, metric = doc["series"]
                ts, values = doc["ts"], doc["values"]
                if len(ts) != len(values):
                    raise SpillError(f"line {n} of {path}: times and values differ in length")
                key = (int(sid), int(src), str(metric))
                mine = spill.series.setdefault(key, (array("q"), array("q")))
                mine[0].extend(int(t) for t in ts)
                mine[1].extend(int(v) for v in values)
            elif "gap" in doc:
                g = doc["gap"]
                spill.gaps.append(
                    {k: g[k] for k in ("session_id", "source_id", "start_ms", "end_ms", "reason")}
                )
            elif "event" in doc:
                e = doc["event"]
                record = EventRecord(
                    str(e["uid"]),
                    int(e["ts_ms"]),
                    str(e["kind"]),
                    str(e["label"]),
                    dict(e["payload"]),
                )
                spill.events.append(SpilledEvent(int(e["session_id"]), record))
            elif "end" in doc:
                end = dict(doc["end"])
                end["session_id"] = int(end["session_id"])
                spill.ends.append(end)
            elif "delete_event" in doc:
                e = doc["delete_event"]
                spill.events.append(SpilledEvent(int(e["session_id"]), None, str(e["uid"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise SpillError(f"line {n} of {path} cannot be read: {exc!r}") from None
    if not spill.header:
        raise SpillError(f"{path} is empty")
    return spill
