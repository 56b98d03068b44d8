"""What the window's tables share: a model over named columns, with a header
text and a tooltip per column."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """Rows of `row_items()` under `COLUMNS`; subclasses fill `headers` (the text
    of each column's heading) and `header_tips` (its tooltip)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    headers: dict[str, str]
    header_tips: dict[str, str]

    def row_items(self) -> Sized:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.row_items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        col = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(col)
        return None
