"""Working with a team server that does not answer when Genbo starts.

A recorder that loses the server mid-session goes on through the writer's
offline spool (`app.storage.spool`). One that cannot reach it at all when it
starts has no server session to spool for: it records on this computer
instead, into an offline database in the data folder (a Genbo SQLite file of
its own, one per server: `offline_path`), and says so. Once the server
answers, what was recorded there is sent to it with `genbo sync`'s own copy
(`app.storage.sync`, matched by the rows' unique ids: nothing twice, nothing
left out), at the end of `genbo record`, at the next start with that server,
and every `RETRY_S` while the window works offline. A file whose every
session reached the server is renamed `genbo.db.sent` (the newest kept,
for safety) so it is not sent again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.config.paths import DB_FILENAME, AppPaths
from app.storage.database import (
    Database,
    ServerConnectError,
    database_url,
    open_database,
    short_reason,
    sqlite_url,
)
from app.storage.recovery import DatabaseRescue, in_use_elsewhere, open_or_rescue
from app.storage.spool import SPOOL_FOLDER, server_digest

if TYPE_CHECKING:
    from app.storage.sync import SyncProgress, SyncResult

log = logging.getLogger(__name__)

RETRY_S = 30.0
"""While the window works offline, how often it tries the server again."""


def offline_path(paths: AppPaths) -> Path:
    """The offline database of the team server `paths` names: a Genbo
    SQLite file in a folder of its own inside the spool folder."""
    digest = server_digest(paths.database_label)
    return paths.data_dir / SPOOL_FOLDER / f"offline-{digest}" / DB_FILENAME


def offline_paths(paths: AppPaths) -> AppPaths:
    """`paths` for working offline: the offline database instead of the
    data folder's file (everything else where it was: the notices queued
    offline are sent by the next Genbo online), and the operator's name
    kept, so the sessions carry it to the server."""
    return replace(
        paths,
        db_file=offline_path(paths),
        db_url=None,
        operator=paths.operator_name,
    )


@dataclass(frozen=True, slots=True)
class OfflineStart:
    """Genbo started without its team server: where it records instead."""

    server: str
    """The server's URL, without password."""
    path: Path
    reason: str
    """Why it could not be reached (libpq's words)."""


def open_team_database(
    paths: AppPaths,
) -> tuple[Database, DatabaseRescue | None, OfflineStart | None]:
    """The database to work on: the data folder's file, or the team server;
    a team server that does not answer (not one that refused the login)
    gives this computer's offline database for it instead, and says so."""
    try:
        db, rescue = open_or_rescue(database_url(paths))
    except ServerConnectError as exc:
        if paths.db_url is None or not exc.unreachable:
            raise
        path = offline_path(paths)
        log.warning("the team server %s does not answer (%s): working offline in %s",
                    paths.database_label, exc.error, path)  # fmt: skip
        db, rescue = open_or_rescue(sqlite_url(path))
        return db, rescue, OfflineStart(paths.database_label, path, short_reason(exc.error))
    return db, rescue, None


def waiting_offline(paths: AppPaths) -> Path | None:
    """An offline database with sessions not sent yet, if there is one."""
    if paths.db_url is None:
        return None
    path = offline_path(paths)
    return path if path.exists() else None


def send_offline(
    paths: AppPaths,
    local: Database | None = None,
    *,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult | None:
    """Send the offline database's sessions to the team server (None: there
    is none). `local`: the offline database as it is open already (the
    window working offline); then the file stays, as it is still in use.
    Otherwise a file that was sent whole is renamed `genbo.db.sent`. Raises
    `ServerConnectError` while the server does not answer, and what the
    copy raises; what was sent stays sent."""
    from app.storage.sync import sync_databases  # (not at start-up: 45 ms)

    path = offline_path(paths)
    if local is None and not path.exists():
        return None
    server = open_database(database_url(paths))
    own = local is None
    source = open_database(sqlite_url(path)) if local is None else local
    try:
        result = sync_databases(source, server, progress=progress, cancel=cancel)
    finally:
        server.dispose()
        if own:
            source.dispose()
    if own and not result.cancelled and not result.sessions_refused:
        _retire(path, paths.database_label)
    return result


def _retire(path: Path, server: str) -> None:
    """Rename an offline database that was sent whole `genbo.db.sent`, unless
    another Genbo has it open (a `genbo record` still recording offline into
    it): then it stays, and is sent again (nothing twice) next time."""
    if in_use_elsewhere(path):
        log.info("the offline database %s was sent to %s but is still in use; it stays",
                 path, server)  # fmt: skip
        return
    done = path.with_name(DB_FILENAME + ".sent")
    try:
        for suffix in ("", "-wal", "-shm"):
            old = Path(str(path) + suffix)
            if old.exists():
                os.replace(old, Path(str(done) + suffix))
    except OSError as exc:  # Windows: open elsewhere; it is sent again next time
        log.info("the offline database %s was sent but stays (%s)", path, exc)
        return
    log.info("sent the offline database %s to %s; kept as %s", path, server, done)
