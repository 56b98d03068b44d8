"""A real HTTP server on 127.0.0.1 whose behaviour a test scripts: good JSON,
errors, Retry-After, refusing, never answering, dripping bytes (slow loris)."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Behaviour = Callable[["Exchange"], None]


@dataclass
class Exchange:
    conn: socket.socket
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    server: FakeApi

    def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        reason = {200: "OK", 429: "Too Many Requests", 500: "Internal Server Error",
                  502: "Bad Gateway", 503: "Service Unavailable", 401: "Unauthorized",
                  404: "Not Found"}.get(status, "Status")  # fmt: skip
        head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}",
                "Connection: close"]  # fmt: skip
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    def json(self, doc: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send(status, json.dumps(doc).encode(), {"Content-Type": "application/json",
                                                     **(headers or {})})  # fmt: skip


@dataclass
class FakeApi:
    behaviour: Behaviour
    requests: list[Exchange] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        api = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn: socket.socket = self.request
                conn.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                except OSError:
                    return
                head, _, body = data.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    k, _, v = line.partition(":")
                    headers[k.strip().lower()] = v.strip()
                want = int(headers.get("content-length", "0") or 0)
                try:
                    while len(body) < want:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        body += chunk
                except OSError:
                    return
                ex = Exchange(conn, method, path, headers, body, api)
                api.requests.append(ex)
                with contextlib.suppress(OSError):
                    api.behaviour(ex)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api"
        # shutdown() waits for serve_forever to look at its flag, which it does
        # every poll_interval (0.5 s by default): half a second per test, for nothing.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def wait(self, seconds: float) -> None:
        """Sleep inside a behaviour, ending early when the test is over."""
        self.stopping.wait(seconds)

    def close(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()


# -- behaviours ------------------------------------------------------------------------
def good(doc: Any) -> Behaviour:
    return lambda ex: ex.json(doc)


def status(code: int, headers: dict[str, str] | None = None) -> Behaviour:
    return lambda ex: ex.json({"error": "nope"}, status=code, headers=headers)


def never_answer(ex: Exchange) -> None:
    ex.server.wait(30)


def slow_loris(ex: Exchange) -> None:
    """Starts an answer and drips a header byte every 100 ms, forever."""
    ex.conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not ex.server.stopping.is_set():
        ex.conn.sendall(b"X")
        time.sleep(0.1)


def raw(body: bytes, content_type: str = "application/json") -> Behaviour:
    return lambda ex: ex.send(200, body, {"Content-Type": content_type})
