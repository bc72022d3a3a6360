"""List pages: commodities (with filters), countries and sources."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton

from minref.catalog import source_text
from minref.catalog.models import format_number
from minref.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, ngettext
from minref.ui.tables import Column, RecordTableModel, RecordTableView
from minref.ui.widgets import Page, row

logger = logging.getLogger(__name__)

# A list's members, between them: "; " (a member's own name may hold commas, as in the EU's
# "Rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)").
MEMBER_JOINER = "; "


class _CellTipModel(RecordTableModel):
    """A record table whose cells in some columns (by title) have hover texts of their own."""

    tips: dict[str, object] = {}  # column title -> function(record) -> hover text

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            tip = self.tips.get(self.columns[index.column()].title)
            if tip is not None:
                return tip(self.rows[index.row()]) or None
        return super().data(index, role)


class CommodityListPage(Page):
    """Every commodity, filterable by critical list and year, rare earths, Mexico's top 10,
    and HS chapter."""

    kind = "commodities"

    def title(self) -> str:
        return _("Commodities")

    def show_key(self, arg: str) -> None:
        self.key = "commodities"
        if getattr(self, "view", None) is not None:
            return  # built once; filters persist while navigating
        cat = self.catalog
        self.add_title(
            self.tr("Commodities"),
            _(
                "USGS MCS commodities and their members, with critical-list status. "
                "Double-click or press Enter to open one."
            ),
        )
        self.list_combo = QComboBox()
        self.list_combo.setAccessibleName(self.tr("Critical-mineral list"))
        self.list_combo.addItem(self.tr("All commodities"), "")
        for list_id, name, year in cat.critical_list_ids():
            self.list_combo.addItem(list_id, list_id)
            self.list_combo.setItemData(
                self.list_combo.count() - 1,
                _("{list} ({year})").format(list=name, year=year),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.ree_box = QCheckBox(self.tr("Rare earths only"))
        self.mx_box = QCheckBox(self.tr("Mexico in world top 10"))
        self.mx_box.setToolTip(
            _(
                "Mexico ranks 1–10 among the countries USGS lists, in the newest edition "
                "with production figures"
            )
        )
        self.hs_combo = QComboBox()
        self.hs_combo.setAccessibleName(self.tr("HS chapter"))
        self.hs_combo.addItem(self.tr("Any HS chapter"), "")
        chapters = sorted({c for s in cat.commodity_index for c in s.hs_chapters})
        for ch in chapters:
            # the HS description stays in the nomenclature's English
            self.hs_combo.addItem(
                _("{code} {description}").format(code=ch, description=cat.hs_description(ch)[:40]),
                ch,
            )
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Filter by name…"))
        self.text.setMinimumWidth(220)
        self.text.setAccessibleName(self.tr("Filter commodities by name"))
        self.layout_.addLayout(
            row(
                QLabel(self.tr("Critical list:")),
                self.list_combo,
                QLabel(self.tr("HS chapter:")),
                self.hs_combo,
                self.text,
            )
        )
        self.pack_button = QPushButton(self.tr("Briefing pack of the selected (PDF)…"))
        self.pack_button.setAccessibleName(
            self.tr("Export a briefing pack of the selected commodities")
        )
        self.pack_button.setToolTip(
            self.tr(
                "Select rows (Ctrl/Shift-click); with none "
                "selected, every commodity shown is included"
            )
        )
        self.pack_button.clicked.connect(self.export_pack)
        self.layout_.addLayout(row(self.ree_box, self.mx_box, self.pack_button))
        # The name in the reader's language first, then the other two languages' names
        # under their own names (English, Español, Français).
        lang = current_language() if current_language() in LANGUAGES else "en"
        names = {
            "en": lambda s: s.name_en,
            "es": lambda s: s.name_es,
            "fr": lambda s: s.name_fr,
        }
        cols = [
            Column(self.tr("Commodity"), names[lang], width=210),
            *(
                Column(LANGUAGE_NAMES[code].split(" (")[0], names[code], width=165)
                for code in LANGUAGES
                if code != lang
            ),
            Column(
                self.tr("Critical lists"), lambda s: " ".join(s.lists), width=280, whole_codes=True
            ),
            Column(
                self.tr("Mexico's rank"),
                lambda s: s.mexico_rank or "",
                True,
                _("Best rank among listed countries, newest edition"),
            ),
            Column(self.tr("HS chapters"), lambda s: " ".join(s.hs_chapters)),
        ]
        self._base_columns = cols
        self._members: dict[tuple[str, str], dict[str, list[dict]]] = {}
        self.model = _CellTipModel(
            cols, [], cat.sources, lambda s: bool(s.mexico_rank and s.mexico_rank <= 10)
        )
        self.view = RecordTableView(self.model, "commodity-list")
        self.view.setAccessibleName(self.tr("Commodity list"))
        self.view.wrap_long_text()  # every critical list shown, on two lines if need be
        # Enter, and a double click (Qt emits activated for it, after doubleClicked).
        self.view.activated.connect(self._open)
        self.layout_.addWidget(self.view, 1)
        self.count = QLabel()
        self.count.setObjectName("sourceLine")
        self.layout_.addWidget(self.count)
        for sig in (self.list_combo.currentIndexChanged, self.hs_combo.currentIndexChanged):
            sig.connect(self.apply_filters)
        for box in (self.ree_box, self.mx_box):
            box.toggled.connect(self.apply_filters)
        self.text.textChanged.connect(self.apply_filters)
        self.apply_filters()

    def list_members(self, list_id: str) -> dict[str, list[dict]]:
        """The chosen list's members by the commodity whose row they put on the list: the
        commodity they name and each commodity above it (the list's "Hafnium" under
        "Zirconium and hafnium" as well as under hafnium), in the list's order, each with its
        name in the reader's language and the list's own words
        (Catalog.critical_list_members_named)."""
        key = (list_id, current_language())
        if key not in self._members:
            parents = self.catalog.commodity_parents()
            by_commodity: dict[str, list[dict]] = {}
            for m in self.catalog.critical_list_members_named(list_id):
                node, seen = m["commodity_id"], set()
                while node and node not in seen:  # the commodity, then each one above it
                    seen.add(node)
                    by_commodity.setdefault(node, []).append(m)
                    node = parents.get(node, "")
            self._members[key] = by_commodity
        return self._members[key]

    @staticmethod
    def _shown(own: list[dict]) -> list[dict]:
        """A row's members as its cells show them: a group the row holds whole (the EU's
        "Heavy rare earth elements" on the rare-earths row) stands for minref's split of it
        into members, which its hover names; a member split out alone (aluminium's
        "Bauxite/alumina/aluminium: Aluminum") is shown as such."""
        whole = {m["mineral"] for m in own if not m["group"]}
        return [m for m in own if m["group"] not in whole]

    @classmethod
    def _as_listed(cls, own: list[dict]) -> str:
        """What the list prints for a row's members: a group once, never minref's split of
        it ("Bauxite/alumina/aluminium", not "…: Aluminum")."""
        return MEMBER_JOINER.join(dict.fromkeys(m["as_listed"] for m in cls._shown(own)))

    def _columns(self, list_id: str) -> list[Column]:
        """The page's columns; with a list chosen, its members beside each commodity: named
        in the reader's language, and (in Spanish or French) as the list publishes them,
        which officials quote."""
        if not list_id:
            self.model.tips = {}
            return self._base_columns
        members = self.list_members(list_id)

        def named(s) -> str:
            own = self._shown(members.get(s.commodity_id, []))
            return MEMBER_JOINER.join(m["name"] for m in own)

        def published(s) -> str:
            return self._as_listed(members.get(s.commodity_id, []))

        # On two or more lines where long ("Elementos de tierras raras para imanes
        # permanentes (Nd, Pr, …)"), never cut: a member's name is read whole.
        extra = [Column(self.tr("List members"), named, width=175, wraps=True)]
        if current_language() in ("es", "fr"):
            extra.append(Column(self.tr("As listed"), published, width=175, wraps=True))
        tip = self._member_tip(members, named)
        self.model.tips = {c.title: tip for c in extra}
        # The list's columns take the place of the commodity's names in the other two
        # languages (the page has no room for both at 1366 px; the filter box still finds
        # a commodity by any of its names).
        cols = self._base_columns  # the name in each language first, then the rest
        return [cols[0], *extra, *cols[len(LANGUAGES) :]]

    def _member_tip(self, members: dict[str, list[dict]], named):
        """A member cell's hover text: the list's own words; for a group the list prints
        whole, that its members are minref's split of it; and where the names shown come
        from."""
        sources = self.catalog.sources
        translated = current_language() in ("es", "fr")

        def tip(s) -> str:
            own = members.get(s.commodity_id, ())
            if not own:
                return ""
            lines = []
            listed = self._as_listed(own)
            if translated or listed != named(s):  # in English, only where a group is split
                lines.append(
                    _("{language}: {name}").format(language=self.tr("As listed"), name=listed)
                )
            split: dict[str, list[str]] = {}
            for m in own:
                if m["group"]:
                    member = m["mineral"][len(m["group"]) + 1 :].strip()
                    split.setdefault(m["group"], []).append(self.catalog.list_member_name(member))
            for group, names in split.items():
                lines.append(
                    _(
                        "{group}: the group as the list prints it; {members}: minref's split "
                        "of the group into its members, not the list's words"
                    ).format(group=group, members=", ".join(names))
                )
            for sid in dict.fromkeys(x for m in own for x in m["name_sources"]):
                src = sources.get(sid)
                if src is not None:
                    lines.append(
                        _("Source: {organisation}, {dataset}, {edition}").format(
                            organisation=src.organisation,
                            dataset=src.dataset,
                            edition=src.edition,
                        )
                    )
            return "\n".join(lines)

        return tip

    def filtered(self) -> list:
        from minref.catalog.search import fold

        list_id = self.list_combo.currentData()
        ch = self.hs_combo.currentData()
        text = fold(self.text.text().strip())
        members = self.list_members(list_id) if list_id else {}
        out = []
        for s in self._in_reader_order():
            if list_id and list_id not in s.lists:
                continue
            if self.ree_box.isChecked() and not s.is_rare_earth:
                continue
            if self.mx_box.isChecked() and not (s.mexico_rank and s.mexico_rank <= 10):
                continue
            if ch and ch not in s.hs_chapters:
                continue
            words = (s.name_en, s.name_es, s.name_fr, s.commodity_id)
            own = members.get(s.commodity_id, ())
            words += tuple(m["name"] for m in own) + tuple(m["mineral"] for m in own)
            if text and not any(text in fold(n) for n in words):
                continue
            out.append(s)
        return out

    def _in_reader_order(self) -> list:
        """The commodities sorted by their name in the reader's language."""
        from minref.catalog.search import fold

        lang = current_language()
        if getattr(self, "_order_lang", None) != lang:
            self._ordered = sorted(
                self.catalog.commodity_index,
                key=lambda s: fold(self.catalog.commodity_name(s.commodity_id)),
            )
            self._order_lang = lang
        return self._ordered

    def apply_filters(self, *_):
        rows = self.filtered()
        self.model.set_rows(rows, self._columns(self.list_combo.currentData()))
        self.count.setText(
            ngettext(
                "{n} commodity shown. Critical-list sources: see the Sources page.",
                "{n} commodities shown. Critical-list sources: see the Sources page.",
                len(rows),
            ).format(n=format_number(len(rows)))
        )

    def _open(self, index):
        s = self.model.rows[index.row()]
        self.open_requested.emit(f"commodity:{s.commodity_id}")

    def pack_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        rows = rows or list(range(len(self.model.rows)))
        return [self.model.rows[r].commodity_id for r in rows]

    def export_pack(self):
        return self.export_brief("pack", self.pack_ids())


