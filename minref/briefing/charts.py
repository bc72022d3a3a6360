"""Charts on paper: the same ChartSpec as the screen, drawn as vectors with reportlab.graphics.

Black-and-white safe: series differ by dash pattern and marker as well as colour;
estimated bars are hatched and estimated points hollow; a value the source does not
state is written as its code ("W", "NA"), never drawn as zero.
"""

from __future__ import annotations

import logging
import math

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from minref.analysis.charts import ChartSpec
from minref.analysis.text import short_label
from minref.briefing.fonts import BOLD, REGULAR, register_fonts
from minref.catalog.models import format_number
from minref.i18n import _

logger = logging.getLogger(__name__)

TEXT = HexColor("#1b1d21")
GRID = HexColor("#d5d9e0")


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def _ticks(vmax: float, n: int = 5) -> list[float]:
    top = _nice_max(vmax)
    return [top * i / n for i in range(n + 1)]


def _short(v: float) -> str:
    """An axis tick in the reader's conventions: "1,600", "1 600", "2.5 bn", "2,5 Md"."""
    from minref.i18n import format_fixed

    if v >= 1e9:
        return _("{n} bn").format(n=format_number(float(f"{v / 1e9:g}")))
    if v >= 1e6:
        return _("{n} M").format(n=format_number(float(f"{v / 1e6:g}")))
    return format_fixed(v, 0) if v >= 10 else format_number(float(f"{v:g}"))


def _wrap(text: str, width_chars: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width_chars) or [""]


