"""Charts on screen: a ChartSpec drawn with pyqtgraph, interactive and exportable.

Hover shows year, value, unit, flags and source; the mouse zooms and pans (Reset
returns); legend entries toggle their series; lines can use a log scale.  Estimated
values are drawn hollow (lines) or hatched (bars); withheld or missing values are
never drawn as zero: a line has a gap and a bar is replaced by the source's code.
"""

from __future__ import annotations

import html
import logging
import math
import textwrap

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from minref.analysis.charts import (
    BASE,
    BASE_ON_DARK,
    ChartSpec,
    Point,
    axis_unit,
    chart_csv,
    value_text,
)
from minref.catalog.models import format_number
from minref.files import atomic_write_bytes, atomic_write_text
from minref.i18n import _, clauses, format_fixed

logger = logging.getLogger(__name__)

pg.setConfigOptions(antialias=True)


# A scatter mark's size on screen in pixels, its outline included.
MARK_PX = 14
# A legend entry's sample line (20 px) and the gap before its name; the gap between columns.
LEGEND_SPACING_PX = 18
LEGEND_ENTRY_PX = 20 + LEGEND_SPACING_PX
# The widest a bar chart's name axis grows ("13. República Democrática Popular Lao" whole
# at 1366x768); a longer name is shortened with "…" and shown whole on hover.
BAR_NAMES_MAX_PX = 280


def on_screen(color: str, dark: bool) -> str:
    """A description's colour as drawn on the current background: the base blue turns sky
    blue and black turns light grey on a dark background, so neither vanishes."""
    if dark and color == BASE:
        return BASE_ON_DARK
    if dark and QColor(color).lightness() < 60:
        return "#e6e8eb"
    return color


def tick_text(v: float) -> str:
    """An axis tick in the reader's conventions: "6,300", "6 300" (narrow no-break space
    in French, as CLDR gives), "2.5 bn", "2,5 Md" (the same words as on paper)."""
    a = abs(v)
    if a >= 1e9:
        return _("{n} bn").format(n=format_number(float(f"{v / 1e9:.4g}")))
    if a >= 1e6:
        return _("{n} M").format(n=format_number(float(f"{v / 1e6:.4g}")))
    if a >= 1000 or float(v).is_integer():
        return format_fixed(v, 0)
    return format_number(float(f"{v:g}"))


class NumberAxis(pg.AxisItem):
    """Tick labels with thousands separators and "M"/"bn", never "x1e+09"; none beyond
    ``upper`` where the scale runs on past its measure to leave room for labels (a share's
    axis stops at 100 where the dependence map goes on to make room for its labels)."""

    upper: float | None = None

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph API)
        levels = super().tickValues(minVal, maxVal, size)
        if self.upper is None:
            return levels
        return [
            (spacing, [v for v in values if v <= self.upper + 1e-9]) for spacing, values in levels
        ]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        return [tick_text(v) for v in values]


def point_text(spec: ChartSpec, series_name: str, p: Point, sources) -> str:
    """The hover text of one point: what, when, how much, flags, source."""
    from minref.analysis.text import flag_label

    value = (
        value_text(p.value, spec.unit)
        if p.value is not None
        else _("no figure ({code})").format(code=p.raw or _("not reported"))
    )
    lines = [f"{series_name} — {p.x}", value]
    if p.flags:
        lines.append(_("Flags: {flags}").format(flags=clauses(flag_label(f) for f in p.flags)))
    src = sources.get(p.source_id)
    if src:
        lines.append(
            _("Source: {organisation}, {dataset}, {edition}").format(
                organisation=src.organisation, dataset=src.dataset, edition=src.edition
            )
        )
    if p.note:  # minref's words apart from the source's, as in a table's hover
        from minref.ui.tables import note_lines, tip_lines

        lines += [tip_lines(line) for line in note_lines(p.note, p.flags, spec.unit)]
    return "\n".join(lines)


