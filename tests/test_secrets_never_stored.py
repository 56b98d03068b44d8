"""No secret is ever written down: real `genbo record` sessions with a Twitch
token, a YouTube API key, a push-ingest token and a signing team-chat robot,
against real servers on 127.0.0.1 that also fail (401, 500, 503, a request
that never answers) and echo what they were sent back in their answers. Then
every file Genbo wrote — the database and its -wal/-shm, the logs, the
settings, the team chat's spool, whatever a crash (kill -9) left — every
export of each session (each format, through `genbo export`) and `genbo
doctor --json` are searched, as bytes and in encoded forms (percent-encoded,
base64, hex, UTF-16, inside zip files such as the workbook): none is found.

What Genbo writes on a crash: nothing of its own (no faulthandler, no
excepthook file); Python's traceback goes to stderr, a source that raises is
logged with its traceback (`app.cli.record.run_source`), and a killed
recorder leaves its -wal and -shm. All of these are searched.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, urlsplit

import pytest

from app.exports.formats import FORMATS

TWITCH_TOKEN = "tw-SECRET-9f3a7c21e0b4"
CLIENT_ID = "tw-client-id-public-77"
"""Twitch calls the Client-Id public; it is stored with the session's source
(as a parameter) by design, and is not searched for."""
YOUTUBE_KEY = "yt-KEY+9f3a/b7Q=e1d2"
"""'+', '/' and '=' read differently percent-encoded, as in a query string."""
INGEST_TOKEN = "in-TOKEN-5d1e8b7c3a90"
HOOK_TOKEN = "wh-HOOK-3c9d2a6b81"
"""In the robot's address: the settings file holds it (the address is the
robot's setting), nothing else may."""
SIGN_SECRET = "wh-SIGN-77ab1f0e5c2d"
SECRETS = {
    "twitch token": TWITCH_TOKEN,
    "youtube key": YOUTUBE_KEY,
    "ingest token": INGEST_TOKEN,
    "robot address token": HOOK_TOKEN,
    "robot signing secret": SIGN_SECRET,
}
KEYRING_FILE = "GENBO_TEST_KEYRING_FILE"
ROBOT_ID = "b0b5ec12"


FILE_KEYRING = """
import json, os
from pathlib import Path
from keyring.backend import KeyringBackend

class FileKeyring(KeyringBackend):
    priority = 1

    def _load(self):
        try:
            return json.loads(Path(os.environ["KEYRING_ENV"]).read_text())
        except FileNotFoundError:
            return {}

    def _save(self, data):
        Path(os.environ["KEYRING_ENV"]).write_text(json.dumps(data))

    def get_password(self, service, username):
        return self._load().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        self._save({**self._load(), f"{service}/{username}": password})

    def delete_password(self, service, username):
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._save(data)
""".replace("KEYRING_ENV", KEYRING_FILE)
"""A keyring kept in a JSON file (`genbo_file_keyring.FileKeyring`, put on the
`genbo` processes' path), so they find the secrets a desktop's keyring would
give them."""


