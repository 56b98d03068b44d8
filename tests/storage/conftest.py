from collections.abc import Iterator

import pytest


@pytest.fixture
def short_busy_timeout(db, monkeypatch) -> Iterator[int]:
    """Connections made from now on give up on a locked database after 200 ms
    instead of 5 s, for tests that hold the lock to make a commit fail: the
    failure is the same, it just comes sooner."""
    import app.storage.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db.engine.dispose()  # the pool's connections were opened with the old timeout
    yield database.BUSY_TIMEOUT_MS
