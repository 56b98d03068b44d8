"""The team server's roles, as the README's Roles section gives them, on a real
PostgreSQL: the doc's own SQL blocks (found by their `<!-- sql:NAME -->`
markers, run through `psql` as an admin would) make the owner, the read-only
lead, the wall and the operators; then every promise the doc makes is tried
with Genbo's own code and with raw SQL, logged in as each role with its
password."""

from __future__ import annotations

import itertools
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from psycopg import errors
from sqlalchemy.exc import SQLAlchemyError

from app.core.ads import AdRow
from app.core.highlights import EventRecord
from app.core.library import LibraryQuery
from app.core.metrics import Gap, Sample
from app.core.session import ScheduleSlot, SessionStatus, SessionSummary, now_ms
from app.session.library import tidy
from app.storage import chunks
from app.storage.ads import AdStore
from app.storage.database import (
    MIGRATIONS_DIR,
    Database,
    ServerRefusedError,
    StorageError,
    head_revision,
    open_database,
)
from app.storage.repository import Repository
from app.storage.writer import SMALL_CHUNKS_MAX, DatabaseWriter
from tests import pg

DOC = Path(__file__).resolve().parents[2] / "README.md"
"""What is tested; the README's "Team server" section carries the same blocks."""

BLOCK = re.compile(r"<!-- sql:([\w-]+) -->\s*```sql\n(.*?)```", re.S)
LOGINS = ("genbo_owner", "lead", "wall", "alice", "bob")
GROUPS = ("genbo_operator", "genbo_reader")
CHILDREN = ("sources", "sample_chunks", "events", "gaps", "minute_curves", "ad_report_rows")
TABLES = (
    "streamers",
    "streamer_schedules",
    "streamer_months",
    "live_sessions",
    *CHILDREN,
    "alembic_version",
)
_names = itertools.count(1)


def doc_blocks(text: str) -> dict[str, str]:
    """The doc's SQL blocks by marker."""
    found = {name: sql for name, sql in BLOCK.findall(text)}
    assert len(found) == len(BLOCK.findall(text)), "a marker is used twice"
    return found


@dataclass
class Team:
    """One team database made by the doc's blocks, and its logins' passwords."""

    database: str
    passwords: dict[str, str]
    blocks: dict[str, str]
    open: list[Database] = field(default_factory=list)

    def url(self, login: str) -> str:
        return pg.server().url(self.database, login, self.passwords[login])

    def dsn(self, login: str) -> str:
        s = pg.server()
        return (
            f"host=127.0.0.1 port={s.port} dbname={self.database} "
            f"user={login} password={self.passwords[login]}"
        )

    def db(self, login: str) -> Database:
        """Genbo's database, opened as Genbo opens a team server, as `login`."""
        db = open_database(self.url(login))
        self.open.append(db)
        return db

    def sql(self, name: str) -> str:
        """The doc's block `name`, with this team's database and passwords."""
        sql = re.sub(r"\bDATABASE genbo\b", f"DATABASE {self.database}", self.blocks[name])
        for login, password in self.passwords.items():
            placeholder = f"'{login.removeprefix('genbo_')}-password'"
            sql = sql.replace(f"PASSWORD {placeholder}", f"PASSWORD '{password}'")
        assert "-password'" not in sql, "a password the test does not know"
        return sql


def psql(
    sql: str, database: str, user: str = pg.SUPERUSER, password: str = "", *, ok: bool = True
) -> str:
    """Run `sql` as `psql` does for an admin pasting it in: stops at the
    first error, which must (`ok`) or must not come. Returns what psql said
    on stderr (its notices, its error)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if password:
        env["PGPASSWORD"] = password
    done = subprocess.run(
        [str(pg.server().bin_dir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
         "-p", str(pg.server().port), "-U", user, "-d", database, "-f", "-"],
        input=sql, capture_output=True, text=True, env=env, timeout=30,
    )  # fmt: skip
    assert (done.returncode == 0) is ok, done.stderr
    return done.stderr


STRANGER = "stranger"
"""A login of the server in none of the doc's groups."""


