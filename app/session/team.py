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

import hashlib
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
from app.storage.recovery import DatabaseRescue, open_or_rescue
from app.storage.spool import SPOOL_FOLDER

if TYPE_CHECKING:
    from app.storage.sync import SyncProgress, SyncResult

log = logging.getLogger(__name__)

RETRY_S = 30.0
"""While the window works offline, how often it tries the server again."""


def offline_path(paths: AppPaths) -> Path:
    """The offline database of the team server `paths` names: the database
    of a data folder of its own (`offline_paths`) inside the spool folder."""
    digest = hashlib.sha1(paths.database_label.encode("utf-8")).hexdigest()[:12]
    return paths.data_dir / SPOOL_FOLDER / f"offline-{digest}" / DB_FILENAME


def offline_paths(paths: AppPaths) -> AppPaths:
    """`paths` for working offline: the offline database as the data
    folder's file (settings and logs where they were), and the operator's
    name kept, so the sessions carry it to the server."""
    return replace(
        paths,
        data_dir=offline_path(paths).parent,
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
        done = path.with_name(DB_FILENAME + ".sent")
        for suffix in ("", "-wal", "-shm"):
            old = Path(str(path) + suffix)
            if old.exists():
                os.replace(old, Path(str(done) + suffix))
        log.info("sent the offline database %s to %s; kept as %s", path, paths.database_label,
                 done)  # fmt: skip
    return result
