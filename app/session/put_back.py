"""Putting an emergency file back (`genbo import FILE`, and the window's
import): the samples, gaps and events a writer could not store go into their
session again, through the same writer as live samples.

Each of the file's sessions is found in this database by its id and start;
one that is not here (another data folder, a fresh start after a damaged
file) is made anew from what the file says of it. Samples already stored
(the file put back twice, or by the writer itself) are left out, so putting
a file back twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.messages import QT_TRANSLATE_NOOP
from app.core.metrics import Gap, Sample
from app.core.session import SessionInfo, SessionStatus
from app.session.importing import SessionImportError
from app.storage.database import StorageError
from app.storage.repository import Repository
from app.storage.spill import Spill, SpillError, is_spill_file, read_spill
from app.storage.writer import DatabaseWriter

__all__ = ["PutBack", "is_spill_file", "put_back", "put_back_marker"]

BATCH = 500


@dataclass(frozen=True, slots=True)
class PutBack:
    path: Path
    sessions: tuple[SessionInfo, ...]
    samples: int
    """Samples put back (a sample: one source's values at one instant)."""
    already: int
    """Samples that were stored already, left out."""
    gaps: int
    events: int
    created: tuple[int, ...]
    """Sessions made anew (they were not in this database)."""


def read(path: Path) -> Spill:
    """The emergency file at `path` (`SessionImportError` when it is none)."""
    try:
        return read_spill(path)
    except (OSError, SpillError) as exc:
        raise SessionImportError(
            QT_TRANSLATE_NOOP("import", "{path} cannot be read as an emergency file: {error}"),
            path=str(path),
            error=str(exc),
        ) from exc


def _session_ids(spill: Spill) -> list[int]:
    ids = {k[0] for k in spill.series}
    ids |= {int(g["session_id"]) for g in spill.gaps}
    ids |= {e.session_id for e in spill.events}
    return sorted(ids)


def put_back(
    repo: Repository,
    path: Path,
    progress: Callable[[float], None] | None = None,
    *,
    spill: Spill | None = None,
) -> PutBack:
    """Store an emergency file's contents. Raises `SessionImportError` for a
    file that cannot be read or a session it cannot place, `StorageError`
    when the database cannot take it (a second try stores only what is
    still missing)."""
    if spill is None:
        spill = read(path)
    about = spill.header.get("sessions", {})
    about_sources = {
        str(k): (str(v[0]), str(v[1])) for k, v in spill.header.get("sources", {}).items()
    }
    target: dict[int, int] = {}
    created: list[int] = []
    for sid in _session_ids(spill):
        info = about.get(str(sid))
        found: SessionInfo | None
        try:
            found = repo.get_session(sid, settle=False)
        except StorageError:
            found = None
        if found is not None and (info is None or found.started_ms == int(info["started_ms"])):
            target[sid] = found.id
            continue
        if info is None:
            raise SessionImportError(
                QT_TRANSLATE_NOOP(
                    "import",
                    "Session {id} of {path} is not in this database, and the file does not "
                    "say whose it was. Import it into the data folder it was recorded in "
                    "(--data-dir).",
                ),
                id=sid,
                path=str(path),
            )
        again = _made_before(repo, info)
        if again is not None:  # the file was put back here before, into a new session
            target[sid] = again.id
            continue
        made = repo.create_session(
            repo.get_or_create_streamer(str(info["streamer"])),
            str(info["title"]),
            int(info["started_ms"]),
            int(info["utc_offset_min"]),
        )
        target[sid] = made.id
        created.append(made.id)
    sources: dict[tuple[int, int], int] = {}
    pairs = [(sid, src) for sid, src, _metric in spill.series]
    pairs += [(int(g["session_id"]), int(g["source_id"])) for g in spill.gaps if g["source_id"]]
    for sid, src in pairs:
        if (sid, src) in sources:
            continue
        new_sid = target[sid]
        there = repo.sources(new_sid)
        if new_sid == sid and src in {s.id for s in there}:
            sources[(sid, src)] = src
            continue
        # Another database: the source as the file names it, made once (a
        # second put-back finds it, and the samples stored the first time).
        kind, label = about_sources.get(str(src), ("import", f"Emergency file · source {src}"))
        same = [s for s in there if (s.kind, s.label) == (kind, label)]
        sources[(sid, src)] = same[0].id if same else repo.add_source(new_sid, kind, label).id
    # One sample per source and instant, without what is stored already.
    rows: dict[tuple[int, int], dict[int, dict[str, int]]] = {}
    offered: dict[tuple[int, int], set[int]] = {}
    for (sid, src, metric), (ts, values) in spill.series.items():
        key = (target[sid], sources[(sid, src)])
        stored = repo.stored_times(key[0], key[1], metric)
        per_ts = rows.setdefault(key, {})
        offered.setdefault(key, set()).update(ts)
        for t, v in zip(ts, values, strict=True):
            if t not in stored:
                per_ts.setdefault(t, {})[metric] = v
    total = sum(len(v) for v in offered.values())
    new = sum(len(v) for v in rows.values())
    writer = DatabaseWriter(repo.db, heartbeat=False)
    writer.start()
    written = 0
    try:
        for (sid, src), per_ts in rows.items():
            times = sorted(per_ts)
            for i in range(0, len(times), BATCH):
                batch = [Sample(t, per_ts[t], "import") for t in times[i : i + BATCH]]
                writer.write_samples(sid, src, batch)
                written += len(batch)
                if progress is not None:
                    progress(0.9 * written / max(new, 1))
        for g in spill.gaps:
            src_id = g["source_id"]
            sid = int(g["session_id"])
            new_src = None if src_id is None else sources.get((sid, int(src_id)))
            gap = Gap("import", int(g["start_ms"]), g["end_ms"], str(g["reason"]))
            writer.write_gap(target[sid], new_src, gap)
        for e in spill.events:
            if e.record is not None:
                writer.write_event(target[e.session_id], e.record)
            elif e.delete_uid is not None:
                writer.delete_event(target[e.session_id], e.delete_uid)
        done = all(writer.flush(60.0, fold_session=sid) for sid in sorted(set(target.values())))
    finally:
        writer.close()
    health = writer.health()
    if not done or not health.ok:
        raise StorageError(
            QT_TRANSLATE_NOOP(
                "import",
                "The database could not take the samples of {path} ({error}). The file was "
                "left as it is; try again once the database can be written.",
            ),
            path=str(path),
            error=health.detail or "timed out",
        )
    for sid in sorted(set(target.values())):
        # The summary (duration, GMV, peaks) is rebuilt from what is stored
        # now; a session still recorded somewhere keeps its live one.
        status = SessionStatus.ENDED if sid in created else repo.get_session(sid).status
        if status is not SessionStatus.LIVE:
            repo.finish_interrupted(sid, status=status)
    with contextlib.suppress(OSError):  # not "waiting" at the next start; the file stays
        put_back_marker(path).touch()
    if progress is not None:
        progress(1.0)
    return PutBack(
        path=path,
        sessions=tuple(repo.get_session(s) for s in sorted(set(target.values()))),
        samples=new,
        already=total - new,
        gaps=len(spill.gaps),
        events=len(spill.events),
        created=tuple(created),
    )


def _made_before(repo: Repository, info: dict[str, object]) -> SessionInfo | None:
    """The session an earlier put-back of this file made anew: the same
    streamer, title and start."""
    name = str(info["streamer"])
    for streamer in repo.list_streamers():
        if streamer.name != name:
            continue
        for s in repo.list_sessions(streamer.id):
            if s.started_ms == int(str(info["started_ms"])) and s.title == str(info["title"]):
                return s
    return None


def put_back_marker(path: Path) -> Path:
    """The empty file beside an emergency file that says it was put back."""
    return path.with_name(path.name + ".put-back")
