"""The fault cases: each drives the real `genbo` and returns a `CaseResult`.

Every case takes a `Mode` (full for `make faults`, or the reduced CI set; a
folder of its own; a seeded random generator, so a run can be repeated with
`--seed`). A case whose machinery is not built yet says what it waits for
(`Case.needs`) and is listed as "not built yet"; it fails a run only when it
is in `REQUIRED`.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.faults import drive
from tests.faults.drive import Recording
from tests.faults.report import CaseResult

COMMIT_WINDOW_S = 0.5
"""What genbo promises a kill -9 may take: the newest half second."""


@dataclass(frozen=True)
class Mode:
    ci: bool
    work: Path
    """A folder for this case's data folders (kept when a case fails)."""
    seed: int

    def rng(self, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{salt}")


@dataclass(frozen=True)
class Case:
    name: str
    """What `--only` takes."""
    title: str
    """The table's "fault" cell."""
    run: Callable[[Mode], CaseResult]
    needs: Callable[[], str] = field(default=lambda: "")
    """What is missing for this case to run ("" when it can)."""
    in_ci: bool = True


def _elapsed(fn: Callable[[Mode], CaseResult]) -> Callable[[Mode], CaseResult]:
    """The case, its result timed (`CaseResult.wall_s`)."""

    @functools.wraps(fn)
    def run(mode: Mode) -> CaseResult:
        t0 = time.monotonic()
        result = fn(mode)
        result.wall_s = time.monotonic() - t0
        return result

    return run


def _keep(mode: Mode, name: str, *texts: str) -> None:
    """Keep a run's output in the case's folder (kept when the case fails)."""
    (mode.work / f"{name}.log").write_text("\n".join(texts), encoding="utf-8")


# -- kill -9 --------------------------------------------------------------------------------
KILL_SPEED = 20.0
"""Simulated seconds per second: 20 samples a second to kill among."""


@dataclass
class _Killed:
    index: int
    moment: str
    at_s: float
    """Seconds after the process started."""
    handed: int
    """Samples genbo had reported as handed over a commit window before the kill."""
    kept: int
    newest_loss_s: float
    integrity: str | None
    problems: list[str]
    shown: str = ""
    output: str = ""
    data: Path = Path()


def _kill_once(mode: Mode, index: int) -> _Killed:
    rng = mode.rng(f"kill-{index}")
    d = mode.work / f"kill-{index:02d}"
    d.mkdir(parents=True)
    rec = Recording(d, "--streamer", "K", "--source", "simulator", "--speed", f"{KILL_SPEED:g}",
                    "--seed", str(index))  # fmt: skip
    problems: list[str] = []
    # One kill in five lands anywhere in the start-up (opening or creating the
    # database, migrating, starting the session); the others while recording.
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.05, 1.2))
    else:
        if rec.recording(timeout=60) is None:
            problems.append(f"run {index}: never started recording: {rec.text()[-300:]}")
        time.sleep(rng.uniform(0.0, 2.5))
    killed = rec.send(signal.SIGKILL)
    rec.finish(30)
    shown = rec.progress(before=killed)
    moment = "recording" if shown else "start-up"
    handed = max((n for t, n in rec.progress(before=killed - COMMIT_WINDOW_S)), default=0)
    path = drive.db_file(d)
    kept = drive.stored_samples(path) if path.exists() else 0
    newest = 0.0
    if shown:  # what was handed over at the kill, from the last progress line on
        t_last, n_last = shown[-1]
        at_kill = n_last + (killed - t_last) * KILL_SPEED
        newest = max(0.0, at_kill - kept) / KILL_SPEED
    check = drive.integrity(path) if path.exists() else None
    out = _Killed(index, moment, killed - rec.started, handed, kept, newest, check, problems)
    out.output = rec.text()
    out.data = d
    _keep(mode, d.name, out.output)
    if moment == "start-up":
        _opens_after_kill(d, out)
    return out


def _opens_after_kill(d: Path, k: _Killed) -> None:
    """After a kill during start-up, the data folder still opens."""
    r = drive.genbo(d, "sessions", "--json")
    k.output += "\n" + r.stdout + "\n" + r.stderr
    if r.returncode != 0:
        k.problems.append(
            f"run {k.index} (killed in start-up after {k.at_s:.2f} s): genbo sessions then "
            f"failed ({r.returncode}): {r.stderr.strip()[-300:]}"
        )


def _after_kill(d: Path, k: _Killed) -> None:
    """The next start: a short `genbo record` in the same folder must work and
    say what happened to the cut-off session (with its true sample count)."""
    r = drive.genbo(d, "record", "--streamer", "K2", "--source", "simulator",
                    "--duration", "1", "--speed", "100")  # fmt: skip
    k.output += "\n" + r.stdout + "\n" + r.stderr
    if r.returncode != 0:
        k.problems.append(
            f"run {k.index} (killed in {k.moment}): the next genbo record failed "
            f"({r.returncode}): {r.stderr.strip()[-300:]}"
        )
        return
    k.shown = drive.first_line([r.stderr], lambda ln: "interrupted" in ln)
    said = re.search(rf"its {drive.COUNT} samples", k.shown)
    if k.kept and k.shown and not (said and drive.says_count(said.group(1), k.kept)):
        k.problems.append(f"run {k.index}: {k.kept} samples stored, but genbo said: {k.shown}")


