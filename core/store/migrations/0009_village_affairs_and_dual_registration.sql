-- Version 9: the seed's village-affairs supervision (三单、三员、一平台) and 双报到.
-- Each village's list items, with whether they are public and done; supervisors' findings;
-- public notices; work units' and in-service members' registrations with communities; and
-- co-building contracts. Filled by the projections; the rebuild fills them for held records.
CREATE TABLE affairs_items (
    list TEXT NOT NULL,
    item TEXT NOT NULL,
    village TEXT NOT NULL,
    list_kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    text TEXT NOT NULL,
    side TEXT,
    public INTEGER NOT NULL,
    done INTEGER NOT NULL,
    done_at INTEGER,
    PRIMARY KEY (list, item)
) WITHOUT ROWID;
CREATE INDEX affairs_items_village ON affairs_items(village, year, list_kind);

CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    village TEXT NOT NULL,
    lens TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    list TEXT,
    item TEXT,
    answered INTEGER NOT NULL,
    outcome TEXT
) WITHOUT ROWID;
CREATE INDEX findings_village ON findings(village, at);

CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    village TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    written_at INTEGER NOT NULL,
    published_at INTEGER
) WITHOUT ROWID;
CREATE INDEX notices_village ON notices(village, published_at);

CREATE TABLE registrations (
    id TEXT PRIMARY KEY,
    community TEXT NOT NULL,
    unit TEXT NOT NULL,
    member TEXT,
    year INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX registrations_community ON registrations(community, year);

CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    community TEXT NOT NULL,
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    commitments INTEGER NOT NULL,
    fulfilled INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX contracts_community ON contracts(community, year);

INSERT INTO meta(key, value) VALUES ('projections_dirty', '1')
    ON CONFLICT(key) DO UPDATE SET value = '1';