class CountryListPage(Page):
    kind = "countries"

    def title(self) -> str:
        return _("Countries")

    def show_key(self, arg: str) -> None:
        self.key = "countries"
        if getattr(self, "view", None) is not None:
            return
        cat = self.catalog
        self.add_title(
            self.tr("Countries"),
            _(
                "Countries USGS lists in world production and reserves tables come first. "
                "Double-click or press Enter to open."
            ),
        )
        from minref.catalog.search import fold

        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Filter by name or code…"))
        self.text.setMinimumWidth(320)  # the placeholder whole in Spanish and French
        self.text.setAccessibleName(self.tr("Filter countries"))
        self.layout_.addLayout(row(self.text))
        lang = current_language() if current_language() in LANGUAGES else "en"
        cols = [
            Column(self.tr("Country"), lambda c: cat.country_name(c[0])),
            *(
                Column(LANGUAGE_NAMES[code].split(" (")[0], lambda c, i=i: c[i])
                for code, i in (("en", 1), ("es", 2))
                if code != lang
            ),
            Column(self.tr("ISO3"), lambda c: c[0]),
            Column(self.tr("Production/reserve figures"), lambda c: c[3] or "", True),
        ]
        # in the reader's alphabet (accents and case aside), countries USGS lists first
        self.all_rows = sorted(
            cat.countries_with_data(),
            key=lambda c: (c[3] == 0, fold(cat.country_name(c[0]))),
        )
        self.model = RecordTableModel(
            cols, self.all_rows, cat.sources, lambda c: c[0] in ("MEX", "USA")
        )
        self.view = RecordTableView(self.model, "country-list")
        self.view.setAccessibleName(self.tr("Country list"))
        self.view.activated.connect(self._open)  # Enter, and a double click
        self.layout_.addWidget(self.view, 1)
        self.text.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        from minref.catalog.search import fold

        t = fold(text.strip())
        self.model.set_rows(
            [
                c
                for c in self.all_rows
                if not t
                or t in fold(c[1])
                or t in fold(c[2])
                or t in fold(self.catalog.country_name(c[0]))
                or t in c[0].lower()
            ]
        )

    def _open(self, index):
        self.open_requested.emit(f"country:{self.model.rows[index.row()][0]}")