class ChartCanvas(pg.GraphicsLayoutWidget):
    """The drawing area of a chart: the mouse wheel scrolls the page it sits on.

    Zooming with the wheel needs Ctrl, or a click into the chart first (until the
    pointer leaves it); otherwise the wheel event goes on to the scrolling page, so a
    user scrolling down a page never zooms a chart by accident.
    """

    def __init__(self, *args, menu_builder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zoom_armed = False
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.menu_builder = menu_builder  # the chart's own context menu (translated)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """minref's menu, in the reader's language, instead of pyqtgraph's English one."""
        if self.menu_builder is None:
            super().contextMenuEvent(event)
            return
        menu = self.menu_builder(self)
        menu.popup(event.globalPos())
        event.accept()

    def wheel_zooms(self, event) -> bool:
        return self.zoom_armed or bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.wheel_zooms(event):
            super().wheelEvent(event)
            event.accept()
            return
        from minref.ui.chart_tabs import pass_wheel_to_page

        # the page scrolls (handed to its scroll area: Qt does not pass on a wheel event
        # it did not get from the window system)
        if pass_wheel_to_page(self, event):
            event.accept()
        else:
            event.ignore()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.zoom_armed = True
        super().mousePressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.zoom_armed = False
        super().leaveEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.zoom_armed = False
        super().focusOutEvent(event)


class ChartView(QWidget):
    """A chart with its title and source caption, tools to reset, rescale and export."""

    # The height the chart needs changed (its legend re-flowed, it was drawn again): a
    # page that gives it a fixed height (the supply page's tabs) sizes it again.
    height_needed = Signal()

    def __init__(self, spec: ChartSpec, sources: dict | None = None, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.sources = sources or {s.source_id: s for s in spec.sources}
        self.setObjectName(f"chart-{spec.chart}")
        self.setAccessibleName(spec.title)
        self.items: list = []
        self.hits: list[tuple[float, float, str]] = []  # x, y, tooltip text (view coords)
        self._drawn_with = ("", "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        if spec.is_empty:
            msg = QLabel(
                "\n\n".join(
                    [spec.title, spec.empty_reason or _("No figures to plot."), spec.caption]
                )
            )
            msg.setObjectName("chartEmpty")
            msg.setWordWrap(True)
            msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
            msg.setMinimumHeight(160)
            lay.addWidget(msg)
            self.message = msg
            self.graphics = None
            return
        self.message = None
        tools = QHBoxLayout()
        self.reset_button = QPushButton(self.tr("Reset zoom"))
        self.reset_button.setAccessibleName(self.tr("Reset zoom"))
        self.reset_button.clicked.connect(self.reset)
        self.log_box = QCheckBox(self.tr("Log scale"))
        self.log_box.setAccessibleName(self.tr("Logarithmic scale"))
        self.log_box.setEnabled(spec.kind == "lines" and spec.log_scale_ok)
        self.log_box.toggled.connect(self.set_log)
        export = QToolButton()
        export.setText(self.tr("Export"))
        export.setAccessibleName(self.tr("Export chart"))
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        self._add_export_actions(menu)
        export.setMenu(menu)
        tools.addWidget(self.reset_button)
        tools.addWidget(self.log_box)
        tools.addWidget(export)
        lay.addLayout(tools)

        self.graphics = None
        self.zoom_hint = QLabel(
            self.tr("Ctrl+wheel zooms, or click into the chart first; the wheel alone scrolls.")
        )
        self.zoom_hint.setObjectName("sourceLine")
        # wraps rather than setting the chart's minimum width (the French hint is long)
        self.zoom_hint.setWordWrap(True)
        tools.insertWidget(3, self.zoom_hint, 1)  # the rest of the row: one line if it fits
        self._build()

    def _add_export_actions(self, menu: QMenu) -> None:
        menu.addAction(self.tr("PNG image (2x)…"), lambda: self._ask_export("png"))
        menu.addAction(self.tr("SVG drawing…"), lambda: self._ask_export("svg"))
        menu.addAction(self.tr("Data as CSV…"), lambda: self._ask_export("csv"))
        menu.addAction(self.tr("Copy image"), self.copy_image)

    def context_menu(self, parent=None) -> QMenu:
        """The right-click menu: reset, log scale, export (pyqtgraph's own is English)."""
        menu = QMenu(parent or self)
        menu.setObjectName("chartMenu")
        menu.addAction(self.tr("Reset zoom"), self.reset)
        log = menu.addAction(self.tr("Log scale"))
        log.setCheckable(True)
        log.setChecked(self.log_box.isChecked())
        log.setEnabled(self.log_box.isEnabled())
        log.toggled.connect(self.log_box.setChecked)
        menu.addSeparator()
        self._add_export_actions(menu)
        return menu

    def _build(self) -> None:
        """Draw the chart in the palette's colours now (again after a theme switch)."""
        spec = self.spec
        old = self.graphics
        self.items, self.hits = [], []
        self._name_widths: list[float] = []  # the legend's names on one line, as drawn
        self.graphics = ChartCanvas(menu_builder=self.context_menu)
        self.plot_min = 240  # the plot's own height at least; the canvas adds its rows
        self.graphics.setMinimumHeight(340)
        self.graphics.setAccessibleName(spec.title)
        self.graphics.viewport().setAccessibleName(spec.title)
        if old is not None:
            self.layout().replaceWidget(old, self.graphics)
            old.hide()
            old.deleteLater()
        else:
            self.layout().addWidget(self.graphics)
        fg, bg = self._colors()
        self._drawn_with = (fg.name(), bg.name())
        self.graphics.setBackground(bg)
        self.title_item = self.graphics.addLabel(
            html.escape(spec.title), row=0, col=0, size="11pt", bold=True, color=fg
        )
        axes = (
            {"left": NumberAxis("left")}
            if spec.kind == "lines"
            else {"bottom": NumberAxis("bottom")}
        )
        row = 1
        if spec.kind in ("lines", "scatter"):
            # The legend in a row of its own above the plot, never over the latest
            # figures (which sit at the top right when production grows) nor over the
            # marks at 100% of a scatter (gallium), in as many columns as its longest name
            # allows: a scatter's three series on one row where the chart is wide enough,
            # one under the other where not (at 1366x768 the Spanish legend's one row
            # made the dependence map wider than its tab, and the marks at 100% fell off
            # its right edge).
            # (its columns are set by _fit_legend once it holds the names, as drawn)
            self.legend = pg.LegendItem(
                offset=None, labelTextColor=fg, colCount=1, horSpacing=LEGEND_SPACING_PX
            )
            # pyqtgraph draws a legend at screen size whatever the zoom; in a layout row
            # it can scale with the rest, so the 2x PNG's legend is not half-size.
            self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
            self.graphics.addItem(self.legend, row=row, col=0)
            # as wide as its columns need, at the left: not stretched over the row
            self.legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
            self.graphics.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
            row += 1
        self.plot = self.graphics.addPlot(row=row, col=0, axisItems=axes)
        self.plot.setMenuEnabled(False)  # minref's translated menu instead (ChartCanvas)
        for axis in axes.values():
            axis.enableAutoSIPrefix(False)
        # Wrapped by hand: a pyqtgraph label is as wide as its longest line, and the
        # exported picture as wide as the label.
        caption = "<br>".join(html.escape(line) for line in textwrap.wrap(spec.caption, 130))
        self.caption_item = self.graphics.addLabel(
            caption, row=row + 1, col=0, size="8pt", color=fg, justify="left"
        )
        self.plot.showGrid(x=spec.kind == "bars", y=spec.kind == "lines", alpha=0.25)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(fg)
            self.plot.getAxis(axis).setPen(fg)
        if spec.kind == "bars":
            self._draw_bars(fg)
        elif spec.kind == "scatter":
            self._draw_scatter(fg)
        else:
            self._draw_lines(fg)
        if self.log_box.isChecked():
            self.set_log(True)
        self._fit_legend()  # its columns from the names as drawn, no longer a guess
        self._fit_height()
        self.plot.scene().sigMouseMoved.connect(self._hover)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A theme switch redraws the chart in the new colours (when next shown)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle_later()
        super().changeEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle_later()
        return super().event(event)

    def _restyle_later(self) -> None:
        if self.graphics is None or getattr(self, "_restyle_queued", False):
            return
        self._restyle_queued = True
        QTimer.singleShot(0, self, self._restyle_if_needed)  # not after self is deleted

    def _restyle_if_needed(self) -> None:
        self._restyle_queued = False
        if self.graphics is None:
            return
        fg, bg = self._colors()
        if (fg.name(), bg.name()) == self._drawn_with:
            return
        if not self.isVisible():
            self._stale = True  # redrawn when next shown: hidden tabs cost nothing now
            return
        self._build()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._fit_legend()
        if self.graphics is not None:
            self._fit_height()  # the rows as shown on this screen (its fonts, its DPI)
        if getattr(self, "_stale", False):
            self._stale = False
            fg, bg = self._colors()
            if (fg.name(), bg.name()) != self._drawn_with:
                self._build()
        super().showEvent(event)

    def drawn_colors(self) -> tuple[str, str]:
        """(text, background) colour names the chart was last drawn with."""
        return self._drawn_with

    # ------------------------------------------------------------ drawing
    def _colors(self) -> tuple[QColor, QColor]:
        pal = QGuiApplication.palette()
        return pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)

    def _draw_bars(self, fg: QColor) -> None:
        spec = self.spec
        s = spec.series[0]
        n = len(s.points)
        ticks = []
        self.bar_values: list[float | None] = []
        for i, p in enumerate(s.points):
            y = n - 1 - i  # largest at the top
            ticks.append((y, str(p.x)))
            self.bar_values.append(p.value)
            label = f"{p.x}"
            dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
            color = QColor(on_screen(spec.bar_color(label), dark))
            tip = point_text(spec, s.name, p, self.sources)
            if p.value is None:
                text = pg.TextItem(p.raw or "—", color=fg, anchor=(0, 0.5))
                text.setPos(0, y)
                self.plot.addItem(text)
                self.items.append(text)
                self.hits.append((0.0, y, tip))
                continue
            brush = QBrush(
                color, Qt.BrushStyle.BDiagPattern if p.estimated else Qt.BrushStyle.SolidPattern
            )
            bar = pg.BarGraphItem(
                x0=[0],
                y=[y],
                height=[0.7],
                width=[p.value],
                brush=brush,
                pen=pg.mkPen(color, width=1.2),
            )  # cosmetic: pixels
            self.plot.addItem(bar)
            self.items.append(bar)
            self.hits.append((p.value, y, tip))
        lines = self._set_bar_names(ticks)
        self.plot.setLabel("bottom", spec.x_label or axis_unit(spec.unit))
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)
        # A row for each bar (taller where a name takes two lines or more), and the value axis.
        self.plot_min = max(220, (26 + 9 * (lines - 1)) * n + 50)

    def _set_bar_names(self, ticks: list[tuple[float, str]]) -> int:
        """A label for every bar on the name axis, each drawn whole: a name wider than the
        axis wraps onto two lines or more, between words.  Returns the most lines a
        name takes.

        pyqtgraph's AxisItem silently drops a tick label wider than the axis: the axis was
        12 + 7 px a character wide, at most 240 px, and on antimony's page bar 13 ("13.
        República Democrática Popular Lao", "13. République démocratique populaire lao")
        had no label.  Then a name that did not fit was shortened with "…", which cut a
        word in the exported picture, where there is no hover to read the rest ("17.
        Royaume-Uni de Grande-Bretagne et d…", lime in French).  The names are measured in
        the font the axis draws with and the axis is as wide as the widest line needs (at
        most BAR_NAMES_MAX_PX); only a single word wider than that (no country's) would
        be shortened."""
        left = self.plot.getAxis("left")
        font = QFont(self.graphics.font())
        left.setStyle(tickFont=font)  # measured and drawn in the same font
        metrics = QFontMetricsF(font)
        gap = left.style["tickTextOffset"][0] + max(0, left.style["tickLength"]) + 6

        def width(text: str) -> float:  # as AxisItem measures it (each line of it)
            return metrics.boundingRect(
                QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text
            ).width()

        room = BAR_NAMES_MAX_PX - gap

        def whole(word: str) -> str:
            if width(word) <= room:
                return word
            word = metrics.elidedText(word, Qt.TextElideMode.ElideRight, room)
            while len(word) > 1 and width(word) > room:  # its bounding box, not advance
                word = word[:-2] + "…"
            return word

        shown, most = [], 1
        for y, name in ticks:
            if width(name) > room:
                lines: list[str] = []
                for word in name.split():
                    if lines and width(f"{lines[-1]} {word}") <= room:
                        lines[-1] = f"{lines[-1]} {word}"
                    else:
                        lines.append(whole(word))
                name = "\n".join(lines)
                most = max(most, len(lines))
            shown.append((y, name))
        left.setTicks([shown])
        left.setWidth(
            math.ceil(min(BAR_NAMES_MAX_PX, gap + max((width(t) for _, t in shown), default=30)))
        )
        return most

    def _set_value_label(self, text: str) -> None:
        """The value axis's title, smaller when long, so that it fits the plot's height
        (a French unit title is half as long again as the English one)."""
        if len(text) > 36:
            self.plot.setLabel("left", text, **{"font-size": "7.5pt"})
        else:
            self.plot.setLabel("left", text)

    def _fit_height(self) -> None:
        """The canvas's minimum height: the plot's own (``self.plot_min``) and the rows around
        it, the title, the legend and the source caption, as drawn.  A fixed minimum of the
        plot alone let a page squeeze the caption: at 1366x768 the dependence map's last
        caption lines (the minerals not plotted) were cut inside the chart's frame."""
        rows = [self.title_item, self.caption_item, getattr(self, "legend", None)]
        around = sum(item.boundingRect().height() for item in rows if item is not None)
        spacing = self.graphics.ci.layout.verticalSpacing() if self.graphics else 0
        need = int(self.plot_min + around + 4 * max(spacing, 0) + 16)
        if need != self.graphics.minimumHeight():
            self.graphics.setMinimumHeight(need)
            self.height_needed.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The legend's columns follow the chart's width (built before it was laid out)."""
        super().resizeEvent(event)
        self._fit_legend()

    def _fit_legend(self) -> None:
        legend = getattr(self, "legend", None)
        if legend is None or self.spec.kind not in ("lines", "scatter"):
            return
        columns = self._legend_columns()
        # Each name whole: one longer than the chart is wide even in a column of its own (a
        # long HS description, a partner's full name) wraps onto more lines, never cut.
        room = self._legend_room() - LEGEND_ENTRY_PX
        changed = False
        for (_sample, label), width in zip(legend.items, self._legend_widths(), strict=True):
            wrap = room if columns == 1 and width > room else -1
            if label.item.textWidth() != wrap:
                label.item.setTextWidth(wrap)
                label.updateMin()
                changed = True
        if columns != legend.columnCount:
            legend.setColumnCount(columns)
        elif changed:
            legend.layout.activate()
            legend.updateSize()
        else:
            return
        self._fit_height()

    def _legend_room(self) -> float:
        """The width the legend's entries have: the chart's, less the canvas's margins and
        the legend's own."""
        margins = 0.0
        for layout in (self.graphics.ci.layout, self.legend.layout):
            left, _top, right, _bottom = layout.getContentsMargins()
            margins += left + right
        return max(self.width(), 300) - margins - 2

    def _legend_widths(self) -> list[float]:
        """Each legend name's width on one line, as drawn (about 7 px a character before
        the legend holds its names)."""
        legend = getattr(self, "legend", None)
        if legend is not None and len(self._name_widths) == len(legend.items):
            return self._name_widths
        return [7.0 * len(s.name) for s in self.spec.series]

    def _legend_columns(self) -> int:
        """As many legend columns (up to four) as fit the chart's width with every name
        whole on one line, each column as wide as its longest name; one where none fit."""
        widths = self._legend_widths()
        room = self._legend_room()
        for columns in range(min(len(widths), 4), 1, -1):
            need = sum(max(widths[c::columns]) + LEGEND_ENTRY_PX for c in range(columns))
            need += (columns - 1) * LEGEND_SPACING_PX
            if need <= room:
                return columns
        return 1

    def _add_to_legend(self, item, name: str) -> None:
        """A series' entry in the legend: its whole name (wrapped by _fit_legend where it
        is longer than the chart is wide), and the name on hover of the entry too."""
        self.legend.addItem(item, html.escape(name))  # the legend reads HTML
        sample, label = self.legend.items[-1]
        for part in (sample, label):
            part.setToolTip(name)
        self._name_widths.append(label.item.boundingRect().width())  # on one line

    def _draw_lines(self, fg: QColor) -> None:
        spec = self.spec
        dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
        for s, style in zip(spec.series, spec.styles, strict=True):
            color = QColor(on_screen(style.color, dark))
            xs = [float(p.x) for p in s.points]
            ys = [p.value if p.value is not None else math.nan for p in s.points]
            pen = pg.mkPen(color, width=3 if style.emphasis else 2)
            if style.dash:
                pen.setDashPattern(list(style.dash))
            brushes = [
                pg.mkBrush(spec_bg_color(self)) if p.estimated else pg.mkBrush(color)
                for p in s.points
            ]
            many = len(s.points) > 40  # a long series reads better as a plain line
            item = pg.PlotDataItem(
                xs,
                ys,
                pen=pen,
                connect="finite",
                name=s.name,
                symbol=None if many else style.marker,
                symbolSize=8,
                symbolPen=pg.mkPen(color, width=1.5),
                symbolBrush=brushes,
            )
            self.plot.addItem(item)
            self._add_to_legend(item, s.name)
            self.items.append(item)
            for p in s.points:
                y = (
                    p.value
                    if p.value is not None
                    else (p.bound if p.bound is not None else math.nan)
                )
                self.hits.append((float(p.x), y, point_text(spec, s.name, p, self.sources)))
                if p.value is None and p.bound is not None:
                    # A bound (">95"): a hollow triangle at the bound, labelled as published.
                    mark = pg.ScatterPlotItem(
                        [float(p.x)],
                        [p.bound],
                        symbol="t1" if p.raw.startswith(">") else "t",
                        size=11,
                        pen=pg.mkPen(color, width=1.5),
                        brush=pg.mkBrush(spec_bg_color(self)),
                    )
                    label = pg.TextItem(p.raw, color=color, anchor=(0.5, 1.3))
                    label.setPos(float(p.x), p.bound)
                    self.plot.addItem(mark)
                    self.plot.addItem(label)
                    self.items.append(label)
        self._set_value_label(spec.y_label or axis_unit(spec.unit))
        self.plot.setLabel("bottom", spec.x_label or _("year"))
        top = max(
            (p.value for s in spec.series for p in s.points if p.value is not None), default=0
        )
        digits = len(tick_text(top))
        self.plot.getAxis("left").setWidth(36 + 8 * digits)  # labels clear the axis title
        if spec.unit == "percent":
            self.plot.setYRange(0, 105, padding=0)  # shares on a full 0-100 scale
        elif top > 0 and all(
            p.value >= 0 for s in spec.series for p in s.points if p.value is not None
        ):
            # Amounts from zero: a scale from US$1.7 bn made a 10% change look like a
            # fall to nothing (the desk's chart, found in the built app).  Log scale aside.
            self._zero_top = top * 1.08
            self.plot.setYRange(0, self._zero_top, padding=0)
        years = [float(p.x) for s in spec.series for p in s.points]
        if years and max(years) - min(years) <= 16:
            self.plot.getAxis("bottom").setTickSpacing(major=1, minor=1)  # whole years

    def _draw_scatter(self, fg: QColor) -> None:
        """One labelled mark per point (x, value); a series' fill is solid, pale or hollow."""
        spec = self.spec
        dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
        bg = QColor(spec_bg_color(self))
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        # The y scale: shares on 0-110 (room for the label of a mark at 100%); any other
        # measure (the HHI) on 0 to 1.1 x its highest mark.  The legend has a row of its
        # own above the plot.  Both scales start a little below 0, so that a mark at 0
        # (cobalt's China share, niobium's) is drawn whole, not cut in half by the axis.
        values = [p.value for s in spec.series for p in s.points if p.value is not None]
        span = 110.0 if spec.unit == "percent" else 1.1 * max(values, default=100.0) or 110.0
        self.scatter_labels: list[tuple[pg.TextItem, tuple[float, float, str]]] = []
        for s, style in zip(spec.series, spec.styles, strict=True):
            color = QColor(on_screen(style.color, dark))
            pale = QColor(color)
            pale.setAlpha(90)
            brush = {"pale": pg.mkBrush(pale), "hollow": pg.mkBrush(bg), "none": pg.mkBrush(bg)}
            item = pg.ScatterPlotItem(
                [float(p.x) for p in s.points],
                [p.value for p in s.points],
                symbol=style.marker,
                size=MARK_PX - 3,  # drawn 11 px across, its pen beyond
                pen=pg.mkPen(color, width=1.6),
                brush=brush.get(s.fill, pg.mkBrush(color)),
                name=html.escape(s.name),  # the legend reads HTML: "< 10%" must stay text
            )
            self.plot.addItem(item)
            self._add_to_legend(item, s.name)
            self.items.append(item)
            for p in s.points:
                label = pg.TextItem(p.label or str(p.x), color=fg, anchor=(0, 1))
                label.setFont(self.font())
                label.setPos(float(p.x), p.value)
                self.plot.addItem(label, ignoreBounds=True)  # Reset zoom fits the marks
                self.items.append(label)
                self.scatter_labels.append((label, (float(p.x), p.value, p.label or str(p.x))))
                self.hits.append((float(p.x), p.value, p.note or point_text(spec, s.name, p, {})))
        self.plot.setLabel("left", spec.y_label or axis_unit(spec.unit))
        self.plot.setLabel("bottom", spec.x_label)
        # Import reliance runs to 100%; the scale goes on to 112 so that a mark at 100% can
        # have its label on its right too (its ticks stop at 100).
        self.plot.getAxis("bottom").upper = 100.0
        self.plot.setXRange(-0.025 * 105, 112, padding=0)
        self.plot.setYRange(-0.04 * span, span, padding=0)
        self.plot_min = 330
        self._placed_at: tuple = ()
        # Labels set apart from their marks get a leader line (drawn under the marks).
        self.leaders = pg.PlotCurveItem(pen=pg.mkPen(QColor(fg.red(), fg.green(), fg.blue(), 110)))
        self.leaders.setZValue(-1)
        self.plot.addItem(self.leaders, ignoreBounds=True)
        view = self.plot.getViewBox()
        view.sigResized.connect(self.place_labels)
        view.sigRangeChanged.connect(self.place_labels)
        self.place_labels()

    def place_labels(self, *_args) -> None:
        """Put each mark's label where it prints over no other (analysis.supply.label_slots),
        from the labels' sizes as drawn and the plot's scale now: again when the chart is
        resized or zoomed.  Fixed guesses of a label's size in data units (a line 6.4
        units high where, at 1366x768, one is 9) let tin's label print over silver's and
        rhenium's over zinc's (found in the built app)."""
        from minref.analysis.supply import LEADER_LIFTS, label_slots

        labels = getattr(self, "scatter_labels", None)
        if not labels:
            return
        view = self.plot.getViewBox()
        (x0, x1), (y0, y1) = view.viewRange()
        w_px, h_px = view.width(), view.height()
        if w_px < 50 or h_px < 50:  # not laid out yet: a guess (a label 7 units of 120)
            per_x, per_y = 0.9 / 7.0, 7.0 * (y1 - y0) / 120 / 20.0
        else:
            per_x, per_y = (x1 - x0) / w_px, (y1 - y0) / h_px
        key = (round(per_x, 6), round(per_y, 6), x0, y0)
        if key == self._placed_at:
            return
        self._placed_at = key
        sizes = [label.textItem.boundingRect() for label, _mark in labels]
        # pyqtgraph's text box has a margin on every side: its own gap to the mark.
        widths = [r.width() * per_x for r in sizes]
        line_h = max(r.height() for r in sizes) * per_y
        marks = [mark for _label, mark in labels]
        mark = (MARK_PX * per_x, MARK_PX * per_y)
        slots = label_slots(
            marks,
            0.0,
            line_h,
            bottom=0.0,
            top=y1,
            widths=widths,
            x_max=x1,
            mark_size=mark,
            lifts=LEADER_LIFTS,
        )
        leaders_x: list[float] = []
        leaders_y: list[float] = []
        for (label, (x, y, _text)), (side, lift), w in zip(labels, slots, widths, strict=True):
            label.setAnchor((0 if side > 0 else 1, 1 + lift))
            if lift not in (0, -1):  # not beside its mark: a thin line says whose it is
                edge = y + lift * line_h if lift > 0 else y + (lift + 1) * line_h
                leaders_x += [x, x + side * min(w / 2, 3 * mark[0])]
                leaders_y += [y, edge]
        self.leaders.setData(leaders_x, leaders_y, connect="pairs")

    # ------------------------------------------------------------ interaction
    def plotted(self) -> list[tuple[str, list[float], list[float]]]:
        """(series name, x, y) exactly as handed to pyqtgraph (NaN for a gap)."""
        out = []
        for item in self.items:
            if isinstance(item, pg.PlotDataItem):
                x, y = item.getOriginalDataset()
                out.append((item.name(), list(x), list(y)))
        return out

    def reset(self) -> None:
        if self.graphics is not None:
            self.plot.enableAutoRange()
            self.plot.autoRange()
            self._from_zero()

    def _from_zero(self) -> None:
        """Amounts on a scale from zero (on a linear scale; a log scale has no zero)."""
        top = getattr(self, "_zero_top", None)
        if top is not None and not self.log_box.isChecked():
            self.plot.setYRange(0, top, padding=0)

    def set_log(self, on: bool) -> None:
        self.plot.setLogMode(x=False, y=on)
        if on:
            self.plot.enableAutoRange(y=True)
            self.plot.autoRange()
        else:
            self._from_zero()

    def hover_text(self, x: float, y: float) -> str | None:
        """The tooltip for a point of the view (data coordinates), or None if nothing near."""
        best, dist = None, math.inf
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        for hx, hy, text in self.hits:
            if self.spec.kind == "bars":
                d = abs(hy - y) / max(abs(y1 - y0), 1e-9)
                if abs(hy - y) > 0.45:
                    continue
            else:
                yy = 0 if math.isnan(hy) else hy
                if self.plot.ctrl.logYCheck.isChecked() and yy > 0:
                    yy = math.log10(yy)
                d = math.hypot(
                    (hx - x) / max(abs(x1 - x0), 1e-9), (yy - y) / max(abs(y1 - y0), 1e-9)
                )
                if d > 0.05:
                    continue
            if d < dist:
                best, dist = text, d
        return best

    def _hover(self, pos) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.plot.getViewBox().mapSceneToView(pos)
        text = self.hover_text(p.x(), p.y())
        if text:
            QToolTip.showText(
                self.graphics.mapToGlobal(self.graphics.mapFromScene(QPointF(pos))),
                text,
                self.graphics,
            )
        else:
            QToolTip.hideText()

    # ------------------------------------------------------------ export
    def export(self, path: str) -> str:
        """Write the chart as PNG (2x), SVG or CSV, by the file's extension (atomically)."""
        ext = path.rsplit(".", 1)[-1].lower()
        if ext == "csv":
            atomic_write_text(path, chart_csv(self.spec))
            return path
        if self.graphics is None:
            raise ValueError(self.spec.empty_reason or _("Nothing to export."))
        scene_item = self.graphics.ci
        if ext == "png":
            from pyqtgraph.exporters import ImageExporter

            exp = ImageExporter(scene_item)
            exp.parameters()["width"] = int(scene_item.boundingRect().width() * 2)
            img = exp.export(toBytes=True)
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice

            data = QByteArray()
            buf = QBuffer(data)
            buf.open(QIODevice.OpenModeFlag.WriteOnly)
            img.save(buf, "PNG")
            atomic_write_bytes(path, bytes(data))
            return path
        if ext == "svg":
            from pyqtgraph.exporters import SVGExporter

            svg = SVGExporter(scene_item).export(toBytes=True)
            atomic_write_bytes(path, bytes(svg))
            return path
        raise ValueError(_("Unknown export format .{ext}; use .png, .svg or .csv.").format(ext=ext))

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.grab().toImage())

    def _ask_export(self, ext: str) -> None:
        filters = {
            "png": self.tr("PNG image (*.png)"),
            "svg": self.tr("SVG drawing (*.svg)"),
            "csv": self.tr("CSV data (*.csv)"),
        }
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export chart"), f"{self.spec.chart}.{ext}", filters[ext]
        )
        if not path:
            return
        try:
            self.export(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))


def spec_bg_color(view: ChartView) -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base)
