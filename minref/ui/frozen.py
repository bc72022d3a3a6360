"""A record table whose first column stays in view while the others scroll sideways.

Qt's "Frozen Column" pattern: a second table over the same model, showing column 0 only,
lies over the first column of the table and shares its selection, its vertical scrolling,
its row heights, its header height and the first column's width.  A wide table (the supply
table at 1366x768) then never scrolls the row's name out of sight.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from minref.ui.tables import RecordTableModel, RecordTableView

logger = logging.getLogger(__name__)


class FrozenColumnTableView(RecordTableView):
    """A :class:`RecordTableView` whose first column does not scroll sideways."""

    def __init__(self, model: RecordTableModel, name: str, parent=None):
        super().__init__(model, name, parent)
        # Pixels, not columns: the hidden columns pass under the frozen one (scrolled a
        # column at a time, the second column would sit under it).
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen = frozen = QTableView(self)
        frozen.setObjectName(f"{name}-frozen")
        frozen.setAccessibleName(name)
        frozen.setModel(model)
        frozen.setSelectionModel(self.selectionModel())
        # Inside the table's own border: no border of its own (the style sheet gives every
        # table one), the grid line at the column's right edge parts it from the rest.
        frozen.setStyleSheet("QTableView { border: none; }")
        frozen.setFrameShape(QTableView.Shape.NoFrame)
        # Keys go to the table under it: a click here focuses that table, Tab never stops.
        frozen.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        frozen.setFocusProxy(self)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.setSelectionBehavior(self.selectionBehavior())
        frozen.setSelectionMode(self.selectionMode())
        frozen.setAlternatingRowColors(self.alternatingRowColors())
        frozen.setTextElideMode(self.textElideMode())
        frozen.setTabKeyNavigation(False)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        frozen.setVerticalScrollMode(self.verticalScrollMode())
        frozen.verticalHeader().setVisible(False)
        frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        frozen_header = frozen.horizontalHeader()
        frozen_header.setHighlightSections(False)
        frozen_header.setStretchLastSection(False)
        frozen_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        frozen_header.setSectionsClickable(True)
        frozen_header.sectionClicked.connect(self._frozen_title_clicked)
        frozen_header.sectionResized.connect(self._frozen_width_dragged)
        header = self.horizontalHeader()
        header.sortIndicatorChanged.connect(self._mirror_sort_indicator)
        header.sectionResized.connect(self._width_changed)
        header.geometriesChanged.connect(self._place_frozen)
        self.verticalHeader().sectionResized.connect(self._row_height_changed)
        # Both ways: the wheel over the frozen column scrolls the table too.
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        frozen.clicked.connect(self.clicked)
        frozen.doubleClicked.connect(self.doubleClicked)
        frozen.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        frozen.customContextMenuRequested.connect(self._menu)  # same viewport coordinates
        # After the frozen table's own reset (connected when it took the model above).
        model.modelReset.connect(self._sync)
        self.viewport().stackUnder(frozen)
        self._sync()
        frozen.show()

    # ------------------------------------------------------------ keeping the two alike
    def _sync(self) -> None:
        """Column 0 alone, as wide and as tall as the table's own, rows and header alike."""
        frozen = self.frozen
        for c in range(1, self.model().columnCount()):
            frozen.setColumnHidden(c, True)
        frozen.setColumnHidden(0, False)
        frozen.setWordWrap(self.wordWrap())
        frozen.setShowGrid(self.showGrid())
        frozen.setItemDelegateForColumn(0, self.itemDelegateForColumn(0))
        frozen.setColumnWidth(0, self.columnWidth(0))
        self._sync_rows()
        self._mirror_sort_indicator()
        self._place_frozen()

    def _sync_rows(self) -> None:
        frozen = self.frozen
        for r in range(self.model().rowCount()):
            h = self.rowHeight(r)
            if frozen.rowHeight(r) != h:
                frozen.setRowHeight(r, h)
        frozen.verticalScrollBar().setValue(self.verticalScrollBar().value())

    def resizeRowsToContents(self) -> None:  # noqa: N802 (Qt's name; tables.py calls it)
        super().resizeRowsToContents()
        self.frozen.setWordWrap(self.wordWrap())  # a view that wraps turned it on just now
        self._sync_rows()

    def setItemDelegateForColumn(self, column, delegate) -> None:  # noqa: N802 (Qt override)
        super().setItemDelegateForColumn(column, delegate)
        if column == 0 and hasattr(self, "frozen"):  # a narrowed first column cut alike
            self.frozen.setItemDelegateForColumn(0, delegate)

    def _row_height_changed(self, row: int, _old: int, new: int) -> None:
        if self.frozen.rowHeight(row) != new:
            self.frozen.setRowHeight(row, new)

    def _width_changed(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            if self.frozen.columnWidth(0) != new:
                self.frozen.setColumnWidth(0, new)
            self._place_frozen()

    def _frozen_width_dragged(self, column: int, _old: int, new: int) -> None:
        if column == 0 and self.columnWidth(0) != new:
            self.setColumnWidth(0, new)  # the table's own drag handling takes it from here

    def _frozen_title_clicked(self, column: int) -> None:
        if self.horizontalHeader().sectionsClickable():  # sorting, where the table sorts
            self.horizontalHeader().sectionClicked.emit(column)

    def _mirror_sort_indicator(self, *_args) -> None:
        header, frozen_header = self.horizontalHeader(), self.frozen.horizontalHeader()
        frozen_header.setSortIndicatorShown(header.isSortIndicatorShown())
        frozen_header.setSortIndicator(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _place_frozen(self) -> None:
        """Over the first column and its title, the table's header height exactly (its
        titles on two lines, the first's on one)."""
        frozen, header = self.frozen, self.horizontalHeader()
        frozen.horizontalHeader().setFixedHeight(header.height())
        frozen.setGeometry(
            self.viewport().x(),
            header.y(),
            self.columnWidth(0),
            self.viewport().height() + header.height(),
        )

    def updateGeometries(self) -> None:  # noqa: N802 (Qt override)
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place_frozen()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if hasattr(self, "frozen"):
            self._place_frozen()

    # ------------------------------------------------------------ scrolling and pointing
    def frozen_width(self) -> int:
        return self.frozen.columnWidth(0) if self.frozen.isVisible() else 0

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible):  # noqa: N802
        """Into view right of the frozen column; its own column scrolls the rows only."""
        bar = self.horizontalScrollBar()
        if not index.isValid() or not hasattr(self, "frozen"):
            super().scrollTo(index, hint)
            return
        if index.column() == 0:  # always in view: the rows scroll, the columns stay
            kept = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(kept)
            return
        super().scrollTo(index, hint)
        left = self.visualRect(index).left()
        if left < self.frozen_width():  # under the frozen column: bring it out to its right
            bar.setValue(bar.value() - (self.frozen_width() - left))

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 (Qt override)
        index = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveHome and index.column() == 0:
            self.horizontalScrollBar().setValue(0)  # Home: the row's start, its first figures
        return index

    def indexAt(self, pos) -> QModelIndex:  # noqa: N802 (Qt override)
        """What the reader sees at ``pos`` (viewport coordinates): over the frozen column,
        its cell (the menu's "Note on this figure…" is on the cell pointed at)."""
        if hasattr(self, "frozen") and 0 <= pos.x() < self.frozen_width():
            row = self.rowAt(pos.y())
            return self.model().index(row, 0) if row >= 0 else QModelIndex()
        return super().indexAt(pos)

    def _menu_at_current(self) -> None:
        index = self.currentIndex()
        if index.isValid() and index.column() == 0:  # where the reader sees it
            rect = self.visualRect(index)
            rect.moveLeft(0)
            self._menu(rect.center())
            return
        super()._menu_at_current()
