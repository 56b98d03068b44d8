"""Writing whole sessions at once: an imported session with its samples,
events and gaps, or many summary-only sessions (a platform's session list,
`genbo demo-history`). Live recording goes through `DatabaseWriter` instead.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import __version__
from app.core.columns import SessionColumns
from app.core.highlights import EventRecord
from app.core.messages import QT_TRANSLATE_NOOP, translate
from app.core.metrics import EVERY_SOURCE, Gap
from app.core.schedule import planned_start_ms
from app.core.session import (
    ScheduleSlot,
    SessionDetail,
    SessionInfo,
    SessionStatus,
    SessionSummary,
    local_day,
)
from app.storage import chunks
from app.storage.database import StorageError
from app.storage.models import (
    EventRow,
    GapRow,
    SampleChunkRow,
    ScheduleRow,
    SessionRow,
    SourceRow,
    StreamerRow,
)
from app.storage.months import refresh_months
from app.storage.repository import (
    Repository,
    decode_tags,
    encode_tags,
    new_streamer_row,
    search_text,
    summary_values,
)


@dataclass(frozen=True)
class _Word:
    """A word in a message ("no platform"), in the user's language when shown."""

    text: str

    def __str__(self) -> str:
        return translate("storage", self.text)

    @property
    def english(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class DuplicateSessionError(StorageError):
    """The session (by its unique id) is already in this database."""

    def __init__(self, uid: str, session_id: int) -> None:
        self.uid = uid
        self.session_id = session_id
        super().__init__(
            QT_TRANSLATE_NOOP(
                "storage",
                "This session is already in the library as session {id} "
                "(unique id {uid}). Nothing was imported. Import it as a copy, or delete that "
                "one and empty the trash to import it again.",
            ),
            id=session_id,
            uid=uid,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.uid, self.session_id))


@dataclass(frozen=True)
class NewSession:
    """A finished session to store as it is."""

    streamer: str
    title: str
    started_ms: int
    utc_offset_min: int
    ended_ms: int | None
    summary: SessionSummary
    status: SessionStatus = SessionStatus.ENDED
    platform: str | None = None
    account_id: str | None = None
    uid: str | None = None
    """Kept when given (an import of Genbo's own export), so importing the same
    session twice is caught; made otherwise."""
    notes: str = ""
    tags: Sequence[str] = ()
    detail: SessionDetail = SessionDetail.FULL
    columns: SessionColumns | None = None
    events: Sequence[EventRecord] = ()
    gaps: Sequence[Gap] = ()
    source_configs: dict[str, dict[str, object]] = field(default_factory=dict)
    """Settings per source kind, stored with the source (never secrets)."""


