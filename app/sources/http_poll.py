"""Poll a JSON API every few seconds and map fields to metrics.

Each request runs on the source's own thread inside its own asyncio loop, so a
total deadline is a real cancellation (`asyncio.timeout`): a server that drips
bytes cannot hold a request past it, which httpx's per-read timeouts alone do
not guarantee. Failures are retried with capped exponential backoff and jitter
(tenacity); 429 and 503 honour `Retry-After` (seconds or an HTTP date), clamped
to a sane range. When no sample arrives for longer than the interval allows, a
gap is reported (and later closed); nothing is filled in.

Secrets (tokens, API keys) are passed in at construction, substituted into the
request, and never appear in `config()`, statuses, gap reasons or logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type
from tenacity.wait import wait_base, wait_exponential_jitter

from app import __version__

if TYPE_CHECKING:  # imported when a poll starts: the window opens faster without it
    import httpx
from app.core.jsonpath import JsonPath, JsonPathError, to_number
from app.core.messages import QT_TRANSLATE_NOOP, Explained, say, translate
from app.core.metrics import METRICS, Gap, Sample, Unit
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

MIN_INTERVAL_S = 1.0
"""The shortest poll interval an operator may configure."""
RETRY_AFTER_MIN_S = 1.0
RETRY_AFTER_MAX_S = 600.0
MAX_BODY_BYTES = 4 * 1024 * 1024


class PollError(Explained, Exception):
    """One failed poll: `str()` is fit for the status line (the user's
    language), `reason` (English) for the gap record."""

    context = "sources"

    def __init__(self, template: str, /, retry_after_s: float | None = None, **fields: Any) -> None:
        super().__init__(template, **fields)
        self.retry_after_s = retry_after_s

    @property
    def reason(self) -> str:
        return self.english

    def __reduce__(self) -> tuple[Any, ...]:
        return (_poll_error, (self.template, self.fields, self.retry_after_s))


def _poll_error(template: str, fields: dict[str, Any], retry_after_s: float | None) -> PollError:
    return PollError(template, retry_after_s=retry_after_s, **fields)


class _Stopped(Exception):  # noqa: N818 - a signal, not an error
    pass


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header, or None when it is missing,
    garbage, or already past. Clamped to [RETRY_AFTER_MIN_S, RETRY_AFTER_MAX_S]."""
    if value is None:
        return None
    v = value.strip()
    if not v:
        return None
    seconds: float | None = None
    if v.isdigit():
        seconds = float(int(v))
    else:
        try:
            when = parsedate_to_datetime(v)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(tz=UTC))).total_seconds()
    if seconds <= 0:
        return None
    return min(max(seconds, RETRY_AFTER_MIN_S), RETRY_AFTER_MAX_S)


class _RetryAfterOrBackoff(wait_base):
    """Wait what the server asked for (Retry-After), else the backoff."""

    def __init__(self, backoff: wait_base) -> None:
        self.backoff = backoff

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, PollError) and exc.retry_after_s is not None:
            return exc.retry_after_s
        return float(self.backoff(retry_state))


