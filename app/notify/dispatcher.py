"""Posting notices in the background, so a robot that is slow, down or
rate-limited never holds up recording.

`Dispatcher.send(notice)` only queues: every enabled target that wants the
event has its own thread, queue and rate limiter (one robot waiting out a
ten-minute DingTalk hold does not delay the others). Each post is retried
with capped exponential backoff and jitter (tenacity); a 429's Retry-After
(or Feishu's x-ogw-ratelimit-reset) and the platforms' rate-limit codes
(11232, 45009, 130101) hold the target off before the next try. What still
fails is reported through `on_result`, kept, and tried again later: every
`RetryPolicy.retry_later_s` while running, and, through the spool file, on
the next start. Delivery is at least once; the JSON webhook's
`X-Genbo-Notice-Id` lets a receiver drop a repeat.

The spool: every process (the window, each `genbo record`) writes its own
`notify-spool-<pid>.jsonl` in the data folder, so two of them never rewrite
each other's notices. A dispatcher starting adopts the spool files of
processes that are gone: it renames each to a name of its own first (the
rename is atomic, so only one process gets a file) and merges the notices,
dropping repeats by notice id. Whether a writer is gone is asked of the
operating system (`os.kill(pid, 0)`); on Windows, where that cannot ask
without side effects, `OpenProcess` is asked instead (see `pid_alive`).

`on_result` is called on a dispatcher thread: the window hands it to the GUI
thread (a queued signal) before touching widgets.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_exponential_jitter

from app import __version__
from app.core.messages import QT_TRANSLATE_NOOP, say
from app.core.processes import pid_alive
from app.notify import platforms
from app.notify.payloads import Notice, trial_notice
from app.notify.platforms import DeliveryError
from app.notify.targets import Target, redact_url

if TYPE_CHECKING:  # imported when the first thread starts
    import httpx

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 64 * 1024


class SecretLookup(Protocol):
    """What the dispatcher needs of `app.config.secret_store.SecretStore`."""

    def get(self, name: str) -> str | None: ...


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    """Tries per post before it is reported and kept for later."""
    backoff_initial_s: float = 2.0
    backoff_max_s: float = 120.0
    rate_limited_wait_s: Mapping[str, float] = field(
        default_factory=lambda: dict(platforms.RATE_LIMITED_WAIT_S)
    )
    """Per kind: the hold after a rate-limit answer that names no wait."""
    retry_later_s: float = 300.0
    """A kept failure is tried again this long after it failed."""
    give_up_after_s: float = 24 * 3600.0
    """A notice older than this is dropped (and reported) instead of sent."""
    deadline_s: float = 10.0
    """Each request's whole time, from connecting to the last byte."""


@dataclass(frozen=True)
class Result:
    """What became of one notice at one target."""

    target: Target
    notice: Notice
    ok: bool
    why: str = ""
    """Why it failed, in the user's language, with no secret in it."""
    attempts: int = 0
    kept: bool = False
    """Kept for a later retry (and in the spool)."""


ResultCallback = Callable[[Result], None]
ClientFactory = Callable[[], "httpx.Client"]


class _Stopped(Exception):  # noqa: N818 - a signal, not an error
    pass


@dataclass
class _Job:
    notice: Notice
    part: int = 0
    """Bodies of the notice already taken (WeCom: markdown, then the image)."""
    rounds: int = 0
    """Times it failed after all its retries."""
    due: float = 0.0
    """monotonic() when a kept job may be tried again."""
    why: str = ""
    spooled: bool = False


# -- the spool files ------------------------------------------------------------------------
SPOOL_PREFIX = "notify-spool"
LEGACY_SPOOL_NAME = "notify-spool.jsonl"
"""The one shared spool of older versions: adopted like a gone process's."""
_SPOOL_RE = re.compile(r"^notify-spool-(\d+)(?:-[a-z0-9-]+)?\.jsonl$")
_claims = itertools.count(1)
_in_use: set[Path] = set()
"""Spool files held by open dispatchers of this process (never adopted)."""
_in_use_lock = threading.Lock()


