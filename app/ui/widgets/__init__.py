"""Widgets and helpers every room uses: steady and fitting labels, the number
formatter, progress."""