@_elapsed
def kill9(mode: Mode) -> CaseResult:
    """kill -9 at random moments (30, in CI 10, several recorders at once):
    every sample genbo reported as handed over at least a commit window
    (0.5 s) before the kill is stored; every database is clean; the next
    start works and tells the operator what was kept."""
    runs = 10 if mode.ci else 30
    at_once = 10 if mode.ci else 6
    with ThreadPoolExecutor(at_once) as pool:
        done = list(pool.map(lambda i: _kill_once(mode, i), range(runs)))
    # One cut-off session is taken up again, as an operator would.
    cut = next((k for k in done if k.moment == "recording" and k.kept), None)
    if cut is not None:
        _after_kill(cut.data, cut)
    res = CaseResult("kill -9 at random moments", runs=runs)
    for k in done:
        res.lost += max(0, k.handed - k.kept)
        if k.handed > k.kept:
            res.problems.append(f"run {k.index}: {k.handed} handed over, {k.kept} stored")
        if k.integrity is not None:
            res.integrity.append(k.integrity)
        res.problems += k.problems
        if not res.shown and k.shown:
            res.shown = k.shown
        if not res.traceback:
            tb = drive.traceback_in(k.output)
            res.traceback = f"run {k.index}: {tb}" if tb else ""
    newest = max(k.newest_loss_s for k in done)
    res.lost_note = f"newest loss {newest:.2f} s before the kill"
    early = [k for k in done if k.moment == "start-up"]
    dbs = sum(k.integrity is not None for k in done)
    res.notes.append(
        f"{runs} kills, {at_once} recorders at once, {len(early)} during start-up "
        f"({runs - dbs} before the database existed); "
        f"kill moments {min(k.at_s for k in done):.1f}–{max(k.at_s for k in done):.1f} s "
        f"after the start; samples stored per run {min(k.kept for k in done)}–"
        f"{max(k.kept for k in done)}; newest loss {newest:.2f} s (≤ what the last "
        f"{COMMIT_WINDOW_S} s handed over may lose)"
    )
    return res


# -- SIGTERM / SIGINT during a commit ---------------------------------------------------------
SIGNAL_SPEED = {False: 1000.0, True: 500.0}
"""Samples a second (full, CI): each commit (every 250 ms) carries 250 (125)."""


def _wal_write(wal: Path, timeout: float) -> bool:
    """Wait until the WAL file is written to (a commit is writing its pages)."""

    def stamp() -> int | None:
        try:
            return wal.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    first = stamp()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stamp() != first:
            return True
        time.sleep(0.0003)
    return False


def _signal_once(mode: Mode, sig: signal.Signals, index: int) -> tuple[CaseResult, str]:
    rng = mode.rng(f"{sig.name}-{index}")
    d = mode.work / f"{sig.name.lower()}-{index:02d}"
    d.mkdir(parents=True)
    res = CaseResult("", runs=1)
    rec = Recording(d, "--streamer", "S", "--source", "simulator", "--speed",
                    f"{SIGNAL_SPEED[mode.ci]:g}", "--seed", str(index))  # fmt: skip
    if rec.recording(timeout=60) is None:
        res.problems.append(f"run {index}: never started recording: {rec.text()[-300:]}")
    time.sleep(rng.uniform(0.3, 1.5))
    how = "on a WAL write"
    if not _wal_write(d / "genbo.db-wal", 2.0):
        how = "(no WAL write seen)"
    time.sleep(rng.uniform(0.0, 0.004))  # a few ms into the commit's writing
    rec.send(sig)
    # Every other run the operator presses it twice: as the summary is
    # printed (the database is being closed) or, in every other of those in
    # `make faults`, at a random moment of the shutdown.
    if index % 2 == 1:
        if mode.ci or index % 4 == 1:
            rec.wait_line(lambda ln: ln.text.startswith("Finished session"), 30)
            how += ", again as it finished"
        else:
            time.sleep(rng.uniform(0.01, 0.4))
            how += ", again while stopping"
        rec.send(sig)
    rc = rec.finish(60)
    want_rc = 130 if sig is signal.SIGINT else 0
    said = rec.finished()
    if rc == -sig and said is not None:
        # The second press came after everything was saved and the signal
        # handlers were put back: the default one ended the process.
        res.notes.append(f"run {index} ({how}): ended by the second {sig.name} after the end")
    elif rc != want_rc:
        res.problems.append(f"run {index} ({how}): exit status {rc}, not {want_rc}")
    path = drive.db_file(d)
    final = rec.final_count()  # the progress line printed after the stop
    stored = drive.stored_samples(path, said[0] if said else None) if path.exists() else 0
    res.lost = max(0, final - stored)
    if final != stored:
        res.problems.append(f"run {index} ({how}): {final} samples handed over, {stored} stored")
    if said is None:
        res.problems.append(f"run {index} ({how}): no “Finished session” line")
    else:
        if not drive.says_count(said[1], stored):
            res.problems.append(f"run {index}: said {said[1]} samples, {stored} stored")
        rows = {r["id"]: r for r in drive.session_rows(path)}
        row = rows.get(said[0])
        if row is None or row["status"] != "ended" or row["sample_count"] != stored:
            res.problems.append(f"run {index}: session row {row} (stored {stored})")
    if path.exists():
        res.integrity.append(drive.integrity(path))
    text = rec.text()
    _keep(mode, d.name, text)
    res.traceback = drive.traceback_in(text)
    if res.traceback:
        res.traceback = f"run {index} ({how}): {res.traceback}"
    res.shown = drive.first_line([text], lambda ln: ln.startswith("Stopped early"))
    return res, f"{stored}"