@dataclass(frozen=True)
class HttpPollConfig:
    """What to fetch and how to read it. `{name}` placeholders in the URL,
    headers and query are filled from `params` (stored) and secrets (never
    stored)."""

    url: str
    mapping: Mapping[str, str]
    """Metric key → JSON path, e.g. {"viewers": "data[0].viewer_count"}."""
    method: str = "GET"
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    secret_names: tuple[str, ...] = ()
    interval_s: float = 5.0
    deadline_s: float = 10.0
    backoff_initial_s: float = 1.0
    backoff_max_s: float = 60.0
    gap_after_s: float | None = None
    """No sample for this long is a gap; default max(2 × interval, interval + 1 s)."""
    preset: str | None = None
    label: str | None = None
    info_paths: Mapping[str, str] = field(default_factory=dict)
    """Extra fields shown in the status line (e.g. Twitch's started_at)."""

    def validate(self, min_interval_s: float = MIN_INTERVAL_S) -> None:
        problems = []
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(
                say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "URL “{url}” must start with http:// or https://"),
                    url=self.url,
                )
            )
        if self.method.upper() not in ("GET", "POST"):
            problems.append(
                translate("sources", QT_TRANSLATE_NOOP("sources", "method must be GET or POST"))
            )
        if not self.interval_s >= min_interval_s:
            problems.append(
                say(
                    "sources",
                    QT_TRANSLATE_NOOP("sources", "interval must be at least {seconds} s"),
                    seconds=f"{min_interval_s:g}",
                )
            )
        if not self.deadline_s > 0:
            problems.append(
                translate(
                    "sources", QT_TRANSLATE_NOOP("sources", "deadline must be greater than 0 s")
                )
            )
        if not self.mapping:
            problems.append(
                translate(
                    "sources",
                    QT_TRANSLATE_NOOP(
                        "sources", "map at least one metric, e.g. viewers=data[0].viewer_count"
                    ),
                )
            )
        for key, path in self.mapping.items():
            if key not in METRICS:
                problems.append(
                    say(
                        "sources",
                        QT_TRANSLATE_NOOP("sources", "unknown metric “{metric}”; known: {known}"),
                        metric=key,
                        known=", ".join(METRICS),
                    )
                )
            try:
                JsonPath.parse(path)
            except JsonPathError as exc:
                problems.append(str(exc))
        if problems:
            raise SourceConfigError("{problems}", problems="; ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """Stored with the session: no secret values, only their names."""
        return {
            "url": self.url,
            "mapping": dict(self.mapping),
            "method": self.method,
            "headers": dict(self.headers),
            "query": dict(self.query),
            "body": self.body,
            "params": dict(self.params),
            "secret_names": list(self.secret_names),
            "interval_s": self.interval_s,
            "deadline_s": self.deadline_s,
            "backoff_initial_s": self.backoff_initial_s,
            "backoff_max_s": self.backoff_max_s,
            "gap_after_s": self.gap_after_s,
            "preset": self.preset,
            "label": self.label,
            "info_paths": dict(self.info_paths),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HttpPollConfig:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if "secret_names" in known:
            known["secret_names"] = tuple(known["secret_names"])
        return cls(**known)


@dataclass(frozen=True)
class Preset:
    name: str
    config: HttpPollConfig
    needs: tuple[str, ...]
    """Parameters the operator supplies (non-secret ones and secrets)."""
    help: str


PRESETS: dict[str, Preset] = {
    "twitch": Preset(
        "Twitch Helix · Get Streams",
        HttpPollConfig(
            url="https://api.twitch.tv/helix/streams",
            query={"user_login": "{channel}"},
            headers={"Client-Id": "{client_id}", "Authorization": "Bearer {token}"},
            mapping={"viewers": "data[0].viewer_count"},
            info_paths={"on air since": "data[0].started_at"},
            secret_names=("token",),
            interval_s=10.0,
            preset="twitch",
        ),
        needs=("channel", "client_id", "token"),
        help="Channel login name, your app's Client-Id and an app or user access token.",
    ),
    "youtube": Preset(
        "YouTube Data API · videos.list (liveStreamingDetails)",
        HttpPollConfig(
            url="https://www.googleapis.com/youtube/v3/videos",
            query={"part": "liveStreamingDetails", "id": "{video_id}", "key": "{api_key}"},
            mapping={"viewers": "items[0].liveStreamingDetails.concurrentViewers"},
            info_paths={"on air since": "items[0].liveStreamingDetails.actualStartTime"},
            secret_names=("api_key",),
            interval_s=15.0,
            preset="youtube",
        ),
        needs=("video_id", "api_key"),
        help="The live video's id and an API key (each poll costs 1 quota unit).",
    ),
}


def preset_config(
    name: str, params: Mapping[str, str], url: str | None = None, **overrides: Any
) -> HttpPollConfig:
    """A preset's config with the operator's (non-secret) parameters; `url`
    replaces the preset's endpoint (a proxy, or a test server)."""
    try:
        preset = PRESETS[name]
    except KeyError:
        raise SourceConfigError(
            QT_TRANSLATE_NOOP("sources", "unknown preset “{name}”; choose from {choices}"),
            name=name,
            choices=", ".join(PRESETS),
        ) from None
    cfg = preset.config
    missing = [p for p in preset.needs if p not in cfg.secret_names and not params.get(p)]
    if missing:
        raise SourceConfigError(
            QT_TRANSLATE_NOOP("sources", "the {name} preset needs {missing}"),
            name=name,
            missing=", ".join(missing),
        )
    return replace(cfg, params=dict(params), url=url or cfg.url, **overrides)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    """Replace {name} placeholders; other braces (a JSON body) are left alone."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise SourceConfigError(
                QT_TRANSLATE_NOOP("sources", "no value for “{name}”"), name=f"{{{name}}}"
            )
        return values[name]

    return _PLACEHOLDER.sub(sub, text)


@dataclass(frozen=True)
class FetchResult:
    """One poll, for the "Test" button: what came back and what it maps to."""

    status: int
    body_preview: str
    values: dict[str, int]
    errors: dict[str, str]
    info: dict[str, str]


@register
class HttpPollSource(Source):
    kind = "http"

    def __init__(
        self,
        config: HttpPollConfig | None = None,
        secrets: Mapping[str, str] | None = None,
        **stored: Any,
    ) -> None:
        # `stored` lets a session be resumed from its saved config (secrets
        # are looked up again by the caller).
        self.cfg = config if config is not None else HttpPollConfig.from_dict(stored)
        self._secrets = dict(secrets or {})
        self._paths = {k: JsonPath.parse(p) for k, p in self.cfg.mapping.items()}
        self._info_paths = {k: JsonPath.parse(p) for k, p in self.cfg.info_paths.items()}
        self.request_threads: set[int] = set()
        """Ident of every thread that made a request (tests assert it is never the GUI's)."""

    @property
    def label(self) -> str:
        if self.cfg.label:
            return self.cfg.label
        if self.cfg.preset:
            who = self.cfg.params.get("channel") or self.cfg.params.get("video_id") or ""
            return f"{self.cfg.preset.capitalize()} {who}".strip()
        return f"HTTP {urlsplit(self.cfg.url).netloc}"

    def config(self) -> dict[str, Any]:
        return self.cfg.to_dict()

    @property
    def missing_secrets(self) -> list[str]:
        return [n for n in self.cfg.secret_names if not self._secrets.get(n)]

    # -- request building ------------------------------------------------------------
    def _values(self) -> dict[str, str]:
        return {**self.cfg.params, **self._secrets}

    def _request_parts(self) -> tuple[str, dict[str, str], dict[str, str]]:
        values = self._values()
        try:
            url = _fill(self.cfg.url, values)
            headers = {k: _fill(v, values) for k, v in self.cfg.headers.items()}
            query = {k: _fill(v, values) for k, v in self.cfg.query.items()}
        except ValueError as exc:
            raise PollError("{error}", error=exc) from None
        headers.setdefault("User-Agent", f"Genbo/{__version__}")
        headers.setdefault("Accept", "application/json")
        return url, headers, query

    def redact(self, text: str) -> str:
        """`text` without this source's secrets in any form a server or a
        library may say them back (percent-encoded in a query string, as
        bytes in an error: b'Bearer …\\n'), nor anything that names a
        credential (`app.config.logs.redact`)."""
        from app.config.logs import redact

        return redact(text, [s for s in self._secrets.values() if s])

    def _client(self) -> httpx.AsyncClient:
        import httpx

        d = self.cfg.deadline_s

        async def note_thread(_request: httpx.Request) -> None:
            self.request_threads.add(threading.get_ident())

        return httpx.AsyncClient(
            timeout=httpx.Timeout(d, connect=min(d, 5.0)),
            follow_redirects=True,
            event_hooks={"request": [note_thread]},
        )

    # -- one poll --------------------------------------------------------------------
    async def _fetch(self, client: httpx.AsyncClient) -> tuple[int, bytes]:
        import httpx

        url, headers, query = self._request_parts()
        try:
            payload = _fill(self.cfg.body, self._values()) if self.cfg.body else None
        except ValueError as exc:
            raise PollError("{error}", error=exc) from None
        d = self.cfg.deadline_s
        try:
            async with asyncio.timeout(d):
                async with client.stream(
                    self.cfg.method.upper(),
                    url,
                    headers=headers,
                    params=query,
                    content=payload.encode() if payload else None,
                ) as resp:
                    chunks = []
                    size = 0
                    async for chunk in resp.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_BODY_BYTES:
                            raise PollError(
                                QT_TRANSLATE_NOOP("sources", "response larger than {mb} MB"),
                                mb=MAX_BODY_BYTES // (1024 * 1024),
                            )
                        chunks.append(chunk)
                    body = b"".join(chunks)
                    status = resp.status_code
                    reason = resp.reason_phrase
                    retry_after = resp.headers.get("Retry-After")
        except TimeoutError:
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "no complete answer within {seconds} s"),
                seconds=f"{d:g}",
            ) from None
        except httpx.ConnectError as exc:
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "cannot connect ({error})"), error=_short(exc)
            ) from None
        except httpx.TimeoutException:
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "no complete answer within {seconds} s"),
                seconds=f"{d:g}",
            ) from None
        except httpx.HTTPError as exc:
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "request failed ({kind}: {error})"),
                kind=type(exc).__name__,
                error=_short(exc),
            ) from None
        if status in (429, 503):
            wait = parse_retry_after(retry_after)
            if wait is not None:
                raise PollError(
                    QT_TRANSLATE_NOOP("sources", "HTTP {status} {reason}, retry after {seconds} s"),
                    retry_after_s=wait,
                    status=status,
                    reason=reason,
                    seconds=f"{wait:.0f}",
                )
            raise PollError("HTTP {status} {reason}", status=status, reason=reason)
        if status in (401, 403):
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "HTTP {status} {reason}: check the token or key"),
                status=status,
                reason=reason,
            )
        if not 200 <= status < 300:
            raise PollError("HTTP {status} {reason}", status=status, reason=reason)
        return status, body

    def _map(self, body: bytes) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise PollError(
                QT_TRANSLATE_NOOP("sources", "the answer is not valid JSON ({error})"),
                error=str(exc),
            ) from None
        values: dict[str, int] = {}
        errors: dict[str, str] = {}
        for key, path in self._paths.items():
            metric = METRICS[key]
            try:
                number = to_number(path.find(doc), duration=metric.unit is Unit.SECONDS)
                if number < 0:
                    raise JsonPathError(QT_TRANSLATE_NOOP("sources", "negative value"))
                values[key] = metric.to_raw(number)
            except JsonPathError as exc:
                errors[key] = f"{path.text}: {exc}"
        info = {}
        for name, path in self._info_paths.items():
            with contextlib.suppress(JsonPathError):
                info[name] = str(path.find(doc))
        return values, errors, info

    async def _poll(
        self, client: httpx.AsyncClient
    ) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
        _status, body = await self._fetch(client)
        values, errors, info = self._map(body)
        if not values:
            if not errors:
                raise PollError(QT_TRANSLATE_NOOP("sources", "no metric mapped"))
            raise PollError("{errors}", errors="; ".join(errors.values()))
        return values, errors, info

    def test_fetch(self) -> FetchResult:
        """One request now, for the "Test" button (blocking: call off the GUI thread)."""

        async def go() -> FetchResult:
            async with self._client() as client:
                try:
                    status, body = await self._fetch(client)
                except PollError as exc:
                    return FetchResult(0, "", {}, {"request": self.redact(str(exc))}, {})
                preview = self.redact(body[:4000].decode("utf-8", errors="replace"))
                try:
                    values, errors, info = self._map(body)
                except PollError as exc:
                    return FetchResult(status, preview, {}, {"body": str(exc)}, {})
                return FetchResult(status, preview, values, errors, info)

        return asyncio.run(go())

    # -- the loop --------------------------------------------------------------------
    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        if self.missing_secrets:
            sink.status(
                SourceStatus(
                    SourceState.STOPPED,
                    say(
                        "sources",
                        QT_TRANSLATE_NOOP(
                            "sources", "missing {names}; enter it and restart the source"
                        ),
                        names=", ".join(self.missing_secrets),
                    ),
                    ctx.now_ms(),
                )
            )
            return
        asyncio.run(_PollLoop(self, ctx, sink, stop).run())