def _drop_roles() -> None:
    pg.server().execute(f"DROP ROLE IF EXISTS {', '.join((*LOGINS, STRANGER, *GROUPS))}")


@pytest.fixture(scope="module")
def team() -> Iterator[Team]:
    blocks = doc_blocks(DOC.read_text(encoding="utf-8"))
    assert {"owner", "read-only", "wall", "operator", "grants"} <= set(blocks)
    name = f"genbo_team_{os.getpid()}_{next(_names)}"
    t = Team(name, {login: secrets.token_urlsafe(12) for login in LOGINS}, blocks)
    _drop_roles()  # a run cut short in this process left them
    psql(t.sql("owner"), "postgres")
    try:
        # The schema, as `genbo --db URL upgrade` makes it: as the owner.
        open_database(t.url("genbo_owner")).dispose()
        for block in ("read-only", "wall", "operator"):
            psql(t.sql(block), "postgres")
        psql(t.sql("grants"), name, "genbo_owner", t.passwords["genbo_owner"])
        yield t
    finally:
        for db in t.open:
            db.dispose()
        pg.drop_database(name)
        _drop_roles()


# -- helpers ---------------------------------------------------------------------------
T0 = 1_760_000_000_000  # 2025-10-09, a Thursday


def record(db: Database, operator: str, streamer: str, points: int = 40) -> int:
    """A session recorded the way Genbo's recorder does, as `operator`: the
    row, a source, samples over `points` commits (more than
    `SMALL_CHUNKS_MAX`, so the writer folds its small chunks: deletes them
    and writes compressed ones), highlights (one edited, one deleted), a gap
    opened then closed, summaries (which recount the month), the end; then
    the minute curves. Returns its id."""
    repo = Repository(db, operator)
    failures: list[str] = []
    writer = DatabaseWriter(db, commit_interval_s=0.01, on_error=failures.append)
    writer.start()
    try:
        who = repo.get_or_create_streamer(streamer)
        info = repo.create_session(who, "夜场", T0, 480)
        src = repo.add_source(info.id, "simulator", "Simulator")
        for k in range(points):
            values = {"viewers": 100 + k, "gmv": 1_00 * k}
            writer.write_samples(info.id, src.id, [Sample(T0 + 1000 * k, values, "simulator")])
            writer.update_summary(info.id, SessionSummary(duration_s=k, gmv_fen=1_00 * k))
            assert writer.flush()
        kept, dropped = f"{operator}-h1-{info.id}", f"{operator}-h2-{info.id}"
        writer.write_event(info.id, EventRecord(kept, T0 + 5000, "highlight", "讲解"))
        writer.write_event(info.id, EventRecord(dropped, T0 + 6000, "highlight", "oops"))
        writer.write_event(info.id, EventRecord(kept, T0 + 5000, "highlight", "讲解 商品A"))
        writer.delete_event(info.id, dropped)
        writer.write_gap(info.id, src.id, Gap("simulator", T0 + 7000, None, "lost"))
        writer.write_gap(info.id, src.id, Gap("simulator", T0 + 7000, T0 + 9000, "lost"))
        assert writer.flush(fold_session=info.id)
    finally:
        writer.close()
    assert not failures and writer.health().ok, failures
    summary = SessionSummary(duration_s=points, gmv_fen=1_00 * (points - 1))
    repo.end_session(info.id, T0 + 1000 * points, summary)
    repo.save_minute_curves(info.id, {"viewers": np.arange(1, dtype=np.int64) + 100})
    return info.id


def counts(session_id: int, database: str) -> dict[str, Any]:
    """What is stored for a session, read as the superuser (past every rule)."""
    out: dict[str, Any] = {}
    with psycopg.connect(pg.server().dsn(database)) as conn:
        row = conn.execute(
            "SELECT title, notes, tags, deleted_ms, status, ended_ms, operator, gmv_fen"
            " FROM live_sessions WHERE id = %s",
            (session_id,),
        ).fetchone()
        out["row"] = row
        for t in CHILDREN:
            n = conn.execute(f"SELECT count(*) FROM {t} WHERE session_id = %s", (session_id,))
            out[t] = n.fetchone()[0]  # type: ignore[index]
        raw = conn.execute(
            "SELECT count(*) FROM sample_chunks WHERE session_id = %s AND encoding = %s",
            (session_id, chunks.RAW),
        )
        out["raw_chunks"] = raw.fetchone()[0]  # type: ignore[index]
    return out


