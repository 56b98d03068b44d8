"""One session on screen, live or read-only, and its parts: tiles, plots, event feed,
highlights, segments, the entry line and moment cards."""
