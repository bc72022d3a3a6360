"""Light and dark themes: a Fusion palette and a small style sheet; follows the system."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from minref.records import record

logger = logging.getLogger(__name__)

SYSTEM, LIGHT, DARK = "system", "light", "dark"


@record
class Colors:
    """The colours of one theme (light or dark)."""

    window: str
    panel: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    highlight_row: str
    badge: str
    badge_text: str
    alt_row: str


LIGHT_COLORS = Colors(
    "#f4f5f7",
    "#ffffff",
    "#1b1d21",
    "#5b6270",
    "#1f5f99",
    "#ffffff",
    "#d5d9e0",
    "#fff1c2",
    "#e3ecf6",
    "#143e66",
    "#f7f8fa",
)
DARK_COLORS = Colors(
    "#1c1e22",
    "#26292e",
    "#e6e8eb",
    "#a3a9b4",
    "#6fa8dc",
    "#0d1b2a",
    "#3a3f47",
    "#4a3f1a",
    "#23374d",
    "#cfe3f7",
    "#2b2e34",
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt before 6.5
        return False


def resolve(mode: str) -> str:
    """light or dark, for a mode that may be 'system'."""
    if mode == SYSTEM:
        return DARK if system_is_dark() else LIGHT
    return mode if mode in (LIGHT, DARK) else LIGHT


def colors(mode: str) -> Colors:
    return DARK_COLORS if resolve(mode) == DARK else LIGHT_COLORS


def palette(c: Colors) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, v in [
        (role.Window, c.window),
        (role.Base, c.panel),
        (role.AlternateBase, c.alt_row),
        (role.Text, c.text),
        (role.WindowText, c.text),
        (role.ButtonText, c.text),
        (role.Button, c.panel),
        (role.ToolTipBase, c.panel),
        (role.ToolTipText, c.text),
        (role.Highlight, c.accent),
        (role.HighlightedText, c.accent_text),
        (role.PlaceholderText, c.muted),
        (role.Link, c.accent),
        (role.Mid, c.border),
        (role.Midlight, c.badge),
        (role.LinkVisited, c.badge_text),
        (role.BrightText, c.highlight_row),
    ]:
        p.setColor(r, QColor(v))
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(c.muted))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(c.muted))
    return p


# One style sheet for both themes: its colours come from the palette, so switching theme
# only swaps the palette (about 30 ms) instead of re-polishing every widget (2 s).
STYLE_SHEET = """
QWidget#page, QScrollArea#pageScroll, QWidget#pageBody { background: palette(window); }
QLabel#pageTitle { font-size: 20pt; font-weight: 600; }
QLabel#pageSubtitle, QLabel#muted { color: palette(placeholder-text); }
QLabel#sectionTitle { font-size: 12.5pt; font-weight: 600; margin-top: 10px; }
QLabel#sourceLine { color: palette(placeholder-text); font-size: 8.5pt; }
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }
QLabel#cardValue { font-size: 15pt; font-weight: 600; }
QLabel#cardLabel, QLabel#cardDetail { color: palette(placeholder-text); font-size: 8.5pt; }
QLabel#badge { background: palette(midlight); color: palette(link-visited); border-radius: 9px;
               padding: 2px 8px; font-size: 8.5pt; font-weight: 600; }
QListWidget#nav { background: palette(base); border: none; border-right: 1px solid palette(mid);
                  font-size: 10.5pt; }
QListWidget#nav::item { padding: 7px 12px; }
QListWidget#nav::item:selected { background: palette(midlight); color: palette(link-visited); }
QTableView { background: palette(base); border: 1px solid palette(mid);
             gridline-color: palette(mid); }
QHeaderView::section { background: palette(window); color: palette(placeholder-text);
                       border: none; border-bottom: 1px solid palette(mid); padding: 4px 6px;
                       font-weight: 600; }
QLineEdit#search { padding: 5px 8px; border: 1px solid palette(mid); border-radius: 5px;
                   background: palette(base); font-size: 10.5pt; }
QLineEdit#search:focus { border: 1px solid palette(highlight); }
QListView#searchResults { background: palette(base); border: 1px solid palette(highlight);
                          font-size: 10pt; }
QToolTip { background: palette(base); color: palette(text); border: 1px solid palette(mid);
           padding: 4px; }
QPushButton[elementStrip="true"] { min-width: 30px; max-width: 44px; padding: 4px 2px;
                      border: 1px solid palette(mid); border-radius: 4px;
                      background: palette(base); font-weight: 600; }
QPushButton[elementStrip="true"]:checked { background: palette(highlight);
                                           color: palette(highlighted-text); }
"""


# The Qt style under the style sheet, and the application property that says it is set
# (minref.ui.app.make_app starts Qt with it, so that nothing asks Qt for its QStyle).
STYLE = "Fusion"
STYLE_PROPERTY = "minrefStyle"


def apply(app: QApplication, mode: str) -> str:
    """Apply a theme mode (system, light, dark); returns the resolved light/dark.

    Only the palette changes; the style sheet is set once.  Qt resolves ``palette(...)``
    in a style sheet when it polishes a widget, so a window must re-polish its widgets
    after a palette change (:func:`repolish`; the main window does it for what is on
    screen, and for each page when it is next shown): re-setting the style sheet would
    re-polish every widget of every page at once (0.6 s with every page open)."""
    if app.property(STYLE_PROPERTY) != STYLE:
        app.setStyle(STYLE)
        app.setProperty(STYLE_PROPERTY, STYLE)
    app.setPalette(palette(colors(mode)))
    if app.styleSheet() != STYLE_SHEET:
        app.setStyleSheet(STYLE_SHEET)
    return resolve(mode)


def repolish(widgets) -> int:
    """Polish widgets again so that their style sheet colours follow the palette now in
    use (titles, tables, cards, badges, the navigation); returns how many."""
    n = 0
    for w in widgets:
        style = w.style()
        style.unpolish(w)
        style.polish(w)
        w.update()
        n += 1
    return n


def is_dark() -> bool:
    """Whether the palette in use now has a dark background (read at paint time)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def row_highlight() -> QColor:
    """The background of highlighted rows (Mexico) in the current theme."""
    return QGuiApplication.palette().color(QPalette.ColorRole.BrightText)