def spool_owner(name: str) -> int | None:
    """The pid that wrote (or claimed) a spool file; 0 for the legacy file,
    None for a name that is no spool."""
    if name == LEGACY_SPOOL_NAME:
        return 0
    m = _SPOOL_RE.match(name)
    return int(m.group(1)) if m else None


# -- rate limits ----------------------------------------------------------------------------
class RateLimiter:
    """Sliding windows: at most `count` posts in any `per_s` seconds, for
    every (count, per_s) given. (A token bucket of 20 that refills 20 a
    minute lets 40 through in the first minute; WeCom and DingTalk count 20
    in any minute.) A burst is spread out, not dropped."""

    def __init__(
        self, limits: Iterable[tuple[int, float]], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = tuple(limits)
        self.clock = clock
        self._sent: list[deque[float]] = [deque() for _ in self.limits]
        self._hold_until = 0.0

    def wait_s(self) -> float:
        """How long until one more post fits (0: now)."""
        now = self.clock()
        wait = max(0.0, self._hold_until - now)
        for (count, per_s), sent in zip(self.limits, self._sent, strict=True):
            while sent and sent[0] <= now - per_s:
                sent.popleft()
            if len(sent) >= count:
                wait = max(wait, sent[0] + per_s - now)
        return wait

    def take(self) -> None:
        now = self.clock()
        for sent in self._sent:
            sent.append(now)

    def hold(self, seconds: float) -> None:
        """The robot said "too fast": nothing goes for `seconds`."""
        self._hold_until = max(self._hold_until, self.clock() + seconds)


# -- one post -------------------------------------------------------------------------------
class _RedactUrls(logging.Filter):
    """httpx logs every request's full URL at INFO ("HTTP Request: POST
    https://…/send?key=…"): a robot's URL is its credential, so mask it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_url(str(a)) if str(a).startswith(("http://", "https://")) else a
                for a in record.args
            )
        return True


_httpx_filter = _RedactUrls()


def install_log_redaction() -> None:
    """Mask credentials in httpx's request log lines (idempotent)."""
    logger = logging.getLogger("httpx")
    if _httpx_filter not in logger.filters:
        logger.addFilter(_httpx_filter)


def default_client(deadline_s: float = 10.0) -> httpx.Client:
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(deadline_s, connect=min(deadline_s, 5.0)), follow_redirects=False
    )


def redactor(target: Target, secret: str | None) -> Callable[[str], str]:
    """A function that masks the target's credentials in any text."""
    values = [secret] if secret else []
    with contextlib.suppress(ValueError):
        parts = urlsplit(target.url)
        values += [v for k, v in parse_qsl(parts.query) if v and k.lower() != "timestamp"]
        if "/hook/" in parts.path:
            values.append(parts.path.rsplit("/hook/", 1)[1])
    values = sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)

    def redact(text: str) -> str:
        text = text.replace(target.url, target.shown_url)
        for v in values:
            text = text.replace(v, "•••")
        return text

    return redact


def post(
    client: httpx.Client,
    target: Target,
    body: Mapping[str, Any],
    secret: str | None,
    now_s: float,
    deadline_s: float,
    notice_id: str = "",
) -> None:
    """One request; raises `DeliveryError` when the robot did not take it."""
    req = platforms.prepare(target, body, secret, now_s, notice_id)
    status, headers, raw = _exchange(
        client, target, req.url, deadline_s, headers=req.headers, content=req.body
    )
    platforms.check_answer(target.kind, status, headers, raw)


