"""`genbo report ID -o FILE.pdf|.png`: the one-page 复盘 report, drawn with
Qt (QPdfWriter/QImage) without a window. Needs a QGuiApplication for fonts;
on a machine without a display it runs on the offscreen platform."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.config.paths import AppPaths

REPORT_SUFFIXES = (".pdf", ".png")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `report` to the command parsers (the lead wires it into `genbo`)."""
    from app.cli.commands import command_parents
    from app.config.i18n import tr

    rep = sub.add_parser(
        "report",
        parents=command_parents(),
        help=tr("write a session's one-page 复盘 report (PDF or PNG)"),
    )
    rep.add_argument("session_id", type=int, metavar="SESSION_ID")
    rep.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=tr("FILE.pdf or FILE.png")
    )
    rep.add_argument(
        "--dpi", type=int, default=150, help=tr("resolution of a PNG (default 150, 72 to 600)")
    )
    rep.set_defaults(run=cmd_report)


def _gui_application() -> Any:
    """The running Qt application, or a QGuiApplication made for this command
    (offscreen when there is no display to talk to)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.config.i18n import install_on

    made = QGuiApplication(["genbo"])
    install_on(made)  # what it draws (tr() in the painters) in the user's language
    return made


def cmd_report(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.cli.commands import _open_db
    from app.config.i18n import tr
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    target = Path(args.output)
    suffix = target.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        print(
            tr("genbo: the report is written as .pdf or .png, not {name}").format(name=target.name),
            file=sys.stderr,
        )
        return 2
    if not 72 <= args.dpi <= 600:
        print(tr("genbo: --dpi must be between 72 and 600"), file=sys.stderr)
        return 2
    _gui_application()
    from app.session.report import load_report
    from app.ui.view.report_page import render_pdf, render_png

    db = _open_db(paths)
    if db is None:
        return 2
    try:
        data = load_report(Repository(db), args.session_id)
    except StorageError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    try:
        if suffix == ".pdf":
            render_pdf(data, target)
        else:
            render_png(data, target, dpi=args.dpi)
    except OSError as exc:
        print(f"genbo: cannot write {target}: {exc}", file=sys.stderr)
        return 1
    print(tr("Wrote {path}").format(path=target), file=sys.stderr)
    return 0
