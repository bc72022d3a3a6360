"""Combo boxes for long items: the trade desk's countries, the claim checker's baskets and
the supply page's critical-mineral lists."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

logger = logging.getLogger(__name__)


class ElidedComboBox(QComboBox):
    """A combo box as wide as ``chars`` characters whatever its longest item: a longer
    current item is drawn elided with "…" (Qt clips it mid-word with none: "minero-
    metalúrgica (la unión de las cir", found in the built app); each item is whole in the
    open list, which is as wide as its longest item, and on hover of the box and of the
    item."""

    def __init__(self, chars: int, parent=None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(chars)
        self.currentIndexChanged.connect(lambda _i: self.setToolTip(self.currentText()))
        self.model().rowsInserted.connect(self._tip_items)

    def _tip_items(self, _parent, first: int, last: int) -> None:
        for i in range(first, last + 1):
            if not self.itemData(i, Qt.ItemDataRole.ToolTipRole):
                self.setItemData(i, self.itemText(i), Qt.ItemDataRole.ToolTipRole)

    def shown_text(self) -> str:
        """The current item as the box draws it: whole where it fits, else cut at the
        right with "…"."""
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        # the style draws the label 1 px inside the field on each side
        shown = self.fontMetrics().elidedText(
            opt.currentText, Qt.TextElideMode.ElideRight, field.width() - 2
        )
        if shown != opt.currentText and shown.endswith("…"):
            shown = shown[:-1].rstrip(" ,;:(") + "…"  # "de las…", not "de las …"
        return shown

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        # QComboBox's own painting, with the label elided
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def list_width(self) -> int:
        """The open list's width: its longest item whole (as the list's delegate sizes an
        item, and never less than the text with some padding), within the screen."""
        view = self.view()
        metrics = view.fontMetrics()
        texts = (metrics.horizontalAdvance(self.itemText(i)) + 24 for i in range(self.count()))
        width = max([view.sizeHintForColumn(0), *texts]) + 2 * view.frameWidth()
        if self.count() > self.maxVisibleItems():  # a scroll bar beside the items
            width += view.verticalScrollBar().sizeHint().width()
        screen = self.screen()
        if screen is not None:
            width = min(width, screen.availableGeometry().width() - 20)
        return max(width, self.width())

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        self.view().setMinimumWidth(self.list_width())
        super().showPopup()
