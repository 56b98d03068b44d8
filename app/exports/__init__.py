"""Exports that video editors' tools import as they are.

Every writer takes an `ExportInput` (a session's highlights, milestones, gaps,
and for JSON its samples) and `ExportOptions` (offset to a separate video
recording, frame rate), and returns the file's text plus notes that say what it
had to change (merged chapters, items before the video started).

Libraries do the formats they know: OpenTimelineIO and its adapters write CMX
3600 EDL, FCP 7 XML (Premiere) and FCPXML; `srt` writes subtitles. Written by
hand: YouTube chapters, DaVinci Resolve's marker EDL, CSV and the JSON schema.

Each format family is a module of its own (`chapters`, `markers`, `timelines`,
`subtitles`, `tables`, `session_json`), `common` holds what they share and
`registry` maps names to writers. The names below are loaded on first use, so
`app.exports.formats` (the names the command line lists) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.exports.common import (
        ExportError,
        ExportInput,
        ExportOptions,
        ExportResult,
        parse_offset,
    )
    from app.exports.formats import EXTENSIONS, FORMATS
    from app.exports.registry import WRITERS, export
    from app.exports.session_json import JSON_FORMAT_VERSION

_WHERE = {
    "ExportError": "common",
    "ExportInput": "common",
    "ExportOptions": "common",
    "ExportResult": "common",
    "parse_offset": "common",
    "EXTENSIONS": "formats",
    "FORMATS": "formats",
    "WRITERS": "registry",
    "export": "registry",
    "JSON_FORMAT_VERSION": "session_json",
}

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "JSON_FORMAT_VERSION",
    "WRITERS",
    "ExportError",
    "ExportInput",
    "ExportOptions",
    "ExportResult",
    "export",
    "parse_offset",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'app.exports' has no attribute {name!r}")
    return getattr(importlib.import_module(f"app.exports.{module}"), name)
