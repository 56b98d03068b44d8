"""The watch wall (`app.runtime.wall.Wall`) over a real database, a real
writer and task runner, and fast simulated shows: each slot is its own
session, starts, stops and resumes on its own, waits on its timer, fails in
words, goes stale through an outage and back, and every event names its
streamer."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication

from app.config.formatting import number_format
from app.config.secret_store import SecretStore
from app.config.settings import Settings
from app.core.metrics import Gap
from app.core.milestones import MilestoneKind
from app.runtime.tasks import TaskRunner
from app.runtime.wall import SlotState, Wall, WallEvent
from app.session.wall import WallConfig, WallEntry, WallSessions, WallSourceSpec
from app.sources.base import SourceState
from app.sources.simulator import OUTAGE_REASON

pytestmark = pytest.mark.gui

WAIT_MS = 5000


def sim(**options: object) -> tuple[WallSourceSpec, ...]:
    base: dict[str, object] = {"seed": 1, "speed": 100, "duration_s": 600}
    return (WallSourceSpec("simulator", {**base, **options}),)


MakeWall = Callable[..., Wall]


@pytest.fixture
def make_wall(qtbot, repo, writer, dict_keyring) -> Iterator[MakeWall]:
    """Walls over the test's database; every session they started is
    stopped at the end and no source thread is left running."""
    tasks = TaskRunner()
    walls: list[Wall] = []

    def make(*entries: WallEntry, keyboard: bool = True) -> Wall:
        sessions = WallSessions(repo, writer, SecretStore(), Settings(), keyboard=keyboard)
        wall = Wall(WallConfig("Test wall", tuple(entries)), sessions, tasks)
        walls.append(wall)
        return wall

    yield make
    for wall in walls:
        wall.stop_all_blocking()
        for slot in wall.slots:
            if slot.live is not None:
                assert slot.live.ended or slot.live.end_pending
                assert not any(t.isRunning() for t in slot.live._threads)
    assert tasks.wait(WAIT_MS)
    QCoreApplication.processEvents()


def elapsed(wall: Wall, i: int) -> float:
    live = wall.slots[i].live
    assert live is not None
    return live.recorder.stats.snapshot().elapsed_s


def test_three_slots_go_live_each_its_own_session(qtbot, make_wall, repo) -> None:
    wall = make_wall(
        WallEntry("杨小姐", "秋冬上新", sim(seed=1)),
        WallEntry("Anna K", sources=sim(seed=2, size=2.0)),
        WallEntry("阿峰 Afeng", sources=sim(seed=3, tick_s=0.1)),
    )
    changed: list[int] = []
    wall.slotChanged.connect(changed.append)
    started: list[tuple[int, object]] = []
    wall.sessionStarted.connect(lambda i, live: started.append((i, live)))
    wall.open()
    assert [s.state for s in wall.slots] == [SlotState.STARTING] * 3
    qtbot.waitUntil(lambda: len(started) == 3, timeout=WAIT_MS)
    assert sorted(i for i, _ in started) == [0, 1, 2]
    assert all(wall.slots[i].live is live for i, live in started)
    assert [s.state for s in wall.slots] == [SlotState.LIVE] * 3
    qtbot.waitUntil(lambda: all(elapsed(wall, i) > 60 for i in range(3)), timeout=WAIT_MS)
    assert [i for i, _ in wall.live_sessions()] == [0, 1, 2]
    for i, live in wall.live_sessions():
        assert wall.index_of(live) == i

    ids = [s.session_id for s in wall.slots]
    assert len(set(ids)) == 3 and None not in ids
    for slot in wall.slots:
        assert slot.live is not None and slot.live.info.id == slot.session_id
        info = repo.get_session(slot.session_id)
        assert info.streamer.name == slot.streamer
        configs = dict(repo.source_configs(slot.session_id))
        assert configs["simulator"]["seed"] == slot.entry.sources[0].options["seed"]
    assert wall.slots[0].live.info.title == "秋冬上新"
    # The 10 Hz show has ten times the readings of the others, in its own session.
    counts = [wall.slots[i].live.recorder.stats.snapshot().sample_count for i in range(3)]
    assert counts[2] > 5 * counts[0]
    # Thousands of samples, and the tiles were told only of states.
    assert len(changed) < 15, changed

    infos = wall.stop_all_blocking()
    assert sorted(i.id for i in infos) == sorted(ids)
    assert [s.state for s in wall.slots] == [SlotState.ENDED] * 3
    for slot in wall.slots:
        assert slot.final is not None and slot.final.ended_ms is not None
        stored = repo.load_columns(slot.session_id).to_samples()
        assert stored and all(s.source == "simulator" for s in stored if "viewers" in s.values)
    assert (
        len({repo.load_columns(s.session_id).to_samples()[5].values["gmv"] for s in wall.slots})
        >= 2
    )


def test_stop_one_the_others_go_on_then_resume_it(qtbot, make_wall, repo) -> None:
    wall = make_wall(
        WallEntry("One", sources=sim(seed=11)),
        WallEntry("Two", sources=sim(seed=12)),
        WallEntry("Three", sources=sim(seed=13)),
    )
    wall.open()
    qtbot.waitUntil(lambda: all(s.state is SlotState.LIVE for s in wall.slots), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: elapsed(wall, 1) > 20, timeout=WAIT_MS)
    first = wall.slots[1].live
    sid = wall.slots[1].session_id
    with qtbot.waitSignal(wall.sessionStopped, timeout=WAIT_MS) as stopped:
        wall.stop(1)
    i, info = stopped.args
    assert i == 1 and info.id == sid and info.ended_ms is not None
    assert wall.slots[1].state is SlotState.ENDED and wall.slots[1].final == info
    assert [i for i, _ in wall.live_sessions()] == [0, 2]
    before = [elapsed(wall, 0), elapsed(wall, 2)]
    qtbot.waitUntil(
        lambda: elapsed(wall, 0) > before[0] + 10 and elapsed(wall, 2) > before[1] + 10,
        timeout=WAIT_MS,
    )
    assert [wall.slots[0].state, wall.slots[2].state] == [SlotState.LIVE] * 2
    ended_at = first.recorder.stats.snapshot().elapsed_s

    wall.start(1)  # an ended slot with a session is resumed, not started anew
    assert wall.slots[1].state is SlotState.ENDED
    with qtbot.waitSignal(wall.sessionStarted, timeout=WAIT_MS) as again:
        wall.resume(1)
        assert wall.slots[1].state is SlotState.STARTING
    i, live = again.args
    assert i == 1 and live is not first and wall.slots[1].live is live
    assert live.info.id == sid and wall.slots[1].session_id == sid
    assert wall.slots[1].state is SlotState.LIVE and wall.slots[1].final is None
    qtbot.waitUntil(lambda: elapsed(wall, 1) > ended_at + 10, timeout=WAIT_MS)
    streamer = repo.get_session(sid).streamer
    assert [s.id for s in repo.list_sessions(streamer_id=streamer.id)] == [sid]


def test_a_waiting_slot_starts_on_its_timer(qtbot, make_wall) -> None:
    now = datetime.now()
    wall = make_wall(
        WallEntry("Soon", sources=sim(seed=21), start_after_s=0.4),
        WallEntry("Now", sources=sim(seed=22), start_at=now.strftime("%H:%M")),
        WallEntry("Later", sources=sim(seed=23), start_after_s=3600, due=now.strftime("%H:%M")),
    )
    started_at: dict[int, float] = {}
    wall.sessionStarted.connect(lambda i, _live: started_at.setdefault(i, time.monotonic()))
    t0 = time.monotonic()
    wall.open()
    soon, at_once, later = wall.slots
    assert soon.state is SlotState.WAITING and soon.starts_at_ms is not None
    assert at_once.state is SlotState.STARTING, "start_at already past: at once"
    assert later.state is SlotState.WAITING
    qtbot.waitUntil(lambda: later.due_ms is not None, timeout=WAIT_MS)
    assert abs(later.due_ms - time.time() * 1000) < 61_000
    assert soon.due_ms is None
    qtbot.waitUntil(lambda: 0 in started_at, timeout=WAIT_MS)
    assert started_at[0] - t0 >= 0.38
    assert soon.state is SlotState.LIVE and soon.starts_at_ms is None
    assert later.state is SlotState.WAITING
    # A waiting slot started by hand goes at once; its timer is dropped.
    with qtbot.waitSignal(wall.sessionStarted, timeout=WAIT_MS):
        wall.start(2)
    qtbot.waitUntil(lambda: all(s.state is SlotState.LIVE for s in wall.slots), timeout=WAIT_MS)


def test_a_slot_whose_start_fails_says_why_and_may_start_again(qtbot, make_wall) -> None:
    wall = make_wall(
        WallEntry("Bei Bei", sources=sim(seed=31)),
        WallEntry("Nobody", sources=()),  # nothing to record, and no keyboard here
        keyboard=False,
    )
    events: list[WallEvent] = []
    wall.eventRaised.connect(events.append)
    wall.open()
    bad = wall.slots[1]
    qtbot.waitUntil(lambda: bad.state is SlotState.FAILED, timeout=WAIT_MS)
    assert "Nobody" in bad.error and "sources" in bad.error
    assert bad.live is None and bad.session_id is None
    (event,) = [e for e in events if e.slot == 1]
    assert event.kind == "error" and event.streamer == "Nobody" and bad.error in event.text
    assert bad.last_event == event
    qtbot.waitUntil(lambda: wall.slots[0].state is SlotState.LIVE, timeout=WAIT_MS)
    wall.start(1)
    assert bad.state is SlotState.STARTING and bad.error == ""
    qtbot.waitUntil(lambda: bad.state is SlotState.FAILED, timeout=WAIT_MS)
    assert wall.slots[0].state is SlotState.LIVE, "one slot's failure touches no other"
    assert wall.slots[0].last_event is None or wall.slots[0].last_event.slot == 0


def test_an_outage_goes_stale_then_live_with_a_stored_gap(qtbot, make_wall, repo) -> None:
    wall = make_wall(
        WallEntry("小雨", sources=sim(seed=41, outage_at_s=5, outage_s=80)),
        WallEntry("Steady", sources=sim(seed=42)),
    )
    events: list[WallEvent] = []
    wall.eventRaised.connect(events.append)
    states: list[SlotState] = []
    wall.slotChanged.connect(lambda i: i == 0 and states.append(wall.slots[0].state))
    wall.open()
    slot = wall.slots[0]
    qtbot.waitUntil(lambda: slot.state is SlotState.STALE, timeout=WAIT_MS)
    live = slot.live
    assert live is not None
    start = live.info.started_ms + 5000
    assert slot.stale_since_ms == start
    assert wall.slots[1].state is SlotState.LIVE
    assert [i for i, _ in wall.live_sessions()] == [0, 1], "stale is still live"
    qtbot.waitUntil(lambda: slot.state is SlotState.LIVE, timeout=WAIT_MS)
    assert slot.stale_since_ms is None
    seen = [s for n, s in enumerate(states) if n == 0 or states[n - 1] is not s]
    assert seen == [SlotState.STARTING, SlotState.LIVE, SlotState.STALE, SlotState.LIVE]
    back = [e for e in events if e.kind == "ok"]
    assert len(back) == 1 and back[0].slot == 0 and back[0].streamer == "小雨"
    assert back[0].text == "Simulator ×100 is live again"
    assert back[0].ts_ms == start + 80_000
    sid = slot.session_id
    wall.stop_all_blocking()
    gaps = [g for g in repo.load_gaps(sid) if g.source == "simulator"]
    assert gaps == [Gap("simulator", start, start + 80_000, OUTAGE_REASON)]
    assert not [s for s in repo.load_columns(sid).to_samples() if start <= s.ts_ms < start + 80_000]
    assert live.statuses[live.source_infos[0].id].state is SourceState.STOPPED


def test_events_name_their_streamer(qtbot, make_wall) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        wall = make_wall(
            WallEntry("Kevin 凯文", sources=sim(seed=51, size=3.0, speed=200)),
            WallEntry("糖糖", sources=sim(seed=52, size=3.0, speed=200)),
            WallEntry("Port Taken", sources=(WallSourceSpec("ingest", {"port": port}),)),
        )
        events: list[WallEvent] = []
        wall.eventRaised.connect(events.append)
        wall.open()

        def majors() -> set[int]:
            return {e.slot for e in events if e.major}

        qtbot.waitUntil(lambda: majors() >= {0, 1}, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: any(e.slot == 2 for e in events), timeout=WAIT_MS)
    finally:
        busy.close()
    fmt = number_format()
    for e in events:
        assert e.streamer == wall.slots[e.slot].streamer
        if e.milestone is not None:
            m = e.milestone
            assert e.text == m.describe(fmt)
            assert e.ts_ms == m.ts_ms
            assert e.kind == (
                "info" if m.kind is MilestoneKind.JOINED else "major" if m.major else "milestone"
            )
    major = next(e for e in events if e.major)
    assert major.milestone is not None and major.milestone.major
    assert wall.slots[major.slot].last_event is not None
    started, err = [e for e in events if e.slot == 2]
    assert started.kind == "info" and started.text.startswith("Following now (")
    assert err.kind == "error" and err.streamer == "Port Taken"
    assert err.text.startswith(f"Push ingest :{port} stopped: port {port} is in use")
    assert wall.slots[2].state is SlotState.LIVE, "the keyboard still takes numbers"
    assert wall.slots[2].last_event == err


def test_typed_in_levels_join_quietly_and_a_finished_show_stays_live(qtbot, make_wall) -> None:
    wall = make_wall(
        WallEntry("By Hand"),  # no sources: typed in at the window
        WallEntry("Short Show", sources=sim(seed=61, duration_s=5)),
    )
    events: list[WallEvent] = []
    wall.eventRaised.connect(events.append)
    wall.open()
    qtbot.waitUntil(lambda: all(s.state is SlotState.LIVE for s in wall.slots), timeout=WAIT_MS)

    def told(slot: int) -> list[WallEvent]:
        return [e for e in events if e.slot == slot and e.kind == "info"]

    qtbot.waitUntil(lambda: len(told(1)) == 2, timeout=WAIT_MS)
    started, done = told(1)
    assert started.text == "Following now (Simulator ×100)"
    assert done.text == "Simulator ×100 finished" and done.streamer == "Short Show"
    assert wall.slots[1].state is SlotState.LIVE, "live until the operator stops it"
    assert wall.slots[1].last_event is None or wall.slots[1].last_event.kind != "info"

    hand = wall.slots[0].live
    assert hand is not None
    changed: list[int] = []
    wall.slotChanged.connect(changed.append)
    hand.enter({"gmv": 150 * 10_000 * 100})  # ¥150万, already past ¥100万: joined there
    following, joined = [e for e in events if e.slot == 0]
    assert following.text == "Following now (Keyboard)"
    assert joined.kind == "info" and joined.milestone is not None
    assert joined.milestone.kind is MilestoneKind.JOINED and not joined.major
    assert wall.slots[0].last_event is None and changed == [], "told, not shown on the tile"
    hand.enter({"gmv": 520 * 10_000 * 100})
    crossed = [e for e in events if e.slot == 0][2:]
    assert [e.kind for e in crossed] == ["milestone", "major"]
    assert crossed[-1].text == "GMV passed ¥5M"
    assert wall.slots[0].last_event == crossed[-1] and changed == [0, 0]
    assert wall.slots[0].state is SlotState.LIVE, "the keyboard is never stale"


def test_closing_while_a_slot_starts_ends_its_session_too(qtbot, make_wall, repo) -> None:
    wall = make_wall(
        WallEntry("Quick", sources=sim(seed=71)),
        WallEntry("Slow Start", sources=sim(seed=72)),
    )
    wall.open()
    assert all(s.state is SlotState.STARTING for s in wall.slots)
    infos = wall.stop_all_blocking()  # before either start has been delivered
    assert sorted(i.id for i in infos) == sorted(s.session_id for s in wall.slots)
    assert all(s.state is SlotState.ENDED for s in wall.slots)
    for info in infos:
        assert repo.get_session(info.id).ended_ms is not None, "nothing is left live"
    wall.start(0)
    wall.stop(0)
    assert wall.slots[0].state is SlotState.ENDED, "a closed wall starts nothing"
