"""The core runs without Qt, SQLAlchemy or httpx: prove it by running the core
tests in a fresh interpreter where importing them fails."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BLOCKER = r"""
import sys
BLOCKED = ("PySide6", "pyqtgraph", "sqlalchemy", "alembic", "httpx", "shiboken6")

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: app.core must not need it")
        return None

sys.meta_path.insert(0, Blocker())
import pytest
# Not in xdist workers: they are fresh interpreters without the blocker.
sys.exit(pytest.main(["-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider", "-p", "no:xdist",
                      "tests/core"]))
"""


@pytest.mark.slow
def test_core_tests_pass_without_qt_or_database_libraries() -> None:
    r = subprocess.run(
        [sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert " passed" in r.stdout


@pytest.mark.parametrize("layer", ["runtime", "session", "config"])
def test_layers_below_the_window_use_qtcore_only(layer: str) -> None:
    """import-linter cannot forbid a Qt submodule; read the imports instead.
    runtime is QtCore (threads, signals); session and config may translate
    through QtCore and nothing more."""
    import ast

    paths = list((ROOT / "app" / layer).rglob("*.py"))
    assert paths
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("PySide6"):
                    assert name == "PySide6.QtCore", f"{path.name} imports {name}"


def test_only_the_entry_points_sit_at_the_root() -> None:
    """Every module lives in the package of its layer."""
    assert sorted(p.name for p in (ROOT / "app").glob("*.py")) == ["__init__.py", "__main__.py"]