def drawing(spec: ChartSpec, width: float = 480, height: float = 260) -> Drawing:
    """A vector drawing of the chart with its title and source caption."""
    register_fonts()
    d = Drawing(width, height)
    d.add(String(0, height - 12, spec.title, fontName=BOLD, fontSize=10, fillColor=TEXT))
    caption = _wrap(spec.caption, int(width / 4.3))
    cap_h = 9 * len(caption) + 4
    for i, line in enumerate(caption):
        d.add(String(0, cap_h - 9 * (i + 1), line, fontName=REGULAR, fontSize=7, fillColor=TEXT))
    area = (0, cap_h + 6, width, height - 20 - cap_h - 6)
    if spec.is_empty:
        d.add(
            String(
                width / 2,
                area[1] + area[3] / 2,
                spec.empty_reason or _("No figures."),
                fontName=REGULAR,
                fontSize=9,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
        return d
    if spec.kind == "bars":
        d.add(_bars(spec, *area))
    elif spec.kind == "scatter":
        d.add(_scatter(spec, *area))
    else:
        d.add(_lines(spec, *area))
    return d


# The bars' names: at most this share of the chart's width, the bars the rest.
BAR_NAMES_SHARE = 0.45
BAR_NAME_SIZE = 7
BAR_NAME_MIN_SIZE = 5.5


def bar_name_lines(text: str, font: str, room: float, row: float) -> tuple[list[str], float]:
    """A bar's name as drawn in ``room`` points beside a bar ``row`` points high: whole,
    never cut ("13. République démocratique populaire lao" ran past the chart's left edge
    into the page margin: the names had 4.6 pt a character, at most 130 pt); on one line
    at 7 pt, else smaller down to 5.5 pt, else on two lines or more between words where
    the row is high enough, else on one line as small as it needs.  Returns the lines and
    the font size."""
    one = stringWidth(text, font, BAR_NAME_SIZE)
    if one <= room:
        return [text], BAR_NAME_SIZE
    size = BAR_NAME_SIZE * room / one
    if size >= BAR_NAME_MIN_SIZE:
        return [text], size
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(joined, font, BAR_NAME_MIN_SIZE) <= room:
            lines[-1] = joined
        else:
            lines.append(word)
    widest = max(stringWidth(t, font, BAR_NAME_MIN_SIZE) for t in lines)
    if len(lines) * BAR_NAME_MIN_SIZE * 1.1 <= row and widest <= room:
        return lines, BAR_NAME_MIN_SIZE
    return [text], BAR_NAME_SIZE * room / one


def _bars(spec: ChartSpec, x: float, y: float, w: float, h: float) -> Group:
    g = Group()
    s = spec.series[0]
    n = len(s.points)
    axis_h = 16
    row = (h - axis_h) / max(n, 1)

    def font(p) -> str:
        return BOLD if str(p.x) in spec.highlight else REGULAR

    # The names' column as wide as the widest name needs, measured in its font.
    need = max(stringWidth(str(p.x), font(p), BAR_NAME_SIZE) for p in s.points)
    label_w = min(need + 8, BAR_NAMES_SHARE * w)
    plot_x, plot_w = x + label_w, w - label_w - 40
    vmax = max((p.value for p in s.points if p.value is not None), default=1)
    ticks = _ticks(vmax)
    scale = plot_w / ticks[-1]
    for t in ticks:
        tx = plot_x + t * scale
        g.add(Line(tx, y + axis_h, tx, y + h, strokeColor=GRID, strokeWidth=0.4))
        g.add(
            String(
                tx,
                y + axis_h - 9,
                _short(t),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
    g.add(
        String(
            plot_x + plot_w / 2,
            y,
            spec.x_label or spec.unit,
            fontName=REGULAR,
            fontSize=7,
            fillColor=TEXT,
            textAnchor="middle",
        )
    )
    for i, p in enumerate(s.points):
        top = y + h - row * (i + 1)
        cy = top + row * 0.15
        bh = row * 0.7
        label = str(p.x)
        hl = label in spec.highlight
        color = HexColor(spec.bar_color(label))
        # Clear of the highlighted bar's dot ("10. Mexique•" read as one word).
        end = plot_x - (7 if hl else 4)
        lines, size = bar_name_lines(label, font(p), end - x, row)
        lead = size * 1.1
        for k, line in enumerate(lines):
            g.add(
                String(
                    end,
                    cy + bh / 2 - size * 0.36 + lead * ((len(lines) - 1) / 2 - k),
                    line,
                    fontName=font(p),
                    fontSize=size,
                    fillColor=TEXT,
                    textAnchor="end",
                )
            )
        if p.value is None:
            g.add(
                String(
                    plot_x + 3,
                    cy + bh / 2 - 2.5,
                    p.raw or "—",
                    fontName=REGULAR,
                    fontSize=7,
                    fillColor=TEXT,
                )
            )
            continue
        bw = max(p.value * scale, 0.5)
        if p.estimated:
            g.add(Rect(plot_x, cy, bw, bh, fillColor=white, strokeColor=color, strokeWidth=0.8))
            # Diagonal hatching, clipped to the bar by hand: one path of separate strokes
            # (one shape to draw, not one per stroke: a pack has thousands).
            hatch = Path(fillColor=None, strokeColor=color, strokeWidth=0.5)
            step = 3.0
            k = 0.0
            while k < bw + bh:
                hatch.moveTo(plot_x + max(0.0, k - bh), cy + min(bh, k))
                hatch.lineTo(plot_x + min(bw, k), cy + max(0.0, k - bw))
                k += step
            g.add(hatch)
        else:
            g.add(Rect(plot_x, cy, bw, bh, fillColor=color, strokeColor=color, strokeWidth=0.5))
        if hl:
            # Grey print turns vermillion and blue into the same grey: the highlighted bar is
            # also framed in black and marked with a dot, not told apart by colour alone.
            g.add(Rect(plot_x, cy, bw, bh, fillColor=None, strokeColor=TEXT, strokeWidth=1.3))
            g.add(Circle(plot_x - 1.5, cy + bh / 2, 1.3, fillColor=TEXT, strokeColor=None))
        g.add(
            String(
                plot_x + bw + 3,
                cy + bh / 2 - 2.5,
                format_number(p.value),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=TEXT,
            )
        )
    return g


def _y_grid(g: Group, ticks, plot_x: float, plot_y: float, plot_w: float, sy: float) -> None:
    """Horizontal grid lines with their value labels at the left, for line and scatter charts."""
    for t in ticks:
        ty = plot_y + t * sy
        g.add(Line(plot_x, ty, plot_x + plot_w, ty, strokeColor=GRID, strokeWidth=0.4))
        g.add(
            String(
                plot_x - 3,
                ty - 2.5,
                _short(t),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=TEXT,
                textAnchor="end",
            )
        )


def _marker(name: str, x: float, y: float, color, hollow: bool):
    """The marker a series' style names (pyqtgraph's names), drawn in vectors."""
    fill = white if hollow else color
    r = 2.4
    kw = {"fillColor": fill, "strokeColor": color, "strokeWidth": 0.8}
    if name == "o":
        return Circle(x, y, r, **kw)
    if name == "s":
        return Rect(x - r, y - r, 2 * r, 2 * r, **kw)
    if name == "t":  # pyqtgraph's "t" points down
        return Polygon([x - r, y + r, x + r, y + r, x, y - r], **kw)
    if name == "d":
        return Polygon([x, y - r, x + r, y, x, y + r, x - r, y], **kw)
    if name in ("+", "x"):
        g = Group()
        arms = [(-r, 0, r, 0), (0, -r, 0, r)] if name == "+" else [(-r, -r, r, r), (-r, r, r, -r)]
        for x1, y1, x2, y2 in arms:
            g.add(Line(x + x1, y + y1, x + x2, y + y2, strokeColor=color, strokeWidth=1.1))
        return g
    n, radius = (5, r * 1.2) if name == "star" else (6, r)
    points = []
    for k in range(2 * n if name == "star" else n):
        rr = radius if name != "star" or k % 2 == 0 else radius * 0.45
        a = math.pi / 2 + k * math.pi / (n if name == "star" else n / 2)
        points += [x + rr * math.cos(a), y + rr * math.sin(a)]
    return Polygon(points, **kw)


def _scatter(spec: ChartSpec, x: float, y: float, w: float, h: float) -> Group:
    """One labelled mark per point (x, value); a series' fill is solid, pale or hollow, so
    the marks stay apart in grey print as well as by colour and marker."""
    g = Group()
    left, axis_h, legend_h = 40, 22, 11 * math.ceil(len(spec.series) / 2)
    plot_x, plot_w = x + left, w - left - 40
    plot_y, plot_h = y + axis_h, h - axis_h - legend_h - 14
    xs = [float(p.x) for s in spec.series for p in s.points] + [100.0]
    ys = [p.value for s in spec.series for p in s.points if p.value is not None]
    if spec.unit == "percent":
        ys.append(100.0)
    xt, yt = _ticks(max(xs)), _ticks(max(ys) if ys else 1)
    sx, sy = plot_w / xt[-1], plot_h / yt[-1]
    for t in xt:
        tx = plot_x + t * sx
        g.add(Line(tx, plot_y, tx, plot_y + plot_h, strokeColor=GRID, strokeWidth=0.4))
        g.add(
            String(
                tx,
                plot_y - 9,
                _short(t),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
    _y_grid(g, yt, plot_x, plot_y, plot_w, sy)
    g.add(
        String(
            plot_x + plot_w / 2,
            y + 2,
            spec.x_label or spec.unit,
            fontName=REGULAR,
            fontSize=7,
            fillColor=TEXT,
            textAnchor="middle",
        )
    )
    g.add(
        String(
            x,
            plot_y + plot_h + 5,
            spec.y_label or spec.unit,
            fontName=REGULAR,
            fontSize=6.5,
            fillColor=TEXT,
        )
    )
    from minref.analysis.supply import label_slots

    marks = [
        (float(p.x), p.value, (p.label or str(p.x))[:22])
        for s in spec.series
        for p in s.points
        if p.value is not None
    ]
    # Sizes in data units: 5.5 pt characters about 3 pt wide, 6.5 pt lines.
    slots = dict(zip(marks, label_slots(marks, 3.0 / sx, 6.5 / sy, 0.85 * xt[-1]), strict=True))
    for i, (s, style) in enumerate(zip(spec.series, spec.styles, strict=True)):
        color = HexColor(style.color)

        def mark(px, py, s=s, style=style, color=color):
            m = _marker(style.marker, px, py, color, s.fill in ("hollow", "none"))
            if s.fill == "pale" and hasattr(m, "fillColor"):
                m.fillColor = _tint(style.color)
            return m

        for p in s.points:
            if p.value is None:
                continue
            px, py = plot_x + float(p.x) * sx, plot_y + p.value * sy
            g.add(mark(px, py))
            text = (p.label or str(p.x))[:22]
            side, lift = slots[(float(p.x), p.value, text)]
            g.add(
                String(
                    px + 3.5 * side,
                    py + 1.5 + lift * 6.5,
                    text,
                    fontName=REGULAR,
                    fontSize=5.5,
                    fillColor=TEXT,
                    textAnchor="start" if side > 0 else "end",
                )
            )
        lx = x + (i % 2) * (w / 2)
        ly = y + h - 9 - 11 * (i // 2)
        g.add(mark(lx + 5, ly + 2.5))
        g.add(String(lx + 12, ly, s.name[:60], fontName=REGULAR, fontSize=6.5, fillColor=TEXT))
    return g


def _tint(hex_color: str, amount: float = 0.65):
    """A colour mixed with white: the pale fill, which prints as a light grey."""
    c = HexColor(hex_color)
    return type(c)(
        c.red + (1 - c.red) * amount,
        c.green + (1 - c.green) * amount,
        c.blue + (1 - c.blue) * amount,
    )


def _lines(spec: ChartSpec, x: float, y: float, w: float, h: float) -> Group:
    g = Group()
    left, axis_h, legend_h = 46, 16, 12 * math.ceil(len(spec.series) / 3)
    plot_x, plot_w = x + left, w - left - 8
    plot_y, plot_h = y + axis_h, h - axis_h - legend_h - 16
    xs = [float(p.x) for s in spec.series for p in s.points]
    vals = [
        p.value if p.value is not None else p.bound
        for s in spec.series
        for p in s.points
        if p.value is not None or p.bound is not None
    ]
    if spec.unit == "percent":
        vals.append(100.0)  # shares on a full 0-100 scale
    x0, x1 = min(xs), max(xs)
    x1 = x1 if x1 > x0 else x0 + 1
    ticks = _ticks(max(vals) if vals else 1)
    sx = plot_w / (x1 - x0)
    sy = plot_h / ticks[-1]
    _y_grid(g, ticks, plot_x, plot_y, plot_w, sy)
    step = max(1, round((x1 - x0) / 10))
    year = math.ceil(x0)
    while year <= x1:
        tx = plot_x + (year - x0) * sx
        g.add(
            String(
                tx,
                plot_y - 9,
                str(year),
                fontName=REGULAR,
                fontSize=6.5,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
        year += step
    g.add(
        String(
            x,
            plot_y + plot_h + 5,
            spec.y_label or spec.unit,
            fontName=REGULAR,
            fontSize=6.5,
            fillColor=TEXT,
        )
    )
    for i, (s, style) in enumerate(zip(spec.series, spec.styles, strict=True)):
        color = HexColor(style.color)
        dash = style.dash
        run: list[float] = []

        def flush(run=run, color=color, style=style, dash=dash):
            if len(run) >= 4:
                g.add(
                    PolyLine(
                        list(run),
                        strokeColor=color,
                        strokeWidth=1.6 if style.emphasis else 1.0,
                        strokeDashArray=list(dash) if dash else None,
                    )
                )
            run.clear()

        for p in s.points:
            if p.value is None:  # a gap, never a zero
                flush()
                continue
            run.extend([plot_x + (float(p.x) - x0) * sx, plot_y + p.value * sy])
        flush()
        for p in s.points:
            if p.value is None and p.bound is not None:  # ">95": at the bound, labelled
                px, py = plot_x + (float(p.x) - x0) * sx, plot_y + p.bound * sy
                g.add(_marker("t", px, py, color, True))
                g.add(
                    String(
                        px,
                        py + 4,
                        p.raw,
                        fontName=REGULAR,
                        fontSize=6,
                        fillColor=color,
                        textAnchor="middle",
                    )
                )
        if len(s.points) <= 40:
            for p in s.points:
                if p.value is not None:
                    g.add(
                        _marker(
                            style.marker,
                            plot_x + (float(p.x) - x0) * sx,
                            plot_y + p.value * sy,
                            color,
                            p.estimated,
                        )
                    )
        lx = x + (i % 3) * (w / 3)
        ly = y + h - 9 - 12 * (i // 3)
        g.add(
            Line(
                lx,
                ly + 2.5,
                lx + 14,
                ly + 2.5,
                strokeColor=color,
                strokeWidth=1.2,
                strokeDashArray=list(dash) if dash else None,
            )
        )
        g.add(_marker(style.marker, lx + 7, ly + 2.5, color, False))
        room = int((w / 3 - 22) / 3.4)  # characters of 6.5-point text in a third of the width
        name = short_label(s.name, room)
        g.add(String(lx + 18, ly, name, fontName=REGULAR, fontSize=6.5, fillColor=TEXT))
    return g
