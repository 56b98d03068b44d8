"""Shared fixtures. Nothing here imports Qt at module level, so tests/core runs
without Qt installed (see tests/test_layers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test, and no `genbo` process a test starts, reads or writes the keyring of
# the desktop running the tests (parallel workers would share it): tokens live
# for the run, as on CI. Tests of the keyring path install their own backend.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
# The suite reads English whatever the machine's language (Genbo follows the
# locale); tests of the Chinese interface set their own.
os.environ["LANG"] = "C.UTF-8"
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "genbo-data"
    d.mkdir()
    return d


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine of the `db` fixture: SQLite, unless a module asks
    for both with `BACKENDS = ("sqlite", "postgresql")` (see
    `pytest_generate_tests`): the same test then runs on each."""
    return str(getattr(request, "param", "sqlite"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    backends = getattr(metafunc.module, "BACKENDS", None)
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return  # it damages or inspects the file itself: SQLite only
    if backends and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def db(data_dir: Path, backend: str) -> Iterator[object]:
    from app.storage.database import open_database, sqlite_url

    if backend == "postgresql":
        from tests import pg

        url, name = pg.fresh_database()
        database = open_database(url)
        yield database
        database.dispose()
        pg.drop_database(name)
        return
    database = open_database(sqlite_url(data_dir / "genbo.db"))
    yield database
    database.dispose()


@pytest.fixture
def repo(db: object) -> object:
    from app.storage.repository import Repository

    return Repository(db)  # type: ignore[arg-type]


@pytest.fixture
def writer(db: object) -> Iterator[object]:
    from app.storage.writer import DatabaseWriter

    w = DatabaseWriter(db)  # type: ignore[arg-type]
    w.start()
    yield w
    w.close()


@pytest.fixture
def dict_keyring() -> Iterator[object]:
    """The process's keyring is a `tests.keyrings.DictKeyring` for one test."""
    import keyring

    from tests.keyrings import DictKeyring

    old = keyring.get_keyring()
    kr = DictKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(old)


@pytest.fixture
def robots() -> Iterator[object]:
    """The four team-chat robots on a loopback server (tests/notify/fake_robots.py)."""
    from tests.notify.fake_robots import Robots, start, stop

    r = start(Robots())
    yield r
    stop(r)
