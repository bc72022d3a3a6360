"""Stable commodity identifiers, their names in English, Spanish and French, and the
rules that map every raw commodity name seen in the sources onto them.

USGS names a commodity differently from edition to edition ("Gemanium", trailing
spaces, "Nitrogen(fixed) - Ammonia" vs "Nitrogen (Fixed)—Ammonia", chapters that
were renamed) and critical-mineral lists use their own spellings ("Aluminium",
"Baryte", "Platinum group metals").  This module is the single place where that
is unified.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import field

from minref.records import record

logger = logging.getLogger(__name__)


@record
class Commodity:
    commodity_id: str
    name_en: str
    name_es: str
    name_fr: str
    mcs_codes: tuple[str, ...] = ()
    mcs_chapter: str = ""
    parent_id: str = ""
    symbols: str = ""
    aliases: tuple[str, ...] = field(default=())
    kind: str = "chapter"  # chapter (an MCS chapter) | member (part of a chapter) | other
    is_rare_earth: bool = False


def _c(
    cid, en, es, fr, codes="", chapter="", symbols="", aliases=(), parent="", kind=None, ree=False
) -> Commodity:
    if kind is None:
        kind = "member" if parent else ("chapter" if chapter else "other")
    return Commodity(
        cid, en, es, fr, tuple(codes.split()), chapter, parent, symbols, tuple(aliases), kind, ree
    )


# The lanthanides and the two other rare earths (Sc, Y) as members or chapters.
_LANTHANIDES = [
    ("lanthanum", "Lanthanum", "Lantano", "Lanthane", "La"),
    ("cerium", "Cerium", "Cerio", "Cérium", "Ce"),
    ("praseodymium", "Praseodymium", "Praseodimio", "Praséodyme", "Pr"),
    ("neodymium", "Neodymium", "Neodimio", "Néodyme", "Nd"),
    ("promethium", "Promethium", "Prometio", "Prométhium", "Pm"),
    ("samarium", "Samarium", "Samario", "Samarium", "Sm"),
    ("europium", "Europium", "Europio", "Europium", "Eu"),
    ("gadolinium", "Gadolinium", "Gadolinio", "Gadolinium", "Gd"),
    ("terbium", "Terbium", "Terbio", "Terbium", "Tb"),
    ("dysprosium", "Dysprosium", "Disprosio", "Dysprosium", "Dy"),
    ("holmium", "Holmium", "Holmio", "Holmium", "Ho"),
    ("erbium", "Erbium", "Erbio", "Erbium", "Er"),
    ("thulium", "Thulium", "Tulio", "Thulium", "Tm"),
    ("ytterbium", "Ytterbium", "Iterbio", "Ytterbium", "Yb"),
    ("lutetium", "Lutetium", "Lutecio", "Lutécium", "Lu"),
]
_HEAVY = {"terbium", "dysprosium", "holmium", "erbium", "thulium", "ytterbium", "lutetium"}

COMMODITIES: list[Commodity] = [
    _c(
        "abrasives",
        "Abrasives (manufactured)",
        "Abrasivos (manufacturados)",
        "Abrasifs (artificiels)",
        "abras",
        "ABRASIVES (MANUFACTURED)",
        aliases=("Abrasives",),
    ),
    _c(
        "aluminum",
        "Aluminum",
        "Aluminio",
        "Aluminium",
        "alum alumi",
        "ALUMINUM",
        "Al",
        aliases=("Aluminium",),
    ),
    _c("antimony", "Antimony", "Antimonio", "Antimoine", "antim", "ANTIMONY", "Sb"),
    _c("arsenic", "Arsenic", "Arsénico", "Arsenic", "arsen", "ARSENIC", "As"),
    _c("asbestos", "Asbestos", "Asbesto", "Amiante", "asbes", "ASBESTOS"),
    _c("barite", "Barite", "Barita", "Baryte", "barit", "BARITE", aliases=("Baryte",)),
    _c(
        "bauxite",
        "Bauxite and alumina",
        "Bauxita y alúmina",
        "Bauxite et alumine",
        "bauxi",
        "BAUXITE AND ALUMINA",
        aliases=("Bauxite", "Bauxite/alumina/aluminium"),
    ),
    _c(
        "alumina",
        "Alumina",
        "Alúmina",
        "Alumine",
        parent="bauxite",
        aliases=("High-purity alumina",),
    ),
    _c("beryllium", "Beryllium", "Berilio", "Béryllium", "beryl", "BERYLLIUM", "Be"),
    _c("bismuth", "Bismuth", "Bismuto", "Bismuth", "bismu", "BISMUTH", "Bi"),
    _c(
        "boron",
        "Boron",
        "Boro",
        "Bore",
        "boron",
        "BORON",
        "B",
        aliases=("Boron - metallurgy grade",),
    ),
    _c("bromine", "Bromine", "Bromo", "Brome", "bromi", "BROMINE", "Br"),
    _c("cadmium", "Cadmium", "Cadmio", "Cadmium", "cadmi", "CADMIUM", "Cd"),
    _c("cement", "Cement", "Cemento", "Ciment", "cemen", "CEMENT"),
    _c("cesium", "Cesium", "Cesio", "Césium", "cesiu", "CESIUM", "Cs", aliases=("Caesium",)),
    _c("chromium", "Chromium", "Cromo", "Chrome", "chrom", "CHROMIUM", "Cr"),
    _c("clays", "Clays", "Arcillas", "Argiles", "clays", "CLAYS"),
    _c("cobalt", "Cobalt", "Cobalto", "Cobalt", "cobal", "COBALT", "Co"),
    _c("copper", "Copper", "Cobre", "Cuivre", "coppe", "COPPER", "Cu"),
    _c(
        "diamond-industrial",
        "Diamond (industrial)",
        "Diamante (industrial)",
        "Diamant (industriel)",
        "diamo",
        "DIAMOND (INDUSTRIAL)",
        aliases=(
            "Diamond (Bort, grit, and dust and powder; natural and synthetic)",
            "Diamond (Stones, natural and synthetic)",
        ),
    ),
    _c("diatomite", "Diatomite", "Diatomita", "Diatomite", "diato", "DIATOMITE"),
    _c(
        "feldspar",
        "Feldspar and nepheline syenite",
        "Feldespato y sienita nefelínica",
        "Feldspath et syénite néphélinique",
        "felds",
        "FELDSPAR AND NEPHELINE SYENITE",
        aliases=("Feldspar",),
    ),
    _c(
        "nepheline-syenite",
        "Nepheline syenite",
        "Sienita nefelínica",
        "Syénite néphélinique",
        parent="feldspar",
    ),
    _c(
        "fluorspar",
        "Fluorspar",
        "Fluorita",
        "Spath fluor (fluorine)",
        "fluor",
        "FLUORSPAR",
        "CaF2",
        aliases=("Fluorite", "Fluorine"),
    ),
    _c("gallium", "Gallium", "Galio", "Gallium", "galli", "GALLIUM", "Ga"),
    _c(
        "garnet",
        "Garnet (industrial)",
        "Granate (industrial)",
        "Grenat (industriel)",
        "garne",
        "GARNET (INDUSTRIAL)",
    ),
    _c("gemstones", "Gemstones", "Piedras preciosas", "Pierres précieuses", "gemst", "GEMSTONES"),
    _c(
        "germanium",
        "Germanium",
        "Germanio",
        "Germanium",
        "germa",
        "GERMANIUM",
        "Ge",
        aliases=("Gemanium",),
    ),
    _c("gold", "Gold", "Oro", "Or", "gold", "GOLD", "Au"),
    _c(
        "graphite",
        "Graphite (natural)",
        "Grafito (natural)",
        "Graphite (naturel)",
        "graph",
        "GRAPHITE (NATURAL)",
        "C",
        aliases=(
            "Graphite",
            "Natural graphite",
            "Natural graphite - battery grade",
            "Battery-grade graphite",
        ),
    ),
    _c("gypsum", "Gypsum", "Yeso", "Gypse", "gypsu", "GYPSUM"),
    _c(
        "helium",
        "Helium and rare gases",
        "Helio y gases raros",
        "Hélium et gaz rares",
        "heliu",
        "HELIUM AND RARE GASES",
        "He",
        aliases=("Helium",),
    ),
    _c("argon", "Argon", "Argón", "Argon", parent="helium", symbols="Ar"),
    _c("neon", "Neon", "Neón", "Néon", parent="helium", symbols="Ne"),
    _c("krypton", "Krypton", "Kriptón", "Krypton", parent="helium", symbols="Kr"),
    _c("xenon", "Xenon", "Xenón", "Xénon", parent="helium", symbols="Xe"),
    _c(
        "neon-krypton-xenon",
        "Neon, krypton and xenon",
        "Neón, kriptón y xenón",
        "Néon, krypton et xénon",
        parent="helium",
        aliases=("Neon, krypton, and xenon",),
    ),
    _c("indium", "Indium", "Indio", "Indium", "indiu", "INDIUM", "In"),
    _c("iodine", "Iodine", "Yodo", "Iode", "iodin", "IODINE", "I"),
    _c("iron-ore", "Iron ore", "Mineral de hierro", "Minerai de fer", "feore", "IRON ORE", "Fe"),
    _c(
        "iron-steel",
        "Iron and steel",
        "Hierro y acero",
        "Fer et acier",
        "feste",
        "IRON AND STEEL",
        aliases=("High-purity iron",),
    ),
    _c(
        "iron-steel-scrap",
        "Iron and steel scrap",
        "Chatarra de hierro y acero",
        "Ferrailles de fer et d'acier",
        "fescr",
        "IRON AND STEEL SCRAP",
    ),
    _c(
        "iron-steel-slag",
        "Iron and steel slag",
        "Escoria de hierro y acero",
        "Laitiers sidérurgiques",
        "fesla",
        "IRON AND STEEL SLAG",
    ),
    _c(
        "iron-oxide-pigments",
        "Iron oxide pigments",
        "Pigmentos de óxido de hierro",
        "Pigments d'oxyde de fer",
        "fepig",
        "IRON OXIDE PIGMENTS",
    ),
    _c(
        "kyanite",
        "Kyanite and related minerals",
        "Cianita y minerales afines",
        "Cyanite et minéraux apparentés",
        "kyani",
        "KYANITE AND RELATED MINERALS",
    ),
    _c("lead", "Lead", "Plomo", "Plomb", "lead", "LEAD", "Pb"),
    _c("lime", "Lime", "Cal", "Chaux", "lime", "LIME"),
    _c(
        "lithium",
        "Lithium",
        "Litio",
        "Lithium",
        "lithi lithium",
        "LITHIUM",
        "Li",
        aliases=("Lithium - battery grade",),
    ),
    _c(
        "magnesium-compounds",
        "Magnesium compounds",
        "Compuestos de magnesio",
        "Composés de magnésium",
        "mgcomp",
        "MAGNESIUM COMPOUNDS",
    ),
    _c(
        "magnesium",
        "Magnesium metal",
        "Magnesio metálico",
        "Magnésium métal",
        "mgmet",
        "MAGNESIUM METAL",
        "Mg",
        aliases=("Magnesium",),
    ),
    _c(
        "manganese",
        "Manganese",
        "Manganeso",
        "Manganèse",
        "manga",
        "MANGANESE",
        "Mn",
        aliases=("Manganese - battery grade",),
    ),
    _c("mercury", "Mercury", "Mercurio", "Mercure", "mercu", "MERCURY", "Hg"),
    _c(
        "mica",
        "Mica (natural)",
        "Mica (natural)",
        "Mica (naturel)",
        "mica",
        "MICA (NATURAL)",
        aliases=("Mica",),
    ),
    _c("molybdenum", "Molybdenum", "Molibdeno", "Molybdène", "molyb", "MOLYBDENUM", "Mo"),
    _c(
        "nickel",
        "Nickel",
        "Níquel",
        "Nickel",
        "nicke",
        "NICKEL",
        "Ni",
        aliases=("Nickel - battery grade",),
    ),
    _c(
        "niobium",
        "Niobium (columbium)",
        "Niobio (columbio)",
        "Niobium (columbium)",
        "niobi",
        "NIOBIUM (COLUMBIUM)",
        "Nb",
        aliases=("Niobium", "Columbium"),
    ),
    _c(
        "nitrogen",
        "Nitrogen (fixed) — ammonia",
        "Nitrógeno (fijado) — amoníaco",
        "Azote (fixé) — ammoniac",
        "nitro",
        "NITROGEN (FIXED)—AMMONIA",
        "N",
        aliases=("Nitrogen(fixed) - Ammonia", "Nitrogen (Fixed)--Ammonia"),
    ),
    _c("peat", "Peat", "Turba", "Tourbe", "peat", "PEAT"),
    _c("perlite", "Perlite", "Perlita", "Perlite", "perli", "PERLITE"),
    _c(
        "phosphate-rock",
        "Phosphate rock",
        "Roca fosfórica",
        "Roche phosphatée",
        "phosp",
        "PHOSPHATE ROCK",
        "P",
        aliases=("Phosphate", "Phosphorus"),
    ),
    _c(
        "pgm",
        "Platinum-group metals",
        "Metales del grupo del platino",
        "Métaux du groupe du platine",
        "plati",
        "PLATINUM-GROUP METALS",
        "Pt Pd Rh Ir Ru Os",
        aliases=(
            "Platinum group metals",
            "Platinum-group elements",
            "PGM",
            "PGMs",
            "Platinum-group metals (platinum, palladium, rhodium, iridium, ruthenium)",
        ),
    ),
    _c("platinum", "Platinum", "Platino", "Platine", parent="pgm", symbols="Pt"),
    _c("palladium", "Palladium", "Paladio", "Palladium", parent="pgm", symbols="Pd"),
    _c("rhodium", "Rhodium", "Rodio", "Rhodium", parent="pgm", symbols="Rh"),
    _c("iridium", "Iridium", "Iridio", "Iridium", parent="pgm", symbols="Ir"),
    _c("ruthenium", "Ruthenium", "Rutenio", "Ruthénium", parent="pgm", symbols="Ru"),
    _c("osmium", "Osmium", "Osmio", "Osmium", parent="pgm", symbols="Os"),
    _c("potash", "Potash", "Potasa", "Potasse", "potas", "POTASH", "K"),
    _c(
        "pumice",
        "Pumice and pumicite",
        "Piedra pómez y pumicita",
        "Pierre ponce et pumicite",
        "pumic",
        "PUMICE AND PUMICITE",
        aliases=("Pumice & Pumicite",),
    ),
    _c(
        "quartz",
        "Quartz (high-purity and industrial cultured crystal)",
        "Cuarzo (alta pureza y cristal cultivado industrial)",
        "Quartz (haute pureté et cristal de culture industriel)",
        "quartz quart",
        "QUARTZ (High-purity and Industrial Cultured CRYSTAL)",
        aliases=(
            "Quartz Crystal (Industrial)",
            "Ground high-purity quartz",
            "Industrial cultured quartz crystal",
        ),
    ),
    _c(
        "rare-earths",
        "Rare earths",
        "Tierras raras",
        "Terres rares",
        "raree rareee",
        "RARE EARTHS",
        "REE",
        ree=True,
        aliases=(
            "Rare earth elements",
            "Rare-earth elements",
            "REE",
            "Rare earths (incl. scandium and yttrium)",
            "Rare earth elements for permanent magnets (Nd, Pr, Tb, Dy, Gd, Sm, Ce)",
            "Light rare earth elements",
        ),
    ),
    _c(
        "rare-earths-heavy",
        "Rare earths (heavy)",
        "Tierras raras (pesadas)",
        "Terres rares (lourdes)",
        chapter="RARE EARTHS (Heavy)",
        parent="rare-earths",
        kind="member",
        ree=True,
        aliases=("Heavy rare earth elements",),
    ),
    *[
        _c(
            cid,
            en,
            es,
            fr,
            parent="rare-earths-heavy" if cid in _HEAVY else "rare-earths",
            symbols=sym,
            ree=True,
        )
        for cid, en, es, fr, sym in _LANTHANIDES
    ],
    _c("rhenium", "Rhenium", "Renio", "Rhénium", "rheni", "RHENIUM", "Re"),
    _c("rubidium", "Rubidium", "Rubidio", "Rubidium", "rubid", "RUBIDIUM", "Rb"),
    _c("salt", "Salt", "Sal", "Sel", "salt", "SALT", "NaCl"),
    _c(
        "sand-gravel-construction",
        "Sand and gravel (construction)",
        "Arena y grava (construcción)",
        "Sable et gravier (construction)",
        "sandc",
        "SAND AND GRAVEL (CONSTRUCTION)",
    ),
    _c(
        "sand-gravel-industrial",
        "Sand and gravel (industrial)",
        "Arena y grava (industrial)",
        "Sable et gravier (industriel)",
        "sandi",
        "SAND AND GRAVEL (INDUSTRIAL)",
    ),
    _c("scandium", "Scandium", "Escandio", "Scandium", "scand scandi", "SCANDIUM", "Sc", ree=True),
    _c("selenium", "Selenium", "Selenio", "Sélénium", "selen", "SELENIUM", "Se"),
    _c(
        "silicon",
        "Silicon",
        "Silicio",
        "Silicium",
        "simet",
        "SILICON",
        "Si",
        aliases=("Silicon metal",),
    ),
    _c("silver", "Silver", "Plata", "Argent", "silve", "SILVER", "Ag"),
    _c("soda-ash", "Soda ash", "Carbonato de sodio", "Carbonate de sodium", "sodaa", "SODA ASH"),
    _c(
        "stone-crushed",
        "Stone (crushed)",
        "Piedra (triturada)",
        "Pierre (concassée)",
        "stonec stonc",
        "STONE (CRUSHED)",
    ),
    _c(
        "stone-dimension",
        "Stone (dimension)",
        "Piedra (dimensionada)",
        "Pierre de taille",
        "stond",
        "STONE (DIMENSION)",
        aliases=("Granite Only",),
    ),
    _c(
        "strontium",
        "Strontium",
        "Estroncio",
        "Strontium",
        "stron",
        "STRONTIUM",
        "Sr",
        aliases=("Strontium (celestite)", "Celestite"),
    ),
    _c("sulfur", "Sulfur", "Azufre", "Soufre", "sulfu", "SULFUR", "S"),
    _c(
        "talc",
        "Talc and pyrophyllite",
        "Talco y pirofilita",
        "Talc et pyrophyllite",
        "talc",
        "TALC AND PYROPHYLLITE",
        aliases=("Talc, crude",),
    ),
    _c("tantalum", "Tantalum", "Tantalio", "Tantale", "tanta", "TANTALUM", "Ta"),
    _c("tellurium", "Tellurium", "Telurio", "Tellure", "tellu", "TELLURIUM", "Te"),
    _c("thallium", "Thallium", "Talio", "Thallium", "thall thalli", "THALLIUM", "Tl"),
    _c("thorium", "Thorium", "Torio", "Thorium", "thori", "THORIUM", "Th"),
    _c("tin", "Tin", "Estaño", "Étain", "tin", "TIN", "Sn"),
    _c(
        "titanium",
        "Titanium and titanium dioxide",
        "Titanio y dióxido de titanio",
        "Titane et dioxyde de titane",
        "titan",
        "TITANIUM AND TITANIUM DIOXIDE",
        "Ti",
        aliases=(
            "Titanium & titanium dioxide",
            "Titanium metal",
            "Titanium Sponge Metal",
            "TiO2 Pigment",
            "Titanium",
        ),
    ),
    _c(
        "titanium-concentrates",
        "Titanium mineral concentrates",
        "Concentrados minerales de titanio",
        "Concentrés minéraux de titane",
        "timin",
        "TITANIUM MINERAL CONCENTRATES",
    ),
    _c("tungsten", "Tungsten", "Wolframio (tungsteno)", "Tungstène", "tungs", "TUNGSTEN", "W"),
    _c("vanadium", "Vanadium", "Vanadio", "Vanadium", "vanad", "VANADIUM", "V"),
    _c("vermiculite", "Vermiculite", "Vermiculita", "Vermiculite", "vermi", "VERMICULITE"),
    _c("wollastonite", "Wollastonite", "Wollastonita", "Wollastonite", "wolla", "WOLLASTONITE"),
    _c("yttrium", "Yttrium", "Itrio", "Yttrium", "yttri", "YTTRIUM", "Y", ree=True),
    _c(
        "zeolites",
        "Zeolites (natural)",
        "Zeolitas (naturales)",
        "Zéolites (naturelles)",
        "zeoli",
        "ZEOLITES (NATURAL)",
    ),
    _c("zinc", "Zinc", "Zinc", "Zinc", "zinc", "ZINC", "Zn"),
    _c(
        "zirconium",
        "Zirconium and hafnium",
        "Circonio y hafnio",
        "Zirconium et hafnium",
        "zirco zirco-hafni",
        "ZIRCONIUM AND HAFNIUM",
        "Zr Hf",
        aliases=("Zirconium",),
    ),
    _c("hafnium", "Hafnium", "Hafnio", "Hafnium", parent="zirconium", symbols="Hf"),
    # On critical lists but without an MCS chapter.
    _c(
        "metallurgical-coal",
        "Metallurgical coal",
        "Carbón metalúrgico",
        "Charbon métallurgique",
        aliases=("Coking coal",),
    ),
    _c("uranium", "Uranium", "Uranio", "Uranium", symbols="U"),
]

BY_ID: dict[str, Commodity] = {c.commodity_id: c for c in COMMODITIES}
BY_MCS_CODE: dict[str, str] = {code: c.commodity_id for c in COMMODITIES for code in c.mcs_codes}


def normalize_name(text: str) -> str:
    """Fold a name for matching: accents, case, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[\u2010-\u2015\-]+", " ", text)
    text = re.sub(r"[^a-z0-9() ,]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in COMMODITIES:
        names = [c.commodity_id, c.name_en, c.name_es, c.name_fr, c.mcs_chapter, *c.aliases]
        for n in names:
            if n:
                index.setdefault(normalize_name(n), c.commodity_id)
    return index


_INDEX = _build_index()


def resolve_commodity(label: str) -> str | None:
    """The commodity id for a raw name from any source, or None when unknown.

    Tries the whole name, then the name before a comma ("COPPER, refined"),
    then without a parenthesised qualifier ("Niobium (Columbium)").
    """
    key = normalize_name(label)
    if not key:
        return None
    if key in _INDEX:
        return _INDEX[key]
    head = key.split(",")[0].strip()
    if head in _INDEX:
        return _INDEX[head]
    bare = re.sub(r"\s*\([^)]*\)", "", head).strip()
    if bare in _INDEX:
        return _INDEX[bare]
    return None


def commodity_for_mcs_code(code: str) -> str | None:
    """The commodity id for an MCS file code such as ``silve`` or ``zirco-hafni``."""
    return BY_MCS_CODE.get(code.lower())


def commodity_rows() -> list[dict]:
    """Rows of the ``commodities`` table."""
    return [
        {
            "commodity_id": c.commodity_id,
            "name_en": c.name_en,
            "name_es": c.name_es,
            "name_fr": c.name_fr,
            "parent_id": c.parent_id,
            "kind": c.kind,
            "mcs_chapter": c.mcs_chapter,
            "mcs_codes": " ".join(c.mcs_codes),
            "symbols": c.symbols,
            "is_rare_earth": int(c.is_rare_earth),
        }
        for c in COMMODITIES
    ]
