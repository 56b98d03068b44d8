"""`genbo doctor`: what a bug report needs, read without changing anything.

    genbo doctor            a plain summary line, then versions, paths, the
                            database (size, schema, integrity, open sessions and
                            their sources), the settings, the team chat's spool
                            and the log's last 200 lines, credentials masked
    genbo doctor --json     the same as one JSON object

Exit codes: 0 healthy; 1 something is wrong (the database cannot be read,
fails its integrity check, or is from a newer Genbo)."""

from __future__ import annotations

import argparse
import sys

from app.cli.commands import command_parents
from app.config.i18n import tr
from app.config.paths import AppPaths

COMMANDS = ("doctor",)
"""The commands `register` adds."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `doctor`."""
    (common,) = command_parents()
    doctor = sub.add_parser(
        "doctor",
        parents=[common],
        help=tr("check the installation and the database; print diagnostics for a bug report"),
    )
    doctor.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    doctor.add_argument(
        "--log-lines",
        type=int,
        default=200,
        metavar="N",
        help=tr("how many of the log's last lines to show (default 200)"),
    )
    doctor.set_defaults(run=cmd_doctor)


def cmd_doctor(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.secret_store import SecretStore
    from app.session.diagnostics import gather

    report = gather(paths, secrets=SecretStore(), log_lines=max(0, args.log_lines))
    if args.json:
        sys.stdout.write(report.as_json() + "\n")
    else:
        sys.stdout.write(report.as_text())
    return 0 if report.healthy else 1
