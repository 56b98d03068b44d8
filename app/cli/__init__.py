"""The command line: argument parsing and the composition root (`commands`),
`genbo record` (`record`) and the source options (`source_args`)."""

from app.cli.commands import main

__all__ = ["main"]
