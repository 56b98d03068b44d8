"""Push ingest: a small HTTP endpoint on 127.0.0.1 that browser userscripts,
OBS scripts or any tool can post numbers to.

    POST /v1/samples   Authorization: Bearer <token>
                       {"metrics": {"viewers": 3500, "gmv": "1.2万"},
                        "ts": "2026-11-25T21:03:00+08:00"}
    GET  /v1/health

It listens on loopback only, checks a per-install bearer token, caps the body
size, and answers every bad request with a 4xx JSON error that names the field.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app import __version__
from app.core.entry import parse_metric_values, parse_timestamp
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import Sample
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
        self, port: int = 0, token: str = "", max_body: int = MAX_BODY_BYTES, **_stored: Any
    ) -> None:
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
    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Content-Length", "0")
        self._cors()
        self.end_headers()

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/v1/health":
            self._json(HTTPStatus.OK, {"ok": True, "app": "genbo", "version": __version__})
        else:
            self._error(_ApiError(HTTPStatus.NOT_FOUND, "no such endpoint; POST /v1/samples"))

    def do_POST(self) -> None:
        self.source.handler_threads.add(threading.get_ident())
        try:
            if self.path.split("?")[0] != "/v1/samples":
                raise _ApiError(HTTPStatus.NOT_FOUND, "no such endpoint; POST /v1/samples")
            self._check_token()
            sample = self._read_sample()
        except _ApiError as err:
            self._error(err)
            return
        self.sink.samples([sample])
        self._json(
            HTTPStatus.ACCEPTED,
            {"accepted": sorted(sample.values), "ts_ms": sample.ts_ms},
        )

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

    def _read_sample(self) -> Sample:
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
        unknown = set(doc) - {"metrics", "ts"}
        if unknown:
            name = sorted(unknown)[0]
            raise _ApiError(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f'unknown field {name!r}; a body has "metrics" and optionally "ts"',
                name,
            )
        return Sample(ts, values, IngestSource.kind)
