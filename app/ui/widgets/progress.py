"""Showing a background job's reports on a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QProgressBar


def progress_to_bar(bar: QProgressBar, stages: Mapping[str, str]) -> Callable[[float, str], None]:
    """A `Progress` callback that moves `bar` and names the stage (`stages` maps
    a job's stage keys to the translated words)."""

    def show(fraction: float, stage: str) -> None:
        bar.setValue(round(fraction * 100))
        bar.setFormat(f"{stages.get(stage, stage)} %p%")

    return show
