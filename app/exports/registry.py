"""Which writer makes which format, and the one entry point, `export`."""

from __future__ import annotations

from collections.abc import Callable

from app.core.messages import QT_TRANSLATE_NOOP
from app.exports.chapters import write_chapters
from app.exports.common import (
    ExportError,
    ExportInput,
    ExportOptions,
    ExportResult,
)
from app.exports.formats import FORMATS
from app.exports.markers import write_resolve_edl
from app.exports.session_json import write_json
from app.exports.subtitles import write_srt
from app.exports.tables import write_clips, write_csv
from app.exports.timelines import _otio_write
from app.exports.xlsx import write_xlsx

WRITERS: dict[str, Callable[[ExportInput, ExportOptions], ExportResult]] = {
    "chapters": write_chapters,
    "edl": _otio_write("cmx_3600", clips=True),
    "resolve-edl": write_resolve_edl,
    "premiere": _otio_write("fcp_xml", clips=False),
    "fcpxml": _otio_write("fcpx_xml", clips=False),
    "srt": write_srt,
    "csv": write_csv,
    "json": write_json,
    "clips": write_clips,
    "xlsx": write_xlsx,
}


def export(
    fmt: str,
    data: ExportInput,
    opt: ExportOptions | None = None,
    progress: Callable[[float], None] | None = None,
) -> ExportResult:
    """Write `data` as `fmt`. `progress` hears the share written, for the
    formats that carry every sample (JSON); the others take no time. The
    workbook (xlsx) needs no highlights: its figures and minutes stand alone."""
    if fmt not in WRITERS:
        raise ExportError(
            QT_TRANSLATE_NOOP("exports", "unknown format “{format}”; choose from {choices}"),
            format=fmt,
            choices=", ".join(FORMATS),
        )
    if fmt == "clips":
        if not data.segments:
            raise ExportError(
                QT_TRANSLATE_NOOP(
                    "exports", "this session has no segments; start one with S and end it with E"
                )
            )
    elif fmt not in ("json", "xlsx") and not data.highlights:
        raise ExportError(
            QT_TRANSLATE_NOOP(
                "exports",
                "this session has no highlights yet; mark moments with H (milestones add "
                "their own) and export again",
            )
        )
    if fmt == "json":
        return write_json(data, opt or ExportOptions(), progress)
    return WRITERS[fmt](data, opt or ExportOptions())
