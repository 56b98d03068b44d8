"""Targets as the settings keep them, the words of each notice, each platform's
body limits, and the rate limiter's windows."""

from __future__ import annotations

import json

import pytest

from app.core.messages import install_translator
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import NumberFormat
from app.core.session import SessionSummary
from app.notify import payloads, platforms
from app.notify.dispatcher import RateLimiter
from app.notify.targets import EVENTS, Target, TargetError, redact_url

FMT = NumberFormat()
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234"
DING = "https://oapi.dingtalk.com/robot/send?access_token=tok-5678"
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/hook-9abc"


def test_a_target_round_trips_without_its_secret() -> None:
    t = Target.create("dingtalk", "运营群", DING, events=["go_live", "milestone"], signed=True)
    d = t.to_dict()
    assert d["secret_name"] == f"notify-{t.id}-secret"
    assert d["events"] == ["go_live", "milestone"]
    assert Target.from_dict(json.loads(json.dumps(d))) == t
    assert t.wants("milestone") and not t.wants("rule_alert")
    assert "tok-5678" not in repr(t)


@pytest.mark.parametrize(
    ("kind", "url", "says"),
    [
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key="),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send", "access_token="),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/", "/bot/v2/hook/"),
        ("feishu", "http://open.feishu.cn/open-apis/bot/v2/hook/x", "https://"),
        ("wecom", "ftp://qyapi.weixin.qq.com/?key=1", "not a web address"),
        ("slack", "https://hooks.slack.com/x", "unknown kind"),
    ],
)
def test_a_target_that_cannot_work_is_explained(kind: str, url: str, says: str) -> None:
    with pytest.raises(TargetError) as err:
        Target.create(kind, "x", url)
    assert says in str(err.value)


def test_loopback_http_is_allowed_for_tests_and_the_webhook_may_be_http() -> None:
    Target.create("wecom", "x", "http://127.0.0.1:8080/cgi-bin/webhook/send?key=k")
    Target.create("webhook", "x", "http://192.168.1.5/genbo")
    with pytest.raises(TargetError, match="unknown events"):
        Target.create("webhook", "x", "https://example.com/h", events=["go_live", "lunch"])
    with pytest.raises(TargetError, match="no url"):
        Target.from_dict({"kind": "wecom"})


def test_urls_are_shown_without_credentials() -> None:
    assert redact_url(WECOM) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=•••"
    assert "tok-5678" not in redact_url(DING + "&timestamp=1&sign=abc")
    assert redact_url(FEISHU).endswith("/hook/•••")
    assert "pw" not in redact_url("https://user:pw@example.com/h")


def test_target_errors_are_translated_when_shown() -> None:
    install_translator(
        lambda ctx, text: "请检查地址" if ctx == "notify" and "https://" in text else text
    )
    try:
        with pytest.raises(TargetError) as err:
            Target.create("feishu", "x", "http://open.feishu.cn/open-apis/bot/v2/hook/x")
        assert str(err.value) == "请检查地址"
        assert "https://" in err.value.english
    finally:
        install_translator(None)


def test_the_summary_says_each_known_figure() -> None:
    s = SessionSummary(
        duration_s=5400,
        peak_viewers=23_456,
        gmv_fen=1_050_000_00,
        gmv_15m_fen=None,
        gmv_30m_fen=20_000_00,
        orders=None,
        gpm_fen=1_234,
    )
    n = payloads.session_summary("小雨", s, FMT, session_id=3)
    assert n.title == "Session ended: 小雨"
    assert n.lines == (
        "Duration 1:30:00",
        "Peak viewers 2.35万",
        "GMV ¥105万",
        "GMV in the first 30 min ¥2万",
        "GPM ¥12.34",
    )
    assert n.values["gmv_fen"] == 105_000_000 and n.values["orders"] is None