class _PollLoop:
    def __init__(
        self, src: HttpPollSource, ctx: SourceContext, sink: SourceSink, stop: threading.Event
    ) -> None:
        self.src = src
        self.cfg = src.cfg
        self.now_ms = ctx.now_ms
        """The session's clock: samples, gaps and the overdue rule never read the wall."""
        self.sink = sink
        self.stop = stop
        self.started_ms = self.now_ms()
        self.last_ok_ms: int | None = None
        self.gap: Gap | None = None
        self.reason = ""
        """Why the last poll failed, in English (the gap record)."""
        self.shown = ""
        """The same in the user's language (the status line)."""
        self.live = False
        allowance = self.cfg.gap_after_s
        if allowance is None:
            allowance = max(2 * self.cfg.interval_s, self.cfg.interval_s + 1)
        self.allowance_ms = int(1000 * allowance)

    async def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            if self.stop.is_set():
                raise _Stopped
            self._watch_overdue()
            remaining = end - time.monotonic()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, 0.05))

    async def _until_stopped(self) -> None:
        while not self.stop.is_set():
            self._watch_overdue()
            await asyncio.sleep(0.05)

    def _watch_overdue(self) -> None:
        """Open a gap as soon as data is overdue, whether a request is hanging,
        failing, or waiting out a Retry-After."""
        if self.gap is not None:
            return
        since = self.last_ok_ms if self.last_ok_ms is not None else self.started_ms
        now = self.now_ms()
        if now - since <= self.allowance_ms:
            return
        reason = self.reason or "no answer yet"
        self.gap = Gap(self.src.kind, since, None, reason)
        self.sink.gap(self.gap)
        shown = self.shown or translate("sources", "no answer yet")  # in the catalogue
        self.sink.status(SourceStatus(SourceState.STALE, shown, since))

    async def _attempt(self, client: httpx.AsyncClient) -> Any:
        """One poll that a stop request cancels at once."""
        poll = asyncio.ensure_future(self.src._poll(client))
        watch = asyncio.ensure_future(self._until_stopped())
        done, _ = await asyncio.wait({poll, watch}, return_when=asyncio.FIRST_COMPLETED)
        if poll not in done:
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await poll
            raise _Stopped
        watch.cancel()
        return poll.result()

    def _on_failure(self, state: RetryCallState) -> None:
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        reason = self.src.redact(exc.reason if isinstance(exc, PollError) else repr(exc))
        self.reason = reason
        self.shown = self.src.redact(str(exc) if isinstance(exc, PollError) else repr(exc))
        since = self.last_ok_ms if self.last_ok_ms is not None else self.started_ms
        if self.gap is not None and self.gap.reason != reason:
            # Opened while a request hung ("no answer yet"): now we know why.
            self.gap = replace(self.gap, reason=reason)
            self.sink.gap(self.gap)
        self._watch_overdue()
        state_now = (
            SourceState.STALE if (self.gap is not None or self.live) else SourceState.STARTING
        )
        self.sink.status(SourceStatus(state_now, self.shown, since))
        log.info("%s: %s", self.src.label, reason)

    def _close_gap(self, end_ms: int) -> None:
        if self.gap is not None:
            self.sink.gap(replace(self.gap, end_ms=end_ms))
            self.gap = None

    async def run(self) -> None:
        cfg = self.cfg
        backoff = wait_exponential_jitter(
            multiplier=cfg.backoff_initial_s, max=cfg.backoff_max_s, jitter=cfg.backoff_initial_s
        )
        next_at = time.monotonic()
        try:
            async with self.src._client() as client:
                while True:
                    async for attempt in AsyncRetrying(
                        retry=retry_if_exception_type(PollError),
                        wait=_RetryAfterOrBackoff(backoff),
                        sleep=self._sleep,
                        before_sleep=self._on_failure,
                        reraise=True,
                    ):
                        with attempt:
                            values, errors, info = await self._attempt(client)
                    ts = self.now_ms()
                    self.reason = self.shown = ""
                    self._close_gap(ts)
                    self.last_ok_ms = ts
                    self.live = True
                    self.sink.samples([Sample(ts, values, self.src.kind)])
                    detail = "; ".join(f"{k} {v}" for k, v in info.items())
                    if errors:
                        detail = "; ".join([detail, *errors.values()]).strip("; ")
                    self.sink.status(SourceStatus(SourceState.LIVE, self.src.redact(detail), ts))
                    # A fixed grid keeps the period accurate; after an outage it restarts.
                    next_at += cfg.interval_s
                    now = time.monotonic()
                    if next_at < now:
                        next_at = now + cfg.interval_s * (1 + random.uniform(0, 0.05))
                    await self._sleep(next_at - now)
        except _Stopped:
            pass
        end = self.now_ms()
        if self.gap is not None:
            self.sink.gap(replace(self.gap, end_ms=end, reason=self.gap.reason + "; stopped"))
        self.sink.status(SourceStatus(SourceState.STOPPED, "", end))


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
