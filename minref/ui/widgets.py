"""Small building blocks of the pages: page frame, section titles, key-fact cards, badges."""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from minref.catalog import source_text
from minref.catalog.models import SourceRef
from minref.i18n import _, clauses, ngettext

logger = logging.getLogger(__name__)


def ancestors(widget):
    """The widgets holding ``widget``, nearest first, out to its window; a page's body is
    followed by the page itself.

    Between them is the page's viewport, a widget Qt made and Python has not seen.  To wrap
    the first such widget PySide builds every widget class it binds, with their enums
    (9 ms of the first paint, bench/bench_startup.py; :func:`minref.ui.tables.viewport_width`
    says the same of a table's), so the walk steps over it."""
    w = widget.parentWidget()
    while w is not None:
        yield w
        page = getattr(w, "page", None)
        w = page if isinstance(page, Page) else w.parentWidget()


class Page(QScrollArea):
    """A scrollable page with a title; subclasses fill ``self.body`` in ``show_key``."""

    #: Ask the window to open another page ("commodity:silver", "country:MEX", ...).
    open_requested = Signal(str)
    kind = ""

    def __init__(self, catalog, parent=None):
        super().__init__(parent)
        self.catalog = catalog
        self.setObjectName("pageScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._inner = QWidget()
        self._inner.setObjectName("pageBody")
        self._inner.page = self  # for ancestors(): the page holding its body
        self.setWidget(self._inner)
        self.layout_ = QVBoxLayout(self._inner)
        self.layout_.setContentsMargins(24, 18, 24, 24)
        self.layout_.setSpacing(8)
        self.key = ""
        self._refocus_name, self._refocus_tries = "", 0
        self._refocus_timer = QTimer(self)
        self._refocus_timer.setSingleShot(True)
        self._refocus_timer.setInterval(0)
        self._refocus_timer.timeout.connect(self._refocus)

    def carry_state(self) -> dict:
        """What the user set on the page beyond its key (a query's fields), carried to the
        rebuilt window when the language changes; see :meth:`take_state`."""
        return {}

    def take_state(self, state: dict) -> None:
        """Set again what :meth:`carry_state` returned (nothing by default)."""

    def clear(self) -> None:
        """Remove every widget of the page body.

        A control that had the keyboard focus (the edition selector, say) gets it back in
        the rebuilt page when a control of the same name is there: changing the edition by
        keyboard does not throw the user back to the top of the window."""
        focused = QApplication.focusWidget()
        if focused is not None and focused.objectName() and self._inner.isAncestorOf(focused):
            self._refocus_name, self._refocus_tries = focused.objectName(), 5
            self._refocus_timer.start()
        if focused is not None and self._inner.isAncestorOf(focused):
            # Parked on the page itself meanwhile, or Qt walks the focus through every
            # control being removed and leaves it in the search box.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            w = item.widget()
            if w is not None:
                _remove(w)
            elif item.layout() is not None:
                _clear_layout(item.layout())

    def _refocus(self) -> None:
        name, tries = self._refocus_name, self._refocus_tries
        # Runs right after the rebuild, before any other input: wherever Qt moved the focus
        # when the old control was hidden, it goes back, unless to another window.
        now = QApplication.focusWidget()
        if not name or (now is not None and now.window() is not self.window()):
            return
        for w in self._inner.findChildren(QWidget, name):
            if w.property("minrefRemoved"):
                continue  # the old one, waiting to be deleted
            if not w.isVisible():  # a new control is shown by a queued call: wait for it
                if tries > 0:
                    self._refocus_tries -= 1
                    self._refocus_timer.start()
                return
            self._refocus_name = ""
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            return

    def title(self) -> str:
        return self.key

    def finish(self) -> None:
        """Build anything the page deferred until after its first paint."""

    def show_key(self, arg: str) -> None:
        raise NotImplementedError

    # helpers for subclasses
    def add_title(self, text: str, subtitle: str = "") -> None:
        t = QLabel(text)
        t.setObjectName("pageTitle")
        t.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(t)
        if subtitle:
            s = QLabel(subtitle)
            s.setObjectName("pageSubtitle")
            s.setWordWrap(True)
            s.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.layout_.addWidget(s)

    def add_section(self, text: str) -> QLabel:
        lab = QLabel(text)
        lab.setObjectName("sectionTitle")
        lab.setAccessibleName(text)
        self.layout_.addWidget(lab)
        return lab

    def add_text(self, text: str, name: str = "muted", rich: bool = False) -> QLabel:
        lab = QLabel(text)
        lab.setObjectName(name)
        lab.setWordWrap(True)
        lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        lab.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            if rich
            else Qt.TextInteractionFlag.TextSelectableByMouse
        )
        if rich:
            lab.linkActivated.connect(self.open_requested.emit)
        self.layout_.addWidget(lab)
        return lab

    def add_brief_button(self, label: str, kind: str, ids: list[str] | None = None):
        """A button that opens the briefing export dialog for this page."""
        from PySide6.QtWidgets import QPushButton

        button = QPushButton(label)
        button.setObjectName("briefButton")
        button.setAccessibleName(label)
        button.clicked.connect(lambda: self.export_brief(kind, ids))
        return button

    def export_brief(self, kind: str, ids: list[str] | None = None):
        from minref.ui.brief_dialog import BriefDialog

        dialog = BriefDialog(self.catalog, kind, ids, self)
        self.brief_dialog = dialog
        dialog.open()
        return dialog

    def add_source_line(self, sources: list[SourceRef | None], extra: str = "") -> QLabel:
        cites = [source_text.citation(s) for s in sources if s]
        text = (
            ngettext("Source: {citations}", "Sources: {citations}", len(cites)).format(
                citations=clauses(cites)
            )
            if cites
            else _("Source: not held")
        )
        if extra:
            text = _("{sources}. {more}").format(sources=text, more=extra)
        return self.add_text(text, "sourceLine")


