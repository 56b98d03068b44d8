"""Saved screen layouts: the boxes of one dashboard kind ("快手大屏
1920×1080"), a JSON file each in the data folder's `screen-layouts/`, so the
window and `genbo screen` share them and a team can pass one around."""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.core.messages import QT_TRANSLATE_NOOP
from app.sources.base import SourceConfigError
from app.sources.screen import ScreenLayout

log = logging.getLogger(__name__)

FOLDER = "screen-layouts"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class LayoutProblem:
    path: Path
    error: str


def layouts_dir(data_dir: Path) -> Path:
    return data_dir / FOLDER


def layout_path(data_dir: Path, name: str) -> Path:
    stem = _UNSAFE.sub("_", name.strip()).strip(". ") or "layout"
    return layouts_dir(data_dir) / f"{stem[:80]}.json"


def load_layouts(data_dir: Path) -> tuple[list[ScreenLayout], list[LayoutProblem]]:
    """Every saved layout by name, and the files that could not be read
    (kept as they are, never overwritten by a load)."""
    found: list[ScreenLayout] = []
    problems: list[LayoutProblem] = []
    folder = layouts_dir(data_dir)
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(ScreenLayout.from_dict(json.loads(path.read_text("utf-8"))))
        except (OSError, ValueError) as exc:  # SourceConfigError is a ValueError
            problems.append(LayoutProblem(path, str(exc)))
    found.sort(key=lambda lay: lay.name.casefold())
    return found, problems


def find_layout(data_dir: Path, name: str) -> ScreenLayout:
    """The saved layout named `name`; `SourceConfigError` naming the saved ones."""
    layouts, _problems = load_layouts(data_dir)
    for lay in layouts:
        if lay.name == name:
            return lay
    for lay in layouts:
        if lay.name.casefold() == name.casefold():
            return lay
    raise SourceConfigError(
        QT_TRANSLATE_NOOP("sources", "no screen layout named “{name}”; saved: {names}"),
        name=name,
        names=", ".join(lay.name for lay in layouts) or "—",
    )


def save_layout(data_dir: Path, layout: ScreenLayout) -> Path:
    """Write `layout` (replacing one of the same name) atomically."""
    layout.validate()
    path = layout_path(data_dir, layout.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(layout.to_dict(), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".layout-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def delete_layout(data_dir: Path, name: str) -> bool:
    path = layout_path(data_dir, name)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