# -- what is searched for -----------------------------------------------------------------
def _b64_middles(data: bytes) -> set[bytes]:
    """The base64 characters that `data` alone decides, at each of the three
    alignments it may have inside a longer encoded text."""
    out = set()
    for k in range(3):
        for enc in (base64.b64encode, base64.urlsafe_b64encode):
            e = enc(b"\0" * k + data)
            first = -(-8 * k // 6)
            last = (8 * (k + len(data))) // 6
            out.add(e[first:last])
    return out


def needles(secret: str) -> tuple[set[bytes], set[bytes]]:
    """(case-sensitive forms, forms compared in lower case)."""
    raw = secret.encode()
    exact = {raw, secret.encode("utf-16-le"), *_b64_middles(raw)}
    folded = {
        quote(secret, safe="").encode().lower(),
        quote_plus(secret).encode().lower(),
        raw.hex().encode(),
        json.dumps(secret).encode()[1:-1].lower(),
    }
    return exact, folded


NEEDLES = {name: needles(value) for name, value in SECRETS.items()}


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    data = path.read_bytes()
    yield str(path), data
    if data[:4] == b"PK\x03\x04":  # a workbook (xlsx is a zip of XML)
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                yield f"{path}!{member}", z.read(member)


def found_in(data: bytes, *, allow: frozenset[str] = frozenset()) -> list[str]:
    lower = data.lower()
    hits = []
    for name, (exact, folded) in NEEDLES.items():
        if name in allow:
            continue
        if any(n in data for n in exact) or any(n in lower for n in folded):
            hits.append(name)
    return hits


def leaks(
    roots: list[Path], allow: Callable[[Path], frozenset[str]] = lambda p: frozenset()
) -> dict[str, list[str]]:
    out = {}
    for root in roots:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            for where, data in _contents(path):
                hits = found_in(data, allow=allow(path))
                if hits:
                    out[where] = hits
    return out


# -- the servers ------------------------------------------------------------------------
def _answer(ex, status: int, reason: str, doc: object, headers: dict[str, str] | None = None):
    """An answer whose reason phrase, like its body, repeats what was sent."""
    body = json.dumps(doc).encode()
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
            "Content-Type: application/json", "Connection: close"]  # fmt: skip
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    ex.conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def _echo(ex) -> str:
    return f"{ex.path} {ex.headers.get('authorization', '')} {ex.headers.get('client-id', '')}"


def apis(ex) -> None:
    """Twitch: a 401, an answer, then a request that never answers (past the
    0.3 s deadline). YouTube: a 500, a 503 with Retry-After (data is overdue
    by then: a gap), then answers. Every answer repeats the request, token
    and key included, in its reason phrase and its body."""
    path = ex.path.split("?")[0]
    n = ex.server.counts[path] = ex.server.counts.get(path, 0) + 1
    echo = _echo(ex)
    if path == "/twitch":
        if n == 1:
            _answer(ex, 401, f"Invalid OAuth token {echo}", {"error": echo})
        elif n == 3:
            ex.server.wait(5)
        else:
            _answer(ex, 200, "OK", {"data": [{"viewer_count": 4321, "started_at": echo}]})
    elif n == 1:
        ex.server.wait(0.25)  # so that the gap opens before the 503's second is over
        _answer(ex, 500, f"Backend error {echo}", {"error": {"message": echo}})
    elif n == 2:
        _answer(ex, 503, f"Busy {echo}", {"error": echo}, {"Retry-After": "1"})
    else:
        live = {"concurrentViewers": "812", "actualStartTime": echo}
        _answer(ex, 200, "OK", {"items": [{"liveStreamingDetails": live}]})


def robot(ex) -> None:
    """The team chat's webhook refuses everything, repeating what it got."""
    _answer(ex, 401, f"Bad signature {ex.path}", {"error": _echo(ex), "got": ex.body.decode()})


@pytest.fixture
def servers() -> Iterator[tuple[object, object]]:
    from tests.sources.fake_api import FakeApi

    api = FakeApi(apis)
    api.counts = {}  # type: ignore[attr-defined]
    hook = FakeApi(robot)
    yield api, hook
    api.close()
    hook.close()


# -- the recorders ------------------------------------------------------------------------
class Lines:
    """A process's output lines, read on a thread as they come."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._q: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._q.put(line)
        self._q.put(None)

    def until(self, seen: Callable[[str], bool], timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        while True:
            try:
                line = self._q.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError("".join(self.lines)) from None
            assert line is not None, "".join(self.lines) + self.finish()[1]
            self.lines.append(line)
            if seen(line):
                return line

    def finish(self) -> tuple[str, str]:
        """(everything it printed, its stderr) once it has ended."""
        self.proc.wait(30)
        self._reader.join(10)
        while not self._q.empty():
            line = self._q.get()
            if line is not None:
                self.lines.append(line)
        err = self.proc.stderr.read() if self.proc.stderr else ""
        return "".join(self.lines), err


def record(data_dir: Path, env: dict[str, str], *args: str) -> Lines:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "record", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        env=env,
    )  # fmt: skip
    return Lines(proc)


EXPORT_AND_DOCTOR = r"""
import contextlib, io, json, sys
sys.stdin.readline()  # loaded while the recorders wait on the network
from app.cli.commands import main
from app.exports.formats import EXTENSIONS, FORMATS
from app.core.highlights import Highlight, highlight_record, new_uid
from app.core.segments import Segment, segment_record
from app.storage.database import open_database, sqlite_url
from app.storage.writer import DatabaseWriter