def _exchange(
    client: httpx.Client, target: Target, url: str, deadline_s: float, **request: Any
) -> tuple[int, dict[str, str], bytes]:
    """POST to a robot within `deadline_s`: its status, headers and answer
    (the first `MAX_ANSWER_BYTES`); the network's troubles as a retryable
    `DeliveryError` in words."""
    import httpx

    end = time.monotonic() + deadline_s
    try:
        with client.stream("POST", url, **request) as resp:
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    break
                chunks.append(chunk)
                if time.monotonic() > end:
                    raise httpx.ReadTimeout("deadline")
            return resp.status_code, dict(resp.headers), b"".join(chunks)
    except httpx.TimeoutException:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "no answer within {seconds} s"),
            retryable=True,
            seconds=f"{deadline_s:g}",
        ) from None
    except httpx.ConnectError as exc:
        raise _cannot_connect(target, exc) from None
    except httpx.HTTPError as exc:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the request failed ({error})"),
            retryable=True,
            error=type(exc).__name__,
        ) from None


def upload(client: httpx.Client, target: Target, path: str, deadline_s: float) -> str:
    """Upload a file to a WeCom robot (upload_media); its media_id. Raises
    `DeliveryError`: retryable for the network's and the robot's troubles,
    not for a file that is gone or too big."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the file {name} cannot be read: {error}"),
            name=file.name,
            error=exc.strerror or type(exc).__name__,
        ) from None
    if not 5 < len(data) <= platforms.WECOM_MAX_FILE:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the file {name} is too big for the robot (20 MB at most)"),
            name=file.name,
        )
    status, headers, raw = _exchange(
        client,
        target,
        platforms.upload_url(target.url),
        deadline_s,
        headers={"User-Agent": f"Genbo/{__version__}"},
        files={"media": (file.name, data, "application/octet-stream")},
    )
    return platforms.media_id(status, headers, raw)


def _cannot_connect(target: Target, exc: Exception) -> DeliveryError:
    """Why the robot's server could not be reached, in words (the operating
    system's own, "[Errno -2] Name or service not known", are for the log)."""
    host = urlsplit(target.url).hostname or "?"
    why = str(exc).lower()
    log.info("cannot connect to %s: %s", host, platforms._short(exc) or type(exc).__name__)
    if any(w in why for w in ("name or service", "nodename", "getaddrinfo", "errno -2", "errno -3",
                              "temporary failure in name", "no address")):  # fmt: skip
        return DeliveryError(
            QT_TRANSLATE_NOOP(
                "notify", "cannot find {host}: no network, or a mistake in the robot's address"
            ),
            retryable=True,
            host=host,
        )
    if "refused" in why:
        return DeliveryError(
            QT_TRANSLATE_NOOP("notify", "{host} refused the connection"),
            retryable=True,
            host=host,
        )
    return DeliveryError(
        QT_TRANSLATE_NOOP("notify", "cannot connect to {host}"), retryable=True, host=host
    )


def _missing_secret(target: Target) -> DeliveryError:
    return DeliveryError(
        QT_TRANSLATE_NOOP(
            "notify",
            "the signing secret of “{name}” is not in the keyring: enter it in the settings",
        ),
        name=target.name,
    )


class _Wait(wait_base):
    """The robot's own wait when it named one, the platform's hold after a
    bare rate-limit answer, else exponential backoff with jitter."""

    def __init__(self, policy: RetryPolicy, kind: str) -> None:
        self.kind = kind
        self.rate_wait = policy.rate_limited_wait_s.get(kind, 10.0)
        self.backoff = wait_exponential_jitter(
            multiplier=policy.backoff_initial_s,
            max=policy.backoff_max_s,
            jitter=policy.backoff_initial_s,
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, DeliveryError):
            if exc.retry_after_s is not None:
                return exc.retry_after_s
            if exc.rate_limited:
                return self.rate_wait
        return float(self.backoff(retry_state))


