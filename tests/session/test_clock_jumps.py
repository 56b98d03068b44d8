"""A live session whose computer's clock jumps: a real `SessionRecorder`, the
real `DatabaseWriter` into a real SQLite file, and the push-ingest source on
127.0.0.1 stamping through a session clock whose wall clock the test steps
back an hour and forward ten minutes mid-session. What is stored stays in
order, elapsed time and the rates are right, and the jumps over a minute are
reported to be shown; a one-second step is not."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.core.clock import ClockJump
from app.session.recording import SessionRecorder
from app.sources.base import SourceContext
from app.sources.ingest import FUTURE_TOLERANCE_MS, IngestSource
from app.sources.manual import ManualSource
from tests.core.test_clock import HOUR, MIN, T0, FakeTime

TOKEN = "clock-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class QueueSink:
    """A source's reports to the test's thread, as `genbo record` carries them."""

    def __init__(self) -> None:
        self.q: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    def samples(self, batch: Any) -> None:
        self.q.put(("samples", batch))

    def gap(self, gap: Any) -> None:
        self.q.put(("gap", gap))

    def status(self, status: Any) -> None:
        self.q.put(("status", status))


class Live:
    """A recorder of a new session on the injected clock, with push ingest
    running on its own thread through that clock."""

    def __init__(self, repo: Any, writer: Any, t: FakeTime) -> None:
        self.t = t
        self.src = IngestSource(port=0, token=TOKEN)
        self.rec, (self.si,) = SessionRecorder.start_new(
            repo, writer, "钟点主播", "跳钟", [self.src], clock=t.clock()
        )
        self.sink = QueueSink()
        self.stop = threading.Event()
        ctx = SourceContext(self.rec.info.started_ms, self.rec.resume_elapsed_s, self.rec.clock)
        self.thread = threading.Thread(
            target=self.src.run, args=(ctx, self.sink, self.stop), daemon=True
        )
        self.thread.start()
        assert self.src.ready.wait(5) and self.src.port
        self.client = httpx.Client(headers=AUTH, timeout=5)
        self.jumps: list[ClockJump] = []

    def post(self, body: dict[str, Any]) -> httpx.Response:
        return self.client.post(self.src.url, json=body)

    def loop_once(self) -> None:
        """What `genbo record`'s main loop does: take what arrived, then its
        once-a-second work."""
        while not self.sink.q.empty():
            kind, payload = self.sink.q.get()
            if kind == "samples":
                self.rec.ingest(self.si.id, payload)
        self.rec.heartbeat()
        self.rec.tick()
        self.jumps += self.rec.take_clock_jumps()

    def close(self) -> None:
        self.client.close()
        self.stop.set()
        self.thread.join(3)
        assert not self.thread.is_alive()


@pytest.fixture
def live(repo, writer) -> Iterator[Live]:
    lv = Live(repo, writer, FakeTime(wall_ms=T0))
    yield lv
    lv.close()


STEPS = {600: -HOUR, 1200: 10 * MIN, 1500: 1_000, 1650: 30_000}
"""Session second → how far the wall clock is set then (ms)."""


def test_samples_stay_in_order_through_jumps_back_and_forward(live, repo, writer, caplog) -> None:
    rec, t = live.rec, live.t
    assert rec.info.started_ms == T0
    with caplog.at_level(logging.INFO, logger="app.core.clock"):
        for second in range(10, 1801, 10):
            t.run(10)
            if second in STEPS:
                t.step(STEPS[second])
            r = live.post(
                {
                    "metrics": {
                        "viewers": 1000,
                        "gmv": 10 * second,  # ¥600 a minute
                        "watch_pv": 5 * second,
                        "orders": second // 10,
                    }
                }
            )
            assert r.status_code == 202, r.text
            assert r.json()["ts_ms"] == T0 + second * 1000  # the session's time, not the wall's
            live.loop_once()

    # The jumps: an hour back and ten minutes ahead are shown; 30 s is only
    # logged; the 1 s step is not reported at all.
    assert [(j.delta_ms, j.shown) for j in live.jumps] == [
        (-HOUR, True),
        (10 * MIN, True),
        (30_000, False),
    ]
    assert [j.at_ms for j in live.jumps] == [T0 + 600_000, T0 + 1_200_000, T0 + 1_650_000]
    assert live.jumps[-1].offset_ms == -HOUR + 10 * MIN + 1_000 + 30_000
    clock_logs = [r for r in caplog.records if r.name == "app.core.clock"]
    assert [r.levelname for r in clock_logs] == ["INFO", "INFO", "INFO"]
    assert rec.describe_clock_jump(live.jumps[0]) == (
        "The computer's clock jumped back by 1:00:00 at 10:00 into the session; Genbo keeps "
        "the session's own time, so samples stay in order and the elapsed time is right."
    )
    assert rec.take_clock_jumps() == []

    # Elapsed time and the rates are the session's, whatever the wall says.
    assert rec.elapsed() == pytest.approx(1800)
    assert rec.session_now_ms() == T0 + 1_800_000 != t.wall()
    snap = rec.snapshot()
    assert float(snap.gmv_per_min) == pytest.approx(600)
    assert float(snap.gmv_per_min_recent) == pytest.approx(600)
    assert float(snap.gpm) == pytest.approx(2000)  # ¥18,000 over 9,000 views
    assert float(snap.gmv_first_15m) == 9000 and float(snap.gmv_first_30m) == 18000

    info = rec.stop()
    assert info.ended_ms == T0 + 1_800_000
    stored = repo.get_session(info.id)
    s = stored.summary
    assert s.duration_s == pytest.approx(1800) and s.sample_count == 180
    assert s.gmv_fen == 1_800_000 and s.gpm_fen == 200_000
    assert s.gmv_15m_fen == 900_000 and s.gmv_30m_fen == 1_800_000
    samples = repo.load_columns(info.id).to_samples()
    ts = [x.ts_ms for x in samples]
    assert ts == [T0 + k * 10_000 for k in range(1, 181)]
    assert [x.values["gmv"] for x in samples] == sorted(x.values["gmv"] for x in samples)
    # Each reported jump is kept with the session, on its timeline.
    events = [e for e in repo.load_events(info.id) if e.kind == "clock"]
    assert [(e.ts_ms, e.payload["delta_ms"], e.payload["shown"]) for e in events] == [
        (T0 + 600_000, -HOUR, True),
        (T0 + 1_200_000, 10 * MIN, True),
        (T0 + 1_650_000, 30_000, False),
    ]
    assert events[0].label.startswith("The computer's clock jumped back by 1:00:00")


def test_client_timestamps_are_checked_against_the_session_clock(live) -> None:
    t = live.t
    t.run(60)
    t.step(-HOUR)  # the wall clock is now an hour behind the session
    # A client stamping "now" by the session's time is good, though the wall
    # clock calls it an hour ahead.
    iso = "2026-11-25T12:01:00+00:00"  # T0 + 60 s
    r = live.post({"metrics": {"viewers": 5}, "ts": iso})
    assert r.status_code == 202 and r.json()["ts_ms"] == T0 + 60_000
    ahead = T0 + 60_000 + FUTURE_TOLERANCE_MS + 60_000
    from datetime import UTC, datetime

    r = live.post(
        {"metrics": {"viewers": 5}, "ts": datetime.fromtimestamp(ahead / 1000, UTC).isoformat()}
    )
    assert r.status_code == 422 and r.json()["field"] == "ts"
    # The wall clock stepped forward past the session (NTP fixing a slow
    # clock): a client with the right time is ahead of the session, not wrong.
    t.step(HOUR + 30 * MIN)
    right = T0 + 60_000 + 30 * MIN
    r = live.post(
        {"metrics": {"viewers": 6}, "ts": datetime.fromtimestamp(right / 1000, UTC).isoformat()}
    )
    assert r.status_code == 202 and r.json()["ts_ms"] == right


@pytest.mark.gui
def test_the_window_session_stamps_through_the_recorder_clock_and_signals_jumps(
    qtbot, repo, writer
) -> None:
    from app.runtime.live import LiveSession
    from app.runtime.tasks import TaskRunner

    t = FakeTime(wall_ms=T0)
    src = IngestSource(port=0, token=TOKEN)
    rec, infos = SessionRecorder.start_new(
        repo, writer, "窗口主播", "", [src, ManualSource()], clock=t.clock()
    )
    session = LiveSession(rec, infos, TaskRunner())
    session.start()
    try:
        assert src.ready.wait(5)
        t.run(42)
        with qtbot.waitSignal(session.dataChanged, timeout=3000):
            r = httpx.post(src.url, json={"metrics": {"viewers": 7}}, headers=AUTH, timeout=5)
        assert r.status_code == 202 and r.json()["ts_ms"] == T0 + 42_000
        assert session.enter({"viewers": 8}).ts_ms == T0 + 42_000
        t.step(-HOUR)
        with qtbot.waitSignal(session.clockJumped, timeout=3000) as blocker:
            pass  # the heartbeat timer finds it within a second
        (jump,) = blocker.args
        assert jump.delta_ms == -HOUR and jump.shown and jump.at_ms == T0 + 42_000
        assert session.elapsed() == pytest.approx(42) and session.time_scale == 1.0
    finally:
        info = session.stop_blocking()
    assert info.ended_ms == T0 + 42_000
    assert [s.ts_ms for s in repo.load_columns(info.id).to_samples()] == [T0 + 42_000] * 2
