"""Each alert rule end to end through the recorder: scripted samples in, the
alert out of `ingest` / `tick`, stored as an event of kind "alert" by the
real `DatabaseWriter` in a real SQLite file and read back; and the edges: a
gap, a resume, a source joining late, the dwell rule's median from earlier
sessions. The team chat's notices of a session (`SessionNotices`), built
from the recorder's figures and the month sums, go to a real loopback robot."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal

import pytest

from app.core.alerts import (
    Alert,
    AlertKind,
    DwellBelowRule,
    NoOrderRule,
    PeriodChangeRule,
    RoiBelowRule,
    SpendFlatRule,
    ViewersBelowRule,
)
from app.core.metrics import Gap, Sample
from app.core.session import local_utc_offset_min, now_ms
from app.session.recording import SessionRecorder, dwell_reference, month_change
from app.sources.manual import ManualSource
from app.storage.models import SessionRow

MIN = 60_000


def at(rec: SessionRecorder, seconds: float, source: str = "manual", **values: int) -> Sample:
    return Sample(rec.info.started_ms + round(seconds * 1000), dict(values), source)


def start(repo, writer, rules, streamer: str = "主播") -> tuple[SessionRecorder, int]:
    rec, (src,) = SessionRecorder.start_new(
        repo, writer, streamer, "", [ManualSource()], alert_rules=rules
    )
    return rec, src.id


def stored_alerts(repo, writer, rec: SessionRecorder) -> list[tuple[str, Alert]]:
    writer.flush()
    return [
        (e.label, Alert.from_dict(e.payload))
        for e in repo.load_events(rec.info.id)
        if e.kind == "alert"
    ]


def feed(rec: SessionRecorder, sid: int, samples: list[Sample]) -> list[Alert]:
    """One sample a batch, as a polling source delivers them; the alerts in order."""
    out: list[Alert] = []
    for s in samples:
        rec.ingest(sid, [s])
        out += rec.take_alerts()
    return out


def test_change_against_the_minutes_before(repo, writer) -> None:
    rule = PeriodChangeRule(metric="gmv", minutes=5, direction="down", pct=50.0, confirm=2)
    rec, sid = start(repo, writer, [rule])
    # ¥1,000 a minute for 10 minutes, then ¥100 a minute: a reading every 10 s.
    samples, gmv = [], 0
    for i in range(0, 16 * 6 + 1):
        samples.append(at(rec, i * 10, gmv=gmv * 100))
        gmv += (1000 if i < 60 else 100) // 6
    got = feed(rec, sid, samples)
    (a,) = got
    assert a.kind is AlertKind.CHANGE and a.rule == "change:gmv:down:5"
    assert a.values["pct"] <= -50 and a.values["minutes"] == 5
    assert rec.info.started_ms + 10 * MIN < a.ts_ms <= rec.info.started_ms + 15 * MIN
    ((label, back),) = stored_alerts(repo, writer, rec)
    assert back == a and back.values == a.values
    assert label.startswith("GMV in the last 5 min −") and label.endswith("vs the 5 before")
    assert rec.fired_alerts == [a] and rec.take_alerts() == []


def test_no_order_fires_on_a_reading(repo, writer) -> None:
    rec, sid = start(repo, writer, [NoOrderRule(minutes=3, confirm=2)])
    orders = [at(rec, 30 * i, orders=5) for i in range(0, 9)]  # 4 min, none new
    got = feed(rec, sid, orders)
    (a,) = got
    assert a.kind is AlertKind.NO_ORDER and a.values["orders"] == 5
    assert a.ts_ms == rec.info.started_ms + 3.5 * MIN, "the second reading past 3 min confirms"
    assert stored_alerts(repo, writer, rec)[0][0] == "No order for 3 min"
    # An order re-arms it; quiet for 3 minutes again, it fires again (no cool-down here).
    more = [at(rec, 240 + 30 * i, orders=6) for i in range(0, 9)]
    assert feed(rec, sid, more) == [], "the cool-down (600 s) holds it"


def test_no_order_fires_on_the_heartbeat_between_readings(repo, writer) -> None:
    """The clock runs between readings: `tick` (the live session's heartbeat)
    fires it with no new sample. The session started 4 minutes ago."""
    streamer = repo.get_or_create_streamer("钟点主播")
    started = now_ms() - 4 * MIN
    info = repo.create_session(streamer, "", started, local_utc_offset_min())
    rec = SessionRecorder(repo, writer, info, alert_rules=[NoOrderRule(minutes=3, confirm=1)])
    sid = rec._register(ManualSource()).id
    # Readings up to 70 s ago, all before the 3 minutes are up.
    assert feed(rec, sid, [at(rec, s, orders=2) for s in range(0, 171, 30)]) == []
    (a,) = rec.tick()
    assert a.kind is AlertKind.NO_ORDER and a.values["quiet_s"] >= 3 * 60
    assert a.ts_ms >= now_ms() - 5_000, "fired at the session's now, not at a reading"
    assert [x.rule for _, x in stored_alerts(repo, writer, rec)] == ["no_order:3"]
    assert rec.tick() == []


def test_spend_rising_while_gmv_is_flat(repo, writer) -> None:
    rule = SpendFlatRule(minutes=5, spend_yuan=Decimal(300), gmv_pct=100.0, confirm=2)
    rec, sid = start(repo, writer, [rule])
    samples = [
        at(rec, 20 * i, ad_spend=i * 20_00, gmv=1_000_00 + (i // 6) * 10_00) for i in range(0, 31)
    ]  # ¥60 a minute of spend, ¥30 a minute of GMV
    (a,) = feed(rec, sid, samples)
    assert a.kind is AlertKind.SPEND_FLAT
    assert a.values["spend_fen"] >= 300_00 and a.values["gmv_fen"] <= a.values["spend_fen"]
    label = stored_alerts(repo, writer, rec)[0][0]
    assert label.startswith("Spend +¥") and " in 5 min, GMV +¥" in label


def test_live_roi_below(repo, writer) -> None:
    rule = RoiBelowRule(below=Decimal(1), min_spend_yuan=Decimal(500), confirm=2)
    rec, sid = start(repo, writer, [rule])
    samples = [
        at(rec, 0, ad_spend=0, gmv=0),
        at(rec, 10, ad_spend=400_00, gmv=100_00),  # below the spend it waits for
        at(rec, 20, ad_spend=600_00, gmv=300_00),
        at(rec, 30, ad_spend=700_00, gmv=400_00),
    ]
    (a,) = feed(rec, sid, samples)
    assert a.kind is AlertKind.ROI_BELOW and a.ts_ms == rec.info.started_ms + 30_000
    assert a.values == {"roi": "0.5714", "below": "1", "gmv_fen": 400_00, "spend_fen": 700_00}
    assert stored_alerts(repo, writer, rec)[0][0] == "Live ROI 0.6 below 1.0"


def test_viewers_below_a_gap_and_a_source_joining_late(repo, writer) -> None:
    rule = ViewersBelowRule(below=100, confirm=2, cooldown_s=0)
    rec, sid = start(repo, writer, [rule])
    # A source joining late: its first reading (already low) only sets the level.
    assert feed(rec, sid, [at(rec, 600, "http", viewers=50)]) == []
    assert feed(rec, sid, [at(rec, 610, "http", viewers=40)]) == [], "one reading of two"
    # A gap of that source: the debounce starts again after it.
    rec.record_gap(sid, Gap("http", rec.info.started_ms + 615_000, None, "timed out"))
    assert feed(rec, sid, [at(rec, 700, "http", viewers=30)]) == [], "a first reading again"
    assert feed(rec, sid, [at(rec, 710, "http", viewers=30)]) == []
    (a,) = feed(rec, sid, [at(rec, 720, "http", viewers=20)])
    assert a.kind is AlertKind.VIEWERS_BELOW and a.values == {"viewers": 20, "below": 100}
    assert stored_alerts(repo, writer, rec)[0][0] == "Viewers 20 below 100"


def _finished_session_with_dwell(repo, writer, streamer: str, dwell_s: float) -> None:
    rec, sid = start(repo, writer, [], streamer)
    rec.ingest(sid, [at(rec, 60, viewers=300, dwell_seconds=round(dwell_s * 10))])
    rec.ingest(sid, [at(rec, 600, viewers=300, dwell_seconds=round(dwell_s * 10))])
    rec.stop()


def test_dwell_below_the_streamers_median(repo, writer) -> None:
    rule = DwellBelowRule(pct=30.0, confirm=2)
    # Without earlier sessions there is no median: the rule says it cannot run.
    first, _ = start(repo, writer, [rule], "新主播")
    assert "dwell_below:30" in first.alerts.cannot_run
    for dwell in (50.0, 60.0, 70.0):
        _finished_session_with_dwell(repo, writer, "老主播", dwell)
    rec, sid = start(repo, writer, [rule], "老主播")
    assert dwell_reference(repo, rec.info.streamer.id, rec.info.started_ms) == {
        "dwell_seconds": 60.0
    }
    assert rec.alerts.cannot_run == {}
    samples = [at(rec, 10 * i, dwell_seconds=d) for i, d in enumerate((600, 500, 400, 390))]
    (a,) = feed(rec, sid, samples)
    assert a.kind is AlertKind.DWELL_BELOW
    assert a.values == {"dwell_s": 39.0, "median_s": 60.0, "pct": 35.0}
    assert stored_alerts(repo, writer, rec)[0][0] == "Dwell 0:39, 35% below the median 1:00"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_resume_remembers_what_fired(repo, writer) -> None:
    """Resumed, an alert that fired before the cut stays fired: still low, it is
    not told again; once the viewers recover and fall again, it is."""
    rule = ViewersBelowRule(below=100, confirm=2, cooldown_s=0)
    rec, sid = start(repo, writer, [rule])
    (a,) = feed(rec, sid, [at(rec, s, viewers=50) for s in (0, 10, 20)])
    writer.flush()
    with repo.db.sessions.begin() as s:  # its recorder dies
        s.get(SessionRow, rec.info.id).recorder_pid = _dead_pid()
    again, (src,), _history = SessionRecorder.resume(
        repo, writer, rec.info.id, [ManualSource()], alert_rules=[rule]
    )
    assert again.fired_alerts == [a]
    assert feed(again, src.id, [at(again, s, viewers=40) for s in (30, 40, 50)]) == []
    assert feed(again, src.id, [at(again, s, viewers=v) for s, v in ((60, 500), (70, 30))]) == []
    (b,) = feed(again, src.id, [at(again, 80, viewers=20)])
    assert b.values["viewers"] == 20
    assert [x for _, x in stored_alerts(repo, writer, again)] == [a, b]


def test_the_month_before_and_after_a_session(repo, writer) -> None:
    """What the threshold notice compares: the streamer's month without and
    with the session (recorded GMV; the platform's own figure does not move)."""
    rec, sid = start(repo, writer, [])
    rec.ingest(sid, [at(rec, 0, gmv=0), at(rec, 600, gmv=600_000_00)])
    rec.stop()
    change = rec.month_change
    assert change is not None and change.month == rec.info.local_day // 100
    assert (change.before_fen, change.after_fen) == (0, 600_000_00)
    nxt, sid2 = start(repo, writer, [])
    nxt.ingest(sid2, [at(nxt, 0, gmv=0), at(nxt, 600, gmv=1_500_000_00)])
    info = nxt.stop()
    assert month_change(repo, info) == nxt.month_change
    assert nxt.month_change is not None
    assert (nxt.month_change.before_fen, nxt.month_change.after_fen) == (
        600_000_00,
        2_100_000_00,
    )
    repo.set_platform_gmv(info.streamer.id, change.month, 3_000_000_00)
    moved = month_change(repo, info)
    assert moved is not None and moved.before_fen == moved.after_fen == 3_000_000_00


# -- the team chat of one session -----------------------------------------------------------


@pytest.fixture
def robots() -> Iterator[object]:
    from tests.notify.fake_robots import Robots, stop
    from tests.notify.fake_robots import start as start_robots

    r = start_robots(Robots())
    yield r
    stop(r)


def test_session_notices_reach_a_robot(repo, writer, robots) -> None:
    """Going live, an alert, a major milestone, the summary and a monthly
    threshold passed, as `genbo record` sends them, to a WeCom robot."""
    from app.config.secret_store import SecretStore
    from app.core.roster import LEAP_THRESHOLDS_FEN
    from app.notify.dispatcher import Dispatcher, RetryPolicy
    from app.notify.targets import Target
    from app.session.recording import SessionNotices

    target = Target.create("wecom", "运营群", robots.url("wecom"))
    d = Dispatcher([target], SecretStore(use_keyring=False), policy=RetryPolicy(attempts=1))
    try:
        rec, sid = start(repo, writer, [ViewersBelowRule(below=100, confirm=1)], "阿珍")
        notices = SessionNotices(d, rec.info, thresholds_fen=LEAP_THRESHOLDS_FEN)
        assert notices.went_live() == 1
        found = rec.ingest(sid, [at(rec, 0, gmv=0, viewers=500)])
        found += rec.ingest(sid, [at(rec, 60, gmv=1_010_000_00, viewers=50)])
        for m in found:
            notices.milestone(m)
        for a in rec.take_alerts():
            notices.alert(a)
        info = rec.stop()
        notices.ended(info, rec.month_change)
        hits = robots.wait_for(5)
        texts = [h.doc["markdown"]["content"] for h in hits if h.doc.get("msgtype") == "markdown"]
        assert all(h.answer == {"errcode": 0, "errmsg": "ok"} for h in hits)
        assert "阿珍 is live" in texts[0]
        assert any("Viewers 50 below 100" in t for t in texts)
        assert any("GMV passed ¥1.01M" in t or "GMV passed ¥1M" in t for t in texts)
        assert any("Session ended: 阿珍" in t for t in texts)
        assert any("passed ¥500K GMV this month" in t for t in texts)
    finally:
        d.close(2.0)