def _signals(mode: Mode, sig: signal.Signals) -> CaseResult:
    runs = 2 if mode.ci else 15
    at_once = 2
    with ThreadPoolExecutor(at_once) as pool:
        done = list(pool.map(lambda i: _signal_once(mode, sig, i), range(runs)))
    res = CaseResult(f"{sig.name} during a commit", runs=runs)
    summary: list[str] = []
    for one, _ in done:
        res.lost += one.lost
        res.integrity += one.integrity
        res.problems += one.problems
        res.shown = res.shown or one.shown
        res.traceback = res.traceback or one.traceback
        summary += one.notes
    counts = [int(n) for _, n in done]
    res.notes.append(
        f"{runs} runs at {SIGNAL_SPEED[mode.ci]:g} samples/s, {at_once} at once; each signal "
        f"sent 0–4 ms after a write to the WAL (a commit writing), every other run again "
        f"(as the summary is printed, or while stopping); "
        f"samples per run {min(counts)}–{max(counts)}; the final count printed = the "
        f"samples stored = the session row's count"
    )
    res.notes += summary
    return res


@_elapsed
def sigterm(mode: Mode) -> CaseResult:
    """SIGTERM while the writer commits: nothing lost (the final count printed
    equals the samples stored), exit 0, the session ended normally."""
    return _signals(mode, signal.SIGTERM)


@_elapsed
def sigint(mode: Mode) -> CaseResult:
    """SIGINT (Ctrl+C) while the writer commits: the same, exit 130."""
    return _signals(mode, signal.SIGINT)


# -- power loss -------------------------------------------------------------------------------
@_elapsed
def power_loss(mode: Mode) -> CaseResult:
    """Power loss, approximated: genbo.db, -wal and -shm copied mid-write while
    recording (the process paused for the few ms of the copy, so the copy is
    one instant of the files, as a power cut leaves them). Each copy opens
    clean with plain sqlite3 and with Genbo, and its samples are the start
    of the final ones."""
    copies = 3 if mode.ci else 16
    speed = 300 if mode.ci else 1000
    rng = mode.rng("power")
    d = mode.work / "recording"
    d.mkdir(parents=True)
    res = CaseResult("power loss (files copied mid-write)", runs=copies)
    rec = Recording(d, "--streamer", "P", "--source", "simulator", "--speed", str(speed),
                    "--seed", "7")  # fmt: skip
    if rec.recording(timeout=60) is None:
        res.problems.append(f"never started recording: {rec.text()[-300:]}")
    snaps: list[Path] = []
    paused: list[float] = []
    # Spread over more than one WAL checkpoint (every 5 s) in full mode.
    gap_s = (0.5, 1.0) if mode.ci else (0.5, 2.5)
    for i in range(copies):
        time.sleep(rng.uniform(*gap_s))
        _wal_write(d / "genbo.db-wal", 1.0)
        time.sleep(rng.uniform(0.0, 0.004))
        snap = mode.work / f"copy-{i:02d}"
        t0 = time.monotonic()
        rec.proc.send_signal(signal.SIGSTOP)
        try:
            drive.copy_files(d, snap / "plain")
        finally:
            rec.proc.send_signal(signal.SIGCONT)
        paused.append((time.monotonic() - t0) * 1000)
        shutil.copytree(snap / "plain", snap / "genbo")
        snaps.append(snap)
    rec.send(signal.SIGTERM)
    rc = rec.finish(60)
    if rc != 0:
        res.problems.append(f"the recorder ended with {rc}: {rec.text()[-300:]}")
    final = drive.read_series(drive.db_file(d))
    res.integrity.append(drive.integrity(drive.db_file(d)))
    with ThreadPoolExecutor(2) as pool:
        checked = list(pool.map(lambda i: _check_copy(i, snaps[i], final), range(len(snaps))))
    sizes = [n for n, _ in checked if n is not None]
    texts = [rec.text()]
    for _, part in checked:
        res.integrity += part.integrity
        res.problems += part.problems
        res.shown = res.shown or part.shown
        texts += part.notes  # their output, for the traceback check
    res.traceback = drive.traceback_in(*texts)
    res.notes.append(
        f"{copies} copies while recording {speed:,} samples/s, each a few ms into a WAL write; "
        f"the recorder paused {min(paused):.1f}–{max(paused):.1f} ms per copy; samples per "
        f"copy {min(sizes, default=0)}–{max(sizes, default=0)} of "
        f"{len(drive.sample_times(final))} at the end; each copy opened by plain sqlite3 "
        f"(integrity, prefix) and, untouched, by genbo sessions --json"
    )
    return res


def _check_copy(i: int, snap: Path, final: drive.Series) -> tuple[int | None, CaseResult]:
    """One copy: clean and a prefix of the end for plain sqlite3; clean and
    read for Genbo (its own untouched copy: sqlite3 has checkpointed the
    other); the first one also recorded into. The result's notes are the
    output Genbo printed."""
    part = CaseResult("")
    plain = drive.db_file(snap / "plain")
    part.integrity.append(drive.integrity(plain))
    try:
        got = drive.read_series(plain)
    except sqlite3.Error as exc:
        part.problems.append(f"copy {i}: plain sqlite3 cannot read the samples: {exc}")
        return None, part
    n = len(drive.sample_times(got))
    why = drive.is_prefix(got, final)
    if why:
        part.problems.append(f"copy {i}: not a prefix of the final samples: {why}")
    r = drive.genbo(snap / "genbo", "sessions", "--json")
    part.notes += [r.stdout, r.stderr]
    if r.returncode != 0:
        part.problems.append(f"copy {i}: genbo sessions failed ({r.returncode}): {r.stderr}")
        return n, part
    try:
        (row,) = json.loads(r.stdout)
    except ValueError as exc:
        part.problems.append(f"copy {i}: genbo sessions --json gave {r.stdout[:200]!r}: {exc}")
        return n, part
    if row["sample_count"] != n:
        part.problems.append(f"copy {i}: genbo says {row['sample_count']} samples, {n} stored")
    part.integrity.append(drive.integrity(drive.db_file(snap / "genbo")))
    if i == 0:
        r = drive.genbo(snap / "genbo", "record", "--streamer", "P2", "--source", "simulator",
                        "--duration", "1", "--speed", "100")  # fmt: skip
        part.notes += [r.stdout, r.stderr]
        part.shown = drive.first_line([r.stderr], lambda ln: "interrupted" in ln)
        if r.returncode != 0:
            part.problems.append(f"copy 0: genbo record on it failed: {r.stderr[-300:]}")
    return n, part


