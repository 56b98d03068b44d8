"""Where notices go: a 飞书/Lark custom bot, a 企业微信 group robot, a 钉钉
custom robot or a plain JSON webhook, and which events each one wants.

A `Target` is what the settings keep. It holds the *name* of its signing
secret in the keyring (`secret_name`), never the secret. The hook URL itself
carries a credential on every platform (WeCom's `key=`, DingTalk's
`access_token=`, Feishu's hook token), so anything that shows or logs a URL
goes through `redact_url`.
"""

from __future__ import annotations

import re
import secrets as _secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from app.core.messages import QT_TRANSLATE_NOOP, Explained

KINDS = ("feishu", "wecom", "dingtalk", "webhook")
"""飞书/Lark custom bot, 企业微信 group robot, 钉钉 custom robot, generic JSON webhook."""

EVENTS = ("go_live", "session_summary", "milestone", "rule_alert", "threshold_crossed")
"""What can be sent; each target picks a subset."""

KIND_LABELS = {
    "feishu": QT_TRANSLATE_NOOP("notify", "Feishu / Lark bot"),
    "wecom": QT_TRANSLATE_NOOP("notify", "WeCom group robot"),
    "dingtalk": QT_TRANSLATE_NOOP("notify", "DingTalk robot"),
    "webhook": QT_TRANSLATE_NOOP("notify", "JSON webhook"),
}
"""For the settings dialog (translate in context "notify")."""

EVENT_LABELS = {
    "go_live": QT_TRANSLATE_NOOP("notify", "Going live"),
    "session_summary": QT_TRANSLATE_NOOP("notify", "End-of-session summary"),
    "milestone": QT_TRANSLATE_NOOP("notify", "Milestones"),
    "rule_alert": QT_TRANSLATE_NOOP("notify", "Rule alerts"),
    "threshold_crossed": QT_TRANSLATE_NOOP("notify", "Monthly GMV thresholds"),
}

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_SECRET_QUERY = {"key", "access_token", "token", "sign", "secret"}
_FEISHU_HOOK = re.compile(r"(/bot/v2/hook/)([^/?#]+)")


class TargetError(Explained, ValueError):
    """A target the settings cannot keep; `str()` is fit for the dialog."""

    context = "notify"


def redact_url(url: str) -> str:
    """The URL with its credentials masked: WeCom's key, DingTalk's
    access_token and sign, the Feishu hook token, any user:password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "•••"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "•••@" + netloc.rsplit("@", 1)[1]
    path = _FEISHU_HOOK.sub(r"\1•••", parts.path)
    query = "&".join(
        f"{k}={'•••' if k.lower() in _SECRET_QUERY else v}"
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def new_target_id() -> str:
    return _secrets.token_hex(4)


def secret_name_for(target_id: str) -> str:
    """The keyring name a target's signing secret is kept under."""
    return f"notify-{target_id}-secret"


@dataclass(frozen=True)
class Target:
    id: str
    kind: str
    name: str
    url: str
    secret_name: str | None = None
    """Keyring name of the signing secret (Feishu 签名校验, DingTalk 加签,
    the webhook's HMAC key); None when the robot does not sign."""
    events: frozenset[str] = field(default_factory=lambda: frozenset(EVENTS))
    enabled: bool = True

    def __repr__(self) -> str:  # the URL is a credential: never in a log line
        return (
            f"Target(id={self.id!r}, kind={self.kind!r}, name={self.name!r}, "
            f"url={self.shown_url!r}, events={sorted(self.events)!r}, enabled={self.enabled!r})"
        )

    def wants(self, event: str) -> bool:
        return self.enabled and event in self.events

    @property
    def shown_url(self) -> str:
        return redact_url(self.url)

    def validate(self) -> Target:
        """Raises `TargetError` naming the first problem; returns self."""
        if self.kind not in KINDS:
            raise TargetError(
                QT_TRANSLATE_NOOP("notify", "unknown kind of target “{kind}”; choose from {kinds}"),
                kind=self.kind,
                kinds=", ".join(KINDS),
            )
        if not self.id or not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", self.id):
            raise TargetError(
                QT_TRANSLATE_NOOP("notify", "a target needs an id of letters and digits")
            )
        if not self.name.strip():
            raise TargetError(QT_TRANSLATE_NOOP("notify", "give the target a name"))
        unknown = sorted(set(self.events) - set(EVENTS))
        if unknown:
            raise TargetError(
                QT_TRANSLATE_NOOP("notify", "unknown events {events}; known: {known}"),
                events=", ".join(unknown),
                known=", ".join(EVENTS),
            )
        _check_url(self.kind, self.url)
        return self

    def to_dict(self) -> dict[str, Any]:
        """For the settings file: no secret, only its keyring name."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "url": self.url,
            "secret_name": self.secret_name,
            "events": [e for e in EVENTS if e in self.events],
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Target:
        """A validated target from `to_dict`'s form (raises `TargetError`)."""
        try:
            events = d.get("events", EVENTS)
            target = cls(
                id=str(d.get("id") or new_target_id()),
                kind=str(d["kind"]),
                name=str(d.get("name") or d["kind"]),
                url=str(d["url"]).strip(),
                secret_name=(str(d["secret_name"]) if d.get("secret_name") else None),
                events=frozenset(str(e) for e in events),
                enabled=bool(d.get("enabled", True)),
            )
        except KeyError as exc:
            raise TargetError(
                QT_TRANSLATE_NOOP("notify", "the target has no {field}"), field=exc.args[0]
            ) from None
        return target.validate()

    @classmethod
    def create(
        cls,
        kind: str,
        name: str,
        url: str,
        events: Iterable[str] = EVENTS,
        signed: bool = False,
    ) -> Target:
        """A new target with a fresh id; `signed` names its keyring secret
        (the caller stores the value with `SecretStore.set(target.secret_name, …)`)."""
        tid = new_target_id()
        return cls(
            id=tid,
            kind=kind,
            name=name,
            url=url.strip(),
            secret_name=secret_name_for(tid) if signed else None,
            events=frozenset(events),
        ).validate()

    def with_events(self, events: Iterable[str]) -> Target:
        return replace(self, events=frozenset(events)).validate()


def _check_url(kind: str, url: str) -> None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise TargetError(
            QT_TRANSLATE_NOOP("notify", "“{url}” is not a web address (https://…)"),
            url=redact_url(url),
        )
    if parts.scheme != "https" and host not in _LOOPBACK and kind != "webhook":
        raise TargetError(
            QT_TRANSLATE_NOOP("notify", "the robot's address must start with https://"),
        )
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    if kind == "wecom" and not query.get("key"):
        raise TargetError(
            QT_TRANSLATE_NOOP(
                "notify",
                "a WeCom robot's address ends in “send?key=…”: copy the whole webhook address",
            )
        )
    if kind == "dingtalk" and not query.get("access_token"):
        raise TargetError(
            QT_TRANSLATE_NOOP(
                "notify",
                "a DingTalk robot's address ends in “send?access_token=…”: "
                "copy the whole webhook address",
            )
        )
    if kind == "feishu" and not _FEISHU_HOOK.search(parts.path):
        raise TargetError(
            QT_TRANSLATE_NOOP(
                "notify",
                "a Feishu bot's address looks like “…/open-apis/bot/v2/hook/…”: "
                "copy the whole webhook address",
            )
        )
