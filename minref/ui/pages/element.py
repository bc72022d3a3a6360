"""Rare earth element pages, with a periodic strip to move between the 17 elements."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from minref.analysis.profile import latest_nir_line, nir_card_detail, world_rows
from minref.analysis.text import (
    corrected_legend,
    figure_text,
    figure_with_unit,
    line_label_text,
    no_share_mark,
    no_share_note,
    pct,
    percent_text,
    share_text,
    unit_label,
    world_rows_corrected_line,
)
from minref.analysis.text import element_term as term
from minref.catalog.queries import MEXICO
from minref.i18n import (
    LANGUAGE_NAMES,
    _,
    clauses,
    current_language,
    format_decimal,
    ngettext,
)
from minref.ui.pages.commodity import place_label
from minref.ui.tables import (
    Column,
    RecordTableModel,
    RecordTableView,
    figure_tooltip,
)
from minref.ui.widgets import Card, Page, SideBySide, badge, row

logger = logging.getLogger(__name__)


def element_name(e) -> str:
    """The element's name in the reader's language (the catalog holds EN, ES and FR)."""
    lang = current_language()
    return (getattr(e, f"name_{lang}", "") if lang in ("es", "fr") else "") or e.name_en


class _TableBeside(SideBySide):
    """The overview's two parts.  The left one is as wide as its title on one line where
    the window has room for that beside the right part (1920x1080 in English), else as
    wide as its table, its title and notes wrapped to it (in Spanish and French): as wide
    as its title always, the parts no longer fitted side by side there."""

    table = None
    heading = None
    _shown_left: int | None = None  # the left part's width the parts were arranged for

    def __init__(self, left: QWidget, right: QWidget, table, heading, min_right: int):
        super().__init__(left, None, min_right=min_right)
        self.table, self.heading = table, heading
        self.set_right(right)

    def _heading_width(self) -> int:
        """The section title's width on one line, as the style sheet draws it."""
        h = self.heading
        if h is None:
            return 0
        h.ensurePolished()
        h.setWordWrap(False)
        try:
            return h.sizeHint().width()
        finally:
            h.setWordWrap(True)

    def left_width(self) -> int:
        table = self.table
        if table is None or table.maximumWidth() >= 10_000:
            return super().left_width()
        narrow = table.maximumWidth()
        wide = max(narrow, self._heading_width())
        slack = 0 if self.wide else 24
        if self.available() >= wide + self.SPACING + self.min_right + slack:
            return wide
        return narrow

    def _arrange(self, force: bool = False) -> None:
        # Arranged again when the left part's width changes with the window's while the
        # parts stay side by side (1840 to 1920 px in French: the title now fits on one line).
        if self.table is not None and self.right is not None:
            force = force or self.left_width() != self._shown_left
        super()._arrange(force)
        if self.table is not None and self.right is not None:
            self._shown_left = self.left_width()


