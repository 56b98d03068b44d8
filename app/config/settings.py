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
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.core.highlights import DEFAULT_PREROLL_S, DEFAULT_REACTION_LAG_S
from app.core.milestones import DEFAULT_LADDERS, ChangeRule, CustomRule, RuleSettings
from app.core.roster import LEAP_THRESHOLDS_FEN, thresholds_to_yuan

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
    # Milestones and highlights
    gmv_ladder: list[float] = field(default_factory=lambda: list(DEFAULT_LADDERS["gmv"]))
    """GMV steps in yuan (10万 … 1000万)."""
    viewers_ladder: list[float] = field(default_factory=lambda: list(DEFAULT_LADDERS["viewers"]))
    surge_pct: float = 30.0
    surge_window_s: float = 120.0
    dwell_drop_pct: float = 25.0
    dwell_drop_window_s: float = 300.0
    custom_rules: list[dict[str, Any]] = field(default_factory=list)
    """[{"metric": "orders", "op": ">=", "value": 1000, "label": "1000 orders"}]"""
    personal_bests: bool = True
    preroll_s: float = DEFAULT_PREROLL_S
    """A clip starts this long before the marked moment."""
    reaction_lag_s: float = DEFAULT_REACTION_LAG_S
    """Subtracted from a key press: the moment happened a little before."""
    auto_highlights: bool = True
    alert_banner: bool = True
    alert_tray: bool = True
    alert_sound: bool = False
    moment_cards: bool = True
    """Save a moment card (PNG) for every major milestone."""
    # Roster
    leap_ladder: list[float] = field(
        default_factory=lambda: thresholds_to_yuan(LEAP_THRESHOLDS_FEN)
    )
    """Monthly GMV thresholds of the leap ladder (商家跃迁) in yuan (50万, 200万, 500万);
    `app.core.roster.thresholds_from_yuan` turns them into fen."""
    version: int = SETTINGS_VERSION


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # version N -> N+1 steps go here, e.g. 1: lambda d: {**d, "new_option": d.get("old")}
}


def rules_from_settings(st: Settings) -> RuleSettings:
    """The milestone rules the operator configured (bad custom rules are skipped)."""
    custom = []
    for d in st.custom_rules:
        try:
            custom.append(
                CustomRule(
                    str(d["metric"]), str(d["op"]), float(d["value"]), str(d.get("label", ""))
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("skipping custom rule %r: %s", d, exc)
    return RuleSettings(
        ladders={"gmv": tuple(st.gmv_ladder), "viewers": tuple(st.viewers_ladder)},
        changes=(
            ChangeRule("viewers", st.surge_pct, st.surge_window_s, up=True, min_base=500),
            ChangeRule("dwell_seconds", st.dwell_drop_pct, st.dwell_drop_window_s, up=False),
        ),
        custom=tuple(custom),
        personal_bests=st.personal_bests,
    )


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
