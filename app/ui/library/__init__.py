"""Stored sessions: the history list (the session library grows here)."""
