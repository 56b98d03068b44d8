"""Turning command-line options into sources, for `genbo record` and for the
window (`genbo --streamer NAME --source …`), and finding their secrets. The
options themselves are defined in `app.cli.source_args`, which loads nothing heavy."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import re
import sys
from collections.abc import Mapping
from typing import Any

from app.config.formatting import number_format
from app.config.i18n import tr
from app.config.secret_store import SecretStore
from app.sources.base import Source
from app.sources.file_tail import FileTailSource
from app.sources.http_poll import (
    MIN_INTERVAL_S,
    HttpPollConfig,
    HttpPollSource,
    preset_config,
)
from app.sources.ingest import IngestSource
from app.sources.simulator import SimulatorSource

log = logging.getLogger(__name__)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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
    """The HTTP source the command line's options describe (`--map`,
    `--header` and `--query` as typed, the rest as parsed)."""
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
    return make_http_config(
        preset=args.preset,
        channel=args.channel,
        client_id=args.client_id,
        video_id=args.video_id,
        url=args.url,
        mapping=mapping,
        headers=headers,
        query=query,
        method=args.method,
        body=args.body,
        interval=args.interval,
        deadline=args.deadline,
    )


def make_http_config(
    *,
    preset: str | None = None,
    channel: str | None = None,
    client_id: str | None = None,
    video_id: str | None = None,
    url: str | None = None,
    mapping: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
    interval: float | None = None,
    deadline: float = 10.0,
) -> HttpPollConfig:
    """An HTTP source's settings from plain values named as the command
    line's options are (`http_config` for the command line, the watch wall's
    files for theirs). A preset takes its parameters, and `mapping` and
    `headers` on top of its own; without one `url` is needed, and the
    `{name}` placeholders in it, the headers, the query and the body are the
    secrets to look up. Raises SetupError saying what is wrong."""
    mapping, headers, query = dict(mapping or {}), dict(headers or {}), dict(query or {})
    overrides: dict[str, Any] = {"deadline_s": deadline}
    if interval is not None:
        overrides["interval_s"] = interval
    if preset:
        params = {
            k: v
            for k, v in {"channel": channel, "client_id": client_id, "video_id": video_id}.items()
            if v
        }
        try:
            cfg = preset_config(preset, params, url=url, **overrides)
        except ValueError as exc:
            raise SetupError(str(exc)) from None
        if mapping:
            cfg = HttpPollConfig.from_dict({**cfg.to_dict(), "mapping": mapping})
        if headers:
            cfg = HttpPollConfig.from_dict({**cfg.to_dict(), "headers": {**cfg.headers, **headers}})
    else:
        if not url:
            raise SetupError(tr("the http source needs --url (or --preset twitch|youtube)"))
        templated = " ".join([url, *headers.values(), *query.values(), body or ""])
        cfg = HttpPollConfig(
            url=url,
            mapping=mapping,
            headers=headers,
            query=query,
            method=method,
            body=body,
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
                sources.append(IngestSource(port=args.port, token=token, fmt=number_format()))
            except ValueError as exc:
                raise SetupError(str(exc)) from None
        elif kind == "file":
            if not args.path:
                raise SetupError(tr("the file source needs --path FILE"))
            sources.append(FileTailSource(args.path, format=args.format))
    return sources


def sources_from_configs(
    configs: list[tuple[str, dict[str, object]]], store: SecretStore, keyboard: bool = True
) -> list[Source]:
    """Rebuild a session's sources from their stored (non-secret) settings,
    with secrets looked up again, to resume it. The keyboard source only where
    there is a keyboard (`keyboard`; the window adds its own)."""
    from app.sources.base import SOURCE_KINDS
    from app.sources.manual import ManualSource

    sources: list[Source] = []
    for kind, cfg in configs:
        if "feed" in cfg:
            continue  # a labelled feed (a companion's tab, corrected screen reads): made again
        try:
            if kind == "http":
                http_cfg = HttpPollConfig.from_dict(cfg)
                secrets = {
                    n: v
                    for n in http_cfg.secret_names
                    if (v := store.get(secret_name(http_cfg, n)) or "")
                }
                sources.append(HttpPollSource(http_cfg, secrets=secrets))
            elif kind == "ingest":
                token, _saved = store.ingest_token()
                sources.append(
                    IngestSource(
                        port=int(str(cfg.get("port", 0))), token=token, fmt=number_format()
                    )
                )
            elif kind == "manual":
                if keyboard:
                    sources.append(ManualSource())
            elif (cls := SOURCE_KINDS.get(kind)) is not None:
                sources.append(cls(**cfg))
        except (TypeError, ValueError) as exc:
            log.warning("cannot rebuild %s source from %r: %s", kind, cfg, exc)
    return sources
