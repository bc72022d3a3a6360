"""Chart tabs whose charts are built when first seen; no pyqtgraph until then."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from minref.i18n import NP_

logger = logging.getLogger(__name__)

# Shorter translations of the commodity page's chart tabs (asked with the page's Qt
# context), so that six tabs fit the chart's width in French and Spanish.
TAB_LABELS_FOR_TRANSLATION = (
    NP_("CommodityPage", "World ranking"),
    NP_("CommodityPage", "Production over time"),
    NP_("CommodityPage", "U.S. statistics"),
    NP_("CommodityPage", "U.S. import reliance"),
    NP_("CommodityPage", "U.S. import sources"),
    NP_("CommodityPage", "Rare-earth history"),
)


def _tall_tab_style(bar):
    """The application's style with tabs 4 px taller: Fusion draws an unselected tab 2 px
    lower and clips the accent of a capital ("États-Unis" showed as "Etats-Unis")."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

    class TallTabs(QProxyStyle):
        def sizeFromContents(self, ct, opt, size, widget=None):  # noqa: N802 (Qt override)
            s = super().sizeFromContents(ct, opt, size, widget)
            if ct == QStyle.ContentsType.CT_TabBarTab:
                s = QSize(s.width(), s.height() + 4)
            return s

    base = QStyleFactory.create(QApplication.style().name())
    style = TallTabs(base)
    style.setParent(bar)  # lives as long as the tab bar
    return style


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

            QTimer.singleShot(0, self, self.on_first_paint)
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
        self.tabs.tabBar().setStyle(_tall_tab_style(self.tabs.tabBar()))
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
                    # Qt tells only the tabs' own parent: the parts around them (the row
                    # beside the world table at 1920 px) kept their old height and cut the
                    # chart, its axis and its source line.
                    w = self.parentWidget()
                    while w is not None and not w.isWindow():
                        w.updateGeometry()
                        w = w.parentWidget()
        return self.views[index]
