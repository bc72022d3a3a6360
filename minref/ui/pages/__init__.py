"""The app's pages; each shows one kind of thing and asks the window to open others.

:data:`PAGES` lists every page kind once: the window's navigation and page factory, the
``screenshot`` command, the self-test and the tests read it. Adding a page is one entry.
"""

from __future__ import annotations

import importlib
import logging

from minref.records import record

logger = logging.getLogger(__name__)


@record
class PageKind:
    """One kind of page: key ``kind:ARG`` opens it."""

    kind: str
    page_class: str  # "module:Class" under minref.ui.pages, imported when first opened
    nav_label: str = ""  # its entry in the navigation list ("" = reached from other pages)
    nav_key: str = ""  # the key the navigation entry opens (default: the kind)
    nav_parent: str = ""  # the navigation entry that stays selected on this page
    sample: str = ""  # a key the self-test and the tests open (default: nav key)
    arg_help: str = ""  # what ARG is, for --help
    # History records the page's own key (a name typed in any language becomes the id).
    canonical: bool = False

    def load(self):
        module, _, name = self.page_class.partition(":")
        return getattr(importlib.import_module(f"minref.ui.pages.{module}"), name)

    @property
    def sample_key(self) -> str:
        return self.sample or self.nav_key or self.kind


PAGES: dict[str, PageKind] = {}


def register_page(page: PageKind) -> PageKind:
    """Add a page kind (its kind must be new)."""
    from minref.registry import add

    return add(PAGES, page.kind, page, "page kind")


for _page in (
    PageKind(
        "commodities",
        "lists:CommodityListPage",
        "Commodities",
        sample="commodities",
    ),
    PageKind(
        "commodity",
        "commodity:CommodityPage",
        nav_parent="commodities",
        sample="commodity:silver",
        canonical=True,
        arg_help="ID",
    ),
    PageKind(
        "element",
        "element:ElementPage",
        "Rare earth elements",
        nav_key="element:",
        sample="element:Nd",
        canonical=True,
        arg_help="SYMBOL",
    ),
    PageKind(
        "countries",
        "lists:CountryListPage",
        "Countries",
    ),
    PageKind(
        "country",
        "country:CountryPage",
        nav_parent="countries",
        sample="country:MEX",
        canonical=True,
        arg_help="ISO3",
    ),
    PageKind(
        "trade",
        "desk:TradeDeskPage",
        "Trade desk",
        nav_key="trade:",
        sample="trade:MEX",
        arg_help="ISO3",
    ),
    PageKind("claims", "desk:ClaimsPage", "Claim checker"),
    PageKind("supply", "supply:SupplyPage", "North American supply", arg_help="LIST"),
    PageKind("books", "books:BooksPage", "Briefing books", arg_help="BOOK_ID"),
    PageKind("starred", "books:StarredPage", "Starred"),
    PageKind("sources", "lists:SourcesPage", "Sources"),
):
    register_page(_page)


def navigation() -> list[PageKind]:
    """The pages listed in the navigation, in order."""
    return [p for p in PAGES.values() if p.nav_label]
