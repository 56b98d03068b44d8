"""`genbo --db URL upgrade`: bring a team server's schema up to this Genbo's.

A data folder's SQLite file upgrades itself when a newer Genbo opens it, after
a copy of the file is kept. A server cannot be copied like that, and every
operator's Genbo shares it, so a newer Genbo refuses an older server's schema
(`ServerUpgradeNeededError`) until someone who has backed the server up
(pg_dump) runs this once. Exit codes: 0 done (or nothing to do), 2 refused."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.commands import command_parents
from app.config.paths import AppPaths


def register(sub: Any) -> None:
    from app.config.i18n import tr

    p = sub.add_parser(
        "upgrade",
        parents=command_parents(),
        help=tr("upgrade a team server's schema to this Genbo's (back the server up first)"),
    )
    p.set_defaults(run=cmd_upgrade)


def cmd_upgrade(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr
    from app.storage.database import SCHEMA_HEAD, StorageError, database_url, open_database

    if paths.db_url is None:
        print(
            tr(
                "The data folder's database upgrades itself when Genbo opens it (a copy of "
                "the file is kept first); genbo --db URL upgrade is for a team server."
            )
        )
        return 0
    try:
        db = open_database(database_url(paths), upgrade_server=True)
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    db.dispose()
    print(
        tr("The team database at {location} is at schema {head}.").format(
            location=paths.database_label, head=SCHEMA_HEAD
        )
    )
    return 0
