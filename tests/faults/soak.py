"""The HTTP soak's server side: the fake API of the sources' tests
(`tests.sources.fake_api`), its fault kinds and a few more (a connection
reset, an answer cut short, a slow but good answer), played on a schedule of
phases; and a `Plug` in front of it, a port that passes connections through
or refuses them (the server is down)."""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tests.sources.fake_api import (
    Behaviour,
    Exchange,
    FakeApi,
    never_answer,
    raw,
    slow_loris,
    status,
)

DOC = {"data": [{"viewer_count": 4321}]}
MAPPING = "viewers=data[0].viewer_count"


def reset(ex: Exchange) -> None:
    """Close at once with a TCP reset (SO_LINGER 0), nothing answered."""
    ex.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    ex.conn.close()


def cut_short(ex: Exchange) -> None:
    """Promise 200 bytes, send 12, hang up."""
    ex.conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 200\r\nContent-Type: application/json\r\n\r\n"
        b'{"data": [{"'
    )


def slow_good(seconds: float) -> Behaviour:
    """A good answer after `seconds` (inside the deadline)."""

    def behave(ex: Exchange) -> None:
        ex.server.wait(seconds)
        ex.json(DOC)

    return behave


FAULTS: dict[str, Behaviour] = {
    "HTTP 500": status(500),
    "HTTP 502": status(502),
    "HTTP 503 + Retry-After": status(503, {"Retry-After": "2"}),
    "HTTP 429 + Retry-After": status(429, {"Retry-After": "3"}),
    "malformed JSON": raw(b'{"data": [{"viewer_count": 43'),
    "HTML instead of JSON": raw(b"<html><body>502 Bad Gateway</body></html>", "text/html"),
    "answer cut short": cut_short,
    "timeout (never answers)": never_answer,
    "slow loris": slow_loris,
    "connection reset": reset,
}
"""Each fault kind as the server plays it ("refused" is the `Plug`'s)."""
REFUSED = "refused (server down)"
SLOW = "slow answers (inside the deadline)"
FLAPPING = "flapping (faults and good answers mixed)"


@dataclass(frozen=True)
class Phase:
    name: str
    """"good", a `FAULTS` key, `REFUSED`, `SLOW` or `FLAPPING`."""
    seconds: float

    @property
    def outage(self) -> bool:
        """No sample should arrive in it (so a gap should cover it)."""
        return self.name not in ("good", SLOW, FLAPPING)


def full_schedule(total_s: float) -> list[Phase]:
    """Every fault kind in turn, each followed by good answers, repeated for
    about `total_s` (ten minutes in `make faults`), ending on good answers."""
    kinds = [*FAULTS, REFUSED, SLOW, FLAPPING]
    out = [Phase("good", 20)]
    i = 0
    while sum(p.seconds for p in out) < total_s - 15:
        name = kinds[i % len(kinds)]
        out += [Phase(name, 30 if name == FLAPPING else 14), Phase("good", 12)]
        i += 1
    out[-1] = Phase("good", max(12.0, total_s - sum(p.seconds for p in out[:-1])))
    return out


def ci_schedule() -> list[Phase]:
    """A short one for CI: one outage of several kinds in turn (each request
    meets the next: 500, a reset, malformed JSON), then good answers for
    longer than the poller's backoff after three failures (up to 5 s)."""
    return [Phase("good", 2), Phase("mixed outage", 3.5), Phase("good", 5.5)]


MIXED = ("HTTP 500", "connection reset", "malformed JSON", "HTTP 503 + Retry-After",
         "answer cut short")  # fmt: skip
"""What each request of the CI's "mixed outage" meets, in turn."""


@dataclass
class Played:
    """What happened on the server, phase by phase (wall-clock ms)."""

    spans: list[tuple[Phase, int, int]] = field(default_factory=list)
    """Each phase with its start and end (wall-clock ms, as samples are stamped)."""
    since: list[float] = field(default_factory=list)
    """Each phase's start (`time.monotonic()`, as output lines are stamped)."""
    served: Counter[str] = field(default_factory=Counter)
    good_answers: int = 0


