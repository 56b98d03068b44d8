"""Where Genbo logs: warnings on stderr, everything in the data folder's
`logs/genbo.log` (rotated at 2 MB, three kept).

Logging never fails a recording: a log file that cannot be written (a full
disk, a read-only folder) says so once on stderr, in one line, and is tried
again a minute later; a stderr that is gone is left alone. No traceback chain
("--- Logging error ---") ever reaches the terminal.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable

from app.config.paths import AppPaths


class QuietStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """stderr, which may be closed or a broken pipe: then nothing is said
    (there is nowhere to say it)."""

    def handleError(self, record: logging.LogRecord) -> None:
        del record


def setup_logging(paths: AppPaths, verbose: bool = False, to_file: bool = True) -> None:
    """Warnings to stderr, everything to the log folder's `genbo.log` (or,
    with `to_file` False, not yet: see `log_to_file`)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    sh = QuietStreamHandler(sys.stderr)
    sh.setLevel(logging.WARNING)
    sh.setFormatter(logging.Formatter("genbo: %(message)s"))
    sh.addFilter(REDACTION)
    root.addHandler(sh)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # httpx logs every request at INFO with the server's own words (its reason
    # phrase), which may repeat a token; a poll every few seconds also buried
    # Genbo's own lines. Its warnings still come.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if to_file:
        log_to_file(paths)


def log_to_file(paths: AppPaths) -> None:
    """Add the rotating log file (`app.config.logfile.SafeFileHandler`). The
    window does this once its first window shows: importing `logging.handlers`
    costs that window about 20 ms."""
    from app.config.logfile import SafeFileHandler

    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = SafeFileHandler(
            paths.log_dir / "genbo.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"genbo: cannot write logs to {paths.log_dir}: {exc}", file=sys.stderr)
        return
    fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    fh.addFilter(REDACTION)
    logging.getLogger().addHandler(fh)


# -- redaction -----------------------------------------------------------------------
# What `genbo doctor` and "Copy diagnostics" show of the log (and anything else
# handed to an outsider) goes through `redact` first.

REDACTED = "•••"

_SECRET_WORDS = (
    r"(?:api[_-]?key|apikey|key|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token"
    r"|token|client[_-]?secret|secret|password|passwd|pwd|sign|signature|sig|auth)"
)
_PLACEHOLDER = re.compile(r"^\{\w+\}$")
_QUERY_SECRET = re.compile(rf"(?i)(?<![A-Za-z0-9_.-])({_SECRET_WORDS}=)([^&#\s\"'<>,;)\]]+)")
_QUOTED_SECRET = re.compile(rf"(?i)([\"']{_SECRET_WORDS}[\"']\s*:\s*[\"'])([^\"']+)")
_AUTH_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?)"
    r"(?:(bearer|basic|token|digest|bot)\s+)?(\{\w+\}|[^\s\"',}]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+([A-Za-z0-9._~+/=-]{4,})")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s@:]+(?::[^/\s@]*)?)@")
_HOOK = re.compile(r"(/bot/v2/hook/)([^/?#\s\"']+)")


def _masked(value: str) -> str:
    return value if _PLACEHOLDER.match(value) or value == REDACTED else REDACTED


def secret_forms(secret: str) -> set[str]:
    """`secret` as it may appear in text: as it is, stripped, percent-encoded
    (a query string, a form body) and escaped (a repr, a JSON string)."""
    from urllib.parse import quote, quote_plus

    forms = {secret, secret.strip(), quote(secret, safe=""), quote_plus(secret)}
    forms.add(secret.encode("unicode_escape").decode("ascii"))
    forms.add(json.dumps(secret, ensure_ascii=True)[1:-1])
    return {f for f in forms if len(f) >= 4}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without credentials: every known secret value (`secrets`, in its
    encoded forms too), Authorization headers and bearer tokens, `key=`,
    `token=`, `access_token=`-style parameters (and such JSON fields), the
    user:password of a URL and a Feishu hook's token, each shown as •••.
    Placeholders such as `{token}` stay."""
    forms: set[str] = set()
    for secret in secrets:
        if secret:
            forms |= secret_forms(secret)
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    text = _AUTH_HEADER.sub(
        lambda m: m.group(1) + (m.group(2) + " " if m.group(2) else "") + _masked(m.group(3)),
        text,
    )
    text = _BEARER.sub(lambda m: f"{m.group(1)} {_masked(m.group(2))}", text)
    text = _QUERY_SECRET.sub(lambda m: m.group(1) + _masked(m.group(2)), text)
    text = _QUOTED_SECRET.sub(lambda m: m.group(1) + _masked(m.group(2)), text)
    text = _USERINFO.sub(lambda m: m.group(1) + REDACTED + "@", text)
    return _HOOK.sub(lambda m: m.group(1) + _masked(m.group(2)), text)


_remembered: set[str] = set()
_remembered_lock = threading.Lock()
_ENV_NOT_SECRET = frozenset({"GENBO_DATA_DIR"})


def remember_secrets(*values: str | None) -> None:
    """Secrets this process holds (a source's token, a robot's signing
    secret): the log masks them wherever they appear, and so does `genbo
    doctor`."""
    with _remembered_lock:
        _remembered.update(v for v in values if v and len(v) >= 4)


def known_secrets() -> frozenset[str]:
    """The secrets `remember_secrets` was given, and the values of the
    environment's GENBO_* variables (tokens and keys given that way)."""
    env = {
        v
        for k, v in os.environ.items()
        if k.startswith("GENBO_") and k not in _ENV_NOT_SECRET and len(v) >= 4
    }
    with _remembered_lock:
        return frozenset(_remembered | env)


class RedactingFilter(logging.Filter):
    """A handler's filter that writes each record's message through `redact`
    (with `known_secrets()` and the patterns): nothing that could hold a
    credential reaches the log file or the terminal, whoever logged it
    (httpx's request lines included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it, not us
            return True
        clean = redact(message, known_secrets())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, known_secrets())
        if clean != message:
            record.msg, record.args = clean, None
        return True


REDACTION = RedactingFilter()
"""The one filter on Genbo's log handlers."""
