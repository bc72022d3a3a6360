-- minref catalog schema (generated from minref/catalog/tables.py; do not edit)
-- application_id 0x4d4e5246, user_version 1
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    source_id TEXT,
    organisation TEXT,
    dataset TEXT,
    edition TEXT,
    year INTEGER,
    doi TEXT,
    url TEXT,
    licence TEXT,
    attribution TEXT,
    retrieved TEXT,
    files TEXT,
    notes TEXT,
    curation_notes TEXT
);
CREATE TABLE commodities (
    commodity_id TEXT,
    name_en TEXT,
    name_es TEXT,
    name_fr TEXT,
    parent_id TEXT,
    kind TEXT,
    mcs_chapter TEXT,
    mcs_codes TEXT,
    symbols TEXT,
    is_rare_earth INTEGER
);
CREATE TABLE commodity_aliases (
    alias TEXT,
    commodity_id TEXT,
    source_id TEXT
);
CREATE TABLE search_synonyms (
    term TEXT,
    lang TEXT,
    commodity_id TEXT,
    page TEXT,
    notes TEXT
);
CREATE TABLE countries (
    iso3 TEXT,
    iso2 TEXT,
    m49 INTEGER,
    name_en TEXT,
    name_es TEXT,
    name_fr TEXT,
    region TEXT,
    sub_region TEXT,
    source_id TEXT
);
CREATE TABLE country_aliases (
    alias TEXT,
    iso3 TEXT,
    place_kind TEXT,
    source_id TEXT
);
CREATE TABLE hs_sections (
    section TEXT,
    name TEXT,
    source_id TEXT
);
CREATE TABLE hs_codes (
    hs_code TEXT,
    level INTEGER,
    parent TEXT,
    section TEXT,
    description TEXT,
    source_id TEXT
);
CREATE TABLE commodity_hs (
    commodity_id TEXT,
    hs_code TEXT,
    hs_level INTEGER,
    note TEXT,
    source_id TEXT
);
CREATE TABLE critical_lists (
    list_id TEXT,
    jurisdiction TEXT,
    list_name TEXT,
    list_year INTEGER,
    status TEXT,
    authority TEXT,
    verification TEXT,
    source_id TEXT
);
CREATE TABLE critical_list_members (
    list_id TEXT,
    mineral TEXT,
    commodity_id TEXT,
    category TEXT,
    source_id TEXT
);
CREATE TABLE rare_earth_elements (
    atomic_number INTEGER,
    symbol TEXT,
    name_en TEXT,
    name_es TEXT,
    name_fr TEXT,
    atomic_weight REAL,
    crust_abundance_mg_per_kg REAL,
    element_group TEXT,
    class_usgs TEXT,
    class_eu TEXT,
    on_us_2022_list TEXT,
    eu_magnet_ree TEXT,
    note TEXT,
    source_id TEXT
);
CREATE TABLE world_production (
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    commodity_label TEXT,
    measure TEXT,
    type TEXT,
    country_iso3 TEXT,
    place_kind TEXT,
    country_label TEXT,
    year INTEGER,
    unit TEXT,
    value REAL,
    low REAL,
    high REAL,
    raw TEXT,
    flags TEXT,
    note TEXT,
    type_raw TEXT,
    qualifier TEXT,
    country_raw TEXT
);
CREATE TABLE errata (
    kind TEXT,
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    measure TEXT,
    country_label TEXT,
    year INTEGER,
    old_raw TEXT,
    new_raw TEXT,
    correction_source TEXT,
    date TEXT
);
CREATE TABLE audit_accepted (
    audit_check TEXT,
    edition INTEGER,
    commodity_id TEXT,
    subject TEXT,
    reason TEXT
);
CREATE TABLE us_salient (
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    commodity_label TEXT,
    statistic TEXT,
    detail TEXT,
    year INTEGER,
    unit TEXT,
    value REAL,
    low REAL,
    high REAL,
    raw TEXT,
    flags TEXT,
    note TEXT
);
CREATE TABLE us_import_sources (
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    commodity_label TEXT,
    detail TEXT,
    period TEXT,
    country_iso3 TEXT,
    place_kind TEXT,
    country_label TEXT,
    share_pct REAL,
    low REAL,
    high REAL,
    raw TEXT,
    flags TEXT,
    note TEXT
);
CREATE TABLE us_import_reliance (
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    commodity_label TEXT,
    year INTEGER,
    value REAL,
    low REAL,
    high REAL,
    raw TEXT,
    flags TEXT,
    major_import_sources TEXT,
    sources_period TEXT,
    import_share_order INTEGER,
    note TEXT,
    major_import_sources_raw TEXT
);
CREATE TABLE end_uses (
    source_id TEXT,
    edition INTEGER,
    commodity_id TEXT,
    mineral TEXT,
    applications TEXT,
    note TEXT
);
CREATE TABLE ree_history (
    source_id TEXT,
    table_id TEXT,
    statistic TEXT,
    country_iso3 TEXT,
    place_kind TEXT,
    country_label TEXT,
    year INTEGER,
    unit TEXT,
    value REAL,
    raw TEXT,
    flags TEXT,
    note TEXT
);
CREATE TABLE trade_flows (
    source_id TEXT,
    reporter_iso3 TEXT,
    reporter_label TEXT,
    partner_iso3 TEXT,
    partner_kind TEXT,
    partner_label TEXT,
    flow TEXT,
    hs_code TEXT,
    hs_level INTEGER,
    classification TEXT,
    year INTEGER,
    month INTEGER,
    period TEXT,
    value_usd REAL,
    value_basis TEXT,
    quantity REAL,
    quantity_unit TEXT,
    net_weight_kg REAL,
    flags TEXT
);
CREATE TABLE mexico_trade_balance (
    source_id TEXT,
    year INTEGER,
    month INTEGER,
    type TEXT,
    concept TEXT,
    value_usd_millions REAL,
    status TEXT
);
CREATE TABLE claims_register (
    source_id TEXT,
    entry INTEGER,
    claim_group TEXT,
    claim_paraphrased TEXT,
    figure TEXT,
    unit TEXT,
    originator TEXT,
    published_by TEXT,
    url TEXT,
    date TEXT,
    notes TEXT
);
CREATE TABLE claims_register_translations (
    source_id TEXT,
    entry INTEGER,
    lang TEXT,
    originator TEXT,
    claim_paraphrased TEXT
);
CREATE TABLE list_member_names (
    name_en TEXT,
    name_es TEXT,
    name_fr TEXT,
    basis TEXT,
    source_id TEXT
);
CREATE TABLE iea_outlook (
    source_id TEXT,
    dataset TEXT,
    mineral TEXT,
    scenario TEXT,
    category TEXT,
    item TEXT,
    year INTEGER,
    value REAL,
    unit TEXT,
    note TEXT
);
CREATE INDEX ix_world_commodity ON world_production(commodity_id, measure, edition, year);
CREATE INDEX ix_world_country ON world_production(country_iso3, edition);
CREATE INDEX ix_salient_commodity ON us_salient(commodity_id, edition, statistic);
CREATE INDEX ix_import_sources ON us_import_sources(commodity_id);
CREATE INDEX ix_import_sources_country ON us_import_sources(country_iso3);
CREATE INDEX ix_reliance ON us_import_reliance(commodity_id, edition);
CREATE INDEX ix_members_commodity ON critical_list_members(commodity_id);
CREATE INDEX ix_commodity_hs ON commodity_hs(commodity_id);
CREATE INDEX ix_commodity_hs_code ON commodity_hs(hs_code);
CREATE INDEX ix_trade_reporter ON trade_flows(reporter_iso3, partner_iso3, hs_code, year);
CREATE INDEX ix_trade_partner ON trade_flows(partner_iso3, reporter_iso3);
CREATE INDEX ix_trade_hs ON trade_flows(hs_code, year);
CREATE INDEX ix_commodity_aliases ON commodity_aliases(commodity_id);
CREATE INDEX ix_country_aliases ON country_aliases(iso3);
CREATE INDEX ix_ree_history ON ree_history(statistic, year);
CREATE INDEX ix_hs_parent ON hs_codes(parent);
CREATE INDEX ix_hs_code ON hs_codes(hs_code);
CREATE INDEX ix_end_uses ON end_uses(commodity_id);
CREATE TABLE search_items (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,        -- commodity | element | country | hs
    key TEXT NOT NULL,         -- commodity_id, element symbol, ISO3 or HS code
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL,
    names TEXT NOT NULL,       -- names in English, Spanish and French, and aliases
    codes TEXT NOT NULL,       -- symbols, ISO codes, HS codes in every written form
    rank_boost REAL NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    names, codes, content='search_items', content_rowid='rowid',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-'",
    prefix = '2 3 4'
);
