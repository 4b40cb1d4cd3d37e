-- Version 15: phones that meet without a network (ADR 0011).
-- Items this phone carries for the server, sealed by their authors to the server's box key: it
-- cannot read them, and hands them to the server at its next sync and to phones it meets. `id`
-- is a hash of the sealed bytes (the same item met twice is kept once); `key` the one its author
-- gave it (a hash over its changes' hashes), by which a phone knows its own outbox handed back.
CREATE TABLE carried (
    id BLOB PRIMARY KEY,
    key BLOB NOT NULL,
    sealed BLOB NOT NULL,
    received_at INTEGER NOT NULL
);
-- Changes applied from a phone met, until the server sends the same change: shown as not yet
-- confirmed by the server.
CREATE TABLE unconfirmed (
    hash BLOB PRIMARY KEY,
    doc TEXT NOT NULL,
    device TEXT NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX unconfirmed_by_doc ON unconfirmed(doc);
-- This phone's own outbox as it last sealed it, kept while the outbox is unchanged so that phones
-- it meets again receive the same bytes and keep one copy.
CREATE TABLE own_sealed (
    key BLOB PRIMARY KEY,
    sealed BLOB NOT NULL
);
-- The server's signed bundles of units this phone fetched or applied, newest per unit: offered
-- to phones it meets that read the unit.
CREATE TABLE unit_bundles (
    org BLOB PRIMARY KEY,
    created_at INTEGER NOT NULL,
    bytes BLOB NOT NULL
);
