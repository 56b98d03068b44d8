"""What the GUI benches share: percentiles, running the GUI's own event loop,
and how late a precise timer on the GUI thread fires (the lateness the
operator would feel as a stutter)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEventLoop, Qt, QTimer

TICK_MS = 5


def pct(values: Sequence[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * q))]


def run_loop(seconds: float) -> None:
    """The GUI's own event loop for `seconds` (not a processEvents spin)."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def lateness(seconds: float, tick_ms: int = TICK_MS) -> list[float]:
    """How late (ms) each timeout of a `tick_ms` precise timer fires."""
    late: list[float] = []
    period = tick_ms * 1_000_000
    expected = [time.perf_counter_ns() + period]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(tick_ms)

    def tick() -> None:
        now = time.perf_counter_ns()
        late.append(max(0.0, (now - expected[0]) / 1e6))
        expected[0] = now + period

    timer.timeout.connect(tick)
    timer.start()
    run_loop(seconds)
    timer.stop()
    return late


def late_row(name: str, late: Sequence[float], base_p99: float | None, width: int = 34) -> str:
    """One line of a lateness table, with its p99 against the baseline's."""
    ratio = f"  ×{pct(late, 0.99) / base_p99:4.2f} p99" if base_p99 else ""
    return (
        f"  {name:<{width}} ticks {len(late):5d}  p50 {pct(late, 0.5):5.2f}  "
        f"p99 {pct(late, 0.99):6.2f}  max {max(late):6.2f} ms{ratio}"
    )
