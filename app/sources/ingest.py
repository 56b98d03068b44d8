"""Push ingest: a small HTTP endpoint on 127.0.0.1 that browser userscripts
(the companion, `resources/companion/`), OBS scripts or any tool can post
numbers to.

    POST /v1/samples   Authorization: Bearer <token>
                       {"metrics": {"viewers": 3500, "gmv": "1.2万"},
                        "ts": "2026-11-25T21:03:00+08:00", "source": "大屏"}
    POST /v1/check     the same body: how Genbo reads it, nothing stored
    GET  /v1/session   whether a session is live, and the metrics it takes
    GET  /v1/health
    GET  /companion.user.js   the browser companion, paired with this endpoint

It listens on loopback only, checks a per-install bearer token, caps the body
size, and answers every bad request with a 4xx JSON error that names the field.
A post's optional `source` names a feed (a second browser tab): it is stored
as a source of the session of its own (`SourceContext.feed`). Every feed's
last post, values and last refusal are kept for the window (`feeds`).

The companion's address is answered only to a request addressed to
127.0.0.1 or localhost (not through DNS rebinding, which names another
host), without CORS headers, and not to a page including it as a script
(`Sec-Fetch-Dest`) or fetching it (`Origin`): a web page cannot get the
token out of it.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app import __version__
from app.config.paths import resource_path
from app.core.entry import metric_text, parse_metric_values, parse_timestamp
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import METRICS, Sample, Unit
from app.core.numbers import NumberFormat
from app.sources.base import (
    Source,
    SourceConfigError,
    SourceContext,
    SourceSink,
    SourceState,
    SourceStatus,
    register,
)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
FUTURE_TOLERANCE_MS = 5 * 60 * 1000
"""A client's `ts` may be this far ahead of the session's clock (the
timeline samples are stored on) or of the wall clock, whichever is later."""


COMPANION = "companion/genbo-companion.user.js"
"""The browser companion under `resources/`, served at `/companion.user.js`."""
MAX_FEED_LABEL = 60
_LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True, slots=True)
class FeedState:
    """What one feed (a browser tab, a script) of a push-ingest source last did."""

    label: str
    """The post's `source`; "" for posts without one."""
    posts: int = 0
    last_post_ms: int | None = None
    """On the session's timeline."""
    values: dict[str, int] = field(default_factory=dict)
    """The newest value of every metric it posted (raw)."""
    error: str = ""
    """Its last refused post's reason (English, as the API answered)."""
    error_ms: int | None = None


def metric_texts(key: str, raw: int, fmt: NumberFormat) -> tuple[str, str]:
    """A metric's raw value as the one formatter shows it, and every digit of
    it (the companion's preview: ¥56.8万 → ¥568,000.00)."""
    m = METRICS[key]
    value = m.from_raw(raw)
    short = metric_text(key, value, fmt)
    if m.unit is Unit.SECONDS:
        return short, short
    return short, fmt.money_exact(value) if m.is_money else fmt.grouped(value)


def pairing_text(port: int, token: str) -> str:
    """What the window's Copy pairing puts on the clipboard, and the
    companion's Pair field takes: the endpoint's address with its token."""
    return f"http://127.0.0.1:{port}/#genbo-token={token}"