def rules(database: str) -> list[tuple[Any, ...]]:
    """Every grant, default grant and row rule of a database, to compare."""
    with psycopg.connect(pg.server().dsn(database)) as conn:
        return conn.execute(
            "SELECT 'policy', tablename, policyname, cmd, roles::text, qual, with_check"
            " FROM pg_policies"
            " UNION ALL SELECT 'acl', relname, relacl::text, relrowsecurity::text, '', '', ''"
            " FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " UNION ALL SELECT 'default', defaclobjtype::text, defaclacl::text, '', '', '', ''"
            " FROM pg_default_acl"
            " UNION ALL SELECT 'schema', nspname, nspacl::text, '', '', '', ''"
            " FROM pg_namespace WHERE nspname = 'public'"
            " ORDER BY 1, 2, 3"
        ).fetchall()


def refused(exc: BaseException) -> errors.InsufficientPrivilege | None:
    """The server's refusal in an exception's chain, if it is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, errors.InsufficientPrivilege):
            return seen
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return None


def raw(team: Team, login: str, sql: str, *params: Any) -> int:
    """Run one statement as `login`; the rows it changed."""
    with psycopg.connect(team.dsn(login), autocommit=True) as conn:
        return conn.execute(sql.encode(), params or None).rowcount


def raw_refused(team: Team, login: str, sql: str, *params: Any) -> str:
    """Run one statement as `login` that the server must refuse; its words."""
    with pytest.raises(errors.InsufficientPrivilege) as info:
        raw(team, login, sql, *params)
    return str(info.value)


COPY_SESSION = (
    "INSERT INTO live_sessions (streamer_id, title, started_ms, utc_offset_min, status,"
    " app_version, duration_s, sample_count, summary_version, uid, local_day, notes, tags,"
    " detail, search_text, operator)"
    " SELECT streamer_id, title, started_ms, utc_offset_min, status, app_version, duration_s,"
    " sample_count, summary_version, gen_random_uuid()::text, local_day, notes, tags, detail,"
    " search_text, %s FROM live_sessions WHERE id = %s"
)
COPY_EVENT = (
    "INSERT INTO events (uid, session_id, ts_ms, kind, label, payload_json)"
    " VALUES (gen_random_uuid()::text, %s, 0, 'highlight', 'mine', '{}')"
)


# -- the tests -------------------------------------------------------------------------
def test_an_operator_records_and_tidies_her_own_sessions(team: Team) -> None:
    db = team.db("alice")
    sid = record(db, "alice", "杨小姐")
    stored = counts(sid, team.database)
    assert stored["row"][6] == "alice"  # the operator stamp the rules read
    assert stored["row"][4] == "ended"
    assert stored["sources"] == 1 and stored["events"] == 1 and stored["gaps"] == 1
    assert stored["minute_curves"] == 1
    # 40 commits wrote 40 small chunks per metric; the writer's folds deleted
    # them all again and wrote one compressed chunk per metric instead.
    assert stored["raw_chunks"] == 0 and stored["sample_chunks"] == 2
    assert SMALL_CHUNKS_MAX < 40
    repo = Repository(db, "alice")
    assert len(repo.load_series(sid)["viewers"].ts_ms) == 40
    streamer_id = repo.get_session(sid).streamer.id
    [month] = [m for m in repo.month_totals(202510) if m.streamer_id == streamer_id]
    assert (month.sessions, month.recorded_gmv_fen) == (1, 39_00)  # the writer's recount
    # Her edits; resuming and ending again; the month's platform figure (a
    # shared row); a streamer with a schedule; an ad report (shared rows),
    # imported and then updated by a later export; paid figures typed for her
    # session, and typed again (the first deleted).
    repo.set_session_notes(sid, "开场慢")
    repo.set_session_tags(sid, ["大场"])
    repo.rename_session(sid, "周四夜场")
    assert repo.claim_for_resume(sid).status is SessionStatus.LIVE
    repo.end_session(sid, T0 + 50_000, SessionSummary(duration_s=50, gmv_fen=45_00))
    repo.set_platform_gmv(streamer_id, 202510, 50_00, "typed")
    lily = repo.create_streamer(
        "Lily 莉莉", "douyin", "lily-1", schedule=[ScheduleSlot(None, 20 * 60, 480)]
    )
    ads = AdStore(db)
    row = AdRow("douyin", date(2025, 10, 9), "p1", "plan", "lily-1", "room", 12_00)
    assert ads.upsert([(row, lily.id)], date(2025, 10, 10)).inserted == [0]
    later = AdRow("douyin", date(2025, 10, 9), "p1", "plan", "lily-1", "room", 15_00)
    assert ads.upsert([(later, lily.id)], date(2025, 10, 11)).updated == [0]
    assert ads.set_typed(sid, "douyin", 3_00, {}) is not None
    assert ads.set_typed(sid, "douyin", 4_00, {}) is not None
    info = repo.get_session(sid)
    assert (info.title, info.notes, info.tags) == ("周四夜场", "开场慢", ("大场",))
    [month] = [m for m in repo.month_totals(202510) if m.streamer_id == streamer_id]
    assert (month.recorded_gmv_fen, month.platform_gmv_fen) == (45_00, 50_00)
    assert counts(sid, team.database)["ad_report_rows"] == 1
    # Trash, restore, trash again and empty the trash: gone for good.
    repo.trash_sessions([sid])
    repo.restore_sessions([sid])
    assert repo.get_session(sid).deleted_ms is None
    repo.trash_sessions([sid], when_ms=now_ms() - 40 * 86_400_000)
    assert repo.purge_trash(older_than_ms=now_ms() - 30 * 86_400_000) == 1
    gone = counts(sid, team.database)
    assert gone["row"] is None and all(gone[t] == 0 for t in CHILDREN)
    assert [m.sessions for m in repo.month_totals(202510) if m.streamer_id == streamer_id] == [0]


def test_an_operator_records_only_under_her_own_name(team: Team) -> None:
    """`--operator` / $GENBO_OPERATOR naming someone else (or nobody): the
    server refuses the session when it is created; and she cannot change
    the streamers everyone shares."""
    db = team.db("alice")
    streamer = Repository(db, "alice").get_or_create_streamer("阿紫")
    for name in ("carol", None):
        with pytest.raises(StorageError) as info:
            Repository(db, name).create_session(streamer, "", T0, 480)
        words = str(refused(info.value))
        assert 'new row violates row-level security policy for table "live_sessions"' in words
        assert "records your login (alice) only under its own name" in str(info.value)
    with pytest.raises(ServerRefusedError) as info:
        Repository(db, "alice").update_streamer(replace(streamer, notes="改"))
    assert "permission denied for table streamers" in str(refused(info.value))
    assert "The team server refused this: your login (alice)" in str(info.value)
    with psycopg.connect(pg.server().dsn(team.database)) as conn:
        made = conn.execute(
            "SELECT count(*) FROM live_sessions WHERE streamer_id = %s", (streamer.id,)
        ).fetchone()
    assert made == (0,)
    # What is the owner's alone: the schema, its version, removing shared rows.
    for sql, words in (
        ("CREATE TABLE mine (id integer)", "permission denied for schema public"),
        ("UPDATE alembic_version SET version_num = version_num", "permission denied"),
        ("TRUNCATE events", "permission denied for table events"),
        ("DELETE FROM streamers", "permission denied for table streamers"),
        ("DELETE FROM streamer_schedules", "permission denied"),
        ("DELETE FROM streamer_months", "permission denied for table streamer_months"),
        ("ALTER TABLE live_sessions DISABLE ROW LEVEL SECURITY", "must be owner"),
        ("DROP POLICY own_rows ON live_sessions", "must be owner"),
    ):
        assert words in raw_refused(team, "alice", sql)
    # An imported ad report's rows are shared: updated by anyone's import,
    # deleted by nobody but the owner.
    row = AdRow("douyin", date(2025, 10, 9), "p9", "plan", "azi-1", "room", 9_00)
    AdStore(db).upsert([(row, streamer.id)], date(2025, 10, 10))
    shared = "DELETE FROM ad_report_rows WHERE session_id IS NULL"
    assert raw(team, "alice", shared) == 0 and raw(team, "bob", shared) == 0
    assert raw(team, "bob", "UPDATE ad_report_rows SET spend_fen = 8_00 WHERE plan_id = 'p9'") == 1


def test_only_the_teams_logins_connect(team: Team) -> None:
    pg.server().execute(f"CREATE ROLE {STRANGER} LOGIN PASSWORD 'pw-of-a-stranger'")
    try:
        url = pg.server().url(team.database, STRANGER, "pw-of-a-stranger")
        with pytest.raises(StorageError) as info:
            open_database(url)
        assert "permission denied for database" in str(info.value)
    finally:
        pg.server().execute(f"DROP ROLE {STRANGER}")


def test_an_operator_cannot_touch_another_operators_session(team: Team) -> None:
    alice_db = team.db("alice")
    sid = record(alice_db, "alice", "老王")
    before = counts(sid, team.database)
    bob_db = team.db("bob")
    bob = Repository(bob_db, "bob")
    # Bob reads it all: the library, the samples, highlights, gaps and curves.
    assert sid in [s.id for s in bob.list_sessions()]
    info = bob.get_session(sid)
    assert info.operator == "alice" and info.status is SessionStatus.ENDED
    assert len(bob.load_series(sid)["viewers"].ts_ms) == 40
    assert len(bob.load_events(sid)) == 1 and len(bob.load_gaps(sid)) == 1
    assert bob.load_minute_curves([sid])

    # Through Genbo's own calls: each is refused in plain words, or changes nothing.
    for call in (
        lambda: bob.set_session_notes(sid, "mine now"),
        lambda: bob.rename_session(sid, "mine now"),
        lambda: bob.trash_sessions([sid]),
    ):
        with pytest.raises(StorageError) as plain:
            call()
        assert f"Session {sid} was recorded by alice" in str(plain.value)
    with pytest.raises(StorageError):
        bob.claim_for_resume(sid)
    bob.restore_sessions([sid])
    bob.delete_session(sid)
    for call in (
        lambda: bob.save_minute_curves(sid, {"viewers": np.zeros(3, dtype=np.int64)}),
        lambda: AdStore(bob_db).set_typed(sid, "douyin", 1_00, {}),
    ):
        with pytest.raises((SQLAlchemyError, StorageError)) as refusal:
            call()
        assert refused(refusal.value) is not None
    assert counts(sid, team.database) == before

    # Raw SQL: updating or deleting her rows changes 0 rows ...
    assert raw(team, "bob", "UPDATE live_sessions SET notes = 'x' WHERE id = %s", sid) == 0
    assert raw(team, "bob", "UPDATE live_sessions SET operator = 'bob' WHERE id = %s", sid) == 0
    assert raw(team, "bob", "DELETE FROM live_sessions WHERE id = %s", sid) == 0
    for t in CHILDREN:
        assert raw(team, "bob", f"DELETE FROM {t} WHERE session_id = %s", sid) == 0
        same = f"UPDATE {t} SET session_id = session_id WHERE session_id = %s"
        assert raw(team, "bob", same, sid) == 0
    # ... adding to her session, or a session in her name or nobody's, is refused.
    words = raw_refused(team, "bob", COPY_EVENT, sid)
    assert 'new row violates row-level security policy for table "events"' in words
    raw_refused(team, "bob", COPY_SESSION, "alice", sid)
    raw_refused(team, "bob", COPY_SESSION, None, sid)
    assert counts(sid, team.database) == before

    # Her old session in the trash: Bob's library tidy (which empties the
    # trash of sessions over 30 days old) leaves it where it is.
    Repository(alice_db, "alice").trash_sessions([sid], when_ms=now_ms() - 40 * 86_400_000)
    trashed = counts(sid, team.database)
    tidy(bob)
    assert counts(sid, team.database) == trashed
    Repository(alice_db, "alice").restore_sessions([sid])

    # Bob records his own; he cannot move its rows into hers, nor give it to her.
    mine = record(bob_db, "bob", "老王")
    assert counts(mine, team.database)["row"][6] == "bob"
    move = "UPDATE sample_chunks SET session_id = %s WHERE session_id = %s"
    assert "row-level security" in raw_refused(team, "bob", move, sid, mine)
    give = "UPDATE live_sessions SET operator = 'alice' WHERE id = %s"
    assert "row-level security" in raw_refused(team, "bob", give, mine)
    assert counts(sid, team.database) == before

    # The owner changes anyone's; a session stamped with nobody is the owner's alone.
    fix = "UPDATE live_sessions SET notes = 'fixed' WHERE id = %s"
    assert raw(team, "genbo_owner", fix, sid) == 1
    assert raw(team, "genbo_owner", COPY_SESSION, None, sid) == 1
    nobodys = "UPDATE live_sessions SET notes = 'x' WHERE operator IS NULL"
    assert raw(team, "alice", nobodys) == 0 and raw(team, "bob", nobodys) == 0


def test_a_cut_off_session_stays_its_operators(team: Team) -> None:
    """Alice's laptop went away mid-session: the others' Genbos find it cut
    off when they list the library (a heartbeat older than 30 s), and would
    mark it so; the server lets only her do that."""
    alice_db = team.db("alice")
    alice = Repository(alice_db, "alice")
    info = alice.create_session(alice.get_or_create_streamer("断线"), "", now_ms() - 120_000, 480)
    stale = (
        "UPDATE live_sessions SET recorder_host = 'alices-laptop', last_seen_ms = %s WHERE id = %s"
    )
    assert raw(team, "alice", stale, now_ms() - 90_000, info.id) == 1
    before = counts(info.id, team.database)
    for login, operator in (("bob", "bob"), ("lead", None)):
        listed = Repository(team.db(login), operator).list_sessions()
        assert info.id in [s.id for s in listed]
        assert counts(info.id, team.database) == before, login
    [mine] = [s for s in alice.list_sessions() if s.id == info.id]
    assert mine.status is SessionStatus.INTERRUPTED
    assert counts(info.id, team.database)["row"][5] is not None  # her Genbo marked it


def test_the_lead_and_the_wall_read_everything_and_write_nothing(team: Team) -> None:
    alice_db = team.db("alice")
    sid = record(alice_db, "alice", "小美")
    old = record(alice_db, "alice", "小美")
    Repository(alice_db, "alice").trash_sessions([old], when_ms=now_ms() - 40 * 86_400_000)
    before = {sid: counts(sid, team.database), old: counts(old, team.database)}
    for login in ("lead", "wall"):
        db = team.db(login)
        repo = Repository(db)
        assert sid in [s.id for s in repo.list_sessions()]
        page = repo.query_sessions(LibraryQuery(text="小美"))
        assert [s.id for s in page.sessions] == [sid]
        assert "小美" in [s.name for s in repo.list_streamers()]
        streamer_id = repo.get_session(sid).streamer.id
        assert any(m.streamer_id == streamer_id for m in repo.month_totals(202510))
        assert len(repo.load_series(sid)["viewers"].ts_ms) == 40
        assert len(repo.load_events(sid)) == 1 and repo.load_minute_curves([sid])
        for t in TABLES:
            raw(team, login, f"SELECT * FROM {t} LIMIT 1")
        for sql in (
            "UPDATE live_sessions SET notes = 'x'",
            "DELETE FROM sample_chunks",
            "UPDATE streamer_months SET sessions = 0",
            "INSERT INTO streamers (name, created_ms, uid, notes, archived)"
            " VALUES ('x', 0, 'x', '', false)",
            "UPDATE alembic_version SET version_num = 'x'",
            "TRUNCATE events",
        ):
            assert "permission denied for table" in raw_refused(team, login, sql)
        for call in (
            lambda r=repo: r.get_or_create_streamer("新主播"),
            lambda r=repo: r.set_session_notes(sid, "x"),
            lambda r=repo: r.trash_sessions([sid]),
            lambda r=repo: tidy(r),  # empties the trash of sessions over 30 days old
        ):
            try:
                call()
            except (SQLAlchemyError, StorageError) as exc:
                assert refused(exc) is not None, exc
            else:
                raise AssertionError("a write went through")
    assert {k: counts(k, team.database) for k in before} == before


def test_genbo_record_as_an_operator(team: Team, tmp_path: Path) -> None:
    """`genbo record` logged in as alice: her session, stamped with her name;
    with --operator naming someone else, the server refuses it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GENBO_OPERATOR", None)

    def genbo(*args: str) -> subprocess.Popen[str]:
        folder = tmp_path / f"laptop-{len(list(tmp_path.iterdir()))}"
        return subprocess.Popen(
            [sys.executable, "-m", "app", "--data-dir", str(folder), "--db", team.url("alice"),
             *args, "record", "--streamer", "阿珍", "--source", "simulator", "--duration", "20",
             "--speed", "20"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip

    runs = [genbo(), genbo("--operator", "carol")]
    (out, err), (_, refused_err) = (p.communicate(timeout=60) for p in runs)
    assert runs[0].returncode == 0, err
    assert "Finished session" in out
    assert runs[1].returncode != 0
    assert "records your login (alice) only under its own name, not as carol" in refused_err
    with psycopg.connect(pg.server().dsn(team.database)) as conn:
        rows = conn.execute(
            "SELECT s.operator, s.status, s.sample_count FROM live_sessions s"
            " JOIN streamers m ON m.id = s.streamer_id WHERE m.name = '阿珍'"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("alice", "ended")]
    assert rows[0][2] > 0


LATER_TABLE = '''"""a later schema step that adds a table (test only)"""
from alembic import op
import sqlalchemy as sa

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("team_notes")
'''


def test_the_grants_run_again_and_a_later_table_starts_read_only(
    team: Team, tmp_path: Path
) -> None:
    # Run twice: no error, nothing changes (the others' rules still hold).
    before = rules(team.database)
    assert len([r for r in before if r[0] == "policy"]) == 16  # 7 tables' rules
    again = psql(team.sql("grants"), team.database, "genbo_owner", team.passwords["genbo_owner"])
    assert "ERROR" not in again and "WARNING" not in again
    assert rules(team.database) == before
    sid = record(team.db("alice"), "alice", "再来")
    assert raw(team, "bob", "DELETE FROM live_sessions WHERE id = %s", sid) == 0
    assert counts(sid, team.database)["row"][6] == "alice"

    # A second team database (the same logins), upgraded later by a newer
    # Genbo that adds a table: the team reads it at once; operators cannot
    # write it (not even after the grants run again) until a grants block
    # that names it does.
    later = Team(f"{team.database}_later", team.passwords, team.blocks)
    for block in ("owner", "read-only"):
        psql("\n".join(x for x in later.sql(block).splitlines() if "DATABASE" in x), "postgres")
    try:
        owner, password = later.url("genbo_owner"), later.passwords["genbo_owner"]
        # Before the schema is there: refused, and nothing of it was kept.
        words = psql(later.sql("grants"), later.database, "genbo_owner", password, ok=False)
        assert 'relation "streamers" does not exist' in words
        with psycopg.connect(pg.server().dsn(later.database)) as conn:
            assert conn.execute("SELECT count(*) FROM pg_default_acl").fetchone() == (0,)
        open_database(owner).dispose()
        psql(later.sql("grants"), later.database, "genbo_owner", password)
        migrations = tmp_path / "migrations"
        shutil.copytree(MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
        (migrations / "versions" / "9002_later.py").write_text(
            LATER_TABLE.format(head=head_revision())
        )
        open_database(owner, migrations_dir=migrations, upgrade_server=True).dispose()
        for login in ("lead", "wall", "alice"):
            assert raw(later, login, "SELECT * FROM team_notes") == 0
        insert = "INSERT INTO team_notes (text) VALUES ('x')"
        assert "permission denied for table team_notes" in raw_refused(later, "alice", insert)
        psql(later.sql("grants"), later.database, "genbo_owner", password)
        assert "permission denied for table team_notes" in raw_refused(later, "alice", insert)
        assert raw(later, "genbo_owner", insert) == 1
    finally:
        pg.drop_database(later.database)


def test_a_teammates_cut_off_session_reads_interrupted_to_everyone(team: Team) -> None:
    """Alice's laptop died mid-session: Bob's Genbo may not mark her row, yet
    lists it as interrupted (not live for ever), and the row stays as it was."""
    alice_db, bob_db = team.db("alice"), team.db("bob")
    alice, bob = Repository(alice_db, "alice"), Repository(bob_db, "bob")
    info = alice.create_session(alice.get_or_create_streamer("阿兰"), "断电", T0, 480)
    with psycopg.connect(pg.server().dsn(team.database), autocommit=True) as conn:
        conn.execute(  # her recorder on another computer, silent for an hour
            "UPDATE live_sessions SET recorder_host = 'alices-laptop', last_seen_ms = %s "
            "WHERE id = %s",
            (now_ms() - 3_600_000, info.id),
        )
    before = counts(info.id, team.database)
    found = bob.find_interrupted(only=info.id)
    assert [(s.id, s.status) for s in found] == [(info.id, SessionStatus.INTERRUPTED)]
    assert counts(info.id, team.database) == before
    with psycopg.connect(pg.server().dsn(team.database)) as conn:
        row = conn.execute(
            "SELECT status, ended_ms FROM live_sessions WHERE id = %s", (info.id,)
        ).fetchone()
    assert row == ("live", None)  # her row, unmarked
    # Offered to resume to her, not to him (his window's bar, his record --resume).
    assert not bob.recorded_by_me(found[0])
    assert alice.recorded_by_me(alice.find_interrupted(only=info.id)[0])


def test_a_refused_highlight_edit_never_holds_up_the_writer(team: Team) -> None:
    """Bob edits a highlight in alice's review: the server refuses it, the
    writer drops it (and says so), and his own recording goes on."""
    alice_sid = record(team.db("alice"), "alice", "阿秀", points=3)
    bob_db = team.db("bob")
    bob = Repository(bob_db, "bob")
    errors: list[str] = []
    writer = DatabaseWriter(bob_db, commit_interval_s=0.01, on_error=errors.append)
    writer.start()
    try:
        mine = bob.create_session(bob.get_or_create_streamer("阿宝"), "", T0, 480)
        src = bob.add_source(mine.id, "simulator", "Simulator")
        # In one commit with his own highlight: only the refused changes go.
        writer.write_event(alice_sid, EventRecord("bob-on-alice", T0, "highlight", "不是我的"))
        writer.write_event(mine.id, EventRecord("bob-own", T0 + 500, "highlight", "我的"))
        writer.delete_event(alice_sid, f"alice-h1-{alice_sid}")
        writer.write_event(
            alice_sid, EventRecord(f"alice-h1-{alice_sid}", T0, "highlight", "改她的")
        )
        for k in range(5):
            writer.write_samples(mine.id, src.id, [Sample(T0 + 1000 * k, {"viewers": k})])
        assert writer.flush(timeout=10)
    finally:
        writer.close()
    assert errors and "row-level security" in errors[0]
    assert bob.sample_count(mine.id) == 5
    assert [(e.uid, e.label) for e in bob.load_events(mine.id) if e.kind == "highlight"] == [
        ("bob-own", "我的")
    ]
    (hers,) = [e for e in bob.load_events(alice_sid) if e.kind == "highlight"]
    assert hers.uid == f"alice-h1-{alice_sid}" and hers.label != "改她的"


def test_the_diagnostics_report_reads_the_team_server_it_was_opened_with(
    team: Team, tmp_path: Path
) -> None:
    """`Database.url` is shown without the password; the report connects with
    what the window connected with (its password from the keyring), and
    shows no password."""
    from app.config.paths import AppPaths
    from app.session.diagnostics import gather

    db = team.db("alice")
    assert team.passwords["alice"] not in db.url
    paths = AppPaths(tmp_path, tmp_path / "c", tmp_path / "l", db_url=db.url)
    report = gather(paths, db, integrity_time_limit_s=1)
    assert report.database.error is None, report.database.error
    assert report.database.revision == head_revision()
    assert team.passwords["alice"] not in report.as_text()