def _remove(w: QWidget) -> None:
    """Take a widget off the page: hidden now, deleted when control returns to Qt."""
    w.setProperty("minrefRemoved", True)
    for child in w.findChildren(QWidget):
        child.setProperty("minrefRemoved", True)
    w.hide()
    w.deleteLater()


def _clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            _remove(item.widget())
        elif item.layout() is not None:
            _clear_layout(item.layout())


class Card(QFrame):
    """A key fact: a big value, a label, a detail line; its tooltip gives the source."""

    def __init__(self, label: str, value: str, detail: str = "", tooltip: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        self.label = QLabel(label)
        self.label.setObjectName("cardLabel")
        self.value = QLabel(value)
        self.value.setObjectName("cardValue")
        self.detail = QLabel(detail)
        self.detail.setObjectName("cardDetail")
        # Every line wraps: a long label (a longer language, the pseudo-locale) makes the
        # card taller, never wider than its share of the row.
        for w in (self.label, self.value, self.detail):
            w.setWordWrap(True)
        for w in (self.label, self.value, self.detail):
            lay.addWidget(w)
        if tooltip:
            self.setToolTip(tooltip)
        self.setAccessibleName(f"{label}: {value}")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def badge(text: str, tooltip: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("badge")
    lab.setToolTip(tooltip)
    lab.setAccessibleName(f"{text}: {tooltip}" if tooltip else text)
    return lab


def row(*widgets, stretch: bool = True, spacing: int = 8) -> QHBoxLayout:
    lay = QHBoxLayout()
    lay.setSpacing(spacing)
    for w in widgets:
        if isinstance(w, QWidget):
            lay.addWidget(w)
        else:
            lay.addLayout(w)
    if stretch:
        lay.addStretch(1)
    return lay


_RINGS: list = []  # weak references to every window's focus ring


def _focus_changed(old, new) -> None:
    """One connection for every ring: a ring whose window is gone is dropped quietly."""
    for ref in list(_RINGS):
        ring = ref()
        try:
            if ring is None:
                raise RuntimeError
            ring._focus_changed(old, new)
        except RuntimeError:
            _RINGS.remove(ref)


class FocusRing(QWidget):
    """A ring in the palette's highlight colour around the widget that has the keyboard
    focus, drawn above it; the same in both themes and for every kind of control (Fusion's
    own focus marks are faint, and none at all on a table styled by the style sheet).

    The ring is a child of the window (never of a page's widgets, which pages delete when
    they rebuild) and follows its target and the target's ancestors as they move."""

    MARGIN = 3

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.watched: list[QWidget] = []
        self.window_ = window
        self._place_timer = QTimer(self)
        self._place_timer.setSingleShot(True)
        self._place_timer.setInterval(0)
        self._place_timer.timeout.connect(self._place)
        _RINGS.append(weakref.ref(self))
        app = QApplication.instance()
        if not app.property("minrefFocusRings"):
            app.setProperty("minrefFocusRings", True)
            app.focusChanged.connect(_focus_changed)
        self.hide()

    def _unwatch(self) -> None:
        for w in self.watched:
            try:
                w.removeEventFilter(self)
            except RuntimeError:  # deleted meanwhile
                pass
        self.watched = []

    def _focus_changed(self, _old, new) -> None:
        if not hasattr(self, "_place_timer"):
            return  # still being built, or the window is being destroyed
        self._unwatch()
        self.target = None
        try:
            if (
                new is None
                or new is self
                or new.window() is not self.window_
                or new.focusPolicy() == Qt.FocusPolicy.NoFocus
            ):
                self.hide()
                return
        except RuntimeError:
            self.hide()
            return
        # A line edit inside a combo box or a spin box: ring the control itself.
        target = new
        if target.objectName().startswith("qt_") and target.parentWidget() is not None:
            target = target.parentWidget()
        self.target = target
        w = target
        while w is not None and w is not self.window_:
            w.installEventFilter(self)
            self.watched.append(w)
            w = w.parentWidget()
        self._place()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if not hasattr(self, "_place_timer"):
            return False  # the window is being destroyed
        if event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
        ):
            self._place_timer.start()  # owned by the ring: never fires after it is gone
        elif event.type() == QEvent.Type.Destroy and obj is getattr(self, "target", None):
            self.target = None
            self.hide()
        return False

    def _place(self) -> None:
        t = getattr(self, "target", None)
        try:
            if t is None or not t.isVisible():
                self.hide()
                return
            visible = t.visibleRegion().boundingRect()
        except RuntimeError:
            self.target = None
            self.hide()
            return
        if visible.isEmpty():
            self.hide()
            return
        m = self.MARGIN
        top_left = t.mapTo(self.window_, visible.topLeft())
        self.setGeometry(QRect(top_left, visible.size()).adjusted(-m, -m, m, m))
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(self.palette().color(QPalette.ColorRole.Highlight)), 2)
        p.setPen(pen)
        p.drawRoundedRect(QRect(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        p.end()


class SideBySide(QWidget):
    """Two parts of a page beside each other when the page is wide enough for both
    (1920x1080: a table and its charts side by side), one above the other when not
    (1366x768).  The left part keeps its full width; the right one takes the rest.

    The choice follows the width of the scrolling page around it (not the widget's own
    width, which its layout holds at both parts' width while they are side by side)."""

    SPACING = 18

    def __init__(self, left: QWidget, right: QWidget | None = None, min_right: int = 560):
        super().__init__()
        self.setObjectName("sideBySide")
        self.left, self.right = left, None
        self.home: QWidget | None = None
        self.min_right = min_right
        self.wide = False
        self._area = None
        from PySide6.QtWidgets import QGridLayout

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(self.SPACING)
        self.grid.setVerticalSpacing(8)
        # The left part at its full width, kept to the left of its column.
        self.left_box = QWidget()
        box = QHBoxLayout(self.left_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(left, 100)  # grows to its own maximum width first
        box.addStretch(1)
        self.grid.addWidget(self.left_box, 0, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.setColumnStretch(0, 1)
        if right is not None:
            self.set_right(right)

    def set_right(self, right: QWidget, home: QWidget | None = None) -> None:
        """The right part; with ``home`` (an empty widget with a layout, placed where the
        part belongs in a narrow window), a narrow window shows the part there instead of
        under the left one."""
        self.right = right
        self.home = home
        self._arrange(force=True)

    def left_changed(self) -> None:
        """The left part's full width changed (a table widened): arrange the parts again."""
        self._arrange(force=True)

    def left_width(self) -> int:
        """The left part's full width: a table sized to its columns says so as its
        maximum width; anything else by its size hint."""
        w = self.left.maximumWidth()
        return w if w < 10_000 else self.left.sizeHint().width()

    def available(self) -> int:
        """The width the page offers this widget."""
        from minref.ui.tables import viewport_width

        area = self._scroll_area()
        if area is None or area.widget() is None:
            return self.width()
        inset = self.mapTo(area.widget(), QPoint(0, 0)).x()
        return viewport_width(area) - 2 * inset

    def fits(self, width: int) -> bool:
        need = self.left_width() + self.SPACING + self.min_right
        # A little slack either way, so that a scroll bar appearing does not flip it back.
        return width >= need + (0 if self.wide else 24)

    def _scroll_area(self):
        if self._area is None:
            w = next((w for w in ancestors(self) if isinstance(w, QScrollArea)), None)
            if w is not None and w.widget() is not None:
                self._area = w
                # The viewport is not asked for (see ancestors()): the area is resized with
                # the window, and its body with the viewport when a scroll bar comes or goes.
                w.installEventFilter(self)
                w.widget().installEventFilter(self)
        return self._area

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and hasattr(self, "grid"):
            self._arrange()
        return False

    def _arrange(self, force: bool = False) -> None:
        if self.right is None:
            return
        wide = self.fits(self.available())
        if wide == self.wide and not force:
            return
        self.wide = wide
        self.grid.removeWidget(self.right)
        if self.home is not None:
            self.home.layout().removeWidget(self.right)
        if wide:
            self.grid.addWidget(self.right, 0, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.setColumnMinimumWidth(0, self.left_width())
            self.left.setMinimumWidth(self.left_width())
            self.grid.setColumnStretch(0, 0)
            self.grid.setColumnStretch(1, 1)
        else:
            self.grid.setColumnMinimumWidth(0, 0)
            self.left.setMinimumWidth(0)
            self.grid.setColumnStretch(0, 1)
            self.grid.setColumnStretch(1, 0)
            if self.home is not None:
                self.home.layout().addWidget(self.right)
            else:
                self.grid.addWidget(self.right, 1, 0)
        self.right.show()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._arrange()


def column(*widgets: QWidget, stretch: bool = True) -> QWidget:
    """Widgets stacked in one plain widget (a part for SideBySide, or its home)."""
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(8)
    for x in widgets:
        lay.addWidget(x)
    if stretch:
        lay.addStretch(1)
    return w
