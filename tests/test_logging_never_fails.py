"""Logging never fails a recording: with the disk full, `genbo record` printed
"--- Logging error ---" and a traceback for every record. Written to /dev/full
(a real device that answers every write with ENOSPC)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config.logfile import SafeFileHandler

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


def test_a_full_disk_is_said_once_in_one_line_and_never_as_a_traceback(capsys) -> None:
    log = logging.getLogger("genbo.test.full")
    log.propagate = False
    handler = SafeFileHandler("/dev/full", maxBytes=2_000_000, backupCount=1, retry_s=60)
    log.addHandler(handler)
    try:
        for i in range(5):
            log.warning("sample batch %d stored", i)
    finally:
        log.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert err.count("genbo: cannot write the log file /dev/full") == 1, err
    assert "No space left on device" in err
    assert "Traceback" not in err and "Logging error" not in err
    assert handler.failures == 1, "resting after the failure: not tried for every record"


def test_the_file_is_tried_again_after_its_rest(capsys) -> None:
    handler = SafeFileHandler("/dev/full", maxBytes=2_000_000, backupCount=1, retry_s=0)
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "again %d", (1,), None)
    for _ in range(3):
        handler.emit(record)
    handler.close()
    assert handler.failures == 3, "with no rest, every record tries the file again"
    assert capsys.readouterr().err.count("cannot write the log file") == 1, "said once"


def test_a_closed_stderr_says_nothing_and_raises_nothing(tmp_path: Path) -> None:
    """`genbo record | head` closes the pipe: warnings must not turn into
    tracebacks written to nowhere."""
    code = (
        "import logging, sys\n"
        "from app.config.logs import QuietStreamHandler\n"
        "h = QuietStreamHandler(open(sys.argv[1], 'w'))\n"
        "h.stream.close()\n"
        "log = logging.getLogger('x'); log.addHandler(h); log.propagate = False\n"
        "log.warning('after the pipe closed')\n"
        "print('still running')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "err.txt")],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout == "still running\n"
    assert done.stderr == "", done.stderr
