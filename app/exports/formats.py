"""The export formats' names and file extensions, importable without loading
the writers (the command line lists them before anything heavy loads)."""

FORMATS = (
    "chapters", "edl", "resolve-edl", "premiere", "fcpxml", "srt", "csv", "json", "clips",
    "xlsx",
)  # fmt: skip
EXTENSIONS = {
    "chapters": "txt",
    "edl": "edl",
    "resolve-edl": "edl",
    "premiere": "xml",
    "fcpxml": "fcpxml",
    "srt": "srt",
    "csv": "csv",
    "json": "json",
    "clips": "csv",
    "xlsx": "xlsx",
}
BINARY = frozenset({"xlsx"})
"""Formats whose file is bytes: saved to a file, never printed to a terminal."""