class _ApiError(Exception):
    def __init__(self, status: HTTPStatus, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


@register
class IngestSource(Source):
    kind = "ingest"

    def __init__(
        self,
        port: int = 0,
        token: str = "",
        max_body: int = MAX_BODY_BYTES,
        fmt: NumberFormat | None = None,
        **_stored: Any,
    ) -> None:
        """`fmt`: how `POST /v1/check` shows what it read (the window's and
        the CLI's formatter; 万/亿 by default)."""
        if not 0 <= int(port) <= 65535:
            raise SourceConfigError(
                QT_TRANSLATE_NOOP(
                    "sources", "port must be between 0 and 65535 (0 picks a free one)"
                )
            )
        self.requested_port = int(port)
        self.token = token
        self.max_body = max_body
        self.port: int | None = None
        self.ready = threading.Event()
        """Set once the server listens (or failed to); `port` is then known."""
        self.handler_threads: set[int] = set()
        self.fmt = fmt or NumberFormat()
        self._feeds: dict[str, FeedState] = {}
        self._feeds_lock = threading.Lock()

    def feeds(self) -> list[FeedState]:
        """Every feed that posted (or was refused) so far, the unlabelled one first."""
        with self._feeds_lock:
            return [self._feeds[k] for k in sorted(self._feeds)]

    def _note(
        self, label: str, sample: Sample | None = None, error: str = "", at_ms: int = 0
    ) -> None:
        with self._feeds_lock:
            st = self._feeds.get(label, FeedState(label))
            if sample is not None:
                st = replace(
                    st,
                    posts=st.posts + 1,
                    last_post_ms=sample.ts_ms,
                    values={**st.values, **sample.values},
                )
            if error:
                st = replace(st, error=error, error_ms=at_ms)
            self._feeds[label] = st

    def companion_script(self) -> str:
        """The browser companion, paired with this endpoint (its address and token)."""
        path = resource_path(COMPANION)
        if path is None:
            raise FileNotFoundError(COMPANION)
        text = path.read_text(encoding="utf-8")
        return text.replace("__GENBO_ADDRESS__", f"http://127.0.0.1:{self.port}").replace(
            "__GENBO_TOKEN__", self.token
        )

    @property
    def label(self) -> str:
        return f"Push ingest :{self.port or self.requested_port or 'auto'}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/samples"

    def config(self) -> dict[str, Any]:
        return {"port": self.requested_port}  # never the token

    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        if not self.token:
            sink.status(
                SourceStatus(
                    SourceState.STOPPED,
                    translate("sources", QT_TRANSLATE_NOOP("sources", "no ingest token")),
                    ctx.now_ms(),
                )
            )
            self.ready.set()
            return
        source = self

        class Handler(_Handler):
            pass

        Handler.source = source
        Handler.sink = sink
        Handler.ctx = ctx
        Handler.stopped = stop
        try:
            server = ThreadingHTTPServer(("127.0.0.1", self.requested_port), Handler)
        except OSError as exc:
            detail = (
                say(
                    "sources",
                    QT_TRANSLATE_NOOP(
                        "sources", "port {port} is in use; pick another or leave it empty"
                    ),
                    port=self.requested_port,
                )
                if exc.errno in (98, 48, 10048)
                else say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "cannot listen on 127.0.0.1:{port} ({error})"),
                    port=self.requested_port,
                    error=exc.strerror,
                )
            )
            sink.status(SourceStatus(SourceState.STOPPED, detail, ctx.now_ms()))
            self.ready.set()
            return
        server.daemon_threads = True
        self.port = int(server.server_address[1])
        self.ready.set()
        sink.status(
            SourceStatus(
                SourceState.LIVE,
                say("sources", QT_TRANSLATE_NOOP("sources", "listening on {url}"), url=self.url),
                ctx.now_ms(),
            )
        )
        serving = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        serving.start()
        stop.wait()
        server.shutdown()
        server.server_close()
        sink.status(SourceStatus(SourceState.STOPPED, "", ctx.now_ms()))