def mark_moments(data):
    # Highlights and a segment, as the window's H and S/E keys store them, so
    # that every format has rows to write.
    db = open_database(sqlite_url(f"{data}/genbo.db"))
    with db.engine.connect() as conn:
        (started,) = conn.exec_driver_sql("SELECT started_ms FROM live_sessions").one()
    writer = DatabaseWriter(db)
    writer.start()
    for at_s, title in ((12, "开场"), (24, "上新"), (40, "返场")):
        h = Highlight(new_uid(), started + at_s * 1000, title, preroll_s=0)
        writer.write_event(1, highlight_record(h))
    writer.write_event(1, segment_record(Segment(new_uid(), "讲解", started, started + 900)))
    writer.close()
    db.dispose()


import app.exports, app.session.report, app.session.diagnostics
sys.stdin.readline()  # the recorders are done
codes = {}
for data, out in zip(sys.argv[1::2], sys.argv[2::2]):
    mark_moments(data)
    for fmt in FORMATS:
        target = f"{out}/session-1.{fmt}.{EXTENSIONS[fmt]}"
        args = ["export", "1", "--format", fmt, "-o", target, "--data-dir", data]
        codes[f"{out} {fmt}"] = main(args)
    for args, name in ((["doctor", "--json"], "doctor.json"), (["doctor"], "doctor.txt")):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            codes[f"{out} {name}"] = main([*args, "--data-dir", data])
        with open(f"{out}/{name}", "w", encoding="utf-8") as f:
            f.write(buf.getvalue())
print(json.dumps(codes))
"""
"""Every export of session 1 and `genbo doctor` (text and JSON) in each data
folder, through `genbo`'s own entry point, in one process (one start-up)."""


