"""Every robot kind against a loopback server that checks its documented body
and signature: happy paths, WeCom's image, rate limits and Retry-After, a dead
server (failure reported, spooled, re-sent by the next dispatcher), a hanging
server (send() returns at once), and no secret in logs or results."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import logging
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.config.secret_store import SecretStore
from app.core.milestones import Milestone, MilestoneKind
from app.core.numbers import NumberFormat
from app.core.session import SessionSummary
from app.notify import payloads, platforms
from app.notify.dispatcher import Dispatcher, Result, RetryPolicy
from app.notify.targets import Target
from tests.notify import fake_robots as fr
from tests.notify.fake_robots import Robots

FAST = RetryPolicy(
    attempts=3,
    backoff_initial_s=0.01,
    backoff_max_s=0.05,
    rate_limited_wait_s={"feishu": 0.15, "wecom": 0.15, "dingtalk": 0.15, "webhook": 0.15},
    retry_later_s=3600,
    deadline_s=2.0,
)
FMT = NumberFormat()
SECRETS = {
    "feishu": fr.FEISHU_SECRET,
    "dingtalk": fr.DING_SECRET,
    "webhook": fr.HOOK_SECRET,
}


def png(w: int = 2, h: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def robots() -> Iterator[Robots]:
    r = fr.start(Robots())
    yield r
    fr.stop(r)


@pytest.fixture
def store() -> SecretStore:
    s = SecretStore(use_keyring=False)
    return s


class Collect:
    def __init__(self) -> None:
        self.results: list[Result] = []
        self.cond = threading.Condition()

    def __call__(self, r: Result) -> None:
        with self.cond:
            self.results.append(r)
            self.cond.notify_all()

    def wait(self, n: int = 1, timeout: float = 5.0) -> list[Result]:
        end = time.monotonic() + timeout
        with self.cond:
            while len(self.results) < n and time.monotonic() < end:
                self.cond.wait(0.05)
        assert len(self.results) >= n, f"only {len(self.results)} results"
        return list(self.results)


def target(
    robots: Robots, kind: str, store: SecretStore, url: str | None = None, **kw: object
) -> Target:
    t = Target.create(kind, f"team {kind}", url or robots.url(kind), signed=kind in SECRETS, **kw)  # type: ignore[arg-type]
    if t.secret_name:
        store.set(t.secret_name, SECRETS[kind])
    return t


def dispatcher(targets: list[Target], store: SecretStore, got: Collect, **kw: object) -> Dispatcher:
    kw.setdefault("policy", FAST)
    return Dispatcher(targets, store, on_result=got, **kw)  # type: ignore[arg-type]


def live_notice() -> payloads.Notice:
    return payloads.go_live("小雨", 1_764_590_400_000, 480, session_id=7)


# -- each kind's happy path -----------------------------------------------------------------
def test_feishu_gets_a_signed_card(robots: Robots, store: SecretStore) -> None:
    got = Collect()
    d = dispatcher([target(robots, "feishu", store)], store, got)
    try:
        assert d.send(live_notice()) == 1
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok, r.why
    (hit,) = robots.of("feishu")
    assert hit.answer == {"code": 0, "msg": "success", "data": {}}
    assert hit.doc["msg_type"] == "interactive"
    assert "小雨" in hit.doc["card"]["header"]["title"]["content"]
    assert hit.doc["timestamp"].isdigit() and hit.doc["sign"]


def test_feishu_refuses_a_signature_older_than_an_hour(robots: Robots, store: SecretStore) -> None:
    got = Collect()
    d = dispatcher([target(robots, "feishu", store)], store, got, clock=lambda: time.time() - 7200)
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(1)
    assert not r.ok and r.kept
    assert "signature" in r.why and "clock" in r.why
    assert len(robots.of("feishu")) == 1  # not retried: waiting would not help


def test_wecom_sends_the_moment_card_as_an_image(robots: Robots, store: SecretStore) -> None:
    card = png()
    m = Milestone(
        1_764_590_400_000 + 3_600_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True
    )
    notice = payloads.milestone("小雨", m, FMT, started_ms=1_764_590_400_000, card=card)
    got = Collect()
    d = dispatcher([target(robots, "wecom", store)], store, got)
    try:
        d.send(notice)
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok, r.why
    text, image = robots.of("wecom")
    assert text.doc["msgtype"] == "markdown"
    assert "100万" in text.doc["markdown"]["content"]
    assert image.doc["msgtype"] == "image"
    # An independent reading: the bytes and checksum are the card's.
    assert base64.b64decode(image.doc["image"]["base64"]) == card
    assert image.doc["image"]["md5"] == hashlib.md5(card).hexdigest()
    assert image.answer == {"errcode": 0, "errmsg": "ok"}


def test_wecom_gets_the_moment_video_as_a_file_and_no_one_else_does(
    robots: Robots, store: SecretStore, tmp_path
) -> None:
    """The video is uploaded (upload_media, multipart) and sent as a file
    message with the media_id WeCom gave; Feishu, DingTalk and the JSON
    webhook, which take no files, are not sent it at all."""
    video = tmp_path / "session3_16-35_gmv.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    m = Milestone(1_764_590_400_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True)
    notice = payloads.moment_video("小雨", m, FMT, video)
    # Kept in the spool as a path, read when sent.
    assert payloads.Notice.from_dict(notice.to_dict()) == notice
    got = Collect()
    kinds = ("wecom", "feishu", "dingtalk", "webhook")
    d = dispatcher([target(robots, k, store) for k in kinds], store, got)
    try:
        assert d.send(notice) == 1
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok, r.why
    (upload,) = robots.of("wecom_upload")
    assert upload.headers["content-type"].startswith("multipart/form-data")
    text, file_message = robots.of("wecom")
    assert text.doc["msgtype"] == "markdown" and "100万" in text.doc["markdown"]["content"]
    mid = file_message.doc["file"]["media_id"]
    assert file_message.doc["msgtype"] == "file" and file_message.answer["errcode"] == 0
    assert robots.media[mid] == (video.name, video.read_bytes())
    assert not robots.of("feishu") and not robots.of("dingtalk") and not robots.of("webhook")


def test_a_moment_video_that_is_gone_is_said_and_not_retried(
    robots: Robots, store: SecretStore, tmp_path
) -> None:
    m = Milestone(1_764_590_400_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True)
    notice = payloads.moment_video("小雨", m, FMT, tmp_path / "gone.mp4")
    got = Collect()
    d = dispatcher([target(robots, "wecom", store)], store, got)
    try:
        d.send(notice)
        (r,) = got.wait()
    finally:
        d.close(2)
    assert not r.ok and "gone.mp4 cannot be read" in r.why
    assert not robots.of("wecom_upload")


def test_feishu_and_dingtalk_send_the_milestone_without_the_image(
    robots: Robots, store: SecretStore
) -> None:
    m = Milestone(1_764_590_400_000, MilestoneKind.THRESHOLD, "gmv", 1_000_000.0, major=True)
    notice = payloads.milestone("小雨", m, FMT, card=png())
    got = Collect()
    d = dispatcher([target(robots, "feishu", store), target(robots, "dingtalk", store)], store, got)
    try:
        d.send(notice)
        results = got.wait(2)
    finally:
        d.close(2)
    assert all(r.ok for r in results), [r.why for r in results]
    (fs,) = robots.of("feishu")
    (dd,) = robots.of("dingtalk")
    assert "image" not in json.dumps(fs.doc)
    assert dd.doc["msgtype"] == "markdown" and "100万" in dd.doc["markdown"]["text"]


def test_dingtalk_gets_a_signed_summary(robots: Robots, store: SecretStore) -> None:
    summary = SessionSummary(
        duration_s=3 * 3600 + 5,
        peak_viewers=12_345,
        gmv_fen=123_456_789,
        gmv_15m_fen=50_000_00,
        gmv_30m_fen=None,
        orders=4321,
        gpm_fen=98_765,
    )
    got = Collect()
    d = dispatcher([target(robots, "dingtalk", store)], store, got)
    try:
        d.send(payloads.session_summary("小雨", summary, FMT, link="https://example.com/r/7"))
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok, r.why
    (hit,) = robots.of("dingtalk")
    assert hit.doc["msgtype"] == "actionCard"
    text = hit.doc["actionCard"]["text"]
    assert "3:00:05" in text and "1.23万" in text and "¥123.46万" in text
    assert "30 min" not in text  # a figure the session lacks is left out
    assert hit.doc["actionCard"]["singleURL"] == "https://example.com/r/7"


def test_dingtalk_refuses_a_stale_timestamp(robots: Robots, store: SecretStore) -> None:
    got = Collect()
    d = dispatcher(
        [target(robots, "dingtalk", store)], store, got, clock=lambda: time.time() - 4000
    )
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(1)
    assert not r.ok and "invalid timestamp" in r.why
    assert robots.of("dingtalk")[0].answer["errcode"] == 310000


def test_dingtalk_refuses_a_wrong_secret(robots: Robots, store: SecretStore) -> None:
    t = target(robots, "dingtalk", store)
    assert t.secret_name
    store.set(t.secret_name, "SECnot-the-secret")
    got = Collect()
    d = dispatcher([t], store, got)
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(1)
    assert not r.ok and "sign not match" in r.why


def test_generic_webhook_gets_a_stable_signed_json(robots: Robots, store: SecretStore) -> None:
    got = Collect()
    d = dispatcher([target(robots, "webhook", store)], store, got)
    notice = payloads.threshold_crossed("小雨", "2026-12", 2_000_000, 201_000_000, FMT)
    try:
        d.send(notice)
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok, r.why
    (hit,) = robots.of("webhook")
    doc = hit.doc
    assert doc["schema"] == "genbo.notice/1" and doc["event"] == "threshold_crossed"
    assert doc["values"] == {
        "month": "2026-12",
        "threshold_fen": 200_000_000,
        "gmv_fen": 201_000_000,
    }
    assert doc["streamer"] == "小雨" and "¥200万" in doc["title"]
    assert hit.headers["x-genbo-notice-id"] == notice.id


def test_each_target_gets_only_its_events(robots: Robots, store: SecretStore) -> None:
    quiet = target(robots, "wecom", store, events=["session_summary"])
    off = Target.from_dict({**target(robots, "webhook", store).to_dict(), "enabled": False})
    got = Collect()
    d = dispatcher([quiet, off], store, got)
    try:
        assert d.send(live_notice()) == 0
    finally:
        d.close(1)
    assert robots.hits == [] and got.results == []


# -- rate limits and failures ---------------------------------------------------------------
@pytest.mark.parametrize("kind", ["feishu", "wecom", "dingtalk"])
def test_a_rate_limit_code_is_waited_out_then_retried(
    robots: Robots, store: SecretStore, kind: str
) -> None:
    robots.then(kind, "rate", "rate")
    got = Collect()
    d = dispatcher([target(robots, kind, store)], store, got)
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok and r.attempts == 3, r.why
    hits = robots.of(kind)
    assert [h.action for h in hits] == ["rate", "rate", "ok"]
    assert all(b.at - a.at >= 0.14 for a, b in itertools.pairwise(hits))


def test_http_429_retry_after_is_honoured(robots: Robots, store: SecretStore) -> None:
    robots.then("feishu", "429")
    got = Collect()
    d = dispatcher([target(robots, "feishu", store)], store, got)
    try:
        d.send(live_notice())
        (r,) = got.wait(timeout=5)
    finally:
        d.close(2)
    assert r.ok, r.why
    first, second = robots.of("feishu")
    assert second.at - first.at >= 0.95  # Retry-After: 1, not the 0.01 s backoff


def test_server_errors_are_retried_with_backoff(robots: Robots, store: SecretStore) -> None:
    robots.then("dingtalk", "500", "500")
    got = Collect()
    d = dispatcher([target(robots, "dingtalk", store)], store, got)
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok and r.attempts == 3


def test_a_burst_is_spread_by_the_rate_limiter_not_dropped(
    robots: Robots, store: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(platforms.LIMITS, "webhook", ((3, 0.4),))
    got = Collect()
    d = dispatcher([target(robots, "webhook", store)], store, got)
    try:
        for i in range(6):
            d.send(payloads.rule_alert("小雨", f"alert {i}"))
        results = got.wait(6)
    finally:
        d.close(2)
    assert all(r.ok for r in results)
    hits = robots.of("webhook")
    assert [h.doc["lines"][0] for h in hits] == [f"alert {i}" for i in range(6)]
    assert hits[3].at - hits[0].at >= 0.38


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_dead_server_is_reported_spooled_and_resent_by_the_next_dispatcher(
    tmp_path: Path, store: SecretStore
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key={fr.WECOM_KEY}"
    t = Target.create("wecom", "team", url)
    got = Collect()
    notice = payloads.milestone(
        "小雨",
        Milestone(1_764_590_400_000, MilestoneKind.THRESHOLD, "gmv", 1e6, major=True),
        FMT,
        card=png(),
    )
    d = dispatcher([t], store, got, spool_dir=tmp_path)
    spool = d.spool_path
    assert spool is not None and spool.parent == tmp_path
    d.send(notice)
    (r,) = got.wait()
    assert d.close(1)
    assert not r.ok and r.kept and r.attempts == 3
    assert r.why.startswith("127.0.0.1 refused the connection"), r.why
    assert [k[1].id for k in d.kept()] == [notice.id]
    # The spool, read on its own: one JSON line, image and all.
    (line,) = spool.read_text(encoding="utf-8").splitlines()
    doc = json.loads(line)
    assert doc["target"] == t.id and doc["notice"]["id"] == notice.id
    assert base64.b64decode(doc["notice"]["image"]) == notice.image
    assert fr.WECOM_KEY not in line  # the URL is in the settings, not the spool

    # The robot is back; Genbo starts again.
    robots = fr.start(Robots(), port=port)
    try:
        got2 = Collect()
        d2 = dispatcher([t], store, got2, spool_dir=tmp_path)
        (r2,) = got2.wait()
        assert d2.close(2)
    finally:
        fr.stop(robots)
    assert r2.ok and r2.notice.id == notice.id
    assert [h.doc["msgtype"] for h in robots.of("wecom")] == ["markdown", "image"]
    assert not list(tmp_path.glob("notify-spool*"))


def test_send_returns_at_once_while_the_server_hangs(
    robots: Robots, store: SecretStore, tmp_path: Path
) -> None:
    robots.then("webhook", "hang", "hang", "hang")
    got = Collect()
    policy = RetryPolicy(attempts=1, deadline_s=0.3, retry_later_s=3600)
    d = dispatcher(
        [target(robots, "webhook", store)],
        store,
        got,
        policy=policy,
        spool_dir=tmp_path,
    )
    start = time.monotonic()
    for i in range(3):
        d.send(payloads.rule_alert("小雨", f"alert {i}"))
    assert time.monotonic() - start < 0.1
    (r,) = got.wait(timeout=3)
    assert not r.ok and "no answer within 0.3 s" in r.why
    start = time.monotonic()
    drained = d.close(0.2)
    assert time.monotonic() - start < 1.0
    assert not drained  # the second alert was still hanging
    assert d.spool_path is not None
    lines = d.spool_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # nothing lost: the failure, the one in flight, the queued one


def test_secrets_never_reach_logs_or_results(
    robots: Robots, store: SecretStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong_key = target(
        robots, "wecom", store, url=robots.url("wecom").replace(fr.WECOM_KEY, "wc-wrong-key-9999")
    )
    ding = target(robots, "dingtalk", store)
    robots.then("dingtalk", "500", "500", "500")
    got = Collect()
    d = dispatcher([wrong_key, ding], store, got)
    try:
        d.send(live_notice())
        results = got.wait(2)
        ok, why = d.test_target(wrong_key)
    finally:
        d.close(1)
    assert not ok and "93000" in why
    texts = [caplog.text, why, *(r.why for r in results), repr(d.kept())]
    for secret in ("wc-wrong-key-9999", fr.DING_TOKEN, fr.DING_SECRET):
        for text in texts:
            assert secret not in text
    assert "invalid webhook url" in why  # the platform's own words, key masked


def test_send_test_message(robots: Robots, store: SecretStore) -> None:
    t = target(robots, "feishu", store)
    d = dispatcher([], store, Collect())
    try:
        assert d.test_target(t) == (True, "")
        bad = Target.create("feishu", "x", robots.url("feishu"), signed=True)
        ok, why = d.test_target(bad)
    finally:
        d.close(1)
    assert not ok and "keyring" in why
    (hit,) = robots.of("feishu")
    assert hit.doc["msg_type"] == "text" and "Genbo test message" in hit.doc["content"]["text"]


def test_a_kept_failure_is_retried_later(robots: Robots, store: SecretStore) -> None:
    robots.then("wecom", "500", "500", "500")
    got = Collect()
    policy = RetryPolicy(attempts=3, backoff_initial_s=0.01, backoff_max_s=0.02, retry_later_s=0.2)
    d = dispatcher([target(robots, "wecom", store)], store, got, policy=policy)
    try:
        d.send(payloads.rule_alert("小雨", "no order for 10 minutes"))
        first, second = got.wait(2)
    finally:
        d.close(1)
    assert not first.ok and first.kept
    assert second.ok and second.notice.id == first.notice.id
    assert d.kept() == []


def test_summary_money_is_exact() -> None:
    n = payloads.session_summary("a", SessionSummary(gmv_fen=1_234_567_89), FMT)
    assert n.values["gmv_fen"] == 123456789
    assert FMT.money_fen(123456789) == FMT.money(Decimal("1234567.89"))


def test_targets_can_change_while_running(robots: Robots, store: SecretStore) -> None:
    wecom = target(robots, "wecom", store)
    hook = target(robots, "webhook", store)
    got = Collect()
    d = dispatcher([wecom], store, got)
    try:
        d.update_targets([hook])
        assert d.targets == [hook]
        assert d.send(live_notice()) == 1
        (r,) = got.wait()
    finally:
        d.close(2)
    assert r.ok and r.target == hook
    assert [h.platform for h in robots.hits] == ["webhook"]


def test_a_day_old_notice_is_given_up_not_sent(robots: Robots, store: SecretStore) -> None:
    got = Collect()
    d = dispatcher(
        [target(robots, "wecom", store)], store, got, clock=lambda: time.time() + 2 * 86400
    )
    try:
        d.send(live_notice())
        (r,) = got.wait()
    finally:
        d.close(1)
    assert not r.ok and not r.kept and "given up" in r.why
    assert robots.hits == []


def test_closing_with_nothing_owed_leaves_no_spool(tmp_path: Path, store: SecretStore) -> None:
    d = Dispatcher([], store, spool_dir=tmp_path)
    assert d.close(1)
    assert not list(tmp_path.iterdir())
    assert d.send(live_notice()) == 0  # closed


def test_an_unknown_host_is_said_in_words_not_the_systems_errno() -> None:
    """ "cannot connect ([Errno -2] Name or service not known)" reached the
    feed, in English inside the Chinese window."""
    import httpx

    from app.notify.dispatcher import _cannot_connect

    t = Target.create("wecom", "team", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
    why = str(_cannot_connect(t, httpx.ConnectError("[Errno -2] Name or service not known")))
    assert why == (
        "cannot find qyapi.weixin.qq.com: no network, or a mistake in the robot's address"
    )
    assert "abc" not in why and "Errno" not in why
    other = str(_cannot_connect(t, httpx.ConnectError("TLS handshake went wrong")))
    assert other == "cannot connect to qyapi.weixin.qq.com"
