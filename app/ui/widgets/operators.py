"""The operator filter's combo, as the library and the roster fill it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.core.library import NOT_SAID


def fill_operators(
    combo: QComboBox, names: Sequence[str], everyone: str, not_said: str, not_said_tip: str
) -> int:
    """Fill `combo`: `everyone` (None), each name, then `not_said` (`NOT_SAID`)
    when there is a name; keep the choice made before where it is still
    there, and show the combo once there is a name. Returns where the earlier
    choice now is (-1: gone, so the caller reads again with everyone)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everyone, None)
    for name in names:
        combo.addItem(name, name)
    if names:
        combo.addItem(not_said, NOT_SAID)
        combo.setItemData(combo.count() - 1, not_said_tip, Qt.ItemDataRole.ToolTipRole)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)
    combo.setVisible(bool(names))
    return index
