"""Real file-system faults for tests and the fault suite: a read-only file or
folder, a small full file system, a database locked by another process.

We run as root on CI and here, and `chmod` does not stop root: as root a
read-only file or folder is a read-only bind mount of itself (the kernel
refuses every write with EROFS, root's included) and a small file system is
a tmpfs of that size. As another user the same is done with `chmod`, and a
small file system cannot be made: the test is skipped, with the reason.
Everything is put back when the `with` block ends, whatever happened in it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)


def _mount_tool() -> str | None:
    return shutil.which("mount") if sys.platform.startswith("linux") else None


def _unmount(target: Path) -> None:
    done = _run("umount", str(target))
    if done.returncode != 0:  # something still has it open: detach it now, free it later
        _run("umount", "-l", str(target))


@contextmanager
def _read_only_bind(path: Path) -> Iterator[Path]:
    """`path` (a file or a folder) made read-only by bind-mounting it onto
    itself read-only; root only."""
    bind = _run("mount", "--bind", str(path), str(path))
    if bind.returncode != 0:
        pytest.skip(f"cannot bind-mount {path} read-only: {bind.stderr.strip()}")
    try:
        ro = _run("mount", "-o", "remount,bind,ro", str(path), str(path))
        if ro.returncode != 0:
            pytest.skip(f"cannot remount {path} read-only: {ro.stderr.strip()}")
        yield path
    finally:
        _unmount(path)


@contextmanager
def _read_only_mode(path: Path, mode: int) -> Iterator[Path]:
    old = stat.S_IMODE(path.stat().st_mode)
    path.chmod(mode)
    try:
        if os.access(path, os.W_OK):
            pytest.skip(f"chmod does not make {path} read-only for this user")
        yield path
    finally:
        path.chmod(old)


def _writable_after(path: Path) -> bool:
    return os.access(path, os.W_OK)


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """`path`, an existing file, cannot be written while the block runs (its
    folder can: SQLite may still make its -wal and -shm there)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    if is_root():
        if _mount_tool() is None:
            pytest.skip("root, but no mount(8) to make a file read-only")
        with _read_only_bind(path):
            assert not _writable_after(path), f"{path} is still writable"
            yield path
    else:
        with _read_only_mode(path, 0o444):
            yield path


@contextmanager
def read_only_dir(path: Path) -> Iterator[Path]:
    """`path`, an existing folder, and everything in it cannot be written,
    nor can files be made or removed in it, while the block runs."""
    if not path.is_dir():
        raise NotADirectoryError(path)
    if is_root():
        if _mount_tool() is None:
            pytest.skip("root, but no mount(8) to make a folder read-only")
        with _read_only_bind(path):
            assert not _writable_after(path), f"{path} is still writable"
            yield path
    else:
        with _read_only_mode(path, 0o555):
            yield path


def mount_tmpfs(where: Path, size: int | str) -> bool:
    """Mount a tmpfs of `size` (bytes, or e.g. "4m") on the folder `where`;
    False when it cannot be (not root, no mount(8), refused)."""
    if not is_root() or _mount_tool() is None:
        return False
    return (
        _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)).returncode
        == 0
    )


def unmount(where: Path) -> None:
    _unmount(where)


@contextmanager
def small_filesystem(size_bytes: int) -> Iterator[Path]:
    """A new, empty file system of `size_bytes` (rounded up to whole pages by
    the kernel), mounted on a fresh temporary folder which is yielded; it is
    unmounted and the folder removed afterwards. Root only (a tmpfs)."""
    if not is_root() or _mount_tool() is None:
        pytest.skip("a small file system needs root (a tmpfs mount)")
    where = Path(tempfile.mkdtemp(prefix="genbo-small-fs-"))
    if not mount_tmpfs(where, int(size_bytes)):
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        _unmount(where)
        shutil.rmtree(where, ignore_errors=True)


_LOCKER = r"""
import sqlite3, sys, threading
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
# In WAL mode another process's BEGIN EXCLUSIVE still lets readers in; with
# the exclusive locking mode the file itself is locked and nobody can read.
conn.execute("PRAGMA locking_mode=EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("locked", flush=True)
# Until the test lets go (closes our stdin), or for the given seconds at most.
waiter = threading.Thread(target=sys.stdin.read, daemon=True)
waiter.start()
waiter.join(float(sys.argv[2]))
conn.execute("ROLLBACK")
conn.close()
"""


@contextmanager
def hold_lock(path: Path, seconds: float = 120.0) -> Iterator[subprocess.Popen[str]]:
    """Another process holds an exclusive lock on the SQLite database at
    `path` (nobody else can read or write it) until the block ends, or for
    `seconds` at most: then it lets go by itself (a test of "locked, then
    free again" sleeps in the block)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _LOCKER, str(path), str(float(seconds))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if line != "locked":
            err = proc.stderr.read() if proc.stderr is not None else ""
            raise RuntimeError(f"the lock holder did not get the lock: {line} {err}")
        yield proc
    finally:
        if proc.stdin is not None:
            with suppress(OSError):
                proc.stdin.close()
        try:
            proc.wait(timeout=10.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