class SourcesPage(Page):
    kind = "sources"

    def title(self) -> str:
        return _("Sources")

    def show_key(self, arg: str) -> None:
        self.key = "sources"
        if getattr(self, "view", None) is not None:
            return
        cat = self.catalog
        self.add_title(
            self.tr("Sources and licences"),
            _("Every figure in minref cites one of these sources."),
        )
        info = cat.info()
        rows = sorted(cat.sources.values(), key=lambda s: s.source_id)
        cols = [
            Column(self.tr("Id"), lambda s: s.source_id),
            # minref's own words translated as the briefs' source annex prints them; the
            # owners' licences, citations and titles as published (briefing.source_text)
            Column(self.tr("Organisation"), lambda s: source_text.organisation(s.organisation)),
            Column(self.tr("Dataset"), lambda s: source_text.title(s.dataset)),
            Column(self.tr("Edition"), lambda s: source_text.edition(s.edition)),
            Column(self.tr("DOI or address"), lambda s: f"doi:{s.doi}" if s.doi else s.url),
            Column(self.tr("Licence"), lambda s: source_text.licence(s.licence)),
            Column(self.tr("Attribution"), lambda s: source_text.attribution(s.attribution)),
        ]
        self.model = RecordTableModel(cols, rows, cat.sources)
        self.view = RecordTableView(self.model, "sources")
        self.view.setAccessibleName(self.tr("Sources"))
        self.layout_.addWidget(self.view, 1)
        self.add_text(
            _(
                "Catalog {path} · content {hash} · editions {editions} · built by minref {version}."
            ).format(
                path=info["path"],
                hash=info["content_hash"][:16],
                editions=", ".join(info["editions"]),
                version=info["built_by"],
            ),
            "sourceLine",
        )
        # The attribution lines the licences ask for are quoted as the sources word them.
        self.add_text(
            _(
                "UN Comtrade rows: {comtrade}. IEA: {iea}. INEGI: {inegi}. USGS, U.S. Census "
                "and USITC data are in the public domain."
            ).format(
                comtrade="Source: UN Comtrade",
                iea="IEA (2024), Critical Minerals Data Explorer, CC BY 4.0",
                inegi="Fuente: INEGI",
            ),
            "sourceLine",
        )
