"""Each robot's documented shapes: the message bodies, the signature, how it
answers, and how fast it may be called.

飞书/Lark custom bot (自定义机器人使用指南)
    POST JSON to the hook URL. `msg_type` "text" ({"content": {"text"}}),
    "post" or "interactive" ({"card": {header, elements}}). With 签名校验 the
    body also carries `timestamp` (seconds, within an hour) and
    `sign` = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")).
    Success is {"code": 0}; 19021 a bad or stale signature, 19022 an IP not
    allowed, 19024 a missing keyword, 9499 a malformed body (or over 20 KB);
    11232 (and HTTP 429 / 99991400 at the gateway) is the rate limit:
    100 a minute and 5 a second per bot. A custom bot cannot upload images
    (an `image_key` needs an app), so a moment card goes as a card without it.
企业微信 group robot (群机器人配置说明)
    POST JSON to …/cgi-bin/webhook/send?key=KEY. `msgtype` "text"
    ({"content"}, ≤ 2048 bytes), "markdown" ({"content"}, ≤ 4096 bytes),
    "image" ({"base64", "md5"} of the JPG/PNG before encoding, ≤ 2 MB).
    Success is {"errcode": 0}; 45009 is the rate limit (20 messages a minute).
钉钉 custom robot (自定义机器人接入)
    POST JSON to …/robot/send?access_token=…; with 加签 the URL also carries
    `timestamp` (ms, within an hour) and `sign` = urlencode(base64(
    HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}"))). `msgtype`
    "text", "markdown" ({"title", "text"}) or "actionCard" ({"title", "text",
    "singleTitle", "singleURL"}). Images only as a URL inside markdown, which
    Genbo does not have, so none is sent. Success is {"errcode": 0}; 310000 a
    failed security check (signature, keyword, IP, timestamp), 130101 sending
    too fast (20 a minute; past that the robot is held for 10 minutes).
Generic JSON webhook (Genbo's own, stable)
    POST {"schema": "genbo.notice/1", "id", "event", "title", "text", "lines",
    "streamer", "session", "values", "link", "created_ms", "image"} where
    "image" is null or {"type": "png"|"jpeg", "base64", "md5"}. With a secret,
    `X-Genbo-Timestamp: <unix seconds>` and
    `X-Genbo-Signature: sha256=<hex HMAC-SHA256(secret, f"{timestamp}." + body)>`.
    `X-Genbo-Notice-Id` repeats on retries so a receiver can drop duplicates.
    Any 2xx is success.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote_plus, urlsplit, urlunsplit

from app import __version__
from app.core.messages import QT_TRANSLATE_NOOP, Explained, translate
from app.notify.payloads import Notice, image_type
from app.notify.targets import Target

SCHEMA = "genbo.notice/1"
FEISHU_MAX_BODY = 20 * 1024
WECOM_MAX_TEXT = 2048
WECOM_MAX_MARKDOWN = 4096
WECOM_MAX_IMAGE = 2 * 1024 * 1024
RETRY_AFTER_MIN_S = 1.0
RETRY_AFTER_MAX_S = 600.0

LIMITS: dict[str, tuple[tuple[int, float], ...]] = {
    "feishu": ((5, 1.0), (100, 60.0)),
    "wecom": ((20, 60.0),),
    "dingtalk": ((20, 60.0),),
    "webhook": ((10, 1.0),),
}
"""(messages, per seconds) each robot takes; every bucket must have room."""

RATE_LIMITED_WAIT_S = {"feishu": 5.0, "wecom": 60.0, "dingtalk": 60.0, "webhook": 10.0}
"""How long to hold off after a rate-limit answer that names no wait."""

_RATE_CODES = {"feishu": {11232, 99991400}, "wecom": {45009}, "dingtalk": {130101}}
_COLOURS = {
    "go_live": "green",
    "session_summary": "blue",
    "milestone": "red",
    "rule_alert": "orange",
    "threshold_crossed": "purple",
}


class DeliveryError(Explained, Exception):
    """One failed post: `str()` in the user's language, `english` for logs."""

    context = "notify"

    def __init__(
        self,
        template: str,
        /,
        retryable: bool = False,
        retry_after_s: float | None = None,
        rate_limited: bool = False,
        **fields: Any,
    ) -> None:
        super().__init__(template, **fields)
        self.retryable = retryable or rate_limited
        self.retry_after_s = retry_after_s
        self.rate_limited = rate_limited

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _delivery_error,
            (self.template, self.fields, self.retryable, self.retry_after_s, self.rate_limited),
        )


