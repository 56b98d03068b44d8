"""`genbo screen`: the saved screen layouts, and reading one once.

    genbo screen layouts [--json]
    genbo screen read LAYOUT [--image FILE] [--json]

`read` grabs the layout's boxes off the screen now (or cuts them from a
screenshot FILE, the boxes in the file's own pixels) and says what each one
reads: the raw OCR text, the value, and the guard's verdict on a first
read, as the region editor's "Test reading" does. Recording from the screen
needs the window (Qt captures a screen on its GUI thread): start a session
there with the Screen source."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.commands import command_parents
from app.config.paths import AppPaths


def register(sub: Any) -> None:
    from app.config.i18n import tr

    p = sub.add_parser(
        "screen",
        parents=command_parents(),
        help=tr("screen layouts for reading a dashboard off the screen (OCR)"),
    )
    verbs = p.add_subparsers(dest="screen_verb", required=True, metavar="VERB")
    lay = verbs.add_parser(
        "layouts", parents=command_parents(), help=tr("list the saved screen layouts")
    )
    lay.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    lay.set_defaults(run=cmd_layouts)
    read = verbs.add_parser(
        "read",
        parents=command_parents(),
        help=tr("read a layout's boxes once, off the screen or a screenshot"),
    )
    read.add_argument("layout", metavar="LAYOUT", help=tr("a saved layout's name"))
    read.add_argument(
        "--image",
        type=Path,
        metavar="FILE",
        help=tr("a screenshot (PNG, JPEG) to cut the boxes from, in its own pixels"),
    )
    read.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    read.set_defaults(run=cmd_read)


def cmd_layouts(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr
    from app.session.screen_layouts import load_layouts

    layouts, problems = load_layouts(paths.data_dir)
    for problem in problems:
        print(f"genbo: {problem.path.name}: {problem.error}", file=sys.stderr)
    if args.json:
        json.dump([lay.to_dict() for lay in layouts], sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not layouts:
        print(tr("No screen layouts yet. Draw one in the window: New session → Screen → New…"))
    else:
        for lay in layouts:
            where = (
                tr("follows the window “{title}”").format(title=lay.window_title)
                if lay.window_title
                else tr("fixed screen positions")
            )
            metrics = ", ".join(r.metric for r in lay.regions)
            print(f"{lay.name}: {metrics} · {where}")
    return 0 if not problems else 1


def cmd_read(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr
    from app.core.metrics import METRICS
    from app.core.read_guard import GuardSettings
    from app.session.screen_layouts import find_layout
    from app.sources.base import SourceConfigError
    from app.sources.ocr import OcrEngine, OcrUnavailableError
    from app.sources.screen import CaptureError, preview

    try:
        layout = find_layout(paths.data_dir, args.layout)
        OcrEngine.check()
    except (SourceConfigError, OcrUnavailableError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    from PySide6.QtGui import QGuiApplication, QImage

    from app.ui.widgets.screen_grab import grab_layout, to_array

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    try:
        if args.image is not None:
            img = QImage(str(args.image))
            if img.isNull():
                print(
                    "genbo: " + tr("{path} is not an image Genbo can read").format(path=args.image),
                    file=sys.stderr,
                )
                return 2
            whole = to_array(img)
            crops = []
            for box in layout.regions:
                # A negative index would count from the image's far end.
                part = whole[max(0, box.y) : box.y + box.h, max(0, box.x) : box.x + box.w]
                if box.x < 0 or box.y < 0 or part.shape[0] < box.h or part.shape[1] < box.w:
                    print(
                        "genbo: "
                        + tr("the box of {metric} lies outside the image ({w}×{h} px)").format(
                            metric=box.metric, w=img.width(), h=img.height()
                        ),
                        file=sys.stderr,
                    )
                    return 2
                crops.append(part)
            note = ""
        else:
            shot = grab_layout(layout)
            crops, note = list(shot.crops), shot.note
    except CaptureError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    engine = OcrEngine()
    readings = preview(engine, layout, crops, GuardSettings())
    if args.json:
        out = {
            "layout": layout.name,
            "note": note,
            "regions": [
                {
                    "metric": r.metric,
                    "text": r.text,
                    "confidence": round(r.confidence, 4),
                    "value": (
                        None if r.value is None else str(METRICS[r.metric].from_raw(r.value))
                    ),
                    "verdict": r.verdict.value,
                    "why": r.why,
                }
                for r in readings
            ],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        from app.config.formatting import number_format
        from app.core.entry import metric_text

        fmt = number_format()
        if note:
            print(note)
        for r in readings:
            value = (
                metric_text(r.metric, METRICS[r.metric].from_raw(r.value), fmt)
                if r.value is not None
                else "—"
            )
            verdict = r.why or (
                tr("reads well") if r.verdict.value == "pending" else tr("nothing to read")
            )
            print(f"{r.metric}: “{r.text}” → {value} ({verdict})")
    return 0
