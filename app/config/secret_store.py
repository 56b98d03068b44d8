"""Tokens and API keys: in the system keyring when one exists, otherwise only
in memory for this run (the caller says so to the operator and asks first).

Secrets never go to the database, logs, exports or error messages; sources get
them at construction and redact them from anything they report.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from types import ModuleType

from app.config.logs import remember_secrets

log = logging.getLogger(__name__)

SERVICE = "genbo"


def _keyring() -> ModuleType:
    """keyring, imported when a secret is first needed: importing it and
    finding its backend cost start-up about 0.15 s."""
    import keyring
    import keyring.errors

    return keyring


def keyring_available() -> bool:
    """False when keyring found no usable backend (headless Linux without a
    Secret Service, CI)."""
    try:
        backend = _keyring().get_keyring()
    except Exception:  # a misconfigured backend must not stop Genbo
        return False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name or "null" in name:
        return False
    if name.endswith("ChainerBackend"):
        return bool(getattr(backend, "backends", []))
    return True


class SecretStore:
    def __init__(self, use_keyring: bool | None = None) -> None:
        self._persistent = use_keyring
        self._memory: dict[str, str] = {}

    @property
    def persistent(self) -> bool:
        """Whether secrets survive a restart (a usable keyring), found out on
        first use."""
        if self._persistent is None:
            self._persistent = keyring_available()
        return self._persistent

    @persistent.setter
    def persistent(self, value: bool) -> None:
        self._persistent = value

    def get(self, name: str) -> str | None:
        if name in self._memory:
            return self._memory[name]
        if not self.persistent:
            return None
        keyring = _keyring()
        try:
            value = keyring.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring lookup of %s failed: %s", name, type(exc).__name__)
            return None
        if value is None:
            return None
        remember_secrets(str(value))  # the log masks it wherever it shows up
        return str(value)

    def set(self, name: str, value: str) -> bool:
        """Keep a secret. Returns True when it was saved in the keyring, False
        when it is kept for this run only."""
        remember_secrets(value)
        self._memory[name] = value
        if not self.persistent:
            return False
        keyring = _keyring()
        try:
            keyring.set_password(SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            log.warning("could not save %s in the keyring: %s", name, type(exc).__name__)
            return False
        return True

    def delete(self, name: str) -> None:
        self._memory.pop(name, None)
        if self.persistent:
            keyring = _keyring()
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, name)

    def ingest_token(self) -> tuple[str, bool]:
        """The per-install push-ingest token, made on first use. Returns (token,
        saved) where saved says whether it survives a restart."""
        token = self.get("ingest-token")
        if token:
            return token, self.persistent
        token = secrets.token_urlsafe(24)
        return token, self.set("ingest-token", token)