def _delivery_error(
    template: str,
    fields: dict[str, Any],
    retryable: bool,
    retry_after_s: float | None,
    rate_limited: bool,
) -> DeliveryError:
    return DeliveryError(
        template,
        retryable=retryable,
        retry_after_s=retry_after_s,
        rate_limited=rate_limited,
        **fields,
    )


@dataclass(frozen=True)
class Prepared:
    """One HTTP request, ready to post."""

    url: str
    headers: dict[str, str]
    body: bytes


# -- signatures ---------------------------------------------------------------------------
def feishu_sign(timestamp: int, secret: str) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """The base64 signature (before the URL's own encoding)."""
    msg = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), msg, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def webhook_sign(timestamp: int, body: bytes, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


# -- bodies -------------------------------------------------------------------------------
def _open_label() -> str:
    return translate("notify", QT_TRANSLATE_NOOP("notify", "Open"))


def _cut_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: max(0, limit - 3)].decode("utf-8", errors="ignore") + "…"


def _feishu(notice: Notice) -> dict[str, Any]:
    if notice.event == "test":
        return {"msg_type": "text", "content": {"text": notice.text}}
    lines = list(notice.lines)
    while True:
        elements: list[dict[str, Any]] = []
        if lines:
            body = {"tag": "plain_text", "content": "\n".join(lines)}
            elements.append({"tag": "div", "text": body})
        if notice.link:
            button = {
                "tag": "button",
                "text": {"tag": "plain_text", "content": _open_label()},
                "type": "primary",
                "url": notice.link,
            }
            elements.append({"tag": "action", "actions": [button]})
        elements.append({"tag": "note", "elements": [{"tag": "plain_text", "content": "Genbo"}]})
        card = {
            "config": {"wide_screen_mode": True},
            "header": {
                "title": {"tag": "plain_text", "content": notice.title},
                "template": _COLOURS.get(notice.event, "blue"),
            },
            "elements": elements,
        }
        doc = {"msg_type": "interactive", "card": card}
        # 20 KB in all, the signature's ~80 bytes included.
        if len(_encode(doc)) <= FEISHU_MAX_BODY - 200 or not lines:
            return doc
        lines = lines[:-1] if len(lines) > 1 else [_cut_bytes(lines[0], len(lines[0]) // 2)]


UPLOAD = "_upload"
"""A body's key naming a file to upload first (WeCom's upload_media): the
body sent is then the file message with the media_id WeCom gave."""
WECOM_MAX_FILE = 20 * 1024 * 1024
"""WeCom's upload_media takes files of 5 bytes to 20 MB."""


def takes(kind: str, notice: Notice) -> bool:
    """Whether a robot of `kind` is sent `notice` at all: a file goes only
    where files can be sent (WeCom; Feishu's custom bots and DingTalk's
    robots cannot take one, and the JSON webhook is for figures)."""
    return notice.file is None or kind == "wecom"


def upload_url(send_url: str) -> str:
    """WeCom's upload address for the robot whose send address is `send_url`."""
    parts = urlsplit(send_url)
    path = parts.path.replace("/webhook/send", "/webhook/upload_media")
    query = f"{parts.query}&type=file" if parts.query else "type=file"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def media_id(status: int, headers: Mapping[str, str], raw: bytes) -> str:
    """The media_id of an upload WeCom took (else `DeliveryError`, as for a send)."""
    check_answer("wecom", status, headers, raw)
    try:
        got = json.loads(raw).get("media_id")
    except (ValueError, AttributeError):
        got = None
    if not isinstance(got, str) or not got:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the robot took the file but gave no media_id"),
            retryable=True,
        )
    return got


def _wecom(notice: Notice) -> list[dict[str, Any]]:
    if notice.file is not None:
        said = "\n".join([f"**{notice.title}**", *(f"> {x}" for x in notice.lines)])
        return [
            {"msgtype": "markdown", "markdown": {"content": _cut_bytes(said, WECOM_MAX_MARKDOWN)}},
            {"msgtype": "file", "file": {"media_id": ""}, UPLOAD: notice.file},
        ]
    if notice.event == "test":
        return [{"msgtype": "text", "text": {"content": _cut_bytes(notice.text, WECOM_MAX_TEXT)}}]
    md = [f"**{notice.title}**", *(f"> {line}" for line in notice.lines)]
    if notice.link:
        md.append(f"[{_open_label()}]({notice.link})")
    content = _cut_bytes("\n".join(md), WECOM_MAX_MARKDOWN)
    out: list[dict[str, Any]] = [{"msgtype": "markdown", "markdown": {"content": content}}]
    if notice.image and image_type(notice.image) and len(notice.image) <= WECOM_MAX_IMAGE:
        out.append(
            {
                "msgtype": "image",
                "image": {
                    "base64": base64.b64encode(notice.image).decode("ascii"),
                    "md5": hashlib.md5(notice.image).hexdigest(),  # WeCom's checksum, not security
                },
            }
        )
    return out


def _dingtalk(notice: Notice) -> dict[str, Any]:
    if notice.event == "test":
        return {"msgtype": "text", "text": {"content": notice.text}}
    text = "\n\n".join([f"#### {notice.title}", *(f"- {line}" for line in notice.lines)])
    if notice.link:
        card = {
            "title": notice.title,
            "text": text,
            "singleTitle": _open_label(),
            "singleURL": notice.link,
        }
        return {"msgtype": "actionCard", "actionCard": card}
    return {"msgtype": "markdown", "markdown": {"title": notice.title, "text": text}}


def _webhook(notice: Notice) -> dict[str, Any]:
    image = None
    kind = image_type(notice.image) if notice.image else None
    if notice.image and kind:
        image = {
            "type": kind,
            "base64": base64.b64encode(notice.image).decode("ascii"),
            "md5": hashlib.md5(notice.image).hexdigest(),  # a checksum, not security
        }
    return {
        "schema": SCHEMA,
        "id": notice.id,
        "event": notice.event,
        "title": notice.title,
        "text": notice.text,
        "lines": list(notice.lines),
        "streamer": notice.streamer,
        "session": notice.session_id,
        "values": dict(notice.values),
        "link": notice.link,
        "created_ms": notice.created_ms,
        "image": image,
    }


def messages(kind: str, notice: Notice) -> list[dict[str, Any]]:
    """The bodies (unsigned) one notice becomes on `kind`: usually one; on
    WeCom a notice with an image is a markdown message and then the image."""
    if kind == "feishu":
        return [_feishu(notice)]
    if kind == "wecom":
        return _wecom(notice)
    if kind == "dingtalk":
        return [_dingtalk(notice)]
    return [_webhook(notice)]


def _encode(doc: Mapping[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def prepare(
    target: Target, body: Mapping[str, Any], secret: str | None, now_s: float, notice_id: str = ""
) -> Prepared:
    """The request for one body, signed as `target.kind` wants at `now_s`."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"Genbo/{__version__}",
    }
    url = target.url
    doc = dict(body)
    if target.kind == "feishu" and secret:
        ts = int(now_s)
        doc["timestamp"] = str(ts)
        doc["sign"] = feishu_sign(ts, secret)
    if target.kind == "dingtalk" and secret:
        ts_ms = int(now_s * 1000)
        url += f"&timestamp={ts_ms}&sign={quote_plus(dingtalk_sign(ts_ms, secret))}"
    data = _encode(doc)
    if target.kind == "webhook":
        if notice_id:
            headers["X-Genbo-Notice-Id"] = notice_id
        if secret:
            ts = int(now_s)
            headers["X-Genbo-Timestamp"] = str(ts)
            headers["X-Genbo-Signature"] = webhook_sign(ts, data, secret)
    return Prepared(url, headers, data)


# -- answers ------------------------------------------------------------------------------
def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), clamped to
    [1 s, 10 min]; None when missing, garbage or past."""
    if not value or not value.strip():
        return None
    v = value.strip()
    if v.isdigit():
        seconds = float(int(v))
    else:
        try:
            when = parsedate_to_datetime(v)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(tz=UTC))).total_seconds()
    if seconds <= 0:
        return None
    return min(max(seconds, RETRY_AFTER_MIN_S), RETRY_AFTER_MAX_S)


def _wait_hint(headers: Mapping[str, str]) -> float | None:
    low = {k.lower(): v for k, v in headers.items()}
    return parse_retry_after(low.get("retry-after")) or parse_retry_after(
        low.get("x-ogw-ratelimit-reset")
    )


def _short(text: object) -> str:
    return str(text).splitlines()[0][:200] if str(text) else ""


def check_answer(kind: str, status: int, headers: Mapping[str, str], raw: bytes) -> None:
    """Returns when the robot took the message; raises `DeliveryError` saying
    why not, whether to retry and after how long."""
    if status == 429:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the robot is rate-limited (HTTP 429)"),
            rate_limited=True,
            retry_after_s=_wait_hint(headers),
        )
    try:
        doc = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        doc = None
    code: object = None
    msg = ""
    if isinstance(doc, dict) and kind != "webhook":
        code = doc.get("code", doc.get("StatusCode")) if kind == "feishu" else doc.get("errcode")
        msg = _short(doc.get("msg") or doc.get("errmsg") or doc.get("StatusMessage") or "")
    if code is not None:
        if code == 0 and 200 <= status < 300:
            return
        _raise_for_code(kind, code, msg, headers)
    if status >= 500 or status == 408:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the robot's server failed (HTTP {status})"),
            retryable=True,
            retry_after_s=_wait_hint(headers) if status == 503 else None,
            status=status,
        )
    if not 200 <= status < 300:
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the robot refused the message (HTTP {status})"),
            status=status,
        )
    if kind != "webhook":
        raise DeliveryError(
            QT_TRANSLATE_NOOP(
                "notify", "the answer has no result code: is this the robot's own address?"
            )
        )


def _raise_for_code(kind: str, code: object, msg: str, headers: Mapping[str, str]) -> None:
    if code in _RATE_CODES.get(kind, ()):
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the robot is rate-limited (code {code})"),
            rate_limited=True,
            retry_after_s=_wait_hint(headers),
            code=code,
        )
    if (kind, code) == ("feishu", 19021) or (kind == "dingtalk" and code == 310000):
        raise DeliveryError(
            QT_TRANSLATE_NOOP(
                "notify",
                "the robot refused the signature ({message}): check the signing secret "
                "and this computer's clock",
            ),
            message=msg or code,
        )
    if (kind, code) == ("feishu", 19024):
        raise DeliveryError(
            QT_TRANSLATE_NOOP(
                "notify",
                "the message lacks the bot's keyword: add “Genbo” as a keyword in the "
                "bot's security settings",
            )
        )
    if (kind, code) == ("feishu", 19022):
        raise DeliveryError(
            QT_TRANSLATE_NOOP("notify", "the bot only takes messages from its allowed IP addresses")
        )
    raise DeliveryError(
        QT_TRANSLATE_NOOP("notify", "the robot refused the message (code {code}: {message})"),
        code=code,
        message=msg,
    )
