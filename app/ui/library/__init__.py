"""Stored sessions and streamers: the session library and the roster."""