class Script:
    """The fake API's behaviour: what the current phase says."""

    def __init__(self, rng: random.Random) -> None:
        self.phase = Phase("good", 0)
        self.rng = rng
        self.played = Played()
        self._turn = 0
        self._lock = threading.Lock()

    def __call__(self, ex: Exchange) -> None:
        name = self.phase.name
        with self._lock:
            if name == "mixed outage":
                name = MIXED[self._turn % len(MIXED)]
                self._turn += 1
            elif name == FLAPPING:
                name = "good" if self.rng.random() < 0.5 else self.rng.choice(list(FAULTS))
            self.played.served[name] += 1
            if name in ("good", SLOW):
                self.played.good_answers += 1
        if name == "good":
            ex.json(DOC)
        elif name == SLOW:
            slow_good(1.3)(ex)
        else:
            FAULTS[name](ex)


class Plug:
    """A port on 127.0.0.1 passing each connection to `upstream`, or, pulled,
    refusing connections (nothing listens). A reset upstream is passed on as
    a reset."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self._listener: socket.socket | None = None
        self.port = 0
        self.plug_in()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def plug_in(self) -> None:
        if self._listener is not None:
            return
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        self.port = s.getsockname()[1]
        self._listener = s
        threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def pull(self) -> None:
        s, self._listener = self._listener, None
        if s is not None:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _accept(self, s: socket.socket) -> None:
        while True:
            try:
                client, _ = s.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
            except OSError:
                _abort(client)
                continue
            up.settimeout(None)
            done = threading.Semaphore(0)
            for a, b in ((client, up), (up, client)):
                threading.Thread(target=_pump, args=(a, b, done), daemon=True).start()
            threading.Thread(target=_close_after, args=(client, up, done), daemon=True).start()


def _pump(src: socket.socket, dst: socket.socket, done: threading.Semaphore) -> None:
    try:
        while True:
            data = src.recv(65536)
            if not data:
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                return
            dst.sendall(data)
    except OSError:  # a reset (or the other side gone): pass it on
        _abort(dst)
        _abort(src)
    finally:
        done.release()


def _close_after(a: socket.socket, b: socket.socket, done: threading.Semaphore) -> None:
    """Close both ends once both directions are over."""
    done.acquire()
    done.acquire()
    for s in (a, b):
        with contextlib.suppress(OSError):
            s.close()


def _abort(s: socket.socket) -> None:
    """Close with a reset. SHUT_RD first wakes the other pump blocked reading
    it (a close alone would wait for that read, and send nothing)."""
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RD)
    with contextlib.suppress(OSError):
        s.close()


class SoakServer:
    """The fake API behind a plug, playing a schedule."""

    def __init__(self, rng: random.Random) -> None:
        self.script = Script(rng)
        self.api = FakeApi(self.script)
        self.plug = Plug(self.api.port)

    @property
    def url(self) -> str:
        return self.plug.url

    def play(self, schedule: Sequence[Phase], alive: Callable[[], bool]) -> str:
        """Play the phases in turn; stops early (returning why) when `alive()`
        says the recorder died."""
        for phase in schedule:
            self.script.phase = phase
            if phase.name == REFUSED:
                self.plug.pull()
            start = _wall_ms()
            self.script.played.since.append(time.monotonic())
            end_at = time.monotonic() + phase.seconds
            why = ""
            while time.monotonic() < end_at:
                if not alive():
                    why = f"the recorder died during “{phase.name}”"
                    break
                time.sleep(0.1)
            self.plug.plug_in()
            self.script.played.spans.append((phase, start, _wall_ms()))
            if why:
                return why
        self.script.phase = Phase("good", 0)
        return ""

    def close(self) -> None:
        self.plug.pull()
        self.api.close()


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000