# -- the HTTP soak ----------------------------------------------------------------------------
@_elapsed
def http_soak(mode: Mode) -> CaseResult:
    """`genbo record --source http` against the fake API playing every fault
    kind (10 minutes; CI: one mixed outage and the server down, ~16 s): the
    process never dies, each outage is a stored gap with nothing filled in,
    no traceback, every sample that reached the writer is stored."""
    from tests.faults import soak

    rng = mode.rng("soak")
    schedule = soak.ci_schedule() if mode.ci else soak.full_schedule(600)
    server = soak.SoakServer(rng)
    d = mode.work / "soak"
    d.mkdir(parents=True)
    res = CaseResult("HTTP faults soak" + (" (short)" if mode.ci else " (10 min)"), runs=1)
    rec = Recording(d, "--streamer", "H", "--source", "http", "--url", server.url,
                    "--map", soak.MAPPING, "--interval", "1",
                    "--deadline", "2" if mode.ci else "3")  # fmt: skip
    try:
        if rec.wait_line(lambda ln: "viewers 4,321" in ln.text, 30) is None:
            res.problems.append(f"never recorded a reading: {rec.text()[-300:]}")
        died = server.play(schedule, rec.alive)
        if died:
            res.problems.append(died)
        time.sleep(0.5)
        rec.send(signal.SIGTERM)
        rc = rec.finish(30)
    finally:
        server.close()
    if rc != 0:
        res.problems.append(f"exit status {rc}")
    path = drive.db_file(d)
    res.integrity.append(drive.integrity(path))
    said = rec.finished()
    series = drive.read_series(path)
    times = sorted(drive.sample_times(series))
    final = rec.final_count()
    res.lost = max(0, final - len(times))
    if final != len(times):
        res.problems.append(f"{final} samples handed over, {len(times)} stored")
    if said is None:
        res.problems.append("no “Finished session” line")
    gaps = drive.gap_rows(path)
    played = server.script.played
    outages = [(p, a, b) for p, a, b in played.spans if p.outage]
    for p, a, b in outages:
        inside = [t for t in times if a + 300 < t < b - 100]
        if inside:
            res.problems.append(f"{len(inside)} samples inside the outage “{p.name}”")
        if not any(g0 <= b and (g1 is None or g1 >= a) for g0, g1, _ in gaps):
            res.problems.append(f"no gap stored for the outage “{p.name}” ({(b - a) / 1000:.0f} s)")
    open_gaps = [g for g in gaps if g[1] is None]
    if open_gaps:
        res.problems.append(f"{len(open_gaps)} gaps left open after the stop")
    text = rec.text()
    res.traceback = drive.traceback_in(text)
    res.shown = drive.first_line([text], lambda ln: "] stale" in ln or "] starting —" in ln)
    kinds = sorted(k for k in played.served if k != "good")
    res.notes.append(
        f"{sum(p.seconds for p in schedule):.0f} s of phases, {len(outages)} outages; fault "
        f"kinds served: {', '.join(f'{k} ×{played.served[k]}' for k in kinds)}"
    )
    res.notes.append(
        f"{played.good_answers} good answers served, {len(times)} samples stored, "
        f"{len(gaps)} gaps stored"
    )
    lines = rec.snapshot()
    for (p, _, _), since in zip(played.spans, played.since, strict=True):
        if p.name == "good":
            continue
        # The first status line about it, up to the next phase's first seconds.
        told = [ln.text.strip() for ln in lines if since <= ln.t and "] " in ln.text
                and " — " in ln.text and ln.t <= since + p.seconds + 3]  # fmt: skip
        res.notes.append(f"{p.name}: {told[0] if told else '(nothing said)'}")
    return res


# -- disk full (the lead's writer) ------------------------------------------------------------
DISK_BYTES = 8 << 20
"""The small file system the data folder is on (a tmpfs)."""
_EMERGENCY = re.compile(r'they are kept in (.+?)\. Put them back with: genbo import "(.+)"')
_LOST_SPAN = re.compile(rf"{drive.COUNT} samples of session (\d+) from (.+?) to (.+?) were lost")
_WAITING = re.compile(rf"{drive.COUNT} samples waiting in memory")


def _disk_full_needs() -> str:
    from tests import faultfs

    if not faultfs.is_root() or shutil.which("mount") is None:
        return "root and mount(8) for a small tmpfs (CI runs as root)"
    return ""


@dataclass
class _DiskRun:
    """One `genbo record` on a small file system, and what it said."""

    rec: Recording
    fs: Path
    env: dict[str, str]
    told: str = ""
    waiting_max: int = 0

    @property
    def data(self) -> Path:
        return self.fs / "data"

    def err_lines(self) -> list[str]:
        return [ln.text for ln in self.rec.snapshot() if ln.stream == "err"]

    def said(self, words: str, timeout: float) -> str:
        line = self.rec.wait_line(lambda ln: ln.stream == "err" and words in ln.text, timeout)
        return "" if line is None else line.text

    def final_count(self) -> int:
        return self.rec.final_count()


