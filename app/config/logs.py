"""Where Genbo logs: warnings on stderr, everything in the data folder's
`logs/genbo.log` (rotated at 2 MB, three kept)."""

from __future__ import annotations

import logging
import sys

from app.config.paths import AppPaths


def setup_logging(paths: AppPaths, verbose: bool = False, to_file: bool = True) -> None:
    """Warnings to stderr, everything to the log folder's `genbo.log` (or,
    with `to_file` False, not yet: see `log_to_file`)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    sh = logging.StreamHandler(sys.stderr)
    sh.setLevel(logging.WARNING)
    sh.setFormatter(logging.Formatter("genbo: %(message)s"))
    root.addHandler(sh)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if to_file:
        log_to_file(paths)


def log_to_file(paths: AppPaths) -> None:
    """Add the rotating log file. The window does this once its first window
    shows: importing `logging.handlers` costs that window about 20 ms."""
    import logging.handlers

    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            paths.log_dir / "genbo.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"genbo: cannot write logs to {paths.log_dir}: {exc}", file=sys.stderr)
        return
    fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(fh)
