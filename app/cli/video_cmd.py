"""`genbo video`: a stored session's moment as a vertical video (MP4).

    genbo video SESSION_ID --list [--json]
    genbo video SESSION_ID --milestone N | --highlight UID [-o FILE.mp4] [--seconds 15] [--json]

Without -o the video goes beside the moment cards in the data folder. Drawn
with Qt's painter without a window (offscreen when there is no display),
encoded with PyAV; progress on stderr, the file's facts with --json."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from app.cli.commands import command_parents
from app.config.paths import AppPaths


def register(sub: Any) -> None:
    from app.config.i18n import tr
    from app.core.video_spec import DEFAULT_SECONDS, MAX_SECONDS, MIN_SECONDS

    p = sub.add_parser(
        "video",
        parents=command_parents(),
        help=tr("make a moment video (vertical MP4) of a stored session's milestone or highlight"),
    )
    p.add_argument("session_id", type=int, metavar="SESSION_ID")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--milestone",
        type=int,
        metavar="N",
        help=tr("the session's Nth milestone (as --list numbers them)"),
    )
    which.add_argument(
        "--highlight", metavar="UID", help=tr("a highlight's id (a unique start of it is enough)")
    )
    which.add_argument(
        "--list", action="store_true", help=tr("list the session's milestones and highlights")
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help=tr("FILE.mp4 (default: the cards folder)")
    )
    p.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SECONDS,
        help=tr("length, {lo} to {hi} s (default {default})").format(
            lo=MIN_SECONDS, hi=MAX_SECONDS, default=DEFAULT_SECONDS
        ),
    )
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.set_defaults(run=cmd_video)


class _Progress:
    """A line on stderr at most once a second, and the last one."""

    def __init__(self) -> None:
        self.said = -1.0

    def __call__(self, fraction: float, _stage: str) -> None:
        from app.config.i18n import tr

        now = time.monotonic()
        if fraction < 1.0 and now - self.said < 1.0:
            return
        self.said = now
        print(
            tr("Making the video: {pct}%").format(pct=round(fraction * 100)),
            file=sys.stderr,
            flush=True,
        )


def cmd_video(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.cli.commands import _open_db
    from app.cli.report_cmd import _gui_application
    from app.config.i18n import tr
    from app.core.video_spec import check_seconds
    from app.session.moment_video import (
        MomentNotFoundError,
        load_moment,
        moments,
        video_name,
    )
    from app.storage.database import StorageError
    from app.storage.repository import Repository

    try:
        seconds = check_seconds(args.seconds)
    except ValueError as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 2
    target: Path | None = args.output
    if target is not None and target.suffix.lower() != ".mp4":
        print(
            tr("genbo: a moment video is written as .mp4, not {name}").format(name=target.name),
            file=sys.stderr,
        )
        return 2
    db = _open_db(paths)
    if db is None:
        return 2
    try:
        repo = Repository(db)
        if args.list:
            info, choices = moments(repo, args.session_id)
            return _print_list(info.started_ms, choices, args.json)
        stored = load_moment(
            repo, args.session_id, milestone=args.milestone, highlight=args.highlight
        )
    except (StorageError, MomentNotFoundError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()

    _gui_application()
    from app.exports.video import VideoError, probe, reserve
    from app.ui.view.moment_video import make_video, moment_data

    choice = stored.choice
    h = choice.highlight
    data = moment_data(
        stored.info,
        stored.series,
        choice.ts_ms,
        title=choice.title,
        milestone=stored.milestone,
        note=h.note if h is not None else "",
        major=h.major or h.origin == "manual" if h is not None else True,
    )
    try:
        if target is None:  # beside the moment cards, under a name of its own
            name = video_name(stored.info, choice.ts_ms, data.metric)
            target = reserve(paths.data_dir / "cards" / name)
        result = make_video(data, target, seconds, progress=None if args.json else _Progress())
        facts = probe(result.path)
    except (VideoError, OSError) as exc:
        print(f"genbo: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = {
            "path": str(result.path),
            "session_id": stored.info.id,
            "moment": choice.as_dict(stored.info.started_ms),
            "crossing_s": round(result.crossing_s, 3),
            "dashboard_s": result.clip_s,
            "metric": data.metric,
            **facts.as_dict(),
        }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(tr("Wrote {path}").format(path=result.path), file=sys.stderr)
    return 0


def _print_list(started_ms: int, choices: list[Any], as_json: bool) -> int:
    from app.config.i18n import tr

    if as_json:
        json.dump(
            [c.as_dict(started_ms) for c in choices], sys.stdout, ensure_ascii=False, indent=2
        )
        print()
        return 0
    if not choices:
        print(tr("This session has no milestones or highlights yet."))
        return 0
    for c in choices:
        d = c.as_dict(started_ms)
        if c.kind == "milestone":
            print(f"--milestone {c.number:<3} {d['at']:>8}  {c.title}")
        else:
            print(f"--highlight {c.uid}  {d['at']:>8}  {c.title}")
    return 0