def _start_on_small_fs(fs: Path, speed: float, seed: int, home: Path) -> _DiskRun:
    env = {"HOME": str(home), "TMPDIR": str(home)}
    home.mkdir(parents=True, exist_ok=True)
    rec = Recording(fs / "data", "--streamer", "满盘", "--source", "simulator", "--speed",
                    f"{speed:g}", "--seed", str(seed), env=env)  # fmt: skip
    return _DiskRun(rec, fs, env)


def _fill_and_wait(run: _DiskRun, res: CaseResult) -> Path | None:
    """Fill the disk once recording; the filler, when genbo said so in words."""
    if run.rec.recording(timeout=60) is None:
        res.problems.append(f"never started recording: {run.rec.text()[-300:]}")
        return None
    time.sleep(1.0)
    filler = drive.fill(run.fs)
    run.told = run.said("Disk full", 60)
    if not run.told:
        res.problems.append("never said in words that the disk is full (60 s after filling it)")
    return filler


DROPPED_REASON = "not stored: the database could not be written"
"""The reason of the gaps the writer stores for what it had to drop."""


def _check_stored(run: _DiskRun, res: CaseResult, *, dropped_ok: bool = False) -> int:
    """Everything the recorder handed over is stored, in order, with no gap;
    or (`dropped_ok`) what is missing lies inside the gaps stored for what
    it said it dropped, and it said about as many (`res.dropped`, its spans,
    filled from what it printed). Returns the samples stored."""
    path = drive.db_file(run.data)
    res.integrity.append(drive.integrity(path))
    final = run.final_count()
    times = drive.sample_times(drive.read_series(path))
    stored = len(times)
    why = drive.out_of_order(path)
    if why:
        res.problems.append(f"not written in order: {why}")
    gaps = drive.gap_rows(path)
    grid = drive.steps(times)
    for ln in run.err_lines():
        m = _WAITING.search(ln)
        if m:
            run.waiting_max = max(run.waiting_max, drive.count_range(m.group(1))[1])
    if not dropped_ok:
        res.lost += max(0, final - stored)
        if final != stored:
            res.problems.append(f"{final} samples handed over, {stored} stored")
        if len(grid) > 1:
            res.problems.append(f"the samples have a hole: steps {sorted(grid)[:5]} ms")
        if gaps:
            res.problems.append(f"{len(gaps)} gaps stored: {gaps[:2]}")
        return stored
    # The simulator's samples are one tick apart from the first: the ones
    # that should be there are `final` ticks from the first stored.
    step = min(grid) if grid else 1000
    first = min(times) if times else 0
    missing = [t for t in (first + k * step for k in range(final)) if t not in times]
    dropped_gaps = [(a, b) for a, b, why in gaps if why.startswith(DROPPED_REASON)]
    unreported = [t for t in missing if not any(a <= t <= (b or t) for a, b in dropped_gaps)]
    res.lost += len(unreported)
    if unreported:
        res.problems.append(
            f"{len(unreported)} samples missing outside the dropped spans stored as gaps "
            f"(first at {unreported[0]}; gaps {dropped_gaps[:3]})"
        )
    said = [drive.count_range(m.group(1)) for m in map(_LOST_SPAN.search, run.err_lines()) if m]
    lo, hi = sum(a for a, _ in said), sum(b for _, b in said)
    if not lo <= len(missing) <= hi:
        res.problems.append(f"said {lo}–{hi} samples were lost; {len(missing)} are missing")
    res.dropped += len(missing)
    return stored


@_elapsed
def disk_full_freed(mode: Mode) -> CaseResult:
    """The data folder's disk fills while recording (a small tmpfs filled to
    the last byte), stays full (30 s; CI 3 s), then space is freed: genbo
    says so in words, keeps recording, and afterwards everything is stored,
    in order, with no gap."""
    from tests import faultfs

    full_s = 1.5 if mode.ci else 30.0
    res = CaseResult("disk full, then space freed", runs=1)
    with faultfs.small_filesystem(DISK_BYTES) as fs:
        run = _start_on_small_fs(fs, 200, 5, mode.work / "home")
        try:
            filler = _fill_and_wait(run, res)
            if filler is not None:
                time.sleep(full_s)
                filler.unlink()
                back = run.said("can be written again", 60)
                if not back:
                    res.problems.append("never said writing works again after space was freed")
                time.sleep(1.0)
        finally:
            run.rec.send(signal.SIGINT)
            rc = run.rec.finish(90)
        if rc != 130:
            res.problems.append(f"exit status {rc}, not 130: {run.err_lines()[-3:]}")
        stored = _check_stored(run, res)
    res.shown = run.told
    _keep(mode, "record", run.rec.text())
    res.traceback = drive.traceback_in(run.rec.text())
    res.notes.append(
        f"200 samples/s on an {DISK_BYTES >> 20} MB tmpfs, full for {full_s:g} s; up to "
        f"{run.waiting_max:,} samples said waiting; {stored:,} stored, in order, no gap"
    )
    back_line = drive.first_line(run.err_lines(), lambda ln: "can be written again" in ln)
    res.notes.append(f"then: {back_line or '(nothing said)'}")
    return res


