"""`genbo record` with a team server that does not answer: it records on
this computer instead (`app.session.team`), says so, and sends what was
recorded there once the server answers: at the end of the run, or at the
next `genbo record` with that server."""

from __future__ import annotations

import sys
from typing import Any

from app.cli.sync_cmd import SyncProgressLines
from app.config.formatting import number_format
from app.config.i18n import tr
from app.config.paths import AppPaths


def _say(text: str) -> None:
    print(f"genbo: {text}", file=sys.stderr, flush=True)


def open_for_recording(paths: AppPaths, open_db: Any) -> tuple[Any, AppPaths]:
    """(database or None once the reason is on stderr, the paths to record
    with: `offline_paths` when the team server does not answer). `open_db`:
    the CLI's own opener (`commands._open_db`), used for the offline file too
    (a damaged one is rescued the same way)."""
    from app.session.team import offline_path, offline_paths
    from app.storage.database import (
        ServerConnectError,
        database_url,
        open_database,
        short_reason,
    )

    if paths.db_url is None:
        return open_db(paths), paths
    try:
        open_database(database_url(paths)).dispose()  # answers (and is at this schema)?
    except ServerConnectError as exc:
        if not exc.unreachable:
            _say(str(exc))
            return None, paths
        path = offline_path(paths)
        _say(
            tr(
                "Offline: the team server {server} does not answer ({reason}). Recording on "
                "this computer ({path}); it is sent to the team server once it answers."
            ).format(server=paths.database_label, reason=short_reason(exc.error), path=path)
        )
        return open_db(offline_paths(paths)), offline_paths(paths)
    except Exception:  # an older schema, refusals: the opener says it in its words
        pass
    send_waiting(paths)
    return open_db(paths), paths


def send_waiting(paths: AppPaths) -> bool:
    """Send what an offline run recorded to the team server, if anything
    waits and it answers; what happened on stderr. False when it did not
    answer or the copy stopped (it is tried again next time)."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.session.team import send_offline, waiting_offline
    from app.storage.database import StorageError

    path = waiting_offline(paths)
    if path is None:
        return True
    try:
        result = send_offline(paths, progress=SyncProgressLines())
    except (StorageError, SQLAlchemyError) as exc:
        _say(
            tr(
                "Sessions recorded offline in {path} are not on the team server yet ({error}); "
                "they are sent next time."
            ).format(path=path, error=(str(exc).splitlines() or [type(exc).__name__])[0])
        )
        return False
    if result is None:
        return True
    fmt = number_format()
    if result.sessions_refused:
        _say(
            tr(
                "The team server refused {n} sessions recorded offline (this login may not "
                "write them); they stay in {path}."
            ).format(n=fmt.grouped(result.sessions_refused), path=path)
        )
    _say(
        tr(
            "Sent to the team server what was recorded offline: {n} sessions, {samples} samples."
        ).format(n=fmt.grouped(result.sessions_there), samples=fmt.count(result.samples))
    )
    return not result.cancelled
