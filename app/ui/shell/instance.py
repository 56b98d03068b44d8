"""One Genbo window per data folder.

The window holds a `QLockFile` in the data folder while it runs. A second
window for the same folder finds the lock held, asks the first one (over a
local socket named after the folder) to come to the front, and ends; where the
first one does not answer it says why it cannot start. A lock left by a killed
process is reclaimed: Qt knows the lock's process is gone by its pid.

The command-line commands (`genbo record`, `genbo sessions` …) never take the
lock; they use the database directly, as they always did.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILENAME = "genbo-window.lock"
RAISE_MESSAGE = b"raise\n"
RAISED_REPLY = b"raised\n"
CONNECT_TIMEOUT_MS = 1500
"""How long a second start waits for the first window to answer."""


def server_name(data_dir: Path) -> str:
    """The local socket's name for a data folder: short (a Unix socket path has
    a length limit) and the same for every spelling of the folder."""
    key = os.path.normcase(str(Path(data_dir).resolve()))
    return "genbo-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Holder:
    """Who holds a data folder's lock (as far as the lock file says)."""

    pid: int | None
    host: str
    app: str


class SingleInstance(QObject):
    """The data folder's window lock and the socket a second start knocks on."""

    raiseRequested = Signal()
    """A second start asked this window to come to the front."""

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.lock_path = self.data_dir / LOCK_FILENAME
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.lock_path))
        # Stale only when its process is gone (by pid, on this host), never by age:
        # a window may run for days.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self.unlocked = False
        """Running without the lock: the folder could not be written."""

    # -- the first window ------------------------------------------------------------
    def acquire(self) -> bool:
        """Take the lock (reclaiming a dead process's); False while another holds it."""
        # A folder that cannot be made is said below, or by the database layer.
        with contextlib.suppress(OSError):
            self.data_dir.mkdir(parents=True, exist_ok=True)
        # tryLock reclaims a lock whose process is gone (its pid, on this host);
        # one of a live process, or of another host's, is left alone.
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.PermissionError:
            # The folder cannot be written (read-only): no lock can be taken,
            # and none is held by anyone. The database opens for browsing.
            log.warning("cannot take the window's lock in %s (read-only?)", self.data_dir)
            self.unlocked = True
            return True
        return False

    @property
    def locked(self) -> bool:
        return self._lock.isLocked()

    def listen(self) -> bool:
        """Answer a second start (call after `acquire`). A socket left behind by
        a killed window is removed first: only the lock's holder listens."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("cannot listen on %s: %s", self.name, server.errorString())
                return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._on_ready(s))
            sock.disconnected.connect(sock.deleteLater)

    def _on_ready(self, sock: QLocalSocket) -> None:
        data = bytes(sock.readAll().data())
        if RAISE_MESSAGE.strip() in data:
            self.raiseRequested.emit()
            sock.write(RAISED_REPLY)
            sock.flush()
        sock.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    # -- a second start --------------------------------------------------------------
    def holder(self) -> Holder:
        info: tuple[object, ...] = tuple(self._lock.getLockInfo())  # PySide drops the bool
        if len(info) != 3 or not isinstance(info[0], int) or not info[0]:
            return Holder(None, "", "")
        return Holder(info[0], str(info[1]), str(info[2]))

    def ask_first_to_raise(self, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """Ask the window holding the lock to come to the front; True once it said so."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(RAISE_MESSAGE)
        sock.flush()
        sock.waitForBytesWritten(timeout_ms)
        got = b""
        while RAISED_REPLY not in got and sock.waitForReadyRead(timeout_ms):
            got += bytes(sock.readAll().data())
        sock.abort()
        return RAISED_REPLY in got

    def why_not(self) -> str:
        """Why this start cannot open a window (the lock is held and no window answered)."""
        h = self.holder()
        if h.pid is None:
            return QCoreApplication.translate(
                "instance",
                "Genbo is already open with the data folder {folder}, and its window did "
                "not answer. If no Genbo is running, remove {lock} and start again.",
            ).format(folder=self.data_dir, lock=self.lock_path)
        return QCoreApplication.translate(
            "instance",
            "Genbo is already open with the data folder {folder} (process {pid} on {host}), "
            "and its window did not answer. Close that Genbo, or start this one with "
            "--data-dir pointing to another folder.",
        ).format(folder=self.data_dir, pid=h.pid, host=h.host or "?")