@_elapsed
def disk_full_to_the_end(mode: Mode) -> CaseResult:
    """The disk stays full until the recording is stopped: what could not be
    written goes to an emergency file on another disk, the operator is told
    how to put it back, and `genbo import FILE` (once space is freed) puts
    every sample back; a second import changes nothing."""
    from tests import faultfs

    full_s = 1.5 if mode.ci else 20.0
    res = CaseResult("disk full until the end", runs=1)
    home = mode.work / "home"
    with faultfs.small_filesystem(DISK_BYTES) as fs:
        run = _start_on_small_fs(fs, 200, 6, home)
        filler = None
        try:
            filler = _fill_and_wait(run, res)
            time.sleep(full_s)
        finally:
            run.rec.send(signal.SIGINT)
            run.rec.finish(90)
        errs = run.err_lines()
        kept = next((m for m in map(_EMERGENCY.search, errs) if m), None)
        if kept is None:
            res.problems.append(f"no emergency file was named: {errs[-3:]}")
        if filler is not None:
            filler.unlink()
        texts = [run.rec.text()]
        _keep(mode, "record", run.rec.text())
        if kept is not None:
            spill = Path(kept.group(2))
            res.shown = run.told
            if not spill.is_file():
                res.problems.append(f"the emergency file {spill} is not there")
            elif spill.is_relative_to(fs) or spill.stat().st_dev == fs.stat().st_dev:
                res.problems.append(f"the emergency file {spill} is on the full disk")
            else:
                r = drive.genbo(run.data, "import", str(spill), "--json", env=run.env)
                texts += [r.stdout, r.stderr]
                if r.returncode != 0:
                    res.problems.append(f"genbo import failed ({r.returncode}): {r.stderr[-300:]}")
                else:
                    doc = json.loads(r.stdout)
                    res.notes.append(f"genbo import put back {doc.get('samples')} samples")
                if not mode.ci:
                    again = drive.genbo(run.data, "import", str(spill), "--json", env=run.env)
                    texts += [again.stdout, again.stderr]
                    if again.returncode != 0 or json.loads(again.stdout).get("samples") != 0:
                        res.problems.append(f"a second import changed something: {again.stdout}")
            res.notes.append(f"said at the end: {kept.group(0)[:160]}")
        stored = _check_stored(run, res)
    res.traceback = drive.traceback_in(*texts)
    res.notes.append(
        f"200 samples/s, full for the last {full_s:g} s; {stored:,} stored after the import "
        f"of {run.final_count():,} recorded"
    )
    return res


@_elapsed
def disk_full_past_limit(mode: Mode) -> CaseResult:
    """Full past the backlog limit (72,000 samples; at 5,000 samples/s about
    15 s): with an emergency folder on another disk the oldest go there and
    come back once space is freed (nothing lost, no gap); with none that can
    be written (HOME and TMPDIR on the full disk too) samples are dropped,
    the operator is told which, from when to when, and each dropped span is
    stored as a gap: nothing missing that was not reported."""
    from tests import faultfs

    res = CaseResult("disk full past the backlog limit", runs=2)
    speed = 5000.0
    # 1: the emergency folder is on another disk.
    with faultfs.small_filesystem(DISK_BYTES * 4) as fs:
        run = _start_on_small_fs(fs, speed, 8, mode.work / "home")
        try:
            filler = _fill_and_wait(run, res)
            if filler is not None:
                spilled = run.said("older samples are kept in", 90)
                if not spilled:
                    res.problems.append("past the limit, nothing was said about an emergency file")
                time.sleep(3)
                filler.unlink()
                if not run.said("can be written again", 90):
                    res.problems.append("never said writing works again after space was freed")
                time.sleep(2)
                res.notes.append(f"spilled: {spilled[:160]}")
        finally:
            run.rec.send(signal.SIGINT)
            run.rec.finish(120)
        texts = [run.rec.text()]
        _keep(mode, "record-spill", run.rec.text())
        left = next((m for m in map(_EMERGENCY.search, run.err_lines()) if m), None)
        if left is not None:  # not put back by itself: the operator's way
            r = drive.genbo(run.data, "import", left.group(2), "--json", env=run.env)
            texts += [r.stdout, r.stderr]
        stored = _check_stored(run, res)
        res.shown = run.told
        res.notes.append(f"with an emergency folder: {stored:,} stored of {run.final_count():,}")
    # 2: nowhere to keep them.
    with faultfs.small_filesystem(DISK_BYTES * 4) as fs:
        run = _start_on_small_fs(fs, speed, 9, fs / "home")
        try:
            filler = _fill_and_wait(run, res)
            if filler is not None:
                dropping = run.said("were dropped", 120)
                if not dropping:
                    res.problems.append("past the limit with nowhere to keep them: nothing said")
                res.notes.append(f"dropping: {dropping[:160]}")
                time.sleep(3)
                filler.unlink()
                if not run.said("can be written again", 90):
                    res.problems.append("never said writing works again after space was freed")
                time.sleep(2)
        finally:
            run.rec.send(signal.SIGINT)
            run.rec.finish(120)
        texts.append(run.rec.text())
        _keep(mode, "record-drop", run.rec.text())
        for m in map(_LOST_SPAN.search, run.err_lines()):
            if m:
                res.dropped_spans.append(f"{m.group(3)}–{m.group(4)}")
        if not res.dropped_spans:
            res.problems.append("nothing was reported dropped at the end")
        stored = _check_stored(run, res, dropped_ok=True)
        res.notes.append(
            f"with nowhere to keep them: {stored:,} stored, {res.dropped:,} reported dropped "
            f"({', '.join(res.dropped_spans)}), of {run.final_count():,}"
        )
    res.traceback = drive.traceback_in(*texts)
    return res