class Exporter:
    """The process that exports: started early, it loads Genbo while the
    recorders wait on the network (`load`), and works once they are done (`run`)."""

    def __init__(self, folders: dict[Path, Path], env: dict[str, str]) -> None:
        args = []
        for data_dir, out in folders.items():
            out.mkdir()
            args += [str(data_dir), str(out)]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", EXPORT_AND_DOCTOR, *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env,
        )  # fmt: skip

    def load(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("load\n")
        self.proc.stdin.flush()

    def run(self) -> tuple[dict[str, int], str]:
        out, err = self.proc.communicate("go\n", timeout=60)
        assert self.proc.returncode == 0, err
        return json.loads(out.strip().splitlines()[-1]), out + err


def test_no_secret_reaches_any_file(tmp_path: Path, servers) -> None:
    from app.config.settings import SETTINGS_VERSION

    api, hook = servers
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(
        json.dumps(
            {
                "genbo/twitch-token": TWITCH_TOKEN,
                "genbo/ingest-token": INGEST_TOKEN,
                f"genbo/notify-{ROBOT_ID}-secret": SIGN_SECRET,
            }
        )
    )
    (tmp_path / "kr").mkdir()
    (tmp_path / "kr" / "genbo_file_keyring.py").write_text(FILE_KEYRING)
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(tmp_path / "kr"), os.environ.get("PYTHONPATH")) if p
        ),
        "PYTHON_KEYRING_BACKEND": "genbo_file_keyring.FileKeyring",
        KEYRING_FILE: str(keyring_file),
        "GENBO_YOUTUBE_API_KEY": YOUTUBE_KEY,  # the key from the environment
    }
    twitch_dir, youtube_dir = tmp_path / "twitch", tmp_path / "youtube"
    (twitch_dir / "config").mkdir(parents=True)
    target = {
        "id": ROBOT_ID,
        "kind": "webhook",
        "name": "ops",
        "url": f"{hook.url}/hook?token={HOOK_TOKEN}",
        "secret_name": f"notify-{ROBOT_ID}-secret",
    }
    settings = {"version": SETTINGS_VERSION, "notify_targets": [target]}
    (twitch_dir / "config" / "settings.json").write_text(json.dumps(settings))
    outs = {d: tmp_path / f"out-{d.name}" for d in (twitch_dir, youtube_dir)}
    exporter = Exporter(outs, env)
    # The Twitch token and the ingest token from the keyring, the YouTube key
    # from the environment.
    tw = record(
        twitch_dir, env, "--streamer", "secretive", "--duration", "60",
        "--source", "http", "--preset", "twitch", "--channel", "chan", "--client-id", CLIENT_ID,
        "--url", f"http://127.0.0.1:{api.port}/twitch", "--interval", "1", "--deadline", "0.3",
        "--source", "ingest",
    )  # fmt: skip
    yt = record(
        youtube_dir, env, "--streamer", "secretive", "--duration", "60",
        "--source", "http", "--preset", "youtube", "--video-id", "vid123",
        "--url", f"http://127.0.0.1:{api.port}/youtube", "--interval", "1", "--deadline", "2",
    )  # fmt: skip

    import httpx

    push = tw.until(lambda line: "Push ingest: POST" in line)
    yt.until(lambda line: "Recording session" in line)
    exporter.load()
    url = push.split("POST ", 1)[1].split(" ", 1)[0]
    auth = {"Authorization": f"Bearer {INGEST_TOKEN}"}
    # One connection each: the ingest closes the connection after an error.
    wrong = httpx.post(url, json={"metrics": {"viewers": 1}}, headers={"Authorization": "Bearer x"})
    in_query = httpx.post(f"{url}?token={INGEST_TOKEN}", json={"metrics": {"viewers": 1}})
    bad_body = httpx.post(url, content=f"not json {INGEST_TOKEN}", headers=auth)
    echoed = httpx.post(url, json={"metrics": {"viewers": 2}, INGEST_TOKEN: 1}, headers=auth)
    good = httpx.post(url, json={"metrics": {"gmv": "1.2万"}}, headers=auth)
    assert (wrong.status_code, in_query.status_code, bad_body.status_code) == (401, 401, 400)
    assert (echoed.status_code, good.status_code) == (422, 202)

    tw.until(lambda line: "no complete answer within 0.3 s" in line)  # after the 401 and a reading
    tw.proc.kill()  # a crash: the -wal and -shm stay as they were
    yt.until(lambda line: "[Youtube vid123] stale" in line)  # a gap
    yt.until(lambda line: "[Youtube vid123] live" in line)  # the gap is closed
    yt.proc.send_signal(signal.SIGTERM)
    yt_out, yt_err = yt.finish()
    assert yt.proc.returncode == 0, yt_err
    tw_out, tw_err = tw.finish()

    files_after_recording = sorted(p.name for p in twitch_dir.iterdir())
    assert {"genbo.db", "genbo.db-wal"} <= set(files_after_recording), files_after_recording
    assert list(twitch_dir.glob("notify-spool-*.jsonl")), "the refused notice is kept"
    assert hook.requests, "the robot was asked"
    assert leaks([twitch_dir, youtube_dir], allow=_settings_hold_the_robot) == {}

    codes, said = exporter.run()
    assert set(codes.values()) == {0}, said
    assert len(codes) == 2 * (len(FORMATS) + 2)
    assert found_in(said.encode()) == [], said
    for out in outs.values():
        doctor = json.loads((out / "doctor.json").read_text())
        assert doctor["database"]["sessions"] == 1 and doctor["healthy"], doctor

    # What the recorders printed: only the ingest line says its token (for the operator).
    printed = "".join(line for line in tw_out.splitlines(True) if "Push ingest: POST" not in line)
    printed += tw_err + yt_out + yt_err
    assert found_in(printed.encode()) == [], printed
    assert "HTTP 401 Invalid OAuth token" in printed, printed
    assert "HTTP 500 Backend error" in printed, printed
    assert "HTTP 503 Busy" in printed and "no complete answer within 0.3 s" in printed

    found = leaks(
        [twitch_dir, youtube_dir, tmp_path / "out-twitch", tmp_path / "out-youtube"],
        allow=_settings_hold_the_robot,
    )
    assert found == {}
    # The secrets were used, and the search finds what it looks for where it is.
    settings = (twitch_dir / "config" / "settings.json").read_bytes()
    assert found_in(settings) == ["robot address token"]
    sent = {r.path.split("?")[0]: r for r in api.requests}
    assert sent["/twitch"].headers["authorization"] == f"Bearer {TWITCH_TOKEN}"
    assert parse_qs(urlsplit(sent["/youtube"].path).query)["key"] == [YOUTUBE_KEY]
    assert parse_qs(urlsplit(hook.requests[0].path).query)["token"] == [HOOK_TOKEN]
    assert hook.requests[0].headers["x-genbo-signature"].startswith("sha256=")


