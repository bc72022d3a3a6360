"""Chart tabs whose charts are built when first seen; no pyqtgraph until then."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from minref.ui.charts import ChartView


class _LazyHolder(QWidget):
    """Room for a chart that is built the first time this area is painted on screen.

    Widgets scrolled out of view get no paint events, so a page's charts cost nothing
    (not even importing pyqtgraph's drawing) until the user scrolls to them.
    """

    def __init__(self, on_first_paint, parent=None):
        super().__init__(parent)
        self.on_first_paint = on_first_paint
        self.setMinimumHeight(380)
        QVBoxLayout(self).setContentsMargins(0, 4, 0, 0)
        self.built = False

    def paintEvent(self, event):  # noqa: N802 (Qt override)
        if not self.built:
            self.built = True
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.on_first_paint)
        super().paintEvent(event)


class ChartTabs(QWidget):
    """Several charts of one page, each built when its tab is first seen."""

    def __init__(self, builders: list[tuple[str, callable]], sources: dict, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QTabWidget

        self.builders = builders
        self.sources = sources
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Charts"))
        self.views: dict[int, ChartView] = {}
        for i, (label, _) in enumerate(builders):
            holder = _LazyHolder(lambda i=i: self.ensure(i))
            self.tabs.addTab(holder, label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)

    def ensure(self, index: int) -> ChartView | None:
        if index < 0 or index >= len(self.builders):
            return None
        if index not in self.views:
            spec = self.builders[index][1]()
            from minref.ui.charts import ChartView  # pyqtgraph loads with the first chart

            view = ChartView(spec, self.sources)
            holder = self.tabs.widget(index)
            holder.built = True
            holder.layout().addWidget(view)
            self.views[index] = view
            if view.graphics is not None:  # room for every bar and the value axis
                need = view.graphics.minimumHeight() + 60
                if need > self.tabs.minimumHeight():
                    self.tabs.setMinimumHeight(need)
        return self.views[index]
