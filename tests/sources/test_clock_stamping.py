"""Every source stamps samples, gaps and statuses with the session's clock
(`SourceContext.now_ms`), never the wall clock: each case runs a real source
on a clock anchored years ago, and everything it reports lands there."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from app.core.clock import SessionClock
from app.sources.base import SourceContext, SourceState
from app.sources.file_tail import FileTailSource
from app.sources.http_poll import HttpPollSource
from tests.sources.fake_api import FakeApi, good, status
from tests.sources.test_http_poll import GOOD_DOC, Recorder, fast

PAST = int(datetime(2020, 2, 2, 20, 0, tzinfo=UTC).timestamp() * 1000)
"""The anchor: far from the wall clock, so a stamp read from the wall shows."""
WINDOW = 10_000


def on_session_clock(ms: int | None) -> bool:
    return ms is not None and PAST <= ms <= PAST + WINDOW


def until(cond, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def run_source(src, ctx: SourceContext, sink) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    th = threading.Thread(target=src.run, args=(ctx, sink, stop), daemon=True)
    th.start()
    return th, stop


def test_the_default_context_clock_reads_the_wall_and_a_given_one_is_used() -> None:
    ctx = SourceContext(0)
    assert abs(ctx.now_ms() - int(time.time() * 1000)) < 1_000
    ctx = SourceContext(PAST, clock=SessionClock(PAST))
    assert on_session_clock(ctx.now_ms())


def test_http_poll_samples_gaps_and_statuses_on_the_session_clock() -> None:
    box = {"b": good(GOOD_DOC)}
    server = FakeApi(lambda ex: box["b"](ex))
    try:
        sink = Recorder()
        th, stop = run_source(
            HttpPollSource(fast(server.url)), SourceContext(PAST, clock=SessionClock(PAST)), sink
        )
        until(lambda: len(sink.received) >= 2)
        box["b"] = status(500)
        until(lambda: bool(sink.gaps))
        box["b"] = good(GOOD_DOC)
        until(lambda: bool(sink.closed_gaps()))
        stop.set()
        th.join(3)
        assert not th.is_alive()
    finally:
        server.close()
    assert all(on_session_clock(s.ts_ms) for s in sink.received)
    assert all(on_session_clock(g.start_ms) for g in sink.gaps)
    assert all(on_session_clock(g.end_ms) for g in sink.closed_gaps())
    stamped = [s for s in sink.statuses if s.since_ms is not None]
    assert stamped and all(on_session_clock(s.since_ms) for s in stamped)
    assert sink.statuses[-1].state is SourceState.STOPPED


def test_file_rows_without_a_time_get_the_session_clock(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"viewers": 1}) + "\n" + json.dumps({"ts": 1767618000, "viewers": 2}) + "\n"
    )
    (tmp_path / "feed.csv").write_text("viewers\n3\n")
    sink, csv_sink = Recorder(), Recorder()
    ctx = SourceContext(PAST, clock=SessionClock(PAST))
    runs = [
        run_source(FileTailSource(str(p), poll_s=0.02), ctx, sink),
        run_source(FileTailSource(str(tmp_path / "feed.csv"), poll_s=0.02), ctx, csv_sink),
    ]
    until(lambda: len(sink.received) == 2 and len(csv_sink.received) == 1)
    for th, stop in runs:
        stop.set()
        th.join(3)
        assert not th.is_alive()
    untimed, timed = sink.received
    assert on_session_clock(untimed.ts_ms) and on_session_clock(csv_sink.received[0].ts_ms)
    assert timed.ts_ms == 1767618000000  # a row's own time is kept
    assert all(on_session_clock(s.since_ms) for s in sink.statuses + csv_sink.statuses)
