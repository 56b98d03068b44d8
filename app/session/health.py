"""How writing to the database goes, in plain words: what the window's status
line and `genbo record` say while the disk is full, the file is read-only or
another program holds the lock, and what they say at the end about samples
saved to an emergency file or dropped.

Also where emergency files go: best on another disk than the data folder's,
so a full data disk still leaves somewhere to keep the samples.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from app.config.formatting import format_clock
from app.config.i18n import tr
from app.config.paths import AppPaths
from app.core.numbers import NumberFormat
from app.storage.spool import Spool
from app.storage.writer import WriterHealth

EMERGENCY_FOLDER = "Genbo unsaved samples"
"""The folder made in each candidate place for emergency files."""


def emergency_dirs(paths: AppPaths) -> list[Path]:
    """Where the writer may put emergency files, in order: a folder on another
    disk than the data folder that keeps its files over a restart, then one on
    the same disk (the home folder), then memory-backed ones (a tmpfs
    temporary folder, lost at a restart: better than nothing). The writer
    takes the first one that takes a file."""
    candidates = [Path.home() / EMERGENCY_FOLDER, Path(tempfile.gettempdir()) / EMERGENCY_FOLDER]
    try:
        data_dev = os.stat(paths.data_dir).st_dev
    except OSError:
        data_dev = None

    def existing(p: Path) -> Path:
        return next((q for q in (p, *p.parents) if q.exists()), p)

    def rank(p: Path) -> int:
        q = existing(p)
        if _volatile(q):
            return 2
        try:
            return 0 if os.stat(q).st_dev != data_dev else 1
        except OSError:
            return 1

    return sorted(candidates, key=rank)


def _volatile(path: Path) -> bool:
    """Whether `path` is on a memory-backed file system (Linux: tmpfs, ramfs)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    best, kind = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind in ("tmpfs", "ramfs")


def team_spool(paths: AppPaths) -> Spool | None:
    """The offline spool of the team server `paths` names (None: the data
    folder's own file needs none)."""
    if paths.db_url is None:
        return None
    from app.storage.spool import Spool

    return Spool.open_own(paths.data_dir, paths.database_label)


def leftover_spills(paths: AppPaths) -> list[Path]:
    """Emergency files an earlier Genbo left for this data folder's database
    (closed, or killed, while it could not write): `genbo import` or Import…
    puts each back. Ones already put back are renamed and not listed."""
    from app.storage.spill import read_header

    mine = str(paths.database)
    found: list[Path] = []
    for folder in emergency_dirs(paths):
        try:
            files = sorted(folder.glob("genbo-unsaved-*.jsonl"))
        except OSError:
            continue
        for f in files:
            if f.with_name(f.name + ".put-back").exists():
                continue  # put back already (app.session.put_back)
            header = read_header(f)
            if header is not None and header.get("database") == mine:
                found.append(f)
    return found


def describe_leftovers(files: list[Path], fmt: NumberFormat, *, window: bool = True) -> str | None:
    """What to say of emergency files an earlier run left (`window=False`:
    for the terminal, which has no Import… button)."""
    if not files:
        return None
    if not window:
        return (
            tr(
                "An emergency file from an earlier run is not in the database yet; put it "
                'back with: genbo import "{file}"'
            ).format(file=files[0])
            if len(files) == 1
            else tr(
                "{n} emergency files from an earlier run are not in the database yet, in "
                "{folder}; put each back with genbo import"
            ).format(n=fmt.grouped(len(files)), folder=files[0].parent)
        )
    if len(files) == 1:
        return tr(
            "An emergency file from an earlier run is not in the database yet: {file}. "
            'Import… (Ctrl+I) or genbo import "{file}" puts it back.'
        ).format(file=files[0])
    return tr(
        "{n} emergency files from an earlier run are not in the database yet, in {folder}. "
        "Import… (Ctrl+I) or genbo import puts each back."
    ).format(n=fmt.grouped(len(files)), folder=files[0].parent)


def _folder_of(path: Path) -> str:
    """The mount point holding `path`, for "free space on …"."""
    p = path if path.is_dir() else path.parent
    for q in (p, *p.parents):
        if os.path.ismount(q):
            return str(q)
    return str(p)


def _clock(ms: int) -> str:
    return format_clock(datetime.fromtimestamp(ms / 1000), seconds=True)


