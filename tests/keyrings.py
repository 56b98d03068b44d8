"""A real keyring backend kept in a dict, for the tests that store secrets."""

from __future__ import annotations

from keyring.backend import KeyringBackend


class DictKeyring(KeyringBackend):
    """A real keyring backend kept in a dict (as a desktop's Secret Service would be)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username), None)