# -- the threads ----------------------------------------------------------------------------
class _Worker:
    def __init__(self, owner: Dispatcher, target: Target) -> None:
        self.owner = owner
        self.target = target
        self.cond = threading.Condition(owner._lock)
        self.queue: deque[_Job] = deque()
        self.kept: list[_Job] = []
        self.current: _Job | None = None
        self.limiter = RateLimiter(platforms.LIMITS[target.kind])
        self.stop = threading.Event()
        self.closing = False
        self.thread = threading.Thread(target=self._run, name=f"notify-{target.id}", daemon=True)

    # everything below runs on self.thread unless it says otherwise
    def _run(self) -> None:
        try:
            client = self.owner._client_factory()
        except Exception:
            log.exception("notify: no HTTP client for %s", self.target.name)
            return
        with client:
            while True:
                job = self._next()
                if job is None:
                    return
                try:
                    self._deliver(client, job)
                except _Stopped:
                    with self.cond:
                        self.current = None
                        self.kept.append(job)
                    return
                except Exception as exc:  # a bug must not end the thread or lose the notice
                    log.exception("notify: delivering to %s failed", self.target.name)
                    why = redactor(self.target, None)(f"{type(exc).__name__}: {exc}")
                    self._finish(job, ok=False, why=why, attempts=0, keep=True)

    def _next(self) -> _Job | None:
        with self.cond:
            while True:
                if self.stop.is_set():
                    return None
                now = time.monotonic()
                due = [j for j in self.kept if j.due <= now]
                for j in due:
                    self.kept.remove(j)
                    self.queue.append(j)
                if self.queue:
                    self.current = self.queue.popleft()
                    return self.current
                if self.closing:
                    return None
                wait = min((j.due - now for j in self.kept), default=None)
                self.cond.wait(timeout=wait)

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(max(0.0, seconds)):
            raise _Stopped

    def _deliver(self, client: httpx.Client, job: _Job) -> None:
        target = self.target
        policy = self.owner.policy
        age_s = self.owner._clock() - job.notice.created_ms / 1000
        if age_s > policy.give_up_after_s:
            self._finish(job, ok=False, why=self._given_up(), attempts=0, keep=False)
            return
        secret = None
        if target.secret_name:
            secret = self.owner._secrets.get(target.secret_name)
        redact = redactor(target, secret)
        if target.secret_name and not secret:
            self._finish(job, ok=False, why=str(_missing_secret(target)), attempts=0, keep=True)
            return
        bodies = platforms.messages(target.kind, job.notice)
        attempts = 0
        while job.part < len(bodies):
            body = bodies[job.part]
            try:
                for attempt in Retrying(
                    stop=stop_after_attempt(max(1, policy.attempts)),
                    wait=_Wait(policy, target.kind),
                    retry=retry_if_exception(
                        lambda e: isinstance(e, DeliveryError) and e.retryable
                    ),
                    sleep=self._sleep,
                    before_sleep=lambda s: self._note_retry(s, redact),
                    reraise=True,
                ):
                    with attempt:
                        attempts += 1
                        self._sleep(self.limiter.wait_s())
                        self.limiter.take()
                        try:
                            send = body
                            if platforms.UPLOAD in body:  # the file first, then its message
                                mid = upload(
                                    client, target, body[platforms.UPLOAD], policy.deadline_s
                                )
                                send = {"msgtype": "file", "file": {"media_id": mid}}
                            post(
                                client,
                                target,
                                send,
                                secret,
                                self.owner._clock(),
                                policy.deadline_s,
                                job.notice.id,
                            )
                        except DeliveryError as exc:
                            if exc.rate_limited:
                                self.limiter.hold(
                                    exc.retry_after_s
                                    if exc.retry_after_s is not None
                                    else policy.rate_limited_wait_s.get(target.kind, 10.0)
                                )
                            raise
            except DeliveryError as exc:
                why = redact(str(exc))
                log.warning(
                    "notify: %s (%s): %s", target.name, target.shown_url, redact(exc.english)
                )
                self._finish(job, ok=False, why=why, attempts=attempts, keep=True)
                return
            job.part += 1
        self._finish(job, ok=True, why="", attempts=attempts, keep=False)

    def _note_retry(self, state: RetryCallState, redact: Callable[[str], str]) -> None:
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        text = exc.english if isinstance(exc, DeliveryError) else repr(exc)
        log.info("notify: %s, try %d: %s", self.target.name, state.attempt_number, redact(text))

    def _given_up(self) -> str:
        hours = self.owner.policy.give_up_after_s / 3600
        return say(
            "notify",
            QT_TRANSLATE_NOOP("notify", "not sent for {hours} h; given up"),
            hours=f"{hours:g}",
        )

    def _finish(self, job: _Job, *, ok: bool, why: str, attempts: int, keep: bool) -> None:
        rewrite = job.spooled or keep
        with self.cond:
            self.current = None
            if keep:
                job.rounds += 1
                job.why = why
                job.due = time.monotonic() + self.owner.policy.retry_later_s
                self.kept.append(job)
        if rewrite:
            self.owner._write_spool()
        self.owner._report(Result(self.target, job.notice, ok, why, attempts, keep))


