"""The source contract: anything that turns the outside world into samples.

A source runs on its own thread (a QThread in the GUI, a plain thread or the
main thread in `genbo record`) and reports through a `SourceSink`. It never
touches a widget or the database.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Protocol

from app.core.clock import SessionClock
from app.core.highlights import EventRecord
from app.core.messages import Explained
from app.core.metrics import Gap, Sample


class SourceConfigError(Explained, ValueError):
    """A source's settings that cannot be used (in the user's language:
    `app.core.messages`)."""

    context = "sources"


class SourceState(Enum):
    STARTING = "starting"
    LIVE = "live"
    STALE = "stale"
    """Still trying, but nothing has arrived for longer than the interval allows."""
    STOPPED = "stopped"
    """Stopped by the operator or by an error it cannot get past."""
    FINISHED = "finished"
    """Ran to its natural end (a simulator with a duration, a file read to its end)."""


@dataclass(frozen=True, slots=True)
class SourceStatus:
    state: SourceState
    detail: str = ""
    since_ms: int | None = None
    """On the session's timeline (`SourceContext.now_ms`), like the samples:
    the event feed places it there, and it is shown as a clock time."""


@dataclass(frozen=True, slots=True)
class SourceContext:
    session_started_ms: int
    resume_elapsed_s: float = 0.0
    """When resuming a cut-off session: the session time to continue from."""
    clock: SessionClock = field(default_factory=SessionClock)
    """The session's clock (the recorder's, `SessionRecorder.clock`); the
    default, for a source run on its own, is anchored when the context is made."""
    about: Mapping[str, str] = field(default_factory=dict)
    """The session as a source may tell its clients (push ingest's
    `GET /v1/session`): "title", "streamer"."""
    feed: Callable[[Source, str], int] | None = None
    """Makes a labelled feed of a source (a second browser tab posting through
    the same push-ingest endpoint) a source of the session of its own, and
    returns its id; the source then stamps that feed's samples
    `Sample.source = "<kind>:<label>"`. Called on the source's thread, once a
    label; may raise (the database cannot take it now). None: no feeds."""
    keep: Callable[[EventRecord], None] | None = None
    """Keeps an event of the session that a source made (a suspect screen
    read with its crop; an event of the same uid replaces it). Called on the
    source's thread; hands the record to the writer. None: not kept."""

    def now_ms(self) -> int:
        """Now on the session's timeline: what samples, gaps and statuses are
        stamped with (never the wall clock, which may jump)."""
        return self.clock.now_ms()


class SourceSink(Protocol):
    """Where a source reports. Called on the source's own thread."""

    def samples(self, batch: Sequence[Sample]) -> None: ...

    def gap(self, gap: Gap) -> None: ...

    def status(self, status: SourceStatus) -> None: ...


class Source(ABC):
    kind: ClassVar[str]

    @property
    @abstractmethod
    def label(self) -> str:
        """Short text for the status line, e.g. "Simulator ×10"."""

    @property
    def time_scale(self) -> float:
        """Session seconds per wall-clock second (a simulator may run faster)."""
        return 1.0

    def config(self) -> dict[str, Any]:
        """Non-secret settings, stored with the session."""
        return {}

    @abstractmethod
    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        """Deliver samples until `stop` is set or the source runs out; return then."""


SOURCE_KINDS: dict[str, type[Source]] = {}


def register(cls: type[Source]) -> type[Source]:
    SOURCE_KINDS[cls.kind] = cls
    return cls
