"""Comparing sessions, and the reference a live session is held against.
Blocking (database reads): run it off the GUI thread.

Both rest on `app.core.curves`: a session's GMV and viewers by the minute
since its start. A session's curve is read from the stored minute curves when
it has them (`Repository.load_minute_curves`), and otherwise built from its
samples (`minute_table`), so the result is the same either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np
import numpy.typing as npt
from sqlalchemy.exc import SQLAlchemyError

from app.core.columns import SessionColumns
from app.core.curves import (
    CURVE_METRICS,
    MINUTE_MS,
    MinuteSeries,
    ReferenceCurve,
    ReferenceKind,
    SessionCurve,
    minute_table,
    reference_curve,
)
from app.core.figures import Figure, session_figures
from app.core.messages import QT_TRANSLATE_NOOP, Explained
from app.core.metrics import Gap
from app.core.session import SessionDetail, SessionInfo, SessionStatus
from app.core.stats import SessionStats, StatsSnapshot
from app.storage import chunks
from app.storage.database import StorageError
from app.storage.repository import Repository

log = logging.getLogger(__name__)

MIN_SESSIONS = 2
MAX_SESSIONS = 5
GHOST_SESSIONS = 30
"""How many of the streamer's newest sessions with samples the ghost rests on."""

FloatArray = npt.NDArray[np.float64]


class Align(Enum):
    START = "start"
    """Minutes since each session's start."""
    CLOCK = "clock"
    """Time of day in each session's own UTC offset (minutes after the local
    midnight of the day it started; a session past midnight runs on beyond 24:00)."""


MESSAGE_CONTEXT = "session"
"""The translation context of this module's messages (`app.core.messages`)."""


class ComparisonError(Explained, ValueError):
    """The sessions asked for cannot be compared; the message says why, in
    words for the operator (and in their language: `app.core.messages`)."""

    context = "session"


class NoCurve(Enum):
    SUMMARY_ONLY = "summary_only"
    """Only the session's figures are stored (a platform's session list)."""
    NO_SAMPLES = "no_samples"
    """A full session with no GMV or viewer readings."""


@dataclass(frozen=True)
class ComparedSession:
    info: SessionInfo
    curve: SessionCurve | None
    """None when there is nothing to draw; `no_curve` says why."""
    figures: tuple[Figure, ...]
    no_curve: NoCurve | None = None

    @property
    def start_clock_min(self) -> float:
        """Minutes after the local midnight of the start day the session began."""
        local = self.info.started_ms + self.info.utc_offset_min * MINUTE_MS
        return (local % (1440 * MINUTE_MS)) / MINUTE_MS

    def x(self, align: Align) -> FloatArray:
        """Where each minute row sits on the axis: minutes since start (a row
        holds as of its minute's end), or minutes after local midnight."""
        if self.curve is None:
            return np.empty(0, dtype=np.float64)
        base = self.curve.x()
        return base + self.start_clock_min if align is Align.CLOCK else base

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class MinuteRow:
    """One row of the per-minute table: `key` is the minute index (align
    start: minute `key` ends `key + 1` minutes in) or the local clock minute
    the sessions' rows end in (align clock: minutes after midnight, ≥ 1440 on
    the next day). `values[i]` is session i's (GMV fen, viewers), None where it
    has no row or no value."""

    key: int
    values: tuple[tuple[int | None, int | None] | None, ...]


@dataclass(frozen=True)
class Comparison:
    sessions: tuple[ComparedSession, ...]
    align: Align

    def with_align(self, align: Align) -> Comparison:
        return Comparison(self.sessions, align)

    @property
    def drawable(self) -> tuple[ComparedSession, ...]:
        return tuple(s for s in self.sessions if s.curve is not None)

    def minute_rows(self) -> list[MinuteRow]:
        """Every minute any session covers, in order. Align clock puts a
        session's row m in the clock minute its end falls in (rows are a
        minute apart, so no two share one)."""
        keyed: list[dict[int, tuple[int | None, int | None]]] = []
        for s in self.sessions:
            rows: dict[int, tuple[int | None, int | None]] = {}
            if s.curve is not None:
                gmv, viewers = s.curve.gmv.values(), s.curve.viewers.values()
                keys = np.arange(s.curve.minutes, dtype=np.int64)
                if self.align is Align.CLOCK:
                    local = s.info.started_ms + s.info.utc_offset_min * MINUTE_MS
                    day = local - local % (1440 * MINUTE_MS)
                    keys = (local - day + (keys + 1) * MINUTE_MS) // MINUTE_MS
                for k, g, v in zip(keys.tolist(), gmv, viewers, strict=True):
                    rows[k] = (g, v)
            keyed.append(rows)
        all_keys = sorted({k for rows in keyed for k in rows})
        if not all_keys:
            return []
        span = range(all_keys[0], all_keys[-1] + 1)
        return [MinuteRow(k, tuple(rows.get(k) for rows in keyed)) for k in span]


