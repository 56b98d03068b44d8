"""The session clock: one timeline per live session that a wall-clock jump cannot bend.

A session's timestamps are UTC epoch milliseconds, but they are not read from
the wall clock sample by sample. The clock is anchored once, when the session
starts, and from then on

    now_ms() = anchor wall ms + monotonic seconds since the anchor

so an NTP step, a manual change of the computer's clock or a DST change
(which never moves UTC anyway) cannot reorder samples, make a rate negative
or huge, or change the elapsed time. The monotonic clock is `CLOCK_BOOTTIME`
where the OS has it (Linux): it counts a laptop's suspend, so a session
that sleeps and wakes stays in step with the wall. Elsewhere it is
`time.monotonic()`, which may stop during a suspend; the wall clock is then
ahead after the wake-up and `check()` reports that as a jump (logged, and
shown when over a minute), while the session's time goes on from where it
was.

`check()` compares the wall clock with the session's time. When the
difference changed by more than `JUMP_LOG_MS` since the previous check, the
wall clock jumped: it logs that once and returns a `ClockJump` (`shown` when
it is larger than `JUMP_SHOW_MS`). An NTP slew (the rate adjusted by a few
parts per million, or steps well under two seconds) is never reported. The
clock keeps the session's time; the difference stays until the session ends.

Time zones: the session stores its UTC offset once, at the start
(`utc_offset_min`, the zone's offset at the anchor), and every local day and
clock time of the session is computed from that fixed offset
(`app.core.session.local_day`). A DST change during a session changes
nothing: timestamps stay UTC, and the session keeps the offset it started in.

A resumed session: the anchor is the session's `started_ms` plus the
session time it continues from (`resume_elapsed_s`), on a fresh monotonic
base. For a real broadcast that is "now" by the wall clock when it resumed
(the downtime is a stored gap); for a simulated one it is the newest stored
sample's time.

Simulated sessions (a simulator at `--speed N`) keep their own time scale:
their samples are stamped with simulated session time by the simulator, and
the recorder takes a simulated session's "now" from its newest sample, not
from this clock (which runs at the wall's pace).

Reads (`now_ms`, `elapsed_s`) are safe from any thread: the anchor never
changes once built. `check()` takes a lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from app.core.messages import QT_TRANSLATE_NOOP, Translate
from app.core.numbers import NumberFormat

log = logging.getLogger(__name__)

JUMP_LOG_MS = 2_000
"""A change of the wall clock against the session's time larger than this
(between two checks) is a jump: logged and returned by `check()`."""
JUMP_SHOW_MS = 60_000
"""A jump larger than this is shown to the operator (`ClockJump.shown`)."""

CONTEXT = "clock"

_BOOTTIME: int | None = getattr(time, "CLOCK_BOOTTIME", None)


def boot_s() -> float:
    """Monotonic seconds that count a suspend where the OS can (Linux's
    `CLOCK_BOOTTIME`); `time.monotonic()` elsewhere."""
    if _BOOTTIME is not None:
        return time.clock_gettime(_BOOTTIME)
    return time.monotonic()


def wall_ms() -> int:
    """The wall clock: UTC epoch milliseconds (what `app.core.session.now_ms` reads)."""
    return time.time_ns() // 1_000_000


def utc_offset_min_at(ms: int, tz: tzinfo | None = None) -> int:
    """The UTC offset (minutes) of zone `tz` at the instant `ms` (None: the
    computer's local zone)."""
    at = datetime.fromtimestamp(ms / 1000, tz=UTC)
    offset = at.astimezone(tz).utcoffset() if tz is not None else at.astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def _english(context: str, text: str) -> str:
    del context
    return text


@dataclass(frozen=True, slots=True)
class ClockJump:
    """The wall clock moved against the session's time."""

    at_ms: int
    """When it was found, on the session's timeline."""
    delta_ms: int
    """How far the wall clock moved: positive ahead, negative back."""
    shown: bool
    """Larger than `JUMP_SHOW_MS`: the operator is told."""
    elapsed_s: float = 0.0
    """The session time when it was found."""
    offset_ms: int = 0
    """The wall clock minus the session's time after the jump (every jump
    since the anchor added up)."""

    @property
    def forward(self) -> bool:
        return self.delta_ms > 0

    def describe(self, fmt: NumberFormat | None = None, translate: Translate = _english) -> str:
        """One line for the operator (English unless a translator such as
        `app.core.messages.translate` is passed)."""
        fmt = fmt or NumberFormat()
        template = (
            QT_TRANSLATE_NOOP(
                "clock",
                "The computer's clock jumped forward by {amount} at {at} into the session; "
                "Genbo keeps the session's own time, so samples stay in order and the "
                "elapsed time is right.",
            )
            if self.forward
            else QT_TRANSLATE_NOOP(
                "clock",
                "The computer's clock jumped back by {amount} at {at} into the session; "
                "Genbo keeps the session's own time, so samples stay in order and the "
                "elapsed time is right.",
            )
        )
        fields = {
            "amount": fmt.duration(abs(self.delta_ms) / 1000),
            "at": fmt.duration(self.elapsed_s),
        }
        try:
            return translate(CONTEXT, template).format(**fields)
        except (KeyError, IndexError, ValueError):
            return template.format(**fields)


class SessionClock:
    """One session's time (see the module's docstring).

    `started_ms`: the session's start (None: the wall clock now, for a new
    session); `elapsed_s`: the session time at the anchor (a resume's
    `resume_elapsed_s`; 0 for a new session). `wall_ms` and `mono_s` are
    the wall clock (UTC ms) and the monotonic clock (seconds), injectable
    for tests; `tz` the zone whose offset a new session stores (None: the
    computer's)."""

    def __init__(
        self,
        started_ms: int | None = None,
        elapsed_s: float = 0.0,
        *,
        wall_ms: Callable[[], int] = wall_ms,
        mono_s: Callable[[], float] = boot_s,
        tz: tzinfo | None = None,
    ) -> None:
        self._wall = wall_ms
        self._mono = mono_s
        self._mono0 = mono_s()
        wall_now = wall_ms()
        self.started_ms: int = wall_now if started_ms is None else int(started_ms)
        self.resume_elapsed_s: float = max(0.0, float(elapsed_s))
        self.anchor_ms: int = self.started_ms + round(self.resume_elapsed_s * 1000)
        """The session time's wall ms at the anchor."""
        self.utc_offset_min: int = utc_offset_min_at(self.anchor_ms, tz)
        """The zone's offset at the anchor (what a new session stores)."""
        self._lock = threading.Lock()
        self._offset_ms = wall_now - self.anchor_ms
        self._jumps = 0

    @classmethod
    def continuing(
        cls,
        started_ms: int,
        at_least_s: float = 0.0,
        *,
        wall_ms: Callable[[], int] = wall_ms,
        mono_s: Callable[[], float] = boot_s,
    ) -> SessionClock:
        """A clock for a session already under way: its time is the wall
        clock's now, but never before `at_least_s` into the session (what is
        stored already must stay behind what comes)."""
        elapsed = max(at_least_s, (wall_ms() - started_ms) / 1000.0)
        return cls(started_ms, elapsed, wall_ms=wall_ms, mono_s=mono_s)

    # -- reads (any thread) ----------------------------------------------------------
    def _since_anchor_s(self) -> float:
        return max(0.0, self._mono() - self._mono0)

    def wall(self) -> int:
        """The computer's clock now (UTC epoch ms), as this clock reads it."""
        return self._wall()

    def now_ms(self) -> int:
        """UTC epoch ms on the session's timeline: never goes back, whatever
        the wall clock does."""
        return self.anchor_ms + int(self._since_anchor_s() * 1000)

    def elapsed_s(self) -> float:
        """Session seconds since the start (a resume's included)."""
        return self.resume_elapsed_s + self._since_anchor_s()

    @property
    def offset_ms(self) -> int:
        """The wall clock minus the session's time, as of the last `check()`."""
        with self._lock:
            return self._offset_ms

    @property
    def jumps(self) -> int:
        """How many jumps `check()` has found."""
        with self._lock:
            return self._jumps

    # -- the watch ---------------------------------------------------------------------
    def check(self) -> ClockJump | None:
        """Compare the wall clock with the session's time: a `ClockJump`
        (logged once) when the difference moved by more than `JUMP_LOG_MS`
        since the previous check; None otherwise (the same offset again, or
        a slew)."""
        mono = self._since_anchor_s()
        now = self.anchor_ms + int(mono * 1000)
        offset = self._wall() - now
        with self._lock:
            delta = offset - self._offset_ms
            self._offset_ms = offset
            if abs(delta) <= JUMP_LOG_MS:
                return None
            self._jumps += 1
        jump = ClockJump(
            at_ms=now,
            delta_ms=delta,
            shown=abs(delta) > JUMP_SHOW_MS,
            elapsed_s=self.resume_elapsed_s + mono,
            offset_ms=offset,
        )
        log.log(
            logging.INFO,  # the window and genbo record say a shown one in words
            "the computer's clock jumped %s by %.1f s at session time %.1f s; samples keep "
            "the session clock (the wall clock is now %.1f s %s it)",
            "forward" if jump.forward else "back",
            abs(delta) / 1000,
            jump.elapsed_s,
            abs(offset) / 1000,
            "ahead of" if offset >= 0 else "behind",
        )
        return jump
