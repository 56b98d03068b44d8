"""Cold start to the first window shown, against a bare PySide6 window.

Each run is a fresh process, offscreen, timed from spawn to the moment it
says its first window is up: a line on stdout, written at the first turn of
the event loop after the window's first paint.

* baseline: a script that creates a QApplication and a QMainWindow, shows it,
  and says so;
* genbo: `python -m app --smoke` on a data folder with a database in it.
  Genbo shows a light window at once and says "window shown"; it then loads
  the rest, opens the database, builds the real window in its place, lists
  the history and says "ready" after that window's first frame. Both times
  are printed; the target is on the first.

Median of 9 runs each. Target ≤ 1.5× the baseline.

Genbo's modules are compiled to bytecode first, as pip does when it installs
a wheel (and Python does on a first run): where PYTHONDONTWRITEBYTECODE is set
(as on CI machines) a checkout would otherwise compile every module from
source at every start, about 0.25 s that no installed Genbo pays.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9
BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, shown)
def shown():
    print("genbo: window shown", flush=True)
    app.quit()
app = QApplication([])
w = Window()
w.resize(1600, 900)
w.show()
app.exec()
"""


def timed(cmd: list[str]) -> dict[str, float]:
    """Seconds from spawn to each line the process printed, and to its exit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    marks: dict[str, float] = {}
    for line in proc.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - t0)
    if proc.wait() != 0:
        raise SystemExit(f"{cmd} failed")
    marks["exit"] = time.perf_counter() - t0
    return marks


def main() -> None:
    compileall.compile_dir(ROOT / "app", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        genbo_cmd = [sys.executable, "-m", "app", "--smoke", "--data-dir", tmp]
        first = timed(genbo_cmd)  # creates the database
        base, shown, ready = [], [], []
        for _ in range(RUNS):  # interleaved, so both see the same machine
            base.append(timed([sys.executable, "-c", BARE])["genbo: window shown"])
            marks = timed(genbo_cmd)
            shown.append(marks["genbo: window shown"])
            ready.append(marks["genbo: ready"])
    b, s, r = statistics.median(base), statistics.median(shown), statistics.median(ready)
    print(f"bare PySide6 window shown      median {b * 1000:6.0f} ms")
    print(f"genbo window shown             median {s * 1000:6.0f} ms   ratio {s / b:.2f}×")
    print(f"genbo ready (real window drawn) median {r * 1000:6.0f} ms   ratio {r / b:.2f}×")
    print(
        f"genbo first run, creating the database: shown "
        f"{first['genbo: window shown'] * 1000:.0f} ms, ready {first['genbo: ready'] * 1000:.0f} ms"
    )
    print(f"target ≤ 1.5× (window shown): {'met' if s / b <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