def insert_session(repo: Repository, new: NewSession) -> SessionInfo:
    """Store one finished session with everything it carries, in one
    transaction: all of it or nothing."""
    name = " ".join(new.streamer.split())
    if not name:
        raise StorageError(
            QT_TRANSLATE_NOOP("storage", "An imported session needs a streamer name.")
        )
    if new.status is SessionStatus.LIVE:
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "storage", "An imported session cannot be live; it is stored as ended."
            )
        )
    uid = new.uid or str(uuid.uuid4())
    with repo.db.sessions.begin() as s:
        existing = s.scalar(select(SessionRow.id).where(SessionRow.uid == uid))
        if existing is not None:
            raise DuplicateSessionError(uid, int(existing))
        streamer_id, slots, stored_name = _ensure_streamer(s, name, new.platform, new.account_id)
        row = _session_row(new, uid, streamer_id, slots, stored_name, repo.operator)
        s.add(row)
        s.flush()
        source_ids: dict[str, int] = {}
        kinds = [src.source for src in new.columns.sources] if new.columns else []
        kinds += [g.source for g in new.gaps if g.source != EVERY_SOURCE]
        for kind in kinds:
            if kind in source_ids:
                continue
            src = SourceRow(
                session_id=row.id,
                kind=kind,
                label=kind,
                config_json=json.dumps(
                    new.source_configs.get(kind, {}), ensure_ascii=False, sort_keys=True
                ),
            )
            s.add(src)
            s.flush()
            source_ids[kind] = src.id
        chunk_rows = []
        for src_cols in new.columns.sources if new.columns else ():
            for metric, col in src_cols.series.items():
                for i in range(0, len(col), chunks.CHUNK_POINTS):
                    ts = col.ts_ms[i : i + chunks.CHUNK_POINTS]
                    raw = col.raw[i : i + chunks.CHUNK_POINTS]
                    chunk_rows.append(
                        {
                            "session_id": row.id,
                            "source_id": source_ids[src_cols.source],
                            "metric": metric,
                            "first_ms": int(ts.min()),
                            "last_ms": int(ts.max()),
                            "count": int(ts.shape[0]),
                            "encoding": chunks.ZLIB_DELTA,
                            "ts_data": chunks.encode(ts, chunks.ZLIB_DELTA),
                            "value_data": chunks.encode(raw, chunks.ZLIB_DELTA),
                        }
                    )
        if chunk_rows:
            s.execute(insert(SampleChunkRow), chunk_rows)
        if new.gaps:
            s.execute(
                insert(GapRow),
                [
                    {
                        "session_id": row.id,
                        "source_id": None if g.source == EVERY_SOURCE else source_ids[g.source],
                        "start_ms": int(g.start_ms),
                        "end_ms": None if g.end_ms is None else int(g.end_ms),
                        "reason": g.reason,
                    }
                    for g in new.gaps
                ],
            )
        if new.events:
            uids = [e.uid for e in new.events]
            taken = set(s.scalars(select(EventRow.uid).where(EventRow.uid.in_(uids))).all())
            s.execute(
                insert(EventRow),
                [
                    {
                        "session_id": row.id,
                        # An event id already used here (the same highlight in a
                        # copy of this session) gets a new one.
                        "uid": str(uuid.uuid4()) if e.uid in taken else e.uid,
                        "ts_ms": int(e.ts_ms),
                        "kind": e.kind,
                        "label": e.label,
                        "payload_json": json.dumps(dict(e.payload), ensure_ascii=False),
                    }
                    for e in new.events
                ],
            )
        refresh_months(s.connection(), [(streamer_id, row.local_day // 100)])
        s.flush()
        session_id = row.id
    return repo.get_session(session_id, settle=False)


def insert_summaries(repo: Repository, items: Sequence[NewSession]) -> int:
    """Store many summary-only sessions quickly (one INSERT per thousand rows);
    streamers are created as needed and the month sums recounted once."""
    if not items:
        return 0
    if any(it.status is SessionStatus.LIVE for it in items):
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "storage", "A summary-only session cannot be live; store it as ended."
            )
        )
    given = [it.uid for it in items if it.uid]
    if len(set(given)) != len(given):
        twice = next(u for u in given if given.count(u) > 1)
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "storage", "The unique id {uid} is given to two sessions; nothing was stored."
            ),
            uid=twice,
        )
    with repo.db.sessions.begin() as s:
        ids: dict[str, tuple[int, list[ScheduleSlot], str]] = {}
        for item in items:
            name = " ".join(item.streamer.split())
            if name not in ids:
                ids[name] = _ensure_streamer(s, name, item.platform, item.account_id)
        uids = [it.uid for it in items if it.uid]
        for i in range(0, len(uids), 500):
            dup = s.execute(
                select(SessionRow.uid, SessionRow.id).where(SessionRow.uid.in_(uids[i : i + 500]))
            ).first()
            if dup is not None:
                raise DuplicateSessionError(str(dup[0]), int(dup[1]))
        rows = []
        keys: set[tuple[int, int]] = set()
        for item in items:
            streamer_id, slots, stored_name = ids[" ".join(item.streamer.split())]
            row = _session_values(
                item, item.uid or str(uuid.uuid4()), streamer_id, slots, stored_name, repo.operator
            )
            rows.append(row)
            keys.add((streamer_id, local_day(item.started_ms, item.utc_offset_min) // 100))
        conn = s.connection()
        for i in range(0, len(rows), 1000):
            conn.execute(insert(SessionRow), rows[i : i + 1000])
        refresh_months(conn, keys)
    return len(rows)


def _ensure_streamer(
    s: Session, name: str, platform: str | None, account_id: str | None
) -> tuple[int, list[ScheduleSlot], str]:
    """The streamer's id, schedule and stored name (found by account, then by
    name; created when missing)."""
    row = None
    if account_id:
        row = s.scalar(
            select(StreamerRow).where(
                StreamerRow.platform == platform, StreamerRow.account_id == account_id
            )
        )
    if row is None:
        row = s.scalar(select(StreamerRow).where(StreamerRow.name == name))
        if row is not None and _other_account(row, platform, account_id):
            raise StorageError(
                QT_TRANSLATE_NOOP(
                    "storage",
                    "A streamer named {name} is already in this library on "
                    "{platform} (account {account}); "
                    "this session's is on {new_platform} (account {new_account}). "
                    "Nothing was imported. Import it under another streamer name (genbo import "
                    "--streamer NAME, or the Streamer field), or correct the streamer's account.",
                ),
                name=name,
                platform=row.platform or _Word(QT_TRANSLATE_NOOP("storage", "no platform")),
                account=row.account_id or _Word(QT_TRANSLATE_NOOP("storage", "not set")),
                new_platform=platform or _Word(QT_TRANSLATE_NOOP("storage", "no platform")),
                new_account=account_id,
            )
    if row is None:
        row = new_streamer_row(name, platform, account_id)
        s.add(row)
        s.flush()
    slots = [
        ScheduleSlot(x.weekday, x.start_min, x.utc_offset_min)
        for x in s.scalars(select(ScheduleRow).where(ScheduleRow.streamer_id == row.id)).all()
    ]
    return row.id, slots, row.name


def _other_account(row: StreamerRow, platform: str | None, account_id: str | None) -> bool:
    """Whether a streamer found by name is plainly someone else: both sides
    name an account, and the platform or the account differ."""
    if not account_id or not row.account_id:
        return False
    return row.account_id != account_id or (row.platform or None) != (platform or None)


def _session_values(
    new: NewSession,
    uid: str,
    streamer_id: int,
    slots: Sequence[ScheduleSlot],
    streamer_name: str,
    operator: str | None = None,
) -> dict[str, object]:
    """A session row's values; `operator`: who imported it (the repository's)."""
    values: dict[str, object] = {
        "operator": operator,
        "streamer_id": streamer_id,
        "title": " ".join(new.title.split()),
        "started_ms": new.started_ms,
        "utc_offset_min": new.utc_offset_min,
        "ended_ms": new.ended_ms,
        "status": new.status.value,
        "last_seen_ms": new.ended_ms,
        "recorder_host": socket.gethostname(),
        "recorder_pid": os.getpid(),
        "app_version": __version__,
        "uid": uid,
        "local_day": local_day(new.started_ms, new.utc_offset_min),
        "notes": new.notes,
        "tags": encode_tags(new.tags),
        "planned_start_ms": planned_start_ms(slots, new.started_ms),
        "detail": new.detail.value,
        "deleted_ms": None,
        "search_text": search_text(
            streamer_name, " ".join(new.title.split()), decode_tags(encode_tags(new.tags))
        ),
    }
    values.update(summary_values(new.summary))
    return values


def _session_row(
    new: NewSession,
    uid: str,
    streamer_id: int,
    slots: Sequence[ScheduleSlot],
    name: str,
    operator: str | None = None,
) -> SessionRow:
    return SessionRow(**_session_values(new, uid, streamer_id, slots, name, operator))
