"""Translation for code outside widgets (the CLI).

Widgets use `self.tr()`. Everything else calls `tr()` here, which goes through
Qt's translator too (QtCore only, cheap to import), so one set of .ts/.qm
files serves the GUI and the command line. Contexts group strings for
translators.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "cli") -> str:
    return QCoreApplication.translate(context, text)


def tr_metric(label: str) -> str:
    """Metric labels come from the core catalogue (which knows no Qt)."""
    return QCoreApplication.translate("metrics", label)
