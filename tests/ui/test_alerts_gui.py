"""Rule alerts in the window: typed readings in, the alert in the event feed
and in the banner (quieter than a celebration), stored as an event."""

from __future__ import annotations

import pytest

from app.core.alerts import Alert, ViewersBelowRule
from app.ui.dialogs.session import NewSessionSpec
from tests.ui.helpers import enter, stored_events

pytestmark = pytest.mark.gui


def start_live(qtbot, window, rules):
    window.ctx.settings.alert_rules = [r.to_dict() for r in rules]
    with qtbot.waitSignal(window.liveStarted, timeout=10_000) as started:
        window.start_session(NewSessionSpec("提醒主播", "夜场", ()))
    return started.args[0]


def test_an_alert_shows_in_the_feed_and_the_banner(qtbot, window) -> None:
    live = start_live(qtbot, window, [ViewersBelowRule(below=1000, confirm=2, cooldown_s=0)])
    view = window.live_view
    t0 = live.info.started_ms
    with qtbot.waitSignal(live.alertsRaised, timeout=5_000) as raised:
        for i, v in enumerate((800, 700, 600)):  # the first only sets the level
            live.enter({"viewers": v}, t0 + 1_000 * (i + 1))
    (a,) = raised.args[0]
    assert a.rule == "viewers_below:1000"
    text = "Viewers 600 below 1,000"
    assert any(t.endswith(text) for t in view.feed.texts())
    assert view.banner.isVisible() and view.banner.property("major") is False
    assert view.banner.text.text() == "⚠  " + text
    (stored,) = stored_events(window, live, "alert", lambda e: Alert.from_dict(e.payload))
    assert stored == a


def test_a_typed_line_raises_it_and_a_celebration_keeps_the_banner(qtbot, window) -> None:
    live = start_live(qtbot, window, [ViewersBelowRule(below=1000, confirm=1, cooldown_s=0)])
    view = window.live_view
    enter(qtbot, window, "gmv 99万")
    enter(qtbot, window, "gmv 101万")  # 大屏破百万: the big banner
    assert view.banner.property("major") is True
    enter(qtbot, window, "v 500")  # sets the level
    qtbot.wait(5)
    live.enter({"viewers": 400}, live.recorder.session_now_ms() + 1_000)
    assert any("Viewers 400 below 1,000" in t for t in view.feed.texts())
    assert "GMV passed ¥100万" in view.banner.text.text(), "an alert does not cut it short"


def test_alerts_off_in_the_banner_stay_in_the_feed(qtbot, window) -> None:
    window.ctx.settings.alert_banner = False
    live = start_live(qtbot, window, [ViewersBelowRule(below=1000, confirm=1, cooldown_s=0)])
    t0 = live.info.started_ms
    live.enter({"viewers": 800}, t0 + 1_000)
    live.enter({"viewers": 700}, t0 + 2_000)
    assert any("Viewers 700 below 1,000" in t for t in window.live_view.feed.texts())
    assert not window.live_view.banner.isVisible()
