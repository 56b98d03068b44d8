"""The HTTP poller against real servers on 127.0.0.1, one fault at a time. Each
case ends with the poller still running (or stopping promptly when asked), the
right gap reported, and no request made on the main thread."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from app.core.metrics import Gap
from app.sources.base import SourceContext, SourceState
from app.sources.http_poll import (
    PRESETS,
    HttpPollConfig,
    HttpPollSource,
    parse_retry_after,
    preset_config,
)
from tests.sources.fake_api import FakeApi, good, never_answer, raw, slow_loris, status

GOOD_DOC = {"data": [{"viewer_count": 3500, "started_at": "2026-11-25T12:00:00Z"}]}


class Recorder:
    """A SourceSink that records everything (thread-safe appends)."""

    def __init__(self) -> None:
        self.received = []
        self.gaps: list[Gap] = []
        self.statuses = []

    def samples(self, batch) -> None:
        self.received.extend(batch)

    def gap(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def status(self, status) -> None:
        self.statuses.append(status)

    def closed_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.end_ms is not None]

    def texts(self) -> str:
        return " ".join([s.detail for s in self.statuses] + [g.reason for g in self.gaps])


@pytest.fixture
def api():
    servers: list[FakeApi] = []

    def make(behaviour) -> FakeApi:
        s = FakeApi(behaviour)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.close()


def fast(url: str, **kw) -> HttpPollConfig:
    base = dict(
        url=url,
        mapping={"viewers": "data[0].viewer_count"},
        interval_s=0.2,
        deadline_s=0.5,
        backoff_initial_s=0.05,
        backoff_max_s=0.2,
        gap_after_s=0.3,
    )
    base.update(kw)
    return HttpPollConfig(**base)


class Running:
    def __init__(self, src: HttpPollSource) -> None:
        self.src = src
        self.sink = Recorder()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=src.run, args=(SourceContext(0), self.sink, self.stop), daemon=True
        )
        self.thread.start()

    def until(self, cond, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            assert self.thread.is_alive(), "the poller died"
            assert time.monotonic() < deadline, "timed out waiting"
            time.sleep(0.02)

    def finish(self) -> float:
        assert self.thread.is_alive(), "the poller must still be running"
        t0 = time.monotonic()
        self.stop.set()
        self.thread.join(3)
        assert not self.thread.is_alive()
        assert threading.main_thread().ident not in self.src.request_threads
        assert self.src.request_threads, "requests were made"
        return time.monotonic() - t0


def run(cfg: HttpPollConfig, secrets=None) -> Running:
    return Running(HttpPollSource(cfg, secrets=secrets))


def test_good_json_delivers_samples_on_schedule(api) -> None:
    server = api(good(GOOD_DOC))
    # The first request in a process imports half of httpx's stack (anyio and
    # more, 0.1 s, longer on a busy machine), which would make the first period
    # look short; it is paid here, before the poller's schedule is measured.
    HttpPollSource(fast(server.url)).test_fetch()
    r = run(fast(server.url, info_paths={"on air since": "data[0].started_at"}))
    r.until(lambda: len(r.sink.received) >= 6)
    assert r.finish() < 1.0
    assert {s.values["viewers"] for s in r.sink.received} == {3500}
    assert r.sink.gaps == []
    live = [s for s in r.sink.statuses if s.state is SourceState.LIVE]
    assert live and "on air since 2026-11-25T12:00:00Z" in live[-1].detail
    ts = [s.ts_ms for s in r.sink.received]
    periods = [b - a for a, b in itertools.pairwise(ts)]
    # Requests start on a fixed 200 ms grid and a sample is stamped when its
    # answer arrives, so one slow answer shortens the next period (CI saw
    # [97, 203, 197, 224, 176]): the grid holds on average and no period is a
    # double fire or a missed beat.
    assert all(30 <= p <= 450 for p in periods), periods
    assert 170 <= (ts[-1] - ts[0]) / len(periods) <= 260, periods
    assert r.sink.statuses[-1].state is SourceState.STOPPED


def _fails_then_recovers(api, behaviour, reason_fragment: str, then=None) -> Recorder:
    box = {"b": behaviour}
    server = api(lambda ex: box["b"](ex))
    r = run(fast(server.url))
    r.until(lambda: any(g.end_ms is None and reason_fragment in g.reason for g in r.sink.gaps))
    opened = r.sink.gaps[-1]
    assert {g.start_ms for g in r.sink.gaps} == {opened.start_ms}, "one gap, updated"
    stale = [s for s in r.sink.statuses if s.state is SourceState.STALE]
    assert stale and reason_fragment in stale[-1].detail
    n = len(server.requests)
    r.until(lambda: len(server.requests) > n + 1)  # it keeps trying
    box["b"] = then or good(GOOD_DOC)
    r.until(lambda: bool(r.sink.closed_gaps()) and len(r.sink.received) >= 2)
    r.finish()
    (closed,) = r.sink.closed_gaps()
    assert closed.start_ms == opened.start_ms
    assert closed.end_ms >= opened.start_ms + 300
    assert closed.end_ms <= r.sink.received[0].ts_ms
    assert all(s.ts_ms >= closed.end_ms for s in r.sink.received), "nothing filled in"
    return r.sink


@pytest.mark.parametrize(
    ("code", "text"),
    [(500, "HTTP 500"), (502, "HTTP 502"), (503, "HTTP 503"), (404, "HTTP 404")],
)
def test_server_errors_become_a_gap(api, code: int, text: str) -> None:
    _fails_then_recovers(api, status(code), text)


def test_connection_refused(api) -> None:
    server = api(good(GOOD_DOC))
    url = server.url
    server.close()
    r = run(fast(url))
    r.until(lambda: bool(r.sink.gaps))
    assert "cannot connect" in r.sink.gaps[0].reason
    r.finish()
    assert r.sink.gaps[-1].end_ms is not None, "the open gap is closed at stop"
    assert "stopped" in r.sink.gaps[-1].reason


def test_server_that_never_answers_is_cut_at_the_deadline(api) -> None:
    sink = _fails_then_recovers(api, never_answer, "no complete answer within 0.5 s")
    assert sink.received


def test_slow_loris_cannot_hold_a_request_past_the_deadline(api) -> None:
    server = api(slow_loris)
    r = run(fast(server.url))
    r.until(lambda: len(server.requests) >= 3, timeout=5)
    assert len(server.requests) >= 3, "each dripping request was cut and retried"
    r.until(lambda: "no complete answer within 0.5 s" in r.sink.gaps[-1].reason)
    assert r.finish() < 1.0, "stop does not wait for the dripping request"


def test_stop_is_prompt_while_a_request_hangs(api) -> None:
    server = api(never_answer)
    r = run(fast(server.url, deadline_s=20))
    r.until(lambda: len(server.requests) >= 1)
    assert r.finish() < 1.0


def test_invalid_json(api) -> None:
    _fails_then_recovers(api, raw(b"<html>oops</html>"), "not valid JSON")


def test_missing_field(api) -> None:
    _fails_then_recovers(api, good({"data": []}), "channel offline")


def test_wrong_typed_field(api) -> None:
    _fails_then_recovers(
        api, good({"data": [{"viewer_count": {"n": 1}}]}), "expected a number, got an object"
    )


def test_string_values_like_operators_write_them(api) -> None:
    server = api(good({"data": [{"viewer_count": "1.2万"}]}))
    r = run(fast(server.url))
    r.until(lambda: bool(r.sink.received))
    r.finish()
    assert r.sink.received[0].values == {"viewers": 12000}


def test_partial_mapping_keeps_what_it_can_and_says_what_it_cannot(api) -> None:
    server = api(good({"data": [{"viewer_count": 10}], "sales": "x"}))
    r = run(fast(server.url, mapping={"viewers": "data[0].viewer_count", "gmv": "sales"}))
    r.until(lambda: bool(r.sink.received))
    r.finish()
    assert r.sink.received[0].values == {"viewers": 10}
    live = [s for s in r.sink.statuses if s.state is SourceState.LIVE]
    assert "sales" in live[0].detail
    assert r.sink.gaps == []


def _retry_after_case(api, header: str):
    calls: list[float] = []

    def behaviour(ex) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            ex.json({"error": "slow down"}, status=429, headers={"Retry-After": header})
        else:
            ex.json(GOOD_DOC)

    server = api(behaviour)
    r = run(fast(server.url))
    return r, calls, server


def test_retry_after_seconds_is_honoured(api) -> None:
    r, calls, _ = _retry_after_case(api, "2")
    r.until(lambda: len(calls) >= 2, timeout=6)
    assert calls[1] - calls[0] >= 1.9
    assert any("retry after 2 s" in s.detail for s in r.sink.statuses)
    r.until(lambda: bool(r.sink.received))
    r.finish()
    assert r.sink.gaps and r.sink.gaps[-1].end_ms is not None


def test_retry_after_http_date_is_honoured(api) -> None:
    when = datetime.now(tz=UTC) + timedelta(seconds=3)
    r, calls, _ = _retry_after_case(api, format_datetime(when, usegmt=True))
    r.until(lambda: len(calls) >= 2, timeout=6)
    assert calls[1] - calls[0] >= 1.5
    r.finish()


@pytest.mark.parametrize(
    "header",
    [
        format_datetime(datetime.now(tz=UTC) - timedelta(hours=1), usegmt=True),
        "soon-ish",
        "-5",
        "",
    ],
    ids=["past-date", "garbage", "negative", "empty"],
)
def test_unusable_retry_after_falls_back_to_backoff(api, header: str) -> None:
    r, calls, _ = _retry_after_case(api, header)
    r.until(lambda: len(calls) >= 2, timeout=3)
    assert calls[1] - calls[0] < 0.8
    r.finish()


def test_huge_retry_after_is_clamped_and_stop_still_prompt(api) -> None:
    r, calls, _ = _retry_after_case(api, "999999")
    r.until(lambda: any("retry after 600 s" in s.detail for s in r.sink.statuses))
    time.sleep(0.5)
    assert len(calls) == 1, "it waits as asked (clamped to 10 minutes)"
    assert r.finish() < 1.0


def test_secrets_never_leak_into_statuses_or_gaps(api) -> None:
    token = "s3cr3t-tok3n-value"
    server = api(status(401))
    cfg = fast(
        server.url + "?key={api_key}",
        headers={"Authorization": "Bearer {token}"},
        secret_names=("token", "api_key"),
    )
    r = run(cfg, secrets={"token": token, "api_key": "k3y-" + token})
    r.until(lambda: bool(r.sink.gaps))
    r.finish()
    assert server.requests[0].headers["authorization"] == f"Bearer {token}"
    assert "check the token" in r.sink.gaps[0].reason
    assert token not in r.sink.texts()
    assert token not in repr(HttpPollSource(cfg, secrets={"token": token}).config())


def test_missing_secret_stops_with_a_clear_status(api) -> None:
    server = api(good(GOOD_DOC))
    cfg = fast(server.url, headers={"Authorization": "Bearer {token}"}, secret_names=("token",))
    src = HttpPollSource(cfg)
    sink = Recorder()
    src.run(SourceContext(0), sink, threading.Event())
    assert sink.statuses[-1].state is SourceState.STOPPED
    assert "missing token" in sink.statuses[-1].detail
    assert server.requests == []


def test_test_fetch_shows_body_and_mapped_values(api) -> None:
    server = api(good(GOOD_DOC))
    result = HttpPollSource(fast(server.url)).test_fetch()
    assert result.status == 200
    assert '"viewer_count": 3500' in result.body_preview
    assert result.values == {"viewers": 3500}
    assert result.errors == {}


def test_twitch_preset_sends_what_helix_expects(api) -> None:
    server = api(good(GOOD_DOC))
    cfg = preset_config("twitch", {"channel": "somechannel", "client_id": "abc123"}, url=server.url)
    src = HttpPollSource(cfg, secrets={"token": "tok-9d1e"})
    result = src.test_fetch()
    ex = server.requests[0]
    assert ex.path == "/api?user_login=somechannel"
    assert ex.headers["client-id"] == "abc123"
    assert ex.headers["authorization"] == "Bearer tok-9d1e"
    assert result.values == {"viewers": 3500}
    assert result.info == {"on air since": "2026-11-25T12:00:00Z"}
    assert "tok-9d1e" not in repr(src.config())
    assert src.label == "Twitch somechannel"


def test_youtube_preset_reads_concurrent_viewers(api) -> None:
    doc = {"items": [{"liveStreamingDetails": {"concurrentViewers": "4321"}}]}
    server = api(good(doc))
    cfg = preset_config("youtube", {"video_id": "vid1"}, url=server.url)
    result = HttpPollSource(cfg, secrets={"api_key": "KEY"}).test_fetch()
    assert result.values == {"viewers": 4321}
    assert "id=vid1" in server.requests[0].path and "key=KEY" in server.requests[0].path


def test_presets_are_described() -> None:
    assert set(PRESETS) == {"twitch", "youtube"}
    with pytest.raises(ValueError, match="needs channel"):
        preset_config("twitch", {"client_id": "x"})
    with pytest.raises(ValueError, match="unknown preset"):
        preset_config("kuaishou", {})


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"interval_s": 0.5}, "at least 1 s"),
        ({"url": "ftp://x"}, "http://"),
        ({"mapping": {}}, "map at least one metric"),
        ({"mapping": {"viewerz": "a"}}, "unknown metric"),
        ({"mapping": {"viewers": "a..b"}}, "must follow a key"),
        ({"method": "DELETE"}, "GET or POST"),
    ],
)
def test_config_validation(changes, fragment) -> None:
    base = {"url": "https://example.test/api", "mapping": {"viewers": "data[0].v"}}
    base.update(changes)
    cfg = HttpPollConfig(**base)
    with pytest.raises(ValueError, match=fragment):
        cfg.validate()


def test_config_round_trips_without_secrets() -> None:
    cfg = preset_config("twitch", {"channel": "c", "client_id": "id"})
    again = HttpPollConfig.from_dict(cfg.to_dict())
    assert again == cfg


NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30", 30.0),
        ("0", None),
        ("", None),
        (None, None),
        ("abc", None),
        ("-3", None),
        ("99999999", 600.0),
        ("Wed, 25 Nov 2026 12:00:10 GMT", 10.0),
        ("Wed, 25 Nov 2026 11:59:00 GMT", None),
        ("Wed, 25 Nov 2026 12:00:00 GMT", None),
        ("Wed, 25 Nov 2027 12:00:00 GMT", 600.0),
    ],
)
def test_parse_retry_after(value, expected) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_clamps_short_waits_up() -> None:
    assert parse_retry_after("Wed, 25 Nov 2026 12:00:00 GMT", NOW - timedelta(seconds=0.3)) == 1.0


def test_post_with_a_json_body_and_a_secret_in_it(api) -> None:
    server = api(good(GOOD_DOC))
    cfg = fast(
        server.url, method="POST", body='{"room": 42, "key": "{token}"}', secret_names=("token",)
    )
    result = HttpPollSource(cfg, secrets={"token": "b0dy-secret"}).test_fetch()
    assert result.values == {"viewers": 3500}
    ex = server.requests[0]
    assert ex.method == "POST"
    assert ex.body == b'{"room": 42, "key": "b0dy-secret"}'


def test_the_command_line_knows_every_preset() -> None:
    from app.cli.source_args import PRESET_NAMES
    from app.sources.http_poll import PRESETS

    assert tuple(sorted(PRESETS)) == PRESET_NAMES
