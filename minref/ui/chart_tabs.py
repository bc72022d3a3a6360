"""Chart tabs whose charts are built when first seen; no pyqtgraph until then."""

from __future__ import annotations

import functools
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


def _scroll_area_of(widget):
    """The nearest scroll area ``widget`` sits in (the page), or None."""
    from PySide6.QtWidgets import QAbstractScrollArea

    from minref.ui.widgets import ancestors

    return next((w for w in ancestors(widget) if isinstance(w, QAbstractScrollArea)), None)


def pass_wheel_to_page(widget, event) -> bool:
    """Send a wheel event that ``widget`` does not use to the scroll area it sits in.

    Sent, not just ignored: Qt passes a wheel event on to the parent only when it came
    from the window system, and a page must scroll either way."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    area = _scroll_area_of(widget)
    if area is None:
        return False
    viewport = area.viewport()
    pos = viewport.mapFromGlobal(event.globalPosition().toPoint())
    forwarded = QWheelEvent(
        QPointF(pos),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(viewport, forwarded)
    return True


@functools.cache
def _wheel_filter_class():
    """Built on first use: no QObject subclass to set up at start-up."""
    from PySide6.QtCore import QEvent, QObject

    class WheelScrollsPage(QObject):
        """On a tab bar: the wheel scrolls the page, not the tabs, unless the tab bar has
        the keyboard focus (reached with Tab: then the wheel switches tabs, as the arrow
        keys do). A click on a tab gives it no focus, so a user who clicks a tab and
        scrolls on reads down the page."""

        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() != QEvent.Type.Wheel or obj.hasFocus():
                return False
            pass_wheel_to_page(obj, event)
            event.accept()
            return True  # never the tab bar's: it would switch tabs under a scrolling page

    return WheelScrollsPage


def wheel_scrolls_page(tabs) -> None:
    """Make the mouse wheel over a tab widget's tab bar (or over a QTabBar) scroll the page
    it sits on instead of switching tabs (Qt's default: scrolling down a page switched the
    supply tabs and the chart tabs as the pointer passed over them). A filter on the tab
    bar alone, never on the whole application."""
    bar = tabs.tabBar() if hasattr(tabs, "tabBar") else tabs
    if bar.property("minrefWheelScrollsPage"):
        return
    bar.setProperty("minrefWheelScrollsPage", True)
    bar.installEventFilter(_wheel_filter_class()(bar))  # parented: lives as long as the bar


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
        wheel_scrolls_page(self.tabs)
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