def describe(health: WriterHealth, database: Path, fmt: NumberFormat) -> str | None:
    """One line for the status bar and `genbo record`, None while all is well
    and nothing was put aside."""
    parts: list[str] = []
    if health.rescue is not None:  # damaged while recording: moved aside, recovered
        parts.append(health.rescue.describe(fmt.grouped))
    n = fmt.grouped(health.waiting_samples)
    if not health.ok and health.problem == "offline":
        parts.append(
            tr(
                "Offline: the team server does not answer — {n} samples queued on this "
                "computer, sent when it answers"
            ).format(n=fmt.grouped(health.waiting_samples + health.spooled_samples))
        )
    elif health.spooled_samples:
        parts.append(
            tr("Sending to the team server: {n} queued samples left").format(
                n=fmt.grouped(health.spooled_samples)
            )
        )
    if not health.ok and health.problem != "offline":
        where = _folder_of(database)
        problem = health.problem or "other"
        title = {
            "disk_full": tr("Disk full"),
            "read_only": tr("The database cannot be written (read-only)"),
            "locked": tr("The database is locked by another program"),
            "io_error": tr("The disk reports an I/O error"),
            "corrupt": tr("The database is damaged"),
            "cannot_open": tr("The database cannot be opened"),
            "refused": tr("The team server refuses these writes ({detail})"),
        }.get(problem) or tr("Writing to the database fails ({detail})")
        advice = {
            "disk_full": tr("free space on {where}"),
            "read_only": tr("make {path} writable"),
            "locked": tr("close the program using {path}"),
            "io_error": tr("check the disk holding {path}"),
            "corrupt": tr("Genbo moves it aside and recovers it"),
            "cannot_open": tr("check {path}"),
            "refused": tr("ask the team's admin to check this login's grants"),
        }.get(problem) or tr("Genbo keeps trying")
        fields = {"where": where, "path": database, "detail": health.detail or ""}
        line = (
            tr("{title}: {n} samples waiting in memory, nothing lost yet — {advice}")
            if not health.dropped
            else tr(
                "{title}: {n} samples waiting in memory; memory for waiting samples is full, "
                "so {dropped} newer samples since {since} were dropped — {advice}"
            )
        )
        parts.append(
            line.format(
                title=title.format(**fields),
                n=n,
                advice=advice.format(**fields),
                dropped=fmt.grouped(health.dropped_samples),
                since=_clock(min(d.start_ms for d in health.dropped)) if health.dropped else "",
            )
        )
    if health.spills:
        folder = health.spills[-1][0].parent
        parts.append(
            tr(
                "{n} older samples are kept in {files} emergency files in {folder}; they are "
                "put back when the database can be written"
            ).format(
                n=fmt.grouped(sum(n for _, n in health.spills)),
                files=fmt.grouped(len(health.spills)),
                folder=folder,
            )
            if len(health.spills) > 1
            else tr(
                "{n} older samples are kept in {file}; they are put back when the database "
                'can be written (or: genbo import "{file}")'
            ).format(n=fmt.grouped(health.spills[0][1]), file=health.spills[0][0])
        )
    if health.dropped and health.ok:
        parts.append(
            tr("{n} samples from {start} to {end} could not be kept (stored as a gap)").format(
                n=fmt.grouped(health.dropped_samples),
                start=_clock(min(d.start_ms for d in health.dropped)),
                end=_clock(max(d.end_ms for d in health.dropped)),
            )
        )
    return " · ".join(parts) if parts else None


def describe_recovery(before: WriterHealth, now: WriterHealth, fmt: NumberFormat) -> str | None:
    """The line said once when writing works again after failing."""
    if before.ok or not now.ok:
        return None
    if before.problem == "offline":
        return tr("The team server answers again: {n} queued samples were sent.").format(
            n=fmt.grouped(now.recovered_samples)
        )
    return tr("The database can be written again: {n} waiting samples were stored.").format(
        n=fmt.grouped(now.recovered_samples)
    )


def describe_end(health: WriterHealth, fmt: NumberFormat) -> list[str]:
    """What the end of a recording says about samples not in the database."""
    lines: list[str] = []
    if health.spooled_samples:
        lines.append(
            tr(
                "{n} samples are queued on this computer for the team server (it did not "
                "answer); Genbo sends them the next time it starts with this server."
            ).format(n=fmt.grouped(health.spooled_samples))
        )
    for path, n in health.spills:
        lines.append(
            tr(
                "{n} samples could not be written to the database; they are kept in {file}. "
                'Put them back with: genbo import "{file}"'
            ).format(n=fmt.grouped(n), file=path)
            if n
            else tr(
                "Highlights, milestones or gaps could not be written to the database; they "
                'are kept in {file}. Put them back with: genbo import "{file}"'
            ).format(file=path)
        )
    for d in health.dropped:
        lines.append(
            tr(
                "{n} samples of session {id} from {start} to {end} were lost "
                "(no space to keep them)."
            ).format(
                n=fmt.grouped(d.samples),
                id=d.session_id,
                start=_clock(d.start_ms),
                end=_clock(d.end_ms),
            )
        )
    return lines