def stored_curves(curve: SessionCurve) -> dict[str, npt.NDArray[np.int64]]:
    """A curve as `Repository.save_minute_curves` keeps it (`chunks.MISSING`
    where a minute has no value)."""
    return {
        key: np.where(s.present, s.raw, chunks.MISSING).astype(np.int64)
        for key, s in (("gmv", curve.gmv), ("viewers", curve.viewers))
    }


def _from_stored(arr: npt.NDArray[np.int64], minutes: int) -> MinuteSeries:
    raw = np.zeros(minutes, dtype=np.int64)
    present = np.zeros(minutes, dtype=np.bool_)
    n = min(minutes, int(arr.shape[0]))
    ok = arr[:n] != chunks.MISSING
    raw[:n] = np.where(ok, arr[:n], 0)
    present[:n] = ok
    return MinuteSeries(raw, present)


def _end_ms(info: SessionInfo, last_ms: int | None) -> int | None:
    ends = [e for e in (info.ended_ms, last_ms) if e is not None]
    if not ends and info.summary.duration_s:
        return info.started_ms + round(info.summary.duration_s * 1000)
    return max(ends, default=None)


def _stored_curve(info: SessionInfo, have: dict[str, npt.NDArray[np.int64]]) -> SessionCurve | None:
    if not all(k in have for k in CURVE_METRICS):
        return None
    n = max(int(have[k].shape[0]) for k in CURVE_METRICS)
    return SessionCurve(
        info.started_ms,
        n,
        _from_stored(have["gmv"], n),
        _from_stored(have["viewers"], n),
        info.id,
        info.utc_offset_min,
    )


def _sample_curve(
    repo: Repository, info: SessionInfo, with_snapshot: bool
) -> tuple[SessionCurve | None, StatsSnapshot | None]:
    """The curve from the stored samples, and (if asked) the snapshot that
    fills figures the session's row lacks."""
    columns = repo.load_columns(info.id)
    if not columns:
        return None, None
    gaps = repo.load_gaps(info.id)
    end = _end_ms(info, columns.last_ms())
    table = minute_table(columns, info.started_ms, CURVE_METRICS, gaps, end)
    curve = SessionCurve.from_table(table, info.id, info.utc_offset_min)
    if not with_snapshot:
        return curve, None
    stats = SessionStats.from_columns(info.started_ms, columns)
    return curve, stats.snapshot(info.summary.duration_s or None)


def _curves(repo: Repository, infos: Sequence[SessionInfo]) -> dict[int, SessionCurve]:
    """Curves of the full sessions among `infos`: stored ones where there are,
    built from samples for the rest."""
    full = [i for i in infos if i.detail is SessionDetail.FULL]
    stored = repo.load_minute_curves([i.id for i in full], CURVE_METRICS) if full else {}
    out: dict[int, SessionCurve] = {}
    for info in full:
        curve = _stored_curve(info, stored.get(info.id, {}))
        if curve is None:
            curve, _ = _sample_curve(repo, info, with_snapshot=False)
            if curve is not None and info.status is not SessionStatus.LIVE:
                _keep(repo, info.id, curve)
        if curve is not None:
            out[info.id] = curve
    return out


def _keep(repo: Repository, session_id: int, curve: SessionCurve) -> None:
    """Store a curve built from samples (sessions recorded before curves were
    kept), so the next comparison reads minutes; a read-only database just
    builds it again next time."""
    try:
        repo.save_minute_curves(session_id, stored_curves(curve))
    except (StorageError, SQLAlchemyError) as exc:
        log.info("could not keep the minute curves of session %s: %s", session_id, exc)


def _has_readings(curve: SessionCurve) -> bool:
    return bool(curve.gmv.present.any() or curve.viewers.present.any())


