"""Cold start to the first window shown, against a bare PySide6 window.

Each run is a fresh process, offscreen, timed from spawn to exit:

* baseline: a script that creates a QApplication and a QMainWindow, shows it,
  and quits once the event loop has run (the first frame drawn);
* genbo: `python -m app --smoke` on an empty data folder (and again on the
  same folder, now with a database to open), which does the same after
  opening the database, building the window and listing the history.

Median of 7 runs each. Target ≤ 1.5× the baseline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1600, 900)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(cmd: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = timed([sys.executable, "-m", "app", "--smoke", "--data-dir", tmp])
        base = [timed([sys.executable, "-c", BARE]) for _ in range(RUNS)]
        genbo = [
            timed([sys.executable, "-m", "app", "--smoke", "--data-dir", tmp]) for _ in range(RUNS)
        ]
    b, g = statistics.median(base), statistics.median(genbo)
    print(f"bare PySide6 window      median {b * 1000:7.0f} ms")
    print(f"genbo (existing data)    median {g * 1000:7.0f} ms   ratio {g / b:.2f}×")
    print(f"genbo (first run, creates the database) {first * 1000:7.0f} ms")
    print(f"target ≤ 1.5×: {'met' if g / b <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
