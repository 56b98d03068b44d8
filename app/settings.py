"""Every option in one place, with its default, and a versioned file format.

Settings are a JSON file in the config dir. Each saved file carries `version`;
`_UPGRADES` turns an older file into the current shape step by step. A file
that cannot be read is set aside (renamed, never deleted) and defaults are used.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


@dataclass
class Settings:
    follow_window_s: int | None = 15 * 60
    """How much of the recent past the live plots show while following (None: all)."""
    demo_speed: float = 10.0
    """How many times faster than real time `genbo --demo` runs."""
    number_units: str = "cn"
    """"cn" shows 万/亿, "west" shows K/M/B."""
    last_streamer: str = ""
    antialias: bool = False
    version: int = SETTINGS_VERSION


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # version N -> N+1 steps go here, e.g. 1: lambda d: {**d, "new_option": d.get("old")}
}


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        version = int(data.get("version", 1))
        if version > SETTINGS_VERSION:
            log.warning("%s is from a newer Genbo (version %s); using defaults", path, version)
            return Settings()
        while version < SETTINGS_VERSION:
            data = _UPGRADES[version](data)
            version += 1
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in data.items() if k in known}
        values["version"] = SETTINGS_VERSION
        return Settings(**values)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        aside = path.with_suffix(".unreadable.json")
        log.warning("could not read %s (%s); kept it as %s, using defaults", path, exc, aside)
        with contextlib.suppress(OSError):
            path.replace(aside)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