def load_comparison(
    repo: Repository, session_ids: Sequence[int], align: Align | str = Align.START
) -> Comparison:
    """2–5 sessions side by side, in the order given. A summary-only session
    (or one without readings) is still compared by its figures; its curve is
    None and `no_curve` says why. Raises `ComparisonError` for too few or too
    many sessions, one named twice, or an id not in the database."""
    align = Align(align)
    ids = list(session_ids)
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise ComparisonError(
            QT_TRANSLATE_NOOP(
                "session", "Session {ids} is named more than once; compare different sessions."
            ),
            ids=", ".join(map(str, twice)),
        )
    if not MIN_SESSIONS <= len(ids) <= MAX_SESSIONS:
        raise ComparisonError(
            QT_TRANSLATE_NOOP(
                "session", "Compare {min} to {max} sessions at a time; {n} were given."
            ),
            min=MIN_SESSIONS,
            max=MAX_SESSIONS,
            n=len(ids),
        )
    infos: list[SessionInfo] = []
    for sid in ids:
        try:
            infos.append(repo.get_session(sid))
        except StorageError as exc:  # "There is no session 12 in this database."
            raise ComparisonError("{error}", error=exc) from exc
    full = [i for i in infos if i.detail is SessionDetail.FULL]
    stored = repo.load_minute_curves([i.id for i in full], CURVE_METRICS) if full else {}
    out: list[ComparedSession] = []
    for info in infos:
        if info.detail is not SessionDetail.FULL:
            out.append(
                ComparedSession(info, None, session_figures(info.summary), NoCurve.SUMMARY_ONLY)
            )
            continue
        # A live session's stored curves (if any) are behind its samples.
        live = info.status is SessionStatus.LIVE
        curve, snapshot = (None if live else _stored_curve(info, stored.get(info.id, {}))), None
        if curve is None:
            curve, snapshot = _sample_curve(repo, info, with_snapshot=True)
        figures = session_figures(info.summary, snapshot)
        if curve is None or not _has_readings(curve):
            out.append(ComparedSession(info, None, figures, NoCurve.NO_SAMPLES))
        else:
            out.append(ComparedSession(info, curve, figures))
    return Comparison(tuple(out), align)


# ------------------------------------------------------------------------ ghost


@dataclass(frozen=True)
class GhostReference:
    """The ghost line and projection basis for one live session."""

    streamer_id: int
    curve: ReferenceCurve
    sessions: tuple[SessionInfo, ...]
    """The earlier sessions with readings it rests on, newest first."""
    summary_only: int
    """Earlier sessions passed over for having no samples (only their figures)."""
    load_s: float
    """How long reading and building it took."""
    curves: dict[int, SessionCurve] = field(repr=False, default_factory=dict)
    """Each of `sessions`' curve, by id."""

    @property
    def kind(self) -> ReferenceKind:
        return self.curve.kind

    def of_kind(self, kind: ReferenceKind | str) -> GhostReference:
        """The same sessions as another kind of ghost (no database read)."""
        ref = reference_curve([self.curves[i.id] for i in self.sessions], kind)
        assert ref is not None  # the same sessions gave one before
        return replace(self, curve=ref)


def ghost_reference(
    repo: Repository,
    streamer_id: int,
    before_ms: int | None,
    kind: ReferenceKind | str = ReferenceKind.MEDIAN,
    last_n: int = GHOST_SESSIONS,
) -> GhostReference | None:
    """The reference for a session of `streamer_id` starting at `before_ms`:
    from the newest `last_n` of the streamer's finished sessions before it that
    have samples (summary-only sessions have no minutes to draw and are passed
    over, counted in `summary_only`). None when there is none — the streamer's
    first recorded session has no ghost."""
    t0 = time.perf_counter()
    history = repo.streamer_history(streamer_id, before_ms)
    full = [i for i in history if i.detail is SessionDetail.FULL]
    summary_only = len(history) - len(full)
    picked: list[SessionInfo] = []
    curves: dict[int, SessionCurve] = {}
    # Read in batches of last_n until enough have readings (most do).
    pos = 0
    while len(picked) < last_n and pos < len(full):
        batch = full[pos : pos + last_n - len(picked)]
        pos += len(batch)
        got = _curves(repo, batch)
        for info in batch:
            curve = got.get(info.id)
            if curve is not None and _has_readings(curve):
                picked.append(info)
                curves[info.id] = curve
    ref = reference_curve([curves[i.id] for i in picked], kind)
    if ref is None:
        return None
    return GhostReference(
        streamer_id, ref, tuple(picked), summary_only, time.perf_counter() - t0, curves
    )


def save_session_curves(
    repo: Repository,
    info: SessionInfo,
    columns: SessionColumns | None = None,
    gaps: Sequence[Gap] = (),
) -> SessionCurve | None:
    """Work out a finished session's minute curves and store them, so
    comparisons and later ghost lines never read its samples again: from
    `columns` (and `gaps`) when the caller has them in hand (an import, a demo
    history), else from the stored samples. None (nothing stored) for a
    session without readings."""
    if columns is None:
        curve, _ = _sample_curve(repo, info, with_snapshot=False)
    elif not columns:
        curve = None
    else:
        end = _end_ms(info, columns.last_ms())
        table = minute_table(columns, info.started_ms, CURVE_METRICS, gaps, end)
        curve = SessionCurve.from_table(table, info.id, info.utc_offset_min)
    if curve is None or not _has_readings(curve):
        return None
    repo.save_minute_curves(info.id, stored_curves(curve))
    return curve
