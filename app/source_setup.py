"""Turning command-line options into sources, for `genbo record` and for the
window (`genbo --streamer NAME --source …`), and finding their secrets."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from typing import Any

from app.i18n import tr
from app.secret_store import SecretStore
from app.sources.base import Source
from app.sources.file_tail import FileTailSource
from app.sources.http_poll import (
    MIN_INTERVAL_S,
    PRESETS,
    HttpPollConfig,
    HttpPollSource,
    preset_config,
)
from app.sources.ingest import IngestSource
from app.sources.simulator import SimulatorSource

SOURCE_CHOICES = ("simulator", "http", "ingest", "file")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def add_record_arguments(rec: argparse.ArgumentParser) -> None:
    rec.add_argument("--streamer", required=True, metavar="NAME")
    rec.add_argument("--title", default="", metavar="T")
    rec.add_argument(
        "--duration",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help=tr("stop after this many session seconds (default: until Ctrl+C)"),
    )
    add_source_arguments(rec, speed_default=1.0)


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
    http.add_argument("--preset", choices=sorted(PRESETS), help=tr("a ready-made API"))
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


class SetupError(Exception):
    """The command line asks for something that cannot be set up; the message says why."""


def secret_name(cfg: HttpPollConfig, name: str) -> str:
    """Where a source's secret lives in the keyring, e.g. twitch-token."""
    return f"{cfg.preset or 'http'}-{name.replace('_', '-')}"


def env_name(cfg: HttpPollConfig, name: str) -> str:
    return "GENBO_" + secret_name(cfg, name).upper().replace("-", "_")


def resolve_secrets(cfg: HttpPollConfig, store: SecretStore, interactive: bool) -> dict[str, str]:
    """Each secret from $GENBO_<PRESET>_<NAME>, else the keyring, else a prompt."""
    found: dict[str, str] = {}
    for name in cfg.secret_names:
        value = os.environ.get(env_name(cfg, name)) or store.get(secret_name(cfg, name))
        if not value and interactive:
            value = getpass.getpass(tr("{name} (not shown): ").format(name=name))
            if value:
                saved = store.set(secret_name(cfg, name), value)
                print(
                    tr("Saved {key} in the keyring.").format(key=secret_name(cfg, name))
                    if saved
                    else tr("No keyring is available: {key} is kept for this run only.").format(
                        key=secret_name(cfg, name)
                    ),
                    file=sys.stderr,
                )
        if not value:
            raise SetupError(
                tr(
                    "the {source} source needs {name}: set ${env}, or store it with "
                    "`genbo secret set {key}`"
                ).format(
                    source=cfg.preset or "http",
                    name=name,
                    env=env_name(cfg, name),
                    key=secret_name(cfg, name),
                )
            )
        found[name] = value
    return found


def http_config(args: argparse.Namespace) -> HttpPollConfig:
    mapping: dict[str, str] = {}
    for item in args.map:
        key, sep, path = item.partition("=")
        if not sep or not key.strip() or not path.strip():
            raise SetupError(tr("--map takes METRIC=PATH, e.g. viewers=data[0].viewer_count"))
        mapping[key.strip()] = path.strip()
    headers: dict[str, str] = {}
    for item in args.header:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise SetupError(tr("--header takes 'Name: value'"))
        headers[name.strip()] = value.strip()
    query: dict[str, str] = {}
    for item in args.query:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise SetupError(tr("--query takes NAME=VALUE"))
        query[name.strip()] = value
    overrides: dict[str, Any] = {"deadline_s": args.deadline}
    if args.interval is not None:
        overrides["interval_s"] = args.interval
    if args.preset:
        params = {
            k: v
            for k, v in {
                "channel": args.channel,
                "client_id": args.client_id,
                "video_id": args.video_id,
            }.items()
            if v
        }
        try:
            cfg = preset_config(args.preset, params, url=args.url, **overrides)
        except ValueError as exc:
            raise SetupError(str(exc)) from None
        if mapping:
            cfg = HttpPollConfig.from_dict({**cfg.to_dict(), "mapping": mapping})
        if headers:
            cfg = HttpPollConfig.from_dict({**cfg.to_dict(), "headers": {**cfg.headers, **headers}})
    else:
        if not args.url:
            raise SetupError(tr("the http source needs --url (or --preset twitch|youtube)"))
        templated = " ".join([args.url, *headers.values(), *query.values(), args.body or ""])
        cfg = HttpPollConfig(
            url=args.url,
            mapping=mapping,
            headers=headers,
            query=query,
            method=args.method,
            body=args.body,
            secret_names=tuple(sorted(set(_PLACEHOLDER.findall(templated)))),
            **overrides,
        )
    try:
        cfg.validate(MIN_INTERVAL_S)
    except ValueError as exc:
        raise SetupError(str(exc)) from None
    return cfg


def build_sources(args: argparse.Namespace, store: SecretStore, interactive: bool) -> list[Source]:
    kinds = args.source or ["simulator"]
    speed = args.speed if args.speed is not None else 1.0
    duration = getattr(args, "duration", None)
    if len(set(kinds)) != len(kinds):
        raise SetupError(tr("each --source kind may be given once"))
    if "simulator" in kinds and len(kinds) > 1 and speed != 1:
        raise SetupError(
            tr("the simulator runs faster than real time only on its own; drop --speed")
        )
    sources: list[Source] = []
    for kind in kinds:
        if kind == "simulator":
            sources.append(SimulatorSource(seed=args.seed, speed=speed, duration_s=duration))
        elif kind == "http":
            cfg = http_config(args)
            sources.append(HttpPollSource(cfg, secrets=resolve_secrets(cfg, store, interactive)))
        elif kind == "ingest":
            token, _saved = store.ingest_token()
            try:
                sources.append(IngestSource(port=args.port, token=token))
            except ValueError as exc:
                raise SetupError(str(exc)) from None
        elif kind == "file":
            if not args.path:
                raise SetupError(tr("the file source needs --path FILE"))
            sources.append(FileTailSource(args.path, format=args.format))
    return sources
