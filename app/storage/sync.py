"""Copying histories between two Genbo databases (`genbo sync`): a laptop's
SQLite file to a team's PostgreSQL (`--to`), a server's history into a local
file for working offline (`--from`), and later the offline spool.

What is copied, and how rows are matched (every match is by the globally
unique ids rows are given where they are made, so two laptops never collide):

* **Sessions**: every session of `src`, the trash included (with its
  `deleted_ms`), matched by `uid`; or only those whose uid is in
  `session_uids`. A new one is inserted whole (its integer id is `dst`'s own:
  ids are never copied, a server makes its own). One that is there already is
  merged field by field:

  - *recorder-owned* fields (the summary figures, `ended_ms`, `status`,
    `last_seen_ms`, the recorder's host, pid and version) come from the side
    with more samples, and between equals from the later `last_seen_ms`
    (`src` when that is equal too). When samples were copied and `dst` held
    none that `src` lacks, `dst` now holds exactly `src`'s: `src`'s summary.
    When `dst` holds samples of its own besides (a session recorded partly on
    each side) and `src` brought samples or has the more, the summary is
    recounted from what `dst` then holds, with the same `SessionStats` as
    everywhere else;
  - *library* fields (title, notes, tags, `deleted_ms`, operator, planned
    start) are taken from `src` only where `dst`'s are empty: what someone
    wrote on `dst` is never overwritten, and a session trashed on either side
    ends in the trash;
  - identity fields (uid, start, offset, local day, detail, its streamer)
    stay as `dst` has them; the text search column is rebuilt for `dst`'s
    streamer name.

* **Streamers**: matched by uid, then by (platform, account ID) when both
  have an account, then by name (unless both name an account and they
  differ: someone else, added under the name with the account after it).
  A new one is inserted with `src`'s uid; its schedule is copied, and an
  existing one gets `src`'s schedule when it has none, and `src`'s account
  and notes where it has none. Two laptops adding the same streamer (same
  platform and account) therefore end as one row on the server.
* **Sources**: by uid within the session; one without (a row a recovery
  rebuilt) by kind and label, in order, and then given a uid.
* **Samples**: per series (session, source, metric) only the points whose
  timestamp `dst` does not hold yet (a time both hold keeps `dst`'s value),
  so nothing is ever stored twice and a second run copies nothing. They
  are inserted as compressed chunks of `CHUNK_POINTS` points in time order
  (the last one of a series partial), as the writer's folds store them.
  `dst`'s own chunks are never rewritten or deleted (a writer may be
  filling them as we copy).
* **Events** (milestones, highlights, segments): upserted by uid (without
  one, or with one that `dst` uses for another session's event: by time,
  kind and label). **Gaps**: by uid, else by (session, source, start); a
  closed gap is never reopened. Neither is ever deleted: a sync adds and
  updates, it does not remove.
* **Minute curves**: by (session, metric): `dst` gets `src`'s where `src`'s
  side won; where samples of both sides were merged they are dropped and
  built again from the samples when first needed.
* **Ad report rows**: by uid, else by their natural key (platform, account,
  day, plan; a session's typed figures carry that session's id in the plan,
  mapped to `dst`'s id); the newer `as_of_day` wins (then the newer
  `updated_ms`). With `session_uids`, only the typed figures of those
  sessions.
* **Month figures**: a streamer month's platform GMV where `src`'s
  `platform_updated_ms` is newer (not with `session_uids`); the recorded
  sums (`recorded_gmv_fen`, `sessions`) are recounted on `dst` for every
  month a copied session touched (`refresh_months`).

**Resumable.** Sessions go into `dst` whole: a transaction holds one
session, or a group of small ones (`GROUP_SESSIONS`, `GROUP_CHUNKS`), so a
run cancelled (`cancel`, checked before each session; those done are
committed) or killed leaves whole sessions, and the next run finishes the
rest. A session `dst` holds already with the same sample count, end, and
number of events and gaps is not read again (only its row's fields are
merged), so a second run over a big history is quick (an edit that moves
none of those, a highlight's note retyped, waits for the session's next
change). Streamers come first,
in a transaction of their own; ad rows and month figures last, once every
session is done. A unique id inserted at the same moment by someone else
(two syncs at once) makes the transaction fail; it is tried again and finds
that row.

**A team server's roles** (docs/TEAM-ROLES.md): logged in as an operator,
a session the server will not let this login write (another operator's, or
one stamped with nobody) is left as it is there and counted
(`sessions_refused`), and the rest go on; a streamer's empty account and
notes are filled only by a login that may change streamers.

Portable SQL only (SQLite and PostgreSQL): selects, inserts and updates;
the only rows deleted are `dst`'s minute curves that no longer fit its
samples, and, when a cancel comes inside a group, the rows of that group's
sessions not copied yet. Nothing is ever written to `src`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    Connection,
    Result,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from app.core.ads import typed_plan_id
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.session import SessionSummary
from app.core.stats import SessionStats
from app.storage import chunks
from app.storage.database import Database, ServerRefusedError
from app.storage.models import (
    AdReportRow,
    EventRow,
    GapRow,
    MinuteCurveRow,
    SampleChunkRow,
    ScheduleRow,
    SessionRow,
    SourceRow,
    StreamerMonthRow,
    StreamerRow,
    new_uid,
)
from app.storage.months import MANY_MONTHS, MonthKey, refresh_months
from app.storage.repository import decode_tags, search_text, summary_from_stats, summary_values

log = logging.getLogger(__name__)

__all__ = ["SyncProgress", "SyncResult", "sync_databases"]


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """How far a sync is: reported at least once a second and after each session."""

    sessions_done: int
    sessions_total: int
    samples_copied: int
    current: str
    """The session being copied: "streamer · title"."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did. `samples` counts samples (one source's readings at
    one instant), `events` and `gaps` the rows inserted or updated."""

    sessions_new: int
    sessions_updated: int
    sessions_unchanged: int
    samples: int
    events: int
    gaps: int
    streamers_new: int
    ad_rows: int
    seconds: float
    cancelled: bool = False
    """Stopped by `cancel` before every session was done (run it again)."""
    sessions_total: int = 0
    sessions_refused: int = 0
    """Sessions `dst` would not let this login write (a team server's roles:
    another operator's session, or one stamped with nobody): left as they
    are there, and tried again next time."""

    @property
    def sessions_there(self) -> int:
        """Sessions `dst` holds as `src` has them now (refused ones are not)."""
        return self.sessions_new + self.sessions_updated + self.sessions_unchanged

    @property
    def sessions_done(self) -> int:
        return (
            self.sessions_new
            + self.sessions_updated
            + self.sessions_unchanged
            + self.sessions_refused
        )

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["seconds"] = round(self.seconds, 3)
        out["sessions_done"] = self.sessions_done
        return out


SESSION_BATCH = 500
"""Sessions compared per round of queries (well inside any parameter limit)."""

KEY_BATCH = 200
"""Rows looked up by key per query."""

GROUP_SESSIONS = 200
GROUP_CHUNKS = 2000
"""Sessions copied in one transaction: up to this many, or this many stored
chunks (about a million values; a bigger session goes alone). Each is whole
either way, and a cancel stops between two sessions of a group."""

PROGRESS_EVERY_S = 1.0

_SUMMARY_FIELDS = tuple(summary_values(SessionSummary()))
"""The summary's columns (with `summary_version`), as the writer stores them."""
_RECORDER_ONLY: tuple[str, ...] = ("ended_ms", "status", "last_seen_ms", "recorder_host")
_RECORDER_ONLY += ("recorder_pid", "app_version")
_RECORDER_FIELDS = _SUMMARY_FIELDS + _RECORDER_ONLY
_LIBRARY_FIELDS = ("title", "notes", "tags", "deleted_ms", "operator", "planned_start_ms")
_MONTH_FIELDS = frozenset({"gmv_fen", "deleted_ms"})
"""Fields whose change moves the streamer's month sums."""

_SESSIONS = cast(Table, SessionRow.__table__)
_STREAMERS = cast(Table, StreamerRow.__table__)
_ADS = cast(Table, AdReportRow.__table__)
_SOURCES = cast(Table, SourceRow.__table__)
_CHUNKS = cast(Table, SampleChunkRow.__table__)
_EVENTS = cast(Table, EventRow.__table__)
_GAPS = cast(Table, GapRow.__table__)
_AD_FIGURES = tuple(
    c.name
    for c in _ADS.columns
    if c.name
    not in ("id", "uid", "platform", "account_id", "day", "plan_id", "streamer_id", "session_id")
)
"""What a newer ad row brings (the key and the links stay as `dst` has them)."""

_T = TypeVar("_T")
_Row = dict[str, Any]
"""A row as column name → value."""
_Parts = list[tuple[bytes, str, int]]
IntArray = npt.NDArray[np.int64]


def sync_databases(
    src: Database,
    dst: Database,
    *,
    progress: Callable[[SyncProgress], None] | None = None,
    session_uids: Collection[str] | None = None,
    cancel: threading.Event | None = None,
    claim: str | None = None,
) -> SyncResult:
    """Copy `src`'s history into `dst` (see the module's words for what and
    how). `progress` hears how far it is; `session_uids` limits it to those
    sessions; `cancel`, once set, stops it before the next session (the
    result says `cancelled`); `claim` stamps the sessions nobody is named on
    with that operator (an operator moving their own laptop's history to a
    team server, whose roles take only sessions stamped with the login).
    Raises what the databases raise (SQLAlchemy's errors, `StorageError` for
    a read-only `dst`); every session stored before stays whole."""
    dst.require_writable()
    return _Sync(src, dst, progress, cancel, claim).run(session_uids)


def _dicts(result: Result[Any]) -> list[_Row]:
    return [{str(k): v for k, v in r.items()} for r in result.mappings()]


def _first(result: Result[Any]) -> _Row | None:
    rows = _dicts(result)
    return rows[0] if rows else None


def _batches(items: Sequence[_T], n: int) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _empty(value: Any) -> bool:
    return value is None or value == ""


@dataclass
class _Counts:
    sessions_new: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    samples: int = 0
    events: int = 0
    gaps: int = 0
    streamers_new: int = 0
    ad_rows: int = 0
    sessions_refused: int = 0


class _RefusedError(Exception):
    """An update `dst` let through without changing the row: a team server's
    row rules hide another operator's session from this login's writes."""


def _update(conn: Connection, statement: Any) -> None:
    """Run an UPDATE of one row that is there; `_RefusedError` when it changed none."""
    if conn.execute(statement).rowcount == 0:
        raise _RefusedError


@dataclass
class _SrcSession:
    """One session as `src` holds it."""

    row: _Row
    sources: list[_Row]
    parts: dict[tuple[int, str], tuple[_Parts, _Parts]]
    """(source id, metric) → its chunks' time and value parts, in stored order."""
    events: list[_Row]
    gaps: list[_Row]
    curves: dict[str, tuple[int, str, bytes]]


@dataclass
class _Taken:
    """The uids `dst` holds already, of the sources, events and gaps to copy."""

    sources: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    gaps: set[str] = field(default_factory=set)


@dataclass
class _Outcome:
    dst_id: int
    new: bool = False
    changed: bool = False
    samples: int = 0
    events: int = 0
    gaps: int = 0


@dataclass
class _Match:
    """A `src` row and the `dst` row it is (None: insert it), and the uid to
    give (the inserted row, or a matched `dst` row that has none)."""

    src: Mapping[str, Any]
    dst: Mapping[str, Any] | None
    uid: str | None


def _match(
    src_rows: Sequence[Mapping[str, Any]],
    dst_rows: Sequence[Mapping[str, Any]],
    key: Callable[[Mapping[str, Any]], Any],
    taken: Collection[str],
) -> list[_Match]:
    """Match rows by uid, then by their natural `key` in order among the `dst`
    rows left: one without a uid, or any when the `src` row has none (or one
    that `dst` uses elsewhere: in `taken`, the uids `dst` holds)."""
    by_uid = {r["uid"]: r for r in dst_rows if r["uid"]}
    used: set[int] = set()
    found: dict[int, Mapping[str, Any]] = {}
    for k, r in enumerate(src_rows):
        d = by_uid.get(r["uid"]) if r["uid"] else None
        if d is not None and d["id"] not in used:
            used.add(d["id"])
            found[k] = d
    out = []
    for k, r in enumerate(src_rows):
        if k in found:
            out.append(_Match(r, found[k], None))
            continue
        free = r["uid"] if r["uid"] and r["uid"] not in taken else None
        want = key(r)
        d = next(
            (
                x
                for x in dst_rows
                if x["id"] not in used and (x["uid"] is None or free is None) and key(x) == want
            ),
            None,
        )
        if d is not None:
            used.add(d["id"])
            out.append(_Match(r, d, None if d["uid"] else (free or new_uid())))
        else:
            out.append(_Match(r, None, free or new_uid()))
    return out


def _source_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (r["kind"], r["label"])


def _event_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (r["ts_ms"], r["kind"], r["label"])


def _gap_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (r["source_id"], r["start_ms"])


def _decode(parts: _Parts) -> IntArray:
    return chunks.decode_series(parts)


def _chunk_rows(
    session_id: int, source_id: int, metric: str, ts: IntArray, raw: IntArray
) -> list[dict[str, Any]]:
    """Points (in time order) as the writer's folds store them: compressed
    chunks of `CHUNK_POINTS`, the last one partial."""
    rows = []
    size = chunks.CHUNK_POINTS
    for i in range(0, int(ts.shape[0]), size):
        t, v = ts[i : i + size], raw[i : i + size]
        rows.append(
            {
                "session_id": session_id,
                "source_id": source_id,
                "metric": metric,
                "first_ms": int(t[0]),
                "last_ms": int(t[-1]),
                "count": int(t.shape[0]),
                "encoding": chunks.ZLIB_DELTA,
                "ts_data": chunks.encode(t, chunks.ZLIB_DELTA),
                "value_data": chunks.encode(v, chunks.ZLIB_DELTA),
            }
        )
    return rows


def _counts(conn: Connection, table: Any, session_ids: Sequence[int]) -> dict[int, int]:
    if not session_ids:
        return {}
    rows = conn.execute(
        select(table.session_id, func.count())
        .where(table.session_id.in_(list(session_ids)))
        .group_by(table.session_id)
    ).all()
    return {int(a): int(b) for a, b in rows}


class _Sync:
    def __init__(
        self,
        src: Database,
        dst: Database,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
        claim: str | None = None,
    ) -> None:
        self.claim = claim
        self.src = src
        self.dst = dst
        self.progress = progress
        self.cancel = cancel
        self.n = _Counts()
        self.streamers: dict[int, tuple[int, str]] = {}
        """`src` streamer id → (`dst` id, `dst` name)."""
        self.src_names: dict[int, str] = {}
        self.sessions: dict[int, int] = {}
        """`src` session id → `dst` id, for every session done."""
        self.done = 0
        self.total = 0
        self.current = ""
        self._said = 0.0
        self._edit_streamers: bool | None = None

    # -- the run ---------------------------------------------------------------------------
    def run(self, session_uids: Collection[str] | None) -> SyncResult:
        t0 = time.perf_counter()
        with self.src.engine.connect() as conn:
            listed = [
                (int(i), str(u), int(s))
                for i, u, s in conn.execute(
                    select(SessionRow.id, SessionRow.uid, SessionRow.streamer_id).order_by(
                        SessionRow.started_ms, SessionRow.id
                    )
                ).all()
            ]
        if session_uids is not None:
            wanted = set(session_uids)
            listed = [x for x in listed if x[1] in wanted]
        self.total = len(listed)
        self._report(force=True)
        self._map_streamers(None if session_uids is None else {x[2] for x in listed})
        cancelled = False
        for batch in _batches(listed, SESSION_BATCH):
            cancelled = self._batch(batch)
            if cancelled:
                break
        if not cancelled:
            self._ads(None if session_uids is None else set(self.sessions))
            if session_uids is None:
                self._platform_months()
        return SyncResult(
            sessions_new=self.n.sessions_new,
            sessions_updated=self.n.sessions_updated,
            sessions_unchanged=self.n.sessions_unchanged,
            samples=self.n.samples,
            events=self.n.events,
            gaps=self.n.gaps,
            streamers_new=self.n.streamers_new,
            ad_rows=self.n.ad_rows,
            seconds=time.perf_counter() - t0,
            cancelled=cancelled,
            sessions_total=self.total,
            sessions_refused=self.n.sessions_refused,
        )

    def _report(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._said < PROGRESS_EVERY_S:
            return
        self._said = now
        self.progress(SyncProgress(self.done, self.total, self.n.samples, self.current))

    # -- streamers -------------------------------------------------------------------------
    def _map_streamers(self, only: set[int] | None) -> None:
        """Find or add `dst`'s row of each of `src`'s streamers (all, or `only`),
        in one transaction (tried again if someone added one meanwhile)."""
        with self.src.engine.connect() as conn:
            q = select(_STREAMERS).order_by(StreamerRow.id)
            if only is not None:
                ids = sorted(only - set(self.streamers))
                if not ids:
                    return
                rows = []
                for part in _batches(ids, KEY_BATCH):
                    rows += _dicts(conn.execute(q.where(StreamerRow.id.in_(part))))
            else:
                rows = list(_dicts(conn.execute(q)))
            x = ScheduleRow
            slots: dict[int, list[dict[str, Any]]] = {}
            for sid, weekday, start, offset in conn.execute(
                select(x.streamer_id, x.weekday, x.start_min, x.utc_offset_min).order_by(x.id)
            ).all():
                slots.setdefault(int(sid), []).append(
                    {"weekday": weekday, "start_min": start, "utc_offset_min": offset}
                )
        for attempt in range(3):
            try:
                with self.dst.engine.begin() as dconn:
                    mapped, made = self._map_in(dconn, rows, slots)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
                log.info("a streamer was added on the target meanwhile; matching again")
        self.streamers.update(mapped)
        self.src_names.update({int(r["id"]): str(r["name"]) for r in rows})
        self.n.streamers_new += made

    def _map_in(
        self,
        conn: Connection,
        rows: Sequence[_Row],
        slots: Mapping[int, list[dict[str, Any]]],
    ) -> tuple[dict[int, tuple[int, str]], int]:
        t = StreamerRow
        have = [
            dict(r)
            for r in _dicts(
                conn.execute(select(t.id, t.uid, t.name, t.platform, t.account_id, t.notes))
            )
        ]
        by_uid = {r["uid"]: r for r in have}
        by_account = {(r["platform"], r["account_id"]): r for r in have if r["account_id"]}
        by_name = {r["name"]: r for r in have}
        scheduled = {
            int(i) for i in conn.execute(select(ScheduleRow.streamer_id).distinct()).scalars().all()
        }
        mapped: dict[int, tuple[int, str]] = {}
        made = 0
        for s in rows:
            account = (s["platform"], s["account_id"]) if s["account_id"] else None
            d = by_uid.get(s["uid"])
            if d is None and account is not None:
                d = by_account.get(account)
            if d is None:
                d = by_name.get(s["name"])
                if d is not None and account is not None and d["account_id"]:
                    d = None  # the same name on another account: someone else
            if d is None:
                name = self._free_name(s, by_name)
                values = {
                    "name": name,
                    "platform": s["platform"],
                    "account_id": s["account_id"],
                    "created_ms": s["created_ms"],
                    "uid": s["uid"] if s["uid"] not in by_uid else new_uid(),
                    "notes": s["notes"] or "",
                    "archived": bool(s["archived"]),
                }
                key = conn.execute(insert(StreamerRow).values(values)).inserted_primary_key
                assert key is not None
                d = {**values, "id": int(key[0])}
                made += 1
            else:
                fill: dict[str, Any] = {}
                if (
                    account is not None
                    and not d["account_id"]
                    and d["platform"] in (None, s["platform"])
                    and account not in by_account
                ):
                    fill.update(platform=s["platform"], account_id=s["account_id"])
                if not d["notes"] and s["notes"]:
                    fill["notes"] = s["notes"]
                if fill and self._may_edit_streamers(conn):
                    conn.execute(update(t).where(t.id == d["id"]).values(fill))
                    d.update(fill)
            by_uid[d["uid"]] = d
            by_name[d["name"]] = d
            if d["account_id"]:
                by_account[(d["platform"], d["account_id"])] = d
            own = slots.get(int(s["id"]), [])
            if own and int(d["id"]) not in scheduled:
                conn.execute(insert(ScheduleRow), [{**x, "streamer_id": d["id"]} for x in own])
                scheduled.add(int(d["id"]))
            mapped[int(s["id"])] = (int(d["id"]), str(d["name"]))
        return mapped, made

    @staticmethod
    def _free_name(s: _Row, by_name: Mapping[str, Any]) -> str:
        """`src`'s name, or (taken by someone else on `dst`) with its account after it."""
        name = str(s["name"])
        if name not in by_name:
            return name
        base = f"{name} ({' '.join(x for x in (s['platform'], s['account_id']) if x)})"
        candidate, k = base[:200], 2
        while candidate in by_name:
            candidate = f"{base} {k}"[:200]
            k += 1
        return candidate

    # -- sessions --------------------------------------------------------------------------
    def _claimed(self, row: _Row) -> _Row:
        """`src`'s session row, stamped with `claim` where nobody is named on it."""
        if self.claim and _empty(row.get("operator")):
            row["operator"] = self.claim
        return row

    def _batch(self, batch: Sequence[tuple[int, str, int]]) -> bool:
        """Compare a batch of sessions and copy what differs, a group of
        small sessions (or one big one) per transaction; True when cancelled."""
        ids = [i for i, _, _ in batch]
        with self.src.engine.connect() as conn:
            srows = {
                int(r["id"]): self._claimed(r)
                for r in _dicts(conn.execute(select(_SESSIONS).where(SessionRow.id.in_(ids))))
            }
            s_events = _counts(conn, EventRow, ids)
            s_gaps = _counts(conn, GapRow, ids)
            s_chunks = _counts(conn, SampleChunkRow, ids)
        with self.dst.engine.connect() as conn:
            drows = {
                str(r["uid"]): r
                for r in _dicts(
                    conn.execute(
                        select(_SESSIONS).where(SessionRow.uid.in_([u for _, u, _ in batch]))
                    )
                )
            }
            d_ids = [int(r["id"]) for r in drows.values()]
            d_events = _counts(conn, EventRow, d_ids)
            d_gaps = _counts(conn, GapRow, d_ids)
        group: list[int] = []
        weight = 0
        for sid, uid, streamer in batch:
            if self._cancelled():
                return self._copy(group, drows) or True
            srow = srows.get(sid)
            if srow is None:  # gone from src meanwhile
                self.done += 1
                continue
            if streamer not in self.streamers:  # added on src during the run
                self._map_streamers({streamer})
            drow = drows.get(uid)
            if drow is not None and (
                srow["sample_count"] == drow["sample_count"]
                and srow["ended_ms"] == drow["ended_ms"]
                and s_events.get(sid, 0) == d_events.get(int(drow["id"]), 0)
                and s_gaps.get(sid, 0) == d_gaps.get(int(drow["id"]), 0)
            ):
                self.current = self._label(srow)
                self._merge_row_only(sid, srow, drow)
                self.done += 1
                self._report(force=True)
                continue
            group.append(sid)
            weight += 1 + s_chunks.get(sid, 0)
            if len(group) >= GROUP_SESSIONS or weight >= GROUP_CHUNKS:
                if self._copy(group, drows):
                    return True
                group, weight = [], 0
        return self._copy(group, drows)

    def _may_edit_streamers(self, conn: Connection) -> bool:
        """Whether this login may change a streamer (on a team server an
        operator may only add them: then what `dst` lacks stays lacking)."""
        if self._edit_streamers is None:
            self._edit_streamers = conn.dialect.name != "postgresql" or bool(
                conn.execute(
                    text("SELECT has_table_privilege(current_user, 'streamers', 'UPDATE')")
                ).scalar()
            )
        return self._edit_streamers

    def _cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def _label(self, srow: _Row) -> str:
        return f"{self.src_names.get(int(srow['streamer_id']), '')} · {srow['title']}"

    def _merge_row_only(self, sid: int, srow: _Row, drow: _Row) -> None:
        """A session `dst` holds as `src` does (samples, end, events, gaps):
        only its row's fields are merged."""
        dst_id = int(drow["id"])
        self.sessions[sid] = dst_id
        changes = _row_changes(
            srow, drow, lambda: self._dst_name(drow), src_wins=_src_wins(srow, drow)
        )
        if not changes:
            self.n.sessions_unchanged += 1
            return
        try:
            with self.dst.engine.begin() as conn:
                _update(conn, update(SessionRow).where(SessionRow.id == dst_id).values(changes))
                if _MONTH_FIELDS & set(changes):
                    key = (int(drow["streamer_id"]), int(drow["local_day"]) // 100)
                    refresh_months(conn, [key])
        except (ServerRefusedError, _RefusedError):
            self._refused(srow)
            return
        self.n.sessions_updated += 1

    def _refused(self, srow: _Row) -> None:
        self.n.sessions_refused += 1
        log.info("session %s (%s) was not copied: this login may not write it there",
                    srow["uid"], self._label(srow))  # fmt: skip

    def _dst_name(self, drow: _Row, conn: Connection | None = None) -> str:
        if conn is None:
            with self.dst.engine.connect() as own:
                return self._dst_name(drow, own)
        name = conn.execute(
            select(StreamerRow.name).where(StreamerRow.id == drow["streamer_id"])
        ).scalar_one()
        return str(name)

    def _copy(self, sids: Sequence[int], known: Mapping[str, _Row]) -> bool:
        """Sessions into `dst`, in one transaction, each whole: stopped
        between two of them when `cancel` is set (True then), the ones done
        committed. Tried again when a unique id came in meanwhile (two syncs
        at once): the next try finds that row."""
        if not sids:
            return False
        for attempt in range(3):
            data = self._read(sids)
            before, done, stopped = replace(self.n), self.done, False
            outs: list[tuple[int, _Outcome]] = []
            try:
                with self.dst.engine.begin() as conn:
                    taken = self._taken(conn, data.values())
                    # The rows of the sessions `dst` has not, in one statement
                    # (the rest of each follows below).
                    fresh = {} if attempt else self._insert_new(conn, data.values(), known)
                    months: set[MonthKey] = set()
                    for k, sid in enumerate(sids):
                        if k and self._cancelled():
                            left = [fresh.get(str(x.row["uid"])) for x in _rest(data, sids[k:])]
                            ids = [i for i in left if i is not None]
                            if ids:  # rows without their samples yet: not this time
                                conn.execute(delete(_SESSIONS).where(_SESSIONS.c.id.in_(ids)))
                            stopped = True
                            break
                        one = data.get(sid)
                        if one is not None:
                            self.current = self._label(one.row)
                            out = self._apply(
                                conn, one, known if not attempt else None, fresh, taken, months
                            )
                            outs.append((sid, out))
                            self._count(out)
                        self.done += 1
                        self._report(force=True)
                    _refresh_months(conn, months)
            except IntegrityError:
                self.n, self.done = before, done
                if attempt == 2:
                    raise
                log.info("a row came in on the target meanwhile; copying those sessions again")
                continue
            except (ServerRefusedError, _RefusedError):
                # The team server's rules refused one of them: each on its
                # own, so the others go in and that one is left as it is.
                self.n, self.done = before, done
                if len(sids) > 1:
                    return any(self._cancelled() or self._copy([sid], known) for sid in sids)
                if sids[0] in data:
                    self._refused(data[sids[0]].row)
                self.done += 1
                self._report(force=True)
                return False
            break
        self.sessions.update({sid: out.dst_id for sid, out in outs})
        return stopped

    def _insert_new(
        self, conn: Connection, data: Iterable[_SrcSession], known: Mapping[str, _Row]
    ) -> dict[str, int]:
        """Insert the rows of the sessions `known` (the batch's reading of
        `dst`) did not find; uid → `dst` id."""
        rows = [self._new_row(one.row) for one in data if str(one.row["uid"]) not in known]
        if not rows:
            return {}
        c = _SESSIONS.c
        done = conn.execute(insert(_SESSIONS).returning(c.id, c.uid), rows)
        return {str(uid): int(i) for i, uid in done.all()}

    def _new_row(self, s: _Row) -> _Row:
        """A session row for `dst`: `src`'s, with `dst`'s streamer (its id
        never copied: `dst` makes its own)."""
        dst_streamer, dst_name = self.streamers[int(s["streamer_id"])]
        values = {k: v for k, v in s.items() if k != "id"}
        values["streamer_id"] = dst_streamer
        values["search_text"] = search_text(dst_name, s["title"], decode_tags(s["tags"]))
        return values

    def _count(self, out: _Outcome) -> None:
        self.n.samples += out.samples
        self.n.events += out.events
        self.n.gaps += out.gaps
        if out.new:
            self.n.sessions_new += 1
        elif out.changed:
            self.n.sessions_updated += 1
        else:
            self.n.sessions_unchanged += 1

    def _taken(self, conn: Connection, data: Iterable[_SrcSession]) -> _Taken:
        """Which of these sessions' sources, events and gaps `dst` holds by uid."""
        out = _Taken()
        for table, found, attr in (
            (SourceRow, out.sources, "sources"),
            (EventRow, out.events, "events"),
            (GapRow, out.gaps, "gaps"),
        ):
            uids = [str(r["uid"]) for one in data for r in getattr(one, attr) if r["uid"]]
            for part in _batches(uids, KEY_BATCH):
                found |= {
                    str(u)
                    for u in conn.execute(select(table.uid).where(table.uid.in_(part))).scalars()
                }
        return out

    def _read(self, sids: Sequence[int]) -> dict[int, _SrcSession]:
        """These sessions as `src` holds them (six queries for them all)."""
        c, t, e, g, m = SampleChunkRow, SourceRow, EventRow, GapRow, MinuteCurveRow
        ids = list(sids)
        with self.src.engine.connect() as conn:
            out = {
                int(r["id"]): _SrcSession(self._claimed(r), [], {}, [], [], {})
                for r in _dicts(conn.execute(select(_SESSIONS).where(SessionRow.id.in_(ids))))
            }
            for r in _dicts(
                conn.execute(
                    select(t.id, t.session_id, t.uid, t.kind, t.label, t.config_json)
                    .where(t.session_id.in_(ids))
                    .order_by(t.id)
                )
            ):
                out[int(r["session_id"])].sources.append(r)
            for sid, src_id, metric, encoding, count, ts_data, value_data in conn.execute(
                select(c.session_id, c.source_id, c.metric, c.encoding, c.count)
                .add_columns(c.ts_data, c.value_data)
                .where(c.session_id.in_(ids))
                .order_by(c.session_id, c.source_id, c.metric, c.id)
            ):
                ts_parts, value_parts = (
                    out[int(sid)].parts.setdefault((int(src_id), str(metric)), ([], []))
                )  # fmt: skip
                ts_parts.append((bytes(ts_data), str(encoding), int(count)))
                value_parts.append((bytes(value_data), str(encoding), int(count)))
            for r in _dicts(
                conn.execute(
                    select(e.id, e.session_id, e.uid, e.ts_ms, e.kind, e.label, e.payload_json)
                    .where(e.session_id.in_(ids))
                    .order_by(e.id)
                )
            ):
                out[int(r["session_id"])].events.append(r)
            for r in _dicts(
                conn.execute(
                    select(g.id, g.session_id, g.uid, g.source_id, g.start_ms, g.end_ms, g.reason)
                    .where(g.session_id.in_(ids))
                    .order_by(g.id)
                )
            ):
                out[int(r["session_id"])].gaps.append(r)
            for sid, metric, minutes, encoding, blob in conn.execute(
                select(m.session_id, m.metric, m.minutes, m.encoding, m.value_data).where(
                    m.session_id.in_(ids)
                )
            ):
                out[int(sid)].curves[str(metric)] = (int(minutes), str(encoding), bytes(blob))
        return out

    def _apply(
        self,
        conn: Connection,
        data: _SrcSession,
        known: Mapping[str, _Row] | None,
        fresh: Mapping[str, int],
        taken: _Taken,
        months: set[MonthKey],
    ) -> _Outcome:
        """One session into `dst` (`known`: the batch's reading of `dst`'s
        rows, a session it did not find is not looked for again; `fresh`:
        the rows inserted for this group, uid → id)."""
        s = data.row
        uid = str(s["uid"])
        dst_streamer, dst_name = self.streamers[int(s["streamer_id"])]
        d = None
        if uid not in fresh and (known is None or uid in known):
            d = _first(conn.execute(select(_SESSIONS).where(SessionRow.uid == uid)))
        if uid in fresh:
            out = _Outcome(fresh[uid], new=True, changed=True)
        elif d is None:
            key = conn.execute(insert(_SESSIONS), self._new_row(s)).inserted_primary_key
            assert key is not None
            out = _Outcome(int(key[0]), new=True, changed=True)
        else:
            out = _Outcome(int(d["id"]))
            if int(d["streamer_id"]) != dst_streamer:
                dst_name = self._dst_name(d, conn)
        source_map = self._sources(conn, data, out, taken.sources)
        extra, new_times = self._samples(conn, data, out, source_map)
        out.samples = sum(
            int(np.unique(np.concatenate(v)).shape[0]) if len(v) > 1 else int(v[0].shape[0])
            for v in new_times.values()
        )
        copied = out.samples > 0
        out.events = self._events(conn, data, out, taken.events)
        out.gaps = self._gaps(conn, data, out, source_map, taken.gaps)
        changes: dict[str, Any] = {}
        if d is not None:
            preset: dict[str, Any] = {}
            if extra and (copied or _src_wins(s, d)):
                # Both sides had samples of their own: neither row tells
                # what dst holds now.
                preset = self._recounted(conn, out.dst_id, s, d)
                src_wins = False
            else:
                src_wins = copied or _src_wins(s, d)
            changes = _row_changes(s, d, lambda: dst_name, src_wins=src_wins, preset=preset)
            if changes:
                _update(conn, update(SessionRow).where(SessionRow.id == out.dst_id).values(changes))
        else:
            src_wins = True
        curves = self._curves(conn, data, out, src_wins=src_wins, copied=copied, merged=extra)
        out.changed = out.new or bool(changes or copied or out.events or out.gaps or curves)
        if out.new or _MONTH_FIELDS & set(changes):
            day = int(s["local_day"] if d is None else d["local_day"])
            streamer = dst_streamer if d is None else int(d["streamer_id"])
            months.add((streamer, day // 100))
        return out

    def _sources(
        self, conn: Connection, data: _SrcSession, out: _Outcome, taken: set[str]
    ) -> dict[int, int]:
        """`src` source id → `dst`'s, adding the missing ones."""
        t = SourceRow
        there = (
            []
            if out.new
            else _dicts(
                conn.execute(
                    select(t.id, t.uid, t.kind, t.label)
                    .where(t.session_id == out.dst_id)
                    .order_by(t.id)
                )
            )
        )
        source_map: dict[int, int] = {}
        for m in _match(data.sources, there, _source_key, taken):
            if m.dst is None:
                values = {
                    "session_id": out.dst_id,
                    "kind": m.src["kind"],
                    "label": m.src["label"],
                    "config_json": m.src["config_json"],
                    "uid": m.uid,
                }
                key = conn.execute(insert(_SOURCES), values).inserted_primary_key
                assert key is not None
                source_map[int(m.src["id"])] = int(key[0])
                out.changed = True
            else:
                if m.uid is not None:
                    _update(conn, update(t).where(t.id == m.dst["id"]).values(uid=m.uid))
                source_map[int(m.src["id"])] = int(m.dst["id"])
        return source_map

    def _samples(
        self, conn: Connection, data: _SrcSession, out: _Outcome, source_map: Mapping[int, int]
    ) -> tuple[bool, dict[int, list[IntArray]]]:
        """Insert the points `dst` lacks, series by series. Returns whether
        `dst` holds points `src` does not, and the new points' times per
        (`dst`) source."""
        c = SampleChunkRow
        held: dict[tuple[int, str], _Parts] = {}
        if not out.new:
            for src_id, metric, encoding, count, ts_data in conn.execute(
                select(c.source_id, c.metric, c.encoding, c.count, c.ts_data)
                .where(c.session_id == out.dst_id)
                .order_by(c.source_id, c.metric, c.id)
            ):
                held.setdefault((int(src_id), str(metric)), []).append(
                    (bytes(ts_data), str(encoding), int(count))
                )
        extra = False
        new_times: dict[int, list[IntArray]] = {}
        decoded: list[tuple[_Parts, IntArray]] = []
        for (src_id, metric), (ts_parts, value_parts) in data.parts.items():
            self._report()
            # A source that sends every metric in each sample stores the same
            # times for all: decoded once.
            ts = next((arr for seen, arr in decoded if seen == ts_parts), None)
            if ts is None:
                ts = _decode(ts_parts)
                decoded.append((ts_parts, ts))
            raw = _decode(value_parts)
            target = source_map[src_id]
            have_parts = held.pop((target, metric), None)
            if have_parts:
                have = _decode(have_parts)
                keep = ~np.isin(ts, have)
                if not extra and bool(np.isin(have, ts, invert=True).any()):
                    extra = True
                ts, raw = ts[keep], raw[keep]
            if not ts.shape[0]:
                continue
            if ts.shape[0] > 1 and bool(np.any(ts[1:] < ts[:-1])):
                order = np.argsort(ts, kind="stable")
                ts, raw = ts[order], raw[order]
            conn.execute(insert(_CHUNKS), _chunk_rows(out.dst_id, target, metric, ts, raw))
            new_times.setdefault(target, []).append(ts)
        if any(sum(n for _, _, n in p) for p in held.values()):
            extra = True  # series only dst has
        return extra, new_times

    def _events(self, conn: Connection, data: _SrcSession, out: _Outcome, taken: set[str]) -> int:
        e = EventRow
        there = (
            []
            if out.new
            else _dicts(
                conn.execute(
                    select(e.id, e.uid, e.ts_ms, e.kind, e.label, e.payload_json)
                    .where(e.session_id == out.dst_id)
                    .order_by(e.id)
                )
            )
        )
        n = 0
        inserts = []
        for m in _match(data.events, there, _event_key, taken):
            values = {k: m.src[k] for k in ("ts_ms", "kind", "label", "payload_json")}
            if m.dst is None:
                inserts.append({**values, "session_id": out.dst_id, "uid": m.uid})
                continue
            changes = {k: v for k, v in values.items() if m.dst[k] != v}
            if m.uid is not None:
                changes["uid"] = m.uid
            if changes:
                _update(conn, update(e).where(e.id == m.dst["id"]).values(changes))
                n += 1
        if inserts:
            conn.execute(insert(_EVENTS), inserts)
        return n + len(inserts)

    def _gaps(
        self,
        conn: Connection,
        data: _SrcSession,
        out: _Outcome,
        source_map: Mapping[int, int],
        taken: set[str],
    ) -> int:
        g = GapRow
        there = (
            []
            if out.new
            else _dicts(
                conn.execute(
                    select(g.id, g.uid, g.source_id, g.start_ms, g.end_ms, g.reason)
                    .where(g.session_id == out.dst_id)
                    .order_by(g.id)
                )
            )
        )
        mapped = [
            {**r, "source_id": None if r["source_id"] is None else source_map[int(r["source_id"])]}
            for r in data.gaps
        ]
        n = 0
        inserts = []
        for m in _match(mapped, there, _gap_key, taken):
            if m.dst is None:
                values = {k: m.src[k] for k in ("source_id", "start_ms", "end_ms", "reason")}
                inserts.append({**values, "session_id": out.dst_id, "uid": m.uid})
                continue
            changes: dict[str, Any] = {}
            if m.src["end_ms"] is not None or m.dst["end_ms"] is None:  # never reopened
                changes = {k: m.src[k] for k in ("end_ms", "reason") if m.dst[k] != m.src[k]}
            if m.uid is not None:
                changes["uid"] = m.uid
            if changes:
                _update(conn, update(g).where(g.id == m.dst["id"]).values(changes))
                n += 1
        if inserts:
            conn.execute(insert(_GAPS), inserts)
        return n + len(inserts)

    def _recounted(self, conn: Connection, dst_id: int, s: _Row, d: _Row) -> dict[str, Any]:
        """The summary of what `dst` holds now that both sides' samples are
        merged, and the recorder's fields from the side that has more."""
        c = SampleChunkRow
        labels = dict(
            conn.execute(
                select(SourceRow.id, SourceRow.kind)
                .where(SourceRow.session_id == dst_id)
                .order_by(SourceRow.id)
            ).all()
        )
        parts: dict[int, dict[str, tuple[_Parts, _Parts]]] = {}
        for src_id, metric, encoding, count, ts_data, value_data in conn.execute(
            select(c.source_id, c.metric, c.encoding, c.count, c.ts_data, c.value_data)
            .where(c.session_id == dst_id)
            .order_by(c.source_id, c.metric, c.id)
        ):
            ts_parts, value_parts = parts.setdefault(int(src_id), {}).setdefault(
                str(metric), ([], [])
            )
            ts_parts.append((bytes(ts_data), str(encoding), int(count)))
            value_parts.append((bytes(value_data), str(encoding), int(count)))
        columns = SessionColumns(
            tuple(
                SourceColumns(
                    str(labels.get(src_id, "unknown")),
                    {
                        metric: Column.sorted(_decode(tp), _decode(vp))
                        for metric, (tp, vp) in per_metric.items()
                    },
                )
                for src_id, per_metric in parts.items()
            )
        )
        summary = summary_from_stats(
            SessionStats.from_columns(int(d["started_ms"]), columns).snapshot()
        )
        winner = s if _src_wins(s, d) else d
        values = summary_values(summary)
        values["duration_s"] = max(int(values["duration_s"]), int(winner["duration_s"] or 0))
        if winner is s:
            values.update({k: s[k] for k in _RECORDER_ONLY})
        return values

    def _curves(
        self, conn: Connection, data: _SrcSession, out: _Outcome, *, src_wins: bool, copied: bool,
        merged: bool,
    ) -> bool:  # fmt: skip
        """Keep the minute curves true to the samples: `src`'s where `src` won
        (exactly `src`'s once its samples were copied), none where both
        sides' were merged (built again when first needed)."""
        m = MinuteCurveRow
        there = (
            {}
            if out.new
            else {
                str(metric): (int(minutes), str(encoding), bytes(blob))
                for metric, minutes, encoding, blob in conn.execute(
                    select(m.metric, m.minutes, m.encoding, m.value_data).where(
                        m.session_id == out.dst_id
                    )
                )
            }
        )
        if copied and merged:
            if there:
                conn.execute(delete(m).where(m.session_id == out.dst_id))
            return bool(there)
        changed = False
        if src_wins:
            for metric, (minutes, encoding, blob) in data.curves.items():
                if there.get(metric) == (minutes, encoding, blob):
                    continue
                values = {"minutes": minutes, "encoding": encoding, "value_data": blob}
                if metric in there:
                    _update(
                        conn,
                        update(m)
                        .where(m.session_id == out.dst_id, m.metric == metric)
                        .values(values),
                    )
                else:
                    conn.execute(insert(m).values(session_id=out.dst_id, metric=metric, **values))
                changed = True
            stale = [k for k in there if k not in data.curves] if copied else []
            if stale:
                conn.execute(delete(m).where(m.session_id == out.dst_id, m.metric.in_(stale)))
                changed = True
        return changed

    # -- ad rows and month figures ------------------------------------------------------------
    def _ads(self, session_ids: set[int] | None) -> None:
        """The ad report rows (all, or the typed figures of `session_ids`)."""
        with self.src.engine.connect() as conn:
            q = select(_ADS).order_by(AdReportRow.id)
            if session_ids is None:
                rows = list(_dicts(conn.execute(q)))
            else:
                rows = []
                for part in _batches(sorted(session_ids), KEY_BATCH):
                    rows += _dicts(conn.execute(q.where(AdReportRow.session_id.in_(part))))
        for batch in _batches(rows, KEY_BATCH):
            try:
                with self.dst.engine.begin() as dconn:
                    self.n.ad_rows += self._ads_batch(dconn, batch)
            except (ServerRefusedError, _RefusedError):
                for row in batch:  # one at a time: those this login may write
                    try:
                        with self.dst.engine.begin() as dconn:
                            self.n.ad_rows += self._ads_batch(dconn, [row])
                    except (ServerRefusedError, _RefusedError):
                        log.info(
                            "ad row %s was not copied: this login may not write it", row["uid"]
                        )

    def _ads_batch(self, conn: Connection, rows: Sequence[_Row]) -> int:
        t = AdReportRow
        wanted: list[tuple[_Row, dict[str, Any]]] = []
        for r in rows:
            streamer = self.streamers.get(int(r["streamer_id"]))
            session = None if r["session_id"] is None else self.sessions.get(int(r["session_id"]))
            if streamer is None or (r["session_id"] is not None and session is None):
                continue  # its streamer or session was not copied
            plan = r["plan_id"]
            if session is not None and plan == typed_plan_id(int(r["session_id"])):
                plan = typed_plan_id(session)
            values = {k: v for k, v in r.items() if k != "id"}
            values.update(streamer_id=streamer[0], session_id=session, plan_id=plan)
            wanted.append((r, values))
        if not wanted:
            return 0
        uids = [str(r["uid"]) for r, _ in wanted if r["uid"]]
        by_uid = {
            str(x["uid"]): x
            for x in (_dicts(conn.execute(select(_ADS).where(t.uid.in_(uids)))) if uids else [])
        }
        keys = [(v["platform"], v["account_id"], v["day"], v["plan_id"]) for _, v in wanted]
        by_key: dict[tuple[Any, ...], _Row] = {
            (x["platform"], x["account_id"], x["day"], x["plan_id"]): x
            for x in _dicts(
                conn.execute(
                    select(_ADS).where(
                        or_(
                            *(
                                and_(
                                    t.platform == p,
                                    t.account_id == a,
                                    t.day == day,
                                    t.plan_id == pl,
                                )
                                for p, a, day, pl in keys
                            )
                        )
                    )
                )
            )
        }
        n = 0
        for (r, values), key in zip(wanted, keys, strict=True):
            d = by_uid.get(str(r["uid"])) if r["uid"] else None
            if d is None:
                d = by_key.get(key)
            if d is None:
                if not values["uid"]:
                    values["uid"] = new_uid()
                conn.execute(insert(_ADS), values)
                by_key[key] = values
                n += 1
                continue
            changes: dict[str, Any] = {}
            if (r["as_of_day"], r["updated_ms"]) > (d["as_of_day"], d["updated_ms"]):
                changes = {k: values[k] for k in _AD_FIGURES if d[k] != values[k]}
            if not d["uid"] and r["uid"] and str(r["uid"]) not in by_uid:
                changes["uid"] = r["uid"]
            if changes:
                _update(conn, update(t).where(t.id == d["id"]).values(changes))
                n += 1
        return n

    def _platform_months(self) -> None:
        """The platform's own month figures, where `src`'s are newer."""
        m = StreamerMonthRow
        with self.src.engine.connect() as conn:
            rows = conn.execute(
                select(
                    m.streamer_id,
                    m.month,
                    m.platform_gmv_fen,
                    m.platform_source,
                    m.platform_updated_ms,
                ).where(m.platform_updated_ms.is_not(None))
            ).all()
        wanted = [
            (self.streamers[int(r[0])][0], *r[1:]) for r in rows if int(r[0]) in self.streamers
        ]
        if not wanted:
            return
        with self.dst.engine.begin() as conn:
            there = {
                (int(a), int(b)): c
                for a, b, c in conn.execute(
                    select(m.streamer_id, m.month, m.platform_updated_ms).where(
                        m.streamer_id.in_(sorted({w[0] for w in wanted}))
                    )
                ).all()
            }
            keys: list[MonthKey] = []
            for streamer, month, fen, source, stamp in wanted:
                key = (int(streamer), int(month))
                values = {
                    "platform_gmv_fen": fen,
                    "platform_source": source,
                    "platform_updated_ms": stamp,
                }
                if key not in there:
                    conn.execute(
                        insert(m).values(
                            streamer_id=key[0],
                            month=key[1],
                            sessions=0,
                            recorded_gmv_fen=0,
                            **values,
                        )
                    )
                    keys.append(key)
                elif (there[key] or 0) < (stamp or 0):
                    conn.execute(
                        update(m).where(m.streamer_id == key[0], m.month == key[1]).values(values)
                    )
            refresh_months(conn, keys)


def _rest(data: Mapping[int, _SrcSession], sids: Sequence[int]) -> list[_SrcSession]:
    return [data[x] for x in sids if x in data]


def _refresh_months(conn: Connection, keys: set[MonthKey]) -> None:
    """`refresh_months` a few dozen months at a time, in month order: each
    round reads just those streamers' sessions of those months (a group of
    a big first sync touches hundreds)."""
    ordered = sorted(keys, key=lambda k: (k[1], k[0]))
    for part in _batches(ordered, MANY_MONTHS - 1):
        refresh_months(conn, part)


def _src_wins(s: Mapping[str, Any], d: Mapping[str, Any]) -> bool:
    """Whether `src`'s recorder-owned fields win: more samples, or as many
    and a heartbeat as late or later."""
    return (int(s["sample_count"] or 0), int(s["last_seen_ms"] or 0)) >= (
        int(d["sample_count"] or 0),
        int(d["last_seen_ms"] or 0),
    )


def _row_changes(
    s: Mapping[str, Any],
    d: Mapping[str, Any],
    dst_name: Callable[[], str],
    *,
    src_wins: bool,
    preset: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The values of `dst`'s session row that change (see the module's rule)."""
    changes: dict[str, Any] = dict(preset or {})
    if src_wins:
        changes.update({k: s[k] for k in _RECORDER_FIELDS if k not in changes})
    for k in _LIBRARY_FIELDS:
        if _empty(d[k]) and not _empty(s[k]):
            changes[k] = s[k]
    changes = {k: v for k, v in changes.items() if d[k] != v}
    if "title" in changes or "tags" in changes:
        title = changes.get("title", d["title"])
        tags = changes.get("tags", d["tags"])
        changes["search_text"] = search_text(dst_name(), title, decode_tags(tags))
    return changes
