"""The command line's source options, defined without importing the sources
themselves: `genbo` parses its arguments before anything heavy loads, so the
window can show at once (see `app.ui.shell.launch`). `app.session.source_setup` turns the
parsed options into sources."""

from __future__ import annotations

import argparse

from app.config.i18n import tr

SOURCE_CHOICES = ("simulator", "http", "ingest", "file")
PRESET_NAMES = ("twitch", "youtube")
"""The ready-made HTTP APIs (`app.sources.http_poll.PRESETS`; a test keeps them equal)."""
RECORD_SPEED_DEFAULT = 1.0
"""`genbo record`'s --speed when none is given."""


def add_record_arguments(rec: argparse.ArgumentParser) -> None:
    who = rec.add_mutually_exclusive_group(required=True)
    who.add_argument("--streamer", metavar="NAME", help=tr("who is live"))
    who.add_argument(
        "--resume",
        type=int,
        metavar="SESSION_ID",
        help=tr(
            "continue an interrupted session (with the sources it was recorded with, "
            "unless --source is given)"
        ),
    )
    who.add_argument(
        "--config",
        metavar="FILE",
        help=tr(
            "record every streamer of a wall's file (TOML or JSON) at once, each with "
            "the sources the file gives"
        ),
    )
    rec.add_argument("--title", default="", metavar="T")
    rec.add_argument(
        "--duration",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help=tr(
            "stop after this many session seconds, with --resume this many more, with "
            "--config each session its own (default: until Ctrl+C)"
        ),
    )
    rec.add_argument(
        "--json",
        action="store_true",
        help=tr("what it prints as it goes on stderr, and the sessions as JSON at the end"),
    )
    add_source_arguments(rec, speed_default=RECORD_SPEED_DEFAULT)


def source_options_given(args: argparse.Namespace) -> list[str]:
    """The source options (`add_source_arguments`) `args` holds a value of its
    own for, as typed ("--speed", "--source"): those that differ from the
    defaults of `genbo record`."""
    bare = argparse.ArgumentParser(add_help=False)
    add_source_arguments(bare, speed_default=RECORD_SPEED_DEFAULT)
    given = []
    for action in bare._actions:
        if getattr(args, action.dest, action.default) != action.default:
            given.append(max(action.option_strings, key=len))
    return given


def add_source_arguments(rec: argparse.ArgumentParser, speed_default: float | None) -> None:
    """The source options, shared by `genbo record` and the window (`genbo --source …`)."""
    rec.add_argument(
        "--source",
        action="append",
        choices=SOURCE_CHOICES,
        help=tr("where numbers come from; repeat to combine (default: simulator)"),
    )
    sim = rec.add_argument_group(tr("simulator"))
    sim.add_argument(
        "--speed",
        type=positive_float,
        default=speed_default,
        metavar="N",
        help=tr("run simulated time N times faster"),
    )
    sim.add_argument("--seed", type=int, default=None, metavar="S")
    http = rec.add_argument_group(tr("http (poll a JSON API)"))
    http.add_argument("--preset", choices=PRESET_NAMES, help=tr("a ready-made API"))
    http.add_argument("--channel", help=tr("twitch: the channel's login name"))
    http.add_argument("--client-id", help=tr("twitch: your app's Client-Id"))
    http.add_argument("--video-id", help=tr("youtube: the live video's id"))
    http.add_argument("--url", help=tr("the API URL (replaces a preset's)"))
    http.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="METRIC=PATH",
        help=tr("map a JSON field to a metric, e.g. viewers=data[0].viewer_count"),
    )
    http.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help=tr("a request header; {name} placeholders are filled from the keyring"),
    )
    http.add_argument("--method", choices=("GET", "POST"), default="GET")
    http.add_argument("--body", default=None, help=tr("request body for POST (e.g. JSON)"))
    http.add_argument(
        "--query",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=tr("a query parameter; {name} placeholders are filled from the keyring"),
    )
    http.add_argument("--interval", type=positive_float, default=None, metavar="SECONDS")
    http.add_argument("--deadline", type=positive_float, default=10.0, metavar="SECONDS")
    ing = rec.add_argument_group(tr("ingest (receive pushed numbers)"))
    ing.add_argument("--port", type=int, default=0, help=tr("default: a free port"))
    fil = rec.add_argument_group(tr("file (follow a CSV or JSONL file)"))
    fil.add_argument("--path", metavar="FILE")
    fil.add_argument("--format", choices=("auto", "csv", "jsonl"), default="auto")


def positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return v
