"""Push ingest through real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime

import httpx
import pytest

from app.sources.base import SourceContext, SourceState
from app.sources.ingest import IngestSource

TOKEN = "ingest-test-token-123"


class Recorder:
    def __init__(self) -> None:
        self.received = []
        self.statuses = []

    def samples(self, batch) -> None:
        self.received.extend(batch)

    def gap(self, gap) -> None:  # pragma: no cover - ingest reports no gaps
        raise AssertionError(gap)

    def status(self, status) -> None:
        self.statuses.append(status)


@pytest.fixture
def ingest():
    src = IngestSource(port=0, token=TOKEN, max_body=4096)
    sink = Recorder()
    stop = threading.Event()
    th = threading.Thread(target=src.run, args=(SourceContext(0), sink, stop), daemon=True)
    th.start()
    assert src.ready.wait(5)
    yield src, sink
    stop.set()
    th.join(3)
    assert not th.is_alive()
    assert sink.statuses[-1].state is SourceState.STOPPED


def post(src, body, token=TOKEN, **kw):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(src.url, content=content, headers=headers, timeout=5, **kw)


def test_good_post_becomes_a_sample(ingest) -> None:
    src, sink = ingest
    assert src.port and src.url.startswith("http://127.0.0.1:")
    r = post(src, {"metrics": {"viewers": 3500, "gmv": "1.2万", "停留": "1:35"}})
    assert r.status_code == 202, r.text
    assert r.json()["accepted"] == ["dwell_seconds", "gmv", "viewers"]
    (s,) = sink.received
    assert s.values == {"viewers": 3500, "gmv": 1_200_000, "dwell_seconds": 950}
    assert s.source == "ingest"
    assert threading.main_thread().ident not in src.handler_threads
    live = [st for st in sink.statuses if st.state is SourceState.LIVE]
    assert live and src.url in live[0].detail


def test_timestamp_is_honoured(ingest) -> None:
    src, sink = ingest
    r = post(src, {"metrics": {"v": 1}, "ts": "2026-01-05T21:03:00+08:00"})
    assert r.status_code == 202
    expected = datetime(2026, 1, 5, 13, 3, tzinfo=UTC)
    assert sink.received[0].ts_ms == int(expected.timestamp() * 1000)


def test_health(ingest) -> None:
    src, _ = ingest
    r = httpx.get(f"http://127.0.0.1:{src.port}/v1/health", timeout=5)
    assert r.status_code == 200 and r.json()["ok"] is True


@pytest.mark.parametrize(
    ("body", "token", "status", "field", "fragment"),
    [
        ({"metrics": {"viewers": 1}}, "wrong", 401, "authorization", "wrong token"),
        ({"metrics": {"viewers": 1}}, None, 401, "authorization", "missing bearer token"),
        (b"{not json", TOKEN, 400, "body", "not valid JSON"),
        (b"[1, 2]", TOKEN, 400, "body", "JSON object"),
        ({"metrics": {}}, TOKEN, 422, "metrics", '"metrics"'),
        ({"viewers": 1}, TOKEN, 422, "metrics", '"metrics"'),
        ({"metrics": {"viewerz": 1}}, TOKEN, 422, "metrics.viewerz", "unknown metric"),
        ({"metrics": {"viewers": "lots"}}, TOKEN, 422, "metrics.viewers", "not a number"),
        ({"metrics": {"viewers": -3}}, TOKEN, 422, "metrics.viewers", "negative"),
        ({"metrics": {"viewers": 1.5}}, TOKEN, 422, "metrics.viewers", "whole number"),
        ({"metrics": {"viewers": True}}, TOKEN, 422, "metrics.viewers", "boolean"),
        ({"metrics": {"v": 1}, "ts": "yesterday"}, TOKEN, 422, "ts", "ISO 8601"),
        ({"metrics": {"v": 1}, "ts": "2099-01-01T00:00:00Z"}, TOKEN, 422, "ts", "future"),
        ({"metrics": {"v": 1}, "extra": 1}, TOKEN, 422, "extra", "unknown field"),
    ],
)
def test_bad_requests_get_a_4xx_naming_the_field(ingest, body, token, status, field, fragment):
    src, sink = ingest
    r = post(src, body, token=token)
    assert r.status_code == status, r.text
    doc = r.json()
    assert doc["field"] == field
    assert fragment in doc["error"]
    assert sink.received == [], "nothing stored from a bad request"


def test_a_kept_alive_client_goes_on_after_a_refusal(ingest) -> None:
    """A refusal closes its connection and says so (`Connection: close`), so
    a client that keeps connections alive (a userscript's, httpx's) opens a
    new one for its next post instead of finding the old one closed under it."""
    src, sink = ingest
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5) as client:
        for i in range(30):
            bad = client.post(src.url, json={"metrics": {"viewerz": i}})
            assert bad.status_code == 422
            assert bad.headers["connection"] == "close"
            good = client.post(src.url, json={"metrics": {"viewers": i}})
            assert good.status_code == 202, good.text
            assert "close" not in good.headers.get("connection", "")
    assert [s.values["viewers"] for s in sink.received] == list(range(30))


def test_oversized_body_is_refused_without_reading_it(ingest) -> None:
    src, sink = ingest
    big = json.dumps({"metrics": {"viewers": 1}, "pad": "x" * 10_000}).encode()
    r = post(src, big)
    assert r.status_code == 413
    assert r.json()["field"] == "body"
    assert sink.received == []


def test_unknown_path_and_preflight(ingest) -> None:
    src, _ = ingest
    r = httpx.post(f"http://127.0.0.1:{src.port}/v2/nope", timeout=5)
    assert r.status_code == 404
    r = httpx.options(src.url, timeout=5)
    assert r.status_code == 204
    assert r.headers["access-control-allow-headers"] == "Authorization, Content-Type"


def test_listens_on_loopback_only(ingest) -> None:
    src, _ = ingest
    s = socket.create_connection(("127.0.0.1", src.port), timeout=2)
    assert s.getsockname()[0] == "127.0.0.1"
    s.close()


def test_port_in_use_is_explained() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        src = IngestSource(port=port, token=TOKEN)
        sink = Recorder()
        src.run(SourceContext(0), sink, threading.Event())
        assert sink.statuses[-1].state is SourceState.STOPPED
        assert f"port {port} is in use" in sink.statuses[-1].detail
    finally:
        holder.close()


def test_token_is_not_stored_in_config() -> None:
    assert TOKEN not in repr(IngestSource(port=8765, token=TOKEN).config())


def test_the_session_endpoint_says_what_is_live_and_which_metrics_it_takes(ingest) -> None:
    src, _ = ingest
    r = httpx.get(f"http://127.0.0.1:{src.port}/v1/session", timeout=5)
    assert r.status_code == 401, "the token guards it"
    r = httpx.get(
        f"http://127.0.0.1:{src.port}/v1/session",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=5,
    )
    doc = r.json()
    assert r.status_code == 200 and doc["live"] is True
    keys = {m["key"]: m for m in doc["metrics"]}
    assert keys["viewers"]["label_zh"] == "在线人数" and keys["gmv"]["unit"] == "money"
    assert not any("." in k for k in keys), "channels are not offered to pick"


def test_check_reads_a_body_as_genbo_would_and_stores_nothing(ingest) -> None:
    src, sink = ingest
    r = httpx.post(
        f"http://127.0.0.1:{src.port}/v1/check",
        json={"metrics": {"gmv": "¥56.8万", "停留": "1分35秒", "viewers": "3,500"}},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=5,
    )
    assert r.status_code == 200, r.text
    values = r.json()["values"]
    assert values["gmv"]["raw"] == 56_800_000 and values["gmv"]["exact"] == "¥568,000.00"
    assert values["viewers"]["text"] == "3,500"
    assert values["dwell_seconds"]["raw"] == 950
    assert sink.received == []
    bad = httpx.post(
        f"http://127.0.0.1:{src.port}/v1/check",
        json={"metrics": {"gmv": "↑12%"}},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=5,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "metrics.gmv"


def test_a_named_feed_is_kept_apart_and_its_state_is_kept(ingest) -> None:
    src, sink = ingest
    r = post(src, {"metrics": {"viewers": 10}, "source": "  大屏 "})
    assert r.status_code == 202, r.text
    assert sink.received[-1].source == "ingest:大屏"
    assert post(src, {"metrics": {"viewers": 11}}).status_code == 202
    assert sink.received[-1].source == "ingest"
    assert post(src, {"metrics": {"viewerz": 1}, "source": "大屏"}).status_code == 422
    assert post(src, {"metrics": {"viewers": 1}, "source": "x" * 61}).status_code == 422
    feeds = {f.label: f for f in src.feeds()}
    assert feeds["大屏"].posts == 1 and feeds["大屏"].values == {"viewers": 10}
    assert feeds[""].posts == 1 and feeds[""].values == {"viewers": 11}
    assert "unknown metric" in feeds["大屏"].error and "60 characters" in feeds[""].error


def test_the_companion_is_served_paired_to_this_computer_only(ingest) -> None:
    src, _ = ingest
    r = httpx.get(f"http://127.0.0.1:{src.port}/companion.user.js", timeout=5)
    assert r.status_code == 200 and r.text.startswith("// ==UserScript==")
    assert f'address: "http://127.0.0.1:{src.port}"' in r.text and TOKEN in r.text
    assert "access-control-allow-origin" not in r.headers, "no page may read the token"
    # A page that rebinds its own name to 127.0.0.1 sends that name.
    rebound = httpx.get(
        f"http://127.0.0.1:{src.port}/companion.user.js",
        headers={"Host": f"evil.example:{src.port}"},
        timeout=5,
    )
    assert rebound.status_code == 403 and TOKEN not in rebound.text
    by_name = httpx.get(
        f"http://127.0.0.1:{src.port}/companion.user.js",
        headers={"Host": f"localhost:{src.port}"},
        timeout=5,
    )
    assert by_name.status_code == 200
    # A page including it as a script (it would run with the token in the
    # page's hands) or fetching it (it sends its Origin) gets nothing.
    for headers in (
        {"Sec-Fetch-Dest": "script", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Dest": "empty", "Origin": "https://evil.example"},
    ):
        refused = httpx.get(
            f"http://127.0.0.1:{src.port}/companion.user.js", headers=headers, timeout=5
        )
        assert refused.status_code == 403 and TOKEN not in refused.text, headers
    visit = httpx.get(
        f"http://127.0.0.1:{src.port}/companion.user.js",
        headers={"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "none"},
        timeout=5,
    )
    assert visit.status_code == 200, "opened in the browser: the manager installs it"


def test_a_connection_kept_alive_from_before_the_stop_is_refused() -> None:
    src = IngestSource(port=0, token=TOKEN)
    sink = Recorder()
    stop = threading.Event()
    th = threading.Thread(target=src.run, args=(SourceContext(0), sink, stop), daemon=True)
    th.start()
    assert src.ready.wait(5)
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5) as client:
        assert client.post(src.url, json={"metrics": {"viewers": 1}}).status_code == 202
        stop.set()
        th.join(5)
        try:
            late = client.post(src.url, json={"metrics": {"viewers": 2}})
        except httpx.TransportError:
            pass  # or the connection is gone: either way nothing is taken
        else:
            assert late.status_code == 503 and "stopped" in late.json()["error"]
    assert [x.values for x in sink.received] == [{"viewers": 1}]