class Dispatcher:
    """Sends notices to the team chat on background threads.

        d = Dispatcher(targets, SecretStore(), on_result=show, spool_dir=data_dir)
        d.send(payloads.go_live("小雨", started_ms, offset))   # returns at once
        …
        d.close(5.0)                                         # on quit

    `targets` are the settings' targets (disabled ones are kept but get
    nothing); `secrets` has `get(name)` (a `SecretStore`). Notices still owed
    when the dispatcher closes, and failures, are written to this process's
    spool file in `spool_dir` (`notify-spool-<pid>.jsonl`, JSON lines, replaced
    atomically) and sent again by the next dispatcher given the same folder,
    which adopts the files of every process that is gone (`pid` and `alive`
    stand in for `os.getpid()` and `pid_alive` in tests).
    """

    def __init__(
        self,
        targets: Iterable[Target],
        secrets: SecretLookup,
        http_client_factory: ClientFactory | None = None,
        on_result: ResultCallback | None = None,
        *,
        spool_dir: Path | None = None,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        pid: int | None = None,
        alive: Callable[[int], bool] = pid_alive,
    ) -> None:
        install_log_redaction()
        self.policy = policy or RetryPolicy()
        self._secrets = secrets
        self._client_factory: ClientFactory = http_client_factory or (
            lambda: default_client(self.policy.deadline_s)
        )
        self._on_result = on_result
        self._spool_dir = spool_dir
        self._pid = os.getpid() if pid is None else pid
        self._alive = alive
        self._claimed: list[Path] = []
        """Other processes' spool files adopted, deleted once ours is written."""
        self.spool_path: Path | None = None
        """This dispatcher's own spool file."""
        if spool_dir is not None:
            with _in_use_lock:
                path = spool_dir / f"{SPOOL_PREFIX}-{self._pid}.jsonl"
                n = 1
                while path in _in_use:  # another dispatcher of this process
                    n += 1
                    path = spool_dir / f"{SPOOL_PREFIX}-{self._pid}-{n}.jsonl"
                _in_use.add(path)
            self.spool_path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._spool_lock = threading.Lock()
        self._workers: dict[str, _Worker] = {}
        self._closed = False
        self._spool_touched = False
        """Whether this dispatcher read or wrote the spool (else close leaves it)."""
        for t in targets:
            self._workers[t.id] = _Worker(self, t)
        self._load_spool()
        for w in self._workers.values():
            w.thread.start()

    # -- the API ----------------------------------------------------------------------------
    @property
    def targets(self) -> list[Target]:
        with self._lock:
            return [w.target for w in self._workers.values()]

    def send(self, notice: Notice) -> int:
        """Queue `notice` for every enabled target that wants its event;
        returns how many. Never blocks on the network."""
        n = 0
        with self._lock:
            if self._closed:
                return 0
            for w in self._workers.values():
                if w.target.wants(notice.event) and platforms.takes(w.target.kind, notice):
                    w.queue.append(_Job(notice))
                    w.cond.notify()
                    n += 1
        return n

    def kept(self) -> list[tuple[Target, Notice, str]]:
        """Failures waiting for a later retry: (target, notice, why)."""
        with self._lock:
            return [(w.target, j.notice, j.why) for w in self._workers.values() for j in w.kept]

    def retry_kept(self) -> None:
        """Try every kept failure again now (after the settings changed)."""
        with self._lock:
            for w in self._workers.values():
                for j in w.kept:
                    j.due = 0.0
                w.cond.notify()

    def update_targets(self, targets: Iterable[Target]) -> None:
        """The settings changed: new targets start, removed ones stop (what
        they still owed is dropped), changed ones take effect on the next post."""
        wanted = {t.id: t for t in targets}
        stopped: list[_Worker] = []
        with self._lock:
            for tid in list(self._workers):
                if tid not in wanted:
                    w = self._workers.pop(tid)
                    w.stop.set()
                    w.cond.notify()
                    stopped.append(w)
            for tid, t in wanted.items():
                if tid in self._workers:
                    w = self._workers[tid]
                    if w.target.kind != t.kind:
                        w.limiter = RateLimiter(platforms.LIMITS[t.kind])
                    w.target = t
                else:
                    w = _Worker(self, t)
                    self._workers[tid] = w
                    w.thread.start()
        if stopped:
            self._write_spool()

    def close(self, timeout: float = 5.0) -> bool:
        """Finish what is queued within `timeout` seconds, then stop. Returns
        True when everything queued was delivered or kept; what was not is
        written to the spool for the next start."""
        end = time.monotonic() + timeout
        with self._lock:
            self._closed = True
            workers = list(self._workers.values())
            for w in workers:
                w.closing = True
                w.cond.notify()
        for w in workers:
            w.thread.join(max(0.0, end - time.monotonic()))
        drained = not any(w.thread.is_alive() for w in workers)
        for w in workers:
            w.stop.set()
            with w.cond:
                w.cond.notify()
        for w in workers:
            w.thread.join(0.2)
        if self._spool_touched or self._owed():
            self._write_spool()
        self._release(self.spool_path)
        return drained

    def test_target(self, target: Target) -> tuple[bool, str]:
        """Send "Genbo test message" to `target` now (blocking: call it off the
        GUI thread). Returns (ok, why) with why in the user's language."""
        secret = self._secrets.get(target.secret_name) if target.secret_name else None
        redact = redactor(target, secret)
        if target.secret_name and not secret:
            return False, str(_missing_secret(target))
        notice = trial_notice(target.name)
        try:
            with self._client_factory() as client:
                for body in platforms.messages(target.kind, notice):
                    post(
                        client,
                        target,
                        body,
                        secret,
                        self._clock(),
                        self.policy.deadline_s,
                        notice.id,
                    )
        except DeliveryError as exc:
            return False, redact(str(exc))
        except Exception as exc:  # the dialog shows it; it must not crash
            return False, redact(f"{type(exc).__name__}: {exc}")
        return True, ""

    # -- internals --------------------------------------------------------------------------
    def _report(self, result: Result) -> None:
        if self._on_result is None:
            return
        try:
            self._on_result(result)
        except Exception:
            log.exception("notify: on_result failed")

    def _owed(self) -> list[tuple[str, _Job]]:
        with self._lock:
            out: list[tuple[str, _Job]] = []
            for w in self._workers.values():
                jobs = ([w.current] if w.current else []) + list(w.queue) + w.kept
                out += [(w.target.id, j) for j in jobs]
            return out

    def _write_spool(self) -> None:
        path = self.spool_path
        if path is None:
            return
        with self._spool_lock:
            self._spool_touched = True
            owed = self._owed()  # in the lock: an older snapshot never overwrites a newer
            lines = []
            for tid, job in owed:
                job.spooled = True
                doc = {
                    "target": tid,
                    "part": job.part,
                    "why": job.why,
                    "notice": job.notice.to_dict(),
                }
                lines.append(json.dumps(doc, ensure_ascii=False))
            try:
                if not lines:
                    path.unlink(missing_ok=True)
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
                    try:
                        with os.fdopen(fd, "w", encoding="utf-8") as f:
                            f.write("\n".join(lines) + "\n")
                            f.flush()
                            os.fsync(f.fileno())
                        os.replace(tmp, path)
                    except BaseException:
                        with contextlib.suppress(OSError):
                            os.unlink(tmp)
                        raise
            except OSError as exc:
                log.warning("notify: could not write the spool %s: %s", path, exc)
                return
            # What was adopted is in our own file now.
            claimed, self._claimed = self._claimed, []
            for p in claimed:
                try:
                    p.unlink(missing_ok=True)
                except OSError as exc:
                    log.warning("notify: could not remove the adopted spool %s: %s", p, exc)
                self._release(p)

    @staticmethod
    def _release(path: Path | None) -> None:
        if path is not None:
            with _in_use_lock:
                _in_use.discard(path)

    def _claim(self, folder: Path) -> list[tuple[Path, str]]:
        """Rename the spool files of gone processes to names of ours and read
        them: (claimed path, text). A rename that fails was another's claim."""
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("notify: could not list the spool folder %s: %s", folder, exc)
            return []
        out: list[tuple[Path, str]] = []
        for name in names:
            owner = spool_owner(name)
            if owner is None:
                continue
            src = folder / name
            with _in_use_lock:
                if src in _in_use and src != self.spool_path:  # an open dispatcher's
                    continue
                if owner and owner != self._pid and self._alive(owner):
                    continue
                while True:
                    dst = folder / f"{SPOOL_PREFIX}-{self._pid}-adopted-{next(_claims)}.jsonl"
                    if dst not in _in_use and not dst.exists():
                        break
                _in_use.add(dst)
            try:
                os.replace(src, dst)
            except OSError as exc:
                if not isinstance(exc, FileNotFoundError):
                    log.warning("notify: could not adopt the spool %s: %s", src, exc)
                self._release(dst)
                continue
            try:
                text = dst.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                log.warning("notify: could not read the spool %s: %s", dst, exc)
                self._release(dst)  # left for a later start
                continue
            out.append((dst, text))
        return out

    def _load_spool(self) -> None:
        if self._spool_dir is None:
            return
        files = self._claim(self._spool_dir)
        if not files:
            return
        self._spool_touched = True
        seen: set[tuple[str, str]] = set()
        jobs: list[tuple[_Worker, _Job]] = []
        loaded = dropped = repeats = 0
        for path, text in files:
            self._claimed.append(path)
            for line in text.splitlines():
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                    notice = Notice.from_dict(doc["notice"])
                    tid = str(doc["target"])
                    part = int(doc.get("part") or 0)
                except (ValueError, KeyError, TypeError) as exc:
                    log.warning("notify: a spool line could not be read (%s)", type(exc).__name__)
                    dropped += 1
                    continue
                w = self._workers.get(tid)
                if w is None or not w.target.wants(notice.event):
                    dropped += 1
                    continue
                if (tid, notice.id) in seen:
                    repeats += 1
                    continue
                seen.add((tid, notice.id))
                job = _Job(notice, part=part, why=str(doc.get("why") or ""), spooled=True)
                jobs.append((w, job))
                loaded += 1
        jobs.sort(key=lambda wj: wj[1].notice.created_ms)
        for w, job in jobs:
            w.queue.append(job)
        log.info(
            "notify: %d notices from %d spool files, %d dropped, %d repeats",
            loaded,
            len(files),
            dropped,
            repeats,
        )
        self._write_spool()  # one file of ours; the adopted ones go
