"""`genbo wall`: open the window on a wall — up to twelve streamers followed at
once — from a config file (TOML or JSON, see docs/examples/wall.toml) or a wall
saved in the window; `genbo wall --list` names the saved ones, and
`genbo wall CONFIG --check` only reads a config and says what it would follow;
`genbo wall --team` shows the team's live sessions recorded on other
computers (read-only, read from the team server every 5 s), with CONFIG
after the wall's own streamers.

The config is read before the window opens: a bad one is said on stderr (exit
2) and nothing is recorded. `genbo record --config CONFIG` records the same
file without the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.commands import command_parents
from app.config.formatting import number_format
from app.config.paths import AppPaths


def register(sub: Any) -> None:
    from app.config.i18n import tr

    p = sub.add_parser(
        "wall",
        parents=command_parents(),
        help=tr(
            "follow up to twelve streamers at once in the window (a config file or saved wall)"
        ),
    )
    p.add_argument(
        "config",
        nargs="?",
        metavar="CONFIG",
        help=tr("a TOML or JSON wall file, or the name of a wall saved in the window"),
    )
    p.add_argument("--list", action="store_true", help=tr("list the saved walls"))
    p.add_argument(
        "--team",
        action="store_true",
        help=tr(
            "also show the team's live sessions recorded on other computers (read-only, "
            "read from the team server every 5 s); without CONFIG, only them"
        ),
    )
    p.add_argument(
        "--check",
        action="store_true",
        help=tr("read the config and say what it would follow, without opening the window"),
    )
    p.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    p.set_defaults(run=cmd_wall)


def resolve_wall(text: str, paths: AppPaths) -> Any:
    """The `WallConfig` a command line names: a file, else a saved wall's name.
    Raises `WallConfigError` (or `KeyError`) with the words to show."""
    from app.config.i18n import tr
    from app.session.wall import SavedWalls, WallConfigError, load_wall_config

    path = Path(text).expanduser()
    if path.is_file():
        return load_wall_config(path)
    saved = SavedWalls(paths.data_dir / "walls")
    if text.casefold() in {n.casefold() for n in saved.names()}:
        return saved.load(text)  # names match whatever their case
    if path.suffix.lower() in (".toml", ".json") or "/" in text:
        return load_wall_config(path)  # says in its words that it cannot be read
    names = saved.names()
    raise WallConfigError(
        tr("“{name}” is neither a wall file nor a saved wall (saved: {names})").format(
            name=text, names=", ".join(names) if names else tr("none yet")
        )
    )


def describe_entry(entry: Any) -> str:
    from app.config.i18n import tr

    kinds = ", ".join(s.kind for s in entry.sources) or tr("typed in by hand")
    when = ""
    if entry.start_at:
        when = " · " + tr("from {time}").format(time=entry.start_at)
    elif entry.start_after_s:
        when = " · " + tr("after {time}").format(time=number_format().duration(entry.start_after_s))
    if entry.due:
        when += " · " + tr("due {time}").format(time=entry.due)
    title = f" “{entry.title}”" if entry.title else ""
    return f"{entry.streamer}{title} · {kinds}{when}"


def wall_json(cfg: Any) -> dict[str, Any]:
    from app.session.wall import wall_to_dict

    return {"path": str(cfg.path) if cfg.path else None, **wall_to_dict(cfg), "team": cfg.team}


def cmd_wall(args: argparse.Namespace, paths: AppPaths) -> int:
    from app.config.i18n import tr
    from app.session.wall import SavedWalls, WallConfigError

    if args.list:
        saved = SavedWalls(paths.data_dir / "walls")
        walls = []
        for name in saved.names():
            try:
                walls.append(saved.load(name))
            except (KeyError, OSError, ValueError) as exc:
                print(f"genbo: {exc}", file=sys.stderr)
        if args.json:
            json.dump([wall_json(w) for w in walls], sys.stdout, ensure_ascii=False, indent=2)
            print()
        elif not walls:
            print(tr("No saved walls. Save one in the window (Wall tab → Save wall…)."))
        else:
            for w in walls:
                print(
                    tr("{name}: {n} streamers").format(
                        name=w.name, n=number_format().count(len(w.entries))
                    )
                    + " — "
                    + ", ".join(e.streamer for e in w.entries)
                )
        return 0
    if not args.config and not args.team:
        print(
            "genbo: "
            + tr(
                "name a wall file or a saved wall: genbo wall CONFIG (or genbo wall --list, "
                "or genbo wall --team for the team's live sessions)"
            ),
            file=sys.stderr,
        )
        return 2
    if args.config:
        try:
            cfg = resolve_wall(args.config, paths)
        except (WallConfigError, KeyError, OSError) as exc:
            print(f"genbo: {exc}", file=sys.stderr)
            return 2
        if args.team:
            from dataclasses import replace

            cfg = replace(cfg, team=True)
    else:
        from app.session.wall import team_wall

        cfg = team_wall()
    if args.check or args.json:
        if args.json:
            json.dump(wall_json(cfg), sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            if cfg.entries:
                print(
                    tr("{name}: {n} streamers").format(
                        name=cfg.name, n=number_format().count(len(cfg.entries))
                    )
                )
            for e in cfg.entries:
                print("  " + describe_entry(e))
            if cfg.team:
                print(
                    tr(
                        "The team's live sessions recorded on other computers, read-only: "
                        "read from the team server every 5 s (about 5 s behind)"
                    )
                )
        return 0
    from app.ui.shell.launch import launch

    args.wall = cfg
    return launch(args, paths)
