-- Version 15: phones that meet without a network (ADR 0011).
-- Items this phone carries for the server, sealed by their authors to the server's box key: it
-- cannot read them, and hands them to the server at its next sync and to phones it meets. `hash`
-- is the key its author gave it (a hash over its changes' hashes), so meeting twice keeps one.
CREATE TABLE carried (
    hash BLOB PRIMARY KEY,
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