class ElementPage(Page):
    kind = "element"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.facts = None

    def title(self) -> str:
        if self.facts:
            return _("{element} ({symbol})").format(
                element=element_name(self.facts), symbol=self.facts.symbol
            )
        return self.tr("Rare earth elements")

    def show_key(self, arg: str) -> None:
        elements = self.catalog.rare_earth_elements()
        if not arg:
            self.show_overview(elements)
            return
        e = self.catalog.rare_earth_element(arg)
        self.key, self.facts = e.symbol, e
        self.clear()
        here = current_language() if current_language() in LANGUAGE_NAMES else "en"
        own = {"en": e.name_en, "es": e.name_es, "fr": e.name_fr}
        parts = [
            _("{language}: {name}").format(language=LANGUAGE_NAMES[lang], name=name)
            for lang, name in own.items()
            if lang != here and name
        ]
        parts.append(_("atomic number {z}").format(z=e.atomic_number))
        self.add_title(
            _("{element} ({symbol})").format(element=element_name(e), symbol=e.symbol),
            " · ".join(parts),
        )
        self._strip(elements, e.symbol)
        self._element_body(e)

    def _strip(self, elements, current: str) -> None:
        """The 17 elements as buttons; the current one is checked (none on the overview)."""
        strip = QHBoxLayout()
        strip.setSpacing(3)
        group = QButtonGroup(self)
        self.strip_buttons = {}
        # One stop in the Tab chain (the current element, else the first); the arrow keys
        # move along the strip and Enter or Space opens the element.
        stop = current if current in {el.symbol for el in elements} else elements[0].symbol
        for el in elements:
            b = QPushButton(el.symbol)
            b.setObjectName(f"element-{el.symbol}")
            b.setProperty("elementStrip", True)
            b.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if el.symbol == stop else Qt.FocusPolicy.ClickFocus
            )
            b.installEventFilter(self)
            b.setCheckable(True)
            b.setChecked(el.symbol == current)
            b.setToolTip(
                _("{element} · Z={z} · {usgs_class}").format(
                    element=element_name(el), z=el.atomic_number, usgs_class=term(el.class_usgs)
                )
            )
            b.setAccessibleName(element_name(el))
            b.clicked.connect(lambda _=False, s=el.symbol: self.open_requested.emit(f"element:{s}"))
            group.addButton(b)
            strip.addWidget(b)
            self.strip_buttons[el.symbol] = b
        strip.addStretch(1)
        self.layout_.addLayout(strip)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        """Left and Right (Home, End) move along the element strip."""
        if event.type() == QEvent.Type.KeyPress and obj.property("elementStrip"):
            buttons = list(getattr(self, "strip_buttons", {}).values())
            if obj in buttons:
                i = buttons.index(obj)
                step = {
                    Qt.Key.Key_Left: i - 1,
                    Qt.Key.Key_Right: i + 1,
                    Qt.Key.Key_Home: 0,
                    Qt.Key.Key_End: len(buttons) - 1,
                }.get(Qt.Key(event.key()))
                if step is not None:
                    buttons[max(0, min(step, len(buttons) - 1))].setFocus(
                        Qt.FocusReason.TabFocusReason
                    )
                    return True
        return super().eventFilter(obj, event)

    def _element_body(self, e) -> None:
        overview = QLabel(self.tr('<a href="element:">Overview of the 17 elements</a>'))
        overview.setObjectName("muted")
        overview.linkActivated.connect(self.open_requested.emit)
        overview.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        overview.setAccessibleName(self.tr("Overview of the 17 rare earth elements"))
        self.layout_.addWidget(overview)
        badges = [
            badge(
                m.list_id,
                _("{list} ({year}, {status})").format(
                    list=m.list_name, year=m.list_year, status=m.status
                ),
            )
            for m in e.critical_lists
            if "draft" not in m.status.lower()
        ]
        brief = self.add_brief_button(self.tr("Rare earths briefing (PDF)…"), "rare-earths")
        self.layout_.addLayout(row(*badges, brief, spacing=6))
        self.add_section(self.tr("Facts"))
        form = QFormLayout()
        weight = format_decimal(e.atomic_weight) if e.atomic_weight is not None else _("not held")
        abundance = (
            _("{amount} mg/kg").format(amount=format_decimal(e.crust_abundance_mg_per_kg))
            if e.crust_abundance_mg_per_kg is not None
            else _("not held")
        )
        for label, value in [
            (_("Atomic number:"), str(e.atomic_number)),
            (_("Atomic weight:"), weight),
            (_("Crustal abundance:"), abundance),
            (_("Group:"), term(e.element_group)),
            (_("Class (USGS convention: La–Gd light):"), term(e.class_usgs)),
            (_("Class (EU CRM convention: La, Ce, Pr, Nd, Sm light):"), term(e.class_eu)),
            (_("On the U.S. 2022 critical list:"), term(e.on_us_2022_list)),
            (_("EU magnet rare earth:"), term(e.eu_magnet_ree)),
        ]:
            v = QLabel(value)
            v.setAccessibleName(f"{label} {value}")
            # Labels on one line: a wrapped label in a form row is cut (Qt gives the row
            # the height of one line); the longest French label fits at 1366 px.
            form.addRow(label, v)
        self.layout_.addLayout(form)
        if e.note:
            self.add_text(term(e.note))
        self.add_source_line([e.source])

        self.add_section(self.tr("What the catalog holds on it"))
        held = e.catalog_holdings
        lines = []
        if held.get("world_production"):
            n = held["world_production"]
            lines.append(
                ngettext(
                    "{n} world production or reserve figure",
                    "{n} world production or reserve figures",
                    n,
                ).format(n=format_decimal(n))
            )
        if held.get("us_salient"):
            n = held["us_salient"]
            lines.append(
                ngettext(
                    "{n} U.S. salient statistic (MCS element lines)",
                    "{n} U.S. salient statistics (MCS element lines)",
                    n,
                ).format(n=format_decimal(n))
            )
        if held.get("end_uses"):
            lines.append(_("its end uses (MCS table T4)"))
        cid = e.name_en.lower()
        if lines:
            self.add_text(
                _(
                    '{holdings}. <a href="commodity:{id}">Open the {element} commodity page</a>.'
                ).format(holdings=clauses(lines), id=cid, element=element_name(e)),
                rich=True,
            )
        else:
            self.add_text(
                _(
                    "USGS reports rare-earth production and trade for the group, not "
                    "element by element."
                )
            )
        self.add_text(
            _(
                "Production, reserves and U.S. trade of the group: "
                '<a href="commodity:rare-earths">{group}</a>. Trade lines: HS 2805.30 '
                "(rare-earth metals), 2846.10 (cerium compounds), 2846.90 (other "
                "rare-earth compounds), 8505.11 (permanent magnets)."
            ).format(group=self.catalog.commodity_name("rare-earths")),
            rich=True,
        )
        self.layout_.addStretch(1)

    # ------------------------------------------------------------------ the overview
    def show_overview(self, elements) -> None:
        """``element:`` — the 17 elements at a glance: who produces the group, China's
        share, Mexico's position, what USGS reports element by element, links to each."""
        cat = self.catalog
        self.key, self.facts = "", None
        self.clear()
        self.add_title(
            self.tr("Rare earth elements"),
            self.tr(
                "The 17 rare earth elements: the 15 lanthanides, scandium and yttrium. "
                "USGS reports mine production and reserves for the group (as rare-earth "
                "oxide equivalent) and separately for scandium and yttrium only."
            ),
        )
        self._strip(elements, "")
        brief = self.add_brief_button(self.tr("Rare earths briefing (PDF)…"), "rare-earths")
        group_link = QLabel(
            self.tr('<a href="commodity:rare-earths">Open the rare earths commodity page</a>')
        )
        group_link.setObjectName("muted")
        group_link.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        group_link.setAccessibleName(self.tr("Open the rare earths commodity page"))
        group_link.linkActivated.connect(self.open_requested.emit)
        self.layout_.addLayout(row(brief, group_link, spacing=12))

        wp = cat.world_production("rare-earths")
        self.world = wp
        self._overview_cards(wp)
        # Who produces on the left; what USGS reports by group and the 17 elements on the
        # right when the window is wide (1920x1080), all three one under another when not.
        left = self._part(lambda: self._producers(wp))
        right = self._part(lambda: (self._by_group(), self._element_table(elements)))
        # The tables' full widths (fit_height sets each as its maximum), not the parts' size
        # hints: a narrower part would cut a table (its rows under a horizontal scroll bar)
        # once longer Spanish or French headers widen it.
        need = right.sizeHint().width()
        for view in (getattr(self, "group_view", None), getattr(self, "elements_view", None)):
            if view is not None and view.maximumWidth() < 10_000:
                need = max(need, view.maximumWidth())
        self.split = _TableBeside(
            left,
            right,
            getattr(self, "producers_view", None),
            getattr(self, "producers_heading", None),
            need,
        )
        self.layout_.addWidget(self.split)
        self.layout_.addStretch(1)

    def _part(self, build) -> QWidget:
        """What ``build`` adds to the page, gathered in one widget instead."""
        part = QWidget()
        lay = QVBoxLayout(part)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        page_layout, self.layout_ = self.layout_, lay
        try:
            build()
        finally:
            self.layout_ = page_layout
        lay.addStretch(1)
        return part

    def _overview_cards(self, wp) -> None:
        cat = self.catalog
        china = wp.row_for("CHN")
        mexico = wp.row_for(MEXICO)
        leader = wp.leader()
        cards = []
        if china is not None:
            cards.append(
                Card(
                    self.tr("China's share of world mine production"),
                    pct(china.share_pct),
                    self.tr("{figure} of a world total of {total} · {year}").format(
                        figure=figure_with_unit(china.figure, wp.unit),
                        total=figure_with_unit(wp.world_total, wp.unit),
                        year=wp.year,
                    ),
                    figure_tooltip(china.figure, wp.source),
                )
            )
        if leader is not None and leader.country_iso3 != "CHN":
            cards.append(
                Card(
                    self.tr("Leading producer"),
                    leader.country_name,
                    pct(leader.share_pct),
                    figure_tooltip(leader.figure, wp.source),
                )
            )
        if mexico is not None:
            cards.append(
                Card(
                    self.tr("Mexico's position"),
                    f"#{mexico.rank}" if mexico.rank else figure_text(mexico.figure),
                    self.tr("{share} of world mine production · {year}").format(
                        share=pct(mexico.share_pct), year=wp.year
                    ),
                    figure_tooltip(mexico.figure, wp.source),
                )
            )
        else:
            listed = [
                e
                for e in cat.world_production("rare-earths").available_editions
                if cat.world_production("rare-earths", edition=e).row_for(MEXICO) is not None
            ]
            cards.append(
                Card(
                    self.tr("Mexico's position"),
                    self.tr("not listed"),
                    self.tr(
                        "USGS lists no rare-earth mine production for Mexico in MCS {e}."
                    ).format(e=wp.edition)
                    + (
                        " "
                        + self.tr("Listed in: {editions}.").format(
                            editions=", ".join(f"MCS {x}" for x in listed)
                        )
                        if listed
                        else ""
                    ),
                )
            )
        salient = cat.us_salient("rare-earths")
        # The headline line, as the commodity page has it (USGS gives compounds and metals
        # and mineral concentrates; the first latest-year row was taken before), and what
        # it covers: a bare "67%" was quoted for all rare earths.
        head = latest_nir_line(salient, wp.type)
        if head is not None:
            latest = head.figure
            cards.append(
                Card(
                    self.tr("U.S. net import reliance"),
                    percent_text(latest),
                    # with its flags, as on the page
                    nir_card_detail(salient, wp.type, cat.commodity_profile("rare-earths").name_en),
                    figure_tooltip(latest, cat.source(latest.source_id)),
                )
            )
        lay = QHBoxLayout()
        lay.setSpacing(10)
        for c in cards:
            lay.addWidget(c)
        self.layout_.addLayout(lay)

    def _producers(self, wp) -> None:
        cat = self.catalog
        heading = self.add_section(
            self.tr("Who produces rare earths (mine production, MCS {edition}, {year})").format(
                edition=wp.edition, year=wp.year
            )
        )
        # As wide as the table beneath, on two lines if need be, when the part stands beside
        # another: its one line ("Qui produit les terres rares (production minière, MCS
        # 2026, 2025)") made the part wider than its table and the two parts no longer fit
        # side by side at 1920x1080 in Spanish and French.
        heading.setWordWrap(True)
        heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.producers_heading = heading
        if not wp.rows:
            self.add_text(self.tr("No world production figures held for rare earths."))
            return
        res = cat.world_production("rare-earths", measure="reserves")
        # The same USGS table as the rare-earths commodity page: rows matched by place (so
        # "Other countries" keeps its reserves code, NA), reserve-only countries and the
        # world total with its flags.
        rows = world_rows(wp, None, res)
        cols = [
            Column(
                self.tr("Rank"),
                lambda x: x.rank or "",
                True,
                self.tr("Rank among listed countries"),
            ),
            Column(self.tr("Country"), lambda x: place_label(x.name)),
            Column(f"{wp.year}", lambda x: x.current, True, line_label_text(wp.type)),
            Column(
                self.tr("Share of world"),
                lambda x: share_text(x.share, x.current, x.kind),
                True,
            ),
            Column(self.tr("Reserves"), lambda x: x.reserves, True, line_label_text(res.type)),
        ]
        model = RecordTableModel(cols, rows, cat.sources, lambda x: x.iso3 == MEXICO)
        view = RecordTableView(model, f"ree-producers-{wp.edition}")
        view.setAccessibleName(self.tr("Rare-earth mine production by country"))
        view.fit_height()
        self.producers_view = view
        self.layout_.addWidget(view)
        self.add_source_line(
            [wp.source],
            self._producers_basis(wp, res)
            + (
                " " + no_share_note()
                if any(share_text(x.share, x.current, x.kind) == no_share_mark() for x in rows)
                else ""
            ),
        )
        # The corrected figures' old values, as the rare-earths page and brief say them.
        corrected = world_rows_corrected_line(rows)
        if corrected:  # the cells' mark explained first, then what each was
            self.add_text(corrected_legend() + " " + corrected, "sourceLine")

    def _producers_basis(self, wp, res) -> str:
        """What the producers table's figures are: the production line, its unit, the
        oxide basis, and the reserves line when it says more than the column's title.

        Each part once: USGS's own label may already name the oxide basis or the unit
        (MCS 2022-2025), and its reserves line is the plain "Reserves" (MCS 2026, which the
        column's title says already) or the production label repeated (MCS 2023-2025); "Reserves:
        Reserves." was read in every language."""
        kind = (wp.type or "").lower()  # USGS's English label, before translation
        says_oxide = "oxide" in kind
        says_unit = bool(wp.unit) and wp.unit.lower() in kind
        line = line_label_text(wp.type)
        if says_oxide and says_unit or not wp.unit:
            text = f"{line}."
        elif says_oxide:
            text = self.tr("{type}; {unit}.").format(type=line, unit=unit_label(wp.unit))
        else:
            text = self.tr("{type}; {unit}, rare-earth-oxide equivalent.").format(
                type=line, unit=unit_label(wp.unit)
            )
        rtype = (res.type or "").strip()
        if not rtype:
            text += " " + self.tr("Reserves: not held.")
        elif rtype.lower() != "reserves" and rtype != (wp.type or "").strip():
            text += " " + self.tr("Reserves: {rtype}.").format(rtype=line_label_text(rtype))
        return text

    def _by_group(self) -> None:
        """What USGS reports for the group and for the two elements it reports apart."""
        cat = self.catalog
        self.add_section(self.tr("Production by element or group, as USGS reports it"))
        rows = []
        for cid, label in (
            ("rare-earths", self.tr("Rare earths (the group, oxide equivalent)")),
            ("yttrium", self.tr("Yttrium")),
            ("scandium", self.tr("Scandium")),
        ):
            w = cat.world_production(cid)
            if w.world_total is None and not w.rows:
                continue
            rows.append((cid, label, w))
        if not rows:
            self.add_text(self.tr("No world production figures held by element or group."))
            return

        def china(t):
            r = t[2].row_for("CHN")
            return r.figure if r else self.tr("not listed")

        def mexico(t):
            r = t[2].row_for(MEXICO)
            return r.figure if r else self.tr("not listed")

        cols = [
            # Fixed widths, the longer texts on two lines: the table fits beside the
            # producers at 1920x1080 in Spanish and French.
            Column(self.tr("Element or group"), lambda t: t[1], width=200),
            Column(self.tr("Line as published"), lambda t: t[2].type, width=260),
            Column(self.tr("Year"), lambda t: t[2].year or "", True),
            Column(self.tr("World"), lambda t: t[2].world_total, True),
            Column(self.tr("Unit"), lambda t: unit_label(t[2].unit)),
            Column(self.tr("China"), china, True),
            Column(self.tr("Mexico"), mexico, True),
            Column(self.tr("Edition"), lambda t: f"MCS {t[2].edition}"),
        ]
        model = RecordTableModel(cols, rows, cat.sources)
        view = RecordTableView(model, "ree-by-group")
        view.setAccessibleName(self.tr("Rare-earth production by element or group"))
        # Enter, and a double click (Qt emits activated for it, after doubleClicked).
        view.activated.connect(lambda i: self.open_requested.emit(f"commodity:{rows[i.row()][0]}"))
        view.fit_height()
        self.group_view = view
        self.layout_.addWidget(view)
        self.add_source_line(
            list({id(t[2].source): t[2].source for t in rows}.values()),
            self.tr(
                "The other 15 elements have no production figures of their own in MCS. "
                "Press Enter or double-click a line to open its commodity page."
            ),
        )

    def _element_table(self, elements) -> None:
        self.add_section(self.tr("The 17 elements"))
        cols = [
            Column(self.tr("Z"), lambda e: e.atomic_number, True, self.tr("Atomic number")),
            Column(self.tr("Symbol"), lambda e: e.symbol),
            Column(self.tr("Element"), element_name),
            Column(
                LANGUAGE_NAMES["en" if current_language() in ("es", "fr") else "es"],
                lambda e: e.name_en if current_language() in ("es", "fr") else e.name_es,
            ),
            # Fixed widths: scandium's long class texts wrap instead of widening the table
            # past a 1366-pixel window in French.
            Column(self.tr("Class (USGS)"), lambda e: term(e.class_usgs), width=170),
            Column(self.tr("Class (EU CRM)"), lambda e: term(e.class_eu), width=190),
            Column(
                _("EU magnet REE"),
                lambda e: term(e.eu_magnet_ree),
                tooltip=self.tr("EU magnet rare earth"),
            ),
            Column(
                self.tr("Own USGS figures"),
                lambda e: e.catalog_holdings.get("world_production", 0)
                + e.catalog_holdings.get("us_salient", 0),
                True,
                self.tr("World production, reserves and U.S. statistics held for the element"),
            ),
        ]
        model = RecordTableModel(cols, elements, self.catalog.sources)
        view = RecordTableView(model, "ree-elements")
        view.setAccessibleName(self.tr("The 17 rare earth elements"))
        view.activated.connect(  # Enter, and a double click
            lambda i: self.open_requested.emit(f"element:{elements[i.row()].symbol}")
        )
        view.fit_height()
        self.elements_view = view
        self.layout_.addWidget(view)
        self.add_text(
            self.tr("Press Enter or double-click an element, or use the strip above, to open it."),
            "sourceLine",
        )
        if elements and elements[0].source:
            self.add_source_line([elements[0].source])
