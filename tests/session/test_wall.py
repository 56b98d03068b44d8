"""The watch wall without Qt: its files (TOML and JSON, every refusal in
words naming the file, the streamer and the key), saved walls, the demo wall
(its big show measured by stepping the simulator's own model), a wall from the
roster, and the sessions it starts, resumes and expects, in a real SQLite
database."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.config.secret_store import SecretStore
from app.config.settings import Settings
from app.core.metrics import Sample
from app.core.schedule import planned_start_ms
from app.core.session import ScheduleSlot, SessionStatus, local_utc_offset_min, now_ms
from app.session.source_setup import SetupError
from app.session.wall import (
    DEMO_STAR_SIZE,
    WALL_MAX,
    NoSuchWallError,
    SavedWalls,
    WallConfig,
    WallConfigError,
    WallEntry,
    WallSessions,
    WallSourceSpec,
    _star_seed,
    build_sources,
    demo_wall,
    load_wall_config,
    nearest_at_ms,
    parse_wall_config,
    today_at_ms,
    wall_from_streamers,
    wall_to_dict,
)
from app.sources.file_tail import FileTailSource
from app.sources.http_poll import HttpPollConfig, HttpPollSource, preset_config
from app.sources.ingest import IngestSource
from app.sources.manual import ManualSource
from app.sources.simulator import DEMO_STREAMER, SimulatorSource

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def toml(text: str, where: str = "evening.toml") -> WallConfig:
    return parse_wall_config(text, "toml", where)


def refused(text: str, fmt: str = "toml", where: str = "evening.toml") -> str:
    with pytest.raises(WallConfigError) as info:
        parse_wall_config(text, fmt, where)
    return str(info.value)


ONE = """
[[streamers]]
name = "杨小姐"
[[streamers.sources]]
kind = "simulator"
"""


# -- reading a wall ----------------------------------------------------------------------


def test_a_toml_wall() -> None:
    cfg = toml(
        """
name = "晚场 Evening"
[[streamers]]
name = "杨小姐"
title = "秋冬上新"
start_after_s = 60
due = "18:30"
[[streamers.sources]]
kind = "simulator"
seed = 1
size = 1.5
[[streamers]]
name = "  Lily   莉莉 "
start_at = 07:05:00
[[streamers]]
name = "阿峰 Afeng"
start_at = "9:30"
[[streamers.sources]]
kind = "http"
preset = "twitch"
channel = "afeng"
client_id = "abc"
[[streamers.sources]]
kind = "ingest"
port = 8765
"""
    )
    assert cfg.name == "晚场 Evening" and not cfg.demo and cfg.path is None
    yang, lily, afeng = cfg.entries
    assert yang == WallEntry(
        "杨小姐",
        "秋冬上新",
        (WallSourceSpec("simulator", {"seed": 1, "size": 1.5}),),
        start_after_s=60.0,
        due="18:30",
    )
    assert yang.waits and isinstance(yang.start_after_s, float)
    # A name's spaces are tidied; a TOML time is a clock time; no sources: typed in.
    assert lily.streamer == "Lily 莉莉" and lily.start_at == "07:05" and lily.sources == ()
    assert lily.waits and afeng.start_at == "09:30"
    assert [s.kind for s in afeng.sources] == ["http", "ingest"]
    assert afeng.sources[0].options == {"preset": "twitch", "channel": "afeng", "client_id": "abc"}
    assert not WallEntry("x").waits


def test_a_json_wall_and_the_default_name(tmp_path: Path) -> None:
    data = {"streamers": [{"name": "Chloe", "sources": [{"kind": "simulator", "seed": 4}]}]}
    path = tmp_path / "周末 weekend.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cfg = load_wall_config(path)
    assert cfg.name == "周末 weekend" and cfg.path == path
    assert cfg.entries == (WallEntry("Chloe", sources=(WallSourceSpec("simulator", {"seed": 4}),)),)


def test_the_format_is_sniffed_without_a_known_suffix(tmp_path: Path) -> None:
    as_json = tmp_path / "a.wall"
    as_json.write_text('\ufeff {"name": "J", "streamers": [{"name": "x"}]}', encoding="utf-8")
    as_toml = tmp_path / "b.conf"
    as_toml.write_text('name = "T"\n[[streamers]]\nname = "x"\n', encoding="utf-8")
    assert load_wall_config(as_json).name == "J"
    assert load_wall_config(as_toml).name == "T"


def test_the_example_files(tmp_path: Path) -> None:
    from_toml = load_wall_config(EXAMPLES / "wall.toml")
    from_json = load_wall_config(EXAMPLES / "wall.json")
    assert replace(from_toml, path=None) == replace(from_json, path=None)
    assert len(from_toml.entries) == 3 and not from_toml.demo
    assert all([s.kind for s in e.sources] == ["simulator"] for e in from_toml.entries), (
        "the example records three simulated streamers"
    )
    options = [e.sources[0].options for e in from_toml.entries]
    assert len({o["seed"] for o in options}) == 3 and len({o["size"] for o in options}) == 3
    assert [e.start_after_s for e in from_toml.entries] == [None, None, 30.0]
    assert json.loads((EXAMPLES / "wall.json").read_text("utf-8")) == wall_to_dict(from_toml)
    # The kinds the comments show parse as well, uncommented.
    text = (EXAMPLES / "wall.toml").read_text("utf-8")
    block = text[text.index("# Other kinds") :].splitlines()[1:]
    uncommented = "\n".join(
        line[2:]
        for line in block
        if (line.startswith("# ") and "=" in line) or line.startswith("# [[")
    )
    cfg = parse_wall_config(
        '[[streamers]]\nname = "x"\n' + uncommented, "toml", "wall.toml", base=tmp_path
    )
    assert [s.kind for s in cfg.entries[0].sources] == ["http", "ingest", "file"]
    assert cfg.entries[0].sources[2].options["path"] == str(tmp_path / "exports/room-123.csv")


def test_a_round_trip_through_the_saved_form() -> None:
    cfg = toml(
        """
