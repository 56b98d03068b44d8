"""Dialogs: a new session and its sources, the entry form, exports."""
