"""Where Genbo logs: warnings on stderr, everything in the data folder's
`logs/genbo.log` (rotated at 2 MB, three kept).

Logging never fails a recording: a log file that cannot be written (a full
disk, a read-only folder) says so once on stderr, in one line, and is tried
again a minute later; a stderr that is gone is left alone. No traceback chain
("--- Logging error ---") ever reaches the terminal.
"""

from __future__ import annotations

import logging
import sys

from app.config.paths import AppPaths


class QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """stderr, which may be closed or a broken pipe: then nothing is said
    (there is nowhere to say it)."""

    def handleError(self, record: logging.LogRecord) -> None:
        del record


def setup_logging(paths: AppPaths, verbose: bool = False, to_file: bool = True) -> None:
    """Warnings to stderr, everything to the log folder's `genbo.log` (or,
    with `to_file` False, not yet: see `log_to_file`)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    sh = QuietStreamHandler(sys.stderr)
    sh.setLevel(logging.WARNING)
    sh.setFormatter(logging.Formatter("genbo: %(message)s"))
    root.addHandler(sh)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if to_file:
        log_to_file(paths)


def log_to_file(paths: AppPaths) -> None:
    """Add the rotating log file (`app.config.logfile.SafeFileHandler`). The
    window does this once its first window shows: importing `logging.handlers`
    costs that window about 20 ms."""
    from app.config.logfile import SafeFileHandler

    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = SafeFileHandler(
            paths.log_dir / "genbo.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"genbo: cannot write logs to {paths.log_dir}: {exc}", file=sys.stderr)
        return
    fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(fh)
