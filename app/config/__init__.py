"""Paths, settings, logs, secrets and translation helpers: used by every layer
above core, importing none of them."""
