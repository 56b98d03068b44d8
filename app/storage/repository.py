"""Reads and small writes, returning core dataclasses (never ORM rows).

Bulk sample writes go through `DatabaseWriter`, the one thread that writes
while a session is live; the calls here are for setting a session up, closing
it, and reading history.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from app import __version__
from app.core.columns import Column, SessionColumns, SourceColumns
from app.core.highlights import EventRecord
from app.core.metrics import METRICS, Gap, Sample
from app.core.milestones import PersonalBests
from app.core.session import (
    SessionInfo,
    SessionStatus,
    SessionSummary,
    SourceInfo,
    Streamer,
    now_ms,
)
from app.core.stats import SessionStats, StatsSnapshot
from app.storage import chunks
from app.storage.database import Database, StorageError
from app.storage.models import (
    EventRow,
    GapRow,
    SampleChunkRow,
    SessionRow,
    SourceRow,
    StreamerRow,
)

log = logging.getLogger(__name__)

_Part = tuple[bytes, str, int]
"""A stored chunk's blob, encoding and count."""

STALE_HEARTBEAT_MS = 30_000
"""A live session whose recorder has not committed for this long, and whose
process is gone, was cut off."""


@dataclass(frozen=True, slots=True)
class MetricSeries:
    """One metric's stored history: times (UTC ms) and raw values, both sorted by time."""

    ts_ms: npt.NDArray[np.int64]
    raw: npt.NDArray[np.int64]


def summary_from_stats(snap: StatsSnapshot) -> SessionSummary:
    gmv = METRICS["gmv"]

    def fen(v: Any) -> int | None:
        return None if v is None else gmv.to_raw(v)

    return SessionSummary(
        duration_s=snap.elapsed_s,
        peak_viewers=snap.peak_viewers,
        gmv_fen=snap.latest.get("gmv"),
        gmv_15m_fen=fen(snap.gmv_first_15m),
        gmv_30m_fen=fen(snap.gmv_first_30m),
        sample_count=snap.sample_count,
        gpm_fen=fen(snap.gpm),
        avg_dwell_ds=None if snap.avg_dwell is None else round(snap.avg_dwell * 10),
    )


def _streamer(row: StreamerRow) -> Streamer:
    return Streamer(id=row.id, name=row.name, platform=row.platform)


def _session(row: SessionRow) -> SessionInfo:
    return SessionInfo(
        id=row.id,
        streamer=_streamer(row.streamer),
        title=row.title,
        started_ms=row.started_ms,
        utc_offset_min=row.utc_offset_min,
        ended_ms=row.ended_ms,
        status=_status(row),
        last_seen_ms=row.last_seen_ms,
        summary=SessionSummary(
            duration_s=float(row.duration_s),
            peak_viewers=row.peak_viewers,
            gmv_fen=row.gmv_fen,
            gmv_15m_fen=row.gmv_15m_fen,
            gmv_30m_fen=row.gmv_30m_fen,
            sample_count=row.sample_count,
            gpm_fen=row.gpm_fen,
            avg_dwell_ds=row.avg_dwell_ds,
        ),
    )


def _status(row: SessionRow) -> SessionStatus:
    """A row still marked live but given an end was found cut off (see
    `Repository.find_interrupted`): it is interrupted until resumed."""
    status = SessionStatus(row.status)
    if status is SessionStatus.LIVE and row.ended_ms is not None:
        return SessionStatus.INTERRUPTED
    return status


def apply_summary(row: SessionRow, summary: SessionSummary) -> None:
    row.duration_s = round(summary.duration_s)
    row.peak_viewers = summary.peak_viewers
    row.gmv_fen = summary.gmv_fen
    row.gmv_15m_fen = summary.gmv_15m_fen
    row.gmv_30m_fen = summary.gmv_30m_fen
    row.sample_count = summary.sample_count
    row.gpm_fen = summary.gpm_fen
    row.avg_dwell_ds = summary.avg_dwell_ds


