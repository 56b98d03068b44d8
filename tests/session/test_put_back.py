"""Emergency files after the run that wrote them: found at the next start
for this data folder's database (and only for it), put back by `genbo
import` or Import…, then no longer listed, though the file stays."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from app.config.formatting import number_format
from app.config.paths import resolve_paths
from app.session.health import (
    EMERGENCY_FOLDER,
    describe_leftovers,
    emergency_dirs,
    leftover_spills,
)
from app.session.put_back import put_back, put_back_marker
from app.storage.database import open_database, sqlite_url
from app.storage.repository import Repository
from tests.disks import make_emergency_file


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return h


def test_a_file_left_behind_is_listed_until_it_is_put_back(tmp_path: Path, home: Path) -> None:
    spill, times = make_emergency_file(tmp_path)
    paths = resolve_paths(tmp_path / "origin")
    assert home / EMERGENCY_FOLDER in emergency_dirs(paths)
    folder = home / EMERGENCY_FOLDER
    folder.mkdir()
    left = Path(shutil.copy(spill, folder))
    other = tmp_path / "another-db.jsonl"
    other.write_text(left.read_text(encoding="utf-8").replace(str(paths.database), "/elsewhere"))
    shutil.copy(other, folder / "genbo-unsaved-9-other.jsonl")
    assert leftover_spills(paths) == [left]
    text = describe_leftovers([left], number_format())
    assert text is not None and str(left) in text and "genbo import" in text

    db = open_database(sqlite_url(paths.database))
    try:
        repo = Repository(db)
        done = put_back(repo, left)
        assert done.samples == len(times) and done.created == ()
        assert put_back_marker(left).exists() and left.exists()
        assert leftover_spills(paths) == []
        assert put_back(repo, left).samples == 0, "twice changes nothing"
        (info,) = repo.list_sessions()
        assert repo.sample_count(info.id) == len(times)
    finally:
        db.dispose()


def test_memory_backed_folders_come_last(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.session.health import _volatile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and _volatile(shm)) or _volatile(home):
        pytest.skip("needs a tmpfs /dev/shm and a home folder on a disk")
    monkeypatch.setattr(tempfile, "tempdir", str(shm))
    paths = resolve_paths(tmp_path / "data")
    assert emergency_dirs(paths) == [home / EMERGENCY_FOLDER, shm / EMERGENCY_FOLDER]


def test_twice_into_another_database_makes_the_session_once(tmp_path: Path) -> None:
    spill, times = make_emergency_file(tmp_path)
    db = open_database(sqlite_url(tmp_path / "elsewhere" / "genbo.db"))
    try:
        repo = Repository(db)
        first = put_back(repo, spill)
        second = put_back(repo, spill)
        assert len(first.created) == 1 and second.created == ()
        assert [s.id for s in second.sessions] == [first.created[0]]
        assert (second.samples, second.already) == (0, len(times))
        (info,) = repo.list_sessions()
        assert repo.sample_count(info.id) == len(times)
        assert info.summary.gmv_fen == 100 * (len(times) - 1)  # rebuilt from the samples
    finally:
        db.dispose()


def test_the_end_names_every_emergency_file_with_its_own_count(tmp_path: Path) -> None:
    from app.session.health import describe_end
    from app.storage.writer import WriterHealth

    a, b = tmp_path / "genbo-unsaved-1-a.jsonl", tmp_path / "genbo-unsaved-1-b.jsonl"
    lines = describe_end(WriterHealth(spills=((a, 300), (b, 50))), number_format())
    assert len(lines) == 2
    assert "300 samples" in lines[0] and f'genbo import "{a}"' in lines[0]
    assert "50 samples" in lines[1] and f'genbo import "{b}"' in lines[1]
