"""A small real disk for fault tests: a tmpfs mounted for the test (root,
as in CI), filled and freed on demand. Where mounting is not allowed, the
same failure is raised at the SQLite layer through an engine hook, so the
code under test is still the real writer."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.storage.database import Database
from tests import faultfs


class Disk:
    """A small disk that can be filled and freed. `mounted`: a real tmpfs;
    otherwise `hook(db)` must be called on each Database that uses it."""

    def __init__(self, root: Path, mounted: bool) -> None:
        self.root = root
        self.mounted = mounted
        self.filler = root / "filler"
        self.full = False

    def fill(self) -> None:
        if self.mounted:
            # Unbuffered: a buffer left over when the disk filled would be
            # written again at close and raise there.
            with open(self.filler, "ab", buffering=0) as f:
                block = b"\0" * 65536
                try:
                    while True:
                        if not f.write(block):
                            break
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
        self.full = True

    def free(self) -> None:
        if self.mounted:
            self.filler.unlink()
        self.full = False

    def hook(self, db: Database) -> None:
        """Without a mount: writes to `db` fail while the disk is "full"."""
        if self.mounted:
            return

        def full(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if self.full and not statement.lstrip().upper().startswith(("SELECT", "PRAGMA")):
                raise sqlite3.OperationalError("database or disk is full")

        event.listen(db.engine, "before_cursor_execute", full)


def can_mount() -> bool:
    """Root can mount a tmpfs (CI); GENBO_TEST_NO_MOUNT=1 tries the fallback."""
    return faultfs.is_root() and not os.environ.get("GENBO_TEST_NO_MOUNT")


@contextmanager
def small_disk(root: Path, size: str = "4m") -> Iterator[Disk]:
    """A disk of `size` mounted at `root` (made if needed); without a mount,
    a `Disk` whose `hook` fails writes at the SQLite layer instead."""
    root.mkdir(parents=True, exist_ok=True)
    mounted = can_mount() and faultfs.mount_tmpfs(root, size)
    try:
        yield Disk(root, mounted)
    finally:
        if mounted:
            faultfs.unmount(root)


def make_emergency_file(tmp_path: Path, samples: int = 120) -> tuple[Path, list[int]]:
    """A real emergency file: a writer whose database turned read-only (SQLite
    opens it read-only: its real SQLITE_READONLY) closes with `samples`
    waiting. Returns the file and the samples' timestamps."""
    from app.core.metrics import Sample
    from app.storage.database import make_engine, open_database, sqlite_url
    from app.storage.repository import Repository
    from app.storage.writer import DatabaseWriter

    path = tmp_path / "origin" / "genbo.db"
    db = open_database(sqlite_url(path))
    repo = Repository(db)
    info = repo.create_session(repo.get_or_create_streamer("应急主播"), "断电夜", T0, 480)
    src = repo.add_source(info.id, "simulator", "Simulator")
    writable = db.engine
    db.engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    w = DatabaseWriter(
        db, commit_interval_s=0.05, spill_dirs=[tmp_path / "unsaved"], close_retry_s=0.3
    )
    w.start()
    times = [T0 + 100 * k for k in range(samples)]
    w.write_samples(
        info.id, src.id, [Sample(t, {"viewers": i, "gmv": 100 * i}) for i, t in enumerate(times)]
    )
    w.close()
    db.engine.dispose()
    db.engine = writable
    db.dispose()
    spill = w.health().spill_path
    assert spill is not None and spill.exists(), w.health()
    return spill, times


T0 = 1_780_000_000_000
