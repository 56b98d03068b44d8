"""Wheel build hook: compiles resources/i18n/*.ts to .qm with PySide6's lrelease.

The wheel carries `resources/` as `app/resources` (pyproject's force-include);
this adds each compiled catalogue beside its .ts there. lrelease comes from
PySide6-Essentials, a build requirement (pyproject's [build-system]), or from
the environment building the wheel without isolation. The .qm files are built,
never committed (.gitignore).

Should no lrelease be found the wheel is still built, with the .ts only: Genbo
then compiles the catalogue into the user's cache on first use (PySide6, with
its lrelease, is a runtime dependency), so an installation never falls back to
English for want of a build tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _lrelease() -> list[str] | None:
    try:
        import PySide6

        binary = Path(PySide6.__file__).parent / ("lrelease.exe" if os.name == "nt" else "lrelease")
        if binary.exists():
            return [str(binary)]
    except ImportError:
        pass
    for name in ("pyside6-lrelease", "lrelease-qt6", "lrelease"):
        found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
        if found:
            return [found]
    return None


class TranslationsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable checkout: `make install` builds the .qm in place
        sources = sorted((Path(self.root) / "resources" / "i18n").glob("*.ts"))
        if not sources:
            return
        cmd = _lrelease()
        if cmd is None:
            self.app.display_warning(
                "lrelease not found: the wheel carries the .ts only (compiled on first use)"
            )
            return
        out = Path(tempfile.mkdtemp(prefix="genbo-qm-"))
        self._out = out
        for ts in sources:
            qm = out / f"{ts.stem}.qm"
            subprocess.run([*cmd, "-silent", str(ts), "-qm", str(qm)], check=True)
            build_data["force_include"][str(qm)] = f"app/resources/i18n/{qm.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
