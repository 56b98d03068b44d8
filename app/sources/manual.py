"""Numbers the operator types (the quick-entry line or the form).

Typed values do not come from a thread: the window hands them straight to the
live session. This source exists so every session has a "keyboard" source row
that typed samples are stored under, like any other source.
"""

from __future__ import annotations

import threading
from typing import Any

from app.sources.base import Source, SourceContext, SourceSink, SourceState, SourceStatus, register


@register
class ManualSource(Source):
    kind = "manual"

    def __init__(self, **_stored: Any) -> None:
        pass

    @property
    def label(self) -> str:
        return "Keyboard"

    def run(self, ctx: SourceContext, sink: SourceSink, stop: threading.Event) -> None:
        sink.status(SourceStatus(SourceState.LIVE, ""))
        stop.wait()
        sink.status(SourceStatus(SourceState.STOPPED, ""))
