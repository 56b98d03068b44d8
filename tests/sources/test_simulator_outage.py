"""A simulated outage: the source goes quiet for a while (no samples, STALE
since the outage's start, an open gap), then comes back LIVE with the gap
closed over exactly the outage's span; the show went on meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from app.core.metrics import Gap
from app.sources.base import SourceContext, SourceState
from app.sources.simulator import OUTAGE_REASON, SimulatorSource

T0 = 1_700_000_000_000


class Sink:
    """Everything a source reports, in order, with the wall time it arrived."""

    def __init__(self) -> None:
        self.received = []
        self.gaps: list[Gap] = []
        self.statuses = []
        self.log: list[tuple[str, object]] = []
        self.arrivals: list[tuple[float, int]] = []
        """(monotonic time, sample ts) of every sample as it arrived."""

    def samples(self, batch) -> None:
        now = time.monotonic()
        self.received.extend(batch)
        self.arrivals.extend((now, s.ts_ms) for s in batch)
        self.log.extend(("sample", s) for s in batch)

    def gap(self, gap) -> None:
        self.gaps.append(gap)
        self.log.append(("gap", gap))

    def status(self, status) -> None:
        self.statuses.append(status)
        self.log.append(("status", status))


def run(src: SimulatorSource, resume_elapsed_s: float = 0.0) -> Sink:
    sink = Sink()
    src.run(SourceContext(T0, resume_elapsed_s=resume_elapsed_s), sink, threading.Event())
    return sink


def test_the_outage_is_quiet_stale_then_live_with_a_gap_of_its_span() -> None:
    src = SimulatorSource(seed=4, speed=5000, duration_s=120, outage_at_s=30, outage_s=45)
    sink = run(src)
    start, end = T0 + 30_000, T0 + 75_000
    stamps = [s.ts_ms for s in sink.received]
    assert not [ts for ts in stamps if start <= ts < end], "nothing while it is out"
    assert stamps[:29] == [T0 + 1000 * i for i in range(1, 30)]
    assert stamps[29] == end, "back on the tick the outage ends"
    assert len(stamps) == 120 - 45
    assert [s.state for s in sink.statuses] == [
        SourceState.LIVE,
        SourceState.STALE,
        SourceState.LIVE,
        SourceState.FINISHED,
    ]
    stale, back = sink.statuses[1], sink.statuses[2]
    assert stale.since_ms == start, "stale since the outage's start"
    assert stale.detail == "simulated outage"
    assert back.since_ms == end
    assert sink.gaps == [
        Gap("simulator", start, None, OUTAGE_REASON),
        Gap("simulator", start, end, OUTAGE_REASON),
    ]
    # In order: the last reading, the gap opens and the status turns stale;
    # the gap closes and the status is live before the next reading.
    kinds = [k for k, _ in sink.log]
    first_gap = kinds.index("gap")
    assert kinds[first_gap - 1 : first_gap + 2] == ["sample", "gap", "status"]
    assert kinds[first_gap + 2 : first_gap + 5] == ["gap", "status", "sample"]


def test_the_show_goes_on_so_the_totals_jump_on_return() -> None:
    plain = run(SimulatorSource(seed=4, speed=5000, duration_s=120))
    out = run(SimulatorSource(seed=4, speed=5000, duration_s=120, outage_at_s=30, outage_s=45))
    kept = [s for s in plain.received if not T0 + 30_000 <= s.ts_ms < T0 + 75_000]
    assert out.received == kept, "the same show, less the readings of the outage"
    before, after = out.received[28], out.received[29]
    assert after.values["gmv"] > before.values["gmv"]
    assert after.values["watch_uv"] - before.values["watch_uv"] > 10 * (
        out.received[30].values["watch_uv"] - after.values["watch_uv"]
    ), "45 s of viewers arrive at once"


def test_ten_ticks_a_second_keep_the_outage_exact() -> None:
    src = SimulatorSource(
        seed=2, speed=5000, duration_s=10, tick_s=0.1, outage_at_s=2, outage_s=1.5
    )
    sink = run(src)
    stamps = [s.ts_ms for s in sink.received]
    assert len(stamps) == 100 - 15
    assert max(ts for ts in stamps if ts < T0 + 2000) == T0 + 1900
    assert min(ts for ts in stamps if ts > T0 + 1900) == T0 + 3500
    assert sink.gaps[-1] == Gap("simulator", T0 + 2000, T0 + 3500, OUTAGE_REASON)


def test_the_source_really_goes_quiet_in_wall_time() -> None:
    # 50 session seconds per wall second: 40 s out is 0.8 s of silence.
    src = SimulatorSource(seed=1, speed=50, duration_s=70, outage_at_s=10, outage_s=40)
    t0 = time.monotonic()
    sink = run(src)
    assert time.monotonic() - t0 < 3
    before = [t for t, ts in sink.arrivals if ts < T0 + 10_000]
    after = [t for t, ts in sink.arrivals if ts >= T0 + 50_000]
    assert before and after
    assert after[0] - before[-1] > 0.7, "no readings for the outage's wall time"


def test_stopped_during_the_outage_closes_its_gap_there() -> None:
    src = SimulatorSource(seed=1, speed=50, outage_at_s=5, outage_s=600)
    sink = Sink()
    stop = threading.Event()
    th = threading.Thread(target=src.run, args=(SourceContext(T0), sink, stop), daemon=True)
    th.start()
    deadline = time.monotonic() + 3
    while not sink.gaps:
        assert time.monotonic() < deadline, "the outage never began"
        time.sleep(0.02)
    time.sleep(0.1)
    stop.set()
    th.join(2)
    assert not th.is_alive()
    closed = sink.gaps[-1]
    assert closed.start_ms == T0 + 5000 and closed.end_ms is not None
    assert T0 + 5000 < closed.end_ms < T0 + 600_000
    assert closed.reason == OUTAGE_REASON + "; stopped"
    assert sink.statuses[-1].state is SourceState.STOPPED
    assert not [s for s in sink.received if s.ts_ms >= T0 + 5000]


def test_finishing_during_the_outage_closes_its_gap_at_the_end() -> None:
    sink = run(SimulatorSource(seed=1, speed=5000, duration_s=60, outage_at_s=50, outage_s=30))
    assert sink.gaps[-1] == Gap("simulator", T0 + 50_000, T0 + 60_000, OUTAGE_REASON)
    assert sink.statuses[-1].state is SourceState.FINISHED
    assert sink.received[-1].ts_ms == T0 + 49_000


def test_config_holds_the_outage_only_when_set_and_restores_it() -> None:
    plain = SimulatorSource(seed=3, speed=10, duration_s=100, tick_s=1, size=2)
    assert plain.config() == {
        "seed": 3,
        "speed": 10.0,
        "duration_s": 100,
        "tick_s": 1.0,
        "size": 2,
    }, "an older session's stored config stays equal"
    out = SimulatorSource(seed=3, speed=10, outage_at_s=60, outage_s=45)
    cfg = out.config()
    assert (cfg["outage_at_s"], cfg["outage_s"]) == (60.0, 45.0)
    again = SimulatorSource(**cfg)
    assert again.config() == cfg
    assert again.outage == (60.0, 105.0)
    assert plain.outage is None
    # Without an outage, outage_s is meaningless and not kept.
    assert "outage_s" not in SimulatorSource(seed=3, outage_s=9).config()


@pytest.mark.parametrize(
    "kwargs",
    [{"outage_at_s": -1, "outage_s": 5}, {"outage_at_s": 10}, {"outage_at_s": 10, "outage_s": -2}],
)
def test_bad_outages_are_refused(kwargs) -> None:
    with pytest.raises(ValueError):
        SimulatorSource(**kwargs)


def outage_source() -> SimulatorSource:
    return SimulatorSource(seed=9, speed=5000, duration_s=120, outage_at_s=30, outage_s=45)


def test_a_resume_past_the_outage_replays_the_same_show_quietly() -> None:
    full = run(outage_source())
    resumed = run(outage_source(), resume_elapsed_s=90)
    assert resumed.received == [s for s in full.received if s.ts_ms > T0 + 90_000]
    assert resumed.gaps == [], "the outage's gap is stored already"
    assert [s.state for s in resumed.statuses] == [SourceState.LIVE, SourceState.FINISHED]


def test_a_resume_before_the_outage_still_has_it() -> None:
    full = run(outage_source())
    resumed = run(outage_source(), resume_elapsed_s=20)
    assert resumed.received == [s for s in full.received if s.ts_ms > T0 + 20_000]
    assert resumed.gaps == full.gaps


def test_a_resume_inside_the_outage_reports_the_same_gap_then_closes_it() -> None:
    """The writer keeps gaps by their start: the same start updates the
    stored one (left open when the recorder was cut in the outage)."""
    full = run(outage_source())
    resumed = run(outage_source(), resume_elapsed_s=50)
    assert resumed.gaps == full.gaps
    assert resumed.statuses[1].since_ms == T0 + 30_000
    assert resumed.received == [s for s in full.received if s.ts_ms > T0 + 50_000]
    assert resumed.received[0].ts_ms == T0 + 75_000
