"""Rare earth element pages, with a periodic strip to move between the 17 elements."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QFormLayout, QHBoxLayout, QLabel, QPushButton

from minref.ui.widgets import Page, badge, row


class ElementPage(Page):
    kind = "element"

    def __init__(self, catalog, parent=None):
        super().__init__(catalog, parent)
        self.facts = None

    def title(self) -> str:
        return f"{self.facts.name_en} ({self.facts.symbol})" if self.facts else "Rare earths"

    def show_key(self, arg: str) -> None:
        elements = self.catalog.rare_earth_elements()
        symbol = arg or elements[0].symbol
        e = self.catalog.rare_earth_element(symbol)
        self.key, self.facts = e.symbol, e
        self.clear()
        self.add_title(
            f"{e.name_en} ({e.symbol})",
            f"Español: {e.name_es} · Français: {e.name_fr} · atomic number {e.atomic_number}",
        )
        strip = QHBoxLayout()
        strip.setSpacing(3)
        group = QButtonGroup(self)
        self.strip_buttons = {}
        for el in elements:
            b = QPushButton(el.symbol)
            b.setObjectName("element")
            b.setCheckable(True)
            b.setChecked(el.symbol == e.symbol)
            b.setToolTip(f"{el.name_en} · Z={el.atomic_number} · {el.class_usgs}")
            b.setAccessibleName(el.name_en)
            b.clicked.connect(lambda _=False, s=el.symbol: self.open_requested.emit(f"element:{s}"))
            group.addButton(b)
            strip.addWidget(b)
            self.strip_buttons[el.symbol] = b
        strip.addStretch(1)
        self.layout_.addLayout(strip)

        badges = [
            badge(m.list_id, f"{m.list_name} ({m.list_year}, {m.status})")
            for m in e.critical_lists
            if "draft" not in m.status.lower()
        ]
        brief = self.add_brief_button(self.tr("Rare earths briefing (PDF)…"), "rare-earths")
        self.layout_.addLayout(row(*badges, brief, spacing=6))
        self.add_section(self.tr("Facts"))
        form = QFormLayout()
        weight = f"{e.atomic_weight:g}" if e.atomic_weight is not None else "not held"
        abundance = (
            f"{e.crust_abundance_mg_per_kg:g} mg/kg"
            if e.crust_abundance_mg_per_kg is not None
            else "not held"
        )
        for label, value in [
            ("Atomic number", str(e.atomic_number)),
            ("Atomic weight", weight),
            ("Crustal abundance", abundance),
            ("Group", e.element_group),
            ("Class (USGS convention: La–Gd light)", e.class_usgs),
            ("Class (EU CRM convention: La, Ce, Pr, Nd, Sm light)", e.class_eu),
            ("On the U.S. 2022 critical list", e.on_us_2022_list),
            ("EU magnet rare earth", e.eu_magnet_ree),
        ]:
            v = QLabel(value)
            v.setAccessibleName(f"{label}: {value}")
            form.addRow(label + ":", v)
        self.layout_.addLayout(form)
        if e.note:
            self.add_text(e.note)
        self.add_source_line([e.source])

        self.add_section(self.tr("What the catalog holds on it"))
        held = e.catalog_holdings
        lines = []
        if held.get("world_production"):
            lines.append(f"{held['world_production']} world production or reserve figures")
        if held.get("us_salient"):
            lines.append(f"{held['us_salient']} U.S. salient statistics (MCS 2026 element lines)")
        if held.get("end_uses"):
            lines.append("its end uses (MCS table T4)")
        cid = e.name_en.lower()
        if lines:
            self.add_text(
                "; ".join(lines) + f'. <a href="commodity:{cid}">Open the '
                f"{e.name_en} commodity page</a>.",
                rich=True,
            )
        else:
            self.add_text(
                "USGS reports rare-earth production and trade for the group, not "
                "element by element."
            )
        self.add_text(
            "Production, reserves and U.S. trade of the group: <a href="
            '"commodity:rare-earths">Rare earths</a>. Trade lines: HS 2805.30 '
            "(rare-earth metals), 2846.10 (cerium compounds), 2846.90 (other "
            "rare-earth compounds), 8505.11 (permanent magnets).",
            rich=True,
        )
        self.layout_.addStretch(1)