name = "all kinds"
[[streamers]]
name = "a"
title = "t"
start_at = "18:00"
due = "18:05"
[[streamers.sources]]
kind = "simulator"
seed = 3
speed = 1
tick_s = 0.1
outage_at_s = 60
outage_s = 45
[[streamers.sources]]
kind = "http"
url = "https://example.com/api"
map = { viewers = "data.online" }
headers = { Authorization = "Bearer {token}" }
query = { room = "1" }
method = "post"
body = "{}"
interval = 2
deadline = 4
[[streamers.sources]]
kind = "file"
path = "/tmp/x.csv"
format = "csv"
[[streamers]]
name = "b"
start_after_s = 0
"""
    )
    saved = wall_to_dict(cfg)
    assert saved["streamers"][0]["sources"][1]["method"] == "POST"
    back = parse_wall_config(json.dumps(saved), "json", "x.json")
    assert back == cfg
    assert back.entries[1].waits and back.entries[1].start_after_s == 0
    demo = demo_wall()
    assert parse_wall_config(json.dumps(wall_to_dict(demo)), "json", "d.json") == demo


# Each refusal names the file, the streamer (number and name) and the key.
REFUSALS = [
    ('name = "w"\nstreamer = []\n' + ONE, ["evening.toml", "“streamer”", "name, demo, streamers"]),
    (
        '[[streamers]]\nname = "杨小姐"\ntitel = "x"\n',
        ["streamer 1 “杨小姐”:", "titel", "name, title, start_after_s, start_at, due, sources"],
    ),
    (
        ONE + "sise = 2\n",
        ["streamer 1 “杨小姐”", "source 1 (simulator)", "sise", "size", "outage_s"],
    ),
    (ONE + 'size = "big"\n', ["streamer 1 “杨小姐”", "“size”", "a number greater than 0", '"big"']),
    (ONE + "size = 0\n", ["“size”", "greater than 0"]),
    (ONE + "seed = 1.5\n", ["“seed”", "a whole number"]),
    (ONE + "tick_s = true\n", ["“tick_s”", "greater than 0", "true"]),
    (ONE + "outage_at_s = 60\n", ["source 1 (simulator)", "outage"]),
    (
        ONE + '[[streamers]]\nname = "Lily"\n[[streamers.sources]]\nkind = "simulater"\n',
        ["streamer 2 “Lily”", "source 1", "simulater", "simulator, http, ingest, file"],
    ),
    ('[[streamers]]\nname = "x"\n[[streamers.sources]]\nseed = 1\n', ["“kind” is missing"]),
    (
        '[[streamers]]\nname = "x"\nstart_at = "25:00"\n',
        ["streamer 1 “x”", "start_at", "HH:MM", "25:00"],
    ),
    ('[[streamers]]\nname = "x"\ndue = "6pm"\n', ["“due”", "HH:MM", "6pm"]),
    (
        '[[streamers]]\nname = "x"\nstart_at = "18:00"\nstart_after_s = 5\n',
        ["streamer 1 “x”", "start_after_s", "start_at", "not both"],
    ),
    ('[[streamers]]\nname = "x"\nstart_after_s = -1\n', ["“start_after_s”", "0 or more"]),
    ('[[streamers]]\ntitle = "x"\n', ["streamer 1:", "“name” is missing"]),
    ("[[streamers]]\nname = 12\n", ["streamer 1", "“name”", "as text", "12"]),
    ('[[streamers]]\nname = "   "\n', ["streamer 1", "“name”"]),
    ('name = "w"\n', ["evening.toml", "no streamers", "[[streamers]]"]),
    ('[streamers]\nname = "x"\n', ["“streamers” must be a list", "[[streamers]]"]),
    (
        '[[streamers]]\nname = "x"\nsources = 3\n',
        ["streamer 1 “x”", "“sources”", "[[streamers.sources]]"],
    ),
    (
        '[[streamers]]\nname = "Chloe"\n[[streamers]]\nname = "chloe"\n',
        ["streamer 2 “chloe”: the same name as streamer 1", "once"],
    ),
    (
        ONE.replace("杨小姐", "a") + "port = 1\n",
        ["source 1 (simulator)", "port"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "ingest"\nport = 70000\n',
        ["“port”", "65535"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "ingest"\nport = 9000\n'
        '[[streamers]]\nname = "b"\n[[streamers.sources]]\nkind = "ingest"\nport = 9000\n',
        ["streamer 2 “b”", "9000", "streamer 1", "port = 0"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\n',
        ["streamer 1 “a”", "source 1 (http)", "url", "preset"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\n'
        'url = "https://x.test/"\nmap = { viewrs = "a" }\n',
        ["source 1 (http)", "viewrs"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\n'
        'url = "ftp://x.test/"\nmap = { viewers = "a" }\n',
        ["source 1 (http)", "ftp://x.test/"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\npreset = "twitch"\n',
        ["source 1 (http)", "twitch", "channel"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\npreset = "tiktok"\n',
        ["“preset”", "twitch, youtube"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "http"\n'
        'url = "https://x.test/"\nmap = { viewers = 1 }\n',
        ["“map”", "a table of texts"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "file"\n',
        ["source 1 (file)", "“path” is missing"],
    ),
    (
        '[[streamers]]\nname = "a"\n[[streamers.sources]]\nkind = "file"\npath = "x"\n'
        'format = "xls"\n',
        ["“format”", "auto, csv, jsonl"],
    ),
    (
        ONE + 'speed = 10\n[[streamers.sources]]\nkind = "ingest"\n',
        ["streamer 1 “杨小姐”", "speed 10", "only source"],
    ),
    ('name = "w"\ndemo = "yes"\n' + ONE, ["“demo”", "true or false"]),
    ("name = 3\n" + ONE, ["evening.toml", "“name”"]),
    ('[[streamers]]\nname = "a"\ntitle = \n', ["evening.toml", "not valid TOML", "line 3"]),
]


@pytest.mark.parametrize(("text", "words"), REFUSALS)
def test_refusals_say_where_and_what(text: str, words: list[str]) -> None:
    message = refused(text)
    assert message.startswith("evening.toml")
    for word in words:
        assert word in message, (word, message)


def test_json_refusals() -> None:
    assert "line 1, column" in refused('{"streamers": [}', "json", "w.json")
    assert "w.json" in refused('[{"name": "x"}]', "json", "w.json")
    message = refused(
        '{"streamers": [{"name": "a", "sources": [{"kind": "x"}]}]}', "json", "w.json"
    )
    assert message.startswith("w.json, streamer 1 “a”, source 1") and "“x”" not in message
    assert '"x"' in message


def test_at_most_twelve_streamers() -> None:
    names = "".join(f'[[streamers]]\nname = "s{i}"\n' for i in range(WALL_MAX))
    assert len(toml(names).entries) == WALL_MAX
    message = refused(names + '[[streamers]]\nname = "one more"\n')
    assert "13 streamers" in message and "at most 12" in message and "two walls" in message


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(WallConfigError, match=r"missing\.toml"):
        load_wall_config(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('name = "caf\xe9"'.encode("latin-1"))
    with pytest.raises(WallConfigError, match="UTF-8"):
        load_wall_config(bad)


# -- sources -----------------------------------------------------------------------------


def test_build_sources_of_every_kind(tmp_path: Path, dict_keyring, monkeypatch) -> None:
    monkeypatch.setenv("GENBO_HTTP_TOKEN", "s3cret")
    cfg = parse_wall_config(
        """