class _Handler(BaseHTTPRequestHandler):
    source: IngestSource
    sink: SourceSink
    ctx: SourceContext
    stopped: threading.Event
    feed_label = ""
    """The feed the request being answered names (its refusal is that feed's)."""
    timeout = 30
    """An idle kept-alive connection is closed after this many seconds."""
    server_version = f"Genbo/{__version__}"
    disable_nagle_algorithm = True
    """Headers and body go out in separate writes: without this a kept-alive
    connection waits out the peer's delayed ACK (40 ms) on every answer."""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("ingest %s", format % args)

    # -- responses -------------------------------------------------------------------
    def _cors(self) -> None:
        # Userscripts may post from a page's origin; the token is the guard.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Private-Network", "true")

    def _json(self, status: HTTPStatus, doc: dict[str, Any], close: bool = False) -> None:
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if close:
            # Said, not only done: a client that is not told reuses the
            # connection for its next request and finds it closed under it.
            self.send_header("Connection", "close")
        self._cors()
        self.end_headers()
        self.wfile.write(body)

    def _error(self, err: _ApiError) -> None:
        doc: dict[str, Any] = {"error": err.message}
        if err.field:
            doc["field"] = err.field
        # Do not read an unread (maybe huge) body; close instead of keeping alive.
        self._json(err.status, doc, close=True)

    # -- routes ----------------------------------------------------------------------
    def _gone(self) -> bool:
        """After the source stopped, a connection kept alive from before gets
        a refusal (and is closed), not a session that is over."""
        if not self.stopped.is_set():
            return False
        self._error(
            _ApiError(HTTPStatus.SERVICE_UNAVAILABLE, "this session's push ingest has stopped")
        )
        return True

    def do_OPTIONS(self) -> None:
        if self._gone():
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Content-Length", "0")
        self._cors()
        self.end_headers()

    def do_GET(self) -> None:
        if self._gone():
            return
        path = self.path.split("?")[0]
        if path == "/v1/health":
            self._json(HTTPStatus.OK, {"ok": True, "app": "genbo", "version": __version__})
        elif path == "/v1/session":
            try:
                self._check_token()
            except _ApiError as err:
                self._error(err)
                return
            self._json(HTTPStatus.OK, self._session_doc())
        elif path == "/companion.user.js":
            self._companion()
        else:
            self._error(_ApiError(HTTPStatus.NOT_FOUND, "no such endpoint; POST /v1/samples"))

    def _session_doc(self) -> dict[str, Any]:
        about = dict(self.ctx.about)
        return {
            "live": True,
            "title": about.get("title", ""),
            "streamer": about.get("streamer", ""),
            "started_ms": self.ctx.session_started_ms,
            "now_ms": self.ctx.now_ms(),
            "metrics": [
                {"key": m.key, "label": m.label, "label_zh": m.label_zh, "unit": m.unit.value}
                for m in METRICS.values()
                if not m.channel
            ],
        }

    def _companion(self) -> None:
        """The companion script, paired: only to a request addressed to this
        computer by name (a page that rebinds its own name to 127.0.0.1 sends
        its own), and with no CORS header (a page cannot read it)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host not in _LOCAL_HOSTS:
            self._error(
                _ApiError(HTTPStatus.FORBIDDEN, "open this address as http://127.0.0.1:PORT/")
            )
            return
        # A page that includes it (<script src>) would run it, token and all,
        # in its own context; one that fetches it sends its Origin. Only a
        # visit (the manager's install page) or the manager's own request.
        dest = (self.headers.get("Sec-Fetch-Dest") or "").lower()
        if dest not in ("", "document", "empty") or self.headers.get("Origin"):
            self._error(
                _ApiError(
                    HTTPStatus.FORBIDDEN,
                    "open http://127.0.0.1:PORT/companion.user.js in the browser to install it",
                )
            )
            return
        try:
            body = self.source.companion_script().encode("utf-8")
        except OSError as exc:
            self._error(_ApiError(HTTPStatus.NOT_FOUND, f"the companion is missing: {exc}"))
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.source.handler_threads.add(threading.get_ident())
        if self._gone():
            return
        path = self.path.split("?")[0]
        label = self.feed_label = ""
        try:
            if path not in ("/v1/samples", "/v1/check"):
                raise _ApiError(HTTPStatus.NOT_FOUND, "no such endpoint; POST /v1/samples")
            self._check_token()
            sample, label = self._read_sample()
            if path == "/v1/check":
                self._json(HTTPStatus.OK, self._check_doc(sample, label))
                return
            try:
                if label and self.ctx.feed is not None:
                    # Its own source, made at its first post (then a lookup).
                    self.ctx.feed(self.source, label)
            except Exception as exc:
                log.warning("could not add the feed %r: %s", label, exc)
                raise _ApiError(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"Genbo cannot store the feed {label!r} now ({exc}); try again",
                    "source",
                ) from None
        except _ApiError as err:
            if err.status not in (HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND):
                self.source._note(self.feed_label, error=err.message, at_ms=self.ctx.now_ms())
            self._error(err)
            return
        if label:
            sample = Sample(sample.ts_ms, sample.values, f"{IngestSource.kind}:{label}")
        self.sink.samples([sample])
        self.source._note(label, sample)
        self._json(
            HTTPStatus.ACCEPTED,
            {"accepted": sorted(sample.values), "ts_ms": sample.ts_ms},
        )

    def _check_doc(self, sample: Sample, label: str) -> dict[str, Any]:
        fmt = self.source.fmt
        shown = {}
        for key, raw in sample.values.items():
            short, exact = metric_texts(key, raw, fmt)
            shown[key] = {"raw": raw, "text": short, "exact": exact}
        return {"values": shown, "ts_ms": sample.ts_ms, "source": label}

    def _check_token(self) -> None:
        auth = self.headers.get("Authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise _ApiError(
                HTTPStatus.UNAUTHORIZED,
                "missing bearer token: send Authorization: Bearer <token>",
                "authorization",
            )
        if not hmac.compare_digest(given.strip().encode(), self.source.token.encode()):
            raise _ApiError(HTTPStatus.UNAUTHORIZED, "wrong token", "authorization")

    def _read_sample(self) -> tuple[Sample, str]:
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise _ApiError(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required", "body")
        try:
            length = int(length_text)
        except ValueError:
            raise _ApiError(HTTPStatus.BAD_REQUEST, "bad Content-Length", "body") from None
        if length > self.source.max_body:
            raise _ApiError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"body is {length} bytes; the limit is {self.source.max_body}",
                "body",
            )
        raw = self.rfile.read(length)
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _ApiError(
                HTTPStatus.BAD_REQUEST, f"body is not valid JSON ({exc})", "body"
            ) from None
        if not isinstance(doc, dict):
            raise _ApiError(HTTPStatus.BAD_REQUEST, "body must be a JSON object", "body")
        label = doc.get("source")
        if label is None:
            label = ""
        if not isinstance(label, str) or len(label.strip()) > MAX_FEED_LABEL:
            raise _ApiError(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f'"source" is a name of up to {MAX_FEED_LABEL} characters, e.g. "大屏"',
                "source",
            )
        self.feed_label = label = " ".join(label.split())  # a refusal below is that feed's
        metrics = doc.get("metrics")
        if not isinstance(metrics, dict) or not metrics:
            raise _ApiError(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                'give "metrics" as an object, e.g. {"metrics": {"viewers": 3500}}',
                "metrics",
            )
        values, errors = parse_metric_values(metrics, in_english=True)  # the API speaks English
        if errors:
            field, message = next(iter(errors.items()))
            raise _ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, message, field)
        now = self.ctx.now_ms()  # the session's clock, not the wall's
        ts = now
        if doc.get("ts") is not None:
            try:
                ts = parse_timestamp(doc["ts"])
            except ValueError as exc:
                why = exc.english if isinstance(exc, Explained) else str(exc)
                raise _ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, why, "ts") from None
            # Against the later of the session's clock and the wall's: after the
            # computer's clock was stepped forward (NTP fixing a slow clock), a
            # client with the right time is ahead of the session, not wrong.
            if ts > max(now, self.ctx.clock.wall()) + FUTURE_TOLERANCE_MS:
                raise _ApiError(
                    HTTPStatus.UNPROCESSABLE_ENTITY, "ts is in the future; check the clock", "ts"
                )
        unknown = set(doc) - {"metrics", "ts", "source"}
        if unknown:
            name = sorted(unknown)[0]
            raise _ApiError(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f'unknown field {name!r}; a body has "metrics" and optionally "ts" and "source"',
                name,
            )
        return Sample(ts, values, IngestSource.kind), label