# -- corrupt files (helper A's makers) --------------------------------------------------------
def _corruption() -> str:
    if not (drive.ROOT / "tests" / "corruption.py").exists():
        return "the corrupt-file makers (tests/corruption.py, helper A)"
    if not (drive.ROOT / "app" / "storage" / "recovery.py").exists():
        return "the rescue (app/storage/recovery.py, helper A)"
    commands = (drive.ROOT / "app" / "cli" / "commands.py").read_text(encoding="utf-8")
    if "open_or_rescue" not in commands:
        return "the CLI opening through open_or_rescue (_open_db, helper A)"
    return ""


CORRUPT_IN_CI = ("data-page", "wal-removed", "read-only-file")
"""The corrupt-file cases CI runs (the others in `make faults`)."""
CORRUPT_EXPECT = {
    "rescue": "moved aside, what can be read recovered, a fresh start",
    "fresh": "moved aside, a fresh start",
    "new": "used as a new database in place",
    "notice": "kept, the operator told",
    "read_only": "opened for reading, recording refused in plain words",
    "refuse": "refused in plain words, nothing changed",
    "newer": "refused as a newer Genbo's, nothing changed",
}


def _corrupt(name: str) -> Callable[[Mode], CaseResult]:
    @_elapsed
    def run(mode: Mode) -> CaseResult:
        """`genbo sessions --json`, then a short `genbo record`, on a data
        folder whose database is broken the way helper A's maker says: each
        does what the case expects (`tests.corruption.Case.expect`), in plain
        words and without a traceback; every database left is clean and, when
        rescued, holds every row a perfect recovery gets back."""
        from tests import corruption

        res = CaseResult(f"corrupt: {name}", runs=1)
        d = mode.work / "data"
        texts: list[str] = []
        with corruption.CASES[name](d) as case:
            res.notes.append(f"expected: {CORRUPT_EXPECT.get(case.expect, case.expect)}")
            r = drive.genbo(d, "sessions", "--json")
            texts += [r.stdout, r.stderr]
            res.shown = drive.first_line([r.stderr], lambda ln: ln.startswith("genbo:"))
            rec = drive.genbo(d, "record", "--streamer", "重来", "--source", "simulator",
                              "--duration", "2", "--speed", "100")  # fmt: skip
            texts += [rec.stdout, rec.stderr]
            _keep(mode, "genbo", *texts)
            _corrupt_checks(case, r, rec, res)
        # After the block (the lock let go, the read-only mount gone).
        if case.db_path.is_file() and case.db_path.stat().st_size:
            res.integrity.append(drive.integrity(case.db_path))
        res.traceback = drive.traceback_in(*texts)
        return res

    return run


def _sessions_json(r: subprocess.CompletedProcess[str], res: CaseResult) -> list[dict[str, object]]:
    try:
        doc = json.loads(r.stdout or "[]")
    except ValueError:
        res.problems.append(f"genbo sessions --json printed no JSON: {r.stdout[:200]!r}")
        return []
    return list(doc)


def _corrupt_checks(
    case: Any,
    r: subprocess.CompletedProcess[str],
    rec: subprocess.CompletedProcess[str],
    res: CaseResult,
) -> None:
    d: Path = case.data_dir
    aside = sorted(p for p in d.iterdir() if p.name.startswith("genbo.db.corrupt-"))
    main_aside = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]
    good_sessions = set(case.good.get("live_sessions", {}))
    if not r.stderr.strip() and case.expect != "new":
        res.problems.append("genbo sessions said nothing about it")
    if case.expect not in CORRUPT_EXPECT:
        res.problems.append(f"unknown expectation {case.expect!r}: tests/faults needs updating")
    if case.expect == "new":
        if r.returncode != 0:
            res.problems.append(f"genbo sessions failed ({r.returncode}): {r.stderr[-300:]}")
        if aside:
            res.problems.append(f"moved aside: {[p.name for p in aside]}")
        if _sessions_json(r, res):
            res.problems.append(f"sessions in a new database: {r.stdout[:200]}")
    elif case.expect in ("rescue", "fresh"):
        if r.returncode != 0:
            res.problems.append(f"genbo sessions failed ({r.returncode}): {r.stderr[-300:]}")
        if "moved aside" not in r.stderr:
            res.problems.append(f"not said moved aside: {r.stderr[-300:]}")
        if len(main_aside) != 1:
            res.problems.append(f"moved aside: {[p.name for p in aside]} (one expected)")
        elif case.damaged is not None and main_aside[0].read_bytes() != case.damaged:
            res.problems.append(f"{main_aside[0].name} is not the damaged file as it was")
        elif str(main_aside[0]) not in r.stderr:
            res.problems.append("the operator was not told where the old file is")
        listed = {int(str(row["id"])) for row in _sessions_json(r, res)}
        want = case.expected().get("live_sessions", set()) if case.expect == "rescue" else set()
        if listed != want:
            res.problems.append(f"sessions after: {sorted(listed)}, expected {sorted(want)}")
        if case.expect == "rescue" and case.db_path.is_file():
            good_chunks = case.good.get("sample_chunks", {})
            expected = sum(int(good_chunks[i]["count"]) for i in case.expected()["sample_chunks"])
            had = corruption_points(case.good)
            try:
                got = _points_before_record(case)
            except sqlite3.DatabaseError as exc:
                res.problems.append(f"the database left cannot be read: {exc}")
                got = 0
            res.lost = max(0, expected - got)
            if got < expected:
                res.problems.append(f"{got:,} sample values recovered, {expected:,} readable")
            res.lost_note = f"{had - expected:,} of {had:,} values destroyed by the damage"
            res.notes.append(
                f"recovered {got:,} sample values of the {expected:,} a perfect recovery gets "
                f"back; sessions {sorted(listed)}"
            )
    elif case.expect == "notice":
        if r.returncode != 0:
            res.problems.append(f"genbo sessions failed ({r.returncode}): {r.stderr[-300:]}")
        if main_aside:
            res.problems.append(f"moved aside although it was to be kept: {main_aside}")
        listed = {int(str(row["id"])) for row in _sessions_json(r, res)}
        if listed != good_sessions:
            res.problems.append(f"sessions after: {sorted(listed)}, before {sorted(good_sessions)}")
    elif case.expect == "read_only":
        if r.returncode != 0:
            res.problems.append(f"genbo sessions failed ({r.returncode}): {r.stderr[-300:]}")
        listed = {int(str(row["id"])) for row in _sessions_json(r, res)}
        if listed != good_sessions:
            res.problems.append(f"sessions read: {sorted(listed)}, stored {sorted(good_sessions)}")
        if case.damaged is not None and case.db_path.read_bytes() != case.damaged:
            res.problems.append("the read-only file was changed")
    else:  # refuse, newer
        if r.returncode == 0:
            res.problems.append(f"genbo sessions did not refuse it: {r.stdout[:200]}")
        if case.expect == "newer" and "newer" not in r.stderr:
            res.problems.append(f"not said it is a newer Genbo's: {r.stderr[-300:]}")
        if case.damaged is not None and case.db_path.read_bytes() != case.damaged:
            res.problems.append("the file was changed")
        if aside:
            res.problems.append(f"moved aside although refused: {[p.name for p in aside]}")
    # The short recording after it.
    records = case.expect in ("rescue", "fresh", "new", "notice")
    if records:
        if rec.returncode != 0 or "Finished session" not in rec.stdout:
            res.problems.append(
                f"genbo record after it failed ({rec.returncode}): {rec.stderr[-300:]}"
            )
    else:
        if rec.returncode == 0:
            res.problems.append("genbo record was not refused")
        elif not rec.stderr.strip():
            res.problems.append(f"genbo record refused it without a word ({rec.returncode})")
        else:
            res.notes.append(f"genbo record: {rec.stderr.strip().splitlines()[-1][:160]}")