def _settings_hold_the_robot(path: Path) -> frozenset[str]:
    return frozenset({"robot address token"}) if path.name == "settings.json" else frozenset()


def test_the_search_finds_each_form(tmp_path: Path) -> None:
    """The search is not blind: each secret is found raw, percent-encoded,
    in base64 at any alignment, in hex, UTF-16, and inside a zip's member."""
    for name, secret in SECRETS.items():
        forms = [
            secret.encode(),
            quote(secret, safe="").encode(),
            quote_plus(secret).encode().upper(),
            base64.b64encode(b"x" + secret.encode() + b"y"),
            base64.urlsafe_b64encode(b"xy" + secret.encode()),
            secret.encode().hex().upper().encode(),
            secret.encode("utf-16-le"),
        ]
        for form in forms:
            assert found_in(b"<<" + form + b">>") == [name], (name, form)
    assert found_in(b"nothing secret here") == []
    book = tmp_path / "book.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", f"<t>{TWITCH_TOKEN}</t>" * 50)
    assert TWITCH_TOKEN.encode() not in book.read_bytes()  # deflated: only the member says it
    assert leaks([book]) == {f"{book}!xl/sharedStrings.xml": ["twitch token"]}


def test_a_token_pasted_with_its_newline_is_not_repeated_in_the_error(servers) -> None:
    """httpx refuses such a header and says it back as bytes (b'Bearer …\\n'):
    the source's redaction must know that form too (the "Test" button, the
    status line, the gap reason and the log all carry this text)."""
    from app.sources.http_poll import HttpPollSource, preset_config

    api, _hook = servers
    cfg = preset_config("twitch", {"channel": "c", "client_id": "cid"}, url=f"{api.url}/twitch")
    for token in (TWITCH_TOKEN + "\n", TWITCH_TOKEN + "\r\nX-Injected: 1"):
        result = HttpPollSource(cfg, secrets={"token": token}).test_fetch()
        assert "Illegal header value" in result.errors["request"]
        assert found_in(result.errors["request"].encode()) == [], result.errors


def test_the_log_masks_credentials_whoever_logs_them(tmp_path: Path) -> None:
    """Genbo's log handlers mask known secrets (in any encoding) and anything
    that names a credential (Authorization, Bearer, key=, token=, a URL's
    user:password, a Feishu hook), also in a traceback; placeholders stay."""
    import logging

    from app.config.logs import REDACTION, redact, remember_secrets

    remember_secrets(SIGN_SECRET)
    log_file = tmp_path / "x.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.addFilter(REDACTION)
    logger = logging.getLogger("tests.secrets.some_library")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("signed with %s", quote(SIGN_SECRET, safe=""))
        logger.warning("GET https://h/x?part=a&key=%s&id=1 401", quote(YOUTUBE_KEY, safe=""))
        logger.warning("headers %r", {"Authorization": f"Bearer {TWITCH_TOKEN}", "X": "{token}"})
        logger.warning("https://u:%s@h/ and /open-apis/bot/v2/hook/%s", HOOK_TOKEN, INGEST_TOKEN)
        try:
            raise ValueError(f"bad answer for {SIGN_SECRET}")
        except ValueError:
            logger.exception("it failed")
    finally:
        logger.removeHandler(handler)
        handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert found_in(text.encode()) == [], text
    assert "part=a&key=•••&id=1" in text and "'Bearer •••'" in text and "{token}" in text
    assert "ValueError: bad answer for •••" in text
    assert redact("key={api_key} and token=•••") == "key={api_key} and token=•••"
    assert redact("monkey=3 sort_key=4") == "monkey=3 sort_key=4"