[[streamers]]
name = "a"
[[streamers.sources]]
kind = "simulator"
seed = 9
size = 2
tick_s = 0.5
outage_at_s = 30
outage_s = 10
[[streamers.sources]]
kind = "http"
url = "https://example.com/api"
map = { viewers = "data.online" }
headers = { Authorization = "Bearer {token}" }
interval = 2
[[streamers.sources]]
kind = "ingest"
[[streamers.sources]]
kind = "file"
path = "room.csv"
""",
        "toml",
        "w.toml",
        base=tmp_path,
    )
    sim, http, ingest, tail = build_sources(cfg.entries[0], SecretStore(), interactive=False)
    assert isinstance(sim, SimulatorSource)
    assert sim.config() == {
        "seed": 9,
        "speed": 1.0,
        "duration_s": None,
        "tick_s": 0.5,
        "size": 2,
        "outage_at_s": 30.0,
        "outage_s": 10.0,
    }
    assert isinstance(http, HttpPollSource) and http.cfg.interval_s == 2
    assert http.cfg.secret_names == ("token",) and not http.missing_secrets
    assert "s3cret" not in json.dumps(http.config())
    assert isinstance(ingest, IngestSource) and ingest.token
    assert isinstance(tail, FileTailSource) and tail.path == tmp_path / "room.csv"


def test_a_missing_secret_names_the_streamer(dict_keyring, monkeypatch) -> None:
    monkeypatch.delenv("GENBO_HTTP_TOKEN", raising=False)
    entry = toml(
        '[[streamers]]\nname = "阿峰 Afeng"\n[[streamers.sources]]\nkind = "http"\n'
        'url = "https://example.com/api"\nmap = { viewers = "v" }\n'
        'headers = { Authorization = "Bearer {token}" }\n'
    ).entries[0]
    with pytest.raises(SetupError) as info:
        build_sources(entry, SecretStore(), interactive=False)
    assert "阿峰 Afeng" in str(info.value) and "GENBO_HTTP_TOKEN" in str(info.value)


# -- saved walls -------------------------------------------------------------------------


def test_saved_walls_round_trip(data_dir: Path) -> None:
    walls = SavedWalls(data_dir / "walls")
    assert walls.names() == []
    evening = load_wall_config(EXAMPLES / "wall.toml")
    path = walls.save(evening)
    assert path.parent == data_dir / "walls" and path.suffix == ".json"
    odd = WallConfig('a/b: "c"?', (WallEntry("x"),))
    odd_path = walls.save(odd)
    assert odd_path.parent == data_dir / "walls"
    walls.save(demo_wall())
    assert walls.names() == sorted(["晚场 Evening", 'a/b: "c"?', "Demo wall"], key=str.casefold)
    back = walls.load("晚场 evening")  # names are found ignoring case
    assert replace(back, path=None) == replace(evening, path=None) and back.path == path
    assert walls.load("Demo wall").demo
    walls.delete('a/b: "c"?')
    walls.delete("never saved")
    assert not odd_path.exists() and len(walls.names()) == 2
    with pytest.raises(KeyError) as info:
        walls.load("晨场")
    assert isinstance(info.value, NoSuchWallError)
    assert "晨场" in str(info.value) and "晚场 Evening" in str(info.value)
    with pytest.raises(NoSuchWallError, match="no wall has been saved"):
        SavedWalls(data_dir / "none").load("x")


def test_saving_replaces_atomically(data_dir: Path, monkeypatch) -> None:
    walls = SavedWalls(data_dir / "walls")
    first = WallConfig("Evening", (WallEntry("a"),))
    path = walls.save(first)
    inode = path.stat().st_ino
    second = WallConfig("evening", (WallEntry("a"), WallEntry("b")))
    assert walls.save(second) == path  # the same name (any case) replaces
    assert path.stat().st_ino != inode  # a new file renamed over, not rewritten in place
    assert walls.load("EVENING") == replace(second, path=path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]

    def fail(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space"):
        walls.save(WallConfig("evening", (WallEntry("c"),)))
    monkeypatch.undo()
    # The old file is whole and no temporary file is left.
    assert walls.load("evening").entries == second.entries
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_an_unreadable_saved_wall_is_skipped(data_dir: Path, caplog) -> None:
    walls = SavedWalls(data_dir / "walls")
    walls.save(WallConfig("good", (WallEntry("a"),)))
    (data_dir / "walls" / "broken.json").write_text("{not json", encoding="utf-8")
    (data_dir / "walls" / "empty.json").write_text('{"name": "e", "streamers": []}', "utf-8")
    (data_dir / "walls" / ".good.x.tmp").write_text("left by a crash", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.session.wall"):
        assert walls.names() == ["good"]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "broken.json" in logged and "empty.json" in logged


# -- the demo wall -----------------------------------------------------------------------


def test_the_demo_wall() -> None:
    now = datetime(2026, 11, 25, 20, 0)
    cfg = demo_wall(now=now)
    assert cfg.demo and len(cfg.entries) == WALL_MAX
    names = [e.streamer for e in cfg.entries]
    assert len({n.casefold() for n in names}) == WALL_MAX and DEMO_STREAMER not in names
    assert any(n.isascii() for n in names) and any(all(ord(c) > 127 for c in n) for n in names)
    assert any(not n.isascii() and any(c.isascii() and c.isalpha() for c in n) for n in names)
    sims = [e.sources[0].options for e in cfg.entries]
    assert all(len(e.sources) == 1 and e.sources[0].kind == "simulator" for e in cfg.entries)
    assert len({o["seed"] for o in sims}) == WALL_MAX
    sizes = sorted(o["size"] for o in sims)
    assert sizes[0] == 0.3 and sizes[-2] == 6 and sizes[-1] == DEMO_STAR_SIZE
    assert len(set(sizes)) >= 10
    waiting = [e for e in cfg.entries if e.waits]
    assert len(waiting) == 3 and sorted(e.start_after_s for e in waiting) == [45, 90, 150]
    dues = sorted(
        datetime.combine(now.date(), datetime.strptime(e.due, "%H:%M").time())
        for e in waiting
        if e.due
    )
    assert dues[0] < now - timedelta(minutes=2) and dues[-1] > now  # one late, one ahead
    outages = [o for o in sims if "outage_at_s" in o]
    assert len(outages) == 1 and 50 <= outages[0]["outage_at_s"] <= 70
    assert 30 <= outages[0]["outage_s"] <= 60
    assert sum(o["tick_s"] == 0.1 for o in sims) == 2
    # Every source can be made (the outage's options included).
    sources = [build_sources(e, SecretStore(use_keyring=False), False)[0] for e in cfg.entries]
    assert all(isinstance(s, SimulatorSource) and s.speed == 1 for s in sources)


def test_the_demo_star_passes_a_million_within_three_minutes() -> None:
    """Stepped as the simulator runs it (its own model, tick 1 s): ¥100万 of
    GMV between 1:30 and 2:45 of session time, none of the others by 3:00."""
    cfg = demo_wall()
    crossed: dict[str, float] = {}
    for e in cfg.entries:
        source = SimulatorSource(**dict(e.sources[0].options))
        model = source.model()
        while model.t < 180:
            if model.step(source.tick_s)["gmv"] >= 100_000_000:
                crossed[e.streamer] = model.t
                break
    assert list(crossed) == ["王姐严选"]
    assert 90 <= crossed["王姐严选"] <= 165
    # The seed for 15 was measured; other seeds find theirs the same way.
    assert _star_seed(15) == 1529
    from app.session import wall

    table = dict(wall._STAR_SEEDS)
    wall._STAR_SEEDS.clear()
    try:
        assert _star_seed(15) == 1529
        other = demo_wall(seed=3).entries[5].sources[0].options
        model = SimulatorSource(**dict(other)).model()
        while model.step(1.0)["gmv"] < 100_000_000:
            assert model.t < 180
    finally:
        wall._STAR_SEEDS.update(table)


# -- the roster's wall -------------------------------------------------------------------


def add_session(repo, name: str, started_ms: int, *sources) -> int:
    streamer = repo.get_or_create_streamer(name)
    info = repo.create_session(streamer, "", started_ms, 480)
    for s in sources:
        repo.add_source(info.id, s.kind, s.label, s.config())
    return info.id


def test_wall_from_streamers(repo) -> None:
    t0 = now_ms() - 10 * 86_400_000
    add_session(repo, "杨小姐", t0, SimulatorSource(seed=7, size=2.0), ManualSource())
    add_session(repo, "杨小姐", t0 + 86_400_000, ManualSource())  # the newest: keyboard only
    add_session(repo, "Chloe", t0, ManualSource())
    plain = HttpPollConfig(
        url="https://example.com/api",
        mapping={"viewers": "data.online"},
        headers={"Authorization": "Bearer {token}"},
        secret_names=("token",),
        interval_s=3.0,
    )
    add_session(repo, "Lily", t0, HttpPollSource(plain), IngestSource(port=9100))
    twitch = preset_config("twitch", {"channel": "lily", "client_id": "cid"})
    add_session(repo, "Lily", t0 + 3_600_000, HttpPollSource(twitch))
    odd = HttpPollConfig(
        url="https://example.com/x", mapping={"gmv": "g"}, info_paths={"since": "s"}
    )
    add_session(repo, "阿峰", t0, HttpPollSource(odd), FileTailSource("/tmp/a.csv"))
    ids = [s.id for s in repo.list_streamers()]
    by_name = {s.name: s.id for s in repo.list_streamers()}

    cfg = wall_from_streamers(
        repo, [by_name["杨小姐"], by_name["Chloe"], by_name["Lily"], by_name["阿峰"]]
    )
    assert cfg.name.startswith("Roster · ") and not cfg.demo
    yang, chloe, lily, afeng = cfg.entries
    assert yang.sources == (
        WallSourceSpec("simulator", {"seed": 7, "speed": 1.0, "tick_s": 1.0, "size": 2.0}),
    )
    assert chloe == WallEntry("Chloe")  # typed in by hand
    # The newest: a preset, in the command line's names.
    assert lily.sources == (
        WallSourceSpec("http", {"preset": "twitch", "channel": "lily", "client_id": "cid"}),
    )
    # What those names cannot say is kept whole, and both build the stored source.
    assert afeng.sources[0] == WallSourceSpec("http", {"config": odd.to_dict()})
    assert afeng.sources[1] == WallSourceSpec("file", {"path": "/tmp/a.csv", "format": "auto"})
    store = SecretStore(use_keyring=False)
    store.set("twitch-token", "t")
    (built,) = build_sources(lily, store, False)
    assert isinstance(built, HttpPollSource) and built.config() == twitch.to_dict()
    assert build_sources(afeng, store, False)[0].config() == odd.to_dict()
    # The older Lily session's plain HTTP source in CLI names, rebuilt exactly.
    older = wall_from_streamers(repo, [by_name["Lily"]])  # still the newest
    assert older.entries[0] == lily
    from app.session.wall import _stored_spec

    spec = _stored_spec("http", plain.to_dict())
    assert spec is not None and "config" not in spec.options and spec.options["interval"] == 3.0
    store.set("http-token", "t")
    assert (
        build_sources(WallEntry("x", sources=(spec,)), store, False)[0].config() == plain.to_dict()
    )
    # A saved roster wall reads back the same.
    assert parse_wall_config(json.dumps(wall_to_dict(cfg)), "json", "r.json") == cfg

    with pytest.raises(WallConfigError, match="at most 12"):
        wall_from_streamers(repo, list(range(1, 14)))
    with pytest.raises(WallConfigError):
        wall_from_streamers(repo, [])
    assert len(wall_from_streamers(repo, [ids[0], ids[0]]).entries) == 1


# -- the wall's sessions -----------------------------------------------------------------


def sessions(repo, writer, keyboard: bool = True, **settings) -> WallSessions:
    return WallSessions(
        repo, writer, SecretStore(use_keyring=False), Settings(**settings), keyboard
    )


def test_each_entry_gets_a_session_of_its_own(repo, writer) -> None:
    cfg = load_wall_config(EXAMPLES / "wall.toml")
    ws = sessions(repo, writer, auto_highlights=False, preroll_s=12.0)
    started = [ws.start(e) for e in cfg.entries]
    ids = [rec.info.id for rec, _infos in started]
    assert len(set(ids)) == 3
    for (rec, infos), entry in zip(started, cfg.entries, strict=True):
        assert rec.auto_highlights is False and rec.preroll_s == 12.0
        info = repo.get_session(rec.info.id)
        assert info.streamer.name == entry.streamer and info.title == entry.title
        assert info.status is SessionStatus.LIVE
        assert [s.kind for s in repo.sources(info.id)] == ["simulator", "manual"]
        assert [i.kind for i in infos] == ["simulator", "manual"]
        (sim_cfg,) = [c for k, c in repo.source_configs(info.id) if k == "simulator"]
        assert sim_cfg["seed"] == entry.sources[0].options["seed"]
    # Three streamers, each with one session.
    assert {s.name for s in repo.list_streamers()} == {e.streamer for e in cfg.entries}
    for rec, _ in started:
        rec.stop()
    assert all(repo.get_session(i).status is SessionStatus.ENDED for i in ids)


def test_typed_in_by_hand_needs_a_keyboard(repo, writer) -> None:
    rec, infos = sessions(repo, writer).start(WallEntry("小雨", "零食节"))
    assert [i.kind for i in infos] == ["manual"]
    rec.stop()
    with pytest.raises(SetupError, match="小雨"):
        sessions(repo, writer, keyboard=False).start(WallEntry("小雨"))
    entry = WallEntry("小雨", sources=(WallSourceSpec("simulator", {"seed": 1}),))
    rec, infos = sessions(repo, writer, keyboard=False).start(entry)
    assert [i.kind for i in infos] == ["simulator"]
    rec.stop()


def test_resume_reopens_the_same_session(repo, writer) -> None:
    entry = WallEntry("Chloe", "Vintage", (WallSourceSpec("simulator", {"size": 0.3}),))
    ws = sessions(repo, writer)
    rec, (sim, _manual) = ws.start(entry)
    sid = rec.info.id
    t0 = rec.info.started_ms
    rec.ingest(sim.id, [Sample(t0 + 1000, {"viewers": 100, "gmv": 1000}, "simulator")])
    rec.ingest(sim.id, [Sample(t0 + 2000, {"viewers": 120, "gmv": 5000}, "simulator")])
    ended = rec.stop()
    writer.flush()
    assert ended.status is SessionStatus.ENDED
    seed = repo.source_configs(sid)[0][1]["seed"]

    again, infos, history = ws.resume(entry, sid)
    assert again.info.id == sid and repo.get_session(sid).status is SessionStatus.LIVE
    assert [s.ts_ms for s in history] == [t0 + 1000, t0 + 2000]
    assert again.snapshot().gmv == 50  # yuan
    # The unseeded simulator goes on with the show it was recorded with.
    configs = repo.source_configs(sid)
    assert [c["seed"] for k, c in configs if k == "simulator"] == [seed, seed]
    assert len({i.id for i in infos}) == 2 and len(repo.list_sessions()) == 1
    again.stop()
    assert repo.get_session(sid).status is SessionStatus.ENDED


def test_due_from_the_roster_or_the_entry(repo, writer) -> None:
    ws = sessions(repo, writer)
    offset = local_utc_offset_min()
    now = today_at_ms("19:50", now_ms())
    slots = (ScheduleSlot(None, 20 * 60, offset),)
    repo.create_streamer("杨小姐", schedule=slots)
    repo.create_streamer("Lily")  # in the roster, no schedule
    assert ws.due_ms(WallEntry("杨小姐", due="18:00"), now) == planned_start_ms(slots, now)
    assert ws.due_ms(WallEntry("杨小姐"), now) == now + 10 * 60_000  # the roster wins
    assert ws.due_ms(WallEntry("Lily", due="18:30"), now) == now - 80 * 60_000
    assert ws.due_ms(WallEntry("new to the roster", due="20:05"), now) == now + 15 * 60_000
    assert ws.due_ms(WallEntry("Lily"), now) is None
    assert ws.due_ms(WallEntry("nobody"), now) is None


def test_clock_times_near_midnight() -> None:
    late = today_at_ms("23:50", now_ms())
    assert nearest_at_ms("00:10", late) == late + 20 * 60_000
    early = today_at_ms("00:10", now_ms())
    assert nearest_at_ms("23:50", early) == early - 20 * 60_000
    assert today_at_ms("23:50", early) > early