def corruption_points(good: dict[str, dict[int, dict[str, Any]]]) -> int:
    return sum(int(r["count"]) for r in good.get("sample_chunks", {}).values())


def _points_before_record(case: Any) -> int:
    """The sample values the rescue recovered: those stored now, less the
    short recording's (its own session)."""
    conn = sqlite3.connect(case.db_path, timeout=10)
    try:
        streamer = "重来"
        row = conn.execute(
            "SELECT coalesce(sum(c.count), 0) FROM sample_chunks c JOIN live_sessions s "
            "ON s.id = c.session_id JOIN streamers t ON t.id = s.streamer_id WHERE t.name != ?",
            (streamer,),
        ).fetchone()
        return int(row[0])
    finally:
        conn.close()


def _corrupt_cases() -> tuple[Case, ...]:
    try:
        from tests import corruption
    except ImportError:
        return (Case("corrupt-files", "corrupt database files", _not_built, _corruption),)
    return tuple(
        Case(f"corrupt-{n}", f"corrupt: {n}", _corrupt(n), _corruption, in_ci=n in CORRUPT_IN_CI)
        for n in corruption.CASES
    )


def _not_built(mode: Mode) -> CaseResult:
    raise AssertionError("not built yet")  # `needs` says so first


CASES: tuple[Case, ...] = (
    Case("kill-9", "kill -9 at random moments", kill9),
    Case("sigterm", "SIGTERM during a commit", sigterm),
    Case("sigint", "SIGINT during a commit", sigint),
    Case("power-loss", "power loss (files copied mid-write)", power_loss),
    Case("http-soak", "HTTP faults soak", http_soak),
    Case("disk-full-freed", "disk full, then space freed", disk_full_freed, _disk_full_needs),
    Case("disk-full-to-the-end", "disk full until the end", disk_full_to_the_end, _disk_full_needs),
    Case(
        "disk-full-past-limit",
        "disk full past the backlog limit",
        disk_full_past_limit,
        _disk_full_needs,
        in_ci=False,
    ),
    *_corrupt_cases(),
)

REQUIRED: frozenset[str] = (
    frozenset(c.name for c in CASES)
    - {"corrupt-files"}
    - (set() if not _disk_full_needs() else {c.name for c in CASES if c.needs is _disk_full_needs})
)
"""Every case must run: one whose machinery is missing fails the run. The
disk-full ones need root for their tmpfs (CI runs as root); elsewhere they
are skipped, saying why."""


def cases(*, ci: bool) -> list[Case]:
    return [c for c in CASES if c.in_ci or not ci]


def run_case(case: Case, mode: Mode) -> CaseResult:
    """One case, or its "not built yet" row; a case that breaks is a failure
    of its own (the case's machinery, not genbo)."""
    missing = case.needs()
    if missing:
        return CaseResult(case.title, built=False, missing=missing, required=case.name in REQUIRED)
    mode.work.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    try:
        res = case.run(mode)
    except Exception as exc:  # reported as the case's failure
        import traceback

        res = CaseResult(case.title)
        res.problems.append(f"the case itself broke: {exc!r}")
        res.notes += traceback.format_exc().splitlines()[-6:]
        res.wall_s = time.monotonic() - t0
        return res
    finally:
        drive.kill_leftovers(mode.work)
    if not res.fault:
        res.fault = case.title
    return res
