"""The session clock with an injected wall clock and monotonic clock: steps
forward and back, an NTP slew, a resume, DST in zones that have it, and
reads from many threads."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.core.clock import (
    JUMP_LOG_MS,
    JUMP_SHOW_MS,
    ClockJump,
    SessionClock,
    boot_s,
    utc_offset_min_at,
)
from app.core.numbers import NumberFormat
from app.core.session import local_day

MIN = 60_000
HOUR = 60 * MIN


def utc_ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp() * 1000)


T0 = utc_ms(2026, 11, 25, 12, 0)


class FakeTime:
    """A wall clock (UTC ms) and a monotonic clock (s) the test moves: `run`
    lets time pass on both, `step` moves the wall clock alone (NTP, a hand)."""

    def __init__(self, wall_ms: int = T0, mono_s: float = 5_000.0) -> None:
        self._wall = wall_ms
        self._mono = mono_s
        self._lock = threading.Lock()

    def wall(self) -> int:
        with self._lock:
            return self._wall

    def mono(self) -> float:
        with self._lock:
            return self._mono

    def run(self, seconds: float) -> None:
        with self._lock:
            self._wall += round(seconds * 1000)
            self._mono += seconds

    def step(self, ms: int) -> None:
        with self._lock:
            self._wall += ms

    def clock(self, started_ms: int | None = None, elapsed_s: float = 0.0, **kw) -> SessionClock:
        return SessionClock(started_ms, elapsed_s, wall_ms=self.wall, mono_s=self.mono, **kw)


def test_anchored_at_the_start_and_counts_monotonic_time() -> None:
    t = FakeTime()
    c = t.clock()
    assert c.started_ms == c.anchor_ms == T0 and c.resume_elapsed_s == 0.0
    assert c.now_ms() == T0 and c.elapsed_s() == 0.0
    t.run(90.25)
    assert c.now_ms() == T0 + 90_250 and c.elapsed_s() == pytest.approx(90.25)
    assert c.check() is None and c.offset_ms == 0


def test_a_step_back_changes_nothing_but_is_reported_once(caplog) -> None:
    t = FakeTime()
    c = t.clock()
    t.run(600)
    t.step(-HOUR)  # someone sets the clock back an hour
    t.run(1)
    assert c.now_ms() == T0 + 601_000 and c.elapsed_s() == pytest.approx(601)
    with caplog.at_level(logging.INFO, logger="app.core.clock"):
        jump = c.check()
        assert c.check() is None  # the same offset again: nothing new
        t.run(30)
        assert c.check() is None
    assert jump == ClockJump(
        at_ms=T0 + 601_000, delta_ms=-HOUR, shown=True, elapsed_s=601.0, offset_ms=-HOUR
    )
    assert not jump.forward and c.jumps == 1 and c.offset_ms == -HOUR
    (rec,) = caplog.records
    assert rec.levelno == logging.INFO  # the window and genbo record say it in words
    assert rec.getMessage() == (
        "the computer's clock jumped back by 3600.0 s at session time 601.0 s; samples keep "
        "the session clock (the wall clock is now 3600.0 s behind it)"
    )
    # Samples stamped after it go on from before it, in order.
    assert c.now_ms() == T0 + 631_000


def test_a_step_forward_after_one_back_adds_up() -> None:
    t = FakeTime()
    c = t.clock()
    t.run(60)
    t.step(-HOUR)
    back = c.check()
    t.run(60)
    t.step(10 * MIN)
    forward = c.check()
    assert back is not None and back.delta_ms == -HOUR
    assert forward is not None and forward.forward and forward.shown
    assert forward.delta_ms == 10 * MIN and forward.offset_ms == -50 * MIN
    assert forward.at_ms == T0 + 120_000 and c.now_ms() == T0 + 120_000


def test_small_steps_are_logged_not_shown_and_tiny_ones_not_at_all(caplog) -> None:
    t = FakeTime()
    c = t.clock()
    with caplog.at_level(logging.INFO, logger="app.core.clock"):
        for step in (1_000, JUMP_LOG_MS, -1_500):
            t.run(1)
            t.step(step)
            assert c.check() is None, step
        t.run(1)
        t.step(30_000)
        small = c.check()
        t.run(1)
        t.step(JUMP_SHOW_MS)
        minute = c.check()
        t.run(1)
        t.step(-(JUMP_SHOW_MS + 1))
        over = c.check()
    assert small is not None and not small.shown and small.delta_ms == 30_000
    assert minute is not None and not minute.shown
    assert over is not None and over.shown
    assert [r.levelno for r in caplog.records] == [logging.INFO, logging.INFO, logging.INFO]


def test_ntp_slew_is_never_reported() -> None:
    """The rate nudged (500 ppm, the kernel's limit) for hours, and steps of
    a hundred ms: the session's time keeps to the monotonic clock and
    nothing is reported."""
    t = FakeTime()
    c = t.clock()
    for i in range(4 * 3600):
        t.run(1)
        t.step(1 if i % 2 else 0)  # 0.5 ms/s
        if i % 600 == 0:
            t.step(-100)
        assert c.check() is None
    assert c.now_ms() == T0 + 4 * 3600 * 1000 and c.jumps == 0
    assert c.offset_ms == 7_200 - 2_400  # the slew is there; the session's time ignores it


def test_a_resumed_clock_continues_from_the_stored_session_time() -> None:
    started = T0 - 2 * HOUR
    t = FakeTime(wall_ms=T0, mono_s=17.0)  # a fresh monotonic base (a new process)
    c = t.clock(started, 7_200.5)
    assert c.anchor_ms == started + 7_200_500 and c.started_ms == started
    assert c.elapsed_s() == pytest.approx(7_200.5) and c.now_ms() == started + 7_200_500
    t.run(10)
    assert c.elapsed_s() == pytest.approx(7_210.5) and c.now_ms() == started + 7_210_500
    assert c.check() is None  # its start is its own offset, not a jump


def test_continuing_reads_the_wall_but_never_goes_before_what_is_stored() -> None:
    started = T0 - 10 * MIN
    t = FakeTime()
    assert SessionClock.continuing(started, wall_ms=t.wall, mono_s=t.mono).now_ms() == T0
    # The wall clock now reads before the newest stored sample (set back):
    ahead = SessionClock.continuing(started, 20 * 60.0, wall_ms=t.wall, mono_s=t.mono)
    assert ahead.now_ms() == started + 20 * MIN and ahead.offset_ms == -10 * MIN
    assert ahead.check() is None


def test_the_wall_clock_going_backwards_never_moves_now_back() -> None:
    t = FakeTime()
    c = t.clock()
    seen = []
    for i in range(200):
        t.run(0.1)
        t.step(-HOUR if i == 50 else 7 * MIN if i == 120 else 0)
        seen.append(c.now_ms())
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert seen[-1] - seen[0] == 19_900


def test_describe_in_english_and_through_a_translator() -> None:
    back = ClockJump(T0, -HOUR, True, elapsed_s=601.0)
    assert back.describe() == (
        "The computer's clock jumped back by 1:00:00 at 10:01 into the session; Genbo keeps "
        "the session's own time, so samples stay in order and the elapsed time is right."
    )
    ahead = ClockJump(T0, 10 * MIN, True, elapsed_s=5.0)
    assert ahead.describe(NumberFormat()).startswith(
        "The computer's clock jumped forward by 10:00 at 0:05 into the session;"
    )
    seen = []

    def translate(context: str, text: str) -> str:
        seen.append(context)
        return "时钟向前跳了 {amount}（开播 {at}）"

    assert ahead.describe(translate=translate) == "时钟向前跳了 10:00（开播 0:05）"
    assert seen == ["clock"]
    assert ahead.describe(translate=lambda c, t: "{nope}").startswith("The computer's")


def test_boot_time_counts_a_suspend_where_the_os_has_it() -> None:
    if hasattr(time, "CLOCK_BOOTTIME"):
        # BOOTTIME is the monotonic clock plus the time spent suspended.
        assert boot_s() >= time.monotonic() - 0.01
        assert abs(boot_s() - time.clock_gettime(time.CLOCK_BOOTTIME)) < 0.01
    a = boot_s()
    assert boot_s() >= a


def test_real_clocks_agree_with_the_wall() -> None:
    c = SessionClock()
    assert abs(c.now_ms() - int(time.time() * 1000)) < 1_000
    assert c.check() is None


def test_reads_from_many_threads_never_go_back() -> None:
    c = SessionClock()
    stop = threading.Event()
    problems: list[str] = []

    def read() -> None:
        last = 0
        for _ in range(20_000):
            now = c.now_ms()
            if now < last:
                problems.append(f"{now} < {last}")
            last = now
            c.elapsed_s()

    def watch() -> None:
        while not stop.is_set():
            c.check()

    watcher = threading.Thread(target=watch)
    watcher.start()
    readers = [threading.Thread(target=read) for _ in range(4)]
    for th in readers:
        th.start()
    for th in readers:
        th.join()
    stop.set()
    watcher.join()
    assert problems == []


# -- DST: timestamps stay UTC, the session keeps its offset ----------------------------


def _session_clock_time(ms: int, offset_min: int) -> str:
    tz = timezone(timedelta(minutes=offset_min))
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).strftime("%H:%M")


def test_dst_spring_forward_in_berlin() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start = utc_ms(2026, 3, 29, 0, 30)  # 01:30 CET; at 01:00 UTC clocks go to 03:00 CEST
    t = FakeTime(wall_ms=start)
    c = t.clock(tz=berlin)
    assert c.utc_offset_min == 60
    stamps = []
    for _ in range(60):
        t.run(60)
        assert c.check() is None  # UTC does not jump; only the zone's clock face does
        stamps.append(c.now_ms())
    assert stamps == [start + (i + 1) * MIN for i in range(60)]
    end = stamps[-1]
    assert utc_offset_min_at(end, berlin) == 120  # the zone moved on ...
    assert c.utc_offset_min == 60  # ... the session keeps the offset it started in
    assert _session_clock_time(end, c.utc_offset_min) == "02:30"
    assert datetime.fromtimestamp(end / 1000, tz=berlin).strftime("%H:%M") == "03:30"
    assert {local_day(ms, c.utc_offset_min) for ms in stamps} == {20260329}


def test_dst_fall_back_in_new_york_keeps_order_and_days() -> None:
    ny = ZoneInfo("America/New_York")
    # 2026-10-31 23:30 EDT; at 2026-11-01 06:00 UTC 02:00 EDT becomes 01:00 EST.
    start = utc_ms(2026, 11, 1, 3, 30)
    t = FakeTime(wall_ms=start)
    c = t.clock(tz=ny)
    assert c.utc_offset_min == -240
    stamps = []
    for _ in range(4 * 60):
        t.run(60)
        assert c.check() is None
        stamps.append(c.now_ms())
    assert stamps == sorted(stamps) and stamps[-1] - start == 4 * HOUR
    # The zone's clock face shows 01:30 twice; the session's shows each time once.
    zone_faces = [datetime.fromtimestamp(ms / 1000, tz=ny).strftime("%H:%M") for ms in stamps]
    assert zone_faces.count("01:30") == 2
    faces = [_session_clock_time(ms, c.utc_offset_min) for ms in stamps]
    assert len(set(faces)) == len(faces) and faces[-1] == "03:30"
    # Each sample's local day is counted in the session's offset: before local
    # midnight it is the 31st, after it the 1st, whatever the zone did later.
    days = [local_day(ms, c.utc_offset_min) for ms in stamps]
    assert days[:29] == [20261031] * 29 and set(days[30:]) == {20261101}


def test_the_computers_zone_is_read_at_the_anchor(monkeypatch) -> None:
    if not hasattr(time, "tzset"):  # pragma: no cover - not on Windows
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        winter, summer = utc_ms(2026, 1, 15, 12, 0), utc_ms(2026, 7, 15, 12, 0)
        assert utc_offset_min_at(winter) == 60 and utc_offset_min_at(summer) == 120
        assert FakeTime(wall_ms=summer).clock().utc_offset_min == 120
    finally:
        monkeypatch.undo()
        time.tzset()