def test_monthly_thresholds_are_found_between_two_sums() -> None:
    assert payloads.crossed_thresholds(49 * 10_000 * 100, 201 * 10_000 * 100) == [
        500_000,
        2_000_000,
    ]
    assert payloads.crossed_thresholds(None, 500 * 10_000 * 100) == [500_000, 2_000_000, 5_000_000]
    assert payloads.crossed_thresholds(60 * 10_000 * 100, 61 * 10_000 * 100) == []


def test_a_notice_round_trips_through_json_with_its_image() -> None:
    m = Milestone(1_000, MilestoneKind.THRESHOLD, "viewers", 10_000.0)
    n = payloads.milestone("小雨", m, FMT, card=b"\x89PNG\r\n\x1a\n" + b"x" * 10)
    assert n.image is not None and n.title == "Viewers online passed 1万"
    back = payloads.Notice.from_dict(json.loads(json.dumps(n.to_dict())))
    assert back == n
    assert payloads.milestone("a", m, FMT, card=b"GIF89a").image is None  # not PNG/JPEG


def test_go_live_shows_the_local_start_time() -> None:
    n = payloads.go_live("小雨", 1_764_590_400_000, 480)  # 12:00 UTC
    assert n.title == "小雨 is live" and n.lines == ("Started at 20:00",)


def test_bodies_stay_within_each_platforms_limits() -> None:
    long = payloads.rule_alert("小雨", "很长的提醒" * 3000)
    (fs,) = platforms.messages("feishu", long)
    assert len(json.dumps(fs, ensure_ascii=False).encode()) <= platforms.FEISHU_MAX_BODY - 200
    (wc,) = platforms.messages("wecom", long)
    assert len(wc["markdown"]["content"].encode()) <= platforms.WECOM_MAX_MARKDOWN
    big = payloads.Notice("milestone", "t", image=b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024))
    assert [b["msgtype"] for b in platforms.messages("wecom", big)] == ["markdown"]  # > 2 MB


def test_answers_are_read_as_each_platform_means_them() -> None:
    ok = json.dumps({"code": 0, "msg": "success"}).encode()
    platforms.check_answer("feishu", 200, {}, ok)
    with pytest.raises(platforms.DeliveryError) as err:
        platforms.check_answer(
            "feishu", 400, {"x-ogw-ratelimit-reset": "7"}, json.dumps({"code": 99991400}).encode()
        )
    assert err.value.rate_limited and err.value.retry_after_s == 7
    with pytest.raises(platforms.DeliveryError) as err:
        platforms.check_answer(
            "wecom", 200, {}, b'{"errcode":93000,"errmsg":"invalid webhook url"}'
        )
    assert not err.value.retryable and "93000" in str(err.value)
    with pytest.raises(platforms.DeliveryError) as err:
        platforms.check_answer("dingtalk", 200, {}, b"<html>proxy login</html>")
    assert "result code" in str(err.value)
    platforms.check_answer("webhook", 204, {}, b"")


def test_the_rate_limiter_counts_any_window_not_a_refilling_bucket() -> None:
    now = [0.0]
    lim = RateLimiter(platforms.LIMITS["dingtalk"], clock=lambda: now[0])
    for _ in range(20):
        assert lim.wait_s() == 0
        lim.take()
        now[0] += 0.5
    assert lim.wait_s() == pytest.approx(50.0)  # the 21st waits until the 1st is a minute old
    now[0] = 60.0
    assert lim.wait_s() == 0


def test_feishu_allows_five_a_second_and_a_hundred_a_minute() -> None:
    now = [0.0]
    lim = RateLimiter(platforms.LIMITS["feishu"], clock=lambda: now[0])
    for _ in range(5):
        lim.take()
    assert lim.wait_s() == pytest.approx(1.0)
    for _ in range(95):
        now[0] += 0.21
        lim.take()
    assert lim.wait_s() > 30  # a hundred in the minute: wait for the oldest to age out
    lim.hold(120)
    assert lim.wait_s() == pytest.approx(120.0)


def test_every_event_has_a_label() -> None:
    from app.notify.targets import EVENT_LABELS

    assert set(EVENT_LABELS) == set(EVENTS)
