"""Genbo (跟播): a desktop co-pilot for riding along a live broadcast."""

__version__ = "0.1.0"
