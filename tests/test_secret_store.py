from app.config.secret_store import SecretStore, keyring_available


def test_without_a_backend_secrets_live_for_this_run_only() -> None:
    store = SecretStore(use_keyring=False)
    assert store.get("token") is None
    assert store.set("token", "abc") is False
    assert store.get("token") == "abc"
    assert SecretStore(use_keyring=False).get("token") is None, "gone in the next run"


def test_with_a_backend_secrets_persist(dict_keyring) -> None:
    assert keyring_available()
    store = SecretStore()
    assert store.persistent
    assert store.set("twitch-token", "t0k") is True
    assert dict_keyring.data[("genbo", "twitch-token")] == "t0k"
    assert SecretStore().get("twitch-token") == "t0k"
    store.delete("twitch-token")
    assert SecretStore().get("twitch-token") is None


def test_ingest_token_is_made_once(dict_keyring) -> None:
    token, saved = SecretStore().ingest_token()
    assert saved and len(token) >= 24
    assert SecretStore().ingest_token() == (token, True)


def test_keyring_is_loaded_only_when_a_secret_is_needed() -> None:
    """Importing keyring and finding its backend cost start-up about 0.15 s."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from app.config.secret_store import SecretStore\n"
        "store = SecretStore()\n"
        "print('keyring' in sys.modules)\n"
        "store.persistent\n"
        "print('keyring' in sys.modules)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "True"]
