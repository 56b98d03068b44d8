"""The log file that never fails a recording (see `app.config.logs`)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time

RETRY_S = 60.0
"""How long a log file that failed is left before it is tried again."""


class SafeFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, which may fail (ENOSPC, EIO, read-only): one line
    on stderr the first time, records dropped from the file (not from
    stderr) until `RETRY_S` has passed, then the file is reopened and tried."""

    def __init__(self, *args: object, retry_s: float = RETRY_S, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.retry_s = retry_s
        self.failed_at: float | None = None
        """`time.monotonic()` of the failure the file is resting from."""
        self.failures = 0

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed_at is not None:
            if time.monotonic() - self.failed_at < self.retry_s:
                return
            self.failed_at = None
            self.close()  # reopened by the next write
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        del record
        error = sys.exc_info()[1]
        self.failures += 1
        first = self.failed_at is None and self.failures == 1
        self.failed_at = time.monotonic()
        if first:
            try:
                from app.config.i18n import tr

                text = tr(
                    "cannot write the log file {path} ({error}); the log goes on here only "
                    "until it can (tried again every {seconds} s)"
                ).format(path=self.baseFilename, error=error, seconds=f"{self.retry_s:g}")
                sys.stderr.write(f"genbo: {text}\n")
                sys.stderr.flush()
            except (OSError, ValueError, AttributeError):
                pass
        try:
            if self.stream is not None:
                self.stream.close()
        except OSError:
            pass
        self.stream = None
