"""A real HTTP server on 127.0.0.1 that plays the four robots: it checks each
platform's documented body and signature the way the platform does, answers
as the platform answers, and can be scripted to be rate-limited, fail or hang.

    /open-apis/bot/v2/hook/<token>        飞书/Lark custom bot
    /cgi-bin/webhook/send?key=KEY          企业微信 group robot
    /cgi-bin/webhook/upload_media?key=KEY&type=file   its file upload (multipart)
    /robot/send?access_token=TOKEN         钉钉 custom robot
    /genbo-hook                            generic JSON webhook
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FEISHU_TOKEN = "fs-hook-token-1234"
FEISHU_SECRET = "fs-sign-secret-5678"
WECOM_KEY = "wc-key-0000-1111-2222"
DING_TOKEN = "dd-access-token-3333"
DING_SECRET = "SECdd-sign-secret-4444"
HOOK_SECRET = "hook-hmac-secret-5555"


@dataclass
class Hit:
    platform: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw: bytes
    doc: Any
    action: str
    answer: Any
    at: float


@dataclass
class Robots:
    server: ThreadingHTTPServer | None = None
    hits: list[Hit] = field(default_factory=list)
    script: dict[str, deque[str]] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """WeCom's uploads: media_id → (file name, bytes)."""

    @property
    def base(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, platform: str) -> str:
        return {
            "feishu": f"{self.base}/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
            "wecom": f"{self.base}/cgi-bin/webhook/send?key={WECOM_KEY}",
            "dingtalk": f"{self.base}/robot/send?access_token={DING_TOKEN}",
            "webhook": f"{self.base}/genbo-hook",
        }[platform]

    def then(self, platform: str, *actions: str) -> None:
        """Answer the next requests to `platform` with `actions` ("rate",
        "429", "500", "hang"), then normally."""
        self.script.setdefault(platform, deque()).extend(actions)

    def of(self, platform: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.platform == platform]

    def wait_for(self, n: int, timeout: float = 5.0) -> list[Hit]:
        end = time.monotonic() + timeout
        with self.arrived:
            while len(self.hits) < n and time.monotonic() < end:
                self.arrived.wait(0.05)
        return list(self.hits)

    # -- the platforms ---------------------------------------------------------------------
    def answer(self, platform: str, hit: Hit) -> tuple[int, dict[str, str], Any]:
        if hit.action == "429":
            return (
                429,
                {"Retry-After": "1"},
                {"code": 99991400, "msg": "request trigger frequency limit"},
            )
        if hit.action == "500":
            return 500, {}, {"error": "boom"}
        if hit.action == "rate":
            return (
                200,
                {},
                {
                    "feishu": {"code": 11232, "msg": "frequency limited", "data": {}},
                    "wecom": {"errcode": 45009, "errmsg": "api freq out of limit"},
                    "dingtalk": {
                        "errcode": 130101,
                        "errmsg": "send too fast, exceed 20 times per minute",
                    },
                    "webhook": None,
                    "wecom_upload": {"errcode": 45009, "errmsg": "api freq out of limit"},
                }[platform],
            )
        return getattr(self, f"_{platform}")(hit)

    def _feishu(self, hit: Hit) -> tuple[int, dict[str, str], Any]:
        bad = (200, {}, {"code": 9499, "msg": "Bad Request", "data": {}})
        doc = hit.doc
        if not hit.path.endswith(f"/hook/{FEISHU_TOKEN}"):
            return (
                200,
                {},
                {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"},
            )
        if len(hit.raw) > 20 * 1024 or not isinstance(doc, dict):
            return bad
        ts, sign = doc.get("timestamp"), doc.get("sign")
        if not isinstance(ts, str) or not ts.isdigit() or abs(time.time() - int(ts)) > 3600:
            return (
                200,
                {},
                {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                },
            )
        key = f"{ts}\n{FEISHU_SECRET}".encode()
        want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        if sign != want:
            return (
                200,
                {},
                {
                    "code": 19021,
                    "msg": "sign match fail or timestamp is not within one hour from current time",
                },
            )
        kind = doc.get("msg_type")
        if kind == "text":
            ok = isinstance(doc.get("content", {}).get("text"), str)
        elif kind == "interactive":
            card = doc.get("card")
            ok = (
                isinstance(card, dict)
                and isinstance(card.get("elements"), list)
                and all("tag" in e for e in card["elements"])
                and card.get("header", {}).get("title", {}).get("tag") == "plain_text"
            )
        elif kind == "post":
            ok = isinstance(doc.get("content", {}).get("post"), dict)
        else:
            ok = False
        if not ok:
            return bad
        return 200, {}, {"code": 0, "msg": "success", "data": {}}

    def _wecom(self, hit: Hit) -> tuple[int, dict[str, str], Any]:
        if hit.query.get("key") != [WECOM_KEY]:
            # WeCom echoes a hint; this one echoes the whole URL, key and all.
            return 200, {}, {"errcode": 93000, "errmsg": f"invalid webhook url, hint: {hit.path}"}
        doc = hit.doc
        bad = (200, {}, {"errcode": 40008, "errmsg": "invalid message type"})
        if not isinstance(doc, dict):
            return bad
        kind = doc.get("msgtype")
        if kind == "text":
            content = doc.get("text", {}).get("content")
            ok = isinstance(content, str) and len(content.encode()) <= 2048
        elif kind == "markdown":
            content = doc.get("markdown", {}).get("content")
            ok = isinstance(content, str) and len(content.encode()) <= 4096
        elif kind == "file":
            ok = doc.get("file", {}).get("media_id") in self.media
            if not ok:
                return 200, {}, {"errcode": 40007, "errmsg": "invalid media_id"}
        elif kind == "image":
            img = doc.get("image", {})
            try:
                data = base64.b64decode(img.get("base64", ""), validate=True)
            except ValueError:
                return bad
            ok = (
                0 < len(data) <= 2 * 1024 * 1024
                and (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff"))
                and img.get("md5") == hashlib.md5(data).hexdigest()
            )
            if not ok:
                return 200, {}, {"errcode": 301019, "errmsg": "media md5 not match"}
        else:
            ok = False
        if not ok:
            return bad
        return 200, {}, {"errcode": 0, "errmsg": "ok"}

    def _wecom_upload(self, hit: Hit) -> tuple[int, dict[str, str], Any]:
        """upload_media as WeCom documents it: multipart/form-data, the file in
        the part named "media", 5 bytes to 20 MB; answers a media_id."""
        if hit.query.get("key") != [WECOM_KEY] or hit.query.get("type") != ["file"]:
            return 200, {}, {"errcode": 93000, "errmsg": "invalid webhook url"}
        from email.parser import BytesParser
        from email.policy import HTTP

        ctype = hit.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data"):
            return 200, {}, {"errcode": 44001, "errmsg": "empty media data"}
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {ctype}\r\n\r\n".encode() + hit.raw
        )
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "media":
                data = part.get_payload(decode=True) or b""
                if not 5 < len(data) <= 20 * 1024 * 1024:
                    return 200, {}, {"errcode": 40006, "errmsg": "invalid media size"}
                mid = f"media-{len(self.media) + 1}"
                self.media[mid] = (part.get_filename() or "", data)
                return 200, {}, {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": mid}
        return 200, {}, {"errcode": 44001, "errmsg": "empty media data"}

    def _dingtalk(self, hit: Hit) -> tuple[int, dict[str, str], Any]:
        if hit.query.get("access_token") != [DING_TOKEN]:
            return 200, {}, {"errcode": 300001, "errmsg": "token is not exist"}
        ts = (hit.query.get("timestamp") or [""])[0]
        sign = (hit.query.get("sign") or [""])[0]
        if not ts.isdigit() or abs(time.time() * 1000 - int(ts)) > 3600 * 1000:
            return 200, {}, {"errcode": 310000, "errmsg": "invalid timestamp"}
        mac = hmac.new(DING_SECRET.encode(), f"{ts}\n{DING_SECRET}".encode(), hashlib.sha256)
        if sign != base64.b64encode(mac.digest()).decode():
            return 200, {}, {"errcode": 310000, "errmsg": "sign not match"}
        doc = hit.doc
        bad = (200, {}, {"errcode": 40035, "errmsg": "缺少参数 json"})
        if not isinstance(doc, dict):
            return bad
        kind = doc.get("msgtype")
        if kind == "text":
            ok = isinstance(doc.get("text", {}).get("content"), str)
        elif kind == "markdown":
            md = doc.get("markdown", {})
            ok = isinstance(md.get("title"), str) and isinstance(md.get("text"), str)
        elif kind == "actionCard":
            card = doc.get("actionCard", {})
            ok = (
                isinstance(card.get("title"), str)
                and isinstance(card.get("text"), str)
                and (
                    bool(card.get("singleTitle") and card.get("singleURL"))
                    or bool(card.get("btns"))
                )
            )
        else:
            ok = False
        if not ok:
            return bad
        return 200, {}, {"errcode": 0, "errmsg": "ok"}

    def _webhook(self, hit: Hit) -> tuple[int, dict[str, str], Any]:
        ts = hit.headers.get("x-genbo-timestamp", "")
        sig = hit.headers.get("x-genbo-signature", "")
        if not ts.isdigit() or abs(time.time() - int(ts)) > 300:
            return 401, {}, {"error": "stale"}
        want = (
            "sha256="
            + hmac.new(
                HOOK_SECRET.encode(), f"{ts}.".encode() + hit.raw, hashlib.sha256
            ).hexdigest()
        )
        if not hmac.compare_digest(sig, want):
            return 401, {}, {"error": "bad signature"}
        doc = hit.doc
        need = ("schema", "id", "event", "title", "text", "lines", "streamer", "session", "values")
        if not isinstance(doc, dict) or any(k not in doc for k in need):
            return 400, {}, {"error": "bad body"}
        return 200, {}, {"ok": True}


def start(robots: Robots, port: int = 0) -> Robots:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n)
            try:
                doc = json.loads(raw)
            except ValueError:
                doc = None
            path = parts.path
            platform = (
                "feishu"
                if "/bot/v2/hook/" in path
                else "wecom"
                if path == "/cgi-bin/webhook/send"
                else "wecom_upload"
                if path == "/cgi-bin/webhook/upload_media"
                else "dingtalk"
                if path == "/robot/send"
                else "webhook"
            )
            with robots.lock:
                queue = robots.script.get(platform)
                action = queue.popleft() if queue else "ok"
            hit = Hit(
                platform,
                self.path,
                parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
                raw,
                doc,
                action,
                None,
                time.monotonic(),
            )
            if action == "hang":
                with robots.lock:
                    robots.hits.append(hit)
                with robots.arrived:
                    robots.arrived.notify_all()
                robots.release.wait(10)
                self.close_connection = True
                return
            status, headers, answer = robots.answer(platform, hit)
            hit.answer = answer
            with robots.lock:
                robots.hits.append(hit)
            body = b"" if answer is None else json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            with robots.arrived:
                robots.arrived.notify_all()

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    robots.server = server
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return robots


def stop(robots: Robots) -> None:
    robots.release.set()
    if robots.server is not None:
        robots.server.shutdown()
        robots.server.server_close()