def summary_values(summary: SessionSummary) -> dict[str, Any]:
    """Column values for a bulk UPDATE of a session's summary."""
    return {
        "duration_s": round(summary.duration_s),
        "peak_viewers": summary.peak_viewers,
        "gmv_fen": summary.gmv_fen,
        "gmv_15m_fen": summary.gmv_15m_fen,
        "gmv_30m_fen": summary.gmv_30m_fen,
        "sample_count": summary.sample_count,
        "gpm_fen": summary.gpm_fen,
        "avg_dwell_ds": summary.avg_dwell_ds,
    }


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- streamers -------------------------------------------------------------------
    def get_or_create_streamer(self, name: str, platform: str | None = None) -> Streamer:
        name = name.strip()
        if not name:
            raise StorageError("A streamer needs a name.")
        with self.db.sessions.begin() as s:
            row = s.scalar(select(StreamerRow).where(StreamerRow.name == name))
            if row is None:
                row = StreamerRow(name=name, platform=platform, created_ms=now_ms())
                s.add(row)
                s.flush()
            return _streamer(row)

    def list_streamers(self) -> list[Streamer]:
        with self.db.sessions() as s:
            rows = s.scalars(select(StreamerRow).order_by(StreamerRow.name)).all()
            return [_streamer(r) for r in rows]

    # -- sessions --------------------------------------------------------------------
    def create_session(
        self, streamer: Streamer, title: str, started_ms: int, utc_offset_min: int
    ) -> SessionInfo:
        with self.db.sessions.begin() as s:
            row = SessionRow(
                streamer_id=streamer.id,
                title=title.strip(),
                started_ms=started_ms,
                utc_offset_min=utc_offset_min,
                status=SessionStatus.LIVE.value,
                last_seen_ms=now_ms(),
                recorder_host=socket.gethostname(),
                recorder_pid=os.getpid(),
                app_version=__version__,
                duration_s=0,
                sample_count=0,
            )
            s.add(row)
            s.flush()
            s.refresh(row, ["streamer"])
            return _session(row)

    def add_source(
        self, session_id: int, kind: str, label: str, config: dict[str, Any] | None = None
    ) -> SourceInfo:
        with self.db.sessions.begin() as s:
            row = SourceRow(
                session_id=session_id,
                kind=kind,
                label=label,
                config_json=json.dumps(config or {}, ensure_ascii=False, sort_keys=True),
            )
            s.add(row)
            s.flush()
            return SourceInfo(id=row.id, session_id=session_id, kind=kind, label=label)

    def sources(self, session_id: int) -> list[SourceInfo]:
        with self.db.sessions() as s:
            rows = s.scalars(
                select(SourceRow).where(SourceRow.session_id == session_id).order_by(SourceRow.id)
            ).all()
            return [SourceInfo(r.id, r.session_id, r.kind, r.label) for r in rows]

    def source_configs(self, session_id: int) -> list[tuple[str, dict[str, Any]]]:
        """(kind, settings) of each source the session was recorded with, to resume it."""
        with self.db.sessions() as s:
            rows = s.execute(
                select(SourceRow.kind, SourceRow.config_json)
                .where(SourceRow.session_id == session_id)
                .order_by(SourceRow.id)
            ).all()
        out = []
        for kind, cfg in rows:
            try:
                data = json.loads(cfg)
            except ValueError:
                data = {}
            out.append((kind, data if isinstance(data, dict) else {}))
        return out

    def get_session(self, session_id: int, settle: bool = True) -> SessionInfo:
        """The session as it is: one whose recorder is gone reads `INTERRUPTED`
        with its summary rebuilt from its samples, as in every other view
        (`settle=False` only reads the row)."""
        info = self._get_session(session_id)
        if settle and info.status is SessionStatus.LIVE:
            (info,) = self.find_interrupted(only=session_id) or (info,)
        return info

    def _get_session(self, session_id: int) -> SessionInfo:
        with self.db.sessions() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise StorageError(f"There is no session {session_id} in this database.")
            return _session(row)

    def list_sessions(self, streamer_id: int | None = None) -> list[SessionInfo]:
        """Newest first. A session still marked live whose recorder is gone is
        listed as `INTERRUPTED` (what it is), with its summary rebuilt."""
        cut_off = {s.id: s for s in self.find_interrupted()}
        with self.db.sessions() as s:
            q = select(SessionRow).join(SessionRow.streamer).order_by(SessionRow.started_ms.desc())
            if streamer_id is not None:
                q = q.where(SessionRow.streamer_id == streamer_id)
            return [cut_off.get(row.id) or _session(row) for row in s.scalars(q).all()]

    def end_session(
        self,
        session_id: int,
        ended_ms: int,
        summary: SessionSummary,
        status: SessionStatus = SessionStatus.ENDED,
    ) -> SessionInfo:
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id)
            if row is None:
                raise StorageError(f"There is no session {session_id} in this database.")
            row.ended_ms = ended_ms
            row.status = status.value
            row.last_seen_ms = now_ms()
            apply_summary(row, summary)
            s.flush()
            return _session(row)

    def claim_for_resume(self, session_id: int) -> SessionInfo:
        """Mark an interrupted session live again, owned by this process.
        Refused while another recorder is seen alive on it (two resumes)."""
        with self.db.sessions.begin() as s:
            row = s.get(SessionRow, session_id, with_for_update=True)
            if row is None:
                raise StorageError(f"There is no session {session_id} in this database.")
            recording = row.status == SessionStatus.LIVE.value and row.ended_ms is None
            if recording and not _recorder_gone(row, now_ms(), socket.gethostname()):
                raise StorageError(
                    f"Session {session_id} is being recorded by Genbo on "
                    f"{row.recorder_host or 'another computer'}; it cannot be resumed here."
                )
            row.status = SessionStatus.LIVE.value
            row.ended_ms = None
            row.recorder_host = socket.gethostname()
            row.recorder_pid = os.getpid()
            row.last_seen_ms = now_ms()
            s.flush()
            return _session(row)

    def delete_session(self, session_id: int) -> None:
        with self.db.sessions.begin() as s:
            s.execute(delete(SampleChunkRow).where(SampleChunkRow.session_id == session_id))
            s.execute(delete(GapRow).where(GapRow.session_id == session_id))
            s.execute(delete(EventRow).where(EventRow.session_id == session_id))
            s.execute(delete(SourceRow).where(SourceRow.session_id == session_id))
            s.execute(delete(SessionRow).where(SessionRow.id == session_id))

    def personal_bests(self, streamer_id: int, exclude_session: int | None = None) -> PersonalBests:
        """The streamer's best finished sessions, for personal-best milestones."""
        r = SessionRow
        q = select(
            func.max(r.peak_viewers),
            func.max(r.gmv_fen),
            func.max(r.gmv_15m_fen),
            func.max(r.gmv_30m_fen),
            func.max(r.gpm_fen),
            func.max(r.avg_dwell_ds),
        ).where(r.streamer_id == streamer_id, r.status != SessionStatus.LIVE.value)
        if exclude_session is not None:
            q = q.where(r.id != exclude_session)
        with self.db.sessions() as s:
            peak, gmv, g15, g30, gpm, dwell = s.execute(q).one()

        def yuan(fen: int | None) -> float | None:
            return None if fen is None else fen / 100

        return PersonalBests(
            peak_viewers=None if peak is None else float(peak),
            gmv=yuan(gmv),
            gmv_15m=yuan(g15),
            gmv_30m=yuan(g30),
            gpm=yuan(gpm),
            avg_dwell=None if dwell is None else dwell / 10,
        )

    # -- crash recovery --------------------------------------------------------------
    def find_interrupted(
        self, now: int | None = None, only: int | None = None
    ) -> list[SessionInfo]:
        """Sessions still marked live whose recorder is gone (crashed or killed),
        waiting for the operator to resume or end them.

        A recorder on this host is gone as soon as its process no longer exists
        (or is a zombie); on another host (a shared database) when it has not
        committed for `STALE_HEARTBEAT_MS`. The first time a session is found,
        its summary is rebuilt from the samples that reached the database and
        its end set to its last sample, so the resume bar, the history, the CLI
        and exports all tell the same figures; the row stays live (and
        resumable) until the operator resumes or ends it.
        """
        now = now_ms() if now is None else now
        host = socket.gethostname()
        found: list[int] = []
        newly: list[tuple[int, int | None, int | None]] = []
        with self.db.sessions() as s:
            q = select(SessionRow).where(SessionRow.status == SessionStatus.LIVE.value)
            if only is not None:
                q = q.where(SessionRow.id == only)
            for row in s.scalars(q).all():
                if row.ended_ms is not None:
                    found.append(row.id)  # found before, already rebuilt
                elif _recorder_gone(row, now, host):
                    newly.append((row.id, row.recorder_pid, row.last_seen_ms))
        out = {}
        for session_id, pid, seen in newly:
            try:
                self._settle_cut_off(session_id, pid, seen)
            except (SQLAlchemyError, StorageError) as exc:
                # A read-only database still lists it as what it is.
                log.warning("could not rebuild interrupted session %s: %s", session_id, exc)
                out[session_id] = replace(
                    self._get_session(session_id), status=SessionStatus.INTERRUPTED
                )
        for session_id in [*found, *(n[0] for n in newly)]:
            if session_id not in out:
                info = self._get_session(session_id)
                if info.status is SessionStatus.INTERRUPTED:  # not resumed meanwhile
                    out[session_id] = info
        return [out[i] for i in sorted(out)]

    def _rebuilt(self, info: SessionInfo) -> tuple[SessionSummary, int]:
        """A cut-off session's summary from its stored samples, and its end: the
        last moment it is known to have run, its last sample or its recorder's
        last heartbeat, whichever is later (the resume bar, the downtime gap
        and History then tell the same length)."""
        summary = self.recompute_summary(info.id)
        known = [t for t in (self.last_sample_ms(info.id), info.last_seen_ms) if t is not None]
        ended = max([info.started_ms, *known])
        duration = max(summary.duration_s, (ended - info.started_ms) / 1000)
        return replace(summary, duration_s=duration), ended

    def _settle_cut_off(self, session_id: int, pid: int | None, seen_ms: int | None) -> None:
        """Mark a session found without its recorder, with rebuilt figures: only
        if its row is as it was found (a resume in the meantime claims it anew,
        with another pid and heartbeat, and must not be overwritten)."""
        summary, ended = self._rebuilt(self._get_session(session_id))
        r = SessionRow
        with self.db.sessions.begin() as s:
            s.execute(
                update(r)
                .where(
                    r.id == session_id,
                    r.status == SessionStatus.LIVE.value,
                    r.ended_ms.is_(None),
                    r.recorder_pid.is_(None) if pid is None else r.recorder_pid == pid,
                    r.last_seen_ms.is_(None) if seen_ms is None else r.last_seen_ms == seen_ms,
                )
                .values(ended_ms=ended, **summary_values(summary))
            )

    def finish_interrupted(
        self, session_id: int, status: SessionStatus = SessionStatus.INTERRUPTED
    ) -> SessionInfo:
        """Close a cut-off session with its summary rebuilt from the samples that
        reached the database. `INTERRUPTED` keeps the mark that it was cut off."""
        summary, ended = self._rebuilt(self._get_session(session_id))
        return self.end_session(session_id, ended, summary, status=status)

    def last_sample_ms(self, session_id: int) -> int | None:
        with self.db.sessions() as s:
            v = s.scalar(
                select(func.max(SampleChunkRow.last_ms)).where(
                    SampleChunkRow.session_id == session_id
                )
            )
            return None if v is None else int(v)

    def recompute_summary(self, session_id: int) -> SessionSummary:
        """Rebuild the summary from the stored samples with the same
        `SessionStats` the live path uses."""
        info = self._get_session(session_id)
        stats = SessionStats.from_columns(info.started_ms, self.load_columns(session_id))
        return summary_from_stats(stats.snapshot())

    # -- reading history -------------------------------------------------------------
    def sample_count(self, session_id: int) -> int:
        """How many samples (one source's reading at one instant) are stored."""
        return self.load_columns(session_id).sample_count()

    def value_count(self, session_id: int) -> int:
        """How many metric values are stored."""
        with self.db.sessions() as s:
            q = select(func.coalesce(func.sum(SampleChunkRow.count), 0))
            return int(s.scalar(q.where(SampleChunkRow.session_id == session_id)) or 0)

    def load_columns(
        self, session_id: int, progress: Callable[[float], None] | None = None
    ) -> SessionColumns:
        """Every stored sample as columns per source and metric, each in time
        order. `progress` hears the share of the stored chunks read so far."""
        c = SampleChunkRow
        with self.db.engine.connect() as conn:
            labels = dict(
                conn.execute(
                    select(SourceRow.id, SourceRow.kind)
                    .where(SourceRow.session_id == session_id)
                    .order_by(SourceRow.id)
                ).all()
            )
            total = 0
            if progress is not None:
                total = conn.execute(
                    select(func.count()).where(c.session_id == session_id)
                ).scalar_one()
            result = conn.execute(
                select(c.source_id, c.metric, c.encoding, c.count, c.ts_data, c.value_data)
                .where(c.session_id == session_id)
                .order_by(c.source_id, c.metric, c.id)
            )
            parts: dict[int, dict[str, tuple[list[_Part], list[_Part]]]] = {}
            read = 0
            for batch in result.partitions(1000):
                for src, metric, encoding, count, ts_data, value_data in batch:
                    ts_parts, raw_parts = parts.setdefault(src, {}).setdefault(metric, ([], []))
                    ts_parts.append((ts_data, encoding, count))
                    raw_parts.append((value_data, encoding, count))
                read += len(batch)
                if progress is not None:
                    progress(0.5 * read / max(total, 1))
        sources = []
        done, series_total = 0, max(sum(len(m) for m in parts.values()), 1)
        try:
            for src_id, per_metric in parts.items():
                series = {}
                # A source that delivers all its metrics in every sample stores
                # the same times for each of them: decoded once, shared.
                decoded: list[tuple[list[_Part], npt.NDArray[np.int64]]] = []
                for metric, (ts_parts, raw_parts) in per_metric.items():
                    ts = next((arr for seen, arr in decoded if seen == ts_parts), None)
                    if ts is None:
                        ts = chunks.decode_series(ts_parts)
                        ts.flags.writeable = False
                        decoded.append((ts_parts, ts))
                    series[metric] = Column.sorted(ts, chunks.decode_series(raw_parts))
                    done += 1
                    if progress is not None:
                        progress(0.5 + 0.5 * done / series_total)
                sources.append(SourceColumns(labels.get(src_id, "unknown"), series))
        except chunks.ChunkFormatError as exc:
            raise StorageError(
                f"Session {session_id} could not be read: {exc}. Nothing was changed; "
                "restore a backup of the database to recover it."
            ) from exc
        return SessionColumns(tuple(sources))

    def load_series(self, session_id: int) -> dict[str, MetricSeries]:
        """Every metric's history from all sources, in time order."""
        columns = self.load_columns(session_id)
        out = {}
        for key in columns.metrics():
            col = columns.merged(key)
            out[key] = MetricSeries(col.ts_ms, col.raw)
        return out

    def load_samples(
        self, session_id: int, progress: Callable[[float], None] | None = None
    ) -> list[Sample]:
        """The stored samples one by one, in time order (sources in the order
        they were added at the same instant). Review and exports read
        `load_columns` instead; this is for replaying a session."""
        return self.load_columns(session_id, progress).to_samples()

    def load_gaps(self, session_id: int) -> list[Gap]:
        with self.db.sessions() as s:
            rows = s.execute(
                select(GapRow, SourceRow.kind)
                .outerjoin(SourceRow, GapRow.source_id == SourceRow.id)
                .where(GapRow.session_id == session_id)
                .order_by(GapRow.start_ms)
            ).all()
            return [Gap(kind or "", g.start_ms, g.end_ms, g.reason) for g, kind in rows]

    def load_events(self, session_id: int) -> list[EventRecord]:
        """Milestones and highlights, in time order."""
        with self.db.sessions() as s:
            rows = s.scalars(
                select(EventRow).where(EventRow.session_id == session_id).order_by(EventRow.ts_ms)
            ).all()
            out = []
            for r in rows:
                try:
                    payload = json.loads(r.payload_json)
                except ValueError:
                    payload = {}
                out.append(EventRecord(r.uid or f"row-{r.id}", r.ts_ms, r.kind, r.label, payload))
            return out

    def touch(self, session_ids: Iterable[int]) -> None:
        """Heartbeat: the recorder of these sessions is alive."""
        ids = list(session_ids)
        if not ids:
            return
        with self.db.sessions.begin() as s:
            s.execute(
                update(SessionRow).where(SessionRow.id.in_(ids)).values(last_seen_ms=now_ms())
            )


def _recorder_gone(row: SessionRow, now: int, host: str) -> bool:
    """Whether a row marked live has lost its recorder: on this host, its
    process is gone (a reused pid must not keep a dead session live, so a stale
    heartbeat also counts); elsewhere, its heartbeat is stale."""
    stale = (row.last_seen_ms or 0) <= now - STALE_HEARTBEAT_MS
    if row.recorder_host == host and row.recorder_pid is not None:
        if row.recorder_pid == os.getpid():
            return False
        return stale or not _pid_alive(row.recorder_pid)
    return stale


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    # A killed process that its parent has not reaped yet still answers
    # signal 0; on Linux its state says it is a zombie.
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")
